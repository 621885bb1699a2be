//! Reads content files into a [`Library`], collecting every problem as a [`Diagnostic`].
//!
//! This is the only module that names serde_yaml, so the YAML library could be swapped
//! without touching anything else. Loading happens in three passes:
//! 1. each file on its own: size, encoding, how far YAML aliases expand it, YAML syntax, the
//!    schema (unknown, missing and repeated fields are errors), ids, levels and dates. A file
//!    that fails here is skipped and the rest still load. A term file refused for its fields
//!    is walked again for all of them (`parse.rs`), so its author sees every problem at once,
//!    its broken links included (checked in pass 3 though the file is not loaded). Files need nothing from each other
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
//! Passes 2 and 3 need a file's text only to place what they report, and in a large folder
//! the texts are as large as the library itself. So pass 1 asks the scanner, while the text
//! is at hand, every question the later passes could ask (`places.rs`) and drops the text.
//! The library is then built once, before references are resolved, and resolved in place:
//! no entry is copied, and what links to what is worked out from the links resolved here.
//!
//! A file given as a path ([`Contents::File`]) is read on the thread that parses it, and once
//! pass 1 has noted what it needs of the entry's body, the body is dropped: the entry keeps
//! the file's path ([`BodySlot::OnDisk`]), and [`read_body`] reads and checks the file again
//! when the lesson is wanted.
//!
//! - `folder.rs`: listing a content folder ([`read_folder`]) and the bounded read of one file;
//! - `parse.rs`: from bytes to the raw types (size, UTF-8, nesting, YAML), and the schema
//!   walk that finds every problem of a term file serde refused;
//! - `alias_budget.rs`: how far YAML aliases may expand a file ([`MAX_EXPANDED_BYTES`]);
//! - `raw.rs`: the serde types the YAML is deserialized into, and the JSON Schema that
//!   `lexicon schema` derives from them ([`json_schema`]);
//! - `validate.rs`: pass 1's checks of one term (id, level, title, date, citations) and the
//!   cleaning of its text;
//! - `places.rs`: what pass 1 keeps of a file's text for passes 2 and 3;
//! - `names.rs`: pass 2, the one namespace of ids, titles and aliases;
//! - `references.rs`: pass 3, links, `related`, `compare` and journey steps, and the
//!   warnings;
//! - `locate.rs`: the line and column of what a diagnostic points at.

mod alias_budget;
mod folder;
mod layers;
mod locate;
mod names;
mod parse;
mod places;
mod raw;
mod references;
mod validate;

pub use alias_budget::MAX_EXPANDED_BYTES;
pub(crate) use folder::list_folder;
pub use folder::{MAX_FILE_BYTES, read_folder};
pub use raw::json_schema;
pub use validate::is_valid_id;

use super::diagnostic::Diagnostic;
use super::model::{Body, BodySlot, Entry, Level};
use super::sanitize::{escape_controls, sanitize};
use super::{Library, apply_order};
use folder::read_bounded;
use layers::{journeys_of_both, replace_bundled};
use names::check_names;
use parse::{Mended, Parsed, Refused, decode, parse, parse_walked};
use places::{JourneyFile, Places, Targets, place_journey, place_term};
use raw::{RawEntry, RawJourney};
use rayon::prelude::*;
use references::{check_journey, resolve_comparisons, resolve_entry, warn_about_links};
use std::path::PathBuf;
use validate::{check_entry, file_stem};

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

/// What pass 1 found in one file, besides its entry. A file that is not a usable term comes
/// with a blank entry (which allocates nothing), and both are dropped before pass 2; this way
/// pass 1 fills two vectors directly, and no entry is moved through a third.
#[derive(Default)]
struct FileFindings {
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
    /// For a term file serde refused but the schema walk mended: its links, checked in
    /// pass 3 like a usable entry's, though the file itself is not loaded.
    mended: Option<Box<MendedLinks>>,
    /// Whether the file is one of the bundled lessons under a layered folder
    /// ([`load_layered`]): never reported on, and never what a folder's entry clashes with
    /// unknowingly.
    bundled: bool,
}

/// The wiki links of a mended file ([`FileFindings::mended`]), and the entry they are in, whose
/// own names are no broken link.
struct MendedLinks {
    entry: Entry,
    links: Vec<(u32, places::LineColumn)>,
    targets: Targets,
}

