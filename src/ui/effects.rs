//! Carries out the [`Effect`]s `update` asks for: progress to save, a web address to open,
//! text to copy. The event loop calls [`EffectRunner::apply`] after each input and
//! [`EffectRunner::receive`] while it waits.
//!
//! Saving never holds the reader up: the store is written on its own thread
//! ([`crate::store::writer`]), in order, and retried while another process holds its lock.
//! Until an answer is written it is pending ([`Saving::pending`]): its statement is not due,
//! and while the store is busy the status bar says how many answers wait. The card memory
//! scheduled for the answer is replaced by the one the store computed when it wrote it.

use super::app::{App, Effect, Progress, Remembered, setting};
use super::home;
use crate::quiz::StatementKey;
use crate::store::writer::{Done, Write, Writer};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::PathBuf;

/// What the reader knows of its writes, for the screen.
#[derive(Debug, Clone, Default)]
pub struct Saving {
    /// Answers handed to the store and not yet written, by statement and time.
    pub pending: Vec<(StatementKey, DateTime<Utc>)>,
    /// Why the store is not taking writes just now (another process holds its lock).
    pub waiting: Option<String>,
}

impl Saving {
    /// True when `key` has an answer that is not written yet.
    pub fn is_pending(&self, key: &StatementKey) -> bool {
        self.pending.iter().any(|(pending, _)| pending == key)
    }

    /// The status bar's word on saving: `None` unless answers are held back.
    pub fn status(&self) -> Option<String> {
        self.waiting.as_ref()?;
        match self.pending.len() {
            0 => None,
            1 => Some("1 answer not saved yet (the progress file is busy)".to_owned()),
            n => Some(format!("{n} answers not saved yet (the progress file is busy)")),
        }
    }

    fn written(&mut self, key: &StatementKey, at: DateTime<Utc>) {
        if let Some(index) = self
            .pending
            .iter()
            .position(|pending| pending.0 == *key && pending.1 == at)
        {
            self.pending.remove(index);
        }
    }
}

/// Carries out the effects `update` asks for: opens web addresses, copies text, and hands
/// progress to the store's writer thread, when progress is saved.
pub struct EffectRunner {
    writer: Option<Writer>,
}

/// Saved progress as read when the store opened, and what the user should know about the
/// store, for the app once it exists.
#[derive(Default)]
pub struct StoredProgress {
    pub progress: Progress,
    pub journey_read: HashMap<String, HashSet<String>>,
    pub remembered: Remembered,
    pub notices: Vec<String>,
}

impl StoredProgress {
    /// Hands the progress and the notices to the app.
    pub fn into_app(self, app: &mut App) {
        for notice in self.notices {
            app.add_notice(notice);
        }
        app.load_progress(self.progress, self.journey_read, self.remembered);
    }
}

impl EffectRunner {
    /// Opens the store, reads saved progress and, when progress is saved, starts the writer.
    /// Never fails: a store that cannot be used means a notice and a session not saved.
    pub fn open(data_dir: Option<PathBuf>) -> (EffectRunner, StoredProgress) {
        let mut stored = StoredProgress::default();
        let not_saving = EffectRunner { writer: None };
        let outcome = match Store::open_in(data_dir) {
            Ok(outcome) => outcome,
            Err(error) => {
                stored.notices.push(format!("Progress is not being saved: {error}"));
                return (not_saving, stored);
            }
        };
        if let Some(notice) = outcome.notice() {
            stored.notices.push(notice);
        }
        let saving = outcome.is_saving();
        let Some(store) = outcome.into_store() else {
            return (not_saving, stored);
        };
        match read_saved(&store) {
            Ok(read) => {
                stored.notices.extend(read.notices);
                stored.progress = read.progress;
                stored.journey_read = read.journey_read;
                stored.remembered = read.remembered;
            }
            Err(error) => stored
                .notices
                .push(format!("Saved progress could not be read: {error}")),
        }
        if !saving {
            return (not_saving, stored);
        }
        match Writer::start(store) {
            Ok(writer) => (EffectRunner { writer: Some(writer) }, stored),
            Err(error) => {
                stored.notices.push(format!("Progress is not being saved: {error}"));
                (not_saving, stored)
            }
        }
    }

