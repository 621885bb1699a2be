//! Durable progress: answers, review cards and journey reading, in one SQLite file.
//!
//! The file is `progress.sqlite3` in the data folder ([`store_path`]). It is opened with
//! [`Store::open`], which never stops the app: whatever it finds, it returns an
//! [`OpenOutcome`] the UI can show.
//!
//! | Found at the path                              | Outcome                                      |
//! |------------------------------------------------|----------------------------------------------|
//! | nothing, or an empty database                  | [`OpenOutcome::Ready`], `created: true`      |
//! | a lexicon store this build knows               | [`OpenOutcome::Ready`], migrated if older    |
//! | garbage, a damaged or a foreign database       | moved aside, [`OpenOutcome::Recovered`]      |
//! | a store from a newer lexicon                   | read-only, [`OpenOutcome::NewerVersion`]     |
//! | a read-only file, or one in a read-only folder | [`OpenOutcome::NotSaving`], history readable |
//! | a folder that cannot be created/written        | [`OpenOutcome::NotSaving`]                   |
//! | a file locked by another process too long      | [`OpenOutcome::NotSaving`]                   |
//!
//! What never happens is losing answers:
//!
//! - every answer is written with its updated review card in one transaction
//!   ([`Store::record_answer`]), so a kill -9 loses at most the statement on screen;
//! - a file that is not a usable store is renamed to `<name>.corrupt-<timestamp>` (bytes
//!   untouched, its `-wal` beside it), never deleted or overwritten;
//! - a newer store is opened read-only with `query_only` set, so nothing can write to it;
//! - WAL mode and a busy timeout let two lexicon processes share the file: readers never
//!   block, and a writer waits up to [`BUSY_TIMEOUT`] for the other's transaction.
//!
//! The schema and its migrations are in [`schema`]; the version is `PRAGMA user_version`.

mod error;
mod location;
pub mod schema;
pub mod writer;

pub use crate::dirs::data_dir;
pub use error::StoreError;
pub use location::{FILE_NAME, store_path};

use crate::quiz::time::{format_timestamp, parse_timestamp};
use crate::quiz::{AnswerRecord, CardState, Confidence, StatementKey, Verdict, card_after, due_keys};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};
use schema::{APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another process's transaction before giving up. Transactions
/// here are a few rows, so anything near this long means the other process is stuck.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open progress store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
}

/// What [`Store::open`] found and did. Only `Ready` and `Recovered` save progress.
#[derive(Debug)]
pub enum OpenOutcome {
    /// A working store: `created` when it was new (no file, or an empty one).
    Ready { store: Store, created: bool },
    /// The file at the path was not a usable store. It was moved to `moved_to`, byte for
    /// byte, and a fresh store created in its place.
    Recovered {
        store: Store,
        moved_to: PathBuf,
        problem: String,
    },
    /// The store was written by a newer lexicon (schema `found`, this build knows
    /// `supported`). It is never written to; `store`, when present, reads it read-only.
    NewerVersion {
        store: Option<Store>,
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// Progress is not being saved: the folder cannot be created or written, the file is
    /// read-only or locked, or there is no data folder at all (`path` is `None`). `store`,
    /// when present, reads the existing history read-only.
    NotSaving {
        path: Option<PathBuf>,
        reason: String,
        store: Option<Store>,
    },
}

impl OpenOutcome {
    pub fn store(&self) -> Option<&Store> {
        match self {
            OpenOutcome::Ready { store, .. } | OpenOutcome::Recovered { store, .. } => Some(store),
            OpenOutcome::NewerVersion { store, .. } | OpenOutcome::NotSaving { store, .. } => store.as_ref(),
        }
    }

    pub fn into_store(self) -> Option<Store> {
        match self {
            OpenOutcome::Ready { store, .. } | OpenOutcome::Recovered { store, .. } => Some(store),
            OpenOutcome::NewerVersion { store, .. } | OpenOutcome::NotSaving { store, .. } => store,
        }
    }

    /// True when answers given now will be kept.
    pub fn is_saving(&self) -> bool {
        matches!(self, OpenOutcome::Ready { .. } | OpenOutcome::Recovered { .. })
    }

