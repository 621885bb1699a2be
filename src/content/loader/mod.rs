//! Reads content files into a [`Library`], collecting every problem as a [`Diagnostic`].
//!
//! This is the only module that names serde_yaml, so the YAML library could be swapped
//! without touching anything else. Loading happens in three passes:
//! 1. each file on its own: size, encoding, how far YAML aliases expand it, YAML syntax, the
//!    schema (unknown, missing and repeated fields are errors), ids, levels and dates. A file
//!    that fails here is skipped and the rest still load. Files need nothing from each other
//!    here, so this pass runs on every core (rayon); results are gathered in file order, so
//!    diagnostics come out the same as from one thread;
//! 2. across files, taken in path order so the outcome never depends on the order they were
//!    listed in: ids, titles and aliases share one namespace (a link may use any of them),
//!    so a name used twice is reported on the later file, and a file whose id is already
//!    taken is skipped;
//! 3. references: wiki links, `related`, `compare` targets and journey steps must resolve,
//!    and warnings are raised for orphans, one-way `related` links and entries with no
//!    misconceptions.
//!
//! Every string is sanitized (see [`super::sanitize`]) before anything else sees it, and
//! file paths are shown with their control characters escaped.
//!
//! serde_yaml gives positions only for its own errors; the rest are found in the file text
//! by a small scanner (`locate.rs`).
//!
//! Passes 2 and 3 need a file's text only to place what they report, and at 30,000 files
//! the texts are as large as the library itself. So pass 1 asks the scanner, while the text
//! is at hand, every question the later passes could ask (`Places`) and drops the text.
//! The library is then built once, before references are resolved, and resolved in place:
//! no entry is copied, and what links to what is worked out from the links resolved here.
//!
//! A file given as a path ([`Contents::File`]) is read on the thread that parses it, and once
//! pass 1 has noted what it needs of the entry's body, the body is dropped: the entry keeps a
//! [`FileStamp`], and [`read_body`] parses the file again when the lesson is wanted.
//!
//! - `folder.rs`: listing a content folder ([`read_folder`]) and the bounded read of one file;
//! - `parse.rs`: from bytes to the raw types (size, UTF-8, nesting, YAML);
//! - `alias_budget.rs`: how far YAML aliases may expand a file ([`MAX_EXPANDED_BYTES`]);
//! - `raw.rs`: the serde types the YAML is deserialized into;
//! - `locate.rs`: the line and column of what a diagnostic points at.

mod alias_budget;
mod folder;
mod locate;
mod parse;
mod raw;

pub use alias_budget::MAX_EXPANDED_BYTES;
pub(super) use folder::list_folder;
pub use folder::{MAX_FILE_BYTES, read_folder};

use super::diagnostic::Diagnostic;
use super::markdown::wiki_link_targets;
use super::model::{
    Body, BodySlot, ComparePoint, Comparison, Entry, Faq, FileStamp, Journey, Level, Misconception, Source,
};
use super::sanitize::{escape_controls, is_clean, sanitize};
use super::{Library, apply_order, markdown_fields};
use folder::read_bounded;
use locate::{Locator, locate_key};
use parse::{Parsed, decode, parse};
use raw::{RawEntry, RawJourney};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

/// What a file is, by the folder it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Term,
    Journey,
}

/// One content file and the path to show for it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub kind: FileKind,
    pub contents: Contents,
}

/// A content file's bytes, or where to read them.
#[derive(Debug, Clone)]
pub enum Contents {
    /// Already in memory (the bundled curriculum, tests), or why they could not be read.
    /// Entries loaded from these keep their lesson bodies in memory.
    Bytes(Result<Vec<u8>, String>),
    /// A file that [`load`] reads itself, on the thread that parses it, so that a folder is
    /// never held in memory whole. Entries loaded from it leave their lesson bodies in the
    /// file, to be read again when needed ([`read_body`]).
    File(PathBuf),
}

impl SourceFile {
    /// A file whose bytes are already in memory.
    pub fn in_memory(path: impl Into<String>, kind: FileKind, bytes: Vec<u8>) -> SourceFile {
        SourceFile {
            path: path.into(),
            kind,
            contents: Contents::Bytes(Ok(bytes)),
        }
    }
}

/// The outcome of a load: what could be used, and everything wrong with the rest.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub library: Library,
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be used at all.
    pub skipped_files: usize,
}

impl LoadReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// A line and column, counted from 1: half the size of `(usize, usize)`, and an `Option` of
/// it is no bigger, since the line is never 0. Every entry keeps a few of these until its
/// references are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct At {
    line: NonZeroU32,
    column: u32,
}

