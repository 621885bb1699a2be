//! A search keystroke: match, rank and draw the result list.
//!
//! For 1k, 10k, 30k and 100k generated entries (`examples/gen_corpus.rs`, seed 1):
//! - `keystroke/N/first`: the search box is open and empty, and `r` is typed: the
//!   keystroke that matches the most entries;
//! - `keystroke/N/fourth`: the box holds `rec` and `o` is typed;
//! - `match_only/N/reco`: `SearchIndex::search("reco")` alone, from scratch (no narrowing
//!   from `rec`, as after a paste), without the app or the draw;
//! - `scroll_past/N/see`: the box holds `see`, of which a keystroke ranked only the best
//!   256, and Page Down comes near the end of those: the key that ranks the rest, and the
//!   frame after it.
//!
//! A keystroke is `app.update(Action::Type(c))` followed by `view::draw` of the whole screen
//! (search takes the whole screen) on a 120x40 ratatui `TestBackend`, the same
//! work the event loop does between reading a key and the next frame. Between iterations
//! the search box and the searcher's memory of earlier queries are put back as they were
//! after typing the earlier keys, untimed, so no iteration reuses the previous one's result.
//!
//! - `percentiles/N`: a few whole queries typed one key at a time from an empty box, every
//!   keystroke timed: criterion reports a round (every key of every query), and after
//!   criterion the keys' own times, from every round it ran, give p50, p95, p99 and max per
//!   size (the goals are p99 and p95) and the slowest keys.
//!
//! A size's library is built the first time one of its benchmarks runs, so a filter that
//! selects none of them (`-- 1000/`) builds none of the others.
//!
//! The library is built in memory from the generated YAML by `content::load`, in chunks
//! of 250 files spread over the cores, which is the quickest way to a 100k library: search
//! reads only titles, aliases, ids, tags and definitions, which chunking does not change
//! (only the checks across files, such as links, see less).
//!
//! Run with `cargo bench --bench search`, or e.g. `cargo bench --bench search -- 1000/`.

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use criterion::{Criterion, SamplingMode};
use lexicon::content::{self, Contents, Library, LoadReport, SourceFile, loader::FileKind};
use lexicon::ui::app::App;
use lexicon::ui::keymap::Action;
use lexicon::ui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::cell::{LazyCell, RefCell};
use std::hint::black_box;
use std::time::{Duration, Instant};

