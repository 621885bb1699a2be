//! Review cards: one per statement answered, and the statements due.

use super::{Store, StoreError};
use crate::quiz::time::format_timestamp;
use crate::quiz::{CardState, StatementKey, due_keys};
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

impl Store {
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
