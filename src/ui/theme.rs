//! How semantic styles look: the 16-colour ANSI palette only, so the app reads on light and
//! dark backgrounds alike, and nothing is told by colour alone (selection is reversed, links
//! are underlined). With `NO_COLOR` set, every colour is dropped and the modifiers remain.

use crate::document;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
        }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    /// A group heading on the home screen.
    pub fn heading(self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }
    /// Characters a search matched.
    pub fn matched(self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    /// A right answer, a good score.
    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }
    pub fn warning(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn level(self, level: crate::content::Level) -> Style {
        use crate::content::Level;
        self.fg(match level {
            Level::Beginner => Color::Green,
            Level::Intermediate => Color::Yellow,
            Level::Advanced => Color::Magenta,
        })
    }

    /// A document span's look. `selected_link` is drawn reversed.
    pub fn span(self, span: &document::Span, selected_link: Option<usize>, broken: bool) -> Style {
        let s = span.style;
        let mut style = Style::new();
        if s.heading {
            style = style.patch(self.title());
        }
        if s.accent {
            style = style.patch(self.fg(Color::Blue));
        }
        if s.code {
            style = style.patch(self.fg(Color::Magenta));
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
                style = style.patch(self.fg(Color::Red));
            } else if !s.accent {
                style = style.patch(self.fg(Color::Cyan));
            }
            if selected_link == Some(link) {
                style = style.add_modifier(Modifier::REVERSED);
            }
        }
        style
    }
}
