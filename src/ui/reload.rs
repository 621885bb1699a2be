//! Live reload in the reader: a thread watches the `--content` folder
//! ([`crate::watch::FolderWatch`]) and, after each save, loads it again with the same loader
//! the reader started from; the event loop hands the finished library to
//! [`App::receive_library`], which swaps it in and puts back what was on screen by id (the
//! lesson and its scroll, the home's selection, a search's query). Nothing here runs inside
//! `update`, and the watch and the load never run on the UI thread.
//!
//! A file that an edit broke keeps its last good entry ([`crate::watch::keep_last_good`]),
//! and the first error that the folder did not have when the reader started stays in the
//! status bar, with its file and line, until the file is fixed. A folder that cannot be
//! watched leaves the reader as it was, with a notice that live reload is off.

use super::app::{App, Screen};
use crate::content::sanitize::sanitize;
use crate::content::{Diagnostic, LoadReport};
use crate::search::{LazyIndex, Searcher};
use crate::watch::{Change, FolderWatch, keep_last_good, problem_changes};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

/// Loads the content folder again: what the reader started from, run again after a save.
pub type Reload = Box<dyn Fn() -> Result<LoadReport, String> + Send>;

/// What the watching thread sends the reader.
#[derive(Debug)]
pub enum Reloaded {
    /// The folder, loaded again after a save (boxed: a report is large beside the rest).
    Library(Box<LoadReport>),
    /// The folder could not be loaded again (it is gone, or unreadable): the library on
    /// screen stays.
    Failed(String),
    /// The watch broke; no more reloads will come.
    Off(String),
}

/// The watching thread, as the event loop sees it.
pub struct LiveReload {
    reloaded: Receiver<Reloaded>,
    /// The problems the folder had when the reader started, which its load notice already
    /// counted: only problems beyond these are shown after a reload.
    baseline: Vec<Diagnostic>,
    /// The folder watched, which the status bar leaves out of the paths it shows.
    folder: PathBuf,
}

impl LiveReload {
    /// Watches `folder` and runs `reload` after each change, on a thread of its own.
    /// `baseline` is what the load the reader started from found wrong. When the folder
    /// cannot be watched, says why, as the notice to show.
    pub fn start(folder: &Path, reload: Reload, baseline: Vec<Diagnostic>) -> Result<LiveReload, String> {
        let watch = FolderWatch::start(folder).map_err(|error| off_notice(&error.to_string()))?;
        let (send, reloaded) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("lexicon-watch".to_owned())
            .spawn(move || {
                loop {
                    let message = match watch.next_change() {
                        Change::Saved => match reload() {
                            Ok(report) => Reloaded::Library(Box::new(report)),
                            Err(error) => Reloaded::Failed(error),
                        },
                        Change::Failed(error) => Reloaded::Off(error),
                        Change::Stopped => return,
                    };
                    let off = matches!(message, Reloaded::Off(_));
                    // The reader may have quit; then nobody is listening.
                    if send.send(message).is_err() || off {
                        return;
                    }
                }
            })
            .map_err(|error| off_notice(&error.to_string()))?;
        Ok(LiveReload {
            reloaded,
            baseline,
            folder: folder.to_owned(),
        })
    }

    /// Carries out what the watching thread sent, if anything. Returns whether the app
    /// changed, and whether live reload is still on.
    pub fn receive(&self, app: &mut App) -> (bool, bool) {
        match self.reloaded.try_recv() {
            Ok(Reloaded::Library(report)) => {
                app.receive_library(*report, &self.baseline, &self.folder);
                (true, true)
            }
            Ok(Reloaded::Failed(error)) => {
                app.reload_problem = Some(sanitize(&error));
                (true, true)
            }
            Ok(Reloaded::Off(error)) => {
                app.add_notice(off_notice(&error));
                (true, false)
            }
            Err(TryRecvError::Empty) => (false, true),
            Err(TryRecvError::Disconnected) => (false, false),
        }
    }
}

/// The status bar's word that live reload is off, and why.
fn off_notice(why: &str) -> String {
    sanitize(&format!("live reload is off: {why}"))
}

impl App {
    /// Swaps in a library loaded again after a save, keeping the last good version of any
    /// file the save broke, and shows again what was on screen: the same lesson at the same
    /// line, the same home row, the same query's results. `baseline` is the problems the
    /// folder had at start; the first error beyond them goes to the status bar, and stays
    /// until a reload without it, with its path from `folder` (the one loaded), so that the
    /// file and line fit in the bar.
    pub fn receive_library(&mut self, report: LoadReport, baseline: &[Diagnostic], folder: &Path) {
        let on_screen = self
            .lesson
            .as_ref()
            .and_then(|lesson| Some((lesson.id.clone(), lesson.body.clone().ok()?)));
        let held = |id: &str| {
            on_screen
                .as_ref()
                .filter(|(shown, _)| shown == id)
                .map(|(_, body)| Arc::clone(body))
        };
        let (report, kept) = keep_last_good(&self.library, report, &held);
        let new_errors: Vec<Diagnostic> = problem_changes(baseline, &report.diagnostics)
            .new
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        self.reload_problem = new_errors.first().map(|first| {
            let mut first = first.clone();
            if let Ok(inside) = Path::new(&first.path).strip_prefix(folder) {
                first.path = inside.display().to_string();
            }
            let mut problem = first.to_string();
            if new_errors.len() > 1 {
                problem.push_str(&format!(" (and {} more)", new_errors.len() - 1));
            }
            if !kept.is_empty() {
                problem.push_str(" · showing the last good version");
            }
            // Paths and messages can quote the content, which may come from strangers.
            sanitize(&problem)
        });

        self.library = Arc::new(report.library);
        self.search_index = Arc::new(LazyIndex::new(Arc::clone(&self.library)));
        self.searcher = Searcher::new();
        self.title_width = self.library.widest_title();
        // Results are indices into the library: the old ones mean nothing in the new one.
        if let Some(search) = &mut self.search {
            search.results = self.searcher.search(self.search_index.get(), &search.query);
            search.selected = search.selected.min(search.results.len().saturating_sub(1));
            search.pending = false;
            // A large library's search thread ranks the rest, as after a keystroke.
            self.search_request = self.search_in_background.then(|| search.query.clone());
        }
        self.refresh_stats();
        self.rebuild_home();
        match self.screen {
            Screen::Lesson => {
                let scroll = self.lesson.as_ref().map_or(0, |lesson| lesson.scroll);
                let place = self.place();
                self.show_place(place);
                if let Some(lesson) = &mut self.lesson {
                    lesson.scroll = scroll;
                }
                self.clamp_scroll();
            }
            Screen::Compare => {
                let place = self.place();
                self.show_place(place);
            }
            Screen::Home | Screen::Map | Screen::Check | Screen::Stats => {}
        }
        self.rank_what_shows();
    }
}