/// Pass 1 for one file: it needs nothing from the others, so files are read on every core.
/// The file's text is dropped here, once what later passes need from it has been found.
fn read_file(file: SourceFile) -> (Entry, FileFindings) {
    // Every diagnostic shows the path, and a file name may hold any character but `/`.
    let path = escape_controls(&file.path);
    let mut findings = FileFindings::default();
    let (bytes, on_disk) = match file.contents {
        Contents::Bytes(bytes) => (bytes, None),
        Contents::File(on_disk) => (read_bounded(&on_disk).map_err(|error| error.to_string()), Some(on_disk)),
    };
    let text = match decode(bytes, &path) {
        Ok(text) => text,
        Err(diagnostic) => {
            findings.unreadable = Some(diagnostic);
            return (Entry::default(), findings);
        }
    };
    let placeholders = validate::placeholders_left(&text, &path);
    let mut entry = None;
    let parsed = match file.kind {
        FileKind::Term => match parse_walked::<RawEntry>(&path, text, FileKind::Term) {
            Ok(parsed) => {
                let replacing = parsed.value.replaces.is_some();
                if let Some(mut checked) = check_entry(parsed.value, &parsed.text, &path, &mut findings.diagnostics) {
                    (findings.places, findings.targets) = place_term(&checked, &parsed.text);
                    if !replacing {
                        findings.places.replaces_key = None;
                    }
                    findings.usable = true;
                    // Everything the later passes need of the body has been found: a body
                    // that can be read again from its file is left there.
                    if let Some(on_disk) = on_disk {
                        checked.body = BodySlot::OnDisk(on_disk);
                    }
                    entry = Some(checked);
                }
                Ok(())
            }
            Err(Refused::Mended(mended)) => {
                read_mended(*mended, &path, &mut findings);
                Ok(())
            }
            Err(Refused::Unreadable(diagnostic)) => Err(diagnostic),
        },
        FileKind::Journey => match parse_walked::<RawJourney>(&path, text, FileKind::Journey) {
            Ok(parsed) => {
                findings.journey = Some(Box::new(place_journey(parsed, path.clone())));
                Ok(())
            }
            // Every problem of the journey is reported; the journey is not loaded.
            Err(Refused::Mended(mended)) => {
                findings.diagnostics = with_unreported(mended.diagnostics, mended.unreported, &path);
                Ok(())
            }
            Err(Refused::Unreadable(diagnostic)) => Err(diagnostic),
        },
    };
    if let Err(diagnostic) = parsed {
        findings.unreadable = Some(diagnostic);
    }
    findings.diagnostics.extend(placeholders);
    (entry.unwrap_or_default(), findings)
}

/// Pass 1 for a term file that serde refused and the schema walk mended: every problem the
/// walk and the per-entry checks find, in the order of the file, and its links for pass 3.
/// The file stays unusable.
fn read_mended(mended: Mended<RawEntry>, path: &str, findings: &mut FileFindings) {
    let Mended {
        mut diagnostics,
        unreported,
        parsed: Parsed { value, text },
    } = mended;
    // A bad id or level keeps check_entry from making an entry, and the links are wanted
    // all the same: a copy with both made good (they are reported by the first run) gives
    // the entry its links come from.
    let mut for_links = value.clone();
    check_entry(value, &text, path, &mut diagnostics);
    let id = for_links.id.take().filter(|id| is_valid_id(id));
    for_links.id = Some(id.unwrap_or_else(|| {
        Some(file_stem(path))
            .filter(|stem| is_valid_id(stem))
            .unwrap_or_else(|| "x".to_owned())
    }));
    for_links.level = Level::Beginner.as_str().to_owned();
    for text in [&mut for_links.title, &mut for_links.definition] {
        if text.trim().is_empty() {
            "?".clone_into(text);
        }
    }
    if let Some(entry) = check_entry(for_links, &text, path, &mut Vec::new()) {
        let (places, targets) = place_term(&entry, &text);
        findings.mended = Some(Box::new(MendedLinks {
            entry,
            links: places.links,
            targets,
        }));
    }
    findings.diagnostics = with_unreported(diagnostics, unreported, path);
}

