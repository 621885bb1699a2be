//! The search cache: the same header and manifest as the parsed cache, then the folder's
//! search index and each entry's id and title, so `lexicon search` of an unchanged folder
//! neither loads the library nor builds an index.

use super::format::{ReadAhead, head_sum, read_ahead};
use super::stamps::{FileStamp, FolderStamps, Identity, cache_file_of};
use super::writing::write_atomically;
use super::{CacheUse, SEARCH_EXTENSION, as_files, load_stamped, mark_used, write_if_settled};
use crate::content::LoadReport;
use crate::content::loader;
use crate::content::sanitize::is_clean;
use crate::search::SearchIndex;
use serde::{Deserialize, Serialize};
use std::path::Path;
/// What `lexicon search` needs of a folder: its search index, and each entry's id and title
/// in library order (the index's hits are positions in that order).
#[derive(Debug)]
pub struct Searchable {
    pub index: SearchIndex,
    pub names: Vec<(String, String)>,
}

/// What `lexicon search` needs of the content folder `dir`. With a cache folder, it comes
/// from the folder's search cache when that is current, checked as [`load_folder`](super::load_folder) checks
/// the parsed cache: then neither the library nor its index is built. Otherwise the folder is
/// loaded (through its parsed cache), its index built, and a search cache written for next
/// time. The [`CacheUse`] is the search cache's. Fails only when the folder itself cannot be
/// listed.
///
/// The search cache is a file of its own, written only here, so that the reader and the other
/// commands never build or hold an index just to save it.
pub fn searchable_folder(dir: &Path, cache_dir: Option<&Path>) -> std::io::Result<(Searchable, CacheUse)> {
    let Some(cache_dir) = cache_dir else {
        let listed = loader::list_folder(dir)?;
        return Ok((searchable(loader::load(as_files(listed))), CacheUse::Off));
    };
    // The search cache's name depends only on the folder, so it is read and decoded on one
    // core while the folder is listed and stamped on the other; it is used only when every
    // stamp agrees with its manifest.
    let (listed_and_stamped, read_ahead) = rayon::join(
        || {
            loader::list_folder(dir).map(|listed| {
                let stamped = FolderStamps::of(dir, &listed);
                (listed, stamped)
            })
        },
        || read_search_ahead(dir, cache_dir),
    );
    let (listed, stamped) = listed_and_stamped?;
    if let Some(stamped) = &stamped
        && let Some((ahead, found)) = read_ahead
        && ahead.written_for(stamped)
    {
        mark_used(&stamped.file(cache_dir, SEARCH_EXTENSION));
        return Ok((found, CacheUse::Hit));
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
/// Everything a search cache holds: the same header and manifest as the parsed cache, then
/// the search index and each entry's id and title.
#[derive(Serialize)]
struct SearchCached<'a> {
    identity: &'a Identity,
    manifest_hash: u64,
    head_len: u64,
    head_crc: u32,
    manifest: &'a [FileStamp],
    index: &'a SearchIndex,
    names: &'a [(String, String)],
}

/// What follows the manifest in a search cache.
#[derive(Deserialize)]
struct SearchRest {
    index: SearchIndex,
    names: Vec<(String, String)>,
}

/// The folder's search cache, read and decoded before the folder is stamped (see
/// [`ReadAhead`]), when it is whole.
fn read_search_ahead(dir: &Path, cache_dir: &Path) -> Option<(ReadAhead, Searchable)> {
    let ahead = read_ahead(&cache_file_of(dir, cache_dir, SEARCH_EXTENSION)?)?;
    let cached: SearchRest = postcard::from_bytes(ahead.rest()).ok()?;
    // As for the parsed cache: only what the sanitizer would leave as it is (the ids and
    // titles are printed), and an index whose every position fits.
    let whole = cached.index.is_consistent()
        && cached.names.len() == cached.index.len()
        && cached.names.iter().all(|(id, title)| is_clean(id) && is_clean(title));
    whole.then_some((
        ahead,
        Searchable {
            index: cached.index,
            names: cached.names,
        },
    ))
}

fn write_search(cache_dir: &Path, stamped: &FolderStamps, found: &Searchable) -> std::io::Result<()> {
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
