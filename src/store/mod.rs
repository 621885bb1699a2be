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
//! The rest is one file per part: `open.rs` (opening a file, whatever it holds, and every
//! [`OpenOutcome`]), `migrate.rs` (bringing a store to this build's schema), `answers.rs`
//! (answers and the card each one moves), `cards.rs` (review cards and what is due),
//! `journeys.rs` (journey steps read), `settings.rs` (small remembered values),
//! `writer.rs` (the reader's writes on their own thread) and `location.rs` (the file's name).

mod answers;
mod cards;
mod error;
mod journeys;
mod location;
mod migrate;
mod open;
pub mod schema;
mod settings;
pub mod writer;

pub use crate::dirs::data_dir;
pub use answers::Recorded;
pub use error::StoreError;
pub use location::{FILE_NAME, store_path};
pub use open::OpenOutcome;

use rusqlite::Connection;
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

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when writes are refused ([`StoreError::ReadOnly`]).
    pub fn is_read_only(&self) -> bool {
        self.read_only
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
}

/// SQLite's refusal, with the store's path.
fn sqlite_error(path: &Path, cause: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        cause,
    }
}

#[cfg(test)]
mod tests;