impl At {
    fn new((line, column): (usize, usize)) -> At {
        // Files are at most 1 MiB, so neither can overflow, and lines count from 1.
        At {
            line: u32::try_from(line)
                .ok()
                .and_then(NonZeroU32::new)
                .unwrap_or(NonZeroU32::MIN),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    fn get(self) -> (usize, usize) {
        (self.line.get() as usize, self.column as usize)
    }
}

/// `at`, or the start of the file.
fn or_start(at: Option<At>) -> (usize, usize) {
    at.map_or((1, 1), At::get)
}

/// Where a term's later diagnostics point, found in pass 1 while the file's text is at hand.
/// Passes 2 and 3 need the text only to place what they report, so this is kept instead of
/// the text: a few positions per entry rather than the whole file.
#[derive(Debug, Default)]
struct Places {
    /// The top-level keys `id`, `title`, `misconceptions` and `related`.
    id_key: Option<At>,
    title_key: Option<At>,
    misconceptions_key: Option<At>,
    related_key: Option<At>,
    /// The title's value, where a clash with another entry's name is reported.
    title: Option<At>,
    /// One run after another (one allocation rather than three): each alias, where a clash
    /// is reported; each item of `related`, where it is written if found as written; each
    /// comparison's `with:` value, where a bad target is reported.
    spots: Vec<Option<At>>,
    /// Where the `related` run and the `compare` run start in `spots`.
    related_from: u32,
    compare_from: u32,
    /// Where each wiki link would be reported if its target named no entry, in the order
    /// it would be reported, with the index of its target in [`Targets`].
    links: Vec<(u32, At)>,
    /// Whether the entry has no misconceptions, which pass 3 warns about: its body may be
    /// back on disk by then.
    no_misconceptions: bool,
}

impl Places {
    fn aliases(&self) -> &[Option<At>] {
        self.spots.get(..self.related_from as usize).unwrap_or_default()
    }

    fn related(&self) -> &[Option<At>] {
        self.spots
            .get(self.related_from as usize..self.compare_from as usize)
            .unwrap_or_default()
    }

    fn compare(&self) -> &[Option<At>] {
        self.spots.get(self.compare_from as usize..).unwrap_or_default()
    }
}

/// The wiki link targets of an entry's markdown fields, as written, in order: one string
/// and the end of each target in it, rather than a string each.
#[derive(Debug, Default)]
struct Targets {
    text: String,
    ends: Vec<u32>,
}

impl Targets {
    fn push(&mut self, target: &str) {
        self.text.push_str(target);
        self.ends.push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(start, end)| self.text.get(start as usize..end as usize).unwrap_or_default())
    }
}

/// What pass 1 found in one file, besides its entry. A file that is not a usable term comes
/// with a blank entry (which allocates nothing), and both are dropped before pass 2; this way
/// pass 1 fills two vectors directly, and no entry is moved through a third.
#[derive(Default)]
struct Found {
    /// Why the file could not be parsed, if it could not.
    unreadable: Option<Diagnostic>,
    /// What the per-entry checks found.
    diagnostics: Vec<Diagnostic>,
    /// Whether the file is a term that passed those checks.
    usable: bool,
    journey: Option<Box<JourneyFile>>,
    places: Places,
    targets: Targets,
    /// The entry's place in path order, set in pass 2.
    rank: usize,
}

/// A journey after pass 1. Its id is checked, and its steps resolved, in pass 3.
struct JourneyFile {
    id: String,
    title: String,
    description: String,
    steps: Vec<String>,
    path: String,
    id_key: Option<At>,
    steps_key: Option<At>,
    /// Where each step is written, as an unknown step is reported.
    steps_at: Vec<At>,
}

/// Pass 1 for one file: it needs nothing from the others, so files are read on every core.
/// The file's text is dropped here, once what later passes need from it has been found.
fn read_file(file: SourceFile) -> (Entry, Found) {
    // Every diagnostic shows the path, and a file name may hold any character but `/`.
    let path = escape_controls(&file.path);
    let mut found = Found::default();
    let (bytes, stamp) = match file.contents {
        Contents::Bytes(bytes) => (bytes, None),
        Contents::File(on_disk) => match read_bounded(&on_disk) {
            Ok((bytes, stamp)) => (Ok(bytes), Some(stamp)),
            Err(message) => (Err(message), None),
        },
    };
    let text = match decode(bytes, &path) {
        Ok(text) => text,
        Err(diagnostic) => {
            found.unreadable = Some(diagnostic);
            return (blank_entry(), found);
        }
    };
    let mut entry = None;
    let parsed = match file.kind {
        FileKind::Term => parse::<RawEntry>(&path, text).map(|parsed| {
            if let Some(mut checked) = check_entry(parsed.value, &parsed.text, &path, &mut found.diagnostics) {
                (found.places, found.targets) = place_term(&checked, &parsed.text);
                found.usable = true;
                // Everything the later passes need of the body has been found: a body that
                // can be read again from its file is left there.
                if let Some(stamp) = stamp {
                    checked.body = BodySlot::OnDisk(stamp);
                }
                entry = Some(checked);
            }
        }),
        FileKind::Journey => parse::<RawJourney>(&path, text).map(|parsed| {
            found.journey = Some(Box::new(place_journey(parsed, path.clone())));
        }),
    };
    if let Err(diagnostic) = parsed {
        found.unreadable = Some(diagnostic);
    }
    (entry.unwrap_or_else(blank_entry), found)
}

/// The stand-in for a file that yields no entry.
fn blank_entry() -> Entry {
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
    }
}

