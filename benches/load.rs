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
//! `<target>/bench-corpus/<N>/`, then reused while the generator's output is unchanged. A
//! size's corpus, and the cache made of it, are made the first time one of its benchmarks
//! runs, so a filter that selects none of them (`-- bundled`) makes none. A test run
//! (`-- --test`, or `cargo test --benches`) checks the 1k folder only.
//!
//! Run with `cargo bench --bench load`, or `cargo bench --bench load -- bundled` for one.

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use criterion::{Criterion, SamplingMode};
use lexicon::cache::CacheUse;
use lexicon::content::{self, LoadReport, loader};
use lexicon::ui::app::App;
use lexicon::ui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::cell::LazyCell;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SEED: u64 = 1;
const SIZES: [usize; 3] = [1_000, 10_000, 30_000];

fn main() {
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
    // `cargo test --benches` passes no `--bench`; `cargo bench -- --test` passes both.
    let testing = std::env::args().any(|arg| arg == "--test") || !std::env::args().any(|arg| arg == "--bench");
    for n in SIZES.into_iter().filter(|&n| !testing || n == 1_000) {
        let dir = LazyCell::new(|| {
            let dir = corpus_dir(n);
            if gen_corpus::ensure(n, &dir, SEED).expect("the corpus can be written") {
                eprintln!("generated {n} entries in {}", dir.display());
            }
            dir
        });
        let mut group = criterion.benchmark_group("load");
        configure_slow(&mut group, full_parse_time(n));
        group.bench_function(format!("folder/{n}"), |b| {
            let dir = LazyCell::force(&dir);
            b.iter(|| black_box(load_folder(dir)))
        });
        // The same folder on top of the bundled lessons (`--with-bundled`), which is never
        // served from the parsed cache.
        group.bench_function(format!("layered/{n}"), |b| {
            let dir = LazyCell::force(&dir);
            b.iter(|| black_box(content::load_with_bundled(dir).expect("the generated corpus can be read")))
        });
        group.finish();
        let mut group = criterion.benchmark_group("first_frame");
        configure_slow(&mut group, full_parse_time(n));
        group.bench_function(format!("folder/{n}"), |b| {
            let dir = LazyCell::force(&dir);
            b.iter(|| black_box(first_frame(load_folder(dir))))
        });
        group.finish();

        bench_cached(criterion, n, &dir);

        let loaded = LazyCell::new(|| {
            let report = load_folder(&dir);
            let library = &report.library;
            let id = library.entries()[library.entries().len() / 2].id.clone();
            (report, id)
        });
        let mut group = criterion.benchmark_group("linked_from");
        group
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(2));
        group.bench_function(n.to_string(), |b| {
            let (report, id) = LazyCell::force(&loaded);
            b.iter(|| black_box(report.library.linked_from(black_box(id))))
        });
        group.finish();
    }
}

/// About how long a full parse of `n` generated entries takes (some 65 µs an entry on the
/// machine of `docs/PERFORMANCE.md`), to give its benchmarks time for ten samples.
fn full_parse_time(n: usize) -> Duration {
    Duration::from_micros(65 * n as u64)
}

/// `load/cached/N` and `first_frame/cached/N`: loads that hit the folder's cache, kept in
/// `<target>/bench-cache/<N>/`.
fn bench_cached(criterion: &mut Criterion, n: usize, dir: &LazyCell<PathBuf, impl FnOnce() -> PathBuf>) {
    let cache_dir = corpus_dir(n).with_file_name(format!("bench-cache-{n}"));
    let load = || lexicon::cache::load_folder(dir, Some(&cache_dir)).expect("the corpus can be listed");
    // Made the first time a benchmark wants it. A corpus written a moment ago is inside the
    // racy window, and no cache is written until it has settled.
    let cached = LazyCell::new(|| {
        if load().1 == CacheUse::NotWritten {
            std::thread::sleep(lexicon::cache::RACY_WINDOW);
            load();
        }
        let (_, used) = load();
        assert_eq!(used, CacheUse::Hit, "the cache of {} is used", dir.display());
    });
    // A load from the cache takes some 4 µs an entry there.
    let one = Duration::from_micros(4 * n as u64);
    let mut group = criterion.benchmark_group("load");
    configure_slow(&mut group, one);
    group.bench_function(format!("cached/{n}"), |b| {
        LazyCell::force(&cached);
        b.iter(|| black_box(load()))
    });
    group.finish();
    let mut group = criterion.benchmark_group("first_frame");
    configure_slow(&mut group, one);
    group.bench_function(format!("cached/{n}"), |b| {
        LazyCell::force(&cached);
        b.iter(|| black_box(first_frame(load().0)))
    });
    group.bench_function(format!("preview/{n}"), |b| {
        LazyCell::force(&cached);
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

/// Ten samples for loads that take a noticeable time, measured for eleven times `one`, about
/// how long one load takes (at least 3 s).
fn configure_slow(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, one: Duration) {
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(one.clamp(Duration::from_millis(500), Duration::from_secs(3)))
        .measurement_time((one * 11).max(Duration::from_secs(3)));
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
