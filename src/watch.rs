//! Live reload of a content folder: knowing when its files were saved, and what a new load
//! changed.
//!
//! [`FolderWatch`] watches a `--content` folder through the `notify` crate, debounced by
//! `notify-debouncer-full`, so an editor's burst of writes for one save (a temporary file, a
//! rename, a chmod) is one change. Only changes count, never reads: the reload itself opens
//! every file, and a watch that heard opens would reload for ever. What to do then is the caller's: the reader loads the
//! folder again on a thread of its own and swaps the library in; `lexicon check --watch`
//! checks it again. Both then use the two pure halves here:
//! [`problem_changes`] (which problems are new and which were fixed) and [`keep_last_good`]
//! (a file that was good and is now broken keeps its last good entry in the library, so the
//! lesson on screen does not vanish while its author is half-way through an edit).
//!
//! The bundled lessons are compiled in and never watched.

use crate::content::{Body, BodySlot, Diagnostic, Library, LoadReport, Severity};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// How long a file must be quiet before its change counts: long enough to gather an
/// editor's writes for one save, short enough that a reload lands well within a second.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// Why a folder cannot be watched (no such folder, or the system's limit on watches, such as
/// Linux's `fs.inotify.max_user_watches`, was reached).
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {} for changes: {source}", folder.display())]
pub struct WatchError {
    folder: PathBuf,
    #[source]
    source: notify_debouncer_full::notify::Error,
}

/// A content folder being watched. Dropping it stops the watch.
pub struct FolderWatch {
    /// Held for its drop, which stops the debouncer's thread and the system watch.
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
}

/// What [`FolderWatch::next_change`] saw.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// A content file (or the `terms/` or `journeys/` folder) changed.
    Saved,
    /// The watch broke (the system dropped events, the folder went away): changes may go
    /// unseen from now on.
    Failed(String),
    /// The watch was stopped.
    Stopped,
}

impl FolderWatch {
    /// Starts watching `folder` and everything under it.
    pub fn start(folder: &Path) -> Result<FolderWatch, WatchError> {
        let failed = |source| WatchError {
            folder: folder.to_owned(),
            source,
        };
        let (send, events) = channel();
        let mut debouncer = new_debouncer(DEBOUNCE, None, send).map_err(failed)?;
        debouncer.watch(folder, RecursiveMode::Recursive).map_err(failed)?;
        Ok(FolderWatch {
            _debouncer: debouncer,
            events,
        })
    }

    /// Waits for the next change to the content. Changes to other files (an editor's swap
    /// and backup files) are passed over; changes that came in while the caller was busy
    /// with the last one are taken together, so a slow load is not run once per save.
    pub fn next_change(&self) -> Change {
        loop {
            let Ok(batch) = self.events.recv() else {
                return Change::Stopped;
            };
            match batch {
                Err(errors) => return Change::Failed(describe(&errors)),
                Ok(events) if events.iter().any(changes_content) => {
                    while let Ok(more) = self.events.try_recv() {
                        if let Err(errors) = more {
                            return Change::Failed(describe(&errors));
                        }
                    }
                    return Change::Saved;
                }
                Ok(_) => {}
            }
        }
    }
}

/// Whether `event` changed a content file (an open or a read does not).
fn changes_content(event: &DebouncedEvent) -> bool {
    !matches!(event.kind, EventKind::Access(_)) && event.paths.iter().any(|path| is_content(path))
}

/// The watch's errors, as one line.
fn describe(errors: &[notify_debouncer_full::notify::Error]) -> String {
    let described: Vec<String> = errors.iter().map(ToString::to_string).collect();
    described.join("; ")
}

/// Whether a change to `path` can change what the folder loads: a YAML file, or one of the
/// folders that hold them (removed or renamed whole).
fn is_content(path: &Path) -> bool {
    let extension = path.extension().and_then(|extension| extension.to_str());
    let name = path.file_name().and_then(|name| name.to_str());
    matches!(extension, Some("yaml" | "yml")) || matches!(name, Some("terms" | "journeys"))
}

/// The problems one check found that the check before did not, and those it no longer finds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ProblemChanges {
    pub new: Vec<Diagnostic>,
    pub fixed: Vec<Diagnostic>,
}

impl ProblemChanges {
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.fixed.is_empty()
    }
}

/// What is new in `after` and gone from `before`, each in its own list's order. A problem is
/// the same problem when its file, severity and message are: one that only moved (a line
/// added above it) is neither new nor fixed. Counted, so a second copy of a problem in a
/// file is new.
pub fn problem_changes(before: &[Diagnostic], after: &[Diagnostic]) -> ProblemChanges {
    ProblemChanges {
        new: not_in(after, before),
        fixed: not_in(before, after),
    }
}

