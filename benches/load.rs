//! Loading content, and start to first frame.
//!
//! - `load/bundled`: `content::load_bundled()`, the curriculum compiled into the binary;
//! - `load/folder/N`: `loader::read_folder` + `content::load` on N generated entries
//!   (1k, 10k, 30k), the work `lexicon --content DIR` does before anything is shown;
//! - `load/layered/N`: `content::load_with_bundled`, the same folder on top of the bundled
//!   lessons (`--with-bundled`), which never uses the parsed cache;
//! - `first_frame/...`: the same load, then `App::new`, `resize` and the first
//!   `view::draw` on a ratatui `TestBackend` at 80x24: start to first frame in-process;
//! - `load/cached/N` and `first_frame/cached/N`: the same from the folder's parsed cache
//!   (`lexicon::cache`), as every start after the first sees an unchanged folder: listing and
//!   stamping every file, then decoding the cache;
//! - `first_frame/preview/N`: from the parsed cache, up to the home drawn from the cache's
//!   preview (at 80x24), which the reader shows while the rest of the cache is decoded: listing
//!   and stamping every file, reading and checking the cache's head, and drawing. The rest of
//!   each load runs too, untimed;
//! - `linked_from/N`: `Library::linked_from` for one entry of the loaded folder, what the map
//!   (`m`) asks each time it opens.
//!
//! Corpora come from `examples/gen_corpus.rs` (seed 1) and are written once into
//! `<target>/bench-corpus/<N>/`, then reused while the generator's output is unchanged.
//!
//! A load that takes minutes cannot be sampled ten times in a reasonable run. Before
//! sampling a folder, one load is timed in a child process; if it does not finish within
//! `LEXICON_BENCH_BUDGET_SECS` (default 20) seconds, the child is stopped and the benchmark
//! is skipped with a message saying so. Raise the budget to measure it anyway.
//!
//! Run with `cargo bench --bench load`, or `cargo bench --bench load -- bundled` for one.

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

#[path = "common/filter.rs"]
mod filter;

use criterion::{Criterion, SamplingMode};
use filter::Filter;
use lexicon::cache::CacheUse;
use lexicon::content::{self, LoadReport, loader};
use lexicon::ui::app::App;
use lexicon::ui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SEED: u64 = 1;
const SIZES: [usize; 3] = [1_000, 10_000, 30_000];
/// Set in the child process that times one load: the folder to load.
const PILOT_ENV: &str = "LEXICON_BENCH_PILOT_DIR";
const BUDGET_ENV: &str = "LEXICON_BENCH_BUDGET_SECS";

fn main() {
    if let Some(dir) = std::env::var_os(PILOT_ENV) {
        let started = Instant::now();
        let report = load_folder(Path::new(&dir));
        println!("{} {}", started.elapsed().as_secs_f64(), report.library.entries().len());
        return;
    }
    let mut criterion = Criterion::default().configure_from_args();
    bench_bundled(&mut criterion);
    bench_folders(&mut criterion);
    criterion.final_summary();
}

fn load_folder(dir: &Path) -> LoadReport {
    let files = loader::read_folder(dir).expect("the generated corpus can be read");
    content::load(files)
}

/// Start to first frame, in-process: the app state built from a load, one resize and one
/// draw on an 80x24 test terminal.
fn first_frame(report: LoadReport) -> Terminal<TestBackend> {
    let mut app = App::new(report, None);
    app.resize(80, 24);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal.draw(|frame| view::draw(&app, frame)).expect("draw");
    terminal
}

fn bench_bundled(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("load");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("bundled", |b| b.iter(|| black_box(content::load_bundled())));
    group.finish();

    let mut group = criterion.benchmark_group("first_frame");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("bundled", |b| {
        b.iter(|| black_box(first_frame(content::load_bundled())))
    });
    group.finish();
}

fn bench_folders(criterion: &mut Criterion) {
    let filter = Filter::from_args();
    for n in SIZES {
        let load_id = format!("load/folder/{n}");
        let frame_id = format!("first_frame/folder/{n}");
        let wanted = [
            load_id.clone(),
            frame_id.clone(),
            format!("linked_from/{n}"),
            format!("load/layered/{n}"),
            format!("load/cached/{n}"),
            format!("first_frame/cached/{n}"),
        ];
        if !wanted.iter().any(|id| filter.wants(id)) {
            continue;
        }
        // A test run (`cargo bench -- --test`) only checks that the benchmarks work.
        if filter.test_mode && n > 1_000 {
            continue;
        }
        let dir = corpus_dir(n);
        if gen_corpus::ensure(n, &dir, SEED).expect("the corpus can be written") {
            eprintln!("generated {n} entries in {}", dir.display());
        }
        let one = match pilot(&dir) {
            Pilot::Done(seconds) => seconds,
            Pilot::OverBudget(budget) => {
                eprintln!(
                    "{load_id} and {frame_id}: skipped, one load did not finish within {budget} s \
                     (set {BUDGET_ENV} to measure it)"
                );
                continue;
            }
        };
        eprintln!("{load_id}: one load took {one:.2} s");
        let mut group = criterion.benchmark_group("load");
        configure_slow(&mut group, one);
        group.bench_function(format!("folder/{n}"), |b| b.iter(|| black_box(load_folder(&dir))));
        // The same folder on top of the bundled lessons (`--with-bundled`), which is never
        // served from the parsed cache.
        group.bench_function(format!("layered/{n}"), |b| {
            b.iter(|| black_box(content::load_with_bundled(&dir).expect("the generated corpus can be read")))
        });
        group.finish();
        let mut group = criterion.benchmark_group("first_frame");
        configure_slow(&mut group, one);
        group.bench_function(format!("folder/{n}"), |b| {
            b.iter(|| black_box(first_frame(load_folder(&dir))))
        });
        group.finish();

        bench_cached(criterion, &filter, n, &dir);

        let report = load_folder(&dir);
        let library = &report.library;
        let id = library.entries()[library.entries().len() / 2].id.clone();
        let mut group = criterion.benchmark_group("linked_from");
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(2));
        group.bench_function(n.to_string(), |b| {
            b.iter(|| black_box(library.linked_from(black_box(&id))))
        });
        group.finish();
    }
}

