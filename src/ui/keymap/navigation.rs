//! The navigation keys (up, down, paging, back, search, help, quit...): their defaults,
//! the layers each works on, and the [`Keymap`] that holds them as the configuration's
//! `[keys]` changes them, refusing a change that takes a key something else needs.

use super::fixed::fixed_action;
use super::{Action, Layer};
use crate::config::{Key, KeyConflict, KeyName, KeyOverride, NavAction};
use crate::ui::app::Screen;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
/// The navigation keys when the configuration changes none: the one place they are said.
pub fn default_keys(action: NavAction) -> &'static [Key] {
    match action {
        NavAction::Up => const { &[Key::plain(KeyName::Up), Key::char('k')] },
        NavAction::Down => const { &[Key::plain(KeyName::Down), Key::char('j')] },
        // As in less and vim.
        NavAction::PageUp => const { &[Key::plain(KeyName::PageUp), Key::char('b'), Key::ctrl('b')] },
        NavAction::PageDown => const { &[Key::plain(KeyName::PageDown), Key::char(' '), Key::ctrl('f')] },
        NavAction::HalfPageUp => const { &[Key::ctrl('u')] },
        NavAction::HalfPageDown => const { &[Key::ctrl('d')] },
        NavAction::Top => const { &[Key::plain(KeyName::Home), Key::char('g')] },
        NavAction::Bottom => const { &[Key::plain(KeyName::End), Key::char('G')] },
        NavAction::Back => const { &[Key::plain(KeyName::Backspace), Key::alt(KeyName::Left)] },
        NavAction::Forward => const { &[Key::alt(KeyName::Right)] },
        NavAction::Search => const { &[Key::char('/')] },
        NavAction::Help => const { &[Key::char('?')] },
        NavAction::Quit => const { &[Key::char('q')] },
        NavAction::Home => const { &[Key::char('H')] },
    }
}

/// What a navigation action does.
fn navigation_action(action: NavAction) -> Action {
    match action {
        NavAction::Up => Action::Up,
        NavAction::Down => Action::Down,
        NavAction::PageUp => Action::PageUp,
        NavAction::PageDown => Action::PageDown,
        NavAction::HalfPageUp => Action::HalfPageUp,
        NavAction::HalfPageDown => Action::HalfPageDown,
        NavAction::Top => Action::Top,
        NavAction::Bottom => Action::Bottom,
        NavAction::Back => Action::Back,
        NavAction::Forward => Action::Forward,
        NavAction::Search => Action::OpenSearch,
        NavAction::Help => Action::ToggleHelp,
        NavAction::Quit => Action::Quit,
        NavAction::Home => Action::Home,
    }
}

/// Whether a navigation action has its keys on `layer`. The search box takes characters
/// as text, so it keeps keys of its own; help scrolls and quits; a check, where q leaves
/// the check, neither searches nor goes home.
fn navigates_on(action: NavAction, layer: Layer) -> bool {
    use NavAction::*;
    match layer {
        // Letters pick a link there, and every other key puts the hints away.
        Layer::Search | Layer::Hints => false,
        Layer::Help => matches!(
            action,
            Up | Down | PageUp | PageDown | HalfPageUp | HalfPageDown | Top | Bottom | Quit
        ),
        Layer::Screen(Screen::Check) => matches!(
            action,
            Up | Down | PageUp | PageDown | Top | Bottom | Back | Forward | Help
        ),
        Layer::Screen(_) => true,
    }
}

/// Every layer the navigation keys can work on.
const LAYERS: [Layer; 7] = [
    Layer::Help,
    Layer::Screen(Screen::Home),
    Layer::Screen(Screen::Lesson),
    Layer::Screen(Screen::Compare),
    Layer::Screen(Screen::Map),
    Layer::Screen(Screen::Check),
    Layer::Screen(Screen::Stats),
];

/// The key a key event is, as the configuration writes keys. Shift is in the character
/// (`G`) or the key (BackTab), so it is not a modifier of its own.
fn key_of(event: KeyEvent) -> Option<Key> {
    let name = match event.code {
        KeyCode::Char(c) => KeyName::Char(c),
        KeyCode::Up => KeyName::Up,
        KeyCode::Down => KeyName::Down,
        KeyCode::Left => KeyName::Left,
        KeyCode::Right => KeyName::Right,
        KeyCode::PageUp => KeyName::PageUp,
        KeyCode::PageDown => KeyName::PageDown,
        KeyCode::Home => KeyName::Home,
        KeyCode::End => KeyName::End,
        KeyCode::Enter => KeyName::Enter,
        KeyCode::Esc => KeyName::Esc,
        KeyCode::Backspace => KeyName::Backspace,
        KeyCode::Tab => KeyName::Tab,
        KeyCode::BackTab => KeyName::BackTab,
        KeyCode::Delete => KeyName::Delete,
        KeyCode::Insert => KeyName::Insert,
        KeyCode::F(number) => KeyName::F(number),
        _ => return None,
    };
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    Some(Key {
        // Terminals send Ctrl and a letter the same whether Shift is down or not.
        name: match name {
            KeyName::Char(c) if ctrl => KeyName::Char(c.to_ascii_lowercase()),
            name => name,
        },
        ctrl,
        alt: event.modifiers.contains(KeyModifiers::ALT),
    })
}

