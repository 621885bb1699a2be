//! The reader's state and `update`, the one place where actions change it.
//!
//! The state is plain data: which screen is showing, the home list's selection, the open
//! lesson (its document, the layout at the current width, scroll and link selection), the
//! history, and a notice for the status bar. The event loop tells the state the size of the
//! screen with [`App::resize`] before each draw, which is when lessons are re-wrapped; the
//! view itself only reads.

use super::check::CheckState;
use super::check_view::{self, max_scroll};
use super::home::{Grouping, HomeRow, first_selectable, home_rows, next_selectable};
use super::keymap::{Action, Layer};
use super::theme::Theme;
use super::view;
use crate::content::{Body, BodyError, Library, LoadReport};
use crate::document::{Document, LinkTarget, Wrapped};
use crate::history::History;
use crate::lesson::lesson_document_with;
use crate::quiz::{AnswerRecord, CardState, StatementKey, Stats};
use crate::search::{Hit, LazyIndex, Results, Searcher};
use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Home,
    Lesson,
    Compare,
    Map,
    Check,
    Stats,
}

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

/// The notice a load with problems gets on the home screen.
pub fn load_notice(skipped_files: usize, errors: usize) -> Option<String> {
    (skipped_files > 0 || errors > 0).then(|| {
        format!(
            "{} content {} skipped, {} {}: run `lexicon check` for details",
            skipped_files,
            if skipped_files == 1 { "file" } else { "files" },
            errors,
            if errors == 1 { "error" } else { "errors" },
        )
    })
}

/// Something `update` asks the event loop to write to the store. Keeping writes out of
/// `update` keeps it testable without a database.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    RecordAnswer(AnswerRecord),
    MarkStepRead { journey: String, step: String },
    RememberLesson(String),
}

/// A place in the history: enough to come back to exactly what was on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// Home, with the row that was selected (rows move as progress changes, so the row
    /// itself is kept, not its position).
    Home {
        row: Option<HomeRow>,
    },
    Lesson {
        id: String,
        top_block: usize,
        selected_link: Option<usize>,
        faq_open: Vec<bool>,
        journey: Option<JourneyStep>,
    },
    Compare(CompareView),
    Map(MapView),
    Check(Box<CheckState>),
    Stats,
}

impl Place {
    /// The top of a lesson, with every question open.
    pub fn lesson(id: &str) -> Place {
        Place::Lesson {
            id: id.to_owned(),
            top_block: 0,
            selected_link: None,
            faq_open: Vec::new(),
            journey: None,
        }
    }
}

/// Two terms side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareView {
    pub left: String,
    pub right: String,
    /// The table's rows (aspect, left, right), read once when the view opens, or why they
    /// could not be read.
    pub rows: Result<Vec<(String, String, String)>, String>,
    pub scroll: usize,
}

/// A node of the semantic map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapNode {
    Centre,
    Related(usize),
    LinkedFrom(usize),
}

/// A term and its neighbourhood: its related terms, and the terms that link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapView {
    pub centre: String,
    pub related: Vec<String>,
    /// Terms that link here but are not already among `related`.
    pub linked_from: Vec<String>,
    pub selected: MapNode,
}

impl MapView {
    pub fn new(library: &Library, id: &str) -> Option<MapView> {
        let entry = library.get(id)?;
        let related = entry.related.clone();
        // A set: a hub related to tens of thousands of terms froze the map for seconds when
        // each backlink scanned the list.
        let listed: HashSet<&str> = related.iter().map(String::as_str).collect();
        let linked_from = library
            .linked_from(id)
            .into_iter()
            .filter(|other| !listed.contains(other.id.as_str()))
            .map(|other| other.id.clone())
            .collect();
        Some(MapView {
            centre: id.to_owned(),
            related,
            linked_from,
            selected: MapNode::Centre,
        })
    }

    /// The id of the selected node.
    pub fn selected_id(&self) -> Option<&str> {
        match self.selected {
            MapNode::Centre => Some(&self.centre),
            MapNode::Related(i) => self.related.get(i).map(String::as_str),
            MapNode::LinkedFrom(i) => self.linked_from.get(i).map(String::as_str),
        }
    }

