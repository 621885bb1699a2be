//! Where the progress file lives.
//!
//! In order: the folder given with `--data-dir` or `LEXICON_DATA_DIR` (clap reads both into
//! one option), else the platform's data folder for lexicon from the `directories` crate
//! (`~/.local/share/lexicon` on Linux, `~/Library/Application Support/lexicon` on macOS,
//! `%APPDATA%\lexicon\data` on Windows). The file in it is [`FILE_NAME`].

use std::path::PathBuf;

/// The progress file's name inside the data folder.
pub const FILE_NAME: &str = "progress.sqlite3";

/// The data folder: `explicit` when given and not empty, else the platform's. `None` only
/// when neither exists (no home folder can be found), in which case progress cannot be
/// saved.
pub fn data_dir(explicit: Option<PathBuf>) -> Option<PathBuf> {
    // An empty LEXICON_DATA_DIR= is how people unset a variable in a one-off command; read it
    // as "not given" rather than as the current folder.
    explicit
        .filter(|dir| !dir.as_os_str().is_empty())
        .or_else(platform_data_dir)
}

/// The progress file: [`FILE_NAME`] in [`data_dir`].
pub fn store_path(explicit: Option<PathBuf>) -> Option<PathBuf> {
    data_dir(explicit).map(|dir| dir.join(FILE_NAME))
}

fn platform_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "lexicon").map(|dirs| dirs.data_dir().to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_folder_wins() {
        let dir = PathBuf::from("/tmp/somewhere");
        assert_eq!(data_dir(Some(dir.clone())), Some(dir.clone()));
        assert_eq!(
            store_path(Some(dir)),
            Some(PathBuf::from("/tmp/somewhere/progress.sqlite3"))
        );
    }

    #[test]
    fn an_empty_or_missing_folder_falls_back_to_the_platform() {
        let platform = platform_data_dir();
        assert_eq!(data_dir(Some(PathBuf::new())), platform);
        assert_eq!(data_dir(None), platform);
        if let Some(path) = store_path(None) {
            assert_eq!(path.file_name().and_then(|name| name.to_str()), Some(FILE_NAME));
            assert!(
                path.to_string_lossy().to_lowercase().contains("lexicon"),
                "{}",
                path.display()
            );
        }
    }
}
