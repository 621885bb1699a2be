//! Journey reading: which steps of each journey were read, and when first.

use super::{Store, StoreError};
use crate::quiz::time::format_timestamp;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

impl Store {
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
}
