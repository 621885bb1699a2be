//! The first key of a search, answered ahead of time.
//!
//! Every search starts with one character, and a one-character query is the costliest
//! keystroke there is: nearly every entry matches it (definitions count), so it is the one
//! query no earlier query narrows. There are few of them, though. So for a lowercase ASCII
//! letter or digit, the results can be worked out once, while the search thread has nothing
//! else to do ([`SearchIndex::prepare_first_key`]), and a search that starts with that key
//! takes them from here ([`SearchIndex::first_key_results`]).
//!
//! Each is kept small: the best [`RANKED_FIRST`] hits, and which entries matched as two
//! bitsets (about 7.5 KB for 30,000 entries, against 240 KB as a list), turned back into
//! the list a longer query narrows from when it is used.

use super::{Candidate, Hit, RANKED_FIRST, Results, SearchIndex};
use std::sync::{Arc, OnceLock};

/// The keys answered ahead, in the order they are prepared.
const FIRST_KEYS: &str = "etaoinsrhldcumfpgwybvkxjqz0123456789";

/// The first keys' results, each worked out once, when it is first asked for.
#[derive(Debug)]
pub(super) struct FirstKeys {
    slots: Vec<OnceLock<FirstKey>>,
}

impl Default for FirstKeys {
    fn default() -> FirstKeys {
        FirstKeys {
            slots: FIRST_KEYS.chars().map(|_| OnceLock::new()).collect(),
        }
    }
}

/// One key's results, compactly.
#[derive(Debug)]
struct FirstKey {
    ranked: Vec<Hit>,
    /// Bit `i` is set when entry `i` matched.
    matched: Vec<u64>,
    /// Bit `i` is set when entry `i` matched only through its definition.
    definition_only: Vec<u64>,
}

impl FirstKey {
    fn of(results: Results, entries: usize) -> FirstKey {
        let words = entries.div_ceil(64);
        let (mut matched, mut definition_only) = (vec![0; words], vec![0; words]);
        for candidate in results.matched.iter() {
            let index = candidate.index();
            matched[index / 64] |= 1 << (index % 64);
            if !candidate.names_can_match() {
                definition_only[index / 64] |= 1 << (index % 64);
            }
        }
        FirstKey {
            ranked: results.ranked,
            matched,
            definition_only,
        }
    }

    fn results(&self, query: &str) -> Results {
        let mut matched = Vec::new();
        for (word, (&bits, &only)) in self.matched.iter().zip(&self.definition_only).enumerate() {
            let mut left = bits;
            while left != 0 {
                let bit = left.trailing_zeros() as usize;
                left &= left - 1;
                let index = word * 64 + bit;
                matched.push(if only & (1 << bit) == 0 {
                    Candidate::any(index)
                } else {
                    Candidate::definition_only(index)
                });
            }
        }
        Results {
            query: query.to_owned(),
            ranked: self.ranked.clone(),
            matched: Arc::from(matched),
        }
    }
}

impl SearchIndex {
    /// Works out the results of the next first key not prepared yet; false when every one is.
    /// Each takes about as long as typing that key into an empty search box.
    pub fn prepare_first_key(&self) -> bool {
        let Some((key, slot)) = FIRST_KEYS
            .chars()
            .zip(&self.first_keys.slots)
            .find(|(_, slot)| slot.get().is_none())
        else {
            return false;
        };
        slot.get_or_init(|| {
            // Nothing cancels it: a search that was never asked for.
            let results = self
                .search_among(&key.to_string(), None, Some(RANKED_FIRST), &|| false)
                .unwrap_or_default();
            FirstKey::of(results, self.len())
        });
        true
    }

    /// Prepares every first key (see [`SearchIndex::prepare_first_key`]).
    pub fn prepare_first_keys(&self) {
        while self.prepare_first_key() {}
    }

    /// The results of a one-character `query` from scratch, if it is a first key prepared
    /// already: the same as searching for it.
    pub(super) fn first_key_results(&self, query: &str) -> Option<Results> {
        let mut chars = query.chars();
        let (Some(key), None) = (chars.next(), chars.next()) else {
            return None;
        };
        let slot = FIRST_KEYS.chars().position(|first| first == key)?;
        Some(self.first_keys.slots[slot].get()?.results(query))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Searcher;

    #[test]
    fn a_prepared_first_key_gives_what_searching_for_it_does() {
        let library = crate::content::load_bundled().library;
        let index = SearchIndex::new(&library);
        let searched: Vec<(char, Results, Results)> = FIRST_KEYS
            .chars()
            .map(|key| {
                let query = key.to_string();
                let mut searcher = Searcher::new();
                (
                    key,
                    searcher.search(&index, &query),
                    searcher.search(&index, &format!("{key}e")),
                )
            })
            .collect();
        assert!(index.first_key_results("r").is_none(), "nothing is prepared yet");
        index.prepare_first_keys();
        assert!(!index.prepare_first_key());
        for (key, first, second) in searched {
            let query = key.to_string();
            let prepared = index.first_key_results(&query).expect("prepared");
            assert_eq!(prepared, first, "{key}");
            // A longer query narrows from the prepared matches as from the searched ones.
            let mut searcher = Searcher::new();
            assert_eq!(searcher.search(&index, &query), first, "{key}");
            assert_eq!(searcher.search(&index, &format!("{key}e")), second, "{key}e");
        }
        let some_only_by_definition = FIRST_KEYS.chars().any(|key| {
            let results = index.first_key_results(&key.to_string()).expect("prepared");
            results.matched.iter().any(|candidate| !candidate.names_can_match())
        });
        assert!(some_only_by_definition, "the bitsets' second half is exercised");
        assert!(index.first_key_results("R").is_none(), "only the keys listed");
        assert!(index.first_key_results("re").is_none(), "only one character");
    }
}
