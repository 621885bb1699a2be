//! How semantic styles look, in one of three themes the configuration chooses
//! ([`ThemeName`]): `16`, the default, uses only the 16 ANSI colours, which the terminal's own
//! palette shows, so it reads on light and dark backgrounds alike; `dark` and `light` are
//! tuned for one background each, with the 256-colour palette's greys and softer colours
//! where the terminal says it has them (`TERM` ending in `256color`, or `COLORTERM` set to
//! `truecolor`/`24bit`), and with 16-colour choices for that background where it does not:
//! `TERM=xterm` never gets a colour it cannot show. Nothing is told by colour alone
//! (selection is reversed, links are underlined). With `NO_COLOR` set, every colour is
//! dropped and the modifiers remain.

use crate::config::ThemeName;
use crate::document::StyledText;
use ratatui::style::{Color, Modifier, Style};

/// How many colours the terminal shows, as its environment says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// The 16 ANSI colours (`TERM=xterm`, `linux`, `screen`...).
    Sixteen,
    /// The 256-colour palette (`xterm-256color`, or a terminal saying it has 24-bit colour).
    Indexed256,
}

impl Depth {
    /// The depth `TERM` and `COLORTERM` say: 256 colours only when one of them says so.
    pub fn from_term(term: Option<&str>, colorterm: Option<&str>) -> Depth {
        let truecolor = colorterm.is_some_and(|value| matches!(value, "truecolor" | "24bit"));
        let indexed = term.is_some_and(|term| term.ends_with("256color") || term.ends_with("-direct"));
        if truecolor || indexed {
            Depth::Indexed256
        } else {
            Depth::Sixteen
        }
    }

    /// The depth of the terminal lexicon runs in.
    pub fn from_env() -> Depth {
        let var = |name| std::env::var(name).ok();
        Depth::from_term(var("TERM").as_deref(), var("COLORTERM").as_deref())
    }

    /// How `lexicon config` says it.
    pub fn describe(self) -> &'static str {
        match self {
            Depth::Sixteen => "16 colours",
            Depth::Indexed256 => "256 colours",
        }
    }
}

/// The colour of each semantic style.
#[derive(Debug, PartialEq, Eq)]
struct Palette {
    title: Color,
    heading: Color,
    dim: Color,
    accent: Color,
    code: Color,
    link: Color,
    broken_link: Color,
    key: Color,
    good: Color,
    warning: Color,
    beginner: Color,
    intermediate: Color,
    advanced: Color,
}

/// `16`: the 16 ANSI colours, for any background.
const SIXTEEN: Palette = Palette {
    title: Color::Cyan,
    heading: Color::Blue,
    dim: Color::DarkGray,
    accent: Color::Blue,
    code: Color::Magenta,
    link: Color::Cyan,
    broken_link: Color::Red,
    key: Color::Yellow,
    good: Color::Green,
    warning: Color::Red,
    beginner: Color::Green,
    intermediate: Color::Yellow,
    advanced: Color::Magenta,
};

/// `dark` in 16 colours: the bright ones, since dark blue and magenta are hard to read on
/// black.
const DARK_16: Palette = Palette {
    title: Color::LightCyan,
    heading: Color::LightBlue,
    dim: Color::DarkGray,
    accent: Color::LightBlue,
    code: Color::LightMagenta,
    link: Color::LightCyan,
    broken_link: Color::LightRed,
    key: Color::LightYellow,
    good: Color::LightGreen,
    warning: Color::LightRed,
    beginner: Color::LightGreen,
    intermediate: Color::LightYellow,
    advanced: Color::LightMagenta,
};

/// `light` in 16 colours: no yellow or cyan, which vanish on white.
const LIGHT_16: Palette = Palette {
    title: Color::Blue,
    heading: Color::Blue,
    dim: Color::DarkGray,
    accent: Color::Blue,
    code: Color::Magenta,
    link: Color::Blue,
    broken_link: Color::Red,
    key: Color::Magenta,
    good: Color::Green,
    warning: Color::Red,
    beginner: Color::Green,
    intermediate: Color::Magenta,
    advanced: Color::Red,
};

/// `dark` in 256 colours: soft pastels and a mid grey.
const DARK_256: Palette = Palette {
    title: Color::Indexed(117),
    heading: Color::Indexed(111),
    dim: Color::Indexed(245),
    accent: Color::Indexed(111),
    code: Color::Indexed(183),
    link: Color::Indexed(117),
    broken_link: Color::Indexed(210),
    key: Color::Indexed(221),
    good: Color::Indexed(114),
    warning: Color::Indexed(203),
    beginner: Color::Indexed(114),
    intermediate: Color::Indexed(221),
    advanced: Color::Indexed(177),
};

