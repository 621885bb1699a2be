//! Bringing a store to this build's schema: [`migrate`] applies the
//! [`MIGRATIONS`] it lacks, once, in one transaction.

use super::schema::{APPLICATION_ID, DatabaseIds, MIGRATIONS, SCHEMA_VERSION, StoreKind};
use rusqlite::{Connection, TransactionBehavior};

/// What [`migrate`] found.
pub(super) enum Migrated {
    Current { created: bool },
    Newer { found: i64 },
    Foreign,
}

/// Brings the schema to [`SCHEMA_VERSION`] in one IMMEDIATE transaction, so two processes
/// opening a new file at once migrate it once, and a crash leaves it as it was.
pub(super) fn migrate(conn: &mut Connection) -> rusqlite::Result<Migrated> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let ids = DatabaseIds::read(&tx)?;
    match ids.kind() {
        StoreKind::Foreign => return Ok(Migrated::Foreign),
        StoreKind::Lexicon if ids.user_version > SCHEMA_VERSION => {
            return Ok(Migrated::Newer {
                found: ids.user_version,
            });
        }
        StoreKind::Empty | StoreKind::Lexicon => {}
    }
    // `user_version` is in 0..=SCHEMA_VERSION here (Empty is 0, Lexicon at least 1), so the
    // conversion cannot fail and `skip` starts at the first migration not yet applied.
    let done = repaired_version(&tx, usize::try_from(ids.user_version).unwrap_or(0))?;
    for migration in MIGRATIONS.iter().skip(done) {
        tx.execute_batch(migration)?;
    }
    if ids.user_version != SCHEMA_VERSION {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    tx.commit()?;
    Ok(Migrated::Current {
        created: ids.user_version == 0,
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
