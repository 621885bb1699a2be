//! Answers: each one recorded with the review card it moves, in one transaction, and read
//! back checked.

use super::{Store, StoreError, sqlite_error};
use crate::quiz::time::{format_timestamp, parse_timestamp};
use crate::quiz::{AnswerRecord, CardState, Confidence, Verdict, card_after};
use rusqlite::{OptionalExtension, TransactionBehavior};
use std::path::Path;

impl Store {
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
