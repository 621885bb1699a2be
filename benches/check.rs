//! Answering a check statement, the store write included, on the bundled content.
//!
//! - `check/answer_and_draw`: with the Backup Codes check open at 80x24, `m` (Myth) and a
//!   draw, then `8` (80 % sure) and a draw of the reveal: the keys a user presses for one
//!   answer and the two frames they see;
//! - `check/store_write`: writing that answer to a real store in a temporary folder, as the
//!   event loop does after the keys: one SQLite transaction (WAL mode) that records the answer
//!   and advances the statement's review card;
//! - `check/answer_end_to_end`: both;
//! - `check/stats_10000_answers`: the statistics each answer recomputes (`Stats::compute`),
//!   over a history of 10,000 answers.
//!
//! Between iterations, untimed, Enter moves on to the next statement, and the check starts
//! again when every statement has been answered. A store write waits for the disk to confirm
//! the commit, so its figure depends on the disk more than on lexicon.
//!
//! Run with `cargo bench --bench check`.

use criterion::Criterion;
use lexicon::content::load_bundled;
use lexicon::quiz::{AnswerRecord, Confidence, Statement, Stats, Verdict, statements_for};
use lexicon::store::Store;
use lexicon::ui::app::{App, Effect, Remembered};
use lexicon::ui::check::CheckPhase;
use lexicon::ui::keymap::Action;
use lexicon::ui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;
const TERM: &str = "backup-codes";

fn main() {
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let folder = temporary_folder();
    let mut bench = Answering::new(&folder);

    let mut group = criterion.benchmark_group("check");
    group.bench_function("answer_and_draw", |b| {
        b.iter_custom(|iterations| {
            (0..iterations)
                .map(|_| {
                    bench.ready();
                    let started = Instant::now();
                    bench.answer();
                    let took = started.elapsed();
                    bench.app.take_effects();
                    took
                })
                .sum()
        })
    });
    group.bench_function("store_write", |b| {
        b.iter_custom(|iterations| {
            (0..iterations)
                .map(|_| {
                    bench.ready();
                    bench.answer();
                    let started = Instant::now();
                    bench.write();
                    started.elapsed()
                })
                .sum()
        })
    });
    group.bench_function("answer_end_to_end", |b| {
        b.iter_custom(|iterations| {
            (0..iterations)
                .map(|_| {
                    bench.ready();
                    let started = Instant::now();
                    bench.answer();
                    bench.write();
                    started.elapsed()
                })
                .sum()
        })
    });
    // The statistics an answer recomputes, over a long history: 10,000 answers (ten a day
    // for nearly three years), on the bundled terms and their tags.
    let history = long_history(&bench.app, HISTORY);
    let library = std::sync::Arc::clone(bench.app.library());
    group.bench_function("stats_10000_answers", |b| {
        b.iter(|| {
            Stats::compute(
                &history,
                |id| library.get(id).map_or(&[][..], |entry| entry.tags.as_slice()),
                &chrono::Local,
            )
        })
    });
    group.finish();
    criterion.final_summary();
    drop(bench);
    let _ = std::fs::remove_dir_all(&folder);
}

/// How many answers `check/stats_10000_answers` computes over.
const HISTORY: usize = 10_000;

/// `count` answers to every statement of the bundled lessons in turn, ten a day, two in
/// three right, at confidences taken in turn from every level, first attempts and repeats
/// as they would come.
fn long_history(app: &App, count: usize) -> Vec<AnswerRecord> {
    let statements: Vec<Statement> = app
        .library()
        .entries()
        .iter()
        .flat_map(|entry| {
            let body = app.library().body(entry).expect("bundled bodies are held");
            statements_for(entry, &body)
        })
        .collect();
    let start = chrono::Utc::now() - chrono::Duration::days((count / 10) as i64);
    (0..count)
        .map(|i| {
            let statement = &statements[i % statements.len()];
            let answer = match (i % 3, statement.answer) {
                (0, Verdict::Myth) => Verdict::Fact,
                (0, Verdict::Fact) => Verdict::Myth,
                (_, right) => right,
            };
            let confidence = Confidence::ALL[i % Confidence::ALL.len()];
            let at = start + chrono::Duration::minutes((i * 144) as i64);
            let attempt = u32::try_from(i / statements.len() + 1).expect("few attempts");
            AnswerRecord::new(statement, (answer, confidence), at, "bench", attempt)
        })
        .collect()
}

/// A folder of its own under the system's temporary folder.
fn temporary_folder() -> PathBuf {
    let folder = std::env::temp_dir().join(format!("lexicon-bench-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("a temporary folder");
    folder
}

/// The app with a check open, its terminal, and the store its answers go to.
struct Answering {
    app: App,
    terminal: Terminal<TestBackend>,
    store: Store,
}

impl Answering {
    fn new(folder: &std::path::Path) -> Answering {
        let store = Store::open_in(Some(folder.to_path_buf()))
            .expect("the store opens")
            .into_store()
            .expect("a writable store");
        let mut app = App::new(load_bundled(), Some(TERM.to_owned()));
        app.resize(WIDTH, HEIGHT);
        app.start_check(TERM);
        let terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test terminal");
        Answering { app, terminal, store }
    }

    /// Puts the check on a statement waiting for Myth or Fact, and draws it.
    fn ready(&mut self) {
        let phase = self.app.check().map(|check| check.phase);
        match phase {
            Some(CheckPhase::Judge) => {}
            Some(CheckPhase::Reveal { .. }) => self.app.update(Action::Activate),
            _ => self.app.start_check(TERM),
        }
        if self.app.check().map(|check| check.phase) == Some(CheckPhase::Summary) {
            self.app.start_check(TERM);
        }
        // Every answer recomputes the statistics over the history; iterations must not make
        // it grow, or the figure would depend on how many ran. A long history has its own
        // benchmark, check/stats_10000_answers.
        let mut progress = self.app.progress().clone();
        progress.answers.clear();
        let journey_read = self.app.journey_read().clone();
        self.app.load_progress(progress, journey_read, Remembered::default());
        self.app.set_now(chrono::Utc::now());
        self.draw();
    }

    /// Myth, a frame, 80 % sure, a frame, Enter, the reveal's frame.
    fn answer(&mut self) {
        self.app.update(Action::Judge(Verdict::Myth));
        self.draw();
        self.app
            .update(Action::Confidence(Confidence::from_key('8').expect("8 means 80 %")));
        self.draw();
        self.app.update(Action::Activate);
        self.draw();
    }

    /// Writes the answer `answer` queued, as the event loop does.
    fn write(&mut self) {
        for effect in std::mem::take(&mut self.app.effects()) {
            if let Effect::RecordAnswer(record) = effect {
                self.store.record_answer(record).expect("the answer is saved");
            }
        }
    }

    fn draw(&mut self) {
        self.terminal
            .draw(|frame| view::draw(&self.app, frame))
            .expect("a frame");
    }
}