/// Finds in the file's text everything passes 2 and 3 may have to point at, asking the
/// [`Locator`] the same questions they would, with the same names.
fn place_term(entry: &Entry, text: &str) -> (Places, Targets) {
    let mut locator = Locator::new(text);
    let title = locator
        .value("title", None, [entry.title.to_lowercase().as_str()])
        .map(At::new);
    let mut spots = Vec::with_capacity(entry.aliases.len() + entry.related.len() + entry.compared.len());
    for alias in &entry.aliases {
        spots.push(
            locator
                .value("aliases", None, [alias.to_lowercase().as_str()])
                .map(At::new),
        );
    }
    let related_from = spots.len();
    for name in &entry.related {
        spots.push(locator.find("related", None, [name.as_str()]).map(At::new));
    }
    let compare_from = spots.len();
    for with in &entry.compared {
        spots.push(locator.value("compare", Some("with"), [with.as_str()]).map(At::new));
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
                links.push((*index, At::new(found)));
            }
        }
        let mut guesses: HashMap<&str, At> = HashMap::new();
        for target in targets.iter() {
            if let Some((index, count)) = unplaced.get_mut(target)
                && *count > 0
            {
                *count -= 1;
                let guess = *guesses.entry(target).or_insert_with(|| {
                    At::new(
                        text.find(&format!("[[{target}"))
                            .map_or((1, 1), |offset| locator.position(offset)),
                    )
                });
                links.push((*index, guess));
            }
        }
    }
    let places = Places {
        id_key: locator.key("id").map(At::new),
        title_key: locator.key("title").map(At::new),
        misconceptions_key: locator.key("misconceptions").map(At::new),
        related_key: locator.key("related").map(At::new),
        title,
        spots,
        related_from: u32::try_from(related_from).unwrap_or(u32::MAX),
        compare_from: u32::try_from(compare_from).unwrap_or(u32::MAX),
        links,
        no_misconceptions: entry.held_body().is_some_and(|body| body.misconceptions.is_empty()),
    };
    (places, targets)
}

fn place_journey(parsed: Parsed<RawJourney>, path: String) -> JourneyFile {
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
        .map(|step| At::new(locator.value("steps", None, [step.as_str()]).unwrap_or((1, 1))))
        .collect();
    JourneyFile {
        id,
        title: trim_then_clean(raw.title),
        description: trim_then_clean(raw.description),
        steps,
        id_key: locator.key("id").map(At::new),
        steps_key: locator.key("steps").map(At::new),
        steps_at,
        path,
    }
}