    /// Carries out what `update` asked for. Every failure is shown, never stops the reader.
    pub fn apply(&mut self, app: &mut App) {
        for effect in std::mem::take(&mut app.effects) {
            let write = match effect {
                Effect::OpenUrl(url) => {
                    if let Err(error) = open_in_browser(&url) {
                        app.add_notice(format!("could not open {url}: {error}"));
                    }
                    continue;
                }
                Effect::Copy(text) => {
                    if let Err(error) = copy_to_clipboard(&text) {
                        app.add_notice(format!("could not copy: {error}"));
                    }
                    continue;
                }
                // The event loop takes it before; nothing to save.
                Effect::Suspend => continue,
                Effect::RecordAnswer(record) => {
                    if self.writer.is_some() {
                        app.saving.pending.push((record.key.clone(), record.answered_at));
                    }
                    Write::Answer(record)
                }
                // Practice moves no schedule, so its statement never waits on it.
                Effect::RecordPractice(record) => Write::Practice(record),
                Effect::MarkStepRead { journey, step } => Write::StepRead {
                    journey,
                    step,
                    at: app.now,
                },
                Effect::Remember { name, value } => Write::Setting {
                    name: name.to_owned(),
                    value,
                },
            };
            if let Some(writer) = &self.writer {
                writer.submit(write);
            }
        }
    }

    /// Takes what the writer has done since last asked. True when the screen should be
    /// drawn again.
    pub fn receive(&mut self, app: &mut App) -> bool {
        let Some(writer) = &self.writer else {
            return false;
        };
        let done = writer.finished();
        let any = !done.is_empty();
        for done in done {
            match done {
                Done::Answer { record, recorded } => {
                    app.saving.written(&record.key, record.answered_at);
                    app.saving.waiting = None;
                    app.adopt_recorded(&record, recorded);
                }
                Done::Practice { record, attempt } => {
                    app.saving.waiting = None;
                    app.adopt_attempt(&record, attempt);
                }
                Done::Written => app.saving.waiting = None,
                Done::Waiting { error } => app.saving.waiting = Some(error.to_string()),
                Done::Failed { write, error } => {
                    if let Write::Answer(record) | Write::Practice(record) = write {
                        app.saving.written(&record.key, record.answered_at);
                    }
                    app.add_notice(format!("Progress could not be saved: {error}"));
                }
            }
        }
        any
    }

    /// True while answers wait to be written and the store is not known to be busy: they
    /// should be back within a frame, so the loop looks often.
    pub fn expects_soon(&self, app: &App) -> bool {
        self.writer.is_some() && !app.saving.pending.is_empty() && app.saving.waiting.is_none()
    }

    /// Ends the writer after one last try at what it still holds. `Some` with a message when
    /// answers could not be saved.
    pub fn finish(self) -> Option<String> {
        let unsaved = self.writer?.finish();
        let answers = unsaved.iter().filter(|write| matches!(write, Write::Answer(_))).count();
        match answers {
            0 => None,
            1 => Some("1 answer could not be saved: the progress file stayed busy".to_owned()),
            n => Some(format!("{n} answers could not be saved: the progress file stayed busy")),
        }
    }
}

