//! Fuzzy search over the library, behind one small API.
//!
//! Titles, aliases, ids and tags are matched with fuzzy-matcher's skim matcher; a match in
//! the definition also counts, ranked below any name match. [`find_one`] is the "open this
//! term" lookup used by `lexicon open`: an exact name wins, otherwise the fuzzy best wins
//! only when it is clearly ahead of the runner-up.

use crate::content::{Entry, Library};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// Name matches always outrank definition matches by at least this much.
const NAME_BONUS: i64 = 1_000_000;

/// One result: the entry's index in [`Library::entries`], its score, and the character
/// positions of the title that matched (for highlighting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: i64,
    pub title_matches: Vec<usize>,
}

/// Ranks every entry that matches `query`, best first. Name matches always rank above
/// definition matches. An empty query matches everything
/// in library order.
pub fn search(library: &Library, query: &str) -> Vec<Hit> {
    let query = query.trim();
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut hits: Vec<Hit> = library
        .entries()
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            if query.is_empty() {
                return Some(Hit {
                    index,
                    score: 0,
                    title_matches: Vec::new(),
                });
            }
            score_entry(&matcher, entry, query).map(|(score, title_matches)| Hit {
                index,
                score,
                title_matches,
            })
        })
        .collect();
    // Stable: equal scores keep library (title) order.
    hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
    hits
}

fn score_entry(matcher: &SkimMatcherV2, entry: &Entry, query: &str) -> Option<(i64, Vec<usize>)> {
    let title = matcher.fuzzy_indices(&entry.title, query);
    let mut best_name = title.as_ref().map(|(score, _)| *score);
    for name in entry
        .aliases
        .iter()
        .chain(std::iter::once(&entry.id))
        .chain(entry.tags.iter())
    {
        if let Some(score) = matcher.fuzzy_match(name, query) {
            best_name = Some(best_name.map_or(score, |best| best.max(score)));
        }
    }
    let title_matches = title.map(|(_, indices)| indices).unwrap_or_default();
    if let Some(score) = best_name {
        // Exact names first, then prefixes, then fuzzy matches.
        let lower = query.to_lowercase();
        let exact = entry.matches_name(query);
        let prefix = entry.title.to_lowercase().starts_with(&lower)
            || entry.aliases.iter().any(|a| a.to_lowercase().starts_with(&lower));
        let boost = if exact {
            2 * NAME_BONUS
        } else if prefix {
            NAME_BONUS / 2
        } else {
            0
        };
        return Some((NAME_BONUS + boost + score, title_matches));
    }
    matcher
        .fuzzy_match(&entry.definition, query)
        .map(|score| (score.min(NAME_BONUS - 1), Vec::new()))
}

/// Why [`find_one`] found no single entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    #[error("no term matches `{0}`")]
    NotFound(String),
    #[error("`{query}` could mean several terms: {}", candidates.join(", "))]
    Ambiguous { query: String, candidates: Vec<String> },
}

/// Finds the one entry `query` names: exactly by id, title or alias, or by a fuzzy match
/// that is clearly best.
pub fn find_one<'a>(library: &'a Library, query: &str) -> Result<&'a Entry, FindError> {
    if let Some(entry) = library.resolve(query) {
        return Ok(entry);
    }
    let hits: Vec<Hit> = search(library, query)
        .into_iter()
        .filter(|hit| hit.score >= NAME_BONUS)
        .collect();
    match hits.as_slice() {
        [] => Err(FindError::NotFound(query.to_owned())),
        [only] => Ok(&library.entries()[only.index]),
        [best, second, ..] => {
            // "Clearly best": a prefix match over a scattered one, or a clear score margin.
            let margin = best.score - second.score;
            if margin >= NAME_BONUS / 4 || (best.score - NAME_BONUS) > 2 * (second.score - NAME_BONUS).max(1) {
                Ok(&library.entries()[best.index])
            } else {
                let candidates = hits
                    .iter()
                    .take(5)
                    .map(|hit| library.entries()[hit.index].title.clone())
                    .collect();
                Err(FindError::Ambiguous {
                    query: query.to_owned(),
                    candidates,
                })
            }
        }
    }
}
