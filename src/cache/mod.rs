//! A parsed cache of a content folder, so that a folder that has not changed opens without
//! parsing its YAML again.
//!
//! Loading 30,000 files takes seconds, nearly all of it YAML parsing, while most starts see
//! the same files as the one before. So after a full load, what the library holds (each entry
//! without its lesson body, which stays in its file anyway; the journeys; what links to what)
//! and what the load reported are written to one file in the cache folder, together with a
//! manifest: every content file's path, size, modification time, inode and change time.
//!
//! The next load lists the folder and stats every file, and uses the cache only when the
//! manifest matches exactly and the cache was written by this very build of lexicon.
//! Anything else (a file added, removed, edited or touched; another lexicon; a cache that
//! cannot be decoded) means a full load, which writes a fresh cache. A stale cache is never
//! shown as current.
//!
//! Right after the manifest, the cache holds a [`LibrarySummary`], the preview of the library:
//! [`load_folder_previewing`] hands it over as soon as the manifest has matched, reading only
//! that far, so the reader can draw its home from it while the library is decoded.
//!
//! `lexicon search` keeps a second file beside it, the search cache: the same header and
//! manifest, then the folder's search index and each entry's id and title. It is checked the
//! same way, and lets a search of an unchanged folder skip loading the library and building
//! the index. Only the search command writes it, so the reader and the other commands never
//! build an index just to save one.
//!
//! Racy timestamps: a file changed within one clock tick of being stamped can keep its size
//! and modification time. A load that sees a file modified within [`RACY_WINDOW`] of its
//! start does not write a cache, so such a file is parsed again next time.
//!
//! Each cache file ends with a CRC-32 of everything before it, and its header holds one of
//! the head (manifest and preview), checked before the preview is shown: a flipped bit
//! anywhere makes the cache stale, so it is rebuilt, never shown.
//!
//! The cache is derived data: when it cannot be read or written, loading goes on without it
//! and nothing the user made is touched. What it holds was sanitized before it was written, so
//! a cache with anything the sanitizer removes in it has been altered, and is not used.

//!
//! This file loads a folder through the parsed cache; `stamps.rs` lists what a cache must
//! match (the binary, the folder, every file's stamp); `format.rs` the layout both cache
//! files share and the checked read of their head; `parsed_cache.rs` what the parsed cache
//! holds and how it is read back; `search_cache.rs` the search cache; `writing.rs` the
//! atomic, checksummed write and the pruning of unused caches.

mod format;
mod parsed_cache;
mod search_cache;
mod stamps;
mod writing;

pub use search_cache::{Searchable, searchable_folder};

use crate::content::LoadReport;
use crate::content::loader::{self, Contents, FileKind, SourceFile};
use crate::content::summary::LibrarySummary;
use parsed_cache::{read_cache, write_cache};
use stamps::FolderStamps;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Bumped whenever what is cached changes shape.
const FORMAT: u32 = 5;

/// Files modified this recently when a load starts may still be changing within their
/// timestamp's resolution (a second or two on some file systems).
pub const RACY_WINDOW: Duration = Duration::from_secs(2);

/// The parsed cache's file extension.
const CACHE_EXTENSION: &str = "cache";

/// The search cache's file extension.
const SEARCH_EXTENSION: &str = "search";

/// A folder's cache not used for this long is removed when another cache is written.
pub const UNUSED_FOR: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// What the cache did for one load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheUse {
    /// No cache folder was given.
    Off,
    /// The folder was unchanged: the library came from the cache.
    Hit,
    /// A full load, and a fresh cache was written.
    Written,
    /// A full load, and no cache was written: a file was too recently modified, could not
    /// be stamped, or the cache could not be written.
    NotWritten,
}

/// Loads the content folder `dir`, through the parsed cache in `cache_dir` when one is given.
/// Fails only when the folder itself cannot be listed.
pub fn load_folder(dir: &Path, cache_dir: Option<&Path>) -> std::io::Result<(LoadReport, CacheUse)> {
    load_folder_with(dir, cache_dir, None)
}

/// [`load_folder`], handing `on_preview` the library's [`LibrarySummary`] as soon as the cache
/// has matched the folder, before the library is decoded: the reader draws its home from it
/// meanwhile. A full load hands over no preview.
pub fn load_folder_previewing(
    dir: &Path,
    cache_dir: Option<&Path>,
    mut on_preview: impl FnMut(LibrarySummary),
) -> std::io::Result<(LoadReport, CacheUse)> {
    load_folder_with(dir, cache_dir, Some(&mut on_preview))
}

fn load_folder_with(
    dir: &Path,
    cache_dir: Option<&Path>,
    on_preview: Option<&mut dyn FnMut(LibrarySummary)>,
) -> std::io::Result<(LoadReport, CacheUse)> {
    let listed = loader::list_folder(dir)?;
    let Some(cache_dir) = cache_dir else {
        return Ok((loader::load(as_files(listed)), CacheUse::Off));
    };
    let stamped = FolderStamps::of(dir, &listed);
    Ok(load_stamped(listed, cache_dir, stamped.as_ref(), on_preview))
}

/// [`load_folder`] for a folder listed and stamped already.
fn load_stamped(
    listed: Vec<(PathBuf, FileKind)>,
    cache_dir: &Path,
    stamped: Option<&FolderStamps>,
    on_preview: Option<&mut dyn FnMut(LibrarySummary)>,
) -> (LoadReport, CacheUse) {
    if let Some(stamped) = stamped {
        let cache_file = stamped.file(cache_dir, CACHE_EXTENSION);
        if let Some(report) = read_cache(&cache_file, stamped, on_preview) {
            mark_used(&cache_file);
            return (report, CacheUse::Hit);
        }
    }
    let report = loader::load(as_files(listed));
    let used = write_if_settled(stamped, |stamped| write_cache(cache_dir, stamped, &report));
    (report, used)
}

/// Writes a cache with `write` after a full load, unless a file could not be stamped or was
/// modified too recently for its stamp to be trusted (see [`RACY_WINDOW`]).
fn write_if_settled(
    stamped: Option<&FolderStamps>,
    write: impl FnOnce(&FolderStamps) -> std::io::Result<()>,
) -> CacheUse {
    match stamped {
        Some(stamped) if stamped.settled() && write(stamped).is_ok() => CacheUse::Written,
        _ => CacheUse::NotWritten,
    }
}

/// Marks a cache file as used, so that pruning keeps it (best effort: a cache that cannot be
/// marked is only pruned sooner).
fn mark_used(file: &Path) {
    let _ = std::fs::File::options()
        .write(true)
        .open(file)
        .and_then(|file| file.set_modified(SystemTime::now()));
}

fn as_files(listed: Vec<(PathBuf, FileKind)>) -> Vec<SourceFile> {
    listed
        .into_iter()
        .map(|(path, kind)| SourceFile {
            path: path.display().to_string(),
            kind,
            contents: Contents::File(path),
        })
        .collect()
}
