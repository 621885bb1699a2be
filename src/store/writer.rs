//! Writes to the store on a thread of their own, in order, retried while the file is busy.
//!
//! The reader must never wait on the disk or on another process: a second lexicon (or any
//! SQLite client) holding the write lock made every answer wait the busy timeout on the UI
//! thread, and an answer that still could not be written was lost. Here the UI hands each
//! write to [`Writer::submit`] and goes on. The thread writes them one after the other, in
//! the order given; when the store is busy it keeps that write and every later one, and
//! tries again after [`RETRY`]. An answer's card is computed when it is written, from the
//! card the store holds then, at the answer's own `answered_at` ([`Store::record_answer`]).
//! What was written comes back through [`Writer::finished`].
//!
//! A write that fails for another reason (a full disk, a damaged file) is reported and
//! dropped: trying it again would fail again, and holding it would hold every later one.

use super::{Recorded, Store, StoreError};
use crate::quiz::AnswerRecord;
use chrono::{DateTime, Utc};
use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the thread waits before trying a busy store again.
pub const RETRY: Duration = Duration::from_secs(1);

/// How long one attempt waits for another process's lock. Short, because the thread retries
/// anyway, and because quitting waits for one last attempt.
pub const BUSY_WAIT: Duration = Duration::from_millis(500);

/// One thing to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Answer(AnswerRecord),
    /// A practice answer, which leaves the schedule alone ([`Store::record_practice`]).
    Practice(AnswerRecord),
    StepRead {
        journey: String,
        step: String,
        at: DateTime<Utc>,
    },
    Setting {
        name: String,
        value: String,
    },
}

/// What became of a write.
#[derive(Debug)]
pub enum Done {
    /// The answer is written; the store numbered its attempt and scheduled its card.
    Answer { record: AnswerRecord, recorded: Recorded },
    /// The practice answer is written as this attempt at its statement.
    Practice { record: AnswerRecord, attempt: u32 },
    /// Another write went through.
    Written,
    /// The store is busy: this write and the ones after it wait for the next try.
    Waiting { error: StoreError },
    /// The write failed for good and was dropped.
    Failed { write: Write, error: StoreError },
}

enum Command {
    Write(Write),
    /// Try what is left once more, then end and hand back what could not be written.
    Finish,
}

/// The writing thread, and the channels to it.
pub struct Writer {
    commands: Sender<Command>,
    done: Receiver<Done>,
    thread: Option<JoinHandle<Vec<Write>>>,
}

impl Writer {
    /// Starts the thread that owns `store` from now on.
    pub fn start(mut store: Store) -> std::io::Result<Writer> {
        let (commands, received) = mpsc::channel();
        let (report, done) = mpsc::channel();
        // A failure to shorten the wait only makes the thread slower to retry.
        let _ = store.conn.busy_timeout(BUSY_WAIT);
        let thread = std::thread::Builder::new()
            .name("lexicon-store-writer".to_owned())
            .spawn(move || write_in_order(&mut store, &received, &report))?;
        Ok(Writer {
            commands,
            done,
            thread: Some(thread),
        })
    }

    /// Queues `write`; it is written after every write submitted before it.
    pub fn submit(&self, write: Write) {
        // The thread ends only in `finish`, which takes `self`; a send to it cannot fail
        // unless it panicked, and then the panic hook has ended the process.
        let _ = self.commands.send(Command::Write(write));
    }

    /// What became of writes since the last call, in order, without waiting.
    pub fn finished(&self) -> Vec<Done> {
        self.done.try_iter().collect()
    }

    /// Tries what is still queued once more, waits for that, and returns the writes that
    /// could not be made. Reports not yet taken with [`Writer::finished`] are dropped.
    pub fn finish(mut self) -> Vec<Write> {
        let _ = self.commands.send(Command::Finish);
        self.thread
            .take()
            .and_then(|thread| thread.join().ok())
            .unwrap_or_default()
    }
}

/// The thread's loop: takes writes in order and makes them, holding the queue while the
/// store is busy.
fn write_in_order(store: &mut Store, commands: &Receiver<Command>, report: &Sender<Done>) -> Vec<Write> {
    let mut queue: VecDeque<Write> = VecDeque::new();
    loop {
        // With nothing held back, wait for work; with writes held back, only until the retry.
        let command = if queue.is_empty() {
            commands.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            commands.recv_timeout(RETRY)
        };
        let finishing = match command {
            Ok(Command::Write(write)) => {
                queue.push_back(write);
                // Take whatever else is already queued, so a burst is written in one go.
                let mut finishing = false;
                for command in commands.try_iter() {
                    match command {
                        Command::Write(write) => queue.push_back(write),
                        Command::Finish => finishing = true,
                    }
                }
                finishing
            }
            Ok(Command::Finish) | Err(RecvTimeoutError::Disconnected) => true,
            Err(RecvTimeoutError::Timeout) => false,
        };
        write_queue(store, &mut queue, report);
        if finishing {
            return queue.into();
        }
    }
}

/// Writes from the front of `queue` until it is empty or the store is busy.
fn write_queue(store: &mut Store, queue: &mut VecDeque<Write>, report: &Sender<Done>) {
    while let Some(write) = queue.front() {
        let result = match write_one(store, write) {
            Err(error) if error.is_busy() => {
                // Nobody may be listening any more (the reader is leaving).
                let _ = report.send(Done::Waiting { error });
                return;
            }
            result => result,
        };
        let Some(write) = queue.pop_front() else {
            return;
        };
        let done = match (result, write) {
            (Ok(Written::Answer(recorded)), Write::Answer(record)) => Done::Answer { record, recorded },
            (Ok(Written::Practice(attempt)), Write::Practice(record)) => Done::Practice { record, attempt },
            (Ok(_), _) => Done::Written,
            (Err(error), write) => Done::Failed { write, error },
        };
        let _ = report.send(done);
    }
}

/// What the store said of one write.
enum Written {
    Answer(Recorded),
    Practice(u32),
    Other,
}

/// Makes one write.
fn write_one(store: &mut Store, write: &Write) -> Result<Written, StoreError> {
    match write {
        Write::Answer(record) => store.record_answer(record).map(Written::Answer),
        Write::Practice(record) => store.record_practice(record).map(Written::Practice),
        Write::StepRead { journey, step, at } => store.mark_step_read(journey, step, *at).map(|()| Written::Other),
        Write::Setting { name, value } => store.set_setting(name, value).map(|()| Written::Other),
    }
}
