//! The parsed cache: the library without its lesson bodies, the journeys, the backlinks and
//! what the load reported, after the library's summary (the preview); written from borrowed parts of the
//! library and read back checked against the sanitizer.

use super::CACHE_EXTENSION;
use super::format::{head_sum, read_checked};
use super::stamps::{FileStamp, FolderStamps, Identity};
use super::writing::write_atomically;
use crate::content::diagnostic::Diagnostic;
use crate::content::model::{BodySlot, Entry, Journey, Level};
use crate::content::sanitize::is_clean;
use crate::content::summary::{IdsAndTitles, IdsAndTitlesJoined, LibrarySummary};
use crate::content::{Library, LoadReport};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::Path;

/// Everything a cache file holds, in the order it is checked. Written from borrowed parts
/// of the library (no copy of 30,000 entries on the way out); read back as owned ones.
///
/// It is read in parts, [`CacheHeader`](super::format::CacheHeader), [`Manifest`](super::format::Manifest), the preview and then [`Rest`]: postcard
/// writes a struct as its fields one after another, with nothing around them, so the fields
/// of the parts in turn are the same bytes. The header says how long the manifest and the
/// preview are together, so they are read from the file on their own, and the preview
/// handed over, before the bulk of the file is read; a load that wants no preview steps over
/// it without decoding it. A cache for another binary or another set of files is rejected on
/// its header, read from the start of the file alone: reading the whole cache only to throw it
/// away would cost time, and memory the full load then cannot get back.
#[derive(Serialize)]
pub(super) struct Cached<'a> {
    identity: &'a Identity,
    manifest_hash: u64,
    head_len: u64,
    head_crc: u32,
    manifest: &'a [FileStamp],
    preview: &'a LibrarySummary,
    preview_names: IdsAndTitles<'a>,
    entries: EntriesOut<'a>,
    journeys: Vec<CachedJourney<'a>>,
    backlink_starts: Cow<'a, [usize]>,
    backlink_sources: Cow<'a, [usize]>,
    diagnostics: Cow<'a, [Diagnostic]>,
    skipped_files: usize,
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

pub(super) fn read_cache(
    file: &Path,
    stamped: &FolderStamps,
    on_preview: Option<&mut dyn FnMut(LibrarySummary)>,
) -> Option<LoadReport> {
    let checked = read_checked(file, stamped)?;
    if let Some(on_preview) = on_preview {
        // A preview that does not decode, or is not sound, is not shown; the library may
        // still load, and is checked on its own.
        if let Ok(preview) = postcard::from_bytes::<(LibrarySummary, IdsAndTitlesJoined)>(checked.head_after_manifest())
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
            // Layered loads, the only ones with replacing entries, never use the cache.
            replaces: None,
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

/// Writes the parsed cache for `report` (see [`write_atomically`]).
pub(super) fn write_cache(cache_dir: &Path, stamped: &FolderStamps, report: &LoadReport) -> std::io::Result<()> {
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
    let preview = LibrarySummary::without_names(report);
    let preview_names = IdsAndTitles(library.entries());
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