    /// The message to show once, or `None` when all is well.
    pub fn notice(&self) -> Option<String> {
        match self {
            OpenOutcome::Ready { .. } => None,
            OpenOutcome::Recovered { moved_to, problem, .. } => Some(format!(
                "The progress file was unusable ({problem}). It was moved to {} and a fresh one was started.",
                moved_to.display()
            )),
            OpenOutcome::NewerVersion {
                path, found, supported, ..
            } => Some(format!(
                "{} was written by a newer lexicon (schema {found}; this one knows {supported}). \
                 It is left untouched: progress is not being saved.",
                path.display()
            )),
            OpenOutcome::NotSaving {
                reason, store: Some(_), ..
            } => Some(format!(
                "Progress is not being saved: {reason}. Your answers so far are shown; new ones are not kept."
            )),
            OpenOutcome::NotSaving { reason, .. } => Some(format!("Progress is not being saved: {reason}.")),
        }
    }
}

impl Store {
    /// Opens the store at `path`, creating it (and its folder) if needed. See the module
    /// documentation for every outcome.
    ///
    /// A problem with the file or folder is an outcome, never an error. `Err` means lexicon
    /// itself is wrong (say, invalid SQL in a migration); a caller should still run, without
    /// saving.
    pub fn open(path: impl AsRef<Path>) -> Result<OpenOutcome, StoreError> {
        let path = path.as_ref().to_path_buf();
        if let Some(folder) = path.parent().filter(|folder| !folder.as_os_str().is_empty())
            && let Err(error) = fs::create_dir_all(folder)
        {
            return Ok(not_saving(
                &path,
                format!("cannot create the folder {}: {error}", folder.display()),
                None,
            ));
        }
        match inspect(&path) {
            Inspection::Absent | Inspection::Usable => open_writable(path),
            Inspection::Newer { conn, found } => Ok(newer_version(conn, path, found)),
            Inspection::Unusable { reason } => Ok(not_saving(&path, reason, None)),
            Inspection::Damaged { problem } => {
                let moved_to = match move_aside(&path, Utc::now()) {
                    Ok(moved_to) => moved_to,
                    Err(error) => {
                        let reason = format!(
                            "{} is unusable ({problem}) and could not be moved aside: {error}",
                            path.display()
                        );
                        return Ok(not_saving(&path, reason, None));
                    }
                };
                Ok(match open_writable(path)? {
                    OpenOutcome::Ready { store, .. } => OpenOutcome::Recovered {
                        store,
                        moved_to,
                        problem,
                    },
                    // The fresh file could not be set up (say, the disk filled). Still say
                    // where the old one went.
                    OpenOutcome::NotSaving { path, reason, store } => OpenOutcome::NotSaving {
                        path,
                        reason: format!("{reason} (the unusable file was moved to {})", moved_to.display()),
                        store,
                    },
                    other => other,
                })
            }
        }
    }