const SEED: u64 = 1;
const SIZES: [usize; 4] = [1_000, 10_000, 30_000, 100_000];
const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;
/// Queries typed key by key in the percentile pass.
const QUERIES: [&str; 4] = ["recovery", "token rot", "phish", "seed phrase"];
/// How many of the slowest keys the percentile pass names.
const SLOWEST_SHOWN: usize = 6;

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let mut percentiles = Vec::new();
    for n in SIZES {
        // Built the first time a benchmark of this size runs: criterion calls a benchmark's
        // closure only when its filter selects it, so a size none of them wants is never built.
        let keystrokes = LazyCell::new(|| {
            let started = Instant::now();
            let library = build_library(n);
            eprintln!(
                "built a library of {n} entries in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            let bench = Keystrokes::new(library);
            // Built now, untimed, as the search thread builds it at start.
            bench.app.search_index().get();
            RefCell::new(bench)
        });

        let slow = n >= 10_000;
        let mut group = criterion.benchmark_group("keystroke");
        configure(&mut group, slow);
        // Times `key` typed after `before`, each time from the state after `before`.
        let typed = |group: &mut criterion::BenchmarkGroup<'_, _>, name: &str, before, key| {
            let prepared = LazyCell::new(|| keystrokes.borrow_mut().prepare(before));
            group.bench_function(format!("{n}/{name}"), |b| {
                let prepared = LazyCell::force(&prepared);
                let mut bench = keystrokes.borrow_mut();
                b.iter_custom(|iterations| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iterations {
                        bench.restore(prepared);
                        total += bench.keystroke(key);
                    }
                    total
                });
            });
        };
        typed(&mut group, "first", "", 'r');
        typed(&mut group, "fourth", "rec", 'o');
        group.finish();

        let mut group = criterion.benchmark_group("match_only");
        configure(&mut group, slow);
        group.bench_function(format!("{n}/reco"), |b| {
            let bench = keystrokes.borrow();
            b.iter(|| black_box(bench.app.search_index().get().search("reco")))
        });
        group.finish();

        let mut group = criterion.benchmark_group("scroll_past");
        configure(&mut group, slow);
        let prepared = LazyCell::new(|| keystrokes.borrow_mut().prepare("see"));
        group.bench_function(format!("{n}/see"), |b| {
            let prepared = LazyCell::force(&prepared);
            let mut bench = keystrokes.borrow_mut();
            b.iter_custom(|iterations| {
                let mut total = Duration::ZERO;
                for _ in 0..iterations {
                    bench.restore(prepared);
                    total += bench.page_down_past_ranked();
                }
                total
            });
        });
        group.finish();

        // Every query typed key by key from an empty box, each key timed: criterion times
        // the rounds, and every key's time is kept for the percentiles printed at the end.
        let mut group = criterion.benchmark_group("percentiles");
        group
            .warm_up_time(Duration::from_secs(1))
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .measurement_time(Duration::from_secs(10));
        let mut by_key = KeyTimes::default();
        group.bench_function(n.to_string(), |b| {
            let mut bench = keystrokes.borrow_mut();
            b.iter_custom(|rounds| (0..rounds).map(|_| bench.type_queries(&mut by_key)).sum());
        });
        group.finish();
        if !by_key.is_empty() {
            percentiles.push((n, Stats::of_keys(by_key)));
        }
    }
    criterion.final_summary();
    if !percentiles.is_empty() {
        println!("\nsearch keystroke (update + draw at {WIDTH}x{HEIGHT}), every key of {QUERIES:?}:");
        println!(
            "{:>8} {:>6} {:>10} {:>10} {:>10} {:>10}",
            "entries", "keys", "p50", "p95", "p99", "max"
        );
        for (n, stats) in &percentiles {
            println!(
                "{n:>8} {:>6} {:>8.2}ms {:>8.2}ms {:>8.2}ms {:>8.2}ms",
                stats.count, stats.p50, stats.p95, stats.p99, stats.max
            );
        }
        println!("\nslowest keys (median over the rounds; the key is the last character):");
        for (n, stats) in &percentiles {
            let keys: Vec<String> = stats
                .slowest
                .iter()
                .map(|(query, ms)| format!("{query:?} {ms:.2}ms"))
                .collect();
            println!("{n:>8}  {}", keys.join(", "));
        }
    }
}

fn configure(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, slow: bool) {
    group.warm_up_time(Duration::from_secs(1));
    if slow {
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .measurement_time(Duration::from_secs(4));
    } else {
        group.sample_size(30).measurement_time(Duration::from_secs(3));
    }
}

