//! The reader's state and `update`, the one place where actions change it.
//!
//! The state is plain data: which screen is showing, the home list's selection, the open
//! lesson (its document, the layout at the current width, scroll and link selection), the
//! history, and a notice for the status bar. The event loop tells the state the size of the
//! screen with [`App::resize`] before each draw, which is when lessons are re-wrapped; the
//! view itself only reads.

use super::bodies::Bodies;
use super::check::CheckState;
use super::compare::CompareView;
use super::effects::Saving;
use super::home::{Filter, Grouping, HomeRow, LessonProgress, first_selectable, home_rows, progress_by_lesson};
use super::keymap::{Action, Keymap, Layer};
use super::layout::{self, max_scroll};
use super::lesson::{JourneyStep, LessonView};
use super::map::MapView;
use super::search::SearchState;
use super::theme::Theme;
use crate::content::{Library, LoadReport};
use crate::history::History;
use crate::quiz::{AnswerRecord, CardState, StatementKey, Stats};
use crate::search::{Hit, LazyIndex, Results, Searcher};
use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

mod places;
mod reading;

pub use places::Place;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    Lesson,
    Compare,
    Map,
    Check,
    Stats,
}

/// The journey a lesson on no journey is recorded as read in, so every lesson's row can say
/// whether it was read. No journey has an empty id (the loader requires one).
pub const READ_ON_NO_JOURNEY: &str = "";

/// Saved progress, as far as the reader needs it: every answer, each statement's review
/// card, and which journey steps were read.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub answers: Vec<AnswerRecord>,
    pub cards: HashMap<StatementKey, CardState>,
}

impl Progress {
    /// When the next statement falls due, if none is due at `now`.
    pub fn next_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.cards.values().map(CardState::due).filter(|due| *due > now).min()
    }

    /// The statements due for review at `now`, most overdue first.
    pub fn due_keys(&self, now: DateTime<Utc>) -> Vec<StatementKey> {
        crate::quiz::due_keys(self.cards.iter(), now)
    }
}

/// The notice a load with problems gets on the home screen. The command it suggests names
/// `content_dir`, the folder the content came from (`None` for the bundled lessons), so it
/// checks what was loaded rather than the bundled lessons.
pub fn load_notice(skipped_files: usize, errors: usize, content_dir: Option<&Path>) -> Option<String> {
    (skipped_files > 0 || errors > 0).then(|| {
        let check = match content_dir {
            Some(dir) => format!("lexicon check --content {}", shell_word(&dir.to_string_lossy())),
            None => "lexicon check".to_owned(),
        };
        // Short, to fit an 80-column status bar with a folder named as people type one.
        let counts: Vec<String> = [
            (skipped_files, "file skipped", "files skipped"),
            (errors, "error", "errors"),
        ]
        .into_iter()
        .filter(|&(count, _, _)| count > 0)
        .map(|(count, one, many)| format!("{count} {}", if count == 1 { one } else { many }))
        .collect();
        format!("{}: `{check}` shows where", counts.join(", "))
    })
}

/// `text` as one word that a shell reads back as `text`, so a suggested command can be
/// pasted: as it is when no character in it means anything to a shell, else in single
/// quotes (a `'` inside written `'\''`).
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=,:@%".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Something `update` asks the event loop to do outside the app: write to the store, open a
/// browser, reach the clipboard. Keeping that out of `update` keeps it testable without a
/// database or a terminal.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Open a web address (`http` or `https`) in the browser.
    OpenUrl(String),
    /// Put text on the clipboard through the terminal (OSC 52).
    Copy(String),
    RecordAnswer(AnswerRecord),
    /// A practice answer: kept as a repeat, leaving the review schedule alone.
    RecordPractice(AnswerRecord),
    MarkStepRead {
        journey: String,
        step: String,
    },
    /// Keep a setting in the store: one of [`setting`]'s names, and its value.
    Remember {
        name: &'static str,
        value: String,
    },
    /// Give the terminal back and stop until the shell continues the process (Ctrl-Z).
    Suspend,
}