    /// Opens the store in the data folder from `--data-dir`/`LEXICON_DATA_DIR` or the
    /// platform's (see [`data_dir`]).
    pub fn open_in(explicit_dir: Option<PathBuf>) -> Result<OpenOutcome, StoreError> {
        match store_path(explicit_dir) {
            Some(path) => Store::open(path),
            None => Ok(OpenOutcome::NotSaving {
                path: None,
                reason: "no data folder was found; use --data-dir or LEXICON_DATA_DIR".to_string(),
                store: None,
            }),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when writes are refused ([`StoreError::ReadOnly`]).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Records an answer and advances its statement's review card, in one transaction:
    /// either both are saved or neither. The store numbers the attempt (the record's own
    /// number is ignored: another process may have answered the statement meanwhile) and
    /// returns it with the new card (whose due time is when the statement comes back).
    pub fn record_answer(&mut self, answer: &AnswerRecord) -> Result<Recorded, StoreError> {
        self.refuse_if_read_only()?;
        let path = self.path.clone();
        let tx = self.write_transaction()?;
        let attempt = insert_answer(&tx, answer, &path)?;
        let card = reschedule(&tx, answer, &path)?;
        tx.commit().map_err(|cause| sqlite_error(&path, cause))?;
        Ok(Recorded { card, attempt })
    }

    /// Records a practice answer (a retry of a statement just answered wrong): kept, and
    /// numbered as the repeat it is, but its statement's review card is left as it was, so
    /// practice never moves the schedule. Returns the attempt number.
    pub fn record_practice(&mut self, answer: &AnswerRecord) -> Result<u32, StoreError> {
        self.refuse_if_read_only()?;
        let path = self.path.clone();
        let tx = self.write_transaction()?;
        let attempt = insert_answer(&tx, answer, &path)?;
        tx.commit().map_err(|cause| sqlite_error(&path, cause))?;
        Ok(attempt)
    }

    /// A transaction that holds the write lock from its start. IMMEDIATE takes the lock up
    /// front, waiting on the busy timeout; a deferred transaction would read first and then
    /// fail to upgrade, without waiting, if another process wrote in between.
    fn write_transaction(&mut self) -> Result<rusqlite::Transaction<'_>, StoreError> {
        let path = self.path.clone();
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|cause| sqlite_error(&path, cause))
    }

    pub fn answers(&self) -> Result<Vec<AnswerRecord>, StoreError> {
        self.query_answers(
            "SELECT id, answered_at, statement_key, answer, confidence, correct, attempt, session FROM answers ORDER BY answered_at, id",
            [],
        )
    }

    /// The answers to one entry's statements, oldest first.
    pub fn answers_for_entry(&self, entry_id: &str) -> Result<Vec<AnswerRecord>, StoreError> {
        self.query_answers(
            "SELECT id, answered_at, statement_key, answer, confidence, correct, attempt, session FROM answers
             WHERE entry_id = ?1 ORDER BY answered_at, id",
            [entry_id],
        )
    }

