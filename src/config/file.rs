//! Finding the configuration file (`--config`, `LEXICON_CONFIG`, the platform's folder),
//! reading it within its bound, and parsing it with serde and `toml` into [`Settings`].

use super::Key;
use super::{ConfigError, HomeGrouping, KeyOverride, LoadedConfig, NavAction, Setting, Settings, ThemeName};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The environment variable that names the configuration file when `--config` does not.
pub const ENV_VAR: &str = "LEXICON_CONFIG";

/// The file's name in the platform's configuration folder.
pub const FILE_NAME: &str = "config.toml";

/// A configuration file larger than this is refused unread: a real one is a few lines, and
/// a path to something endless (`/dev/zero`) must not hang the start.
pub(super) const MAX_BYTES: u64 = 64 * 1024;

/// The file as serde reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    theme: Option<ThemeName>,
    grouping: Option<HomeGrouping>,
    with_bundled: Option<bool>,
    #[serde(default)]
    keys: BTreeMap<NavAction, toml::Spanned<Vec<Key>>>,
}

/// How the configuration file's path was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    Flag,
    Env,
    Platform,
}

impl fmt::Display for Chosen {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(match self {
            Chosen::Flag => "from --config",
            Chosen::Env => "from LEXICON_CONFIG",
            Chosen::Platform => "the default location",
        })
    }
}

/// Where the configuration file is looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub chosen: Chosen,
}

/// The file `--config` names, else `LEXICON_CONFIG` (empty means not set, as for the other
/// variables), else the platform's; `None` when there is no home folder to find it in.
pub fn locate(flag: Option<&Path>, env: Option<std::ffi::OsString>) -> Option<Location> {
    let given = |path: PathBuf, chosen| (!path.as_os_str().is_empty()).then_some(Location { path, chosen });
    flag.and_then(|path| given(path.to_owned(), Chosen::Flag))
        .or_else(|| env.and_then(|path| given(PathBuf::from(path), Chosen::Env)))
        .or_else(|| {
            crate::dirs::config_dir().map(|dir| Location {
                path: dir.join(FILE_NAME),
                chosen: Chosen::Platform,
            })
        })
}

/// Reads the configuration `--config` (`flag`), `LEXICON_CONFIG` or the platform names.
pub fn load(flag: Option<&Path>) -> LoadedConfig {
    load_from(locate(flag, std::env::var_os(ENV_VAR)))
}

/// Reads the configuration at `location`.
pub fn load_from(location: Option<Location>) -> LoadedConfig {
    let mut loaded = LoadedConfig {
        location,
        found: false,
        settings: Settings::default(),
        problems: Vec::new(),
    };
    let Some(location) = &loaded.location else {
        return loaded;
    };
    let path = &location.path;
    match read_bounded(path) {
        Ok(text) => {
            loaded.found = true;
            match parse(&text, path) {
                Ok(settings) => loaded.settings = settings,
                Err(problem) => loaded.problems.push(problem),
            }
        }
        // Nobody has to write a configuration: none at the usual place means the defaults.
        Err(Reading::Missing) if location.chosen == Chosen::Platform => {}
        Err(Reading::Missing) => loaded.problems.push(ConfigError::Unreadable {
            path: path.clone(),
            cause: "no such file".to_owned(),
        }),
        Err(Reading::Failed(problem)) => {
            loaded.found = true;
            loaded.problems.push(problem);
        }
    }
    loaded
}

enum Reading {
    Missing,
    Failed(ConfigError),
}

/// The file's text, at most [`MAX_BYTES`] of it.
fn read_bounded(path: &Path) -> Result<String, Reading> {
    let unreadable = |cause: String| {
        Reading::Failed(ConfigError::Unreadable {
            path: path.to_owned(),
            cause,
        })
    };
    let file = std::fs::File::open(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => Reading::Missing,
        _ => unreadable(error.to_string()),
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| unreadable(error.to_string()))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Reading::Failed(ConfigError::TooLarge { path: path.to_owned() }));
    }
    String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".to_owned()))
}

/// The settings `text`, the contents of the file at `path`, gives; the first problem in it
/// otherwise, with its line and column.
pub fn parse(text: &str, path: &Path) -> Result<Settings, ConfigError> {
    let raw: RawConfig = toml::from_str(text).map_err(|error| {
        let (line, column) = line_and_column(text, error.span().map_or(0, |span| span.start));
        ConfigError::Invalid {
            path: path.to_owned(),
            line,
            column,
            // The message comes back with the file's own text in it: cleaned like content, as
            // it is shown in the reader's status bar.
            message: crate::content::sanitize::sanitize(error.message().trim()),
        }
    })?;
    let mut keys = Vec::new();
    for (action, spanned) in raw.keys {
        let (line, column) = line_and_column(text, spanned.span().start);
        let list = spanned.into_inner();
        if list.is_empty() {
            return Err(ConfigError::Invalid {
                path: path.to_owned(),
                line,
                column,
                message: format!("`{action}` needs at least one key"),
            });
        }
        keys.push(KeyOverride {
            action,
            keys: list,
            line,
            column,
        });
    }
    Ok(Settings {
        theme: setting(raw.theme),
        grouping: setting(raw.grouping),
        with_bundled: setting(raw.with_bundled),
        keys,
    })
}

/// A setting from the file's `value`, else the default.
fn setting<T: Default>(value: Option<T>) -> Setting<T> {
    Setting {
        from_file: value.is_some(),
        value: value.unwrap_or_default(),
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}
