//! Every key binding, in one place: a key on a screen maps to an [`Action`].
//!
//! The help overlay and the status bar read [`bindings`], so what they show is what the
//! keys do.

use super::app::Screen;
use crate::quiz::{Confidence, Verdict};
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

/// Maps a key press on `layer` to an action. Help closes on any key; the search box takes
/// printable characters as text.
pub fn action_for(layer: Layer, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if is_suspend(key) {
        return Some(Action::Suspend);
    }
    let screen = match layer {
        Layer::Help => {
            // Keys that scroll say so; the app closes the help on them when it fits.
            return match key.code {
                KeyCode::Char('q') => Some(Action::Quit),
                KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
                KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
                KeyCode::PageUp => Some(Action::PageUp),
                KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::PageDown),
                KeyCode::Home | KeyCode::Char('g') => Some(Action::Top),
                KeyCode::End | KeyCode::Char('G') => Some(Action::Bottom),
                _ => Some(Action::ToggleHelp),
            };
        }
        Layer::Hints => {
            return match key.code {
                KeyCode::Char(c) if !ctrl && !alt => Some(Action::Type(c)),
                _ => Some(Action::Escape),
            };
        }
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
                KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
                KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
                KeyCode::PageUp => Some(Action::PageUp),
                KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::PageDown),
                KeyCode::Home | KeyCode::Char('g') => Some(Action::Top),
                KeyCode::End | KeyCode::Char('G') => Some(Action::Bottom),
                KeyCode::Backspace => Some(Action::Back),
                KeyCode::Left if alt => Some(Action::Back),
                KeyCode::Right if alt => Some(Action::Forward),
                KeyCode::Char('?') => Some(Action::ToggleHelp),
                _ => None,
            };
        }
        Layer::Screen(screen) => screen,
    };
    let common = match key.code {
        KeyCode::Char('/') => Some(Action::OpenSearch),
        KeyCode::Char('q') => Some(Action::Quit),
        KeyCode::Char('?') => Some(Action::ToggleHelp),
        KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
        KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::PageDown),
        // As in less and vim.
        KeyCode::Char('d') if ctrl => Some(Action::HalfPageDown),
        KeyCode::Char('u') if ctrl => Some(Action::HalfPageUp),
        KeyCode::Char('f') if ctrl => Some(Action::PageDown),
        KeyCode::Char('b') if ctrl => Some(Action::PageUp),
        KeyCode::Char('b') => Some(Action::PageUp),
        KeyCode::Home | KeyCode::Char('g') => Some(Action::Top),
        KeyCode::End | KeyCode::Char('G') => Some(Action::Bottom),
        KeyCode::Enter => Some(Action::Activate),
        KeyCode::Backspace => Some(Action::Back),
        KeyCode::Left if alt => Some(Action::Back),
        KeyCode::Right if alt => Some(Action::Forward),
        KeyCode::Esc => Some(Action::Escape),
        KeyCode::Char('H') => Some(Action::Home),
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub keys: &'static str,
    pub what: &'static str,
    /// The status bar's short label; `None` keeps the binding to the help overlay.
    pub short: Option<&'static str>,
}

const fn bind(keys: &'static str, what: &'static str, short: Option<&'static str>) -> Binding {
    Binding { keys, what, short }
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
pub fn check_step_bindings(step: CheckStep) -> &'static [Binding] {
    const LEAVE: Binding = bind("q Esc", "leave the check (answers are kept)", Some("leave"));
    const HELP: Binding = bind("?", "help", Some("help"));
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
        bind("↑↓", "scroll", Some("scroll")),
        LEAVE,
        HELP,
    ];
    const SUMMARY: &[Binding] = &[
        bind("Enter q Esc", "finish", Some("finish")),
        bind("r", "retry the ones you got wrong, as practice", Some("retry wrong")),
        bind("↑↓ j k PgUp PgDn", "scroll", Some("scroll")),
        HELP,
    ];
    match step {
        CheckStep::Judge => JUDGE,
        CheckStep::Confidence => CONFIDENCE,
        CheckStep::Reveal => REVEAL,
        CheckStep::Summary => SUMMARY,
    }
}

