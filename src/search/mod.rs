//! Search over the library, behind one small API: one ranking for the search box,
//! `lexicon search`, and the lookup behind `show`, `open`, `quiz` and `compare`.
//!
//! A query is matched against every entry's title, aliases, id and tags, then as a typo of
//! their words, then against its definition, and each match gets a [`Tier`]: exact, prefix,
//! every word starting a word of the name, fuzzy on the title, alias, id or tag
//! (fuzzy-matcher's skim matcher), a typo (optimal string alignment, from `strsim`), and the
//! definition. Within a tier the matcher's score orders, then the shorter name, then the
//! title. Links, `related`, journey steps and compare targets never go through here: they
//! resolve exactly ([`Library::resolve`](crate::content::Library::resolve)).
//!
//! - `index.rs`: [`SearchIndex`], the haystacks prepared once per library;
//! - `rank.rs`: the tiers, and the search that ranks only the best [`RANKED_FIRST`] of a
//!   keystroke's [`Results`];
//! - `searcher.rs`: [`Searcher`], which narrows each query from the one it extends;
//! - `background.rs`: the search thread, so that typing never waits;
//! - `highlight.rs`: what to highlight in a result's title and definition;
//! - `lookup.rs`: [`find_one`], the one entry a command-line name means.

mod background;
mod highlight;
mod index;
mod lookup;
mod rank;
mod searcher;

pub use background::{BackgroundSearch, LazyIndex, SearchAnswer};
pub use highlight::{title_highlights, word_highlights};
pub use index::SearchIndex;
pub use lookup::{FindError, find_one};
pub use rank::{Hit, Matched, RANKED_FIRST, Results, Tier};
pub use searcher::Searcher;

use crate::content::Library;

/// Ranks every entry of `library` that matches `query`, best first. For one-off searches
/// (the command line); the reader keeps a [`SearchIndex`] and a [`Searcher`].
pub fn search(library: &Library, query: &str) -> Vec<Hit> {
    SearchIndex::new(library).search(query)
}
