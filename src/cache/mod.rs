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
//! Right after the manifest, the cache holds a [`HomePreview`]: what the reader's home shows
//! first. [`load_folder_previewing`] hands it over as soon as the manifest has matched,
//! reading only that far, so the reader can draw its home while the library is decoded.
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

use crate::content::diagnostic::Diagnostic;
use crate::content::loader::{self, Contents, FileKind, SourceFile};
use crate::content::model::{BodySlot, Entry, Journey, Level};
use crate::content::preview::{HomePreview, NamesIn, NamesOut};
use crate::content::sanitize::is_clean;
use crate::content::{Library, LoadReport};
use crate::search::SearchIndex;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
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

/// [`load_folder`], handing `on_preview` the home's [`HomePreview`] as soon as the cache has
/// matched the folder, before the library is decoded: the reader draws its home from it
/// meanwhile. A full load hands over no preview.
pub fn load_folder_previewing(
    dir: &Path,
    cache_dir: Option<&Path>,
    mut on_preview: impl FnMut(HomePreview),
) -> std::io::Result<(LoadReport, CacheUse)> {
    load_folder_with(dir, cache_dir, Some(&mut on_preview))
}

fn load_folder_with(
    dir: &Path,
    cache_dir: Option<&Path>,
    on_preview: Option<&mut dyn FnMut(HomePreview)>,
) -> std::io::Result<(LoadReport, CacheUse)> {
    let listed = loader::list_folder(dir)?;
    let Some(cache_dir) = cache_dir else {
        return Ok((loader::load(as_files(listed)), CacheUse::Off));
    };
    let stamped = Stamped::of(dir, &listed);
    Ok(load_stamped(listed, cache_dir, stamped.as_ref(), on_preview))
}

/// A folder's files as listed and stamped, before any of them is read: a file that changes
/// after this has a different stamp next time, so a cache written from what is read next is
/// never taken for it. `None` when a file cannot be stamped, which rules caches out.
struct Stamped {
    started: SystemTime,
    identity: Identity,
    manifest: Vec<Stamp>,
    /// [`manifest_hash`] of `manifest`, worked out once: a search that misses its cache checks
    /// two files against it and may write two.
    manifest_hash: u64,
    /// The cache files' name, without its extension.
    stem: String,
}

impl Stamped {
    fn of(dir: &Path, listed: &[(PathBuf, FileKind)]) -> Option<Stamped> {
        let started = SystemTime::now();
        let identity = Identity::of(dir)?;
        let manifest: Vec<Stamp> = listed
            .par_iter()
            .map(|(path, kind)| Stamp::of(path, *kind))
            .collect::<Option<_>>()?;
        Some(Stamped {
            started,
            stem: identity.file_stem(dir),
            identity,
            manifest_hash: manifest_hash(&manifest),
            manifest,
        })
    }

    /// Whether every file was last modified long enough before the load started that its
    /// stamp can be trusted (see [`RACY_WINDOW`]).
    fn settled(&self) -> bool {
        self.manifest.iter().all(|stamp| {
            stamp
                .modified
                .and_then(|modified| self.started.duration_since(modified.to_time()).ok())
                .is_some_and(|age| age >= RACY_WINDOW)
        })
    }

    fn file(&self, cache_dir: &Path, extension: &str) -> PathBuf {
        cache_dir.join(format!("{}.{extension}", self.stem))
    }
}