/// The keys of `screen`, in the order help lists them.
pub fn bindings(screen: Screen) -> &'static [Binding] {
    const SUSPEND: Binding = bind("Ctrl-Z", "suspend; `fg` in the shell comes back", None);
    const HOME: &[Binding] = &[
        bind("/", "search", Some("search")),
        bind("↑↓ j k", "move", Some("move")),
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
        bind("PgUp PgDn g G", "page, top, bottom", None),
        bind("Backspace Alt-←", "back", None),
        bind("Alt-→", "forward", None),
        bind("?", "help", Some("help")),
        bind("q Ctrl-C", "quit", Some("quit")),
        SUSPEND,
    ];
    const LESSON: &[Binding] = &[
        bind("/", "search", None),
        bind("Tab S-Tab", "select the next / previous link", Some("links")),
        bind("f", "letters on the links in sight: type one to follow it", None),
        bind("Enter", "follow the link / open or close the question", Some("follow")),
        bind("Backspace Alt-←", "back", Some("back")),
        bind("Alt-→", "forward", None),
        bind("↑↓ j k", "scroll", None),
        bind("PgUp PgDn Space b", "page", None),
        bind("Ctrl-d Ctrl-u", "half a page down / up", None),
        bind("g G", "top, bottom", None),
        bind("[ ] h l ← →", "previous/next section", None),
        bind("1-7", "jump to section", None),
        bind("n p", "next / previous step of a journey", None),
        bind("c", "take this lesson's calibration check", Some("check")),
        bind("r", "review this lesson's statements that are due", None),
        bind("v", "compare side by side", Some("compare")),
        bind("m", "map of related terms", Some("map")),
        bind("o y", "open / copy the selected source's web address", None),
        bind("s", "your calibration stats", None),
        bind("Esc H", "home", Some("home")),
        bind("?", "help", Some("help")),
        bind("q Ctrl-C", "quit", Some("quit")),
        SUSPEND,
    ];
    const COMPARE: &[Binding] = &[
        bind("↑↓ j k", "scroll", Some("scroll")),
        bind("PgUp PgDn Space g G", "page, top, bottom", None),
        bind("Backspace Alt-←", "back", Some("back")),
        bind("Alt-→", "forward", None),
        bind("Esc", "close, back to where you were", Some("close")),
        bind("H", "home", None),
        bind("/", "search", None),
        bind("?", "help", Some("help")),
        bind("q Ctrl-C", "quit", Some("quit")),
        SUSPEND,
    ];
    const MAP: &[Binding] = &[
        bind("← → h l", "linked from / centre / related", Some("columns")),
        bind("↑↓ j k", "move within a column", Some("move")),
        bind("Enter", "open the selected term", Some("open")),
        bind("Backspace Alt-←", "back", Some("back")),
        bind("Alt-→", "forward", None),
        bind("Esc", "close, back to where you were", Some("close")),
        bind("H", "home", None),
        bind("/", "search", None),
        bind("?", "help", Some("help")),
        bind("q Ctrl-C", "quit", Some("quit")),
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
        bind("PgUp PgDn g G", "page, top, bottom of the summary", None),
        bind("r", "at the summary: retry the ones you got wrong, as practice", None),
        bind("Tab S-Tab", "select a link in the explanation", None),
        bind("↑↓ j k", "scroll the explanation", None),
        bind("q Esc", "leave the check (answers are kept)", Some("leave")),
        bind("Backspace Alt-←", "back", None),
        bind("?", "help", Some("help")),
        bind("Ctrl-C", "quit", None),
        SUSPEND,
    ];
    const STATS: &[Binding] = &[
        bind("↑↓ j k PgUp PgDn", "scroll", Some("scroll")),
        bind("Backspace Alt-←", "back", Some("back")),
        bind("Esc", "close, back to where you were", Some("close")),
        bind("H", "home", None),
        bind("/", "search", None),
        bind("?", "help", Some("help")),
        bind("q Ctrl-C", "quit", Some("quit")),
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
        assert_eq!(action_for(Layer::Screen(Screen::Home), ctrl_c), Some(Action::Quit));
        assert_eq!(action_for(Layer::Help, ctrl_c), Some(Action::Quit));
        assert_eq!(action_for(Layer::Search, ctrl_c), Some(Action::Quit));
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
        assert_eq!(action_for(lesson, key(KeyCode::Tab)), Some(Action::NextLink));
        assert_eq!(action_for(lesson, key(KeyCode::Char('3'))), Some(Action::Section(2)));
        assert_eq!(action_for(Layer::Screen(Screen::Home), key(KeyCode::Tab)), None);
        let alt_left = KeyEvent::new(KeyCode::Left, KeyModifiers::ALT);
        assert_eq!(action_for(lesson, alt_left), Some(Action::Back));
    }

    #[test]
    fn search_takes_letters_as_text() {
        assert_eq!(
            action_for(Layer::Screen(Screen::Lesson), key(KeyCode::Char('/'))),
            Some(Action::OpenSearch)
        );
        assert_eq!(
            action_for(Layer::Search, key(KeyCode::Char('q'))),
            Some(Action::Type('q'))
        );
        assert_eq!(
            action_for(Layer::Search, key(KeyCode::Char('j'))),
            Some(Action::Type('j'))
        );
        assert_eq!(action_for(Layer::Search, key(KeyCode::Backspace)), Some(Action::Erase));
        let with = |code, modifiers| KeyEvent::new(code, modifiers);
        assert_eq!(
            action_for(Layer::Search, with(KeyCode::Char('w'), KeyModifiers::CONTROL)),
            Some(Action::EraseWord)
        );
        assert_eq!(
            action_for(Layer::Search, with(KeyCode::Backspace, KeyModifiers::ALT)),
            Some(Action::EraseWord)
        );
        assert_eq!(
            action_for(Layer::Search, with(KeyCode::Char('u'), KeyModifiers::CONTROL)),
            Some(Action::ClearQuery)
        );
    }

    /// The keys a help line names, as key events: "↑↓ j k", "PgUp PgDn Space", "Ctrl-w",
    /// "S-Tab", "Alt-←", "1-7", "5-9 1 2 0", "Ctrl-n/p". `None` for a word that is not a key
    /// ("type").
    fn keys_named(notation: &str) -> Option<Vec<KeyEvent>> {
        let mut keys = Vec::new();
        for word in notation.split_whitespace() {
            let (modifiers, name) = if let Some(rest) = word.strip_prefix("Ctrl-") {
                (KeyModifiers::CONTROL, rest)
            } else if let Some(rest) = word.strip_prefix("Alt-") {
                (KeyModifiers::ALT, rest)
            } else if let Some(rest) = word.strip_prefix("S-") {
                (KeyModifiers::SHIFT, rest)
            } else {
                (KeyModifiers::NONE, word)
            };
            let codes: Vec<KeyCode> = match name {
                "↑↓" => vec![KeyCode::Up, KeyCode::Down],
                "↑" => vec![KeyCode::Up],
                "↓" => vec![KeyCode::Down],
                "←" => vec![KeyCode::Left],
                "→" => vec![KeyCode::Right],
                "PgUp" => vec![KeyCode::PageUp],
                "PgDn" => vec![KeyCode::PageDown],
                "Space" => vec![KeyCode::Char(' ')],
                "Enter" => vec![KeyCode::Enter],
                "Esc" => vec![KeyCode::Esc],
                "Backspace" => vec![KeyCode::Backspace],
                "Tab" if modifiers == KeyModifiers::SHIFT => vec![KeyCode::BackTab],
                "Tab" => vec![KeyCode::Tab],
                "type" => return None,
                range if range.len() == 3 && range.as_bytes()[1] == b'-' => {
                    let (from, to) = (range.as_bytes()[0], range.as_bytes()[2]);
                    (from..=to).map(|c| KeyCode::Char(char::from(c))).collect()
                }
                single if single.chars().count() == 1 => single.chars().map(KeyCode::Char).collect(),
                pair if pair.contains('/') => pair
                    .split('/')
                    .filter_map(|c| c.chars().next())
                    .map(KeyCode::Char)
                    .collect(),
                other => panic!("help names a key this test cannot read: {other:?} in {notation:?}"),
            };
            let modifiers = if modifiers == KeyModifiers::SHIFT {
                KeyModifiers::NONE
            } else {
                modifiers
            };
            // "Ctrl-C" is written in capitals but typed as Ctrl and c.
            let typed = |code: KeyCode| match (code, modifiers) {
                (KeyCode::Char(c), KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
                (code, _) => code,
            };
            keys.extend(codes.into_iter().map(|code| KeyEvent::new(typed(code), modifiers)));
        }
        Some(keys)
    }

    /// Every key the help overlay (and so the status bar) lists does something on that
    /// screen: the help is never a promise the key handling does not keep.
    #[test]
    fn every_key_the_help_lists_is_bound_where_it_is_listed() {
        let screens = [
            Screen::Home,
            Screen::Lesson,
            Screen::Compare,
            Screen::Map,
            Screen::Check,
            Screen::Stats,
        ];
        let mut layers: Vec<(Layer, &[Binding])> = screens
            .iter()
            .map(|&screen| (Layer::Screen(screen), bindings(screen)))
            .collect();
        layers.push((Layer::Search, SEARCH_BINDINGS));
        for step in [
            CheckStep::Judge,
            CheckStep::Confidence,
            CheckStep::Reveal,
            CheckStep::Summary,
        ] {
            layers.push((Layer::Screen(Screen::Check), check_step_bindings(step)));
        }
        for (layer, listed) in layers {
            for binding in listed {
                let Some(keys) = keys_named(binding.keys) else { continue };
                assert!(!keys.is_empty(), "{:?} names no key", binding.keys);
                for key in keys {
                    assert!(
                        action_for(layer, key).is_some(),
                        "{layer:?}: help says {:?} does {:?}, but {key:?} does nothing",
                        binding.keys,
                        binding.what
                    );
                }
            }
        }
    }
}
