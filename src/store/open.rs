//! Opening the store file, whatever is found there: a new or current store, an older one
//! to migrate, a newer one to read only, a damaged or foreign file to move aside, or a file
//! or folder that cannot be written. Each is an [`OpenOutcome`], never a refusal to start.

use super::migrate::{Migrated, migrate};
use super::schema::{DatabaseIds, SCHEMA_VERSION, StoreKind};
use super::{BUSY_TIMEOUT, Store, StoreError, store_path};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::fs;
use std::path::{Path, PathBuf};

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
    /// platform's (see [`data_dir`](super::data_dir)).
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
    let ids = match DatabaseIds::read(&conn) {
        Ok(ids) => ids,
        Err(error) => return unusable_or_damaged(error),
    };
    match ids.kind() {
        StoreKind::Empty => return Inspection::Absent,
        StoreKind::Foreign => {
            return Inspection::Damaged {
                problem: "it is not a lexicon progress store".to_string(),
            };
        }
        StoreKind::Lexicon if ids.user_version > SCHEMA_VERSION => {
            return Inspection::Newer {
                conn,
                found: ids.user_version,
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
pub(super) fn immutable_uri(path: &Path) -> Option<String> {
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
pub(super) fn move_aside(path: &Path, now: DateTime<Utc>) -> std::io::Result<PathBuf> {
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
pub(super) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}