/// A mended file's problems in the order of the file, and a last one saying how many more
/// were not reported.
fn with_unreported(mut diagnostics: Vec<Diagnostic>, unreported: usize, path: &str) -> Vec<Diagnostic> {
    diagnostics.sort_by_key(|diagnostic| (diagnostic.line, diagnostic.column));
    if unreported > 0 {
        let message = format!("and {unreported} more problems of these kinds; fix these first");
        diagnostics.push(Diagnostic::error(path, (1, 1), message));
    }
    diagnostics
}

/// Loads a set of files into a library, reporting every problem.
pub fn load(files: Vec<SourceFile>) -> LoadReport {
    load_files(files, None)
}

/// Loads a content folder's files on top of the bundled ones (`--with-bundled`): one
/// library, in which the folder's lessons may link to the bundled ones and its journeys
/// take them in. A folder entry whose id, title or alias a bundled entry has is an error,
/// unless it says `replaces: <id>`: it then takes that bundled entry's place (and id), and
/// its statement keys carry `folder_name`. Only the folder's files are reported on.
pub fn load_layered(bundled: Vec<SourceFile>, folder: Vec<SourceFile>, folder_name: &str) -> LoadReport {
    let layering = Layering {
        bundled: bundled.len(),
        folder: folder_name,
    };
    let mut files = bundled;
    files.extend(folder);
    load_files(files, Some(layering))
}

/// How a layered load's files are made up: the bundled ones first, then the folder's.
struct Layering<'a> {
    /// How many of the files, from the first, are bundled.
    bundled: usize,
    /// The folder's name, for replacing entries' statement keys.
    folder: &'a str,
}

fn load_files(files: Vec<SourceFile>, layering: Option<Layering>) -> LoadReport {
    let mut report = LoadReport::default();

    // Pass 1, in parallel. The outcomes come back in the order of the files, so diagnostics
    // come out as they would from one thread: first every file that could not be parsed,
    // then what the per-entry checks found (a bad id or level makes a file unusable).
    let mut entries = Vec::new();
    let mut findings = Vec::new();
    files
        .into_par_iter()
        .map(read_file)
        .unzip_into_vecs(&mut entries, &mut findings);
    if let Some(layering) = &layering {
        for file in &mut findings[..layering.bundled] {
            file.bundled = true;
        }
    }
    let mut journeys = Vec::new();
    let mut entry_diagnostics = Vec::new();
    let mut mended = Vec::new();
    for file in &mut findings {
        mended.extend(file.mended.take());
        // Unreadable files, and terms the checks made unusable.
        if !file.usable && file.journey.is_none() {
            report.skipped_files += 1;
        }
        if let Some(diagnostic) = file.unreadable.take() {
            report.diagnostics.push(diagnostic);
        }
        entry_diagnostics.append(&mut file.diagnostics);
        journeys.extend(file.journey.take().map(|journey| (*journey, file.bundled)));
    }
    // In path order, as every later pass reports, whatever order the files came in.
    entry_diagnostics.sort_by(|a, b| a.path.cmp(&b.path));
    report.diagnostics.extend(entry_diagnostics);
    let mut usable = findings.iter().map(|file| file.usable);
    entries.retain(|_| usable.next().unwrap_or(false));
    findings.retain(|file| file.usable);

    // Pass 2: uniqueness. Files are taken in path order so that which one is reported (and
    // which one skipped) does not depend on the order they were listed in; under a layered
    // folder, the bundled ones first, so a clash is the folder's file's.
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| (!findings[a].bundled, &entries[a].path).cmp(&(!findings[b].bundled, &entries[b].path)));
    apply_order(&mut entries, &order);
    apply_order(&mut findings, &order);
    if let Some(layering) = &layering {
        let replaced = replace_bundled(&mut entries, &findings, layering.folder, &mut report.diagnostics);
        let mut kept = replaced.iter();
        entries.retain(|_| !kept.next().copied().unwrap_or(false));
        let mut kept = replaced.iter();
        findings.retain(|_| !kept.next().copied().unwrap_or(false));
    }
    let keep = check_names(&entries, &findings, &mut report);
    let mut kept = keep.iter();
    entries.retain(|_| kept.next().copied().unwrap_or(false));
    let mut kept = keep.iter();
    findings.retain(|_| kept.next().copied().unwrap_or(false));
    for (rank, file) in findings.iter_mut().enumerate() {
        file.rank = rank;
    }

    // The library is built now, before references are resolved (names are all that takes),
    // so the entries are never copied. Pass 3 reports in path order; `order` maps that order
    // to the library's.
    let mut library = Library::indexed_with(entries, &mut findings, Vec::new());
    let mut order = vec![0; findings.len()];
    for (index, file) in findings.iter().enumerate() {
        order[file.rank] = index;
    }

    // Pass 3: references.
    let mut wiki = vec![Vec::new(); order.len()];
    let mut related_written = vec![Vec::new(); order.len()];
    for &index in &order {
        // The wiki links are done with once resolved: let them go as the ids come in.
        let file = &mut findings[index];
        let targets = std::mem::take(&mut file.targets);
        let links = std::mem::take(&mut file.places.links);
        let (linked, written) = resolve_entry(
            &mut library,
            index,
            &file.places,
            (&targets, &links),
            &mut report.diagnostics,
        );
        wiki[index] = linked;
        related_written[index] = written;
    }
    let journeys = match &layering {
        Some(_) => journeys_of_both(journeys, &mut report),
        None => journeys.into_iter().map(|(journey, _)| journey).collect(),
    };
    for journey in journeys {
        match check_journey(journey, &library, &mut report.diagnostics) {
            Some(journey) => library.journeys.push(journey),
            None => report.skipped_files += 1,
        }
    }
    for file in mended {
        check_mended_links(&file, &library, &mut report.diagnostics);
    }
    warn_about_links(
        &library,
        &order,
        &findings,
        &wiki,
        &related_written,
        &mut report.diagnostics,
    );
    drop((findings, related_written));

    library.link_back(&wiki);
    report.library = library;
    report
}

