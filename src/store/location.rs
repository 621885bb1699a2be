//! Where the progress file lives: [`FILE_NAME`] in the data folder that [`data_dir`] chooses.

use crate::dirs::data_dir;
use std::path::PathBuf;

/// The progress file's name inside the data folder.
pub const FILE_NAME: &str = "progress.sqlite3";

/// The progress file: [`FILE_NAME`] in the data folder. `None` only when there is no data
/// folder, in which case progress cannot be saved.
pub fn store_path(explicit: Option<PathBuf>) -> Option<PathBuf> {
    data_dir(explicit).map(|dir| dir.join(FILE_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_folder_wins() {
        let dir = PathBuf::from("/tmp/somewhere");
        assert_eq!(
            store_path(Some(dir)),
            Some(PathBuf::from("/tmp/somewhere/progress.sqlite3"))
        );
    }

    #[test]
    fn an_empty_or_missing_folder_falls_back_to_the_platform() {
        assert_eq!(store_path(Some(PathBuf::new())), store_path(None));
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
