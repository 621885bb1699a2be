//! The configuration file: the reader's theme, the home's first grouping, and the
//! navigation keys.
//!
//! The file is `--config FILE`, else the `LEXICON_CONFIG` environment variable, else
//! `config.toml` in the platform's configuration folder for lexicon (from the `directories`
//! crate: `~/.config/lexicon/config.toml` on Linux, honouring `XDG_CONFIG_HOME`). It is TOML,
//! read with serde and the `toml` crate:
//!
//! ```toml
//! theme = "dark"        # "dark", "light" or "16" (the 16 ANSI colours, the default)
//! grouping = "tag"      # the home's grouping on the first run: "level" (default) or "tag"
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
//! ([`Loaded::reject_conflicts`]).

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
const MAX_BYTES: u64 = 64 * 1024;

/// The colours the reader draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// For a dark background.
    Dark,
    /// For a light background.
    Light,
    /// The 16 ANSI colours, which the terminal's own palette shows: readable on either.
    #[default]
    Sixteen,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::Sixteen];

    /// The name the file uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Sixteen => "16",
        }
    }
}

impl<'de> Deserialize<'de> for ThemeName {
    /// `"dark"`, `"light"` or `"16"`; a bare `16` is taken too, since it is how people write it.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ThemeName, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = ThemeName;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str(r#""dark", "light" or "16""#)
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<ThemeName, E> {
                ThemeName::ALL
                    .into_iter()
                    .find(|theme| theme.as_str() == name)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(name), &self))
            }
            fn visit_i64<E: serde::de::Error>(self, number: i64) -> Result<ThemeName, E> {
                if number == 16 {
                    Ok(ThemeName::Sixteen)
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Signed(number), &self))
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// How the home groups its terms on the first run; the grouping chosen with `t` since is
/// remembered and wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HomeGrouping {
    #[default]
    Level,
    Tag,
}

impl HomeGrouping {
    pub fn as_str(self) -> &'static str {
        match self {
            HomeGrouping::Level => "level",
            HomeGrouping::Tag => "tag",
        }
    }
}

/// A navigation action whose keys `[keys]` can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NavAction {
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    Back,
    Forward,
    Search,
    Help,
    Quit,
    Home,
}

impl NavAction {
    pub const ALL: [NavAction; 14] = [
        NavAction::Up,
        NavAction::Down,
        NavAction::PageUp,
        NavAction::PageDown,
        NavAction::HalfPageUp,
        NavAction::HalfPageDown,
        NavAction::Top,
        NavAction::Bottom,
        NavAction::Back,
        NavAction::Forward,
        NavAction::Search,
        NavAction::Help,
        NavAction::Quit,
        NavAction::Home,
    ];

    /// The name the file uses.
    pub fn as_str(self) -> &'static str {
        match self {
            NavAction::Up => "up",
            NavAction::Down => "down",
            NavAction::PageUp => "page_up",
            NavAction::PageDown => "page_down",
            NavAction::HalfPageUp => "half_page_up",
            NavAction::HalfPageDown => "half_page_down",
            NavAction::Top => "top",
            NavAction::Bottom => "bottom",
            NavAction::Back => "back",
            NavAction::Forward => "forward",
            NavAction::Search => "search",
            NavAction::Help => "help",
            NavAction::Quit => "quit",
            NavAction::Home => "home",
        }
    }
}

impl fmt::Display for NavAction {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A key without its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyName {
    Char(char),
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Esc,
    Backspace,
    Tab,
    /// Shift-Tab.
    BackTab,
    Delete,
    Insert,
    F(u8),
}

type NamedKey = (KeyName, &'static str, &'static str, &'static [&'static str]);

/// The named keys: the file's name for each, the help's shorter label, and other names the
/// file may use.
const NAMED_KEYS: &[NamedKey] = &[
    (KeyName::Up, "Up", "↑", &[]),
    (KeyName::Down, "Down", "↓", &[]),
    (KeyName::Left, "Left", "←", &[]),
    (KeyName::Right, "Right", "→", &[]),
    (KeyName::PageUp, "PageUp", "PgUp", &[]),
    (KeyName::PageDown, "PageDown", "PgDn", &[]),
    (KeyName::Home, "Home", "Home", &[]),
    (KeyName::End, "End", "End", &[]),
    (KeyName::Enter, "Enter", "Enter", &["Return"]),
    (KeyName::Esc, "Esc", "Esc", &["Escape"]),
    (KeyName::Backspace, "Backspace", "Backspace", &[]),
    (KeyName::Tab, "Tab", "Tab", &[]),
    (KeyName::BackTab, "BackTab", "S-Tab", &["Shift-Tab"]),
    (KeyName::Delete, "Delete", "Del", &[]),
    (KeyName::Insert, "Insert", "Ins", &[]),
    (KeyName::Char(' '), "Space", "Space", &[]),
];

