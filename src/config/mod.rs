//! The configuration file: the reader's theme, the home's first grouping, the navigation
//! keys, and whether a content folder is layered on the bundled lessons.
//!
//! The file is `--config FILE`, else the `LEXICON_CONFIG` environment variable, else
//! `config.toml` in the platform's configuration folder for lexicon (from the `directories`
//! crate: `~/.config/lexicon/config.toml` on Linux, honouring `XDG_CONFIG_HOME`). It is TOML,
//! read with serde and the `toml` crate:
//!
//! ```toml
//! theme = "dark"        # "dark", "light" or "16" (the 16 ANSI colours, the default)
//! grouping = "tag"      # the home's grouping on the first run: "level" (default) or "tag"
//! with_bundled = true   # a --content folder adds to the bundled lessons (as --with-bundled)
//!
//! [keys]                # a navigation action and the keys that do it, replacing its own
//! down = ["j", "Down", "Ctrl-n"]
//! up = ["k", "Up", "Ctrl-p"]
//! ```
//!
//! A mistake never stops the reader: an unknown key, a bad value, or a key override that
//! takes a key another action needs is a [`ConfigError`] naming the file and line, and the
//! whole file is then set aside for the defaults (as helix does), so nobody runs on half of
//! what they wrote. A missing file at the platform's location is no mistake; a missing file
//! named by `--config` or `LEXICON_CONFIG` is.
//!
//! This module knows no terminal: keys are [`Key`]s, its own small type, which the UI's
//! keymap turns into crossterm's and checks against the keys its screens need
//! ([`LoadedConfig::reject_conflicts`]).

//!
//! `file.rs` finds, reads and parses the file; `keys.rs` holds the navigation actions and
//! the keys the file names; `theme.rs` and `grouping.rs` the two values it chooses. This
//! file holds the settings in force and what loading them gave ([`LoadedConfig`]).

mod file;
mod grouping;
mod keys;
mod theme;

pub use file::{Chosen, ENV_VAR, FILE_NAME, Location, load, load_from, locate, parse};
pub use grouping::HomeGrouping;
pub use keys::{Key, KeyConflict, KeyName, KeyOverride, NavAction};
pub use theme::ThemeName;

use file::MAX_BYTES;
use std::path::PathBuf;

/// A problem with the configuration. The reader still starts, on the defaults.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: could not read the configuration file: {cause}", path.display())]
    Unreadable { path: PathBuf, cause: String },
    #[error("{}: the configuration file is larger than {MAX_BYTES} bytes", path.display())]
    TooLarge { path: PathBuf },
    /// Bad TOML, an unknown key, or a value of the wrong kind.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// A key override takes a key another action needs.
    #[error("{}:{line}:{column}: `{action}` cannot take `{key}`: {needed_by}", path.display())]
    KeyTaken {
        path: PathBuf,
        line: usize,
        column: usize,
        action: NavAction,
        key: Key,
        needed_by: String,
    },
}

/// One setting's value and whether the file gave it (else it is the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Setting<T> {
    pub value: T,
    pub from_file: bool,
}

/// The settings in force.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    pub theme: Setting<ThemeName>,
    pub grouping: Setting<HomeGrouping>,
    /// Whether a `--content` folder's lessons are added to the bundled ones rather than
    /// taking their place, as `--with-bundled` (which, like `--without-bundled`, wins).
    pub with_bundled: Setting<bool>,
    /// Only the actions the file changes; the rest keep their keys.
    pub keys: Vec<KeyOverride>,
}

impl Settings {
    /// The keys the file gives `action`, if it changes them.
    pub fn keys_for(&self, action: NavAction) -> Option<&KeyOverride> {
        self.keys.iter().find(|key| key.action == action)
    }
}

/// What reading the configuration gave: where it looked, the settings in force, and what
/// was wrong (the settings are then the defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedConfig {
    pub location: Option<Location>,
    /// Whether the file was there.
    pub found: bool,
    pub settings: Settings,
    pub problems: Vec<ConfigError>,
}