/// [`load_folder`] for a folder listed and stamped already.
fn load_stamped(
    listed: Vec<(PathBuf, FileKind)>,
    cache_dir: &Path,
    stamped: Option<&Stamped>,
    on_preview: Option<&mut dyn FnMut(HomePreview)>,
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
fn write_if_settled(stamped: Option<&Stamped>, write: impl FnOnce(&Stamped) -> std::io::Result<()>) -> CacheUse {
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

/// What `lexicon search` needs of a folder: its search index, and each entry's id and title
/// in library order (the index's hits are positions in that order).
#[derive(Debug)]
pub struct Searchable {
    pub index: SearchIndex,
    pub names: Vec<(String, String)>,
}

/// What `lexicon search` needs of the content folder `dir`. With a cache folder, it comes
/// from the folder's search cache when that is current, checked as [`load_folder`] checks
/// the parsed cache: then neither the library nor its index is built. Otherwise the folder is
/// loaded (through its parsed cache), its index built, and a search cache written for next
/// time. The [`CacheUse`] is the search cache's. Fails only when the folder itself cannot be
/// listed.
///
/// The search cache is a file of its own, written only here, so that the reader and the other
/// commands never build or hold an index just to save it.
pub fn searchable_folder(dir: &Path, cache_dir: Option<&Path>) -> std::io::Result<(Searchable, CacheUse)> {
    let listed = loader::list_folder(dir)?;
    let Some(cache_dir) = cache_dir else {
        return Ok((searchable(loader::load(as_files(listed))), CacheUse::Off));
    };
    let stamped = Stamped::of(dir, &listed);
    if let Some(stamped) = &stamped {
        let search_file = stamped.file(cache_dir, SEARCH_EXTENSION);
        if let Some(found) = read_search(&search_file, stamped) {
            mark_used(&search_file);
            return Ok((found, CacheUse::Hit));
        }
    }
    let (report, _) = load_stamped(listed, cache_dir, stamped.as_ref(), None);
    let found = searchable(report);
    let used = write_if_settled(stamped.as_ref(), |stamped| write_search(cache_dir, stamped, &found));
    Ok((found, used))
}

/// The index of a loaded library, and its entries' ids and titles; the rest is dropped.
fn searchable(report: LoadReport) -> Searchable {
    let index = SearchIndex::new(&report.library);
    let names = report
        .library
        .into_entries()
        .into_iter()
        .map(|entry| (entry.id, entry.title))
        .collect();
    Searchable { index, names }
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

/// What a cache must have been written by and for: this folder, this cache format, and
/// this very lexicon binary (a rebuilt binary may load differently).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Identity {
    format: u32,
    folder: PathBuf,
    binary_len: u64,
    binary_modified: Mtime,
}

impl Identity {
    fn of(dir: &Path) -> Option<Identity> {
        let binary = std::env::current_exe().and_then(std::fs::metadata).ok()?;
        Some(Identity {
            format: FORMAT,
            folder: dir.canonicalize().ok()?,
            binary_len: binary.len(),
            // Without a modification time a rebuilt binary could pass for this one: no cache.
            binary_modified: Mtime::of(binary.modified().ok()?)?,
        })
    }

    /// One name per folder as named (the paths shown in diagnostics are the names given),
    /// after a hash of both the name and the folder it is. The parsed cache and the search
    /// cache add their own extensions.
    fn file_stem(&self, given: &Path) -> String {
        let mut hasher = std::hash::DefaultHasher::new();
        (given, &self.folder).hash(&mut hasher);
        format!("folder-{:016x}", hasher.finish())
    }
}

/// A modification time, as seconds and nanoseconds since 1970.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Mtime {
    seconds: u64,
    nanos: u32,
}

impl Mtime {
    fn of(time: SystemTime) -> Option<Mtime> {
        let since = time.duration_since(SystemTime::UNIX_EPOCH).ok()?;
        Some(Mtime {
            seconds: since.as_secs(),
            nanos: since.subsec_nanos(),
        })
    }

    fn to_time(self) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::new(self.seconds, self.nanos)
    }
}

/// One content file as listed and stamped. The path is kept as text: comparing 30,000 paths
/// as `Path`s, component by component, costs more than stamping them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Stamp {
    path: String,
    journey: bool,
    len: u64,
    modified: Option<Mtime>,
    /// The inode and the status-change time too: a tool that restores the modification time
    /// after an edit (or `touch -d`) cannot restore the change time, which the kernel sets.
    inode: u64,
    changed: (i64, i64),
}

impl Stamp {
    /// `None` when the file cannot be stamped, which rules the cache out for this load.
    fn of(path: &Path, kind: FileKind) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        let (inode, changed) = inode_and_change_time(&metadata);
        Some(Stamp {
            path: path.to_str()?.to_owned(),
            journey: kind == FileKind::Journey,
            len: metadata.len(),
            modified: Some(Mtime::of(metadata.modified().ok()?)?),
            inode,
            changed,
        })
    }
}

/// A file's inode, and its status-change time in seconds and nanoseconds (both 0 where the
/// platform has none).
fn inode_and_change_time(metadata: &std::fs::Metadata) -> (u64, (i64, i64)) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (metadata.ino(), (metadata.ctime(), metadata.ctime_nsec()))
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        (0, (0, 0))
    }
}