/// What the reader remembers between runs, kept in the store's settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Remembered {
    pub last_lesson: Option<String>,
    /// The block at the top of the last lesson when it was left: "Continue" returns there.
    pub last_lesson_block: usize,
    /// The home's grouping last chosen with `t`.
    pub grouping: Option<Grouping>,
    /// The last search query, back (selected) when search opens.
    pub last_query: String,
}

/// The names [`Remembered`] is kept under in the store's settings.
pub mod setting {
    pub const LAST_LESSON: &str = "last_lesson";
    pub const LAST_LESSON_BLOCK: &str = "last_lesson_block";
    pub const GROUPING: &str = "grouping";
    pub const LAST_QUERY: &str = "last_query";
}

#[derive(Debug, Clone)]
pub struct App {
    pub(in crate::ui) library: Arc<Library>,
    /// Prepared once per library; shared, since it never changes.
    /// Built on first use, or by the search thread at start for a large library.
    pub(in crate::ui) search_index: Arc<LazyIndex>,
    /// Remembers the last searches, so that each keystroke narrows the one before.
    pub(in crate::ui) searcher: Searcher,
    /// Searches run off the UI thread: the event loop takes [`App::search_request`] and hands
    /// the answer to [`App::receive_search`]. Set for libraries large enough for matching to
    /// cost more than a frame.
    pub(in crate::ui) search_in_background: bool,
    /// The query waiting to be sent to the background search.
    pub(in crate::ui) search_request: Option<String>,
    /// The query in the search box when it last closed, which reopening it brings back.
    pub(in crate::ui) last_query: String,
    /// The widest title, in columns: the home list's column width. Kept, not measured per
    /// frame, since the library changes only when a live reload swaps it.
    pub(in crate::ui) title_width: usize,
    pub(in crate::ui) screen: Screen,
    /// The selected row of [`App::home_rows`].
    pub(in crate::ui) home_selected: usize,
    pub(in crate::ui) home_rows: Vec<HomeRow>,
    pub(in crate::ui) grouping: Grouping,
    /// Which lessons the home lists, when not all (`f`).
    pub(in crate::ui) home_filter: Option<Filter>,
    /// The lesson opened last, for "Continue".
    pub(in crate::ui) last_lesson: Option<String>,
    /// The block at the top of `last_lesson` when it was last left.
    pub(in crate::ui) last_lesson_block: usize,
    /// The journey step a link was followed out of: n or p on a lesson outside any journey
    /// return to it.
    pub(in crate::ui) left_journey: Option<JourneyStep>,
    /// Journey id to the step ids read in it.
    pub(in crate::ui) journey_read: HashMap<String, HashSet<String>>,
    pub(in crate::ui) lesson: Option<LessonView>,
    pub(in crate::ui) history: History<Place>,
    pub(in crate::ui) help_open: bool,
    /// How far the help overlay is scrolled, when it does not fit.
    pub(in crate::ui) help_scroll: usize,
    pub(in crate::ui) search: Option<SearchState>,
    pub(in crate::ui) compare: Option<CompareView>,
    pub(in crate::ui) map: Option<MapView>,
    pub(in crate::ui) check: Option<Box<CheckState>>,
    pub(in crate::ui) progress: Progress,
    /// What each lesson's row shows of progress, by id ([`App::refresh_lesson_progress`]).
    pub(in crate::ui) lesson_progress: HashMap<String, LessonProgress>,
    /// Statistics over `progress.answers`, recomputed when an answer comes in
    /// ([`App::refresh_stats`]), not on every frame: the exact test behind the verdict
    /// grows with the square of the answers.
    pub(in crate::ui) stats: Stats,
    /// How far the stats screen is scrolled.
    pub(in crate::ui) stats_scroll: usize,
    /// Writes waiting for the event loop.
    pub(in crate::ui) effects: Vec<Effect>,
    /// Answers handed to the store and not yet written, and whether it is busy.
    pub(in crate::ui) saving: Saving,
    /// The time answers are recorded at; the event loop sets it, tests fix it.
    pub(in crate::ui) now: DateTime<Utc>,
    pub(in crate::ui) notice: Option<String>,
    /// The first problem a live reload found that the folder did not have at start, with its
    /// file and line: shown in the status bar (after any notice) until a reload without it.
    pub(in crate::ui) reload_problem: Option<String>,
    /// How styles look, as the configuration and the terminal have it.
    pub(in crate::ui) theme: Theme,
    /// The navigation keys, as the configuration has them.
    pub(in crate::ui) keymap: Keymap,
    pub(in crate::ui) should_quit: bool,
    /// The size of the lesson body, set by [`App::resize`].
    pub(in crate::ui) body_width: usize,
    pub(in crate::ui) body_height: usize,
    /// The whole screen size.
    pub(in crate::ui) width: u16,
    pub(in crate::ui) height: u16,
    /// Lesson bodies asked of the event loop, and read by it, for the step under way.
    pub(in crate::ui) bodies: Bodies,
}

