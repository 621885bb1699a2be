//! The theme the file chooses: which colours the reader draws with.

use serde::Deserialize;
use std::fmt;

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
