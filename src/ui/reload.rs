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
    /// Watches `folder` and runs `reload` after each change, on a thread of its own (which
    /// also sets the watch up: a large folder's takes a walk over every file). `baseline` is
    /// what the load the reader started from found wrong. When the thread cannot start,
    /// says why, as the notice to show; a folder that cannot be watched is said by
    /// [`Reloaded::Off`].
    pub fn start(folder: &Path, reload: Reload, baseline: Vec<Diagnostic>) -> Result<LiveReload, String> {
        let (send, reloaded) = std::sync::mpsc::channel();
        let watched = folder.to_owned();
        std::thread::Builder::new()
            .name("lexicon-watch".to_owned())
            .spawn(move || {
                let watch = match FolderWatch::start(&watched) {
                    Ok(watch) => watch,
                    Err(error) => {
                        let _ = send.send(Reloaded::Off(error.to_string()));
                        return;
                    }
                };
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
                problem.push_str(" · last good version kept");
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
                self.show_place_scrolled(place, scroll);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::loader::FileKind;
    use crate::content::{SourceFile, load};
    use crate::ui::keymap::Action;

    const FOLDER: &str = "/glossary";

    /// A lesson whose analysis is forty numbered paragraphs, `marker` in the thirtieth.
    fn quokka(marker: &str) -> SourceFile {
        let mut text = "title: Quokka Tokens\nlevel: beginner\ndefinition: A token.\nanalysis: |\n".to_owned();
        for paragraph in 1..=40 {
            let extra = if paragraph == 30 { marker } else { "" };
            text.push_str(&format!("  Paragraph {paragraph:02}. {extra}\n\n"));
        }
        SourceFile::in_memory(format!("{FOLDER}/terms/quokka.yaml"), FileKind::Term, text.into_bytes())
    }

    fn term(id: &str, title: &str) -> SourceFile {
        let text = format!("title: {title}\nlevel: beginner\ndefinition: Another.\n");
        SourceFile::in_memory(format!("{FOLDER}/terms/{id}.yaml"), FileKind::Term, text.into_bytes())
    }

    /// `terms/ID.yaml` with YAML that does not parse at line 2.
    fn broken(id: &str) -> SourceFile {
        let text = b"title: Quokka Tokens\nlevel: [beginner\n".to_vec();
        SourceFile::in_memory(format!("{FOLDER}/terms/{id}.yaml"), FileKind::Term, text)
    }

    fn lesson_text(app: &App) -> String {
        let lesson = app.lesson.as_ref().expect("a lesson is open");
        lesson
            .wrapped
            .lines
            .iter()
            .flatten()
            .map(|span| span.text.as_str())
            .collect()
    }

    fn scrolled_app() -> App {
        let mut app = App::new(
            load(vec![quokka("ONE"), term("wombat", "Wombat Keys")]),
            Some("quokka".to_owned()),
        );
        app.resize(80, 24);
        for _ in 0..30 {
            app.update(Action::Down);
        }
        assert!(app.lesson.as_ref().is_some_and(|lesson| lesson.scroll > 0));
        app
    }

    #[test]
    fn an_edit_shows_at_the_same_line_and_a_break_keeps_the_last_good_text_until_fixed() {
        let mut app = scrolled_app();
        let scroll = app.lesson.as_ref().map(|lesson| lesson.scroll);
        let folder = Path::new(FOLDER);

        app.receive_library(load(vec![quokka("TWO"), term("wombat", "Wombat Keys")]), &[], folder);
        assert!(lesson_text(&app).contains("Paragraph 30. TWO"));
        assert_eq!(app.lesson.as_ref().map(|lesson| lesson.scroll), scroll);
        assert_eq!(app.reload_problem, None);

        app.receive_library(load(vec![broken("quokka"), term("wombat", "Wombat Keys")]), &[], folder);
        assert_eq!(app.screen, Screen::Lesson);
        assert!(lesson_text(&app).contains("Paragraph 30. TWO"));
        let problem = app.reload_problem.clone().expect("the error is shown");
        assert!(problem.starts_with("terms/quokka.yaml:2:"), "{problem}");
        assert!(problem.contains("last good version"), "{problem}");

        app.receive_library(load(vec![quokka("THREE"), term("wombat", "Wombat Keys")]), &[], folder);
        assert!(lesson_text(&app).contains("Paragraph 30. THREE"));
        assert_eq!(app.reload_problem, None);
    }

    #[test]
    fn a_problem_the_folder_had_at_start_is_not_shown_again() {
        let at_start = load(vec![quokka("ONE"), term("wombat", "Wombat Keys"), broken("kiwi")]);
        let baseline = at_start.diagnostics.clone();
        let mut app = App::new(at_start, None);
        let again = load(vec![quokka("TWO"), term("wombat", "Wombat Keys"), broken("kiwi")]);
        assert!(again.errors() > 0);
        app.receive_library(again, &baseline, Path::new(FOLDER));
        assert_eq!(app.reload_problem, None);
    }

    #[test]
    fn an_open_search_is_run_again_on_the_new_library() {
        let mut app = App::new(load(vec![quokka("ONE"), term("wombat", "Wombat Keys")]), None);
        app.resize(80, 24);
        app.update(Action::OpenSearch);
        for c in "wombat".chars() {
            app.update(Action::Type(c));
        }
        let titles = |app: &App| -> Vec<String> {
            let search = app.search.as_ref().expect("search is open");
            (0..search.results.len())
                .filter_map(|row| search.results.get(row))
                .map(|hit| app.library.entries()[hit.index].title.clone())
                .collect()
        };
        assert_eq!(titles(&app), vec!["Wombat Keys"]);
        let grown = load(vec![
            term("aardvark", "Aardvark"),
            quokka("ONE"),
            term("wombat", "Wombat Keys"),
            term("wombat-two", "Wombat Locks"),
        ]);
        app.receive_library(grown, &[], Path::new(FOLDER));
        let mut found = titles(&app);
        found.sort();
        assert_eq!(found, vec!["Wombat Keys", "Wombat Locks"]);
    }

    #[test]
    fn a_broken_watch_says_once_that_live_reload_is_off() {
        let (send, reloaded) = std::sync::mpsc::channel();
        let live = LiveReload {
            reloaded,
            baseline: Vec::new(),
            folder: PathBuf::from(FOLDER),
        };
        let mut app = App::new(load(vec![term("wombat", "Wombat Keys")]), None);
        assert_eq!(live.receive(&mut app), (false, true));
        send.send(Reloaded::Off("too many watches".to_owned())).unwrap();
        drop(send);
        assert_eq!(live.receive(&mut app), (true, false));
        assert_eq!(app.notice.as_deref(), Some("live reload is off: too many watches"));
    }
}
