//! Every key binding, in one place: a key on a screen maps to an [`Action`].
//!
//! The navigation keys (up, down, paging, back, search, help, quit...) are [`default_keys`]
//! unless the configuration's `[keys]` changes them ([`Keymap`]); every other key is fixed.
//! The help overlay and the status bar read [`Keymap::bindings`], so what they show is what
//! the keys do, changed keys included.
//!
//! This file holds the [`Action`]s, the [`Layer`]s that receive keys and the one entry point
//! per input ([`action_for`], [`action_for_mouse`]); `fixed.rs` the keys no configuration
//! changes; `navigation.rs` the navigation keys and the [`Keymap`] that holds them as
//! configured; `bindings.rs` what help and the status bar list, per screen and per step of
//! a check.

mod bindings;
mod fixed;
mod navigation;

pub use bindings::{Binding, CheckStep, SEARCH_BINDINGS};
pub use navigation::{Keymap, default_keys, event_of};

use super::app::Screen;
use crate::quiz::{Confidence, Verdict};
use fixed::fixed_action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// Something the user asked for. `update` is the only place that carries actions out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Stop until the shell's `fg` (Ctrl-Z).
    Suspend,
    Home,
    Up,
    Down,
    PageUp,
    PageDown,
    /// Half a page, as Ctrl-u and Ctrl-d in less and vim.
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    /// Open the selected term, or follow the selected link.
    Activate,
    NextLink,
    PreviousLink,
    Back,
    Forward,
    NextSection,
    PreviousSection,
    /// Jump to section `n` (0-based).
    Section(usize),
    ToggleHelp,
    /// Close an overlay, or go home from a lesson.
    Escape,
    OpenSearch,
    /// A character typed into the search box.
    /// Letters beside the links in sight, to follow one by typing them (`f`).
    ShowHints,
    Type(char),
    /// Delete the last character of the search box.
    Erase,
    /// Delete the last word of the search box, and the spaces after it (Ctrl-w in a shell).
    EraseWord,
    /// Empty the search box (Ctrl-u in a shell).
    ClearQuery,
    /// Switch the home screen between grouping by level and by tag.
    ToggleGrouping,
    /// At a check's summary: practise the statements answered wrong.
    RetryWrong,
    /// Cycle the home's filter: all, unread, due, weakest lessons.
    CycleFilter,
    NextStep,
    PreviousStep,
    OpenCompare,
    OpenMap,
    Left,
    Right,
    /// The mouse wheel.
    ScrollUp,
    ScrollDown,
    /// A left click at a screen cell.
    Click {
        x: u16,
        y: u16,
    },
    /// Start this lesson's calibration check.
    StartCheck,
    /// Open the selected source's web address in the browser.
    OpenLink,
    /// Copy the selected source's web address to the clipboard.
    CopyLink,
    /// Start a review of every statement that is due.
    StartReview,
    OpenStats,
    /// Judge the statement on screen.
    Judge(Verdict),
    /// Say how sure: 50% to 100%.
    Confidence(Confidence),
}

/// What receives keys right now: an overlay, or the screen under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Help,
    Search,
    /// A lesson's link hints (`f`): letters pick a link, any other key puts them away.
    Hints,
    Screen(Screen),
}

/// While content is still loading, leaving must work: q, Esc or Ctrl-C. Other keys are kept
/// for the reader (typed ahead), and once any is kept only Ctrl-C leaves, so that a `q` in a
/// query typed ahead (`/quantum`) is text.
pub fn is_quit_while_loading(key: KeyEvent, typed_ahead: bool) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    (ctrl && key.code == KeyCode::Char('c')) || (!typed_ahead && matches!(key.code, KeyCode::Char('q') | KeyCode::Esc))
}

/// Ctrl-Z, which raw mode delivers as a key rather than as SIGTSTP: suspend, on every
/// screen and while loading, as in a shell.
pub fn is_suspend(key: KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && matches!(key.code, KeyCode::Char('z' | 'Z'))
}