/// What the reader needs of a store it opens: answers and cards, journey steps read and the
/// remembered settings.
fn read_saved(store: &Store) -> Result<StoredProgress, StoreError> {
    let mut notices = Vec::new();
    let (cards, unreadable) = store.cards()?;
    if unreadable > 0 {
        notices.push(format!(
            "{unreadable} review cards could not be read and were skipped; \
             their statements start a new schedule when next answered"
        ));
    }
    let progress = Progress {
        answers: store.answers()?,
        cards: cards.into_iter().collect(),
    };
    let remembered = Remembered {
        last_lesson: store.setting(setting::LAST_LESSON)?,
        last_lesson_block: store
            .setting(setting::LAST_LESSON_BLOCK)?
            .and_then(|block| block.parse().ok())
            .unwrap_or(0),
        grouping: store
            .setting(setting::GROUPING)?
            .and_then(|name| home::Grouping::parse(&name)),
        last_query: store.setting(setting::LAST_QUERY)?.unwrap_or_default(),
    };
    Ok(StoredProgress {
        progress,
        journey_read: store.all_steps_read()?,
        remembered,
        notices,
    })
}

/// Opens a web address in the browser, without waiting for it. Only `http` and `https`
/// addresses ever get here (see `document::is_web_address`).
fn open_in_browser(url: &str) -> io::Result<()> {
    if !crate::document::is_web_address(url) {
        return Err(io::Error::other("only http and https addresses are opened"));
    }
    open::that_detached(url)
}

