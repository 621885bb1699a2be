//! What the app shows, for code outside `ui`: the benches and tests read the state through
//! these, and change it as the event loop does, through [`App::update`] and the methods the
//! loop calls between updates (the size, the clock, what the search thread, the store and
//! the loop's body reads hand over), plus the few below that take what the loop takes (a
//! search request, the notice, the effects). Inside `ui` the fields are used directly.

use super::{App, Effect, Place, Progress, Screen};
use crate::content::Library;
use crate::history::History;
use crate::quiz::Stats;
use crate::search::{LazyIndex, Searcher};
use crate::ui::check::CheckState;
use crate::ui::compare::CompareView;
use crate::ui::home::{HomeRow, LessonProgress};
use crate::ui::keymap::Keymap;
use crate::ui::lesson::LessonView;
use crate::ui::map::MapView;
use crate::ui::search::SearchState;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

impl App {
    pub fn library(&self) -> &Arc<Library> {
        &self.library
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The open lesson: the one on screen, or the one a check or map was opened from.
    pub fn lesson(&self) -> Option<&LessonView> {
        self.lesson.as_ref()
    }

    /// The search box, while it is open.
    pub fn search(&self) -> Option<&SearchState> {
        self.search.as_ref()
    }

    /// The check, while one is under way or its summary shows.
    pub fn check(&self) -> Option<&CheckState> {
        self.check.as_deref()
    }

    pub fn compare(&self) -> Option<&CompareView> {
        self.compare.as_ref()
    }

    pub fn map(&self) -> Option<&MapView> {
        self.map.as_ref()
    }

    pub fn home_rows(&self) -> &[HomeRow] {
        &self.home_rows
    }

    /// The selected row of [`App::home_rows`].
    pub fn home_selected(&self) -> usize {
        self.home_selected
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// What each lesson's row shows of progress, by id.
    pub fn lesson_progress(&self) -> &HashMap<String, LessonProgress> {
        &self.lesson_progress
    }

    /// Journey id to the step ids read in it.
    pub fn journey_read(&self) -> &HashMap<String, HashSet<String>> {
        &self.journey_read
    }

    pub fn history(&self) -> &History<Place> {
        &self.history
    }

    /// The status bar's message, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The effects `update` asked for and the event loop has not carried out yet.
    pub fn effects(&self) -> &[Effect] {
        &self.effects
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    pub fn help_open(&self) -> bool {
        self.help_open
    }

    pub fn should_quit(&self) -> bool {
        self.should_quit
    }

    /// The time answers are recorded at and reviews fall due by.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The lesson body's height in lines, at the size last given to [`App::resize`].
    pub fn body_height(&self) -> usize {
        self.body_height
    }

    /// The screen size last given to [`App::resize`].
    pub fn size(&self) -> (u16, u16) {
        (self.width, self.height)
    }

    pub fn search_index(&self) -> &Arc<LazyIndex> {
        &self.search_index
    }

    /// The memory of the last searches, which each keystroke narrows.
    pub fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    pub fn searches_off_thread(&self) -> bool {
        self.search_in_background
    }

    /// Searches from now on run off the UI thread: typing leaves a request for the event
    /// loop ([`App::take_search_request`]), whose answer comes back through
    /// [`App::receive_search`].
    pub fn search_off_thread(&mut self) {
        self.search_in_background = true;
    }

    /// The query waiting to be sent to the background search, taken once.
    pub fn take_search_request(&mut self) -> Option<String> {
        self.search_request.take()
    }

    /// Sets the clock without the side effects of [`App::tick`]: the event loop does so
    /// before each input, and tests fix it.
    pub fn set_now(&mut self, now: DateTime<Utc>) {
        self.now = now;
    }

    /// The status bar's message, taken: the event loop clears it before each input.
    pub fn take_notice(&mut self) -> Option<String> {
        self.notice.take()
    }

    /// The effects asked for, taken for the event loop to carry out.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }
}