    /// The review card of one statement, if it was ever answered.
    pub fn card(&self, key: &StatementKey) -> Result<Option<CardState>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT state FROM cards WHERE statement_key = ?1",
                [key.to_string()],
                |row| row.get(0),
            )
            .optional()
            .map_err(|cause| self.sqlite(cause))?;
        json.map(|json| self.card_from_row(&key.to_string(), &json)).transpose()
    }

    /// Every review card this build can read, and how many rows it could not (edited by
    /// hand, say): those are skipped, never a failed load, and the next answer to their
    /// statement starts their schedule again.
    pub fn cards(&self) -> Result<(Vec<(StatementKey, CardState)>, usize), StoreError> {
        self.query_cards("SELECT statement_key, state FROM cards ORDER BY statement_key", [])
    }

    /// The statements due at `now`, most overdue first (the order of
    /// [`crate::quiz::due_keys`]). Statements never answered have no card and are not
    /// due: they are new, met in a lesson's check.
    pub fn due_keys(&self, now: DateTime<Utc>) -> Result<Vec<StatementKey>, StoreError> {
        // The `due` column mirrors the card's due time so the index finds candidates; the
        // card itself decides the order.
        let (cards, _unreadable) = self.query_cards(
            "SELECT statement_key, state FROM cards WHERE due <= ?1",
            [format_timestamp(now)],
        )?;
        Ok(due_keys(cards.iter().map(|(key, card)| (key, card)), now))
    }

    /// How many statements are due at `now`.
    pub fn due_count(&self, now: DateTime<Utc>) -> Result<usize, StoreError> {
        self.conn
            .query_row(
                "SELECT count(*) FROM cards WHERE due <= ?1",
                [format_timestamp(now)],
                |row| row.get::<_, i64>(0),
            )
            // count(*) is never negative, so the conversion cannot fail.
            .map(|count| usize::try_from(count).unwrap_or(0))
            .map_err(|cause| self.sqlite(cause))
    }

    /// Marks a journey step read. The first time is kept; marking again changes nothing.
    pub fn mark_step_read(&mut self, journey_id: &str, step_id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.refuse_if_read_only()?;
        self.conn
            .execute(
                "INSERT OR IGNORE INTO journey_progress (journey_id, step_id, read_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![journey_id, step_id, format_timestamp(at)],
            )
            .map(drop)
            .map_err(|cause| self.sqlite(cause))
    }

    /// The step ids read in one journey.
    pub fn steps_read(&self, journey_id: &str) -> Result<HashSet<String>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT step_id FROM journey_progress WHERE journey_id = ?1")
            .map_err(|cause| self.sqlite(cause))?;
        let rows = statement
            .query_map([journey_id], |row| row.get::<_, String>(0))
            .map_err(|cause| self.sqlite(cause))?;
        rows.collect::<Result<_, _>>().map_err(|cause| self.sqlite(cause))
    }

    /// The step ids read in every journey, by journey id.
    pub fn all_steps_read(&self) -> Result<HashMap<String, HashSet<String>>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT journey_id, step_id FROM journey_progress")
            .map_err(|cause| self.sqlite(cause))?;
        let rows = statement
            .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
            .map_err(|cause| self.sqlite(cause))?;
        let mut read: HashMap<String, HashSet<String>> = HashMap::new();
        for row in rows {
            let (journey, step) = row.map_err(|cause| self.sqlite(cause))?;
            read.entry(journey).or_default().insert(step);
        }
        Ok(read)
    }

    /// Remembers a named value, such as the last lesson open.
    pub fn set_setting(&mut self, name: &str, value: &str) -> Result<(), StoreError> {
        self.refuse_if_read_only()?;
        self.conn
            .execute(
                "INSERT INTO settings (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = ?2",
                rusqlite::params![name, value],
            )
            .map(drop)
            .map_err(|cause| self.sqlite(cause))
    }

    /// A value remembered with [`Store::set_setting`].
    pub fn setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM settings WHERE name = ?1", [name], |row| row.get(0))
            .optional()
            .map_err(|cause| self.sqlite(cause))
    }

    fn refuse_if_read_only(&self) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    fn sqlite(&self, cause: rusqlite::Error) -> StoreError {
        sqlite_error(&self.path, cause)
    }

    fn bad_row(&self, table: &'static str, row: impl ToString, detail: impl ToString) -> StoreError {
        StoreError::BadRow {
            path: self.path.clone(),
            table,
            row: row.to_string(),
            detail: detail.to_string(),
        }
    }

    fn query_answers(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<AnswerRecord>, StoreError> {
        let mut statement = self.conn.prepare_cached(sql).map_err(|cause| self.sqlite(cause))?;
        let rows = statement
            .query_map(params, |row| {
                Ok(RawAnswer {
                    id: row.get(0)?,
                    answered_at: row.get(1)?,
                    key: row.get(2)?,
                    answer: row.get(3)?,
                    confidence: row.get(4)?,
                    correct: row.get(5)?,
                    attempt: row.get(6)?,
                    session: row.get(7)?,
                })
            })
            .map_err(|cause| self.sqlite(cause))?;
        let mut answers = Vec::new();
        for row in rows {
            let raw = row.map_err(|cause| self.sqlite(cause))?;
            answers.push(self.answer_from_row(raw)?);
        }
        Ok(answers)
    }

    fn answer_from_row(&self, raw: RawAnswer) -> Result<AnswerRecord, StoreError> {
        let bad = |detail: String| self.bad_row("answers", raw.id, detail);
        Ok(AnswerRecord {
            answered_at: parse_timestamp(&raw.answered_at)
                .ok_or_else(|| bad(format!("bad time `{}`", raw.answered_at)))?,
            key: raw
                .key
                .parse()
                .map_err(|error: crate::quiz::BadStatementKey| bad(error.to_string()))?,
            answer: Verdict::parse(&raw.answer).ok_or_else(|| bad(format!("bad answer `{}`", raw.answer)))?,
            confidence: u8::try_from(raw.confidence)
                .ok()
                .and_then(Confidence::from_percent)
                .ok_or_else(|| bad(format!("bad confidence {}", raw.confidence)))?,
            correct: raw.correct,
            attempt: u32::try_from(raw.attempt)
                .ok()
                .filter(|attempt| *attempt >= 1)
                .ok_or_else(|| bad(format!("bad attempt {}", raw.attempt)))?,
            session: raw.session,
        })
    }

    fn query_cards(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<(Vec<(StatementKey, CardState)>, usize), StoreError> {
        let mut statement = self.conn.prepare_cached(sql).map_err(|cause| self.sqlite(cause))?;
        let rows = statement
            .query_map(params, |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
            .map_err(|cause| self.sqlite(cause))?;
        let mut cards = Vec::new();
        let mut unreadable = 0;
        for row in rows {
            let (key_text, json) = row.map_err(|cause| self.sqlite(cause))?;
            match (key_text.parse::<StatementKey>(), CardState::from_json(&json)) {
                (Ok(key), Ok(card)) => cards.push((key, card)),
                _ => unreadable += 1,
            }
        }
        Ok((cards, unreadable))
    }

    fn card_from_row(&self, key: &str, json: &str) -> Result<CardState, StoreError> {
        CardState::from_json(json).map_err(|error| self.bad_row("cards", key, error))
    }
}

/// An answers row before its text is checked.
struct RawAnswer {
    id: i64,
    answered_at: String,
    key: String,
    answer: String,
    confidence: i64,
    correct: bool,
    attempt: i64,
    session: Option<String>,
}

/// What recording an answer stored: the statement's new review card and which attempt at
/// the statement the answer was.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub card: CardState,
    pub attempt: u32,
}

/// What a look at the existing file, without writing, found.
enum Inspection {
    /// No file, or an empty database: a new store.
    Absent,
    /// A lexicon store at a version this build can use (possibly older: it is migrated).
    Usable,
    /// A lexicon store from a newer build, with the read-only connection that found it.
    Newer { conn: Connection, found: i64 },
    /// Not SQLite, damaged, or somebody else's database.
    Damaged { problem: String },
    /// Cannot even be looked at: permissions, a folder in the way, a lock held too long.
    Unusable { reason: String },
}

/// Looks at the file through a read-only connection, so nothing about it changes: not the
/// file, and not a newer build's pending WAL (a read-write connection would checkpoint it
/// into the file on close).
fn inspect(path: &Path) -> Inspection {
    match fs::metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Inspection::Absent,
        Err(error) => {
            return Inspection::Unusable {
                reason: format!("cannot read {}: {error}", path.display()),
            };
        }
        Ok(metadata) if metadata.is_dir() => {
            return Inspection::Unusable {
                reason: format!("{} is a folder, not a file", path.display()),
            };
        }
        Ok(_) => {}
    }
    let unusable_or_damaged = |error: rusqlite::Error| {
        if is_damage(&error) {
            Inspection::Damaged {
                problem: error.to_string(),
            }
        } else {
            Inspection::Unusable {
                reason: format!("cannot read {}: {error}", path.display()),
            }
        }
    };
    let conn = match open_for_reading(path) {
        Ok(conn) => conn,
        Err(error) => return unusable_or_damaged(error),
    };
    let header = match Header::read(&conn) {
        Ok(header) => header,
        Err(error) => return unusable_or_damaged(error),
    };
    match header.kind() {
        StoreKind::Empty => return Inspection::Absent,
        StoreKind::Foreign => {
            return Inspection::Damaged {
                problem: "it is not a lexicon progress store".to_string(),
            };
        }
        StoreKind::Lexicon if header.user_version > SCHEMA_VERSION => {
            return Inspection::Newer {
                conn,
                found: header.user_version,
            };
        }
        StoreKind::Lexicon => {}
    }
    // A valid header can sit on damaged pages; find out now rather than mid-check. On a
    // progress file of a few megabytes at most this takes milliseconds.
    match quick_check(&conn) {
        Ok(None) => Inspection::Usable,
        Ok(Some(problem)) => Inspection::Damaged { problem },
        Err(error) => unusable_or_damaged(error),
    }
}