/// `light` in 256 colours: deep tones and a darker grey.
const LIGHT_256: Palette = Palette {
    title: Color::Indexed(24),
    heading: Color::Indexed(25),
    dim: Color::Indexed(242),
    accent: Color::Indexed(25),
    code: Color::Indexed(90),
    link: Color::Indexed(24),
    broken_link: Color::Indexed(160),
    key: Color::Indexed(130),
    good: Color::Indexed(28),
    warning: Color::Indexed(160),
    beginner: Color::Indexed(28),
    intermediate: Color::Indexed(130),
    advanced: Color::Indexed(90),
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// `None` without colour (`NO_COLOR`): modifiers only.
    palette: Option<&'static Palette>,
}

impl Default for Theme {
    /// The `16` theme in colour: what a theme-less caller (a test) draws with.
    fn default() -> Theme {
        Theme::new(ThemeName::Sixteen, Depth::Sixteen, true)
    }
}

impl Theme {
    /// No colour at all, only modifiers: `NO_COLOR`, and where only sizes matter.
    pub const PLAIN: Theme = Theme { palette: None };

    /// `name` as a terminal of `depth` shows it, or without colour.
    pub fn new(name: ThemeName, depth: Depth, color: bool) -> Theme {
        let palette = match (name, depth) {
            (ThemeName::Sixteen, _) => &SIXTEEN,
            (ThemeName::Dark, Depth::Sixteen) => &DARK_16,
            (ThemeName::Light, Depth::Sixteen) => &LIGHT_16,
            (ThemeName::Dark, Depth::Indexed256) => &DARK_256,
            (ThemeName::Light, Depth::Indexed256) => &LIGHT_256,
        };
        Theme {
            palette: color.then_some(palette),
        }
    }

    /// `name` in this terminal: its depth, and colour unless `NO_COLOR` is set to anything
    /// non-empty (no-color.org).
    pub fn from_env(name: ThemeName) -> Theme {
        Theme::new(name, Depth::from_env(), !no_color())
    }

    /// Whether there is colour at all.
    pub fn has_color(self) -> bool {
        self.palette.is_some()
    }

    fn fg(self, color: fn(&Palette) -> Color) -> Style {
        match self.palette {
            Some(palette) => Style::new().fg(color(palette)),
            None => Style::new(),
        }
    }

