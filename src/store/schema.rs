//! The schema and its migrations.
//!
//! The schema version lives in SQLite's `PRAGMA user_version`. [`MIGRATIONS`]`[i]` takes a
//! store from version `i` to `i + 1`; a store is brought up to [`SCHEMA_VERSION`] when it is
//! opened, in one transaction, so a crash mid-migration leaves the old version intact. To
//! change the schema, append a migration; never edit one that has shipped.
//!
//! `PRAGMA application_id` marks the file as lexicon's, so a SQLite file that belongs to
//! something else is never mistaken for a store and written to.
//!
//! Times are text in the spelling of [`crate::quiz::time`] (sortable as text).

use rusqlite::Connection;

/// `PRAGMA application_id` of a lexicon store: "LXCN" in ASCII.
pub const APPLICATION_ID: i32 = 0x4C58_434E;

/// Each entry upgrades the schema by one version.
pub const MIGRATIONS: &[&str] = &[
    // 0 -> 1: answers, review cards, journey reading progress.
    "
    CREATE TABLE answers (
        id            INTEGER PRIMARY KEY,
        answered_at   TEXT NOT NULL,
        statement_key TEXT NOT NULL,
        entry_id      TEXT NOT NULL,
        answer        TEXT NOT NULL CHECK (answer IN ('myth', 'fact')),
        confidence    INTEGER NOT NULL CHECK (confidence IN (50, 60, 70, 80, 90, 100)),
        correct       INTEGER NOT NULL CHECK (correct IN (0, 1))
    );
    CREATE INDEX answers_by_entry ON answers (entry_id);

    CREATE TABLE cards (
        statement_key TEXT PRIMARY KEY,
        state         TEXT NOT NULL,
        due           TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX cards_by_due ON cards (due);

    CREATE TABLE journey_progress (
        journey_id TEXT NOT NULL,
        step_id    TEXT NOT NULL,
        read_at    TEXT NOT NULL,
        PRIMARY KEY (journey_id, step_id)
    ) WITHOUT ROWID;
    ",
    // 1 -> 2: small named values, such as the last lesson open (for \"Continue\").
    "
    CREATE TABLE settings (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    ",
    // 2 -> 3: 95% and 99% join the confidence levels. SQLite cannot change a CHECK, so the
    // answers move to a new table with the wider one, their ids kept.
    "
    CREATE TABLE answers_v3 (
        id            INTEGER PRIMARY KEY,
        answered_at   TEXT NOT NULL,
        statement_key TEXT NOT NULL,
        entry_id      TEXT NOT NULL,
        answer        TEXT NOT NULL CHECK (answer IN ('myth', 'fact')),
        confidence    INTEGER NOT NULL CHECK (confidence IN (50, 60, 70, 80, 90, 95, 99, 100)),
        correct       INTEGER NOT NULL CHECK (correct IN (0, 1))
    );
    INSERT INTO answers_v3 SELECT id, answered_at, statement_key, entry_id, answer, confidence, correct FROM answers;
    DROP TABLE answers;
    ALTER TABLE answers_v3 RENAME TO answers;
    CREATE INDEX answers_by_entry ON answers (entry_id);
    ",
    // 3 -> 4: which attempt at its statement each answer was, and the check it was given in
    // (unknown, so NULL, for older answers). Older answers are numbered in the order given.
    "
    ALTER TABLE answers ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1);
    ALTER TABLE answers ADD COLUMN session TEXT;
    CREATE INDEX answers_by_statement ON answers (statement_key);
    UPDATE answers SET attempt = 1 + (
        SELECT COUNT(*) FROM answers AS earlier
        WHERE earlier.statement_key = answers.statement_key
          AND (earlier.answered_at, earlier.id) < (answers.answered_at, answers.id)
    );
    ",
];

/// The version this build reads and writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The identifying numbers of a database.
pub(super) struct DatabaseIds {
    pub(super) user_version: i64,
    application_id: i32,
    tables: i64,
}

/// What a database is, by its [`DatabaseIds`].
pub(super) enum StoreKind {
    /// A database with nothing in it yet: ours to set up.
    Empty,
    Lexicon,
    Foreign,
}

impl DatabaseIds {
    pub(super) fn read(conn: &Connection) -> rusqlite::Result<DatabaseIds> {
        Ok(DatabaseIds {
            user_version: conn.pragma_query_value(None, "user_version", |row| row.get(0))?,
            application_id: conn.pragma_query_value(None, "application_id", |row| row.get(0))?,
            tables: conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?,
        })
    }

    pub(super) fn kind(&self) -> StoreKind {
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