/// Inserts `answer` in `tx`, numbered after the statement's earlier answers; returns its
/// attempt number.
fn insert_answer(tx: &rusqlite::Transaction<'_>, answer: &AnswerRecord, path: &Path) -> Result<u32, StoreError> {
    let key = answer.key.to_string();
    let earlier: i64 = tx
        .query_row("SELECT COUNT(*) FROM answers WHERE statement_key = ?1", [&key], |row| {
            row.get(0)
        })
        .map_err(|cause| sqlite_error(path, cause))?;
    let attempt = u32::try_from(earlier).unwrap_or(u32::MAX - 1).saturating_add(1);
    tx.execute(
        "INSERT INTO answers (answered_at, statement_key, entry_id, answer, confidence, correct, attempt, session)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![
            format_timestamp(answer.answered_at),
            key,
            answer.entry_id(),
            answer.answer.as_str(),
            answer.confidence.percent(),
            answer.correct,
            attempt,
            answer.session,
        ],
    )
    .map_err(|cause| sqlite_error(path, cause))?;
    Ok(attempt)
}

/// Schedules `answer`'s statement from the card `tx` holds for it, at the answer's own
/// time, and keeps the new card; returns it.
fn reschedule(tx: &rusqlite::Transaction<'_>, answer: &AnswerRecord, path: &Path) -> Result<CardState, StoreError> {
    let key = answer.key.to_string();
    let previous: Option<String> = tx
        .query_row("SELECT state FROM cards WHERE statement_key = ?1", [&key], |row| {
            row.get(0)
        })
        .optional()
        .map_err(|cause| sqlite_error(path, cause))?;
    // A card this build cannot read (edited by hand, say) restarts its schedule rather than
    // losing the answer.
    let previous = previous.and_then(|json| CardState::from_json(&json).ok());
    let next = card_after(previous.as_ref(), answer);
    let state = next.to_json().map_err(|cause| StoreError::EncodeCard {
        path: path.to_path_buf(),
        key: key.clone(),
        cause,
    })?;
    tx.execute(
        "INSERT INTO cards (statement_key, state, due) VALUES (?1, ?2, ?3)
         ON CONFLICT (statement_key) DO UPDATE SET state = excluded.state, due = excluded.due",
        rusqlite::params![key, state, format_timestamp(next.due())],
    )
    .map_err(|cause| sqlite_error(path, cause))?;
    Ok(next)
}

