//! What pass 1 notes of a file's text for passes 2 and 3, so that the text can be dropped.
//!
//! Passes 2 and 3 need a file's text only to place what they report, and a folder's texts
//! are as large as the library itself. So while the text is at hand, [`place_term`] asks the
//! [`Locator`] every question they could ask, with the same names, and keeps the answers
//! ([`Places`], [`Targets`]): a few positions per entry rather than the whole file. A
//! journey keeps the places of its id and steps ([`JourneyFile`]).

use super::locate::Locator;
use super::parse::Parsed;
use super::raw::RawJourney;
use super::validate::{clean_list, file_stem, trim_then_clean};
use crate::content::markdown::wiki_link_targets;
use crate::content::markdown_fields;
use crate::content::model::Entry;
use crate::content::sanitize::escape_controls;
use crate::content::work::visited;
use std::collections::HashMap;
use std::num::NonZeroU32;

/// A line and column, counted from 1: half the size of `(usize, usize)`, and an `Option` of
/// it is no bigger, since the line is never 0. Every entry keeps a few of these until its
/// references are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct LineColumn {
    line: NonZeroU32,
    column: u32,
}

impl LineColumn {
    pub(super) fn new((line, column): (usize, usize)) -> LineColumn {
        // Files are at most 1 MiB, so neither can overflow, and lines count from 1.
        LineColumn {
            line: u32::try_from(line)
                .ok()
                .and_then(NonZeroU32::new)
                .unwrap_or(NonZeroU32::MIN),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    pub(super) fn get(self) -> (usize, usize) {
        (self.line.get() as usize, self.column as usize)
    }
}

/// `at`, or the start of the file.
pub(super) fn or_start(at: Option<LineColumn>) -> (usize, usize) {
    at.map_or((1, 1), LineColumn::get)
}

/// Where a term's later diagnostics point, found in pass 1 while the file's text is at hand.
/// Passes 2 and 3 need the text only to place what they report, so this is kept instead of
/// the text: a few positions per entry rather than the whole file.
#[derive(Debug, Default)]
pub(super) struct Places {
    /// The top-level keys `id`, `title`, `misconceptions` and `related`.
    pub(super) id_key: Option<LineColumn>,
    pub(super) title_key: Option<LineColumn>,
    pub(super) misconceptions_key: Option<LineColumn>,
    pub(super) related_key: Option<LineColumn>,
    /// The title's value, where a clash with another entry's name is reported.
    pub(super) title: Option<LineColumn>,
    /// Where the items of the three lists are written, one list after another (one
    /// allocation rather than three): each alias, where a clash is reported; each item of `related`, where it is written if found as written; each
    /// comparison's `with:` value, where a bad target is reported.
    list_items: Vec<Option<LineColumn>>,
    /// Where the `related` run and the `compare` run start in `list_items`.
    related_from: u32,
    compare_from: u32,
    /// Where each wiki link would be reported if its target named no entry, in the order
    /// it would be reported, with the index of its target in [`Targets`].
    pub(super) links: Vec<(u32, LineColumn)>,
    /// Whether the entry has no misconceptions, which pass 3 warns about: its body may be
    /// back on disk by then.
    pub(super) no_misconceptions: bool,
    /// The `replaces` key, when the entry says it takes a bundled lesson's place (whose id
    /// it then has): pass 2 of a layered load reports there a `replaces` that names none.
    pub(super) replaces_key: Option<LineColumn>,
}

impl Places {
    pub(super) fn aliases(&self) -> &[Option<LineColumn>] {
        self.list_items.get(..self.related_from as usize).unwrap_or_default()
    }

    pub(super) fn related(&self) -> &[Option<LineColumn>] {
        self.list_items
            .get(self.related_from as usize..self.compare_from as usize)
            .unwrap_or_default()
    }

    pub(super) fn compare(&self) -> &[Option<LineColumn>] {
        self.list_items.get(self.compare_from as usize..).unwrap_or_default()
    }
}

/// The wiki link targets of an entry's markdown fields, as written, in order: one string
/// and the end of each target in it, rather than a string each.
#[derive(Debug, Default)]
pub(super) struct Targets {
    text: String,
    ends: Vec<u32>,
}

impl Targets {
    fn push(&mut self, target: &str) {
        self.text.push_str(target);
        self.ends.push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(start, end)| self.text.get(start as usize..end as usize).unwrap_or_default())
    }
}

/// A journey after pass 1. Its id is checked, and its steps resolved, in pass 3.
pub(super) struct JourneyFile {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) steps: Vec<String>,
    pub(super) path: String,
    pub(super) id_key: Option<LineColumn>,
    pub(super) steps_key: Option<LineColumn>,
    /// Where each step is written, as an unknown step is reported.
    pub(super) steps_at: Vec<LineColumn>,
}

