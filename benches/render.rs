//! Drawing lesson frames on the bundled content.
//!
//! - `lesson_frame/80x24` and `lesson_frame/200x60`: `view::draw` of the Backup Codes lesson
//!   on a ratatui `TestBackend`, the state already sized with `App::resize` (so the layout
//!   is the cached one, as on every frame after the first);
//! - `scroll/80x24` and `scroll/200x60`: one `Action::Down` on the longest bundled lesson
//!   followed by a draw; at the bottom the lesson jumps back to the top (`Action::Top`);
//! - `wrap/80` and `wrap/200`: `Document::wrap` of the longest lesson, what a resize costs.
//!
//! After criterion, a percentile pass times single frames (draw only, and scroll + draw) at
//! 200x60 and prints p50, p95, p99 and max (the goal is a p99).
//!
//! Run with `cargo bench --bench render`.

use criterion::Criterion;
use lexicon::content::load_bundled;
use lexicon::lesson::lesson_document;
use lexicon::ui::app::App;
use lexicon::ui::keymap::Action;
use lexicon::ui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::time::{Duration, Instant};

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn main() {
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let long = longest_lesson();
    let test_mode =
        std::env::args().any(|a| a == "--test" || a == "--list") || !std::env::args().any(|a| a == "--bench");

    let mut group = criterion.benchmark_group("lesson_frame");
    for (width, height) in SIZES {
        let mut screen = Screen::new("backup-codes", width, height);
        group.bench_function(format!("{width}x{height}"), |b| b.iter(|| screen.draw()));
    }
    group.finish();

    let mut group = criterion.benchmark_group("scroll");
    for (width, height) in SIZES {
        let mut screen = Screen::new(&long, width, height);
        group.bench_function(format!("{width}x{height}"), |b| b.iter(|| screen.scroll_and_draw()));
    }
    group.finish();

    let mut group = criterion.benchmark_group("wrap");
    let report = load_bundled();
    let entry = report.library.get(&long).expect("the longest lesson exists");
    let document = lesson_document(entry, &report.library, &|_| true);
    for width in [80usize, 200] {
        group.bench_function(width.to_string(), |b| {
            b.iter(|| black_box(document.wrap(black_box(width))))
        });
    }
    group.finish();
    criterion.final_summary();

    if !test_mode {
        let mut screen = Screen::new("backup-codes", 200, 60);
        let draw = percentiles(|| {
            let started = Instant::now();
            screen.draw();
            started.elapsed()
        });
        let mut screen = Screen::new(&long, 200, 60);
        let scroll = percentiles(|| {
            let started = Instant::now();
            screen.scroll_and_draw();
            started.elapsed()
        });
        println!("\nsingle frames at 200x60 (5000 each), longest lesson `{long}`:");
        println!("{:<24} {:>9} {:>9} {:>9} {:>9}", "", "p50", "p95", "p99", "max");
        for (name, p) in [("backup-codes draw", draw), ("scroll + draw", scroll)] {
            println!(
                "{name:<24} {:>7.3}ms {:>7.3}ms {:>7.3}ms {:>7.3}ms",
                p[0], p[1], p[2], p[3]
            );
        }
    }
}

/// The id of the bundled lesson with the most lines at 80 columns.
fn longest_lesson() -> String {
    let report = load_bundled();
    report
        .library
        .entries()
        .iter()
        .max_by_key(|entry| lesson_document(entry, &report.library, &|_| true).wrap(78).lines.len())
        .map(|entry| entry.id.clone())
        .expect("the bundled content has lessons")
}

/// An app showing a lesson, and a test terminal of the same size.
struct Screen {
    app: App,
    terminal: Terminal<TestBackend>,
}

impl Screen {
    fn new(id: &str, width: u16, height: u16) -> Screen {
        let mut app = App::new(load_bundled(), Some(id.to_owned()));
        app.resize(width, height);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        terminal.draw(|frame| view::draw(&app, frame)).expect("draw");
        Screen { app, terminal }
    }

    fn draw(&mut self) {
        self.terminal.draw(|frame| view::draw(&self.app, frame)).expect("draw");
    }

    /// One line down, or back to the top from the bottom, then a frame.
    fn scroll_and_draw(&mut self) {
        let before = self.app.lesson().map(|lesson| lesson.scroll);
        self.app.update(Action::Down);
        if self.app.lesson().map(|lesson| lesson.scroll) == before {
            self.app.update(Action::Top);
        }
        self.draw();
    }
}

/// p50, p95, p99 and max of 5000 timings, in milliseconds (nearest rank).
fn percentiles(mut time: impl FnMut() -> Duration) -> [f64; 4] {
    for _ in 0..200 {
        time();
    }
    let mut times: Vec<Duration> = (0..5000).map(|_| time()).collect();
    times.sort();
    let at = |p: f64| {
        let rank = ((p / 100.0) * times.len() as f64).ceil() as usize;
        times[rank.clamp(1, times.len()) - 1].as_secs_f64() * 1e3
    };
    [at(50.0), at(95.0), at(99.0), at(100.0)]
}