/// Puts `text` on the clipboard with the terminal's OSC 52 sequence: lexicon's own escape
/// sequence, written on the user's request. The text travels base64-encoded, so nothing in
/// it can act as a control sequence.
fn copy_to_clipboard(text: &str) -> io::Result<()> {
    use base64::Engine;
    use std::io::Write;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = io::stdout().lock();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_bundled;
    use crate::quiz::{AnswerRecord, Confidence, card_after};
    use chrono::{Duration, TimeZone};
    use std::time::Instant;

    fn answer(key: &StatementKey, at: DateTime<Utc>) -> AnswerRecord {
        AnswerRecord {
            answered_at: at,
            key: key.clone(),
            answer: key.side,
            confidence: Confidence::from_percent(80).unwrap(),
            correct: true,
            attempt: 1,
            session: Some("test".to_owned()),
        }
    }

    /// Answers an answer as the check does: memory schedules a provisional card and asks
    /// for the record to be written.
    fn give(app: &mut App, record: AnswerRecord) {
        let provisional = card_after(app.progress.cards.get(&record.key), &record);
        app.progress.cards.insert(record.key.clone(), provisional);
        app.progress.answers.push(record.clone());
        app.effects.push(Effect::RecordAnswer(record));
    }

    /// Takes what the writer does until `done` holds, for at most ten seconds.
    fn receive_until(effects: &mut EffectRunner, app: &mut App, done: impl Fn(&App) -> bool) {
        let start = Instant::now();
        while !done(app) {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(10),
                "the writer never got there"
            );
            effects.receive(app);
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    fn open_app(dir: &std::path::Path) -> (EffectRunner, App) {
        let (effects, stored) = EffectRunner::open(Some(dir.to_owned()));
        let mut app = App::new(load_bundled(), None);
        stored.into_app(&mut app);
        (effects, app)
    }

    /// Memory and the store used to schedule each answer from their own copy of the card,
    /// and drifted when a second process answered too. The store's card is the one kept,
    /// and so is its count of attempts.
    #[test]
    fn memory_adopts_the_card_and_attempt_the_store_records() {
        let dir = tempfile::tempdir().unwrap();
        let key: StatementKey = "totp#0/myth".parse().unwrap();
        let noon = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        let (mut effects, mut app) = open_app(dir.path());
        // A second process answers twice after this one read its progress.
        let mut other = Store::open(dir.path().join(crate::store::FILE_NAME))
            .unwrap()
            .into_store()
            .unwrap();
        other.record_answer(&answer(&key, noon)).unwrap();
        other.record_answer(&answer(&key, noon + Duration::hours(1))).unwrap();
        // This one answers, scheduling in memory from no card at all, as the check does.
        give(&mut app, answer(&key, noon + Duration::hours(2)));
        let provisional = app.progress.cards[&key].clone();
        effects.apply(&mut app);
        receive_until(&mut effects, &mut app, |app| app.saving.pending.is_empty());
        let stored = other.card(&key).unwrap().expect("the store has the card");
        assert_ne!(stored, provisional, "the store scheduled from the other process's card");
        assert_eq!(
            app.progress.cards.get(&key),
            Some(&stored),
            "memory adopted the store's card"
        );
        let attempts: Vec<u32> = app.progress.answers.iter().map(|answer| answer.attempt).collect();
        assert_eq!(attempts, [3], "the other process's two answers came first");
        assert!(!app.progress.answers[0].is_first_attempt());
    }

    /// Another process held the write lock for longer than the busy timeout: the reader
    /// froze, then lost the answer. Now the answer waits, in order, while the reader goes
    /// on; the status bar says so; its statement is not due; and it is written once the
    /// lock is let go.
    #[test]
    fn a_busy_store_holds_answers_in_order_and_writes_them_when_free() {
        let dir = tempfile::tempdir().unwrap();
        let (mut effects, mut app) = open_app(dir.path());
        let path = dir.path().join(crate::store::FILE_NAME);
        let locker = rusqlite::Connection::open(&path).unwrap();
        locker.execute_batch("BEGIN IMMEDIATE").unwrap();

        // A wrong answer, due again in minutes, then a second answer to another statement.
        let start = Utc::now();
        let first_key: StatementKey = "totp#0/myth".parse().unwrap();
        let second_key: StatementKey = "totp#1/myth".parse().unwrap();
        let mut wrong = answer(&first_key, start);
        wrong.correct = false;
        wrong.answer = crate::quiz::Verdict::Fact;
        give(&mut app, wrong);
        give(&mut app, answer(&second_key, start + Duration::seconds(5)));
        effects.apply(&mut app);
        // `apply` came back with both answers still unwritten: the reader did not wait.
        assert_eq!(app.saving.pending.len(), 2);
        receive_until(&mut effects, &mut app, |app| app.saving.waiting.is_some());
        assert_eq!(
            app.saving.status().as_deref(),
            Some("2 answers not saved yet (the progress file is busy)")
        );
        // Pending answers are not due, even once their memory cards would be.
        app.now = start + Duration::days(2);
        assert!(app.due_keys().is_empty(), "{:?}", app.due_keys());

        locker.execute_batch("COMMIT").unwrap();
        receive_until(&mut effects, &mut app, |app| app.saving.pending.is_empty());
        assert_eq!(app.saving.status(), None);
        assert_eq!(app.due_keys().len(), 2, "written, both fall due on their cards");
        let reader = Store::open(&path).unwrap().into_store().unwrap();
        let written: Vec<String> = reader
            .answers()
            .unwrap()
            .iter()
            .map(|answer| answer.key.to_string())
            .collect();
        assert_eq!(written, ["totp#0/myth", "totp#1/myth"], "in the order given");
        assert!(effects.finish().is_none(), "nothing left unsaved");
    }

    /// Quitting while the store stays busy tries once more, then says how many answers
    /// could not be saved.
    #[test]
    fn quitting_while_the_store_stays_busy_says_what_was_not_saved() {
        let dir = tempfile::tempdir().unwrap();
        let (mut effects, mut app) = open_app(dir.path());
        let locker = rusqlite::Connection::open(dir.path().join(crate::store::FILE_NAME)).unwrap();
        locker.execute_batch("BEGIN IMMEDIATE").unwrap();
        let key: StatementKey = "totp#0/myth".parse().unwrap();
        give(&mut app, answer(&key, Utc::now()));
        effects.apply(&mut app);
        assert_eq!(
            effects.finish().as_deref(),
            Some("1 answer could not be saved: the progress file stayed busy")
        );
        locker.execute_batch("ROLLBACK").unwrap();
    }
}
