//! Small named values the reader remembers, such as the last lesson open.

use super::{Store, StoreError};
use rusqlite::OptionalExtension;

impl Store {
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
}