/// A key with its modifiers, as the file writes it: a character (`j`, `G`, `/`), a name
/// (`Down`, `PageUp`, `Space`, `F2`), or either after `Ctrl-` or `Alt-` (`Ctrl-n`,
/// `Alt-Left`). The help's labels (`↓`, `PgDn`, `S-Tab`) are read too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub name: KeyName,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(name: KeyName) -> Key {
        Key {
            name,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyName::Char(c))
    }

    /// Ctrl and a letter, which terminals send the same in either case.
    pub const fn ctrl(c: char) -> Key {
        Key {
            name: KeyName::Char(c.to_ascii_lowercase()),
            ctrl: true,
            alt: false,
        }
    }

    pub const fn alt(name: KeyName) -> Key {
        Key {
            name,
            ctrl: false,
            alt: true,
        }
    }

    /// Reads a key as the file or the help writes it.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut rest = text;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if let Some(after) = strip_prefix_ignoring_case(rest, "Ctrl-") {
                ctrl = true;
                rest = after;
            } else if let Some(after) = strip_prefix_ignoring_case(rest, "Alt-") {
                alt = true;
                rest = after;
            } else {
                break;
            }
        }
        let named = NAMED_KEYS
            .iter()
            .find(|(_, name, label, others)| {
                [*name, *label]
                    .iter()
                    .chain(others.iter())
                    .any(|known| known.eq_ignore_ascii_case(rest))
            })
            .map(|(key, ..)| *key);
        let function = || {
            let number: u8 = strip_prefix_ignoring_case(rest, "F")?.parse().ok()?;
            (1..=12).contains(&number).then_some(KeyName::F(number))
        };
        let mut chars = rest.chars();
        let character = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => Some(KeyName::Char(if ctrl { c.to_ascii_lowercase() } else { c })),
            _ => None,
        };
        let name = named.or_else(function).or(character).ok_or_else(|| {
            format!(
                "`{text}` is not a key: write a character, or a name (Up, Down, Left, Right, PageUp, \
                 PageDown, Home, End, Enter, Esc, Backspace, Tab, BackTab, Space, F1-F12), either \
                 after Ctrl- or Alt-"
            )
        })?;
        Ok(Key { name, ctrl, alt })
    }

    /// The key as the help and the status bar show it: `↓`, `PgDn`, `Ctrl-n`, `Alt-←`.
    pub fn label(self) -> String {
        self.written(|named| named.2)
    }

    /// The key with its modifiers, its name picked from a [`NAMED_KEYS`] row by `pick`.
    fn written(self, pick: fn(&NamedKey) -> &'static str) -> String {
        let name = match (NAMED_KEYS.iter().find(|named| named.0 == self.name), self.name) {
            (Some(named), _) => pick(named).to_owned(),
            (None, KeyName::F(number)) => format!("F{number}"),
            (None, KeyName::Char(c)) => c.to_string(),
            (None, other) => format!("{other:?}"),
        };
        let ctrl = if self.ctrl { "Ctrl-" } else { "" };
        let alt = if self.alt { "Alt-" } else { "" };
        format!("{ctrl}{alt}{name}")
    }
}

impl fmt::Display for Key {
    /// The key as the file writes it: `Down`, `PageDown`, `Ctrl-n`, `Alt-Left`.
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(&self.written(|named| named.1))
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        let text = String::deserialize(deserializer)?;
        Key::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    // A lone "-" or "F" is the key itself, not a prefix with nothing after it.
    (head.eq_ignore_ascii_case(prefix) && text.len() > prefix.len()).then(|| &text[prefix.len()..])
}

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

/// A key override the keymap found taking a key that another action needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyConflict {
    pub action: NavAction,
    pub key: Key,
    /// Who needs it, said as the end of a sentence: "`up` uses it", "the Lesson screen
    /// uses it for next section".
    pub needed_by: String,
}

/// One setting's value and whether the file gave it (else it is the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Setting<T> {
    pub value: T,
    pub from_file: bool,
}

/// The keys the file gives a navigation action, with the place it says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    pub action: NavAction,
    pub keys: Vec<Key>,
    pub line: usize,
    pub column: usize,
}

/// The settings in force.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    pub theme: Setting<ThemeName>,
    pub grouping: Setting<HomeGrouping>,
    /// Only the actions the file changes; the rest keep their keys.
    pub keys: Vec<KeyOverride>,
}

impl Settings {
    /// The keys the file gives `action`, if it changes them.
    pub fn keys_for(&self, action: NavAction) -> Option<&KeyOverride> {
        self.keys.iter().find(|key| key.action == action)
    }
}

/// The file as serde reads it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    theme: Option<ThemeName>,
    grouping: Option<HomeGrouping>,
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

/// What reading the configuration gave: where it looked, the settings in force, and what
/// was wrong (the settings are then the defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub location: Option<Location>,
    /// Whether the file was there.
    pub found: bool,
    pub settings: Settings,
    pub problems: Vec<ConfigError>,
}

/// Reads the configuration `--config` (`flag`), `LEXICON_CONFIG` or the platform names.
pub fn load(flag: Option<&Path>) -> Loaded {
    load_from(locate(flag, std::env::var_os(ENV_VAR)))
}

/// Reads the configuration at `location`.
pub fn load_from(location: Option<Location>) -> Loaded {
    let mut loaded = Loaded {
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

impl Loaded {
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
        let down = settings.keys_for(NavAction::Down).unwrap();
        assert_eq!(down.keys, [Key::char('j'), Key::plain(KeyName::Down), Key::ctrl('n')]);
        assert_eq!((down.line, down.column), (6, 8));
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