/// `load/cached/N` and `first_frame/cached/N`: loads that hit the folder's cache, kept in
/// `<target>/bench-cache/<N>/`.
fn bench_cached(criterion: &mut Criterion, filter: &Filter, n: usize, dir: &Path) {
    let (load_id, frame_id) = (format!("load/cached/{n}"), format!("first_frame/cached/{n}"));
    let preview_id = format!("first_frame/preview/{n}");
    if !filter.wants(&load_id) && !filter.wants(&frame_id) && !filter.wants(&preview_id) {
        return;
    }
    let cache_dir = corpus_dir(n).with_file_name(format!("bench-cache-{n}"));
    let load = || lexicon::cache::load_folder(dir, Some(&cache_dir)).expect("the corpus can be listed");
    // A corpus written a moment ago is inside the racy window, and no cache is written
    // until it has settled.
    if load().1 == CacheUse::NotWritten {
        std::thread::sleep(lexicon::cache::RACY_WINDOW);
        load();
    }
    let started = Instant::now();
    let (_, used) = load();
    assert_eq!(used, CacheUse::Hit, "the cache of {} is used", dir.display());
    let one = started.elapsed().as_secs_f64();
    let mut group = criterion.benchmark_group("load");
    configure_slow(&mut group, one);
    group.bench_function(format!("cached/{n}"), |b| b.iter(|| black_box(load())));
    group.finish();
    let mut group = criterion.benchmark_group("first_frame");
    configure_slow(&mut group, one);
    group.bench_function(format!("cached/{n}"), |b| b.iter(|| black_box(first_frame(load().0))));
    group.bench_function(format!("preview/{n}"), |b| {
        b.iter_custom(|iterations| {
            let mut timed = Duration::ZERO;
            for _ in 0..iterations {
                let started = Instant::now();
                let mut drawn = None;
                let (_, used) = lexicon::cache::load_folder_previewing(dir, Some(&cache_dir), |preview| {
                    drawn = Some((preview_frame(preview), started.elapsed()));
                })
                .expect("the corpus can be listed");
                assert_eq!(used, CacheUse::Hit);
                let (terminal, took) = drawn.expect("a cache hit hands over a preview");
                black_box(terminal);
                timed += took;
            }
            timed
        })
    });
    group.finish();
}

/// The home drawn from a preview at 80x24, as the reader draws it while the library loads.
fn preview_frame(preview: content::summary::LibrarySummary) -> Terminal<TestBackend> {
    let home = lexicon::ui::home::PreviewedHome::new(
        preview,
        &Default::default(),
        &Default::default(),
        None,
        &[],
        None,
        chrono::Utc::now(),
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal
        .draw(|frame| view::draw_home_preview(frame, &home, 0, Default::default(), &Default::default()))
        .expect("draw");
    terminal
}

/// Ten samples of one iteration each for loads that take a noticeable time.
fn configure_slow(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, one: f64) {
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs_f64(one.clamp(0.5, 3.0)))
        .measurement_time(Duration::from_secs_f64((one * 11.0).max(3.0)));
}

enum Pilot {
    Done(f64),
    OverBudget(u64),
}

/// Times one load of `dir` in a child process, stopping it at the budget.
fn pilot(dir: &Path) -> Pilot {
    let budget: u64 = std::env::var(BUDGET_ENV)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(20);
    let exe = std::env::current_exe().expect("the bench binary's path");
    let mut child = Command::new(exe)
        .env(PILOT_ENV, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the pilot starts");
    let deadline = Instant::now() + Duration::from_secs(budget);
    loop {
        if let Some(status) = child.try_wait().expect("the pilot can be waited for") {
            assert!(status.success(), "the pilot load of {} failed", dir.display());
            let output = child.wait_with_output().expect("the pilot's output");
            let text = String::from_utf8_lossy(&output.stdout);
            let seconds = text
                .split_whitespace()
                .next()
                .and_then(|s| s.parse().ok())
                .expect("the pilot prints its time");
            return Pilot::Done(seconds);
        }
        if Instant::now() >= deadline {
            // Our own child, by its handle.
            let _ = child.kill();
            let _ = child.wait();
            return Pilot::OverBudget(budget);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `<target>/bench-corpus/<n>`, beside the bench binary's `release/` folder.
fn corpus_dir(n: usize) -> PathBuf {
    let exe = std::env::current_exe().expect("the bench binary's path");
    // <target>/release/deps/load-<hash>
    let target = exe
        .ancestors()
        .nth(3)
        .map_or_else(std::env::temp_dir, Path::to_path_buf);
    target.join("bench-corpus").join(n.to_string())
}
