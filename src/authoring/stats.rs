//! `lexicon check --stats`: what an author wants to know of a library beyond its errors.
//!
//! Lessons per level and per tag, how long the lessons are, how many check statements and
//! frequent questions there are, the lessons no journey takes in, and the wiki links that
//! name no lesson yet, most wanted first: the lessons still to write.

use crate::content::markdown::wiki_link_targets;
use crate::content::{BodyError, Level, Library, markdown_fields_with};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// The figures, computed once ([`ContentStats::compute`]) and printed with `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentStats {
    pub lessons: usize,
    pub by_level: Vec<(Level, usize)>,
    /// Each tag and its number of lessons, most used first, then by name.
    pub by_tag: Vec<(String, usize)>,
    /// Each lesson's title and the number of words in its text, shortest first.
    pub words: Vec<(String, usize)>,
    /// Check statements: two per misconception.
    pub statements: usize,
    /// The titles of the lessons with no misconception, and so no check.
    pub without_check: Vec<String>,
    pub faqs: usize,
    /// The titles of the lessons that no journey takes in, in library order.
    pub on_no_journey: Vec<String>,
    /// Each wiki link target that names no lesson, and how many lessons link to it, most
    /// linked first, then by name.
    pub wanted: Vec<(String, usize)>,
}

impl ContentStats {
    /// The figures of `library`, reading each lesson's body (from its file, for a folder).
    pub fn compute(library: &Library) -> Result<ContentStats, BodyError> {
        let by_level = library
            .by_level()
            .into_iter()
            .map(|(level, members)| (level, members.len()))
            .collect();
        let mut tags: BTreeMap<String, usize> = BTreeMap::new();
        let mut words = Vec::new();
        let (mut statements, mut faqs) = (0, 0);
        let mut without_check = Vec::new();
        let mut wanted: BTreeMap<String, usize> = BTreeMap::new();
        for entry in library.entries() {
            for tag in &entry.tags {
                *tags.entry(tag.to_lowercase()).or_default() += 1;
            }
            let body = library.body(entry)?;
            let count = |text: &str| text.split_whitespace().count();
            let lesson_words = count(&entry.definition)
                + count(&body.analysis)
                + body
                    .faqs
                    .iter()
                    .map(|faq| count(&faq.question) + count(&faq.answer))
                    .sum::<usize>()
                + body
                    .misconceptions
                    .iter()
                    .map(|m| count(&m.myth) + count(&m.fact) + count(&m.explanation))
                    .sum::<usize>();
            words.push((entry.title.clone(), lesson_words));
            statements += 2 * body.misconceptions.len();
            faqs += body.faqs.len();
            if body.misconceptions.is_empty() {
                without_check.push(entry.title.clone());
            }
            // Each lesson counts once for each target it wants.
            let targets: HashSet<String> = markdown_fields_with(entry, Some(&body))
                .flat_map(wiki_link_targets)
                .filter(|target| library.resolve(target).is_none())
                .collect();
            for target in targets {
                *wanted.entry(target).or_default() += 1;
            }
        }
        words.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        let on_journeys: HashSet<&str> = library
            .journeys()
            .iter()
            .flat_map(|journey| journey.steps.iter().map(String::as_str))
            .collect();
        let on_no_journey = library
            .entries()
            .iter()
            .filter(|entry| !on_journeys.contains(entry.id.as_str()))
            .map(|entry| entry.title.clone())
            .collect();
        Ok(ContentStats {
            lessons: library.entries().len(),
            by_level,
            by_tag: most_first(tags),
            words,
            statements,
            without_check,
            faqs,
            on_no_journey,
            wanted: most_first(wanted),
        })
    }

    /// The median number of words in a lesson.
    pub fn median_words(&self) -> usize {
        self.words.get(self.words.len() / 2).map_or(0, |(_, words)| *words)
    }
}

/// Counts by name, largest first, then by name.
fn most_first(counts: BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
    // Stable, so equal counts stay in name order.
    counts.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    counts
}

/// `name count, name count, …`.
fn counted(counts: &[(String, usize)]) -> String {
    let items: Vec<String> = counts.iter().map(|(name, count)| format!("{name} {count}")).collect();
    items.join(", ")
}

impl fmt::Display for ContentStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let levels: Vec<String> = self
            .by_level
            .iter()
            .map(|(level, count)| format!("{count} {level}"))
            .collect();
        writeln!(f, "Lessons:        {} ({})", self.lessons, levels.join(", "))?;
        if !self.by_tag.is_empty() {
            writeln!(f, "Tags:           {}", counted(&self.by_tag))?;
        }
        if let (Some((short, fewest)), Some((long, most))) = (self.words.first(), self.words.last()) {
            let total: usize = self.words.iter().map(|(_, words)| words).sum();
            writeln!(
                f,
                "Words:          {total} in all; per lesson median {}, fewest {fewest} ({short}), most {most} ({long})",
                self.median_words()
            )?;
        }
        writeln!(
            f,
            "Statements:     {} (two per misconception); {} frequent questions",
            self.statements, self.faqs
        )?;
        if !self.without_check.is_empty() {
            writeln!(
                f,
                "Without a check ({}): {}",
                self.without_check.len(),
                self.without_check.join(", ")
            )?;
        }
        if !self.on_no_journey.is_empty() {
            writeln!(
                f,
                "On no journey ({}): {}",
                self.on_no_journey.len(),
                self.on_no_journey.join(", ")
            )?;
        }
        if !self.wanted.is_empty() {
            let wanted: Vec<String> = self
                .wanted
                .iter()
                .map(|(target, lessons)| format!("[[{target}]] from {lessons}"))
                .collect();
            writeln!(
                f,
                "Lessons to write, linked but missing ({}): {}",
                self.wanted.len(),
                wanted.join(", ")
            )?;
        }
        Ok(())
    }
}