/// Pass 3 for a mended file ([`MendedLinks`]): each wiki link that names no entry, as for a
/// usable one.
fn check_mended_links(file: &MendedLinks, library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    let targets: Vec<&str> = file.targets.iter().collect();
    let mut links = file.links.clone();
    links.sort_by_key(|&(_, at)| at);
    for (target, at) in links {
        let Some(target) = targets.get(target as usize) else {
            continue;
        };
        if library.resolve(target).is_none() && !file.entry.matches_name(target) {
            diagnostics.push(Diagnostic::error(
                &file.entry.path,
                at.get(),
                format!("link [[{target}]] does not name any entry"),
            ));
        }
    }
}

/// Why a lesson body left on disk could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// The file no longer holds the lesson the lists, links and search were built from: its
    /// id, title or definition changed, or it is no longer a valid lesson. A restart loads
    /// it afresh (the parsed cache sees the change by size, mtime, ctime and inode).
    #[error(
        "{path} changed after lexicon loaded it: it no longer holds this lesson as loaded (id, title and \
         definition, all valid); restart lexicon to load the new version"
    )]
    Changed { path: String },
    #[error("{path}: {reason}")]
    Unreadable { path: String, reason: String },
}

impl BodyError {
    /// The error in a few words, for a one-line status bar (the page shows it whole).
    pub fn brief(&self) -> String {
        match self {
            BodyError::Changed { .. } => {
                "its file changed its title or definition since lexicon started; restart to reload".to_owned()
            }
            BodyError::Unreadable { reason, .. } => format!("its file cannot be read ({reason})"),
        }
    }
}

/// Reads the body of `entry` back from its file, with every check pass 1 made, provided
/// the file still holds the same entry: same id, title and definition (which the lists,
/// links and search show), and valid. An edit to the rest of the lesson (its analysis,
/// questions, misconceptions) is read, so it shows the next time the lesson opens.
pub fn read_body(entry: &Entry, on_disk: &std::path::Path, library: &Library) -> Result<Body, BodyError> {
    let changed = || BodyError::Changed {
        path: entry.path.clone(),
    };
    let bytes = read_bounded(on_disk).map_err(|reason| BodyError::Unreadable {
        path: entry.path.clone(),
        reason: sanitize(&reason.to_string()),
    })?;
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
