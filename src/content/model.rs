//! The content model: what a lesson and a journey are once loaded.
//!
//! These types are the validated, sanitized form of the YAML files in `content/`. Every
//! string in them has been through [`super::sanitize`], every link target in `related`,
//! `compare` and journey steps has been resolved to an entry id, and every entry carries the
//! path it came from so diagnostics and tools can point back at it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// How much a reader needs to know before a lesson makes sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
    /// The title of the entry's source that settles it, as written in `sources`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
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

/// One glossary term: what lists, search, links and the map need of it. The rest of the
/// lesson, its [`Body`], is held here for small libraries and read back from its file on
/// demand for folders ([`BodySlot`]), so that a library of tens of thousands of terms does
/// not keep every lesson in memory.
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
    /// Resolved entry ids.
    pub related: Vec<String>,
    /// The resolved ids of the entries this one has a comparison with, as in
    /// [`Body::compare`], for the links between entries.
    #[serde(skip)]
    pub compared: Vec<String>,
    #[serde(skip)]
    pub body: BodySlot,
    /// The file the entry was read from, as shown in diagnostics.
    #[serde(skip)]
    pub path: String,
    /// Set when a content folder layered on the bundled lessons (`--with-bundled`) puts this
    /// entry in a bundled one's place (`replaces:`). Boxed: nearly every entry has none.
    #[serde(skip)]
    pub replaces: Option<Box<Replacement>>,
}

/// A blank entry: no name, no text, at the beginner level. The loader's stand-in for a file
/// that yields no entry, and the base the tests build their entries on.
impl Default for Entry {
    fn default() -> Entry {
        Entry {
            id: String::new(),
            title: String::new(),
            aliases: Vec::new(),
            level: Level::Beginner,
            tags: Vec::new(),
            verified: None,
            definition: String::new(),
            related: Vec::new(),
            compared: Vec::new(),
            body: BodySlot::default(),
            path: String::new(),
            replaces: None,
        }
    }
}

/// What a replacing entry keeps of where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// The name of the content folder it comes from. Its check statements' keys carry it,
    /// so their history is their own, never the bundled lesson's.
    pub folder: String,
}

impl Entry {
    /// The definition's Markdown folded onto one line, for the Markdown export, which turns
    /// its links into Markdown links. Rows show [`Entry::plain_definition`].
    pub fn one_line_definition(&self) -> String {
        crate::document::one_line(&self.definition, usize::MAX)
    }

    /// The definition as it reads in a row or beside another lesson: plain text on one line,
    /// its markup and link brackets gone ([`markdown::plain_text`](crate::content::markdown::plain_text)).
    pub fn plain_definition(&self) -> String {
        crate::content::markdown::plain_text(&self.definition)
    }

    /// The body, when it is held in memory.
    pub fn held_body(&self) -> Option<&Body> {
        match &self.body {
            BodySlot::Held(body) => Some(body),
            BodySlot::OnDisk(_) => None,
        }
    }

    /// An entry with this body held in memory, for libraries built by hand: `compared` is
    /// taken from the body's comparisons.
    pub fn with_body(mut self, body: Body) -> Entry {
        self.compared = body.compare.iter().map(|c| c.with.clone()).collect();
        self.body = BodySlot::Held(Arc::new(body));
        self
    }
}

/// The part of a lesson that only its own page needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Body {
    pub analysis: String,
    pub faqs: Vec<Faq>,
    pub misconceptions: Vec<Misconception>,
    pub compare: Vec<Comparison>,
    pub sources: Vec<Source>,
}

/// Where an entry's [`Body`] is.
#[derive(Debug, Clone, PartialEq)]
pub enum BodySlot {
    /// In memory: the bundled curriculum, and libraries built by hand.
    Held(Arc<Body>),
    /// In the file the entry was loaded from, which is read again (and checked again) when
    /// the lesson is needed, so an edit to the lesson's text shows without a restart.
    OnDisk(PathBuf),
}

impl Default for BodySlot {
    fn default() -> BodySlot {
        BodySlot::Held(Arc::default())
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
