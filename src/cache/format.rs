//! The layout both cache files share: a header (who wrote the cache, for which files, how
//! long its head is), the manifest, and a CRC-32 at the end; and the read that checks a file
//! against the folder before anything after its head is used.

use super::stamps::{FileStamp, FolderStamps, Identity, Mtime};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;
/// The first fields of [`Cached`](super::parsed_cache::Cached): whether the cache is likely to be usable.
#[derive(Deserialize)]
pub(super) struct CacheHeader {
    identity: Identity,
    manifest_hash: u64,
    /// The length in bytes of what follows the header up to the library (or the search
    /// index): the manifest, and the parsed cache's preview.
    head_len: u64,
    /// The CRC-32 of those bytes, checked before the preview is shown; the whole file has its
    /// own, at its end, checked before the rest is used.
    head_crc: u32,
}

/// The manifest field of [`Cached`](super::parsed_cache::Cached), compared in full when the header matches. Its paths are
/// borrowed from the bytes read: 30,000 of them are only compared, never kept.
#[derive(Deserialize)]
pub(super) struct Manifest<'a> {
    #[serde(borrow)]
    manifest: Vec<BorrowedFileStamp<'a>>,
}

/// A [`FileStamp`] as read back, borrowing its path.
#[derive(Deserialize)]
struct BorrowedFileStamp<'a> {
    path: &'a str,
    journey: bool,
    len: u64,
    modified: Option<Mtime>,
    inode: u64,
    changed: (i64, i64),
}

impl PartialEq<FileStamp> for BorrowedFileStamp<'_> {
    fn eq(&self, stamp: &FileStamp) -> bool {
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

/// A cache file whose header and manifest match the folder, read as far as its head: the
/// manifest and whatever [`CacheHeader::head_len`] counts after it.
pub(super) struct CheckedCache {
    opened: std::fs::File,
    bytes: Vec<u8>,
    /// Where, in `bytes`, what follows the manifest starts and the head ends.
    after_manifest: usize,
    head_end: usize,
}

impl CheckedCache {
    /// What follows the manifest in the head.
    pub(super) fn head_after_manifest(&self) -> &[u8] {
        &self.bytes[self.after_manifest..self.head_end]
    }

    /// The rest of the file, after the head: the bytes read so far are kept, in a buffer
    /// sized for the whole file when the header checked out. `None` unless the file's
    /// checksum, its last four bytes, matches what precedes it: a flipped bit anywhere
    /// makes the cache stale, never a fact on screen.
    pub(super) fn read_rest(mut self) -> Option<(Vec<u8>, usize)> {
        self.opened.read_to_end(&mut self.bytes).ok()?;
        let bytes = without_checksum(self.bytes)?;
        (self.head_end <= bytes.len()).then_some((bytes, self.head_end))
    }
}

/// `bytes` without the checksum at their end, when it matches what precedes it.
fn without_checksum(mut bytes: Vec<u8>) -> Option<Vec<u8>> {
    let body_len = bytes.len().checked_sub(CHECKSUM_BYTES)?;
    let stored = u32::from_le_bytes(bytes.get(body_len..)?.try_into().ok()?);
    if crc32fast::hash(&bytes[..body_len]) != stored {
        return None;
    }
    bytes.truncate(body_len);
    Some(bytes)
}

impl CacheHeader {
    /// Where the head ends, for a head starting at `head_start` of a file of `size` bytes:
    /// `None` when the header claims more than the file holds.
    fn head_end(&self, head_start: usize, size: usize) -> Option<usize> {
        head_start
            .checked_add(usize::try_from(self.head_len).ok()?)
            .filter(|&end| end <= size)
    }
}

/// Opens a cache file, parsed or search, and checks that it was written by this binary for
/// exactly these files: its header first, from the start of the file alone, then its
/// manifest in full. Reads no further than the head (see [`CacheHeader::head_len`]).
pub(super) fn read_checked(file: &Path, stamped: &FolderStamps) -> Option<CheckedCache> {
    let mut opened = std::fs::File::open(file).ok()?;
    let mut bytes = Vec::new();
    (&mut opened).take(HEADER_BYTES).read_to_end(&mut bytes).ok()?;
    let (header, after_header) = postcard::take_from_bytes::<CacheHeader>(&bytes).ok()?;
    if header.identity != stamped.identity || header.manifest_hash != stamped.manifest_hash {
        return None;
    }
    let head_start = bytes.len() - after_header.len();
    let size = usize::try_from(opened.metadata().ok()?.len()).ok()?;
    let head_end = header.head_end(head_start, size)?;
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

/// A whole cache file read before the folder's files are stamped, so that reading and
/// decoding it overlap listing and stamping them; nothing in it is used until
/// [`ReadAhead::written_for`] has compared it with the stamps.
pub(super) struct ReadAhead {
    bytes: Vec<u8>,
    header: CacheHeader,
    head_start: usize,
    head_end: usize,
}

/// Reads `file` whole, in one read, and checks its checksum and layout (not yet the folder).
pub(super) fn read_ahead(file: &Path) -> Option<ReadAhead> {
    let bytes = without_checksum(std::fs::read(file).ok()?)?;
    let (header, after_header) = postcard::take_from_bytes::<CacheHeader>(&bytes).ok()?;
    let head_start = bytes.len() - after_header.len();
    let head_end = header.head_end(head_start, bytes.len())?;
    Some(ReadAhead {
        bytes,
        header,
        head_start,
        head_end,
    })
}

impl ReadAhead {
    /// What follows the head: the search index and names, for the caller to decode.
    pub(super) fn rest(&self) -> &[u8] {
        &self.bytes[self.head_end..]
    }

    /// Whether this file was written by this binary for exactly the files `stamped` lists.
    pub(super) fn written_for(&self, stamped: &FolderStamps) -> bool {
        self.header.identity == stamped.identity
            && self.header.manifest_hash == stamped.manifest_hash
            && postcard::take_from_bytes::<Manifest>(&self.bytes[self.head_start..self.head_end])
                .is_ok_and(|(stored, _)| stored.manifest == stamped.manifest)
    }
}

/// How many bytes the whole file's checksum takes at its end.
const CHECKSUM_BYTES: usize = 4;

/// [`CacheHeader::head_len`] and [`CacheHeader::head_crc`] for a manifest and what follows it in the
/// head.
pub(super) fn head_sum(manifest: &[FileStamp], after_manifest: &impl Serialize) -> std::io::Result<(u64, u32)> {
    let mut head = postcard::to_stdvec(manifest).map_err(std::io::Error::other)?;
    head.extend(postcard::to_stdvec(after_manifest).map_err(std::io::Error::other)?);
    let len = u64::try_from(head.len()).map_err(std::io::Error::other)?;
    Ok((len, crc32fast::hash(&head)))
}
