//! Search on a library larger than one keystroke ranks: typing ranks the tiers that hold the
//! best [`RANKED_FIRST`] results, and the rest when someone scrolls that far. These tests hold
//! that shortcut to the full ranking, on a generated library of a few thousand entries (the
//! benchmarks' corpus, smaller). How well the ranking serves a learner is
//! `tests/search_queries.rs`.

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use lexicon::content::loader::{FileKind, load};
use lexicon::content::{Contents, LoadReport, SourceFile};
use lexicon::search::{RANKED_FIRST, SearchIndex, Searcher};
use lexicon::ui::app::App;
use lexicon::ui::keymap::Action;

const ENTRIES: usize = 3_000;

fn generated() -> LoadReport {
    let files = gen_corpus::corpus_files(ENTRIES, 1)
        .into_iter()
        .map(|(path, text)| SourceFile {
            kind: if path.starts_with("journeys") {
                FileKind::Journey
            } else {
                FileKind::Term
            },
            path: path.display().to_string(),
            contents: Contents::Bytes(Ok(text.into_bytes())),
        })
        .collect();
    let report = load(files);
    assert_eq!(report.library.entries().len(), ENTRIES);
    report
}

/// Every key of each query, typed one at a time as the reader does, gives the best results
/// of the full ranking, in its order, and as many matches in all; ranking the rest then gives
/// the full ranking.
#[test]
fn typing_ranks_the_best_as_the_full_ranking_does() {
    let library = generated().library;
    let index = SearchIndex::new(&library);
    let mut searcher = Searcher::new();
    let mut shortcut_taken = false;
    for query in [
        "recovery",
        "token rot",
        "phish",
        "seed phrase",
        "see",
        "eee",
        "zqx",
        "cdoe",
    ] {
        for end in 1..=query.len() {
            let typed = &query[..end];
            let full = index.search(typed);
            let results = searcher.search(&index, typed);
            assert_eq!(results.len(), full.len(), "how many match `{typed}`");
            let ranked = results.ranked();
            assert!(
                ranked.len() >= full.len().min(RANKED_FIRST),
                "at least the best {RANKED_FIRST} are ranked for `{typed}`"
            );
            assert_eq!(ranked, &full[..ranked.len()], "the best for `{typed}`");
            shortcut_taken |= !results.is_complete();
            assert_eq!(results.into_all_ranked(&index), full, "all of `{typed}`, ranked");
        }
        searcher = Searcher::new();
    }
    assert!(shortcut_taken, "some query matched more than one keystroke ranks");
}

/// Scrolling through results never reaches a row that is not ranked: the rest are ranked
/// before the selection, or the rows on screen, get near them.
#[test]
fn scrolling_past_the_first_ranked_ranks_the_rest() {
    let mut app = App::new(generated(), None);
    app.resize(120, 40);
    app.update(Action::OpenSearch);
    app.update(Action::Type('r'));
    let results = &app.search().expect("search open").results;
    let total = results.len();
    assert!(total > RANKED_FIRST, "`r` matches more than a keystroke ranks");
    assert!(!results.is_complete(), "and the rest wait");
    for _ in 0..total {
        app.update(Action::PageDown);
        let search = app.search().expect("search open");
        assert!(
            search.selected < search.results.ranked().len(),
            "row {} of {} is not ranked",
            search.selected,
            search.results.ranked().len()
        );
        if search.selected + 1 == total {
            break;
        }
    }
    let search = app.search().expect("search open");
    assert_eq!(search.selected, total - 1, "Page Down reaches the last result");
    assert!(search.results.is_complete());

    // A taller screen shows more rows at once; those get ranked too.
    app.update(Action::Type('e'));
    app.resize(120, 1_000);
    let search = app.search().expect("search open");
    assert!(search.results.ranked().len() >= search.results.len().min(1_000));
}

/// On its own thread, search hands back the best results first and then, while nothing newer
/// is asked for, the same query's results all ranked; the reader swaps them in under the
/// selection, and stops waiting.
#[test]
fn the_search_thread_ranks_the_rest_after_the_best() {
    use lexicon::search::{BackgroundSearch, LazyIndex};
    use std::sync::Arc;
    use std::time::Duration;

    let report = generated();
    let library = Arc::new(report.library.clone());
    let full = SearchIndex::new(&library).search("se");
    assert!(full.len() > RANKED_FIRST);
    let background = BackgroundSearch::start(Arc::new(LazyIndex::new(library))).expect("a search thread");
    background.request("se");
    let best = background
        .wait_answer(Duration::from_secs(30))
        .expect("the best results");
    assert!(!best.results.is_complete());
    let ranked = best.results.ranked();
    assert!(ranked.len() >= RANKED_FIRST);
    assert_eq!(ranked, &full[..ranked.len()]);
    let all = background
        .wait_answer(Duration::from_secs(30))
        .expect("the rest ranked");
    assert_eq!((all.query.as_str(), all.results.ranked()), ("se", full.as_slice()));

    let mut app = App::new(report, None);
    app.resize(120, 40);
    app.search_off_thread();
    app.update(Action::OpenSearch);
    app.update(Action::Type('s'));
    app.update(Action::Type('e'));
    assert!(app.awaits_search());
    app.receive_search("se", best.results);
    assert!(app.awaits_search(), "the rest are still to come");
    app.update(Action::Down);
    app.update(Action::Down);
    app.receive_search("se", all.results);
    let search = app.search().expect("search open");
    assert!(search.results.is_complete());
    assert_eq!(search.selected, 2, "the selection stays where it was");
    assert!(!app.awaits_search());
}