impl LoadedConfig {
    /// Sets the file aside for the defaults when the keymap found overrides taking keys
    /// other actions need, with each conflict as a problem at its override's line.
    pub fn reject_conflicts(&mut self, conflicts: Vec<KeyConflict>) {
        if conflicts.is_empty() {
            return;
        }
        let path = self.location.as_ref().map(|l| l.path.clone()).unwrap_or_default();
        for conflict in conflicts {
            let (line, column) = self
                .settings
                .keys_for(conflict.action)
                .map_or((0, 0), |key| (key.line, key.column));
            self.problems.push(ConfigError::KeyTaken {
                path: path.clone(),
                line,
                column,
                action: conflict.action,
                key: conflict.key,
                needed_by: conflict.needed_by,
            });
        }
        self.settings = Settings::default();
    }

    /// The configuration in force as TOML, each value followed by where it came from, with
    /// where the file was looked for. `default_keys` gives an action's keys when the file
    /// does not change them.
    pub fn effective(&self, default_keys: impl Fn(NavAction) -> Vec<Key>) -> String {
        let file = match &self.location {
            None => "# configuration file: none (no home folder to look in)\n".to_owned(),
            Some(location) => format!(
                "# configuration file: {} ({}; {})\n",
                location.path.display(),
                location.chosen,
                match (self.found, self.problems.is_empty()) {
                    (_, false) => "not used: it has problems, said on stderr",
                    (true, true) => "read",
                    (false, true) => "not found",
                }
            ),
        };
        let from_file = self
            .location
            .as_ref()
            .map_or_else(String::new, |location| format!("# from {}", location.path.display()));
        let source = |in_file: bool| if in_file { from_file.as_str() } else { "# default" };
        let settings = &self.settings;
        let mut out = file;
        out.push_str(&format!(
            "theme = \"{}\"  {}\n",
            settings.theme.value.as_str(),
            source(settings.theme.from_file)
        ));
        out.push_str(&format!(
            "grouping = \"{}\"  {}\n",
            settings.grouping.value.as_str(),
            source(settings.grouping.from_file)
        ));
        out.push_str(&format!(
            "with_bundled = {}  {}\n",
            settings.with_bundled.value,
            source(settings.with_bundled.from_file)
        ));
        out.push_str("\n[keys]\n");
        for action in NavAction::ALL {
            let (keys, in_file) = match settings.keys_for(action) {
                Some(keys) => (keys.keys.clone(), true),
                None => (default_keys(action), false),
            };
            let keys: Vec<String> = keys.iter().map(|key| format!("\"{key}\"")).collect();
            out.push_str(&format!("{action} = [{}]  {}\n", keys.join(", "), source(in_file)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> PathBuf {
        PathBuf::from("/home/someone/.config/lexicon/config.toml")
    }

    #[test]
    fn a_good_file_gives_every_setting() {
        let text = r#"
theme = "dark"
grouping = "tag"
with_bundled = true

[keys]
down = ["j", "Down", "Ctrl-n"]
page_up = ["PgUp", "Alt-Left", "F2"]
"#;
        let settings = parse(text, &path()).unwrap();
        assert_eq!(
            settings.theme,
            Setting {
                value: ThemeName::Dark,
                from_file: true
            }
        );
        assert_eq!(settings.grouping.value, HomeGrouping::Tag);
        assert_eq!(
            settings.with_bundled,
            Setting {
                value: true,
                from_file: true
            }
        );
        let down = settings.keys_for(NavAction::Down).unwrap();
        assert_eq!(down.keys, [Key::char('j'), Key::plain(KeyName::Down), Key::ctrl('n')]);
        assert_eq!((down.line, down.column), (7, 8));
        assert_eq!(
            settings.keys_for(NavAction::PageUp).unwrap().keys,
            [
                Key::plain(KeyName::PageUp),
                Key::alt(KeyName::Left),
                Key::plain(KeyName::F(2))
            ]
        );
        assert_eq!(settings.keys_for(NavAction::Up), None);
    }

    #[test]
    fn what_the_file_leaves_out_is_the_default() {
        let settings = parse("theme = 16\n", &path()).unwrap();
        assert_eq!(settings.theme.value, ThemeName::Sixteen);
        assert!(settings.theme.from_file);
        assert_eq!(settings.grouping, Setting::default());
        assert!(settings.keys.is_empty());
        assert_eq!(parse("", &path()).unwrap(), Settings::default());
    }

    fn problem(text: &str) -> (usize, usize, String) {
        match parse(text, &path()).unwrap_err() {
            ConfigError::Invalid {
                line, column, message, ..
            } => (line, column, message),
            other => panic!("not an invalid file: {other:?}"),
        }
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line() {
        let (line, _, message) = problem("theme = \"dark\"\n\nthme = \"light\"\n");
        assert_eq!(line, 3);
        assert!(message.contains("thme"), "{message}");
        let (line, _, message) = problem("[keys]\ndown = [\"j\"]\ndwn = [\"n\"]\n");
        assert_eq!(line, 3);
        assert!(message.contains("dwn"), "{message}");
    }

    #[test]
    fn a_bad_value_is_named_with_its_line() {
        let (line, column, message) = problem("grouping = \"level\"\ntheme = \"solarized\"\n");
        assert_eq!((line, column), (2, 9));
        assert!(message.contains("solarized") && message.contains("light"), "{message}");
        let (line, _, message) = problem("[keys]\nup = [\"k\"]\ndown = [\"j\", \"Ctrl-Downward\"]\n");
        assert_eq!(line, 3);
        assert!(message.contains("`Ctrl-Downward` is not a key"), "{message}");
        let (line, _, message) = problem("grouping = \"level\"\n[keys]\nquit = []\n");
        assert_eq!(line, 3);
        assert!(message.contains("at least one key"), "{message}");
        let (line, _, _) = problem("theme = \"dark\"\ngrouping = tag\n");
        assert_eq!(line, 2);
    }

    #[test]
    fn a_file_with_a_problem_leaves_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "theme = \"light\"\ngrouping = \"tag\"\nkeys = 3\n").unwrap();
        let loaded = load_from(Some(Location {
            path: file.clone(),
            chosen: Chosen::Flag,
        }));
        assert!(loaded.found);
        assert_eq!(loaded.settings, Settings::default());
        assert_eq!(loaded.problems.len(), 1);
        let said = loaded.problems[0].to_string();
        assert!(said.starts_with(&format!("{}:3:", file.display())), "{said}");
    }

    #[test]
    fn a_missing_file_is_a_problem_only_when_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nowhere.toml");
        let usual = load_from(Some(Location {
            path: missing.clone(),
            chosen: Chosen::Platform,
        }));
        assert!(!usual.found);
        assert!(usual.problems.is_empty());
        let named = load_from(Some(Location {
            path: missing,
            chosen: Chosen::Env,
        }));
        assert_eq!(named.settings, Settings::default());
        assert!(matches!(named.problems[..], [ConfigError::Unreadable { .. }]));
    }

    #[test]
    fn the_flag_wins_over_the_variable_and_empty_means_unset() {
        let flag = PathBuf::from("/a.toml");
        let from_flag = locate(Some(&flag), Some("/b.toml".into())).unwrap();
        assert_eq!((from_flag.path, from_flag.chosen), (flag, Chosen::Flag));
        let from_env = locate(None, Some("/b.toml".into())).unwrap();
        assert_eq!(
            (from_env.path, from_env.chosen),
            (PathBuf::from("/b.toml"), Chosen::Env)
        );
        if let Some(usual) = locate(None, Some("".into())) {
            assert_eq!(usual.chosen, Chosen::Platform);
            assert!(usual.path.ends_with("lexicon/config.toml"), "{}", usual.path.display());
        }
    }

    #[test]
    fn keys_read_back_as_they_are_written_and_labelled() {
        for (written, label) in [
            ("j", "j"),
            ("G", "G"),
            ("Down", "↓"),
            ("PageUp", "PgUp"),
            ("Space", "Space"),
            ("Ctrl-n", "Ctrl-n"),
            ("Alt-Left", "Alt-←"),
            ("BackTab", "S-Tab"),
            ("F5", "F5"),
            ("-", "-"),
        ] {
            let key = Key::parse(written).unwrap();
            assert_eq!(key.to_string(), written);
            assert_eq!(key.label(), label);
            assert_eq!(Key::parse(label).unwrap(), key, "{label}");
        }
        assert_eq!(Key::parse("ctrl-N").unwrap(), Key::ctrl('n'));
        assert_eq!(Key::parse(" ").unwrap(), Key::char(' '));
        for bad in ["", "Upward", "Ctrl-", "F13", "jj"] {
            assert!(Key::parse(bad).is_err(), "{bad:?}");
        }
    }
}
