//! The content model: what a lesson and a journey are once loaded.
//!
//! These types are the validated, sanitized form of the YAML files in `content/`. Every
//! string in them has been through [`super::sanitize`], every link target in `related`,
//! `compare` and journey steps has been resolved to an entry id, and every entry carries the
//! path it came from so diagnostics and tools can point back at it.

use serde::Serialize;
use std::fmt;

/// How much a reader needs to know before a lesson makes sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Beginner, Level::Intermediate, Level::Advanced];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Beginner => "beginner",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|level| level.as_str() == text)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A frequent question and its markdown answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Faq {
    pub question: String,
    pub answer: String,
}

/// A common belief and the technical reality. Each one yields two check statements: the
/// `myth` (whose right answer is Myth) and the `fact` (whose right answer is Fact).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Misconception {
    pub myth: String,
    pub fact: String,
    pub explanation: String,
}

/// One row of a side-by-side comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparePoint {
    pub aspect: String,
    pub this: String,
    pub that: String,
}

/// A comparison of this entry with another one, by its resolved id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub with: String,
    pub points: Vec<ComparePoint>,
}

/// Where a fact in the lesson comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One glossary term, presented as a lesson.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub aliases: Vec<String>,
    pub level: Level,
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<String>,
    pub definition: String,
    pub analysis: String,
    pub faqs: Vec<Faq>,
    pub misconceptions: Vec<Misconception>,
    /// Resolved entry ids.
    pub related: Vec<String>,
    pub compare: Vec<Comparison>,
    pub sources: Vec<Source>,
    /// The file the entry was read from, as shown in diagnostics.
    #[serde(skip)]
    pub path: String,
}

impl Entry {
    /// The definition folded onto one line, for lists.
    pub fn one_line_definition(&self) -> String {
        self.definition.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// An ordered learning path through several entries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Journey {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Resolved entry ids, in reading order.
    pub steps: Vec<String>,
    #[serde(skip)]
    pub path: String,
}