/// SQLite's refusal, with the store's path.
fn sqlite_error(path: &Path, cause: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        cause,
    }
}

/// Opens `path` for reading only.
///
/// A store in WAL mode is read through its `-shm` index, which SQLite creates beside the
/// file. In a folder the user cannot write, with no index left there, it cannot, and the
/// plain read-only open fails ("attempt to write a readonly database"), which hid a
/// read-only user's whole history. Then the file is opened `immutable`, which reads the
/// main file alone and takes no locks: the last writer to close checkpointed its WAL into
/// that file and removed the index, and in such a folder nothing has written since.
fn open_for_reading(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(())) {
        Ok(()) => Ok(conn),
        Err(error)
            if matches!(
                error.sqlite_error_code(),
                Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen)
            ) =>
        {
            let Some(uri) = immutable_uri(path) else {
                return Err(error);
            };
            drop(conn);
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            Connection::open_with_flags(uri, flags)
        }
        Err(error) => Err(error),
    }
}

/// `path` as an SQLite URI that opens it immutable: every byte but a few plain ones
/// percent-encoded, so that a `?`, `#` or `%` in a folder's name stays part of the path.
/// `None` for a path that is not UTF-8, which SQLite's URIs cannot carry here.
fn immutable_uri(path: &Path) -> Option<String> {
    use std::fmt::Write;
    let mut uri = String::from("file:");
    for byte in path.to_str()?.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(uri, "%{byte:02X}");
        }
    }
    uri.push_str("?immutable=1");
    Some(uri)
}

/// SQLite's own verdict that a file is not a database or is damaged.
fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// `PRAGMA quick_check`: `None` when it says "ok", else its first complaint.
fn quick_check(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let mut first = None;
    conn.pragma_query(None, "quick_check", |row| {
        if first.is_none() {
            first = Some(row.get::<_, String>(0)?);
        }
        Ok(())
    })?;
    Ok(first.filter(|message| message != "ok"))
}

