//! [`Searcher`]: search as someone types, each query narrowed from the one it extends.

use super::index::SearchIndex;
use super::rank::{RANKED_FIRST, Results};

/// Searches as someone types: a query that extends an earlier one can only match what that
/// one matched (apart from typos, which are looked up afresh), so only those are matched
/// again; erasing a character returns the results already found for the shorter query.
#[derive(Debug, Clone, Default)]
pub struct Searcher {
    /// Each query's results here extend the one before.
    trail: Vec<Results>,
}

impl Searcher {
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// The results for `query`, the [`RANKED_FIRST`] best ranked.
    pub fn search(&mut self, index: &SearchIndex, query: &str) -> Results {
        self.search_cancellable(index, query, &|| false).unwrap_or_default()
    }

    /// As [`Searcher::search`], but gives up and returns `None` once `cancelled` says so; a
    /// cancelled search leaves nothing behind.
    pub fn search_cancellable(
        &mut self,
        index: &SearchIndex,
        query: &str,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Results> {
        let query = query.trim();
        // Keep only the searches this query extends.
        while self.trail.last().is_some_and(|last| !query.starts_with(last.query())) {
            self.trail.pop();
        }
        if let Some(last) = self.trail.last()
            && last.query() == query
        {
            return Some(last.clone());
        }
        let candidates = self
            .trail
            .last()
            .filter(|last| !last.query().is_empty())
            .map(|last| &last.matched()[..]);
        let results = index.search_among(query, candidates, Some(RANKED_FIRST), cancelled)?;
        self.trail.push(results.clone());
        Some(results)
    }

    /// Ranks the rest of the newest query's results (see [`Results::rank_all`]), unless
    /// `cancelled` says so first, and keeps them for going back to that query. The results,
    /// all ranked, when there was a rest to rank.
    pub fn rank_rest(&mut self, index: &SearchIndex, cancelled: &(dyn Fn() -> bool + Sync)) -> Option<Results> {
        let last = self.trail.last_mut().filter(|last| !last.is_complete())?;
        // A cancelled ranking leaves the results as they were.
        last.rank_rest(index, cancelled).then(|| last.clone())
    }
}
