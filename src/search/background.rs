//! The search thread: a [`LazyIndex`] built off the reader's thread, and [`BackgroundSearch`],
//! which matches each newest query there so that typing never waits.

use super::index::SearchIndex;
use super::rank::Results;
use super::searcher::Searcher;
use crate::content::Library;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, mpsc};
use std::time::Duration;

/// A library's [`SearchIndex`], built the first time it is needed: by the search thread as
/// soon as it starts, so that the reader can draw its home before the index exists.
#[derive(Debug)]
pub struct LazyIndex {
    library: Arc<Library>,
    index: OnceLock<SearchIndex>,
}

impl LazyIndex {
    pub fn new(library: Arc<Library>) -> LazyIndex {
        LazyIndex {
            library,
            index: OnceLock::new(),
        }
    }

    /// The index, built now if it is not yet; a caller that comes while another thread is
    /// building it waits for that build.
    pub fn get(&self) -> &SearchIndex {
        self.index.get_or_init(|| SearchIndex::new(&self.library))
    }

    /// The index if it is built already.
    pub fn ready(&self) -> Option<&SearchIndex> {
        self.index.get()
    }
}

/// The results for one query, from [`BackgroundSearch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchAnswer {
    pub query: String,
    pub results: Results,
}

/// Searches on a thread of its own, so that typing never waits for matching. Each request
/// supersedes the ones before it: a search still running for an older query stops at its
/// next check, and only the newest query's hits are ever handed back. The best results come
/// first; while no newer request comes, the thread then ranks the rest and hands the query's
/// results back again, all ranked, so scrolling far need not rank them on the reader's
/// thread.
#[derive(Debug)]
pub struct BackgroundSearch {
    requests: mpsc::Sender<(u64, String)>,
    answers: mpsc::Receiver<(u64, SearchAnswer)>,
    /// The generation of the newest request; a search for any other one is stale.
    latest: Arc<AtomicU64>,
}

impl BackgroundSearch {
    /// Starts the search thread, which builds the index first if nothing has. It ends when
    /// this value is dropped.
    pub fn start(index: Arc<LazyIndex>) -> std::io::Result<BackgroundSearch> {
        let (requests, incoming) = mpsc::channel::<(u64, String)>();
        let (outgoing, answers) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        std::thread::Builder::new()
            .name("lexicon-search".to_owned())
            .spawn(move || {
                let index = index.get();
                let mut searcher = Searcher::new();
                while let Ok(mut request) = incoming.recv() {
                    // Skip straight to the newest request waiting.
                    while let Ok(newer) = incoming.try_recv() {
                        request = newer;
                    }
                    let (generation, query) = request;
                    let stale = || newest.load(Ordering::Acquire) != generation;
                    if let Some(results) = searcher.search_cancellable(index, &query, &stale) {
                        let complete = results.is_complete();
                        // The reader has gone when this fails; the loop then ends on recv.
                        let _ = outgoing.send((
                            generation,
                            SearchAnswer {
                                query: query.clone(),
                                results,
                            },
                        ));
                        if !complete && let Some(results) = searcher.rank_rest(index, &stale) {
                            let _ = outgoing.send((generation, SearchAnswer { query, results }));
                        }
                    }
                }
            })?;
        Ok(BackgroundSearch {
            requests,
            answers,
            latest,
        })
    }

    /// Asks for `query`'s hits, superseding every earlier request.
    pub fn request(&self, query: &str) {
        let generation = self.latest.fetch_add(1, Ordering::AcqRel) + 1;
        // A send fails only when the thread has ended, and then no answer can come anyway.
        let _ = self.requests.send((generation, query.to_owned()));
    }

    /// The newest request's hits, if they are ready; older ones are dropped.
    pub fn try_answer(&self) -> Option<SearchAnswer> {
        self.current(self.answers.try_iter())
    }

    /// Waits up to `timeout` for the newest request's hits.
    pub fn wait_answer(&self, timeout: Duration) -> Option<SearchAnswer> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let (generation, answer) = self.answers.recv_timeout(left).ok()?;
            if generation == self.latest.load(Ordering::Acquire) {
                return Some(answer);
            }
        }
    }

    fn current(&self, arrived: impl Iterator<Item = (u64, SearchAnswer)>) -> Option<SearchAnswer> {
        let latest = self.latest.load(Ordering::Acquire);
        arrived
            .filter(|(generation, _)| *generation == latest)
            .last()
            .map(|(_, found)| found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_bundled;

    #[test]
    fn the_background_search_answers_only_the_newest_query() {
        let library = Arc::new(load_bundled().library);
        let lazy = Arc::new(LazyIndex::new(Arc::clone(&library)));
        assert!(lazy.ready().is_none(), "nothing is built until it is needed");
        let background = BackgroundSearch::start(Arc::clone(&lazy)).expect("a search thread");
        // Built from scratch here, to compare with what the thread built.
        let index = SearchIndex::new(&library);
        for query in ["b", "ba", "bac", "back", "backup"] {
            background.request(query);
        }
        let found = background.wait_answer(Duration::from_secs(10)).expect("an answer");
        assert_eq!(found.query, "backup");
        assert_eq!(found.results.ranked(), index.search("backup"));
        // Nothing older arrives afterwards.
        assert_eq!(background.wait_answer(Duration::from_millis(100)), None);
        background.request("phish");
        let found = background.wait_answer(Duration::from_secs(10)).expect("an answer");
        assert_eq!(
            (found.query.as_str(), found.results.ranked()),
            ("phish", index.search("phish").as_slice())
        );
    }
}
