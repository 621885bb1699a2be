//! What a cache must match to be used: the binary that wrote it, the folder, and every
//! file's stamp (path, size, modification time, inode, change time), taken before any file
//! is read.

use super::{FORMAT, RACY_WINDOW};
use crate::content::loader::FileKind;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
/// A folder's files as listed and stamped, before any of them is read: a file that changes
/// after this has a different stamp next time, so a cache written from what is read next is
/// never taken for it. `None` when a file cannot be stamped, which rules caches out.
pub(super) struct FolderStamps {
    pub(super) started: SystemTime,
    pub(super) identity: Identity,
    pub(super) manifest: Vec<FileStamp>,
    /// [`manifest_hash`] of `manifest`, worked out once: a search that misses its cache checks
    /// two files against it and may write two.
    pub(super) manifest_hash: u64,
    /// The cache files' name, without its extension.
    pub(super) stem: String,
}

impl FolderStamps {
    pub(super) fn of(dir: &Path, listed: &[(PathBuf, FileKind)]) -> Option<FolderStamps> {
        let started = SystemTime::now();
        let identity = Identity::of(dir)?;
        let manifest: Vec<FileStamp> = listed
            .par_iter()
            .map(|(path, kind)| FileStamp::of(path, *kind))
            .collect::<Option<_>>()?;
        Some(FolderStamps {
            started,
            stem: identity.file_stem(dir),
            identity,
            manifest_hash: manifest_hash(&manifest),
            manifest,
        })
    }

    /// Whether every file was last modified long enough before the load started that its
    /// stamp can be trusted (see [`RACY_WINDOW`]).
    pub(super) fn settled(&self) -> bool {
        self.manifest.iter().all(|stamp| {
            stamp
                .modified
                .and_then(|modified| self.started.duration_since(modified.to_time()).ok())
                .is_some_and(|age| age >= RACY_WINDOW)
        })
    }

    pub(super) fn file(&self, cache_dir: &Path, extension: &str) -> PathBuf {
        cache_dir.join(format!("{}.{extension}", self.stem))
    }
}

/// [`FolderStamps::file`] before the folder is listed: the name depends only on the folder
/// and the binary, not on the files.
pub(super) fn cache_file_of(dir: &Path, cache_dir: &Path, extension: &str) -> Option<PathBuf> {
    let identity = Identity::of(dir)?;
    Some(cache_dir.join(format!("{}.{extension}", identity.file_stem(dir))))
}

/// What a cache must have been written by and for: this folder, this cache format, and
/// this very lexicon binary (a rebuilt binary may load differently).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Identity {
    format: u32,
    folder: PathBuf,
    binary_len: u64,
    binary_modified: Mtime,
}

impl Identity {
    pub(super) fn of(dir: &Path) -> Option<Identity> {
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
pub(super) struct Mtime {
    seconds: u64,
    nanos: u32,
}

impl Mtime {
    pub(super) fn of(time: SystemTime) -> Option<Mtime> {
        let since = time.duration_since(SystemTime::UNIX_EPOCH).ok()?;
        Some(Mtime {
            seconds: since.as_secs(),
            nanos: since.subsec_nanos(),
        })
    }

    pub(super) fn to_time(self) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::new(self.seconds, self.nanos)
    }
}

/// One content file as listed and stamped. The path is kept as text: comparing 30,000 paths
/// as `Path`s, component by component, costs more than stamping them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(super) struct FileStamp {
    pub(super) path: String,
    pub(super) journey: bool,
    pub(super) len: u64,
    pub(super) modified: Option<Mtime>,
    /// The inode and the status-change time too: a tool that restores the modification time
    /// after an edit (or `touch -d`) cannot restore the change time, which the kernel sets.
    pub(super) inode: u64,
    pub(super) changed: (i64, i64),
}

impl FileStamp {
    /// `None` when the file cannot be stamped, which rules the cache out for this load.
    pub(super) fn of(path: &Path, kind: FileKind) -> Option<FileStamp> {
        let metadata = std::fs::metadata(path).ok()?;
        let (inode, changed) = inode_and_change_time(&metadata);
        Some(FileStamp {
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

/// A hash of a manifest, to reject a cache for other files without decoding its manifest.
pub(super) fn manifest_hash(manifest: &[FileStamp]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    manifest.hash(&mut hasher);
    hasher.finish()
}