    pub fn title(self) -> Style {
        self.fg(|p| p.title).add_modifier(Modifier::BOLD)
    }
    /// A group heading on the home screen.
    pub fn heading(self) -> Style {
        self.fg(|p| p.heading)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn dim(self) -> Style {
        if self.has_color() {
            self.fg(|p| p.dim)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    /// Characters a search matched.
    pub fn matched(self) -> Style {
        self.fg(|p| p.key).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn key(self) -> Style {
        self.fg(|p| p.key).add_modifier(Modifier::BOLD)
    }
    /// A right answer, a good score.
    pub fn good(self) -> Style {
        self.fg(|p| p.good)
    }
    pub fn warning(self) -> Style {
        self.fg(|p| p.warning).add_modifier(Modifier::BOLD)
    }
    pub fn level(self, level: crate::content::Level) -> Style {
        use crate::content::Level;
        match level {
            Level::Beginner => self.fg(|p| p.beginner),
            Level::Intermediate => self.fg(|p| p.intermediate),
            Level::Advanced => self.fg(|p| p.advanced),
        }
    }

    /// The look of a run of styled document text. `selected_link` is drawn reversed.
    pub fn span(self, span: &StyledText, selected_link: Option<usize>, broken: bool) -> Style {
        let s = span.style;
        let mut style = Style::new();
        if s.heading {
            style = style.patch(self.title());
        }
        if s.accent {
            style = style.patch(self.fg(|p| p.accent));
        }
        if s.code {
            style = style.patch(self.fg(|p| p.code));
        }
        if s.dim {
            style = style.patch(self.dim());
        }
        if s.bold {
            style = style.add_modifier(Modifier::BOLD);
        }
        if s.italic || s.quote {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if s.strike {
            style = style.add_modifier(Modifier::CROSSED_OUT);
        }
        if let Some(link) = span.link {
            style = style.add_modifier(Modifier::UNDERLINED);
            if broken {
                style = style.patch(self.fg(|p| p.broken_link));
            } else if !s.accent {
                style = style.patch(self.fg(|p| p.link));
            }
            if selected_link == Some(link) {
                style = style.add_modifier(Modifier::REVERSED);
            }
        }
        style
    }
}

/// Whether `NO_COLOR` asks for no colour: set to anything non-empty (no-color.org).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::app::App;
    use crate::ui::keymap::Action;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    /// Every foreground and background colour of the home, a lesson with its help open, and
    /// the search box with matches, as drawn in `theme`; and whether any cell had a modifier.
    fn drawn(theme: Theme) -> (Vec<Color>, bool) {
        let mut app = App::new(crate::content::load_bundled(), None);
        app.theme = theme;
        app.resize(100, 30);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let mut colours = Vec::new();
        let mut modified = false;
        let mut take = |terminal: &mut Terminal<TestBackend>, app: &App| {
            terminal.draw(|frame| crate::ui::view::draw(app, frame)).unwrap();
            for cell in terminal.backend().buffer().content() {
                colours.extend([cell.fg, cell.bg]);
                modified |= !cell.modifier.is_empty();
            }
        };
        take(&mut terminal, &app);
        app.update(Action::OpenSearch);
        for c in "back".chars() {
            app.update(Action::Type(c));
        }
        take(&mut terminal, &app);
        app.update(Action::Activate);
        take(&mut terminal, &app);
        app.update(Action::ToggleHelp);
        take(&mut terminal, &app);
        colours.sort_by_key(|colour| format!("{colour:?}"));
        colours.dedup();
        (colours, modified)
    }

    fn beyond_16(colour: &Color) -> bool {
        matches!(colour, Color::Indexed(_) | Color::Rgb(..))
    }

    #[test]
    fn the_depth_is_what_term_and_colorterm_say() {
        assert_eq!(Depth::from_term(Some("xterm"), None), Depth::Sixteen);
        assert_eq!(Depth::from_term(Some("linux"), None), Depth::Sixteen);
        assert_eq!(Depth::from_term(None, None), Depth::Sixteen);
        assert_eq!(Depth::from_term(Some("xterm-256color"), None), Depth::Indexed256);
        assert_eq!(Depth::from_term(Some("tmux-256color"), None), Depth::Indexed256);
        assert_eq!(Depth::from_term(Some("xterm"), Some("truecolor")), Depth::Indexed256);
    }

    /// TERM=xterm has no 256-colour palette: whatever the theme, every colour drawn is one of
    /// the 16 ANSI colours.
    #[test]
    fn xterm_gets_only_the_16_ansi_colours_in_every_theme() {
        let xterm = Depth::from_term(Some("xterm"), None);
        for name in ThemeName::ALL {
            let (colours, _) = drawn(Theme::new(name, xterm, true));
            assert!(
                colours.iter().any(|colour| *colour != Color::Reset),
                "{name:?} drew no colour at all"
            );
            let beyond: Vec<&Color> = colours.iter().filter(|colour| beyond_16(colour)).collect();
            assert!(beyond.is_empty(), "{name:?} on xterm drew {beyond:?}");
        }
    }

    #[test]
    fn dark_and_light_use_the_256_colour_palette_where_there_is_one() {
        let (dark, _) = drawn(Theme::new(ThemeName::Dark, Depth::Indexed256, true));
        let (light, _) = drawn(Theme::new(ThemeName::Light, Depth::Indexed256, true));
        assert!(dark.iter().any(beyond_16), "{dark:?}");
        assert!(light.iter().any(beyond_16), "{light:?}");
        assert_ne!(dark, light);
        // `16` stays within the 16 colours even where more are shown.
        let (sixteen, _) = drawn(Theme::new(ThemeName::Sixteen, Depth::Indexed256, true));
        assert!(!sixteen.iter().any(beyond_16), "{sixteen:?}");
        // The two backgrounds get different 16-colour choices too.
        let (dark_16, _) = drawn(Theme::new(ThemeName::Dark, Depth::Sixteen, true));
        let (light_16, _) = drawn(Theme::new(ThemeName::Light, Depth::Sixteen, true));
        assert_ne!(dark_16, light_16);
    }

    #[test]
    fn no_color_keeps_only_the_modifiers() {
        let (colours, modified) = drawn(Theme::PLAIN);
        assert_eq!(colours, [Color::Reset]);
        assert!(modified, "selection, links and headings still show");
    }
}
