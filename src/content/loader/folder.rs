//! Finding a content folder's files, and reading one file with bounds.
//!
//! A folder is listed without reading anything, so that [`load`](super::load) can read each
//! file on the thread that parses it. A read refuses anything but a regular file, opens
//! without blocking (a FIFO with no writer cannot hold up the load), stops at
//! [`MAX_FILE_BYTES`] whatever the metadata says, and stamps the file with its size and
//! modification time, so that a lesson body read back later can tell the file changed.

use super::{Contents, FileKind, SourceFile};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Lists the YAML files of a content folder: `DIR/terms/*.yaml` and `DIR/journeys/*.yaml`,
/// sorted by path so diagnostics come out in a stable order.
///
/// Nothing is read yet: [`load`](super::load) reads each file on the thread that parses it.
pub fn read_folder(dir: &Path) -> Result<Vec<SourceFile>, std::io::Error> {
    Ok(list_folder(dir)?
        .into_iter()
        .map(|(path, kind)| SourceFile {
            path: path.display().to_string(),
            kind,
            contents: Contents::File(path),
        })
        .collect())
}

/// The files [`read_folder`] reads, in its order, without reading them.
pub(crate) fn list_folder(dir: &Path) -> Result<Vec<(PathBuf, FileKind)>, std::io::Error> {
    let terms = dir.join("terms");
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "{} is not a folder (a content folder holds terms/<id>.yaml and, optionally, journeys/<id>.yaml)",
                dir.display()
            ),
        ));
    }
    if !terms.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "{} has no terms/ folder (expected {}/terms/<id>.yaml)",
                dir.display(),
                dir.display()
            ),
        ));
    }
    let mut files = Vec::new();
    for (sub, kind) in [(terms, FileKind::Term), (dir.join("journeys"), FileKind::Journey)] {
        if !sub.is_dir() {
            continue;
        }
        let mut names: Vec<_> = std::fs::read_dir(&sub)?
            .filter_map(|item| item.ok().map(|item| item.file_name()))
            .filter(|name| {
                // As `Path::extension` has it: `.yaml` alone is a hidden file with no extension.
                let name = name.as_encoded_bytes();
                (name.ends_with(b".yaml") && name.len() > 5) || (name.ends_with(b".yml") && name.len() > 4)
            })
            .collect();
        // By name, as bytes: the order of the paths in one folder, without comparing every
        // path component by component (a visible cost at tens of thousands of files).
        names.sort_unstable_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
        files.extend(names.into_iter().map(|name| (sub.join(name), kind)));
    }
    Ok(files)
}

/// Why a content file could not be read. Shown as a diagnostic or a lesson's notice, so each
/// says what to do where there is something to do.
#[derive(Debug, thiserror::Error)]
pub(super) enum ReadError {
    #[error("cannot read file: {0}; give your user read permission (for example `chmod u+r`)")]
    Denied(std::io::Error),
    #[error("cannot read file: {0}")]
    Io(std::io::Error),
    #[error("not a regular file: {0}")]
    NotRegular(&'static str),
    #[error("file is {0} bytes; content files may be at most {MAX_FILE_BYTES} bytes (1 MiB)")]
    TooLarge(u64),
    #[error("the file changed while it was being read; try again")]
    Changed,
}

impl From<std::io::Error> for ReadError {
    fn from(error: std::io::Error) -> ReadError {
        match error.kind() {
            std::io::ErrorKind::PermissionDenied => ReadError::Denied(error),
            _ => ReadError::Io(error),
        }
    }
}

/// Reads a content file of at most [`MAX_FILE_BYTES`].
pub(super) fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadError> {
    // Opened once and sized from the open file: a path lookup per file is a measurable part
    // of loading a folder of tens of thousands. Opened without blocking, so that a FIFO
    // waiting for a writer cannot hold the open; its type is then checked on the handle.
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular(kind_of(&metadata.file_type())));
    }
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // Never more than the cap, whatever the metadata said (a file can grow while it is read).
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    // A file that grew or shrank while it was read may be half written.
    if bytes.len() as u64 != size {
        return Err(ReadError::Changed);
    }
    Ok(bytes)
}

/// What kind of file a path names that is not a regular file, in words.
fn kind_of(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "FIFO";
        } else if kind.is_char_device() {
            return "character device";
        } else if kind.is_block_device() {
            return "block device";
        } else if kind.is_socket() {
            return "socket";
        }
    }
    if kind.is_dir() { "directory" } else { "special file" }
}

#[cfg(test)]
mod tests {
    use super::{MAX_FILE_BYTES, ReadError};
    use std::io::{Error, ErrorKind};

    #[test]
    fn a_read_error_says_what_to_do() {
        let denied = ReadError::from(Error::from(ErrorKind::PermissionDenied)).to_string();
        assert!(denied.starts_with("cannot read file: "), "{denied}");
        assert!(
            denied.ends_with("; give your user read permission (for example `chmod u+r`)"),
            "{denied}"
        );
        let other = ReadError::from(Error::from(ErrorKind::Interrupted)).to_string();
        assert!(
            other.starts_with("cannot read file: ") && !other.contains("chmod"),
            "{other}"
        );
        assert_eq!(
            ReadError::TooLarge(MAX_FILE_BYTES + 1).to_string(),
            "file is 1048577 bytes; content files may be at most 1048576 bytes (1 MiB)"
        );
    }
}