/// Loads a set of files into a library, reporting every problem.
pub fn load(files: Vec<SourceFile>) -> LoadReport {
    let mut report = LoadReport::default();

    // Pass 1, in parallel. The outcomes come back in the order of the files, so diagnostics
    // come out as they would from one thread: first every file that could not be parsed,
    // then what the per-entry checks found (a bad id or level makes a file unusable).
    let mut entries = Vec::new();
    let mut found = Vec::new();
    files
        .into_par_iter()
        .map(read_file)
        .unzip_into_vecs(&mut entries, &mut found);
    let mut journeys = Vec::new();
    let mut entry_diagnostics = Vec::new();
    for found in &mut found {
        // Unreadable files, and terms the checks made unusable.
        if !found.usable && found.journey.is_none() {
            report.skipped_files += 1;
        }
        if let Some(diagnostic) = found.unreadable.take() {
            report.diagnostics.push(diagnostic);
        }
        entry_diagnostics.append(&mut found.diagnostics);
        journeys.extend(found.journey.take().map(|journey| *journey));
    }
    // In path order, as every later pass reports, whatever order the files came in.
    entry_diagnostics.sort_by(|a, b| a.path.cmp(&b.path));
    report.diagnostics.extend(entry_diagnostics);
    let mut usable = found.iter().map(|found| found.usable);
    entries.retain(|_| usable.next().unwrap_or(false));
    found.retain(|found| found.usable);
    let mut extras = found;

    // Pass 2: uniqueness. Files are taken in path order so that which one is reported (and
    // which one skipped) does not depend on the order they were listed in.
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| entries[a].path.cmp(&entries[b].path));
    apply_order(&mut entries, &order);
    apply_order(&mut extras, &order);
    let keep = check_names(&entries, &extras, &mut report);
    let mut kept = keep.iter();
    entries.retain(|_| kept.next().copied().unwrap_or(false));
    let mut kept = keep.iter();
    extras.retain(|_| kept.next().copied().unwrap_or(false));
    for (rank, extra) in extras.iter_mut().enumerate() {
        extra.rank = rank;
    }

    // The library is built now, before references are resolved (names are all that takes),
    // so the entries are never copied. Pass 3 reports in path order; `order` maps that order
    // to the library's.
    let mut library = Library::indexed_with(entries, &mut extras, Vec::new());
    let mut order = vec![0; extras.len()];
    for (index, extra) in extras.iter().enumerate() {
        order[extra.rank] = index;
    }

    // Pass 3: references.
    let mut wiki = vec![Vec::new(); order.len()];
    let mut related_names = vec![Vec::new(); order.len()];
    for &index in &order {
        // The wiki links are done with once resolved: let them go as the ids come in.
        let extra = &mut extras[index];
        let targets = std::mem::take(&mut extra.targets);
        let links = std::mem::take(&mut extra.places.links);
        let (linked, names) = resolve_entry(
            &mut library,
            index,
            &extra.places,
            (&targets, &links),
            &mut report.diagnostics,
        );
        wiki[index] = linked;
        related_names[index] = names;
    }
    for journey in journeys {
        match check_journey(journey, &library, &mut report.diagnostics) {
            Some(journey) => library.journeys.push(journey),
            None => report.skipped_files += 1,
        }
    }
    warn_about_links(
        &library,
        &order,
        &extras,
        &wiki,
        &related_names,
        &mut report.diagnostics,
    );
    drop((extras, related_names));

    library.link_back(&wiki);
    report.library = library;
    report
}

/// Pass 2: ids, titles and aliases share one namespace. Reports every name used twice on
/// the later file, and says which files to keep: not one whose id is already taken.
fn check_names(checked: &[Entry], extras: &[Found], report: &mut LoadReport) -> Vec<bool> {
    // Every id, title and alias (lowercased, as links match them), with the index of the
    // file and the kind of name it is there. Sized up front: at 30,000 entries this is the
    // largest table of the load, and growing it would hold the old one and the new at once.
    let names = checked.iter().map(|entry| 2 + entry.aliases.len()).sum();
    let mut names_seen: HashMap<Cow<'_, str>, (u32, Name)> = HashMap::with_capacity(names);
    let mut ids_seen: HashMap<&str, u32> = HashMap::with_capacity(checked.len());
    let mut keep = Vec::with_capacity(checked.len());
    for (index, (entry, Found { places, .. })) in checked.iter().zip(extras).enumerate() {
        if let Some(&other) = ids_seen.get(entry.id.as_str()) {
            let other = other as usize;
            report.diagnostics.push(Diagnostic::error(
                &entry.path,
                or_start(places.id_key),
                format!("duplicate id `{}` (also used by {})", entry.id, checked[other].path),
            ));
            report.skipped_files += 1;
            keep.push(false);
            continue;
        }
        let mut names: Vec<(Cow<'_, str>, Name, Option<At>)> = vec![
            (Cow::Borrowed(entry.id.as_str()), Name::Id, places.id_key),
            (lowercase(&entry.title), Name::Title, places.title),
        ];
        names.extend(
            entry
                .aliases
                .iter()
                .zip(places.aliases())
                .map(|(alias, &at)| (lowercase(alias), Name::Alias, at)),
        );
        // A name the entry itself already uses (an alias equal to its own title) is harmless.
        let mut own = HashSet::new();
        for (name, what, at) in &names {
            if !own.insert(name.as_ref()) {
                continue;
            }
            let Some(&(other, other_what)) = names_seen.get(name) else {
                continue;
            };
            let other = &checked[other as usize].path;
            let other_what = other_what.as_str();
            let message = match what {
                // Links look a name up as an id first, so this entry takes the name.
                Name::Id => format!(
                    "id `{name}` is already the {other_what} of {other}; links to `{name}` will open this entry"
                ),
                Name::Title => format!("duplicate title `{name}`: it is already the {other_what} of {other}"),
                Name::Alias => format!("duplicate alias `{name}`: it is already the {other_what} of {other}"),
            };
            report
                .diagnostics
                .push(Diagnostic::error(&entry.path, or_start(*at), message));
        }
        // A folder holds far fewer than 2^32 files.
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        ids_seen.insert(entry.id.as_str(), index);
        for (name, what, _) in names {
            names_seen.entry(name).or_insert((index, what));
        }
        keep.push(true);
    }
    keep
}