/// The identifying numbers of a database.
struct Header {
    user_version: i64,
    application_id: i32,
    tables: i64,
}

enum StoreKind {
    /// A database with nothing in it yet: ours to set up.
    Empty,
    Lexicon,
    Foreign,
}

impl Header {
    fn read(conn: &Connection) -> rusqlite::Result<Header> {
        Ok(Header {
            user_version: conn.pragma_query_value(None, "user_version", |row| row.get(0))?,
            application_id: conn.pragma_query_value(None, "application_id", |row| row.get(0))?,
            tables: conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?,
        })
    }

    fn kind(&self) -> StoreKind {
        // lexicon sets both numbers in the same transaction, so its stores always have a
        // positive version.
        if self.application_id == APPLICATION_ID && self.user_version >= 1 {
            StoreKind::Lexicon
        } else if self.application_id == 0 && self.user_version == 0 && self.tables == 0 {
            StoreKind::Empty
        } else {
            StoreKind::Foreign
        }
    }
}

/// Opens `path` for writing: WAL, busy timeout, migrations.
fn open_writable(path: PathBuf) -> Result<OpenOutcome, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = match Connection::open_with_flags(&path, flags) {
        Ok(conn) => conn,
        Err(error) => return environment_or_bug(&path, "cannot open", error),
    };
    if let Err(error) = conn.busy_timeout(BUSY_TIMEOUT) {
        return environment_or_bug(&path, "cannot open", error);
    }
    // SQLite silently falls back to read-only when the file is write-protected. That
    // connection may not be able to read a WAL store in a folder the user cannot write
    // either, so the store is opened again the way that can.
    if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
        drop(conn);
        let store = open_for_reading(&path)
            .ok()
            .and_then(|conn| read_only_store(conn, path.clone()));
        let reason = format!("{} is read-only", path.display());
        return Ok(not_saving(&path, reason, store));
    }
    // WAL: readers and the writer do not block each other, and a commit is one append.
    // Synchronous FULL (said outright, as builds differ in their WAL default) makes a commit
    // survive a power cut as well as a killed process.
    if let Err(error) = conn
        .pragma_update_and_check(None, "journal_mode", "wal", |row| row.get::<_, String>(0))
        .and_then(|_| conn.pragma_update(None, "synchronous", "FULL"))
    {
        return environment_or_bug(&path, "cannot prepare", error);
    }
    match migrate(&mut conn) {
        Ok(Migrated::Current { created }) => Ok(OpenOutcome::Ready {
            store: Store {
                conn,
                path,
                read_only: false,
            },
            created,
        }),
        // Another process upgraded or replaced the file since `inspect` looked.
        Ok(Migrated::Newer { found }) => Ok(newer_version(conn, path, found)),
        Ok(Migrated::Foreign) => {
            let reason = format!("{} is not a lexicon progress store", path.display());
            Ok(not_saving(&path, reason, None))
        }
        Err(error) => environment_or_bug(&path, "cannot prepare", error),
    }
}

enum Migrated {
    Current { created: bool },
    Newer { found: i64 },
    Foreign,
}

/// Brings the schema to [`SCHEMA_VERSION`] in one IMMEDIATE transaction, so two processes
/// opening a new file at once migrate it once, and a crash leaves it as it was.
fn migrate(conn: &mut Connection) -> rusqlite::Result<Migrated> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let header = Header::read(&tx)?;
    match header.kind() {
        StoreKind::Foreign => return Ok(Migrated::Foreign),
        StoreKind::Lexicon if header.user_version > SCHEMA_VERSION => {
            return Ok(Migrated::Newer {
                found: header.user_version,
            });
        }
        StoreKind::Empty | StoreKind::Lexicon => {}
    }
    // `user_version` is in 0..=SCHEMA_VERSION here (Empty is 0, Lexicon at least 1), so the
    // conversion cannot fail and `skip` starts at the first migration not yet applied.
    let done = repaired_version(&tx, usize::try_from(header.user_version).unwrap_or(0))?;
    for migration in MIGRATIONS.iter().skip(done) {
        tx.execute_batch(migration)?;
    }
    if header.user_version != SCHEMA_VERSION {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    tx.commit()?;
    Ok(Migrated::Current {
        created: header.user_version == 0,
    })
}

