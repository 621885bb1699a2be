//! A summary of a library, small enough to read long before the library itself: how many
//! lessons it holds, what the load reported, how many terms each level has and the first
//! [`SUMMARY_TERMS`] of them grouped by level, the journeys, and every lesson's id and title.
//!
//! Decoding a 30,000-entry library from the parsed cache takes most of a start, and a first
//! frame needs only a little of it. So the parsed cache keeps a summary first, right after
//! its manifest ([`crate::cache`]), and hands it over before the rest is decoded; what a
//! screen makes of it is the UI's business (the reader's home lays out its rows from it,
//! `ui::home::preview_rows`). A summary is taken from a cache only once the cache's manifest
//! has matched the folder, so it is never stale.
//!
//! A summary is derived from a loaded [`LoadReport`] by [`LibrarySummary::of`], with the
//! library's own [`Library::by_level`](super::Library::by_level) and
//! [`Library::widest_title`](super::Library::widest_title), so a summary and the library it
//! stands for cannot drift apart.

use super::sanitize::is_clean;
use super::{Entry, Level, LoadReport};
use serde::{Deserialize, Serialize};

/// How many terms a summary keeps: more rows than any terminal shows at once.
pub const SUMMARY_TERMS: usize = 256;

/// A summary of a loaded library (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibrarySummary {
    /// How many lessons the library holds.
    pub lessons: usize,
    /// [`Library::widest_title`](super::Library::widest_title).
    pub widest_title: usize,
    /// What the load reported.
    pub skipped_files: usize,
    pub errors: usize,
    /// How many terms each level has, as [`Library::by_level`](super::Library::by_level)
    /// groups them.
    pub level_counts: Vec<(Level, usize)>,
    /// The first [`SUMMARY_TERMS`] terms in that order.
    pub terms: Vec<SummaryTerm>,
    pub journeys: Vec<SummaryJourney>,
    /// Every lesson's id and title, each followed by a NUL (which no sanitized text holds):
    /// "Continue" may name any lesson. One string, not 60,000. Not part of the summary's
    /// serialized form: the cache writes the names straight from the library
    /// ([`IdsAndTitles`]) and reads them back into one string ([`IdsAndTitlesJoined`]), so
    /// neither side holds a copy of them all in passing.
    #[serde(skip)]
    names: String,
}

/// Every entry's id and title, written as a sequence of texts from the library itself.
pub(crate) struct IdsAndTitles<'a>(pub &'a [Entry]);

impl Serialize for IdsAndTitles<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut texts = serializer.serialize_seq(Some(2 * self.0.len()))?;
        for entry in self.0 {
            texts.serialize_element(&entry.id)?;
            texts.serialize_element(&entry.title)?;
        }
        texts.end()
    }
}

/// [`IdsAndTitles`] read back into one string, each text followed by a NUL. The texts are
/// borrowed from the bytes being read, never allocated one by one.
pub(crate) struct IdsAndTitlesJoined(pub String);

impl<'de> Deserialize<'de> for IdsAndTitlesJoined {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Texts;
        impl<'de> serde::de::Visitor<'de> for Texts {
            type Value = IdsAndTitlesJoined;
            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a sequence of ids and titles")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut texts: A) -> Result<IdsAndTitlesJoined, A::Error> {
                let mut names = String::new();
                while let Some(text) = texts.next_element::<&'de str>()? {
                    names.push_str(text);
                    names.push('\0');
                }
                Ok(IdsAndTitlesJoined(names))
            }
        }
        deserializer.deserialize_seq(Texts)
    }
}

/// A term as a summary keeps it: what a row of a list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryTerm {
    pub id: String,
    pub title: String,
    pub level: Level,
    pub definition: String,
}

/// A journey as a summary keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryJourney {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Entry ids, in reading order.
    pub steps: Vec<String>,
}

impl LibrarySummary {
    /// The summary of a loaded library.
    pub fn of(report: &LoadReport) -> LibrarySummary {
        let mut names = String::new();
        for entry in report.library.entries() {
            for text in [&entry.id, &entry.title] {
                names.push_str(text);
                names.push('\0');
            }
        }
        LibrarySummary::without_names(report).with_names(names)
    }

    /// The summary of a loaded library but for its names (see [`IdsAndTitles`]).
    pub(crate) fn without_names(report: &LoadReport) -> LibrarySummary {
        let library = &report.library;
        let entries = library.entries();
        let groups = library.by_level();
        let terms = groups
            .iter()
            .flat_map(|(_, members)| members)
            .take(SUMMARY_TERMS)
            .map(|&index| SummaryTerm {
                id: entries[index].id.clone(),
                title: entries[index].title.clone(),
                level: entries[index].level,
                definition: entries[index].definition.clone(),
            })
            .collect();
        LibrarySummary {
            lessons: entries.len(),
            widest_title: library.widest_title(),
            skipped_files: report.skipped_files,
            errors: report.errors(),
            level_counts: groups.iter().map(|(level, members)| (*level, members.len())).collect(),
            terms,
            journeys: library
                .journeys()
                .iter()
                .map(|journey| SummaryJourney {
                    id: journey.id.clone(),
                    title: journey.title.clone(),
                    description: journey.description.clone(),
                    steps: journey.steps.clone(),
                })
                .collect(),
            names: String::new(),
        }
    }