/// The kinds of name an entry goes by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    Id,
    Title,
    Alias,
}

impl Name {
    fn as_str(self) -> &'static str {
        match self {
            Name::Id => "id",
            Name::Title => "title",
            Name::Alias => "alias",
        }
    }
}

/// `text` lowercased, borrowed when it already is.
fn lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A `YYYY-MM-DD` date with a real month and day.
fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<u32>(), month.parse::<u32>(), day.parse::<u32>()) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// The file name without its extension. `path` is already escaped for display.
fn file_stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn clean_list(items: Vec<String>) -> Vec<String> {
    items.into_iter().map(clean_then_trim).collect()
}

/// The message for a name that is empty once sanitized; `{key}` is the field.
const EMPTY_NAME: &str = "an item of {key} is empty once control characters are removed; a name must have text";

/// `items` of the list at `key` without those empty once sanitized (only an escape sequence,
/// say), each reported as an error at the key: an empty name would otherwise resolve to
/// whatever entry an empty name happens to find.
fn named_items(
    key: &str,
    items: Vec<String>,
    text: &str,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    if items.iter().all(|item| !item.is_empty()) {
        return items;
    }
    let at = locate_key(text, key).unwrap_or((1, 1));
    diagnostics.push(Diagnostic::error(path, at, EMPTY_NAME.replace("{key}", key)));
    items.into_iter().filter(|item| !item.is_empty()).collect()
}

// The parsed strings are owned already, and almost always clean: these keep them instead of
// copying each one, which saves an allocation and a copy per string of every file.

/// `sanitize(&text)`, reusing `text` when there is nothing to clean.
fn clean(text: String) -> String {
    if is_clean(&text) { text } else { sanitize(&text) }
}

/// `sanitize(text.trim())`.
fn trim_then_clean(text: String) -> String {
    clean(trim(text))
}

/// `sanitize(&text).trim().to_owned()`.
fn clean_then_trim(text: String) -> String {
    trim(clean(text))
}

/// `text.trim().to_owned()`, trimmed in place.
fn trim(mut text: String) -> String {
    let end = text.trim_end().len();
    let start = end - text[..end].trim_start().len();
    if end < text.len() || start > 0 {
        text.truncate(end);
        text.drain(..start);
        text.shrink_to_fit();
    }
    text
}