/// Everything a cache file holds, in the order it is checked. Written from borrowed parts
/// of the library (no copy of 30,000 entries on the way out); read back as owned ones.
///
/// It is read in parts, [`Header`], [`Manifest`], the preview and then [`Rest`]: postcard
/// writes a struct as its fields one after another, with nothing around them, so the fields
/// of the parts in turn are the same bytes. The header says how long the manifest and the
/// preview are together, so they are read from the file on their own, and the preview
/// handed over, before the bulk of the file is read; a load that wants no preview steps over
/// it without decoding it. A cache for another binary or another set of files is rejected on
/// its header, read from the start of the file alone: reading the whole cache only to throw it
/// away would cost time, and memory the full load then cannot get back.
#[derive(Serialize)]
struct Cached<'a> {
    identity: &'a Identity,
    manifest_hash: u64,
    head_len: u64,
    head_crc: u32,
    manifest: &'a [Stamp],
    preview: &'a HomePreview,
    preview_names: NamesOut<'a>,
    entries: EntriesOut<'a>,
    journeys: Vec<CachedJourney<'a>>,
    backlink_starts: Cow<'a, [usize]>,
    backlink_sources: Cow<'a, [usize]>,
    diagnostics: Cow<'a, [Diagnostic]>,
    skipped_files: usize,
}

/// The first fields of [`Cached`]: whether the cache is likely to be usable.
#[derive(Deserialize)]
struct Header {
    identity: Identity,
    manifest_hash: u64,
    /// The length in bytes of what follows the header up to the library (or the search
    /// index): the manifest, and the parsed cache's preview.
    head_len: u64,
    /// The CRC-32 of those bytes, checked before the preview is shown; the whole file has its
    /// own, at its end, checked before the rest is used.
    head_crc: u32,
}

/// The manifest field of [`Cached`], compared in full when the header matches. Its paths are
/// borrowed from the bytes read: 30,000 of them are only compared, never kept.
#[derive(Deserialize)]
struct Manifest<'a> {
    #[serde(borrow)]
    manifest: Vec<StampRead<'a>>,
}

/// A [`Stamp`] as read back, borrowing its path.
#[derive(Deserialize)]
struct StampRead<'a> {
    path: &'a str,
    journey: bool,
    len: u64,
    modified: Option<Mtime>,
    inode: u64,
    changed: (i64, i64),
}

impl PartialEq<Stamp> for StampRead<'_> {
    fn eq(&self, stamp: &Stamp) -> bool {
        self.path == stamp.path
            && self.journey == stamp.journey
            && self.len == stamp.len
            && self.modified == stamp.modified
            && self.inode == stamp.inode
            && self.changed == stamp.changed
    }
}

/// More than any header: a path is at most 4 KiB.
const HEADER_BYTES: u64 = 16 * 1024;

/// A hash of a manifest, to reject a cache for other files without decoding its manifest.
fn manifest_hash(manifest: &[Stamp]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    manifest.hash(&mut hasher);
    hasher.finish()
}

/// The fields of [`Cached`] after the preview.
#[derive(Deserialize)]
struct Rest<'a> {
    entries: Vec<CachedEntry<'a>>,
    journeys: Vec<CachedJourney<'a>>,
    backlink_starts: Cow<'a, [usize]>,
    backlink_sources: Cow<'a, [usize]>,
    diagnostics: Cow<'a, [Diagnostic]>,
    skipped_files: usize,
}

/// An [`Entry`] whose body is in its file, every field kept (the model's own serialization
/// is the JSON of `lexicon show`, which leaves some out).
#[derive(Serialize, Deserialize)]
struct CachedEntry<'a> {
    id: Cow<'a, str>,
    title: Cow<'a, str>,
    aliases: Cow<'a, [String]>,
    level: Level,
    tags: Cow<'a, [String]>,
    verified: Option<Cow<'a, str>>,
    definition: Cow<'a, str>,
    related: Cow<'a, [String]>,
    compared: Cow<'a, [String]>,
    path: Cow<'a, str>,
    body_path: Cow<'a, Path>,
}

/// The library's entries, written one [`CachedEntry`] at a time.
struct EntriesOut<'a>(&'a [Entry]);

