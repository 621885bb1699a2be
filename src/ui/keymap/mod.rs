//! Every key binding, in one place: a key on a screen maps to an [`Action`].
//!
//! The navigation keys (up, down, paging, back, search, help, quit...) are [`default_keys`]
//! unless the configuration's `[keys]` changes them ([`Keymap`]); every other key is fixed.
//! The help overlay and the status bar read [`Keymap::bindings`], so what they show is what
//! the keys do, changed keys included.

use super::app::Screen;
use crate::config::{Key, KeyConflict, KeyName, KeyOverride, NavAction};
use crate::quiz::{Confidence, Verdict};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use std::borrow::Cow;

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

/// The action of a key no configuration changes: every key but the navigation ones.
fn fixed_action(layer: Layer, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if is_suspend(key) {
        return Some(Action::Suspend);
    }
    // A screen's own keys are plain: with Ctrl or Alt, a key is another key (Alt-← is back,
    // ← the previous section), free for the navigation keys.
    let plain = !ctrl && !alt;
    let screen = match layer {
        Layer::Help => return None,
        Layer::Hints => {
            return match key.code {
                KeyCode::Char(c) if !ctrl && !alt => Some(Action::Type(c)),
                _ => Some(Action::Escape),
            };
        }
        Layer::Screen(_) if !plain => return None,
        Layer::Search => {
            return match key.code {
                KeyCode::Esc => Some(Action::Escape),
                KeyCode::Enter => Some(Action::Activate),
                KeyCode::Up => Some(Action::Up),
                KeyCode::Down | KeyCode::Tab => Some(Action::Down),
                KeyCode::BackTab => Some(Action::Up),
                KeyCode::Char('p') if ctrl => Some(Action::Up),
                KeyCode::Char('n') if ctrl => Some(Action::Down),
                KeyCode::PageUp => Some(Action::PageUp),
                KeyCode::PageDown => Some(Action::PageDown),
                // As in a shell's line editor, and in fzf's, helix's and television's prompts.
                KeyCode::Char('w') if ctrl => Some(Action::EraseWord),
                KeyCode::Backspace if alt || ctrl => Some(Action::EraseWord),
                KeyCode::Char('u') if ctrl => Some(Action::ClearQuery),
                KeyCode::Backspace => Some(Action::Erase),
                KeyCode::Char(c) if !ctrl && !alt => Some(Action::Type(c)),
                _ => None,
            };
        }
        Layer::Screen(Screen::Check) => {
            // In a check, letters answer and q leaves the check rather than the app.
            return match key.code {
                KeyCode::Char('m') => Some(Action::Judge(Verdict::Myth)),
                KeyCode::Char('f') => Some(Action::Judge(Verdict::Fact)),
                KeyCode::Char(c) if Confidence::from_key(c).is_some() => {
                    Confidence::from_key(c).map(Action::Confidence)
                }
                KeyCode::Char('q') | KeyCode::Esc => Some(Action::Escape),
                KeyCode::Char('r') => Some(Action::RetryWrong),
                KeyCode::Enter => Some(Action::Activate),
                KeyCode::Tab => Some(Action::NextLink),
                KeyCode::BackTab => Some(Action::PreviousLink),
                _ => None,
            };
        }
        Layer::Screen(screen) => screen,
    };
    let common = match key.code {
        KeyCode::Enter => Some(Action::Activate),
        KeyCode::Esc => Some(Action::Escape),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    match screen {
        Screen::Compare => None,
        Screen::Map => match key.code {
            KeyCode::Left | KeyCode::Char('h') => Some(Action::Left),
            KeyCode::Right | KeyCode::Char('l') => Some(Action::Right),
            _ => None,
        },
        Screen::Home => match key.code {
            KeyCode::Char('c') => Some(Action::StartCheck),
            KeyCode::Char('t') => Some(Action::ToggleGrouping),
            KeyCode::Char('f') => Some(Action::CycleFilter),
            KeyCode::Char('r') => Some(Action::StartReview),
            KeyCode::Char('s') => Some(Action::OpenStats),
            _ => None,
        },
        Screen::Check | Screen::Stats => None,
        Screen::Lesson => match key.code {
            KeyCode::Tab => Some(Action::NextLink),
            KeyCode::BackTab => Some(Action::PreviousLink),
            KeyCode::Char(']') | KeyCode::Right | KeyCode::Char('l') => Some(Action::NextSection),
            KeyCode::Char('[') | KeyCode::Left | KeyCode::Char('h') => Some(Action::PreviousSection),
            KeyCode::Char(digit @ '1'..='7') => Some(Action::Section(digit as usize - '1' as usize)),
            KeyCode::Char('n') => Some(Action::NextStep),
            KeyCode::Char('v') => Some(Action::OpenCompare),
            KeyCode::Char('c') => Some(Action::StartCheck),
            KeyCode::Char('s') => Some(Action::OpenStats),
            KeyCode::Char('m') => Some(Action::OpenMap),
            KeyCode::Char('p') => Some(Action::PreviousStep),
            KeyCode::Char('o') => Some(Action::OpenLink),
            KeyCode::Char('y') => Some(Action::CopyLink),
            KeyCode::Char('f') => Some(Action::ShowHints),
            KeyCode::Char('r') => Some(Action::StartReview),
            _ => None,
        },
    }
}

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
    changed: Vec<(NavAction, Vec<Key>)>,
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

    fn is_changed(&self, action: NavAction) -> bool {
        self.changed.iter().any(|(changed, _)| *changed == action)
    }

    /// The navigation action `key` does on `layer`.
    fn navigation_at(&self, layer: Layer, key: KeyEvent) -> Option<Action> {
        let key = key_of(key)?;
        NavAction::ALL
            .into_iter()
            .find(|&action| navigates_on(action, layer) && self.keys(action).contains(&key))
            .map(navigation_action)
    }

    /// Each key of `actions` that something else needs on a layer where the action works:
    /// a key no configuration changes, or another navigation action's.
    fn conflicts(&self, actions: impl Iterator<Item = NavAction>) -> Vec<KeyConflict> {
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

    /// `binding` with its keys as configured: its own text while none of its navigation
    /// actions is changed, else their keys and its fixed ones.
    fn shown(&self, binding: &Binding) -> Binding {
        if !binding.navigation.iter().any(|&action| self.is_changed(action)) {
            return binding.clone();
        }
        let keys: Vec<String> = binding
            .navigation
            .iter()
            .flat_map(|&action| self.keys(action).iter().map(|key| key.label()))
            .chain(binding.fixed.split_whitespace().map(str::to_owned))
            .collect();
        Binding {
            keys: Cow::Owned(keys.join(" ")),
            ..binding.clone()
        }
    }

    /// The keys of `screen` for help and the status bar, in the order help lists them.
    pub fn bindings(&self, screen: Screen) -> Cow<'static, [Binding]> {
        self.all_shown(bindings(screen))
    }

    /// The keys the status bar offers at a step of a check.
    pub fn check_step_bindings(&self, step: CheckStep) -> Cow<'static, [Binding]> {
        self.all_shown(check_step_bindings(step))
    }

    fn all_shown(&self, bindings: &'static [Binding]) -> Cow<'static, [Binding]> {
        if self.changed.is_empty() {
            Cow::Borrowed(bindings)
        } else {
            Cow::Owned(bindings.iter().map(|binding| self.shown(binding)).collect())
        }
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

/// A key and what it does, for help and the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Cow<'static, str>,
    pub what: &'static str,
    /// The status bar's short label; `None` keeps the binding to the help overlay.
    pub short: Option<&'static str>,
    /// The navigation actions whose keys `keys` names: when the configuration changes one,
    /// `keys` is made again from theirs ([`Keymap::bindings`]).
    navigation: &'static [NavAction],
    /// The keys `keys` names besides theirs, which no configuration changes.
    fixed: &'static str,
}

const fn bind(keys: &'static str, what: &'static str, short: Option<&'static str>) -> Binding {
    Binding {
        keys: Cow::Borrowed(keys),
        what,
        short,
        navigation: &[],
        fixed: "",
    }
}

/// A binding of navigation keys: `keys` by default, and `navigation`'s keys then `fixed`
/// when the configuration changes them.
const fn nav(
    keys: &'static str,
    navigation: &'static [NavAction],
    fixed: &'static str,
    what: &'static str,
    short: Option<&'static str>,
) -> Binding {
    Binding {
        keys: Cow::Borrowed(keys),
        what,
        short,
        navigation,
        fixed,
    }
}

/// The keys of the search box.
pub const SEARCH_BINDINGS: &[Binding] = &[
    bind("type", "filter by title, alias, tag or definition", None),
    bind("↑↓ Tab S-Tab Ctrl-n/p", "move", Some("move")),
    bind("PgUp PgDn", "a page up or down", None),
    bind("Enter", "open the lesson", Some("open")),
    bind("Backspace", "erase", None),
    bind("Ctrl-w Alt-Backspace", "erase the last word", None),
    bind("Ctrl-u", "erase the whole query", None),
    bind("Esc", "close search", Some("close")),
];

/// Where a calibration check is, for the keys its status bar offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckStep {
    Judge,
    Confidence,
    Reveal,
    Summary,
}