/// Validates one entry on its own and sanitizes its text. `None` means the file is unusable.
fn check_entry(raw: RawEntry, text: &str, path: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Entry> {
    let mut usable = true;
    // An id is checked as written (control characters escaped, not removed), so a file named
    // `x<ESC>]0;…` is reported rather than silently loaded as `x`.
    let id = raw
        .id
        .as_deref()
        .map(escape_controls)
        .unwrap_or_else(|| file_stem(path));
    if !is_valid_id(&id) {
        let at = locate_key(text, "id").unwrap_or((1, 1));
        let what = if raw.id.is_some() {
            "id"
        } else {
            "file name (used as the id)"
        };
        diagnostics.push(Diagnostic::error(
            path,
            at,
            format!("invalid {what} `{id}`: use lowercase letters, digits and dashes"),
        ));
        usable = false;
    }
    let level = Level::parse(raw.level.trim());
    if level.is_none() {
        let at = locate_key(text, "level").unwrap_or((1, 1));
        diagnostics.push(Diagnostic::error(
            path,
            at,
            format!(
                "invalid level `{}`: expected beginner, intermediate or advanced",
                sanitize(&raw.level)
            ),
        ));
        usable = false;
    }
    let title = clean_then_trim(raw.title);
    if title.is_empty() {
        diagnostics.push(Diagnostic::error(
            path,
            locate_key(text, "title").unwrap_or((1, 1)),
            "title is empty",
        ));
        usable = false;
    }
    if raw.definition.trim().is_empty() {
        diagnostics.push(Diagnostic::error(
            path,
            locate_key(text, "definition").unwrap_or((1, 1)),
            "definition is empty",
        ));
        usable = false;
    }
    let verified = raw.verified.map(clean);
    if let Some(date) = &verified
        && !is_iso_date(date)
    {
        let at = locate_key(text, "verified").unwrap_or((1, 1));
        diagnostics.push(Diagnostic::error(
            path,
            at,
            format!("invalid date `{date}`: expected YYYY-MM-DD"),
        ));
    }
    let level = level.filter(|_| usable)?;
    let body = Body {
        analysis: clean(raw.analysis),
        faqs: raw
            .faqs
            .into_iter()
            .map(|faq| Faq {
                question: trim_then_clean(faq.question),
                answer: clean(faq.answer),
            })
            .collect(),
        misconceptions: raw
            .misconceptions
            .into_iter()
            .map(|m| Misconception {
                myth: trim_then_clean(m.myth),
                fact: trim_then_clean(m.fact),
                explanation: clean(m.explanation),
                source: m.source.map(trim_then_clean),
            })
            .collect(),
        compare: raw
            .compare
            .into_iter()
            .map(|c| Comparison {
                with: trim_then_clean(c.with),
                points: c
                    .points
                    .into_iter()
                    .map(|p| ComparePoint {
                        aspect: trim_then_clean(p.aspect),
                        this: trim_then_clean(p.this),
                        that: trim_then_clean(p.that),
                    })
                    .collect(),
            })
            .collect(),
        sources: raw
            .sources
            .into_iter()
            .map(|s| Source {
                title: trim_then_clean(s.title),
                url: s.url.map(trim_then_clean),
            })
            .collect(),
    };
    check_citations(&body, text, path, diagnostics);
    let mut named = |key: &str, items: Vec<String>| named_items(key, clean_list(items), text, path, diagnostics);
    let aliases = named("aliases", raw.aliases);
    let tags = named("tags", raw.tags);
    let related = named("related", raw.related);
    let mut body = body;
    if body.compare.iter().any(|comparison| comparison.with.is_empty()) {
        let at = locate_key(text, "compare").unwrap_or((1, 1));
        diagnostics.push(Diagnostic::error(
            path,
            at,
            EMPTY_NAME.replace("{key}", "compare `with`"),
        ));
        body.compare.retain(|comparison| !comparison.with.is_empty());
    }
    let mut entry = Entry {
        id,
        title,
        aliases,
        level,
        tags,
        verified: verified.filter(|date| is_iso_date(date)),
        definition: trim_then_clean(raw.definition),
        related,
        compared: Vec::new(),
        body: BodySlot::default(),
        path: path.to_owned(),
    }
    .with_body(shrunk(body));
    shrink(&mut entry);
    Some(entry)
}

/// Each misconception should cite the source that settles it: one with no `source` is a
/// warning, and a `source` that names none of the entry's own sources (by title, ignoring
/// case) is an error, so that the check's reveal can show and open it.
fn check_citations(body: &Body, text: &str, path: &str, diagnostics: &mut Vec<Diagnostic>) {
    let titles: HashSet<String> = body.sources.iter().map(|source| source.title.to_lowercase()).collect();
    let mut locator = None;
    for (index, misconception) in body.misconceptions.iter().enumerate() {
        let Some(cited) = &misconception.source else {
            // A warning, not an error: glossaries written before `source` existed keep loading.
            let locator = locator.get_or_insert_with(|| Locator::new(text));
            let at = locator
                .value("misconceptions", Some("myth"), [misconception.myth.as_str()])
                .unwrap_or((1, 1));
            diagnostics.push(Diagnostic::warning(
                path,
                at,
                format!(
                    "misconception {} cites no source: add `source:` with the title of the source that settles it",
                    index + 1
                ),
            ));
            continue;
        };
        if titles.contains(&cited.to_lowercase()) {
            continue;
        }
        let locator = locator.get_or_insert_with(|| Locator::new(text));
        let at = locator
            .value("misconceptions", Some("source"), [cited.as_str()])
            .unwrap_or((1, 1));
        let message = if cited.is_empty() {
            format!("misconception {} has an empty source", index + 1)
        } else {
            format!(
                "misconception {} cites `{cited}`, which is not the title of one of this entry's sources",
                index + 1
            )
        };
        diagnostics.push(Diagnostic::error(path, at, message));
    }
}

/// Drops the spare capacity of the entry's lists. They come from vectors serde grew one item
/// at a time (or reused in place from them), so a list of two has room for four: several
/// hundred bytes per entry, kept for as long as the library.
fn shrink(entry: &mut Entry) {
    entry.aliases.shrink_to_fit();
    entry.tags.shrink_to_fit();
    entry.related.shrink_to_fit();
    entry.compared.shrink_to_fit();
}

/// [`shrink`] for a body.
fn shrunk(mut body: Body) -> Body {
    body.faqs.shrink_to_fit();
    body.misconceptions.shrink_to_fit();
    body.compare.shrink_to_fit();
    for comparison in &mut body.compare {
        comparison.points.shrink_to_fit();
    }
    body.sources.shrink_to_fit();
    body
}

/// Pass 3 for one entry (by its index in the library): checks its wiki links and resolves
/// `related` and `compare` targets to ids. Returns the indices its wiki links resolve to, so
/// that the markdown is parsed once per load, and its `related` list as written, for the
/// one-way check.
fn resolve_entry(
    library: &mut Library,
    index: usize,
    places: &Places,
    (targets, links): (&Targets, &[(u32, At)]),
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<usize>, Vec<String>) {
    let path = library.entries[index].path.clone();
    let id = library.entries[index].id.clone();

    let resolved: Vec<Option<usize>> = targets.iter().map(|target| library.position(target)).collect();
    if resolved.iter().any(Option::is_none) {
        let texts: Vec<&str> = targets.iter().collect();
        for &(target, at) in links {
            let target = target as usize;
            if resolved.get(target).is_some_and(Option::is_none) {
                diagnostics.push(Diagnostic::error(
                    &path,
                    at.get(),
                    format!("link [[{}]] does not name any entry", texts[target]),
                ));
            }
        }
    }
    let linked = resolved.into_iter().flatten().collect();

    // Where a `related` item is reported when nothing is found as written: its key.
    let related_at = |item: usize| or_start(places.related().get(item).copied().flatten().or(places.related_key));
    let names = std::mem::take(&mut library.entries[index].related);
    let mut related = Vec::new();
    let mut related_ids = HashSet::new();
    for (item, name) in names.iter().enumerate() {
        match library.position(name).map(|other| &library.entries[other]) {
            Some(other) if other.id == id => {
                diagnostics.push(Diagnostic::error(
                    &path,
                    related_at(item),
                    format!("related term `{name}` is this entry itself"),
                ));
            }
            Some(other) => {
                if related_ids.insert(other.id.as_str()) {
                    related.push(other.id.clone());
                }
            }
            None => {
                diagnostics.push(Diagnostic::error(
                    &path,
                    related_at(item),
                    format!("related term `{name}` does not name any entry"),
                ));
            }
        }
    }
    related.shrink_to_fit();
    library.entries[index].related = related;

    let mut compared = Vec::new();
    for (item, with) in std::mem::take(&mut library.entries[index].compared)
        .into_iter()
        .enumerate()
    {
        match library.position(&with) {
            Some(other) => compared.push(library.entries[other].id.clone()),
            None => {
                let at = or_start(places.compare().get(item).copied().flatten());
                diagnostics.push(Diagnostic::error(
                    &path,
                    at,
                    format!("compare target `{with}` does not name any entry"),
                ));
            }
        }
    }
    compared.shrink_to_fit();
    library.entries[index].compared = compared;
    // A body held in memory has just been made, so it is not shared yet and is resolved in
    // place; one left on disk is resolved the same way when it is read.
    let mut slot = std::mem::take(&mut library.entries[index].body);
    if let BodySlot::Held(body) = &mut slot {
        resolve_comparisons(std::sync::Arc::make_mut(body), library);
    }
    library.entries[index].body = slot;
    (linked, names)
}

/// Points each comparison at its entry's id, dropping those that name no entry (pass 3 has
/// reported them), so a body agrees with its entry's `compared`.
fn resolve_comparisons(body: &mut Body, library: &Library) {
    body.compare
        .retain_mut(|comparison| match library.position(&comparison.with) {
            Some(other) => {
                comparison.with.clone_from(&library.entries[other].id);
                true
            }
            None => false,
        });
}

/// Why a lesson body left on disk could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("{path} changed after lexicon loaded it; restart lexicon to read the new version")]
    Changed { path: String },
    #[error("{path}: {reason}")]
    Unreadable { path: String, reason: String },
}