/// Maps a key press on `layer` to an action, with the navigation keys `keymap` gives. Help
/// closes on any key; the search box takes printable characters as text.
pub fn action_for(keymap: &Keymap, layer: Layer, key: KeyEvent) -> Option<Action> {
    if let Some(fixed) = fixed_action(layer, key) {
        return Some(fixed);
    }
    if let Some(navigation) = keymap.navigation_at(layer, key) {
        return Some(navigation);
    }
    match layer {
        // Keys that scroll are navigation; the app closes the help on them when it fits.
        Layer::Help => Some(Action::ToggleHelp),
        Layer::Search | Layer::Hints | Layer::Screen(_) => None,
    }
}

/// Maps the mouse: the wheel scrolls and a left click selects or follows.
pub fn action_for_mouse(mouse: MouseEvent) -> Option<Action> {
    match mouse.kind {
        MouseEventKind::ScrollUp => Some(Action::ScrollUp),
        MouseEventKind::ScrollDown => Some(Action::ScrollDown),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
            x: mouse.column,
            y: mouse.row,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::bindings::bindings;
    use super::*;
    use crate::config::{Key, KeyName, KeyOverride, NavAction};
    use std::borrow::Cow;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn ctrl_c_always_quits() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            action_for(&Keymap::default(), Layer::Screen(Screen::Home), ctrl_c),
            Some(Action::Quit)
        );
        assert_eq!(action_for(&Keymap::default(), Layer::Help, ctrl_c), Some(Action::Quit));
        assert_eq!(
            action_for(&Keymap::default(), Layer::Search, ctrl_c),
            Some(Action::Quit)
        );
    }

    #[test]
    fn leaving_while_loading_until_keys_are_typed_ahead() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for quit in [key(KeyCode::Char('q')), key(KeyCode::Esc), ctrl_c] {
            assert!(is_quit_while_loading(quit, false), "{quit:?}");
        }
        assert!(!is_quit_while_loading(key(KeyCode::Char('/')), false));
        // After `/`, a `q` or Esc belongs to the query; Ctrl-C still leaves.
        assert!(!is_quit_while_loading(key(KeyCode::Char('q')), true));
        assert!(!is_quit_while_loading(key(KeyCode::Esc), true));
        assert!(is_quit_while_loading(ctrl_c, true));
    }

    #[test]
    fn lesson_keys() {
        let lesson = Layer::Screen(Screen::Lesson);
        assert_eq!(
            action_for(&Keymap::default(), lesson, key(KeyCode::Tab)),
            Some(Action::NextLink)
        );
        assert_eq!(
            action_for(&Keymap::default(), lesson, key(KeyCode::Char('3'))),
            Some(Action::Section(2))
        );
        assert_eq!(
            action_for(&Keymap::default(), Layer::Screen(Screen::Home), key(KeyCode::Tab)),
            None
        );
        let alt_left = KeyEvent::new(KeyCode::Left, KeyModifiers::ALT);
        assert_eq!(action_for(&Keymap::default(), lesson, alt_left), Some(Action::Back));
    }

    #[test]
    fn search_takes_letters_as_text() {
        assert_eq!(
            action_for(
                &Keymap::default(),
                Layer::Screen(Screen::Lesson),
                key(KeyCode::Char('/'))
            ),
            Some(Action::OpenSearch)
        );
        assert_eq!(
            action_for(&Keymap::default(), Layer::Search, key(KeyCode::Char('q'))),
            Some(Action::Type('q'))
        );
        assert_eq!(
            action_for(&Keymap::default(), Layer::Search, key(KeyCode::Char('j'))),
            Some(Action::Type('j'))
        );
        assert_eq!(
            action_for(&Keymap::default(), Layer::Search, key(KeyCode::Backspace)),
            Some(Action::Erase)
        );
        let with = |code, modifiers| KeyEvent::new(code, modifiers);
        assert_eq!(
            action_for(
                &Keymap::default(),
                Layer::Search,
                with(KeyCode::Char('w'), KeyModifiers::CONTROL)
            ),
            Some(Action::EraseWord)
        );
        assert_eq!(
            action_for(
                &Keymap::default(),
                Layer::Search,
                with(KeyCode::Backspace, KeyModifiers::ALT)
            ),
            Some(Action::EraseWord)
        );
        assert_eq!(
            action_for(
                &Keymap::default(),
                Layer::Search,
                with(KeyCode::Char('u'), KeyModifiers::CONTROL)
            ),
            Some(Action::ClearQuery)
        );
    }

    /// The keys a help line names, as key events: "↑↓ j k", "PgUp PgDn Space", "Ctrl-w",
    /// "S-Tab", "Alt-←", "1-7", "5-9 1 2 0", "Ctrl-n/p", and any key as [`Key::parse`] reads
    /// it. `None` for a word that is not a key ("type").
    fn keys_named(notation: &str) -> Option<Vec<KeyEvent>> {
        let mut keys = Vec::new();
        for word in notation.split_whitespace() {
            let named: Vec<Key> = match word {
                "type" => return None,
                "↑↓" => vec![Key::plain(KeyName::Up), Key::plain(KeyName::Down)],
                range if range.len() == 3 && range.as_bytes()[1] == b'-' => {
                    let (from, to) = (range.as_bytes()[0], range.as_bytes()[2]);
                    (from..=to).map(|c| Key::char(char::from(c))).collect()
                }
                pair if pair.len() > 1 && pair.contains('/') => {
                    let (first, second) = pair.split_once('/').unwrap();
                    let first = Key::parse(first).unwrap();
                    let second = Key {
                        name: KeyName::Char(second.chars().next().unwrap()),
                        ..first
                    };
                    vec![first, second]
                }
                key => vec![
                    Key::parse(key)
                        .unwrap_or_else(|_| panic!("help names a key this test cannot read: {key:?} in {notation:?}")),
                ],
            };
            keys.extend(named.into_iter().map(event_of));
        }
        Some(keys)
    }

    const SCREENS: [Screen; 6] = [
        Screen::Home,
        Screen::Lesson,
        Screen::Compare,
        Screen::Map,
        Screen::Check,
        Screen::Stats,
    ];

    /// Every key the help overlay (and so the status bar) lists does something on that
    /// screen: the help is never a promise the key handling does not keep.
    fn assert_help_keys_are_bound(keymap: &Keymap) {
        let mut layers: Vec<(Layer, Cow<'static, [Binding]>)> = SCREENS
            .iter()
            .map(|&screen| (Layer::Screen(screen), keymap.bindings(screen)))
            .collect();
        layers.push((Layer::Search, Cow::Borrowed(SEARCH_BINDINGS)));
        for step in [
            CheckStep::Judge,
            CheckStep::Confidence,
            CheckStep::Reveal,
            CheckStep::Summary,
        ] {
            layers.push((Layer::Screen(Screen::Check), keymap.check_step_bindings(step)));
        }
        for (layer, listed) in layers {
            for binding in listed.iter() {
                let Some(keys) = keys_named(&binding.keys) else {
                    continue;
                };
                assert!(!keys.is_empty(), "{:?} names no key", binding.keys);
                for key in keys {
                    assert!(
                        action_for(keymap, layer, key).is_some(),
                        "{layer:?}: help says {:?} does {:?}, but {key:?} does nothing",
                        binding.keys,
                        binding.what
                    );
                }
            }
        }
    }

    #[test]
    fn every_key_the_help_lists_is_bound_where_it_is_listed() {
        assert_help_keys_are_bound(&Keymap::default());
    }

    /// A navigation binding's own text names only keys of its actions (or its fixed
    /// ones): it is what the help shows while the configuration changes none of them.
    #[test]
    fn default_help_text_names_the_default_keys() {
        for binding in SCREENS.iter().flat_map(|&screen| bindings(screen)) {
            if binding.navigation.is_empty() {
                continue;
            }
            let fixed: Vec<KeyEvent> = keys_named(binding.fixed).unwrap_or_default();
            for key in keys_named(&binding.keys).unwrap() {
                let of_its_actions = binding
                    .navigation
                    .iter()
                    .any(|&action| default_keys(action).iter().any(|&k| event_of(k) == key));
                assert!(
                    of_its_actions || fixed.contains(&key),
                    "{:?} names {key:?}, not a key of {:?}",
                    binding.keys,
                    binding.navigation
                );
            }
        }
    }

    fn changed(action: NavAction, keys: &[&str]) -> KeyOverride {
        KeyOverride {
            action,
            keys: keys.iter().map(|key| Key::parse(key).unwrap()).collect(),
            line: 1,
            column: 1,
        }
    }

    #[test]
    fn changed_keys_do_what_help_says_they_do() {
        let keymap = Keymap::configured(&[
            changed(NavAction::Down, &["j", "Down", "Ctrl-n"]),
            changed(NavAction::Quit, &["x"]),
            changed(NavAction::Top, &["Home", "F2"]),
        ])
        .unwrap();
        let home = Layer::Screen(Screen::Home);
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(action_for(&keymap, home, ctrl_n), Some(Action::Down));
        assert_eq!(action_for(&keymap, home, key(KeyCode::Char('j'))), Some(Action::Down));
        assert_eq!(action_for(&keymap, home, key(KeyCode::Char('x'))), Some(Action::Quit));
        assert_eq!(action_for(&keymap, home, key(KeyCode::Char('q'))), None);
        assert_eq!(action_for(&keymap, home, key(KeyCode::Char('g'))), None);
        assert_eq!(action_for(&keymap, Layer::Help, key(KeyCode::F(2))), Some(Action::Top));
        // The search box keeps its own keys: x is text there.
        assert_eq!(
            action_for(&keymap, Layer::Search, key(KeyCode::Char('x'))),
            Some(Action::Type('x'))
        );
        let help = keymap.bindings(Screen::Lesson);
        let keys_of = |what: &str| help.iter().find(|b| b.what == what).unwrap().keys.clone();
        assert_eq!(keys_of("scroll"), "↑ k j ↓ Ctrl-n");
        assert_eq!(keys_of("quit"), "x Ctrl-C");
        assert_eq!(keys_of("top, bottom"), "Home F2 End G");
        assert_eq!(keys_of("back"), "Backspace Alt-←");
        assert_help_keys_are_bound(&keymap);
    }

    #[test]
    fn a_key_another_action_needs_is_refused() {
        let refused = |change: KeyOverride| Keymap::configured(&[change]).unwrap_err();
        let conflicts = refused(changed(NavAction::Down, &["j", "k"]));
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].key, Key::char('k'));
        assert_eq!(conflicts[0].needed_by, "`up` uses it");
        let conflicts = refused(changed(NavAction::Down, &["l"]));
        assert_eq!(conflicts[0].needed_by, "the lesson screen uses it for next section");
        // f filters the home, shows link hints on a lesson and answers Fact in a check.
        let conflicts = refused(changed(NavAction::Help, &["f"]));
        assert_eq!(conflicts[0].needed_by, "the home screen uses it for cycle filter");
        assert!(!refused(changed(NavAction::Quit, &["Ctrl-c"])).is_empty());
        assert!(!refused(changed(NavAction::Home, &["Enter"])).is_empty());
        // A key one action gives up, another may take; a key only screens without the
        // action use is free for it.
        assert!(Keymap::configured(&[changed(NavAction::Down, &["k"]), changed(NavAction::Up, &["j"])]).is_ok());
        assert!(Keymap::configured(&[changed(NavAction::Search, &["x"])]).is_ok());
    }

    #[test]
    fn the_default_keys_need_no_key_twice() {
        assert_eq!(Keymap::default().conflicts(NavAction::ALL.into_iter()), []);
    }
}
