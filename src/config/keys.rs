//! The navigation actions `[keys]` can change, and the keys the file names, in a type of
//! their own that knows no terminal (the UI's keymap turns them into crossterm's).

use serde::Deserialize;
use std::fmt;
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
/// A key override the keymap found taking a key that another action needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyConflict {
    pub action: NavAction,
    pub key: Key,
    /// Who needs it, said as the end of a sentence: "`up` uses it", "the Lesson screen
    /// uses it for next section".
    pub needed_by: String,
}

/// The keys the file gives a navigation action, with the place it says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    pub action: NavAction,
    pub keys: Vec<Key>,
    pub line: usize,
    pub column: usize,
}