impl BodyError {
    /// The error in a few words, for a one-line status bar (the page shows it whole).
    pub fn brief(&self) -> String {
        match self {
            BodyError::Changed { .. } => "its file changed since lexicon started; restart to reload".to_owned(),
            BodyError::Unreadable { reason, .. } => format!("its file cannot be read ({reason})"),
        }
    }
}

/// Reads the body of `entry` back from its file, as pass 1 read it, provided the file is
/// still the one that was loaded (same size and modification time, same id, still valid).
pub fn read_body(entry: &Entry, stamp: &FileStamp, library: &Library) -> Result<Body, BodyError> {
    let changed = || BodyError::Changed {
        path: entry.path.clone(),
    };
    let (bytes, now) = read_bounded(&stamp.path).map_err(|reason| BodyError::Unreadable {
        path: entry.path.clone(),
        reason: sanitize(&reason),
    })?;
    if now.len != stamp.len || now.modified != stamp.modified {
        return Err(changed());
    }
    let text = decode(Ok(bytes), &entry.path).map_err(|_| changed())?;
    let parsed = parse::<RawEntry>(&entry.path, text).map_err(|_| changed())?;
    // The checks were reported at load; here they only decide whether this is still the
    // same, valid entry.
    let mut ignored = Vec::new();
    let checked = check_entry(parsed.value, &parsed.text, &entry.path, &mut ignored).ok_or_else(changed)?;
    if checked.id != entry.id || checked.title != entry.title || checked.definition != entry.definition {
        return Err(changed());
    }
    let BodySlot::Held(body) = checked.body else {
        return Err(changed());
    };
    let mut body = std::sync::Arc::unwrap_or_clone(body);
    resolve_comparisons(&mut body, library);
    Ok(body)
}

