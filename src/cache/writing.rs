//! Writing a cache file: streamed, with a CRC-32 at its end, to a temporary file renamed
//! over the old one; and pruning the caches no load has used for a while.

use super::{CACHE_EXTENSION, SEARCH_EXTENSION, UNUSED_FOR};
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::time::SystemTime;

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
pub(super) fn write_atomically(cache_dir: &Path, file: &Path, cached: &impl Serialize) -> std::io::Result<()> {
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