impl App {
    pub fn new(report: LoadReport, start: Option<String>) -> App {
        // Not told the content folder: `ui::run`, which knows it, names it in the notice.
        let notice = load_notice(report.skipped_files, report.errors(), None);
        let library = Arc::new(report.library);
        let mut app = App {
            title_width: library.widest_title(),
            searcher: Searcher::new(),
            search_in_background: false,
            search_request: None,
            last_query: String::new(),
            search_index: Arc::new(LazyIndex::new(Arc::clone(&library))),
            library,
            screen: Screen::Home,
            home_selected: 0,
            home_rows: Vec::new(),
            grouping: Grouping::default(),
            home_filter: None,
            last_lesson: None,
            last_lesson_block: 0,
            left_journey: None,
            journey_read: HashMap::new(),
            lesson: None,
            history: History::default(),
            help_open: false,
            help_scroll: 0,
            search: None,
            compare: None,
            map: None,
            check: None,
            progress: Progress::default(),
            lesson_progress: HashMap::new(),
            stats: Stats::compute(&[], |_| &[][..], &chrono::Local),
            stats_scroll: 0,
            effects: Vec::new(),
            saving: Saving::default(),
            now: Utc::now(),
            notice,
            reload_problem: None,
            theme: Theme::default(),
            keymap: Keymap::default(),
            should_quit: false,
            body_width: 80,
            body_height: 20,
            width: 80,
            height: 24,
            bodies: Bodies::default(),
        };
        app.rebuild_home();
        app.home_selected = first_selectable(&app.home_rows);
        if let Some(id) = start {
            app.show_place(Place::lesson(&id));
        }
        app
    }

    /// Recomputes the home rows after the grouping or progress changed, keeping the same
    /// row selected when it still exists.
    pub fn rebuild_home(&mut self) {
        let selected = self.home_rows.get(self.home_selected).cloned();
        self.rebuild_home_selecting(selected);
    }

    /// Recomputes the home rows and selects `selected` (or the first row when it is gone).
    fn rebuild_home_selecting(&mut self, selected: Option<HomeRow>) {
        self.refresh_lesson_progress();
        let journey_read = &self.journey_read;
        let due = self.lesson_progress.values().map(|lesson| lesson.due).sum();
        let (library, progress) = (&self.library, &self.lesson_progress);
        let weakest: HashSet<&str> = self.stats.weakest.iter().map(|weak| weak.entry_id.as_str()).collect();
        let filter = self.home_filter;
        let listed = |index: usize| {
            let id = library.entries()[index].id.as_str();
            let lesson = progress.get(id).copied().unwrap_or_default();
            match filter {
                None => true,
                Some(Filter::Unread) => !lesson.read,
                Some(Filter::Due) => lesson.due > 0,
                Some(Filter::Weakest) => weakest.contains(id),
            }
        };
        self.home_rows = home_rows(
            &self.library,
            self.grouping,
            self.last_lesson.as_deref(),
            due,
            &|journey| journey_read.get(journey).cloned().unwrap_or_default(),
            &listed,
        );
        let same_row = |row: &HomeRow| match (row, &selected) {
            (HomeRow::Journey { id, .. }, Some(HomeRow::Journey { id: old, .. })) => id == old,
            (HomeRow::Continue(_), Some(HomeRow::Continue(_))) | (HomeRow::Review(_), Some(HomeRow::Review(_))) => true,
            (row, Some(old)) => row == old,
            _ => false,
        };
        self.home_selected = self
            .home_rows
            .iter()
            .position(same_row)
            .unwrap_or_else(|| first_selectable(&self.home_rows));
    }

