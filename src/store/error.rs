//! What can go wrong with the store once it is open.
//!
//! Opening never fails on a bad environment (see [`super::OpenOutcome`]); these errors come
//! from reading and writing an open store. Each carries the store's path, and its message is
//! complete on its own (the SQLite message is part of it), so a status line can show it as
//! is.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused: a full disk, a lost lock, a file changed underneath, or a bug.
    #[error("progress store {}: {cause}", path.display())]
    Sqlite { path: PathBuf, cause: rusqlite::Error },

    /// A write to a store opened read-only (a newer lexicon's, or a read-only file).
    #[error("progress store {} is open read-only; nothing was saved", path.display())]
    ReadOnly { path: PathBuf },

    /// A row this build cannot read, e.g. edited by hand.
    #[error("progress store {}: unreadable row {row} in {table}: {detail}", path.display())]
    BadRow {
        path: PathBuf,
        table: &'static str,
        row: String,
        detail: String,
    },

    /// A card state that could not be written as JSON.
    #[error("progress store {}: could not encode the review state of {key}: {cause}", path.display())]
    EncodeCard {
        path: PathBuf,
        key: String,
        cause: serde_json::Error,
    },
}

impl StoreError {
    /// True when another connection holds the lock: the same write may succeed later.
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite { cause, .. }
                if matches!(
                    cause.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                )
        )
    }
}
