//! What help and the status bar list: each screen's keys and what they do, the search
//! box's, and those of each step of a check, with the keys the configuration changed
//! written in.

use super::Keymap;
use crate::config::NavAction;
use crate::ui::app::Screen;
use std::borrow::Cow;

impl Keymap {
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

/// A key and what it does, for help and the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Cow<'static, str>,
    pub what: &'static str,
    /// The status bar's short label; `None` keeps the binding to the help overlay.
    pub short: Option<&'static str>,
    /// The navigation actions whose keys `keys` names: when the configuration changes one,
    /// `keys` is made again from theirs ([`Keymap::bindings`]).
    pub(super) navigation: &'static [NavAction],
    /// The keys `keys` names besides theirs, which no configuration changes.
    pub(super) fixed: &'static str,
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

/// Rows several screens share, word for word.
const HELP: Binding = nav("?", &[NavAction::Help], "", "help", Some("help"));
const QUIT: Binding = nav("q Ctrl-C", &[NavAction::Quit], "Ctrl-C", "quit", Some("quit"));
const SUSPEND: Binding = bind("Ctrl-Z", "suspend; `fg` in the shell comes back", None);
const BACK: Binding = nav("Backspace Alt-←", &[NavAction::Back], "", "back", Some("back"));
const FORWARD: Binding = nav("Alt-→", &[NavAction::Forward], "", "forward", None);
const HOME: Binding = nav("H", &[NavAction::Home], "", "home", None);
const SEARCH: Binding = nav("/", &[NavAction::Search], "", "search", None);
const CLOSE: Binding = bind("Esc", "close, back to where you were", Some("close"));

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
pub(super) fn check_step_bindings(step: CheckStep) -> &'static [Binding] {
    use NavAction as N;
    const LEAVE: Binding = bind("q Esc", "leave the check (answers are kept)", Some("leave"));
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
pub(super) fn bindings(screen: Screen) -> &'static [Binding] {
    use NavAction as N;
    const HOME_KEYS: &[Binding] = &[
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
        FORWARD,
        HELP,
        QUIT,
        SUSPEND,
    ];
    const LESSON_KEYS: &[Binding] = &[
        SEARCH,
        bind("Tab S-Tab", "select the next / previous link", Some("links")),
        bind("f", "letters on the links in sight: type one to follow it", None),
        bind("Enter", "follow the link / open or close the question", Some("follow")),
        BACK,
        FORWARD,
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
        HELP,
        QUIT,
        SUSPEND,
    ];
    const COMPARE_KEYS: &[Binding] = &[
        nav("↑↓ j k", &[N::Up, N::Down], "", "scroll", Some("scroll")),
        nav(
            "PgUp PgDn Space g G",
            &[N::PageUp, N::PageDown, N::Top, N::Bottom],
            "",
            "page, top, bottom",
            None,
        ),
        BACK,
        FORWARD,
        CLOSE,
        HOME,
        SEARCH,
        HELP,
        QUIT,
        SUSPEND,
    ];
    const MAP_KEYS: &[Binding] = &[
        bind("← → h l", "linked from / centre / related", Some("columns")),
        nav("↑↓ j k", &[N::Up, N::Down], "", "move within a column", Some("move")),
        bind("Enter", "open the selected term", Some("open")),
        BACK,
        FORWARD,
        CLOSE,
        HOME,
        SEARCH,
        HELP,
        QUIT,
        SUSPEND,
    ];
    const CHECK_KEYS: &[Binding] = &[
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
        HELP,
        bind("Ctrl-C", "quit", None),
        SUSPEND,
    ];
    const STATS_KEYS: &[Binding] = &[
        nav(
            "↑↓ j k PgUp PgDn",
            &[N::Up, N::Down, N::PageUp, N::PageDown],
            "",
            "scroll",
            Some("scroll"),
        ),
        BACK,
        CLOSE,
        HOME,
        SEARCH,
        HELP,
        QUIT,
        SUSPEND,
    ];
    match screen {
        Screen::Check => CHECK_KEYS,
        Screen::Stats => STATS_KEYS,
        Screen::Home => HOME_KEYS,
        Screen::Lesson => LESSON_KEYS,
        Screen::Compare => COMPARE_KEYS,
        Screen::Map => MAP_KEYS,
    }
}