/// The version a store's tables really are at, when its `user_version` says less: a store
/// that says 1 but already holds the `settings` table of version 2 (written by a build that
/// created the table without recording it) would fail its next migration with "table
/// settings already exists". Shipped migrations are never edited; this decides where to
/// start them.
fn repaired_version(tx: &rusqlite::Transaction<'_>, version: usize) -> rusqlite::Result<usize> {
    let has_table = |name: &str| -> rusqlite::Result<bool> {
        tx.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |row| row.get::<_, i64>(0),
        )
        .map(|count| count > 0)
    };
    if version == 1 && has_table("settings")? {
        return Ok(2);
    }
    Ok(version)
}

/// Sorts an error met while opening: trouble with the file or folder means "not saving";
/// anything else is a bug in lexicon and is returned.
fn environment_or_bug(path: &Path, doing: &str, error: rusqlite::Error) -> Result<OpenOutcome, StoreError> {
    let environmental = matches!(
        error.sqlite_error_code(),
        Some(
            ErrorCode::PermissionDenied
                | ErrorCode::DatabaseBusy
                | ErrorCode::DatabaseLocked
                | ErrorCode::ReadOnly
                | ErrorCode::SystemIoFailure
                | ErrorCode::DatabaseCorrupt
                | ErrorCode::NotADatabase
                | ErrorCode::DiskFull
                | ErrorCode::CannotOpen
                | ErrorCode::FileLockingProtocolFailed
                | ErrorCode::NoLargeFileSupport
                | ErrorCode::OutOfMemory
        )
    );
    if environmental {
        Ok(not_saving(path, format!("{doing} {}: {error}", path.display()), None))
    } else {
        Err(StoreError::Sqlite {
            path: path.to_path_buf(),
            cause: error,
        })
    }
}

fn not_saving(path: &Path, reason: String, store: Option<Store>) -> OpenOutcome {
    OpenOutcome::NotSaving {
        path: Some(path.to_path_buf()),
        reason,
        store,
    }
}

fn newer_version(conn: Connection, path: PathBuf, found: i64) -> OpenOutcome {
    OpenOutcome::NewerVersion {
        store: read_only_store(conn, path.clone()),
        path,
        found,
        supported: SCHEMA_VERSION,
    }
}

/// A store that refuses writes twice over: [`Store::read_only`] stops this code, and
/// `query_only` makes SQLite refuse any write that slipped past it. `None` if even that
/// pragma fails, since then the connection cannot be trusted not to write.
fn read_only_store(conn: Connection, path: PathBuf) -> Option<Store> {
    conn.pragma_update(None, "query_only", true).ok()?;
    Some(Store {
        conn,
        path,
        read_only: true,
    })
}

/// Renames the file at `path` to `<name>.corrupt-<timestamp>` (adding `-2`, `-3`... if that
/// exists), with its `-wal` and `-journal` companions renamed to match so the pair can still
/// be opened together. The `-shm` index is derived data and is removed: a stale one must
/// not meet the fresh store.
fn move_aside(path: &Path, now: DateTime<Utc>) -> std::io::Result<PathBuf> {
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let base = with_suffix(path, &format!(".corrupt-{stamp}"));
    let mut target = base.clone();
    let mut attempt = 1;
    while target.exists() {
        attempt += 1;
        target = with_suffix(&base, &format!("-{attempt}"));
    }
    fs::rename(path, &target)?;
    for companion in ["-wal", "-journal"] {
        let from = with_suffix(path, companion);
        if from.exists() {
            fs::rename(&from, with_suffix(&target, companion))?;
        }
    }
    let shm = with_suffix(path, "-shm");
    if shm.exists() {
        fs::remove_file(shm)?;
    }
    Ok(target)
}

/// `path` with `suffix` appended to its file name (`a/b.sqlite3` + `-wal`).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests;