impl Serialize for EntriesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut entries = serializer.serialize_seq(Some(self.0.len()))?;
        for entry in self.0 {
            // A folder's entries all leave their bodies on disk; anything else is not cached.
            let BodySlot::OnDisk(body_path) = &entry.body else {
                return Err(S::Error::custom("an entry holds its body in memory"));
            };
            entries.serialize_element(&CachedEntry {
                id: Cow::Borrowed(&entry.id),
                title: Cow::Borrowed(&entry.title),
                aliases: Cow::Borrowed(&entry.aliases),
                level: entry.level,
                tags: Cow::Borrowed(&entry.tags),
                verified: entry.verified.as_deref().map(Cow::Borrowed),
                definition: Cow::Borrowed(&entry.definition),
                related: Cow::Borrowed(&entry.related),
                compared: Cow::Borrowed(&entry.compared),
                path: Cow::Borrowed(&entry.path),
                body_path: Cow::Borrowed(body_path),
            })?;
        }
        entries.end()
    }
}

#[derive(Serialize, Deserialize)]
struct CachedJourney<'a> {
    id: Cow<'a, str>,
    title: Cow<'a, str>,
    description: Cow<'a, str>,
    steps: Cow<'a, [String]>,
    path: Cow<'a, str>,
}

/// A cache file whose header and manifest match the folder, read as far as its head: the
/// manifest and whatever [`Header::head_len`] counts after it.
struct CheckedCache {
    opened: std::fs::File,
    bytes: Vec<u8>,
    /// Where, in `bytes`, what follows the manifest starts and the head ends.
    after_manifest: usize,
    head_end: usize,
}

impl CheckedCache {
    /// What follows the manifest in the head.
    fn head_after_manifest(&self) -> &[u8] {
        &self.bytes[self.after_manifest..self.head_end]
    }

    /// The rest of the file, after the head: the bytes read so far are kept, in a buffer
    /// sized for the whole file when the header checked out. `None` unless the file's
    /// checksum, its last four bytes, matches what precedes it: a flipped bit anywhere
    /// makes the cache stale, never a fact on screen.
    fn read_rest(mut self) -> Option<(Vec<u8>, usize)> {
        self.opened.read_to_end(&mut self.bytes).ok()?;
        let body_len = self.bytes.len().checked_sub(CHECKSUM_BYTES)?;
        let stored = u32::from_le_bytes(self.bytes.get(body_len..)?.try_into().ok()?);
        if crc32fast::hash(&self.bytes[..body_len]) != stored || self.head_end > body_len {
            return None;
        }
        self.bytes.truncate(body_len);
        Some((self.bytes, self.head_end))
    }
}

/// Opens a cache file, parsed or search, and checks that it was written by this binary for
/// exactly these files: its header first, from the start of the file alone, then its
/// manifest in full. Reads no further than the head (see [`Header::head_len`]).
fn read_checked(file: &Path, stamped: &Stamped) -> Option<CheckedCache> {
    let mut opened = std::fs::File::open(file).ok()?;
    let mut bytes = Vec::new();
    (&mut opened).take(HEADER_BYTES).read_to_end(&mut bytes).ok()?;
    let (header, after_header) = postcard::take_from_bytes::<Header>(&bytes).ok()?;
    if header.identity != stamped.identity || header.manifest_hash != stamped.manifest_hash {
        return None;
    }
    let head_start = bytes.len() - after_header.len();
    let size = usize::try_from(opened.metadata().ok()?.len()).ok()?;
    let head_end = head_start
        .checked_add(usize::try_from(header.head_len).ok()?)
        .filter(|&end| end <= size)?;
    // One buffer for the whole file, sized once, now that the header says it is likely used.
    bytes.reserve_exact(size.saturating_sub(bytes.len()));
    let unread = u64::try_from(head_end.saturating_sub(bytes.len())).ok()?;
    (&mut opened).take(unread).read_to_end(&mut bytes).ok()?;
    let head = bytes.get(head_start..head_end)?;
    if crc32fast::hash(head) != header.head_crc {
        return None;
    }
    let (stored, after_manifest) = postcard::take_from_bytes::<Manifest>(head).ok()?;
    if stored.manifest != stamped.manifest {
        return None;
    }
    let after_manifest = head_end - after_manifest.len();
    Some(CheckedCache {
        opened,
        bytes,
        after_manifest,
        head_end,
    })
}

/// How many bytes the whole file's checksum takes at its end.
const CHECKSUM_BYTES: usize = 4;

/// [`Header::head_len`] and [`Header::head_crc`] for a manifest and what follows it in the
/// head.
fn head_sum(manifest: &[Stamp], after_manifest: &impl Serialize) -> std::io::Result<(u64, u32)> {
    let mut head = postcard::to_stdvec(manifest).map_err(std::io::Error::other)?;
    head.extend(postcard::to_stdvec(after_manifest).map_err(std::io::Error::other)?);
    let len = u64::try_from(head.len()).map_err(std::io::Error::other)?;
    Ok((len, crc32fast::hash(&head)))
}