/// The diagnostics of `these` that `those` does not hold as many times.
fn not_in<'a>(these: &'a [Diagnostic], those: &'a [Diagnostic]) -> Vec<Diagnostic> {
    let identity = |d: &'a Diagnostic| (d.path.as_str(), d.severity, d.message.as_str());
    let mut available: BTreeMap<(&str, Severity, &str), usize> = BTreeMap::new();
    for diagnostic in those {
        *available.entry(identity(diagnostic)).or_default() += 1;
    }
    these
        .iter()
        .filter(|diagnostic| match available.get_mut(&identity(diagnostic)) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

/// `report`, a new load of a folder, with the entries and journeys of `previous` that it
/// lost to an error in their file put back: the last good version of a file being edited
/// stays readable until the file is good again. An entry's body normally stays in its file,
/// which no longer holds it; `held_body` gives the body already read for an entry (the
/// lesson on screen), which is then kept in memory with it. Returns the ids of the entries
/// kept.
///
/// Entries lost for any other reason (the file deleted, or its id changed) stay lost. The
/// library is only rebuilt when something is kept.
pub fn keep_last_good(
    previous: &Library,
    report: LoadReport,
    held_body: &dyn Fn(&str) -> Option<Arc<Body>>,
) -> (LoadReport, Vec<String>) {
    let broken: HashSet<&str> = report
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .map(|diagnostic| diagnostic.path.as_str())
        .collect();
    let kept_entries: Vec<_> = previous
        .entries()
        .iter()
        .filter(|entry| broken.contains(entry.path.as_str()) && report.library.get(&entry.id).is_none())
        .map(|entry| {
            let mut entry = entry.clone();
            if let Some(body) = held_body(&entry.id) {
                entry.body = BodySlot::Held(body);
            }
            entry
        })
        .collect();
    let kept_journeys: Vec<_> = previous
        .journeys()
        .iter()
        .filter(|journey| broken.contains(journey.path.as_str()) && report.library.journey(&journey.id).is_none())
        .cloned()
        .collect();
    if kept_entries.is_empty() && kept_journeys.is_empty() {
        return (report, Vec::new());
    }
    let kept = kept_entries.iter().map(|entry| entry.id.clone()).collect();
    let LoadReport {
        library,
        diagnostics,
        skipped_files,
    } = report;
    let mut journeys = library.journeys().to_vec();
    journeys.extend(kept_journeys);
    let mut entries = library.into_entries();
    entries.extend(kept_entries);
    let report = LoadReport {
        library: Library::new(entries, journeys),
        diagnostics,
        skipped_files,
    };
    (report, kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::loader::FileKind;
    use crate::content::{SourceFile, load};

    fn term(id: &str, definition: &str) -> SourceFile {
        SourceFile::in_memory(
            format!("terms/{id}.yaml"),
            FileKind::Term,
            format!("id: {id}\ntitle: {id}\nlevel: beginner\ndefinition: {definition}\n").into_bytes(),
        )
    }

    fn broken(id: &str) -> SourceFile {
        SourceFile::in_memory(format!("terms/{id}.yaml"), FileKind::Term, b"id: [unclosed\n".to_vec())
    }

    #[test]
    fn a_problem_that_only_moved_is_neither_new_nor_fixed() {
        let at = |line| Diagnostic::error("terms/a.yaml", (line, 1), "bad level");
        let other = Diagnostic::warning("terms/b.yaml", (2, 1), "no misconceptions");
        let changes = problem_changes(&[at(3), other.clone()], &[at(5)]);
        assert_eq!(
            changes,
            ProblemChanges {
                new: vec![],
                fixed: vec![other]
            }
        );
        let twice = problem_changes(&[at(3)], &[at(3), at(9)]);
        assert_eq!(twice.new, vec![at(9)]);
        assert!(twice.fixed.is_empty());
    }

    #[test]
    fn a_file_that_broke_keeps_its_last_good_entry_and_its_held_body() {
        let before = load(vec![term("alpha", "First."), term("beta", "Second.")]);
        let after = load(vec![broken("alpha"), term("beta", "Second, edited.")]);
        assert!(after.library.get("alpha").is_none(), "the loader skips the broken file");
        let body = Arc::new(Body {
            analysis: "kept text".to_owned(),
            ..Body::default()
        });
        let (report, kept) = keep_last_good(&before.library, after, &|id| (id == "alpha").then(|| Arc::clone(&body)));
        assert_eq!(kept, vec!["alpha".to_owned()]);
        let alpha = report.library.get("alpha").unwrap();
        assert_eq!(alpha.definition, "First.");
        assert_eq!(report.library.body(alpha).unwrap().analysis, "kept text");
        assert_eq!(report.library.get("beta").unwrap().definition, "Second, edited.");
        assert!(report.errors() > 0, "the error is still reported");
    }

    #[test]
    fn a_deleted_file_is_not_kept() {
        let before = load(vec![term("alpha", "First."), term("beta", "Second.")]);
        let after = load(vec![term("beta", "Second.")]);
        let (report, kept) = keep_last_good(&before.library, after, &|_| None);
        assert!(kept.is_empty());
        assert!(report.library.get("alpha").is_none());
    }

    #[test]
    fn only_content_files_count_as_changes() {
        assert!(is_content(Path::new("/c/terms/a.yaml")));
        assert!(is_content(Path::new("/c/journeys/j.yml")));
        assert!(is_content(Path::new("/c/terms")));
        assert!(!is_content(Path::new("/c/terms/.a.yaml.swp")));
        assert!(!is_content(Path::new("/c/terms/4913")));
    }
}