fn check_journey(journey: JourneyFile, library: &Library, diagnostics: &mut Vec<Diagnostic>) -> Option<Journey> {
    let path = &journey.path;
    if !is_valid_id(&journey.id) {
        diagnostics.push(Diagnostic::error(
            path,
            or_start(journey.id_key),
            format!(
                "invalid journey id `{}`: use lowercase letters, digits and dashes",
                journey.id
            ),
        ));
        return None;
    }
    let mut steps = Vec::new();
    for (step, at) in journey.steps.iter().zip(&journey.steps_at) {
        match library.resolve(step) {
            Some(entry) => steps.push(entry.id.clone()),
            None => {
                diagnostics.push(Diagnostic::error(
                    path,
                    at.get(),
                    format!("journey step `{step}` does not name any entry"),
                ));
            }
        }
    }
    if steps.is_empty() {
        diagnostics.push(Diagnostic::error(
            path,
            or_start(journey.steps_key),
            "journey has no steps",
        ));
        return None;
    }
    Some(Journey {
        id: journey.id,
        title: journey.title,
        description: journey.description,
        steps,
        path: journey.path,
    })
}

/// Orphans, one-way related links and entries without misconceptions, in path order
/// (`order`). `wiki` holds, for each entry by library index, the entries its wiki links
/// resolved to, and `related_names` its `related` list as written.
fn warn_about_links(
    library: &Library,
    order: &[usize],
    extras: &[Found],
    wiki: &[Vec<usize>],
    related_names: &[Vec<String>],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let entries = &library.entries;
    // Ids are unique by now, so an entry links to another exactly when the index differs.
    let mut linked = vec![false; entries.len()];
    for (index, entry) in entries.iter().enumerate() {
        let by_id = entry.related.iter().chain(&entry.compared);
        let targets = by_id
            .filter_map(|id| library.index_of(id))
            .chain(wiki[index].iter().copied());
        for target in targets {
            if target != index {
                linked[target] = true;
            }
        }
    }
    for journey in &library.journeys {
        for step in &journey.steps {
            if let Some(target) = library.index_of(step) {
                linked[target] = true;
            }
        }
    }

    // Every related link, by library index: whether the other entry links back is then one
    // lookup, not a scan of its list (a hub related to 100,000 entries made that quadratic).
    let related_links: HashSet<(usize, usize)> = entries
        .iter()
        .enumerate()
        .flat_map(|(from, entry)| {
            entry
                .related
                .iter()
                .filter_map(|id| library.index_of(id))
                .map(move |to| (from, to))
        })
        .collect();

    for &index in order {
        let entry = &entries[index];
        let places = &extras[index].places;
        if entries.len() > 1 && !linked[index] {
            diagnostics.push(Diagnostic::warning(
                &entry.path,
                or_start(places.title_key),
                format!("nothing links to `{}` (orphan entry)", entry.id),
            ));
        }
        // Where each name is first written in this entry's list, worked out once, and only
        // if some link is one-way.
        let mut written: Option<HashMap<String, At>> = None;
        for other_id in &entry.related {
            if let Some(other_index) = library.index_of(other_id)
                && !related_links.contains(&(other_index, index))
            {
                let other = &entries[other_index];
                let written = written.get_or_insert_with(|| {
                    let mut first: HashMap<String, At> = HashMap::new();
                    for (name, at) in related_names[index].iter().zip(places.related()) {
                        if let Some(at) = *at {
                            let slot = first.entry(normalized(name)).or_insert(at);
                            *slot = (*slot).min(at);
                        }
                    }
                    first
                });
                // The list may name the other entry by its title or an alias: the first
                // item written that is one of its names.
                let at = [other.id.as_str(), other.title.as_str()]
                    .into_iter()
                    .chain(other.aliases.iter().map(String::as_str))
                    .filter_map(|name| written.get(&normalized(name)).copied())
                    .min()
                    .or(places.related_key);
                let at = or_start(at);
                diagnostics.push(Diagnostic::warning(
                    &entry.path,
                    at,
                    format!(
                        "related link to `{other_id}` is one-way: add `{}` to its related list",
                        entry.id
                    ),
                ));
            }
        }
        if places.no_misconceptions {
            let at = or_start(places.misconceptions_key.or(places.title_key));
            diagnostics.push(Diagnostic::warning(
                &entry.path,
                at,
                format!("`{}` has no misconceptions, so it has no check", entry.id),
            ));
        }
    }
}

/// A name as the loader compares names: sanitized, trimmed and lowercased.
fn normalized(name: &str) -> String {
    sanitize(name).trim().to_lowercase()
}
