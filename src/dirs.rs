//! The folders lexicon keeps files in: progress in the data folder, the parsed cache of
//! `--content` folders in the cache folder; the configuration file in the configuration folder.
//!
//! Each is the folder given with its flag or its environment variable (clap reads both into
//! one option, and the flag wins), else the platform's folder for lexicon from the
//! `directories` crate:
//!
//! - data: `--data-dir` or `LEXICON_DATA_DIR`, else `~/.local/share/lexicon` on Linux,
//!   `~/Library/Application Support/lexicon` on macOS, `%APPDATA%\lexicon\data` on Windows;
//! - cache: `--cache-dir` or `LEXICON_CACHE_DIR`, else `~/.cache/lexicon` on Linux,
//!   `~/Library/Caches/lexicon` on macOS, `%LOCALAPPDATA%\lexicon\cache` on Windows.
//!
//! `None` means there is no such folder (no home folder can be found): progress is then not
//! saved, and content folders are parsed without a cache.

use directories::ProjectDirs;
use std::path::{Path, PathBuf};

/// The data folder: `explicit` when given and not empty, else the platform's.
pub fn data_dir(explicit: Option<PathBuf>) -> Option<PathBuf> {
    given(explicit).or_else(|| platform(ProjectDirs::data_dir))
}

/// The cache folder: `explicit` when given and not empty, else the platform's.
pub fn cache_dir(explicit: Option<PathBuf>) -> Option<PathBuf> {
    given(explicit).or_else(|| platform(ProjectDirs::cache_dir))
}

/// The platform's configuration folder for lexicon: `~/.config/lexicon` on Linux (or under
/// `XDG_CONFIG_HOME`), `~/Library/Application Support/lexicon` on macOS,
/// `%APPDATA%\lexicon\config` on Windows. The file in it, and the flag and variable that
/// name another, are [`crate::config`]'s.
pub fn config_dir() -> Option<PathBuf> {
    platform(ProjectDirs::config_dir)
}

/// `explicit` unless it is empty: an empty `LEXICON_DATA_DIR=` is how people unset a
/// variable in a one-off command, so it means "not given", not the current folder.
fn given(explicit: Option<PathBuf>) -> Option<PathBuf> {
    explicit.filter(|dir| !dir.as_os_str().is_empty())
}

/// One of the platform's folders for lexicon.
fn platform(folder: fn(&ProjectDirs) -> &Path) -> Option<PathBuf> {
    ProjectDirs::from("", "", "lexicon").map(|dirs| folder(&dirs).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_folder_wins() {
        let dir = PathBuf::from("/tmp/somewhere");
        assert_eq!(data_dir(Some(dir.clone())), Some(dir.clone()));
        assert_eq!(cache_dir(Some(dir.clone())), Some(dir));
    }

    #[test]
    fn an_empty_or_missing_folder_falls_back_to_the_platform() {
        let platform_data = platform(ProjectDirs::data_dir);
        assert_eq!(data_dir(Some(PathBuf::new())), platform_data);
        assert_eq!(data_dir(None), platform_data);
        let platform_cache = platform(ProjectDirs::cache_dir);
        assert_eq!(cache_dir(None), platform_cache);
        assert_eq!(cache_dir(Some(PathBuf::new())), platform_cache);
        for dir in [platform_data, platform_cache].into_iter().flatten() {
            assert!(
                dir.to_string_lossy().to_lowercase().contains("lexicon"),
                "{}",
                dir.display()
            );
        }
    }
}