fn read_cache(file: &Path, stamped: &Stamped, on_preview: Option<&mut dyn FnMut(HomePreview)>) -> Option<LoadReport> {
    let checked = read_checked(file, stamped)?;
    if let Some(on_preview) = on_preview {
        // A preview that does not decode, or is not sound, is not shown; the library may
        // still load, and is checked on its own.
        if let Ok(preview) = postcard::from_bytes::<(HomePreview, NamesIn)>(checked.head_after_manifest())
            && preview.0.is_sound()
        {
            on_preview(preview.0.with_names(preview.1.0));
        }
    }
    let (bytes, head_end) = checked.read_rest()?;
    let cached: Rest = postcard::from_bytes(bytes.get(head_end..)?).ok()?;
    drop(bytes);
    // Everything here was sanitized before it was written. A cache that holds what the
    // sanitizer removes was altered since, and is not used: nothing from it reaches a terminal.
    let entries_clean = cached.entries.par_iter().all(|entry| {
        [&entry.id, &entry.title, &entry.definition, &entry.path]
            .into_iter()
            .map(|text| text.as_ref())
            .chain(entry.verified.as_deref())
            .chain(
                [&entry.aliases, &entry.tags, &entry.related, &entry.compared]
                    .into_iter()
                    .flat_map(|list| list.iter().map(String::as_str)),
            )
            .all(is_clean)
    });
    let journeys_clean = cached.journeys.iter().all(|journey| {
        [&journey.id, &journey.title, &journey.description, &journey.path]
            .into_iter()
            .map(|text| text.as_ref())
            .chain(journey.steps.iter().map(String::as_str))
            .all(is_clean)
    });
    let diagnostics_clean = cached
        .diagnostics
        .iter()
        .all(|diagnostic| is_clean(&diagnostic.path) && is_clean(&diagnostic.message));
    if !(entries_clean && journeys_clean && diagnostics_clean) {
        return None;
    }
    let entries = cached
        .entries
        .into_iter()
        .map(|entry| Entry {
            id: entry.id.into_owned(),
            title: entry.title.into_owned(),
            aliases: entry.aliases.into_owned(),
            level: entry.level,
            tags: entry.tags.into_owned(),
            verified: entry.verified.map(Cow::into_owned),
            definition: entry.definition.into_owned(),
            related: entry.related.into_owned(),
            compared: entry.compared.into_owned(),
            body: BodySlot::OnDisk(entry.body_path.into_owned()),
            path: entry.path.into_owned(),
        })
        .collect();
    let journeys = cached
        .journeys
        .into_iter()
        .map(|journey| Journey {
            id: journey.id.into_owned(),
            title: journey.title.into_owned(),
            description: journey.description.into_owned(),
            steps: journey.steps.into_owned(),
            path: journey.path.into_owned(),
        })
        .collect();
    let library = Library::restored(
        entries,
        journeys,
        cached.backlink_starts.into_owned(),
        cached.backlink_sources.into_owned(),
    )?;
    Some(LoadReport {
        library,
        diagnostics: cached.diagnostics.into_owned(),
        skipped_files: cached.skipped_files,
    })
}

/// Everything a search cache holds: the same header and manifest as the parsed cache, then
/// the search index and each entry's id and title.
#[derive(Serialize)]
struct SearchCached<'a> {
    identity: &'a Identity,
    manifest_hash: u64,
    head_len: u64,
    head_crc: u32,
    manifest: &'a [Stamp],
    index: &'a SearchIndex,
    names: &'a [(String, String)],
}

/// What follows the manifest in a search cache.
#[derive(Deserialize)]
struct SearchRest {
    index: SearchIndex,
    names: Vec<(String, String)>,
}

fn read_search(file: &Path, stamped: &Stamped) -> Option<Searchable> {
    let (bytes, head_end) = read_checked(file, stamped)?.read_rest()?;
    let cached: SearchRest = postcard::from_bytes(bytes.get(head_end..)?).ok()?;
    drop(bytes);
    // As for the parsed cache: only what the sanitizer would leave as it is (the ids and
    // titles are printed), and an index whose every position fits.
    let whole = cached.index.is_consistent()
        && cached.names.len() == cached.index.len()
        && cached.names.iter().all(|(id, title)| is_clean(id) && is_clean(title));
    whole.then_some(Searchable {
        index: cached.index,
        names: cached.names,
    })
}

