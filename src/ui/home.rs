//! The home screen's rows: where to continue, the journeys with their progress, and every
//! term grouped by level or by tag.
//!
//! The rows are derived from the library and progress, and rebuilt only when one of those
//! or the grouping changes, never per frame.

use crate::content::{Level, Library};
use std::collections::{BTreeMap, HashSet};

/// How the home screen groups terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    #[default]
    Level,
    Tag,
}

impl Grouping {
    pub fn toggled(self) -> Grouping {
        match self {
            Grouping::Level => Grouping::Tag,
            Grouping::Tag => Grouping::Level,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HomeRow {
    /// A group title; not selectable.
    Heading(String),
    /// The lesson that was open last.
    Continue(String),
    /// How many check statements are due for review.
    Review(usize),
    /// A journey: its id, and how many of its steps have been read.
    Journey { id: String, read: usize, total: usize },
    /// A term, by index into the library's entries.
    Term(usize),
}

impl HomeRow {
    pub fn is_selectable(&self) -> bool {
        !matches!(self, HomeRow::Heading(_))
    }
}

/// Builds the rows. `read_steps(journey)` gives the step ids read in a journey.
pub fn home_rows(
    library: &Library,
    grouping: Grouping,
    last_lesson: Option<&str>,
    due: usize,
    read_steps: &dyn Fn(&str) -> HashSet<String>,
) -> Vec<HomeRow> {
    let mut rows = vec![HomeRow::Review(due)];
    if let Some(id) = last_lesson.filter(|id| library.get(id).is_some()) {
        rows.push(HomeRow::Continue(id.to_owned()));
    }
    if !library.journeys().is_empty() {
        rows.push(HomeRow::Heading("Journeys".to_owned()));
        for journey in library.journeys() {
            let read = read_steps(&journey.id);
            let done = journey.steps.iter().filter(|step| read.contains(*step)).count();
            rows.push(HomeRow::Journey {
                id: journey.id.clone(),
                read: done,
                total: journey.steps.len(),
            });
        }
    }
    let entries = library.entries();
    match grouping {
        Grouping::Level => {
            for level in Level::ALL {
                let members: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].level == level).collect();
                if !members.is_empty() {
                    let title = format!("{}{}", level.as_str()[..1].to_uppercase(), &level.as_str()[1..]);
                    rows.push(HomeRow::Heading(title));
                    rows.extend(members.into_iter().map(HomeRow::Term));
                }
            }
        }
        Grouping::Tag => {
            let mut by_tag: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            let mut untagged = Vec::new();
            for (index, entry) in entries.iter().enumerate() {
                if entry.tags.is_empty() {
                    untagged.push(index);
                }
                for tag in &entry.tags {
                    by_tag.entry(tag.as_str()).or_default().push(index);
                }
            }
            for (tag, members) in by_tag {
                rows.push(HomeRow::Heading(format!("#{tag}")));
                rows.extend(members.into_iter().map(HomeRow::Term));
            }
            if !untagged.is_empty() {
                rows.push(HomeRow::Heading("Untagged".to_owned()));
                rows.extend(untagged.into_iter().map(HomeRow::Term));
            }
        }
    }
    rows
}

/// The first selectable row at or after `from` in direction `step` (+1 or -1), or `from`
/// itself when there is none that way.
pub fn next_selectable(rows: &[HomeRow], from: usize, step: isize) -> usize {
    let mut index = from;
    loop {
        let Some(next) = index.checked_add_signed(step).filter(|&n| n < rows.len()) else {
            return if rows.get(from).is_some_and(HomeRow::is_selectable) {
                from
            } else {
                first_selectable(rows)
            };
        };
        index = next;
        if rows[index].is_selectable() {
            return index;
        }
    }
}

pub fn first_selectable(rows: &[HomeRow]) -> usize {
    rows.iter().position(HomeRow::is_selectable).unwrap_or(0)
}