/// Finds in the file's text everything passes 2 and 3 may have to point at, asking the
/// [`Locator`] the same questions they would, with the same names.
pub(super) fn place_term(entry: &Entry, text: &str) -> (Places, Targets) {
    let mut locator = Locator::new(text);
    let title = locator
        .value("title", None, [entry.title.to_lowercase().as_str()])
        .map(LineColumn::new);
    let mut list_items = Vec::with_capacity(entry.aliases.len() + entry.related.len() + entry.compared.len());
    for alias in &entry.aliases {
        list_items.push(
            locator
                .value("aliases", None, [alias.to_lowercase().as_str()])
                .map(LineColumn::new),
        );
    }
    let related_from = list_items.len();
    for name in &entry.related {
        list_items.push(locator.find("related", None, [name.as_str()]).map(LineColumn::new));
    }
    let compare_from = list_items.len();
    for with in &entry.compared {
        list_items.push(
            locator
                .value("compare", Some("with"), [with.as_str()])
                .map(LineColumn::new),
        );
    }

    // Which links are broken is known only once every file is loaded, but whether a link is
    // broken depends only on its target: so every link is placed here as if it were, and
    // pass 3 reports the ones whose target names nothing. The loaded fields give the
    // targets; the file gives their places, taken in file order for each target, and the
    // first place its text appears for a link the scan cannot find (spelled with YAML
    // escapes, or in a flow mapping such as `{answer: …}`).
    let mut targets = Targets::default();
    for target in markdown_fields(entry).flat_map(wiki_link_targets) {
        targets.push(&target);
    }
    let mut links = Vec::new();
    if !targets.ends.is_empty() {
        // For each target: the index of its first occurrence and how many are not placed yet.
        let mut unplaced: HashMap<&str, (u32, usize)> = HashMap::new();
        for (index, target) in (0u32..).zip(targets.iter()) {
            unplaced.entry(target).or_insert((index, 0)).1 += 1;
        }
        for (target, found) in locator.markdown_links() {
            if let Some((index, count)) = unplaced.get_mut(target.as_str())
                && *count > 0
            {
                *count -= 1;
                links.push((*index, LineColumn::new(found)));
            }
        }
        // Found once for every link left, not by a search of the text for each: a file can
        // hold a hundred thousand links the scan cannot see.
        let mut written: Option<HashMap<&str, usize>> = None;
        for target in targets.iter() {
            if let Some((index, count)) = unplaced.get_mut(target)
                && *count > 0
            {
                *count -= 1;
                let written = written.get_or_insert_with(|| first_written_links(text));
                let at = written.get(target).map_or((1, 1), |&offset| locator.position(offset));
                links.push((*index, LineColumn::new(at)));
            }
        }
    }
    let places = Places {
        id_key: locator.key("id").map(LineColumn::new),
        title_key: locator.key("title").map(LineColumn::new),
        misconceptions_key: locator.key("misconceptions").map(LineColumn::new),
        related_key: locator.key("related").map(LineColumn::new),
        title,
        list_items,
        related_from: u32::try_from(related_from).unwrap_or(u32::MAX),
        compare_from: u32::try_from(compare_from).unwrap_or(u32::MAX),
        links,
        no_misconceptions: entry.held_body().is_some_and(|body| body.misconceptions.is_empty()),
        // Where the key is written; pass 1 keeps it only when it gives a value (not `null`).
        replaces_key: locator.key("replaces").map(LineColumn::new),
    };
    (places, targets)
}

/// Where each wiki link is first written in `text`, by its target as written between `[[`
/// and the first `]`, `|` or line end, trimmed: the byte offset of its `[[`. Escapes are not
/// decoded, so a target spelled with them is not found.
///
/// One pass: the end of a target is found once for all the openings before it, so a line of
/// `[[[[…` costs its length, not its square.
fn first_written_links(text: &str) -> HashMap<&str, usize> {
    let mut first = HashMap::new();
    // The next `]`, `|` or line end at or after the current target's start, and where the
    // whitespace before it starts.
    let (mut end, mut trimmed_end) = (0, 0);
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find("[[")) {
        let open = from + found;
        visited(found + 2);
        let start = open + 2;
        if end < start {
            end = text[start..]
                .find([']', '|', '\n'])
                .map_or(text.len(), |length| start + length);
            trimmed_end = start + text[start..end].trim_end().len();
            visited(end - start);
        }
        // Leading whitespace ends at a `[` at the latest, so no two openings share it.
        let target = text[start..trimmed_end.max(start)].trim_start();
        first.entry(target).or_insert(open);
        // `[[[x]]` opens at its first and its second bracket.
        from = open + 1;
    }
    first
}

pub(super) fn place_journey(parsed: Parsed<RawJourney>, path: String) -> JourneyFile {
    let Parsed { value: raw, text } = parsed;
    let mut locator = Locator::new(&text);
    let id = raw
        .id
        .as_deref()
        .map(escape_controls)
        .unwrap_or_else(|| file_stem(&path));
    let steps = clean_list(raw.steps);
    let steps_at = steps
        .iter()
        .map(|step| LineColumn::new(locator.value("steps", None, [step.as_str()]).unwrap_or((1, 1))))
        .collect();
    JourneyFile {
        id,
        title: trim_then_clean(raw.title),
        description: trim_then_clean(raw.description),
        steps,
        id_key: locator.key("id").map(LineColumn::new),
        steps_key: locator.key("steps").map(LineColumn::new),
        steps_at,
        path,
    }
}
