//! The search screen's state and keys: the query, its results as they come from the
//! searcher (on this thread or the background one), the selection, and opening a result.

use super::app::{App, setting};
use super::keymap::Action;
use super::layout;
use crate::search::{Hit, Results};

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

impl App {
    /// Ranks the rest of the search results once the selection, or the rows on screen, come
    /// near the end of those ranked: a keystroke ranks only the best few hundred, and the
    /// rest wait until someone scrolls that far.
    pub fn rank_what_shows(&mut self) {
        let Some(state) = &mut self.search else { return };
        if state.results.is_complete() {
            return;
        }
        let (list, _) = layout::search_list_area(self.width, self.height, state.selected);
        // A page of rows past the selection, as Page Down goes, and the page on screen.
        let needed = state.selected + 2 * usize::from(list.height) + 1;
        if needed > state.results.ranked().len() {
            state.results.rank_all(self.search_index.get());
        }
    }

    pub(super) fn update_search(&mut self, action: Action) {
        let Some(state) = &mut self.search else { return };
        let (list, offset) = layout::search_list_area(self.width, self.height, state.selected);
        let page = usize::from(list.height).max(1);
        let last = state.results.len().saturating_sub(1);
        // Any key but typing keeps the kept query as it is.
        let replace_query = std::mem::take(&mut state.query_selected);
        match action {
            Action::Escape => {
                self.last_query = std::mem::take(&mut state.query);
                self.remember(setting::LAST_QUERY, self.last_query.clone());
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
                    state.pending = false;
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
    pub(super) fn open_search_hit(&mut self, hit: Hit) {
        let id = self.library.entries()[hit.index].id.clone();
        if let Some(search) = self.search.take() {
            self.last_query = search.query;
            self.remember(setting::LAST_QUERY, self.last_query.clone());
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
}

/// Erases the last word of `query` and any spaces after it, as Ctrl-w does in a shell.
fn erase_last_word(query: &mut String) {
    let kept = query.trim_end().trim_end_matches(|c: char| !c.is_whitespace()).len();
    query.truncate(kept);
}