    /// Moves the selection: Left goes to the "linked from" column, Right to "related",
    /// Up and Down within a column; from a side column, the opposite arrow returns to the
    /// centre.
    fn step(&mut self, action: Action) {
        let clamp = |i: usize, len: usize| i.min(len.saturating_sub(1));
        self.selected = match (self.selected, action) {
            (MapNode::Centre, Action::Right) if !self.related.is_empty() => MapNode::Related(0),
            (MapNode::Centre, Action::Left) if !self.linked_from.is_empty() => MapNode::LinkedFrom(0),
            (MapNode::Related(_), Action::Left) | (MapNode::LinkedFrom(_), Action::Right) => MapNode::Centre,
            (MapNode::Related(i), Action::Up) => MapNode::Related(i.saturating_sub(1)),
            (MapNode::Related(i), Action::Down) => MapNode::Related(clamp(i + 1, self.related.len())),
            (MapNode::LinkedFrom(i), Action::Up) => MapNode::LinkedFrom(i.saturating_sub(1)),
            (MapNode::LinkedFrom(i), Action::Down) => MapNode::LinkedFrom(clamp(i + 1, self.linked_from.len())),
            (node, _) => node,
        };
    }
}

/// A lesson read as a step of a journey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JourneyStep {
    pub journey: String,
    /// 0-based.
    pub step: usize,
}

/// The search box and its results.
#[derive(Debug, Clone, Default)]
pub struct SearchState {
    pub query: String,
    /// The results for `query`, or, while `pending`, for the query before it. The rows that
    /// can be on screen are always ranked (see [`App::rank_what_shows`]).
    pub results: Results,
    pub selected: usize,
    /// A background search for `query` has not answered yet.
    pub pending: bool,
    /// The query is the one kept from the last search, selected: typing replaces it.
    pub query_selected: bool,
}

/// An open lesson.
#[derive(Debug, Clone)]
pub struct LessonView {
    pub id: String,
    /// The rest of the lesson as read when it opened (or why it could not be): the page keeps
    /// showing that, and opening or closing a question does not read the file again.
    pub body: Result<Arc<Body>, BodyError>,
    pub document: Document,
    pub wrapped: Wrapped,
    /// The first visible line.
    pub scroll: usize,
    pub selected_link: Option<usize>,
    pub faq_open: Vec<bool>,
    pub journey: Option<JourneyStep>,
}

impl LessonView {
    /// The block at the top of the view, which is what stays put across re-wraps.
    fn top_block(&self) -> usize {
        self.wrapped
            .block_lines
            .partition_point(|&start| start <= self.scroll)
            .saturating_sub(1)
    }
}

#[derive(Debug, Clone)]
pub struct App {
    pub library: Arc<Library>,
    /// Prepared once per library; shared, since it never changes.
    /// Built on first use, or by the search thread at start for a large library.
    pub search_index: Arc<LazyIndex>,
    /// Remembers the last searches, so that each keystroke narrows the one before.
    pub searcher: Searcher,
    /// Searches run off the UI thread: the event loop takes [`App::search_request`] and hands
    /// the answer to [`App::receive_search`]. Set for libraries large enough for matching to
    /// cost more than a frame.
    pub search_in_background: bool,
    /// The query waiting to be sent to the background search.
    pub search_request: Option<String>,
    /// The query in the search box when it last closed, which reopening it brings back.
    last_query: String,
    /// The widest title, in columns: the home list's column width. Kept, not measured per
    /// frame, since the library never changes under a running app.
    pub title_width: usize,
    pub screen: Screen,
    /// The selected row of [`App::home_rows`].
    pub home_selected: usize,
    pub home_rows: Vec<HomeRow>,
    pub grouping: Grouping,
    /// The lesson opened last, for "Continue".
    pub last_lesson: Option<String>,
    /// Journey id to the step ids read in it.
    pub journey_read: HashMap<String, HashSet<String>>,
    pub lesson: Option<LessonView>,
    pub history: History<Place>,
    pub help_open: bool,
    pub search: Option<SearchState>,
    pub compare: Option<CompareView>,
    pub map: Option<MapView>,
    pub check: Option<Box<CheckState>>,
    pub progress: Progress,
    /// Statistics over `progress.answers`, recomputed when an answer comes in
    /// ([`App::refresh_stats`]), not on every frame: the exact test behind the verdict
    /// grows with the square of the answers.
    pub stats: Stats,
    /// How far the stats screen is scrolled.
    pub stats_scroll: usize,
    /// Writes waiting for the event loop.
    pub effects: Vec<Effect>,
    /// The time answers are recorded at; the event loop sets it, tests fix it.
    pub now: DateTime<Utc>,
    pub notice: Option<String>,
    pub should_quit: bool,
    /// The size of the lesson body, set by [`App::resize`].
    pub body_width: usize,
    pub body_height: usize,
    /// The whole screen size.
    pub width: u16,
    pub height: u16,
}