/// The keys the status bar offers at each step of a check: only those that do something
/// there (help lists every key of the check).
fn check_step_bindings(step: CheckStep) -> &'static [Binding] {
    use NavAction as N;
    const LEAVE: Binding = bind("q Esc", "leave the check (answers are kept)", Some("leave"));
    const HELP: Binding = nav("?", &[N::Help], "", "help", Some("help"));
    const JUDGE: &[Binding] = &[bind("m f", "Myth or Fact", Some("myth/fact")), LEAVE, HELP];
    const CONFIDENCE: &[Binding] = &[
        bind("5-9 1 2 0", "how sure (another replaces it)", Some("sure")),
        bind("Enter", "answer", Some("answer")),
        bind("m f", "change Myth or Fact", Some("change")),
        LEAVE,
        HELP,
    ];
    const REVEAL: &[Binding] = &[
        bind("Enter", "next statement / follow the selected link", Some("next")),
        bind("Tab", "select a link", Some("links")),
        nav("↑↓", &[N::Up, N::Down], "", "scroll", Some("scroll")),
        LEAVE,
        HELP,
    ];
    const SUMMARY: &[Binding] = &[
        bind("Enter q Esc", "finish", Some("finish")),
        bind("r", "retry the ones you got wrong, as practice", Some("retry wrong")),
        nav(
            "↑↓ j k PgUp PgDn",
            &[N::Up, N::Down, N::PageUp, N::PageDown],
            "",
            "scroll",
            Some("scroll"),
        ),
        HELP,
    ];
    match step {
        CheckStep::Judge => JUDGE,
        CheckStep::Confidence => CONFIDENCE,
        CheckStep::Reveal => REVEAL,
        CheckStep::Summary => SUMMARY,
    }
}