/// The key event a configured key arrives as.
pub fn event_of(key: Key) -> KeyEvent {
    let code = match key.name {
        KeyName::Char(c) => KeyCode::Char(c),
        KeyName::Up => KeyCode::Up,
        KeyName::Down => KeyCode::Down,
        KeyName::Left => KeyCode::Left,
        KeyName::Right => KeyCode::Right,
        KeyName::PageUp => KeyCode::PageUp,
        KeyName::PageDown => KeyCode::PageDown,
        KeyName::Home => KeyCode::Home,
        KeyName::End => KeyCode::End,
        KeyName::Enter => KeyCode::Enter,
        KeyName::Esc => KeyCode::Esc,
        KeyName::Backspace => KeyCode::Backspace,
        KeyName::Tab => KeyCode::Tab,
        KeyName::BackTab => KeyCode::BackTab,
        KeyName::Delete => KeyCode::Delete,
        KeyName::Insert => KeyCode::Insert,
        KeyName::F(number) => KeyCode::F(number),
    };
    let mut modifiers = KeyModifiers::NONE;
    if key.ctrl {
        modifiers |= KeyModifiers::CONTROL;
    }
    if key.alt {
        modifiers |= KeyModifiers::ALT;
    }
    KeyEvent::new(code, modifiers)
}

/// The navigation keys in force: the defaults, with the configuration's `[keys]` in place of
/// the actions it changes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keymap {
    /// The actions the configuration changes, with their keys.
    pub(super) changed: Vec<(NavAction, Vec<Key>)>,
}

impl Keymap {
    /// The keymap with `overrides` in place, or the overrides that take a key another action
    /// needs on a screen where both work.
    pub fn configured(overrides: &[KeyOverride]) -> Result<Keymap, Vec<KeyConflict>> {
        let keymap = Keymap {
            changed: overrides
                .iter()
                .map(|change| (change.action, change.keys.clone()))
                .collect(),
        };
        let conflicts = keymap.conflicts(overrides.iter().map(|change| change.action));
        if conflicts.is_empty() {
            Ok(keymap)
        } else {
            Err(conflicts)
        }
    }

    /// The keys of `action`.
    pub fn keys(&self, action: NavAction) -> &[Key] {
        self.changed
            .iter()
            .find(|(changed, _)| *changed == action)
            .map_or_else(|| default_keys(action), |(_, keys)| keys.as_slice())
    }

    pub(super) fn is_changed(&self, action: NavAction) -> bool {
        self.changed.iter().any(|(changed, _)| *changed == action)
    }

    /// The navigation action `key` does on `layer`.
    pub(super) fn navigation_at(&self, layer: Layer, key: KeyEvent) -> Option<Action> {
        let key = key_of(key)?;
        NavAction::ALL
            .into_iter()
            .find(|&action| navigates_on(action, layer) && self.keys(action).contains(&key))
            .map(navigation_action)
    }

    /// Each key of `actions` that something else needs on a layer where the action works:
    /// a key no configuration changes, or another navigation action's.
    pub(super) fn conflicts(&self, actions: impl Iterator<Item = NavAction>) -> Vec<KeyConflict> {
        let mut conflicts = Vec::new();
        for action in actions {
            for &key in self.keys(action) {
                let needed_by = LAYERS
                    .iter()
                    .filter(|&&layer| navigates_on(action, layer))
                    .find_map(|&layer| {
                        if let Some(fixed) = fixed_action(layer, event_of(key)) {
                            return Some(format!("{} uses it for {}", layer_name(layer), action_name(fixed)));
                        }
                        NavAction::ALL
                            .into_iter()
                            .find(|&other| {
                                other != action && navigates_on(other, layer) && self.keys(other).contains(&key)
                            })
                            .map(|other| format!("`{other}` uses it"))
                    });
                if let Some(needed_by) = needed_by {
                    conflicts.push(KeyConflict { action, key, needed_by });
                }
            }
        }
        conflicts
    }
}

/// A layer as a conflict's message names it.
fn layer_name(layer: Layer) -> String {
    match layer {
        Layer::Help => "the help".to_owned(),
        Layer::Search => "the search box".to_owned(),
        Layer::Hints => "the link hints".to_owned(),
        Layer::Screen(Screen::Check) => "a calibration check".to_owned(),
        Layer::Screen(screen) => format!("the {} screen", words(&format!("{screen:?}"))),
    }
}

/// An action as a conflict's message names it: `NextSection` is "next section".
fn action_name(action: Action) -> String {
    words(&format!("{action:?}"))
}

/// `CamelCase` as lowercase words.
fn words(camel: &str) -> String {
    let mut out = String::new();
    for c in camel.chars() {
        if c.is_uppercase() && !out.is_empty() && !out.ends_with(['(', ' ']) {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}
