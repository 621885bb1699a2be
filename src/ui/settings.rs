//! The configuration ([`crate::config`]) applied to the reader: the theme for this terminal,
//! the keymap with the file's navigation keys, and the home's first grouping. The file's
//! problems become one notice for the status bar.

use super::app::App;
use super::home::Grouping;
use super::keymap::{Keymap, default_keys};
use super::theme::{Depth, Theme};
use crate::config::{HomeGrouping, LoadedConfig};

/// What the reader takes from the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub theme: Theme,
    pub keymap: Keymap,
    /// The home's grouping until the user chooses one with `t` (which is remembered).
    pub grouping: Grouping,
    /// The configuration's problems, said in the status bar.
    pub notice: Option<String>,
}

impl Settings {
    /// The settings `loaded` gives, with the keymap's checks made: a key override that takes
    /// a key another action needs sets the file aside for the defaults, as any problem does.
    pub fn from_config(loaded: &mut LoadedConfig) -> Settings {
        let keymap = match Keymap::configured(&loaded.settings.keys) {
            Ok(keymap) => keymap,
            Err(conflicts) => {
                loaded.reject_conflicts(conflicts);
                Keymap::default()
            }
        };
        let settings = &loaded.settings;
        Settings {
            theme: Theme::from_env(settings.theme.value),
            keymap,
            grouping: match settings.grouping.value {
                HomeGrouping::Level => Grouping::Level,
                HomeGrouping::Tag => Grouping::Tag,
            },
            notice: notice(loaded),
        }
    }

    /// Gives `app` the theme, the keys and the first grouping. Progress loaded after this
    /// brings the grouping last chosen, which wins.
    pub fn apply(self, app: &mut App) {
        app.theme = self.theme;
        app.keymap = self.keymap;
        if app.grouping != self.grouping {
            app.grouping = self.grouping;
            app.rebuild_home();
        }
        if let Some(notice) = self.notice {
            app.add_notice(notice);
        }
    }
}

/// The status bar's word on the configuration's problems: the first, and how many more.
fn notice(loaded: &LoadedConfig) -> Option<String> {
    let first = loaded.problems.first()?;
    let more = match loaded.problems.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more)".to_owned(),
        more => format!(" (and {more} more)"),
    };
    // The path and the file's text are the user's, but a terminal is no place for their
    // control characters.
    Some(crate::content::sanitize::sanitize(&format!(
        "{first}{more}; using the default configuration (`lexicon config` says more)"
    )))
}

/// `lexicon config`: the configuration in force, where each value came from, and how the
/// theme shows in this terminal. Checks the keys as the reader would, so a conflict shows
/// among `loaded`'s problems.
pub fn describe(loaded: &mut LoadedConfig) -> String {
    let settings = Settings::from_config(loaded);
    let mut out = loaded.effective(|action| default_keys(action).to_vec());
    let colours = if !settings.theme.has_color() {
        "none (NO_COLOR is set)".to_owned()
    } else {
        let term = std::env::var("TERM").unwrap_or_default();
        format!("{} (TERM={term})", Depth::from_env().describe())
    };
    out.push_str(&format!("\n# colours in this terminal: {colours}\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Chosen, Location, load_from};
    use crate::ui::app::Remembered;
    use crate::ui::keymap::{Action, Layer, action_for};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    /// The configuration `text`, read from a file as the reader reads it.
    fn configured(text: &str) -> (Settings, LoadedConfig) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        let mut loaded = load_from(Some(Location {
            path,
            chosen: Chosen::Flag,
        }));
        (Settings::from_config(&mut loaded), loaded)
    }

    fn app() -> App {
        let mut app = App::new(crate::content::load_bundled(), None);
        app.resize(80, 24);
        app
    }

    fn screen_text(app: &App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| crate::ui::view::draw(app, frame)).unwrap();
        let buffer = terminal.backend().buffer();
        buffer.content().iter().map(|cell| cell.symbol()).collect()
    }

    #[test]
    fn the_configured_grouping_is_the_first_and_the_one_chosen_since_wins() {
        let (settings, _) = configured("grouping = \"tag\"\n");
        let mut first_run = app();
        settings.clone().apply(&mut first_run);
        first_run.load_progress(Default::default(), Default::default(), Remembered::default());
        assert_eq!(first_run.grouping, Grouping::Tag);
        assert!(screen_text(&first_run).contains("terms by tag"));

        let mut later = app();
        settings.apply(&mut later);
        let remembered = Remembered {
            grouping: Some(Grouping::Level),
            ..Remembered::default()
        };
        later.load_progress(Default::default(), Default::default(), remembered);
        assert_eq!(later.grouping, Grouping::Level);
    }

    #[test]
    fn a_changed_key_works_and_the_help_and_status_bar_show_it() {
        let (settings, loaded) = configured("[keys]\ndown = [\"Ctrl-n\", \"Down\"]\nhelp = [\"F1\"]\n");
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let mut app = app();
        settings.apply(&mut app);
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        let home = Layer::Screen(crate::ui::app::Screen::Home);
        assert_eq!(action_for(&app.keymap, home, ctrl_n), Some(Action::Down));
        assert_eq!(action_for(&app.keymap, home, j), None, "j is no longer down");
        let status = screen_text(&app);
        assert!(status.contains("F1 help"), "{status}");
        let f1 = KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE);
        app.update(action_for(&app.keymap, home, f1).unwrap());
        assert!(app.help_open);
        let help = screen_text(&app);
        assert!(help.contains("Ctrl-n ↓"), "{help}");
        assert!(!help.contains("↑↓ j k"), "{help}");
    }

    #[test]
    fn a_bad_file_is_said_in_the_status_bar_and_the_defaults_hold() {
        let (settings, loaded) = configured("theme = \"dark\"\n[keys]\nquit = [\"j\"]\n");
        assert_eq!(loaded.settings, crate::config::Settings::default());
        assert_eq!(settings.keymap, Keymap::default());
        let mut app = app();
        settings.apply(&mut app);
        let notice = app.notice.clone().unwrap();
        assert!(notice.contains("config.toml:3:8: `quit` cannot take `j`"), "{notice}");
        assert!(notice.contains("using the default configuration"), "{notice}");
    }
}