fn write_search(cache_dir: &Path, stamped: &Stamped, found: &Searchable) -> std::io::Result<()> {
    let (head_len, head_crc) = head_sum(&stamped.manifest, &())?;
    let cached = SearchCached {
        identity: &stamped.identity,
        manifest_hash: stamped.manifest_hash,
        head_len,
        head_crc,
        manifest: &stamped.manifest,
        index: &found.index,
        names: &found.names,
    };
    write_atomically(cache_dir, &stamped.file(cache_dir, SEARCH_EXTENSION), &cached)
}

/// Writes the parsed cache for `report` (see [`write_atomically`]).
fn write_cache(cache_dir: &Path, stamped: &Stamped, report: &LoadReport) -> std::io::Result<()> {
    let library = &report.library;
    let journeys = library
        .journeys()
        .iter()
        .map(|journey| CachedJourney {
            id: Cow::Borrowed(&journey.id),
            title: Cow::Borrowed(&journey.title),
            description: Cow::Borrowed(&journey.description),
            steps: Cow::Borrowed(&journey.steps),
            path: Cow::Borrowed(&journey.path),
        })
        .collect();
    let (starts, sources) = library.backlink_parts();
    let preview = HomePreview::without_names(report);
    let preview_names = NamesOut(library.entries());
    let (head_len, head_crc) = head_sum(&stamped.manifest, &(&preview, &preview_names))?;
    let cached = Cached {
        identity: &stamped.identity,
        manifest_hash: stamped.manifest_hash,
        head_len,
        head_crc,
        manifest: &stamped.manifest,
        preview: &preview,
        preview_names,
        entries: EntriesOut(library.entries()),
        journeys,
        backlink_starts: Cow::Borrowed(starts),
        backlink_sources: Cow::Borrowed(sources),
        diagnostics: Cow::Borrowed(&report.diagnostics),
        skipped_files: report.skipped_files,
    };
    write_atomically(cache_dir, &stamped.file(cache_dir, CACHE_EXTENSION), &cached)
}

/// A writer that keeps the CRC-32 of what passes through it.
struct Summing<W> {
    out: W,
    sum: crc32fast::Hasher,
}

impl<W: Write> Write for Summing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.out.write(bytes)?;
        self.sum.update(&bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Writes `cached` to `file` atomically: a temporary file, flushed to disk, renamed over the
/// old one, so a crash leaves the old file or the new one, never half of one. Then prunes.
fn write_atomically(cache_dir: &Path, file: &Path, cached: &impl Serialize) -> std::io::Result<()> {
    std::fs::create_dir_all(cache_dir)?;
    let temporary = file.with_extension(format!(
        "{}.tmp-{}",
        file.extension().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let out = Summing {
            out: std::io::BufWriter::new(std::fs::File::create(&temporary)?),
            sum: crc32fast::Hasher::new(),
        };
        // Streamed: the encoded cache is never held in memory whole.
        let Summing { mut out, sum } = postcard::to_io(cached, out).map_err(std::io::Error::other)?;
        out.write_all(&sum.finalize().to_le_bytes())?;
        out.flush()?;
        out.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&temporary, file)
    })();
    if written.is_err() {
        // Best effort: the temporary file is ours and useless now.
        let _ = std::fs::remove_file(&temporary);
    }
    prune(cache_dir, file);
    written
}

/// Removes the caches of folders not loaded for [`UNUSED_FOR`], and temporary files left by a
/// writer that died, so that trying many folders does not fill the cache directory. Only
/// files named as this module names them are touched; failures are ignored.
fn prune(cache_dir: &Path, keep: &Path) {
    let Ok(listed) = std::fs::read_dir(cache_dir) else {
        return;
    };
    let now = SystemTime::now();
    for item in listed.flatten() {
        let path = item.path();
        let name = item.file_name();
        let name = name.to_string_lossy();
        let extension = path.extension().and_then(|extension| extension.to_str());
        let ours = name.starts_with("folder-")
            && (matches!(extension, Some(CACHE_EXTENSION | SEARCH_EXTENSION)) || name.contains(".tmp-"));
        let unused = item
            .metadata()
            .and_then(|metadata| metadata.modified())
            .is_ok_and(|modified| now.duration_since(modified).is_ok_and(|age| age >= UNUSED_FOR));
        if ours && unused && path != keep {
            let _ = std::fs::remove_file(&path);
        }
    }
}