impl App {
    pub fn new(report: LoadReport, start: Option<String>) -> App {
        let notice = load_notice(report.skipped_files, report.errors());
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
            last_lesson: None,
            journey_read: HashMap::new(),
            lesson: None,
            history: History::default(),
            help_open: false,
            search: None,
            compare: None,
            map: None,
            check: None,
            progress: Progress::default(),
            stats: Stats::compute(&[], |_| &[][..], &chrono::Local),
            stats_scroll: 0,
            effects: Vec::new(),
            now: Utc::now(),
            notice,
            should_quit: false,
            body_width: 80,
            body_height: 20,
            width: 80,
            height: 24,
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
        let journey_read = &self.journey_read;
        let due = self.due_keys().len();
        self.home_rows = home_rows(
            &self.library,
            self.grouping,
            self.last_lesson.as_deref(),
            due,
            &|journey| journey_read.get(journey).cloned().unwrap_or_default(),
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
        let body = view::lesson_body_size(width, height);
        self.body_width = body.0;
        self.body_height = body.1;
        let body_width = self.body_width;
        if let Some(check) = &mut self.check {
            let [_, body, _] = super::check_view::check_areas(ratatui::layout::Rect::new(0, 0, width, height));
            check.rewrap(usize::from(body.width));
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

    /// Ranks the rest of the search results once the selection, or the rows on screen, come
    /// near the end of those ranked: a keystroke ranks only the best few hundred, and the
    /// rest wait until someone scrolls that far.
    pub fn rank_what_shows(&mut self) {
        let Some(state) = &mut self.search else { return };
        if state.results.is_complete() {
            return;
        }
        let (list, _) = view::search_list_area(self.width, self.height, state.selected);
        // A page of rows past the selection, as Page Down goes, and the page on screen.
        let needed = state.selected + 2 * usize::from(list.height) + 1;
        if needed > state.results.ranked().len() {
            state.results.rank_all(self.search_index.get());
        }
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
        last_lesson: Option<String>,
    ) {
        self.progress = progress;
        self.journey_read = journey_read;
        if self.last_lesson.is_none() {
            self.last_lesson = last_lesson;
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
    }

    /// When the next statement falls due, if none is due now.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.progress.next_due(self.now)
    }

    /// The statements due for review now, most overdue first, but none whose other side was
    /// answered today: one source of truth for the home's Review row and for `r`.
    pub fn due_keys(&self) -> Vec<StatementKey> {
        let answered_today = self.answered_today();
        let mut due = self.progress.due_keys(self.now);
        due.retain(|key| !crate::quiz::held_back(key, &answered_today));
        due
    }

    /// The statements answered since local midnight.
    pub fn answered_today(&self) -> HashSet<StatementKey> {
        use chrono::Local;
        let today = self.now.with_timezone(&Local).date_naive();
        self.progress
            .answers
            .iter()
            .rev()
            .take_while(|answer| answer.answered_at.with_timezone(&Local).date_naive() >= today)
            .map(|answer| answer.key.clone())
            .collect()
    }

    fn home_place(&self) -> Place {
        Place::Home {
            row: self.home_rows.get(self.home_selected).cloned(),
        }
    }

    /// The current place, for the history.
    pub(super) fn place(&self) -> Place {
        match (&self.screen, &self.lesson) {
            (Screen::Lesson, Some(lesson)) => Place::Lesson {
                id: lesson.id.clone(),
                top_block: lesson.top_block(),
                selected_link: lesson.selected_link,
                faq_open: lesson.faq_open.clone(),
                journey: lesson.journey.clone(),
            },
            (Screen::Compare, _) if let Some(view) = &self.compare => Place::Compare(view.clone()),
            (Screen::Map, _) if let Some(view) = &self.map => Place::Map(view.clone()),
            (Screen::Check, _) if let Some(check) = &self.check => Place::Check(check.clone()),
            (Screen::Stats, _) => Place::Stats,
            _ => self.home_place(),
        }
    }

    pub(super) fn show_place(&mut self, place: Place) {
        match place {
            Place::Check(check) => {
                self.check = Some(check);
                self.screen = Screen::Check;
            }
            Place::Stats => {
                self.screen = Screen::Stats;
                self.stats_scroll = 0;
            }
            Place::Compare(view) => {
                self.compare = Some(view);
                self.screen = Screen::Compare;
            }
            Place::Map(view) => {
                self.map = Some(view);
                self.screen = Screen::Map;
            }
            Place::Home { row } => {
                self.screen = Screen::Home;
                self.rebuild_home_selecting(row);
            }
            Place::Lesson {
                id,
                top_block,
                selected_link,
                faq_open,
                journey,
            } => {
                let Some(entry) = self.library.get(&id) else {
                    self.notice = Some(format!("no lesson named `{id}`"));
                    return;
                };
                let body = self.library.body(entry);
                let faqs = body.as_ref().map_or(0, |body| body.faqs.len());
                let faq_open = if faq_open.len() == faqs {
                    faq_open
                } else {
                    vec![true; faqs]
                };
                let document = lesson_document_with(entry, body.as_deref(), &self.library, &|index| {
                    faq_open.get(index).copied().unwrap_or(true)
                });
                let wrapped = document.wrap(self.body_width);
                let scroll = wrapped.block_lines.get(top_block).copied().unwrap_or(0);
                if let Some(step) = &journey {
                    let newly_read = self
                        .journey_read
                        .entry(step.journey.clone())
                        .or_default()
                        .insert(id.clone());
                    if newly_read {
                        self.effects.push(Effect::MarkStepRead {
                            journey: step.journey.clone(),
                            step: id.clone(),
                        });
                    }
                }
                if self.last_lesson.as_deref() != Some(id.as_str()) {
                    self.last_lesson = Some(id.clone());
                    self.effects.push(Effect::RememberLesson(id.clone()));
                }
                self.lesson = Some(LessonView {
                    id,
                    body,
                    document,
                    wrapped,
                    scroll,
                    selected_link,
                    faq_open,
                    journey,
                });
                self.screen = Screen::Lesson;
                self.clamp_scroll();
            }
        }
    }

    /// Goes to a new place, recording the current one in the history.
    pub(super) fn navigate(&mut self, place: Place) {
        let current = self.place();
        if current == place {
            return;
        }
        self.history.visit(current);
        self.show_place(place);
    }

    pub fn open_lesson(&mut self, id: &str) {
        self.navigate(Place::lesson(id));
    }

    /// Opens step `step` of a journey.
    pub fn open_journey_step(&mut self, journey: &str, step: usize) {
        let Some(id) = self.library.journey(journey).and_then(|j| j.steps.get(step)).cloned() else {
            return;
        };
        let journey = Some(JourneyStep {
            journey: journey.to_owned(),
            step,
        });
        self.navigate(Place::Lesson {
            id,
            top_block: 0,
            selected_link: None,
            faq_open: Vec::new(),
            journey,
        });
    }

    /// What receives keys: an open overlay, else the screen.
    pub fn key_layer(&self) -> Layer {
        if self.help_open {
            Layer::Help
        } else if self.search.is_some() {
            Layer::Search
        } else {
            Layer::Screen(self.screen)
        }
    }

    /// Carries out one action.
    pub fn update(&mut self, action: Action) {
        if action == Action::Quit {
            self.should_quit = true;
            return;
        }
        if action == Action::ToggleHelp {
            self.help_open = !self.help_open;
            return;
        }
        if self.help_open {
            self.help_open = false;
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
            Action::StartReview => self.start_review(),
            _ => match self.screen {
                Screen::Home => self.update_home(action),
                Screen::Lesson => self.update_lesson(action),
                Screen::Compare => self.update_compare(action),
                Screen::Map => self.update_map(action),
                Screen::Check => self.update_check(action),
                Screen::Stats => {
                    if action == Action::Escape {
                        self.navigate(self.home_place());
                        return;
                    }
                    let [_, body, _] = check_view::check_areas(Rect::new(0, 0, self.width, self.height));
                    let lines = check_view::stats_lines(self, usize::from(body.width), Theme { color: false }).len();
                    let height = usize::from(body.height);
                    self.stats_scroll = scrolled(self.stats_scroll, action, height, max_scroll(lines, height));
                }
            },
        }
    }

    fn update_search(&mut self, action: Action) {
        let Some(state) = &mut self.search else { return };
        let (list, offset) = view::search_list_area(self.width, self.height, state.selected);
        let page = usize::from(list.height).max(1);
        let last = state.results.len().saturating_sub(1);
        // Any key but typing keeps the kept query as it is.
        let replace_query = std::mem::take(&mut state.query_selected);
        match action {
            Action::Escape => {
                self.last_query = std::mem::take(&mut state.query);
                self.search = None;
            }
            // Three rows a notch, as on the home list.
            Action::ScrollUp => state.selected = state.selected.saturating_sub(3),
            Action::ScrollDown => state.selected = (state.selected + 3).min(last),
            // A click selects a result; a click on the selected one opens it.
            Action::Click { x, y } => {
                if !list.contains(ratatui::layout::Position { x, y }) {
                    return;
                }
                let row = offset + usize::from(y - list.y);
                let Some(hit) = state.results.get(row) else { return };
                if row == state.selected {
                    // The result clicked, as drawn, even while an answer for a newer query is
                    // on its way (Enter waits for that one instead).
                    self.open_search_hit(hit);
                } else {
                    state.selected = row;
                }
            }
            Action::Type(_) | Action::Erase | Action::EraseWord | Action::ClearQuery => {
                if replace_query {
                    state.query.clear();
                }
                match action {
                    Action::Type(c) => state.query.push(c),
                    Action::Erase => {
                        state.query.pop();
                    }
                    Action::EraseWord => erase_last_word(&mut state.query),
                    _ => state.query.clear(),
                }
                if self.search_in_background {
                    // The old hits stay on screen, marked as searching, until the answer.
                    state.pending = true;
                    self.search_request = Some(state.query.clone());
                } else {
                    state.results = self.searcher.search(self.search_index.get(), &state.query);
                    state.selected = 0;
                }
            }
            Action::Up => state.selected = state.selected.saturating_sub(1),
            Action::Down => state.selected = (state.selected + 1).min(last),
            Action::PageUp => state.selected = state.selected.saturating_sub(page),
            Action::PageDown => state.selected = (state.selected + page).min(last),
            Action::Activate => {
                if state.pending {
                    // Enter opens the best hit of what was typed, so it waits for it here.
                    state.results = self.searcher.search(self.search_index.get(), &state.query);
                    state.selected = 0;
                    state.pending = false;
                }
                let Some(hit) = state.results.get(state.selected) else {
                    self.notice = Some(format!("no term matches `{}`", state.query));
                    return;
                };
                self.open_search_hit(hit);
            }
            _ => {}
        }
    }

    /// Closes search and opens the lesson of `hit`.
    fn open_search_hit(&mut self, hit: Hit) {
        let id = self.library.entries()[hit.index].id.clone();
        if let Some(search) = self.search.take() {
            self.last_query = search.query;
        }
        self.open_lesson(&id);
    }

    /// Takes a background search's answer. Answers for any query but the one in the box are
    /// dropped: the box has moved on. A second answer for the query on screen, with the rest
    /// of its results ranked, replaces the first and keeps the selection: it begins with the
    /// same results in the same order.
    pub fn receive_search(&mut self, query: &str, results: Results) {
        if let Some(state) = &mut self.search
            && state.query == query
        {
            if state.pending {
                state.results = results;
                state.selected = 0;
                state.pending = false;
            } else if !state.results.is_complete() && results.is_complete() && results.len() == state.results.len() {
                state.results = results;
            }
        }
        self.rank_what_shows();
    }

    /// Whether an answer from the search thread is still to come for what is on screen: the
    /// results of the query typed, or the rest of them ranked.
    pub fn awaits_search(&self) -> bool {
        self.search
            .as_ref()
            .is_some_and(|search| search.pending || (self.search_in_background && !search.results.is_complete()))
    }

    fn update_home(&mut self, action: Action) {
        let rows = &self.home_rows;
        if rows.is_empty() {
            return;
        }
        let page = usize::from(self.height.saturating_sub(6)).max(1);
        let move_by = |count: usize, step: isize| {
            let mut at = self.home_selected;
            for _ in 0..count {
                at = next_selectable(rows, at, step);
            }
            at
        };
        match action {
            Action::Up => self.home_selected = move_by(1, -1),
            Action::Down => self.home_selected = move_by(1, 1),
            Action::PageUp => self.home_selected = move_by(page, -1),
            Action::PageDown => self.home_selected = move_by(page, 1),
            Action::Top => self.home_selected = first_selectable(rows),
            Action::Bottom => self.home_selected = move_by(rows.len(), 1),
            Action::ToggleGrouping => {
                self.grouping = self.grouping.toggled();
                self.rebuild_home();
            }
            Action::Activate => match self.home_rows.get(self.home_selected).cloned() {
                Some(HomeRow::Continue(id)) => self.open_lesson(&id),
                Some(HomeRow::Term(index)) => {
                    let id = self.library.entries()[index].id.clone();
                    self.open_lesson(&id);
                }
                Some(HomeRow::Journey { id, .. }) => {
                    // Resume at the first unread step.
                    let read = self.journey_read.get(&id).cloned().unwrap_or_default();
                    let step = self
                        .library
                        .journey(&id)
                        .and_then(|journey| journey.steps.iter().position(|step| !read.contains(step)))
                        .unwrap_or(0);
                    self.open_journey_step(&id, step);
                }
                Some(HomeRow::Review(_)) => self.start_review(),
                Some(HomeRow::Heading(_)) | None => {}
            },
            // A check taken before the lesson is read tests what the reader already knew.
            Action::StartCheck => match self.home_rows.get(self.home_selected).cloned() {
                Some(HomeRow::Term(index)) => {
                    let id = self.library.entries()[index].id.clone();
                    self.start_check(&id);
                }
                Some(HomeRow::Continue(id)) => self.start_check(&id),
                _ => self.notice = Some("select a term to take its check".to_owned()),
            },
            _ => {}
        }
    }

    fn update_compare(&mut self, action: Action) {
        let page = usize::from(self.height.saturating_sub(4)).max(1);
        let Some(view) = &mut self.compare else { return };
        match action {
            Action::Escape => self.navigate(self.home_place()),
            Action::Up => view.scroll = view.scroll.saturating_sub(1),
            Action::Down => view.scroll += 1,
            Action::PageUp => view.scroll = view.scroll.saturating_sub(page),
            Action::PageDown => view.scroll += page,
            Action::Top => view.scroll = 0,
            Action::Bottom => view.scroll = usize::MAX,
            _ => {}
        }
        // Clamp against the table as drawn at this width.
        let lines = view::compare_line_count(self);
        if let Some(view) = &mut self.compare {
            view.scroll = view.scroll.min(lines.saturating_sub(page));
        }
    }

    fn update_map(&mut self, action: Action) {
        let Some(view) = &mut self.map else { return };
        match action {
            Action::Escape => self.navigate(self.home_place()),
            Action::Activate => {
                if let Some(id) = view.selected_id().map(str::to_owned) {
                    self.open_lesson(&id);
                }
            }
            Action::Up | Action::Down | Action::Left | Action::Right => view.step(action),
            _ => {}
        }
    }

    /// A left click: on home it selects a row (a second click opens it); on a lesson it
    /// follows the link under the pointer, or jumps to a section in the outline.
    fn click(&mut self, x: u16, y: u16) {
        let inside = |area: ratatui::layout::Rect| area.contains(ratatui::layout::Position { x, y });
        match self.screen {
            Screen::Home => {
                let (list, offset) = view::home_list_area(self.width, self.height, self.home_selected);
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
                let (body, outline) = view::lesson_click_areas(self.width, self.height);
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

    /// Opens the comparison of the open lesson with its first partner.
    fn open_compare(&mut self) {
        let Some(lesson) = &self.lesson else { return };
        let Some(entry) = self.library.get(&lesson.id) else {
            return;
        };
        match crate::compare::partners(&self.library, entry).first() {
            Some(other) => {
                let rows = match crate::compare::between(&self.library, entry, other) {
                    Ok(Some(side_by_side)) => Ok(side_by_side.rows),
                    Ok(None) => Err(format!("{} has no comparison with {}", entry.title, other.title)),
                    Err(error) => Err(format!("The comparison could not be read: {error}.")),
                };
                let view = CompareView {
                    left: entry.id.clone(),
                    right: other.id.clone(),
                    rows,
                    scroll: 0,
                };
                self.navigate(Place::Compare(view));
            }
            None => self.notice = Some(format!("{} has no comparisons", entry.title)),
        }
    }

    fn update_lesson(&mut self, action: Action) {
        let page = self.body_height.max(1);
        let Some(lesson) = &mut self.lesson else { return };
        match action {
            Action::Escape => {
                self.navigate(self.home_place());
                return;
            }
            Action::Up => lesson.scroll = lesson.scroll.saturating_sub(1),
            Action::Down => lesson.scroll += 1,
            Action::PageUp => lesson.scroll = lesson.scroll.saturating_sub(page.saturating_sub(1).max(1)),
            Action::PageDown => lesson.scroll += page.saturating_sub(1).max(1),
            Action::Top => lesson.scroll = 0,
            Action::Bottom => lesson.scroll = usize::MAX,
            Action::OpenCompare => {
                self.open_compare();
                return;
            }
            Action::StartCheck => {
                let id = lesson.id.clone();
                self.start_check(&id);
                return;
            }
            Action::OpenMap => {
                let id = lesson.id.clone();
                if let Some(view) = MapView::new(&self.library, &id) {
                    self.navigate(Place::Map(view));
                }
                return;
            }
            Action::NextStep | Action::PreviousStep => {
                let Some(JourneyStep { journey, step }) = lesson.journey.clone() else {
                    self.notice = Some("n and p move through a journey; open one from home".to_owned());
                    return;
                };
                let total = self.library.journey(&journey).map_or(0, |j| j.steps.len());
                let target = if action == Action::NextStep {
                    step + 1
                } else {
                    step.wrapping_sub(1)
                };
                if target >= total {
                    self.notice = Some(if action == Action::NextStep {
                        "that was the last step of this journey".to_owned()
                    } else {
                        "this is the first step".to_owned()
                    });
                    return;
                }
                self.open_journey_step(&journey, target);
                return;
            }
            Action::NextLink | Action::PreviousLink => {
                let count = lesson.document.links.len();
                if count == 0 {
                    self.notice = Some("this lesson has no links".to_owned());
                    return;
                }
                lesson.selected_link = Some(match (lesson.selected_link, action) {
                    (None, Action::NextLink) => first_link_from(&lesson.wrapped, lesson.scroll).unwrap_or(0),
                    (None, _) => count - 1,
                    (Some(current), Action::NextLink) => (current + 1) % count,
                    (Some(current), _) => (current + count - 1) % count,
                });
                reveal_link(lesson, page);
            }
            Action::Activate => {
                let Some(link) = lesson.selected_link.and_then(|index| lesson.document.links.get(index)) else {
                    self.notice = Some("press Tab to select a link first".to_owned());
                    return;
                };
                match link.target.clone() {
                    LinkTarget::Entry(id) => self.open_lesson(&id),
                    LinkTarget::Broken(name) => self.notice = Some(format!("no lesson named `{name}`")),
                    LinkTarget::ToggleFaq(index) => self.toggle_faq(index),
                }
                return;
            }
            Action::NextSection | Action::PreviousSection | Action::Section(_) => {
                let anchors = lesson.document.anchors.len();
                let current = lesson.wrapped.anchor_at(&lesson.document, lesson.scroll).unwrap_or(0);
                let at_current_start = lesson.wrapped.anchor_line(&lesson.document, current) == Some(lesson.scroll);
                let target = match action {
                    Action::NextSection => (current + 1).min(anchors.saturating_sub(1)),
                    Action::PreviousSection if at_current_start => current.saturating_sub(1),
                    Action::PreviousSection => current,
                    Action::Section(n) => {
                        let title = crate::lesson::SECTIONS.get(n).copied().unwrap_or_default();
                        match lesson.document.anchors.iter().position(|anchor| anchor.title == title) {
                            Some(found) => found,
                            None => {
                                self.notice = Some(format!("this lesson has no {title} section"));
                                return;
                            }
                        }
                    }
                    _ => current,
                };
                if let Some(line) = lesson.wrapped.anchor_line(&lesson.document, target) {
                    lesson.scroll = line;
                }
            }
            _ => {}
        }
        self.clamp_scroll();
    }

    fn toggle_faq(&mut self, index: usize) {
        let Some(lesson) = &mut self.lesson else { return };
        let Some(entry) = self.library.get(&lesson.id) else {
            return;
        };
        if let Some(open) = lesson.faq_open.get_mut(index) {
            *open = !*open;
        }
        let faq_open = lesson.faq_open.clone();
        let top_block = lesson.top_block();
        lesson.document = lesson_document_with(entry, lesson.body.as_deref(), &self.library, &|i| {
            faq_open.get(i).copied().unwrap_or(true)
        });
        lesson.wrapped = lesson.document.wrap(self.body_width);
        lesson.scroll = lesson.wrapped.block_lines.get(top_block).copied().unwrap_or(0);
        self.clamp_scroll();
    }

    fn clamp_scroll(&mut self) {
        let height = self.body_height.max(1);
        if let Some(lesson) = &mut self.lesson {
            let max = lesson.wrapped.lines.len().saturating_sub(height);
            lesson.scroll = lesson.scroll.min(max);
        }
    }
}

/// The first link at or below `line`.
fn first_link_from(wrapped: &Wrapped, line: usize) -> Option<usize> {
    wrapped.link_lines.iter().position(|at| at.is_some_and(|at| at >= line))
}

/// Scrolls so the selected link is on screen, with a line of context when possible.
fn reveal_link(lesson: &mut LessonView, page: usize) {
    let Some(line) = lesson
        .selected_link
        .and_then(|link| lesson.wrapped.link_lines.get(link).copied().flatten())
    else {
        return;
    };
    if line < lesson.scroll {
        lesson.scroll = line.saturating_sub(1);
    } else if line >= lesson.scroll + page {
        lesson.scroll = (line + 2).saturating_sub(page);
    }
}

/// Erases the last word of `query` and any spaces after it, as Ctrl-w does in a shell.
fn erase_last_word(query: &mut String) {
    let kept = query.trim_end().trim_end_matches(|c: char| !c.is_whitespace()).len();
    query.truncate(kept);
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
        Action::Top => 0,
        Action::Bottom => max,
        _ => scroll,
    };
    next.min(max)
}