/// Loads the generated corpus of `n` entries in chunks, on every core.
fn build_library(n: usize) -> Library {
    let files: Vec<SourceFile> = gen_corpus::corpus_files(n, SEED)
        .into_iter()
        .filter(|(path, _)| path.starts_with("terms"))
        .map(|(path, text)| SourceFile {
            path: path.display().to_string(),
            kind: FileKind::Term,
            contents: Contents::Bytes(Ok(text.into_bytes())),
        })
        .collect();
    let chunks: Vec<Vec<SourceFile>> = files.chunks(250).map(<[SourceFile]>::to_vec).collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let per_thread = chunks.len().div_ceil(threads).max(1);
    let entries = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .chunks(per_thread)
            .map(|group| {
                scope.spawn(move || {
                    group
                        .iter()
                        .flat_map(|chunk| content::load(chunk.clone()).library.entries().to_vec())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a load thread"))
            .collect::<Vec<_>>()
    });
    assert_eq!(entries.len(), n, "every generated entry loads");
    Library::new(entries, Vec::new())
}

/// The app with the search box open, and a test terminal to draw it on.
struct Keystrokes {
    app: App,
    terminal: Terminal<TestBackend>,
}

impl Keystrokes {
    fn new(library: Library) -> Keystrokes {
        let report = LoadReport {
            library,
            ..LoadReport::default()
        };
        let mut app = App::new(report, None);
        app.resize(WIDTH, HEIGHT);
        app.update(Action::OpenSearch);
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
        terminal.draw(|frame| view::draw(&app, frame)).expect("draw");
        Keystrokes { app, terminal }
    }

    /// The app after typing `query`, to restore before each timed keystroke.
    fn prepare(&mut self, query: &str) -> App {
        self.app.update(Action::Escape);
        self.app.update(Action::OpenSearch);
        for c in query.chars() {
            self.app.update(Action::Type(c));
        }
        self.terminal.draw(|frame| view::draw(&self.app, frame)).expect("draw");
        self.app.clone()
    }

    /// Puts the app back as `prepared` and draws it, so the timed frame is diffed against
    /// the screen as it was before the key, as in the real loop.
    fn restore(&mut self, prepared: &App) {
        self.app = prepared.clone();
        self.terminal.draw(|frame| view::draw(&self.app, frame)).expect("draw");
    }

    /// Types `c` and draws the next frame; returns the time both took.
    fn keystroke(&mut self, c: char) -> Duration {
        let started = Instant::now();
        self.app.update(Action::Type(c));
        self.terminal.draw(|frame| view::draw(&self.app, frame)).expect("draw");
        started.elapsed()
    }

    /// Moves the selection, untimed, to where the next Page Down comes within reach of the
    /// end of the ranked results, then presses it and draws; returns the time both took.
    fn page_down_past_ranked(&mut self) -> Duration {
        let (list, _) = lexicon::ui::layout::search_list_area(WIDTH, HEIGHT, 0);
        let page = usize::from(list.height);
        let search = self.app.search().expect("the search box is open");
        assert!(
            !search.results.is_complete(),
            "`see` matches more than a keystroke ranks"
        );
        let target = search.results.ranked().len().saturating_sub(3 * page);
        while self.app.search().is_some_and(|search| search.selected < target) {
            self.app.update(Action::Down);
        }
        let started = Instant::now();
        self.app.update(Action::PageDown);
        self.terminal.draw(|frame| view::draw(&self.app, frame)).expect("draw");
        let time = started.elapsed();
        let search = self.app.search().expect("the search box is open");
        assert!(search.results.is_complete(), "the rest were ranked");
        time
    }

    /// Types every query key by key from an empty box, once, timing each key: adds each
    /// key's time to `by_key` and returns their sum.
    fn type_queries(&mut self, by_key: &mut KeyTimes) -> Duration {
        let mut total = Duration::ZERO;
        for query in QUERIES {
            self.prepare("");
            for (at, c) in query.char_indices() {
                let time = self.keystroke(c);
                by_key
                    .entry(query[..at + c.len_utf8()].to_owned())
                    .or_default()
                    .push(time);
                total += time;
            }
        }
        total
    }
}

/// Each key's times, by the query it completes ("r", "re", ... "recovery").
type KeyTimes = std::collections::BTreeMap<String, Vec<Duration>>;

struct Stats {
    count: usize,
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
    /// The keys with the slowest median, as the query they complete and that median: the
    /// ones that set the tail.
    slowest: Vec<(String, f64)>,
}

impl Stats {
    /// The percentiles of every key's times, and the keys with the slowest median.
    fn of_keys(by_key: KeyTimes) -> Stats {
        let times = by_key.values().flatten().copied().collect();
        let mut medians: Vec<(String, f64)> = by_key
            .into_iter()
            .map(|(query, times)| (query, Stats::of(times).p50))
            .collect();
        medians.sort_by(|a, b| b.1.total_cmp(&a.1));
        medians.truncate(SLOWEST_SHOWN);
        Stats {
            slowest: medians,
            ..Stats::of(times)
        }
    }

    /// Nearest-rank percentiles, in milliseconds.
    fn of(mut times: Vec<Duration>) -> Stats {
        times.sort();
        let at = |p: f64| {
            let rank = ((p / 100.0) * times.len() as f64).ceil() as usize;
            times[rank.clamp(1, times.len()) - 1].as_secs_f64() * 1e3
        };
        Stats {
            count: times.len(),
            p50: at(50.0),
            p95: at(95.0),
            p99: at(99.0),
            max: at(100.0),
            slowest: Vec::new(),
        }
    }
}