    /// Tells the state the screen size; re-wraps the open lesson if the width changed,
    /// keeping the same text at the top.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        let body = layout::lesson_body_size(width, height);
        self.body_width = body.0;
        self.body_height = body.1;
        let body_width = self.body_width;
        if let Some(check) = &mut self.check {
            let [_, body, _] = layout::check_areas(Rect::new(0, 0, width, height));
            check.rewrap(usize::from(body.width));
        }
        if let Some(compare) = &mut self.compare {
            compare.lay_out(&self.library, usize::from(layout::compare_area(width, height).width));
        }
        if let Some(lesson) = &mut self.lesson
            && lesson.wrapped.width != body_width.max(1)
        {
            let top_block = lesson.top_block();
            lesson.wrapped = lesson.document.wrap(body_width);
            lesson.scroll = lesson.wrapped.block_lines.get(top_block).copied().unwrap_or(0);
        }
        self.clamp_scroll();
        self.rank_what_shows();
    }

    /// Adds a message to the status bar, after any already there.
    pub fn add_notice(&mut self, notice: String) {
        self.notice = Some(match self.notice.take() {
            Some(existing) => format!("{existing} · {notice}"),
            None => notice,
        });
    }

    /// Takes in saved progress (after the store is opened) and refreshes the home screen.
    pub fn load_progress(
        &mut self,
        progress: Progress,
        journey_read: HashMap<String, HashSet<String>>,
        remembered: Remembered,
    ) {
        self.progress = progress;
        self.journey_read = journey_read;
        // A lesson opened from the command line is already the last one.
        if self.last_lesson.is_none() {
            self.last_lesson = remembered.last_lesson;
            self.last_lesson_block = remembered.last_lesson_block;
        }
        if let Some(grouping) = remembered.grouping {
            self.grouping = grouping;
        }
        if self.last_query.is_empty() {
            self.last_query = remembered.last_query;
        }
        self.refresh_stats();
        self.rebuild_home();
    }

    /// Recomputes [`App::stats`] after the answers changed.
    pub fn refresh_stats(&mut self) {
        let library = &self.library;
        self.stats = Stats::compute(
            &self.progress.answers,
            |id| library.get(id).map_or(&[][..], |entry| entry.tags.as_slice()),
            &chrono::Local,
        );
        self.refresh_lesson_progress();
    }

    /// Recomputes what each lesson's row shows of progress (read, last check, due), after an
    /// answer, a lesson read to its end, or a rebuild of the home.
    pub fn refresh_lesson_progress(&mut self) {
        self.lesson_progress = progress_by_lesson(&self.progress, &self.journey_read, &self.due_keys());
    }

    /// The keys the help overlay lists: the search box's while it is open, else the
    /// screen's.
    pub fn help_bindings(&self) -> Cow<'static, [super::keymap::Binding]> {
        if self.search.is_some() {
            Cow::Borrowed(super::keymap::SEARCH_BINDINGS)
        } else {
            self.keymap.bindings(self.screen)
        }
    }

    /// What receives keys: an open overlay, else the screen.
    pub fn key_layer(&self) -> Layer {
        if self.help_open {
            Layer::Help
        } else if self.search.is_some() {
            Layer::Search
        } else if self.screen == Screen::Lesson && self.lesson.as_ref().is_some_and(|lesson| lesson.hints.is_some()) {
            Layer::Hints
        } else {
            Layer::Screen(self.screen)
        }
    }

    /// Carries out one action.
    pub fn update(&mut self, action: Action) {
        let reading = self.reading();
        self.carry_out(action);
        self.mark_read_if_seen();
        // Leaving a lesson (or quitting on one) remembers where it was left, for "Continue".
        if let Some((id, block)) = reading
            && (self.should_quit || self.reading().is_none_or(|(now, _)| now != id))
        {
            self.last_lesson_block = block;
            self.remember(setting::LAST_LESSON_BLOCK, block.to_string());
        }
    }

    /// Once the end of the lesson on screen has been in view (scrolled to, or the whole page
    /// fits), it counts as read, in every journey that holds it, wherever it was opened from.
    fn mark_read_if_seen(&mut self) {
        let Some(lesson) = self.lesson.as_ref().filter(|_| self.screen == Screen::Lesson) else {
            return;
        };
        if lesson.scroll + self.body_height < lesson.wrapped.lines.len() {
            return;
        }
        let id = lesson.id.clone();
        let mut holding: Vec<String> = self
            .library
            .journeys()
            .iter()
            .filter(|journey| journey.steps.contains(&id))
            .map(|journey| journey.id.clone())
            .collect();
        if holding.is_empty() {
            holding.push(READ_ON_NO_JOURNEY.to_owned());
        }
        let mut newly_read = false;
        for journey in holding {
            if self.journey_read.entry(journey.clone()).or_default().insert(id.clone()) {
                newly_read = true;
                self.effects.push(Effect::MarkStepRead {
                    journey,
                    step: id.clone(),
                });
            }
        }
        if newly_read {
            self.refresh_lesson_progress();
        }
    }

    /// The lesson on screen and the block at the top of its view.
    fn reading(&self) -> Option<(String, usize)> {
        let lesson = self.lesson.as_ref().filter(|_| self.screen == Screen::Lesson)?;
        Some((lesson.id.clone(), lesson.top_block()))
    }

    /// True when an action asked to suspend, which only the event loop, the owner of the
    /// terminal, can do; the request is taken.
    pub fn take_suspend(&mut self) -> bool {
        let before = self.effects.len();
        self.effects.retain(|effect| *effect != Effect::Suspend);
        self.effects.len() != before
    }

    /// Asks the event loop to keep a setting.
    pub(super) fn remember(&mut self, name: &'static str, value: String) {
        self.effects.push(Effect::Remember { name, value });
    }

    fn carry_out(&mut self, action: Action) {
        if action == Action::Quit {
            self.should_quit = true;
            return;
        }
        if action == Action::Suspend {
            self.effects.push(Effect::Suspend);
            return;
        }
        if action == Action::ToggleHelp {
            self.help_open = !self.help_open;
            self.help_scroll = 0;
            return;
        }
        if self.help_open {
            // Help that does not fit scrolls; any other key closes it.
            let (popup, rows) = layout::help_popup(Rect::new(0, 0, self.width, self.height), &self.help_bindings());
            let height = usize::from(popup.height.saturating_sub(2));
            let lines = rows.len() + layout::HELP_FOOTER_ROWS;
            if lines > height
                && matches!(
                    action,
                    Action::Up
                        | Action::Down
                        | Action::PageUp
                        | Action::PageDown
                        | Action::HalfPageUp
                        | Action::HalfPageDown
                        | Action::Top
                        | Action::Bottom
                        | Action::ScrollUp
                        | Action::ScrollDown
                )
            {
                self.help_scroll = scrolled(self.help_scroll, action, height, max_scroll(lines, height));
            } else {
                self.help_open = false;
            }
            return;
        }
        if self.search.is_some() {
            self.update_search(action);
            self.rank_what_shows();
            return;
        }
        match action {
            Action::ScrollUp | Action::ScrollDown => {
                // Three lines a notch, as terminals and browsers do.
                let step = if action == Action::ScrollUp {
                    Action::Up
                } else {
                    Action::Down
                };
                for _ in 0..3 {
                    self.update(step);
                }
            }
            Action::Click { x, y } => self.click(x, y),
            Action::OpenSearch => {
                // An empty box lists every entry in library order, which needs no index: one
                // still being built on the search thread is not waited for.
                // The last query comes back, selected, as in television and helix.
                let query = self.last_query.clone();
                let index = self.search_index.ready();
                let listed = || Results::complete("", (0..self.library.entries().len()).map(Hit::listed).collect());
                let (results, pending) = match index {
                    Some(index) if query.is_empty() || !self.search_in_background => {
                        (self.searcher.search(index, &query), false)
                    }
                    _ if query.is_empty() => (listed(), false),
                    // A library searched on this thread builds its index here, as a key would.
                    _ if !self.search_in_background => (self.searcher.search(self.search_index.get(), &query), false),
                    _ => {
                        self.search_request = Some(query.clone());
                        (listed(), true)
                    }
                };
                self.search = Some(SearchState {
                    query_selected: !query.is_empty(),
                    query,
                    results,
                    selected: 0,
                    pending,
                });
            }
            Action::Back => {
                let current = self.place();
                match self.history.back(current) {
                    Some(place) => self.show_place(place),
                    None => self.notice = Some("nothing to go back to".to_owned()),
                }
            }
            Action::Forward => {
                let current = self.place();
                match self.history.forward(current) {
                    Some(place) => self.show_place(place),
                    None => self.notice = Some("nothing to go forward to".to_owned()),
                }
            }
            Action::Home => self.navigate(self.home_place()),
            Action::OpenStats => self.navigate(Place::Stats),
            Action::StartReview => self.start_review_of(&self.review_scope()),
            _ => match self.screen {
                Screen::Home => self.update_home(action),
                Screen::Lesson => self.update_lesson(action),
                Screen::Compare => self.update_compare(action),
                Screen::Map => self.update_map(action),
                Screen::Check => self.update_check(action),
                Screen::Stats => {
                    if action == Action::Escape {
                        self.close_view();
                        return;
                    }
                    let [_, body, _] = layout::check_areas(Rect::new(0, 0, self.width, self.height));
                    let lines = super::view::check::stats_lines(self, usize::from(body.width), Theme::PLAIN).len();
                    let height = usize::from(body.height);
                    self.stats_scroll = scrolled(self.stats_scroll, action, height, max_scroll(lines, height));
                }
            },
        }
    }

    /// A left click: on home it selects a row (a second click opens it); on a lesson it
    /// follows the link under the pointer, or jumps to a section in the outline.
    fn click(&mut self, x: u16, y: u16) {
        let inside = |area: ratatui::layout::Rect| area.contains(ratatui::layout::Position { x, y });
        match self.screen {
            Screen::Home => {
                let (list, offset) = layout::home_list_area(self.width, self.height, self.home_selected);
                if !inside(list) {
                    return;
                }
                let row = offset + usize::from(y - list.y);
                if self.home_rows.get(row).is_some_and(HomeRow::is_selectable) {
                    if row == self.home_selected {
                        self.update_home(Action::Activate);
                    } else {
                        self.home_selected = row;
                    }
                }
            }
            Screen::Lesson => {
                let (body, outline) = layout::lesson_click_areas(self.width, self.height);
                let Some(lesson) = &mut self.lesson else { return };
                if let Some(outline) = outline.filter(|area| inside(*area)) {
                    // The outline lists sections from its second row (after the border).
                    let index = usize::from(y.saturating_sub(outline.y + 1));
                    if let Some(line) = lesson.wrapped.anchor_line(&lesson.document, index) {
                        lesson.scroll = line;
                        self.clamp_scroll();
                    }
                    return;
                }
                if !inside(body) {
                    return;
                }
                let Some(spans) = lesson.wrapped.lines.get(lesson.scroll + usize::from(y - body.y)) else {
                    return;
                };
                let mut column = usize::from(x - body.x);
                let link = spans.iter().find_map(|span| {
                    let width = span.width();
                    if column < width {
                        return Some(span.link);
                    }
                    column -= width;
                    None
                });
                if let Some(Some(link)) = link {
                    lesson.selected_link = Some(link);
                    self.update_lesson(Action::Activate);
                }
            }
            Screen::Compare | Screen::Map | Screen::Check | Screen::Stats => {}
        }
    }
}

/// A scroll offset after `action` on a screen of text `page` rows high, at most `max`.
pub(super) fn scrolled(scroll: usize, action: Action, page: usize, max: usize) -> usize {
    let next = match action {
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll + 1,
        // Three rows a notch, as on the lists.
        Action::ScrollUp => scroll.saturating_sub(3),
        Action::ScrollDown => scroll + 3,
        Action::PageUp => scroll.saturating_sub(page.saturating_sub(1).max(1)),
        Action::PageDown => scroll + page.saturating_sub(1).max(1),
        Action::HalfPageUp => scroll.saturating_sub((page / 2).max(1)),
        Action::HalfPageDown => scroll + (page / 2).max(1),
        Action::Top => 0,
        Action::Bottom => max,
        _ => scroll,
    };
    next.min(max)
}