    /// The summary with these names, as [`IdsAndTitlesJoined`] reads them.
    pub(crate) fn with_names(self, names: String) -> LibrarySummary {
        LibrarySummary { names, ..self }
    }

    /// The title of the lesson `id`, if the library has it (and the title is as the sanitizer
    /// leaves it: [`LibrarySummary::is_sound`] leaves the names to this).
    pub fn title_of(&self, id: &str) -> Option<&str> {
        let mut parts = self.names.split_terminator('\0');
        while let (Some(this_id), Some(title)) = (parts.next(), parts.next()) {
            if this_id == id {
                return Some(title).filter(|title| is_clean(title));
            }
        }
        None
    }

    /// True when the summary is whole and holds only what the sanitizer leaves: it comes from
    /// a file on disk, and nothing from it may reach a terminal that did not come through
    /// the sanitizer.
    pub fn is_sound(&self) -> bool {
        let terms = self
            .terms
            .iter()
            .all(|term| is_clean(&term.id) && is_clean(&term.title) && is_clean(&term.definition));
        let journeys = self.journeys.iter().all(|journey| {
            [&journey.id, &journey.title, &journey.description]
                .into_iter()
                .chain(&journey.steps)
                .all(|text| is_clean(text))
        });
        // The names are many and only one of them is ever shown: `title_of` checks that one.
        // At most one count per level, adding up to the lessons without overflowing.
        let counted = self
            .level_counts
            .iter()
            .try_fold(0usize, |sum, (_, count)| sum.checked_add(*count));
        terms
            && journeys
            && self.level_counts.len() <= Level::ALL.len()
            && counted == Some(self.lessons)
            && self.terms.len() == self.lessons.min(SUMMARY_TERMS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Entry, Journey, Library};

    fn entry(id: &str, title: &str, level: Level) -> Entry {
        Entry {
            id: id.to_owned(),
            title: title.to_owned(),
            level,
            definition: format!("What {title} is."),
            path: format!("{id}.yaml"),
            ..Entry::default()
        }
    }

    fn report(entries: Vec<Entry>) -> LoadReport {
        let journey = Journey {
            id: "path".to_owned(),
            title: "A path".to_owned(),
            description: "Two steps.".to_owned(),
            steps: vec!["b".to_owned(), "a".to_owned()],
            path: "journeys/path.yaml".to_owned(),
        };
        LoadReport {
            library: Library::new(entries, vec![journey]),
            diagnostics: Vec::new(),
            skipped_files: 2,
        }
    }

    #[test]
    fn a_summary_keeps_the_level_order_and_names_every_lesson() {
        let summary = LibrarySummary::of(&report(vec![
            entry("a", "Alpha", Level::Advanced),
            entry("b", "Beta", Level::Beginner),
            entry("c", "Ｃｅｅ", Level::Beginner),
        ]));
        let titles: Vec<&str> = summary.terms.iter().map(|term| term.title.as_str()).collect();
        assert_eq!(titles, ["Beta", "Ｃｅｅ", "Alpha"]);
        assert_eq!(summary.level_counts, [(Level::Beginner, 2), (Level::Advanced, 1)]);
        assert_eq!(summary.widest_title, 6, "full-width letters take two columns");
        assert_eq!((summary.lessons, summary.skipped_files), (3, 2));
        assert_eq!(summary.title_of("a"), Some("Alpha"));
        assert_eq!(summary.title_of("c"), Some("Ｃｅｅ"));
        assert_eq!(summary.title_of("Alpha"), None, "a title is not an id");
        assert_eq!(summary.title_of("z"), None);
        assert_eq!(summary.journeys[0].steps, ["b", "a"]);
        assert!(summary.is_sound());
    }

    #[test]
    fn a_summary_keeps_only_a_screenful_of_terms() {
        let entries = (0..SUMMARY_TERMS + 10)
            .map(|index| {
                entry(
                    &format!("t{index:04}"),
                    &format!("Term {index:04}"),
                    Level::Intermediate,
                )
            })
            .collect();
        let summary = LibrarySummary::of(&report(entries));
        assert_eq!(summary.terms.len(), SUMMARY_TERMS);
        assert_eq!(summary.lessons, SUMMARY_TERMS + 10);
        assert_eq!(summary.title_of("t0265"), Some("Term 0265"));
        assert!(summary.is_sound());
    }

    #[test]
    fn an_altered_summary_is_not_sound() {
        let sound = LibrarySummary::of(&report(vec![entry("a", "Alpha", Level::Advanced)]));
        let mut escaped = sound.clone();
        escaped.terms[0].title = "\u{1b}[2JAlpha".to_owned();
        let mut step = sound.clone();
        step.journeys[0].steps[0] = "b\u{7}".to_owned();
        let mut counted = sound.clone();
        counted.lessons = 2;
        let mut overflowing = sound.clone();
        overflowing.level_counts = vec![(Level::Beginner, usize::MAX), (Level::Advanced, 2)];
        overflowing.lessons = 1;
        for altered in [escaped, step, counted, overflowing] {
            assert!(!altered.is_sound(), "{altered:?}");
        }
        let mut named = sound.clone();
        named.names = "a\0Alpha\u{1b}]0;owned\u{7}\0".to_owned();
        assert_eq!(
            named.title_of("a"),
            None,
            "a title the sanitizer would change is not shown"
        );
    }
}