/// The keys of `screen`, in the order help lists them, as they are by default.
fn bindings(screen: Screen) -> &'static [Binding] {
    use NavAction as N;
    const SUSPEND: Binding = bind("Ctrl-Z", "suspend; `fg` in the shell comes back", None);
    const HOME: &[Binding] = &[
        nav("/", &[N::Search], "", "search", Some("search")),
        nav("↑↓ j k", &[N::Up, N::Down], "", "move", Some("move")),
        bind("Enter", "open the lesson, journey or last lesson", Some("open")),
        bind("t", "group terms by level or by tag", Some("group")),
        bind(
            "f",
            "list all lessons, or only unread, due or weakest ones",
            Some("filter"),
        ),
        bind("c", "take the selected term's check, before reading it", None),
        bind(
            "r",
            "review the statements that are due (grouped by tag: the selected tag's)",
            Some("review"),
        ),
        bind("s", "your calibration stats", Some("stats")),
        nav(
            "PgUp PgDn g G",
            &[N::PageUp, N::PageDown, N::Top, N::Bottom],
            "",
            "page, top, bottom",
            None,
        ),
        nav("Backspace Alt-←", &[N::Back], "", "back", None),
        nav("Alt-→", &[N::Forward], "", "forward", None),
        nav("?", &[N::Help], "", "help", Some("help")),
        nav("q Ctrl-C", &[N::Quit], "Ctrl-C", "quit", Some("quit")),
        SUSPEND,
    ];
    const LESSON: &[Binding] = &[
        nav("/", &[N::Search], "", "search", None),
        bind("Tab S-Tab", "select the next / previous link", Some("links")),
        bind("f", "letters on the links in sight: type one to follow it", None),
        bind("Enter", "follow the link / open or close the question", Some("follow")),
        nav("Backspace Alt-←", &[N::Back], "", "back", Some("back")),
        nav("Alt-→", &[N::Forward], "", "forward", None),
        nav("↑↓ j k", &[N::Up, N::Down], "", "scroll", None),
        nav("PgUp PgDn Space b", &[N::PageUp, N::PageDown], "", "page", None),
        nav(
            "Ctrl-d Ctrl-u",
            &[N::HalfPageDown, N::HalfPageUp],
            "",
            "half a page down / up",
            None,
        ),
        nav("g G", &[N::Top, N::Bottom], "", "top, bottom", None),
        bind("[ ] h l ← →", "previous/next section", None),
        bind("1-7", "jump to section", None),
        bind("n p", "next / previous step of a journey", None),
        bind("c", "take this lesson's calibration check", Some("check")),
        bind("r", "review this lesson's statements that are due", None),
        bind("v", "compare side by side", Some("compare")),
        bind("m", "map of related terms", Some("map")),
        bind("o y", "open / copy the selected source's web address", None),
        bind("s", "your calibration stats", None),
        nav("Esc H", &[N::Home], "Esc", "home", Some("home")),
        nav("?", &[N::Help], "", "help", Some("help")),
        nav("q Ctrl-C", &[N::Quit], "Ctrl-C", "quit", Some("quit")),
        SUSPEND,
    ];
    const COMPARE: &[Binding] = &[
        nav("↑↓ j k", &[N::Up, N::Down], "", "scroll", Some("scroll")),
        nav(
            "PgUp PgDn Space g G",
            &[N::PageUp, N::PageDown, N::Top, N::Bottom],
            "",
            "page, top, bottom",
            None,
        ),
        nav("Backspace Alt-←", &[N::Back], "", "back", Some("back")),
        nav("Alt-→", &[N::Forward], "", "forward", None),
        bind("Esc", "close, back to where you were", Some("close")),
        nav("H", &[N::Home], "", "home", None),
        nav("/", &[N::Search], "", "search", None),
        nav("?", &[N::Help], "", "help", Some("help")),
        nav("q Ctrl-C", &[N::Quit], "Ctrl-C", "quit", Some("quit")),
        SUSPEND,
    ];
    const MAP: &[Binding] = &[
        bind("← → h l", "linked from / centre / related", Some("columns")),
        nav("↑↓ j k", &[N::Up, N::Down], "", "move within a column", Some("move")),
        bind("Enter", "open the selected term", Some("open")),
        nav("Backspace Alt-←", &[N::Back], "", "back", Some("back")),
        nav("Alt-→", &[N::Forward], "", "forward", None),
        bind("Esc", "close, back to where you were", Some("close")),
        nav("H", &[N::Home], "", "home", None),
        nav("/", &[N::Search], "", "search", None),
        nav("?", &[N::Help], "", "help", Some("help")),
        nav("q Ctrl-C", &[N::Quit], "Ctrl-C", "quit", Some("quit")),
        SUSPEND,
    ];
    const CHECK: &[Binding] = &[
        bind("m f", "Myth or Fact", Some("myth/fact")),
        bind(
            "5-9 1 2 0",
            "how sure: 5 to 9 for 50% to 90%, 1 for 95%, 2 for 99%, 0 for 100% (another key replaces it until Enter)",
            Some("sure"),
        ),
        bind(
            "Enter",
            "answer / next statement / follow the selected link",
            Some("next"),
        ),
        nav(
            "PgUp PgDn g G",
            &[N::PageUp, N::PageDown, N::Top, N::Bottom],
            "",
            "page, top, bottom of the summary",
            None,
        ),
        bind("r", "at the summary: retry the ones you got wrong, as practice", None),
        bind("Tab S-Tab", "select a link in the explanation", None),
        nav("↑↓ j k", &[N::Up, N::Down], "", "scroll the explanation", None),
        bind("q Esc", "leave the check (answers are kept)", Some("leave")),
        nav("Backspace Alt-←", &[N::Back], "", "back", None),
        nav("?", &[N::Help], "", "help", Some("help")),
        bind("Ctrl-C", "quit", None),
        SUSPEND,
    ];
    const STATS: &[Binding] = &[
        nav(
            "↑↓ j k PgUp PgDn",
            &[N::Up, N::Down, N::PageUp, N::PageDown],
            "",
            "scroll",
            Some("scroll"),
        ),
        nav("Backspace Alt-←", &[N::Back], "", "back", Some("back")),
        bind("Esc", "close, back to where you were", Some("close")),
        nav("H", &[N::Home], "", "home", None),
        nav("/", &[N::Search], "", "search", None),
        nav("?", &[N::Help], "", "help", Some("help")),
        nav("q Ctrl-C", &[N::Quit], "Ctrl-C", "quit", Some("quit")),
        SUSPEND,
    ];
    match screen {
        Screen::Check => CHECK,
        Screen::Stats => STATS,
        Screen::Home => HOME,
        Screen::Lesson => LESSON,
        Screen::Compare => COMPARE,
        Screen::Map => MAP,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
