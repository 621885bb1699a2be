//! [`find_one`]: the one entry a name on the command line means, for `show`, `open`, `quiz`
//! and `compare`. It uses the search box's ranking, and opens the best result only when that
//! result is clearly ahead; otherwise it lists the candidates, best first.

use super::rank::{Hit, Tier};
use crate::content::{Entry, Library};

/// How many candidates an ambiguous lookup names.
const CANDIDATES_SHOWN: usize = 5;

/// How many characters of the query an error repeats: enough to recognise it, never a
/// screenful.
const QUERY_SHOWN: usize = 60;

/// `query` as an error repeats it, cut to [`QUERY_SHOWN`] characters.
fn shown(query: &str) -> String {
    match query.char_indices().nth(QUERY_SHOWN) {
        Some((cut, _)) => format!("{}…", &query[..cut]),
        None => query.to_owned(),
    }
}

/// Why [`find_one`] found no single entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    #[error("no term matches `{0}`")]
    NotFound(String),
    #[error("`{query}` could mean several terms: {}", candidates.join(", "))]
    Ambiguous { query: String, candidates: Vec<String> },
}

/// Finds the one entry `query` names: exactly by id, title or alias, or the best search
/// result when it is clearly ahead of the runner-up: in a better tier, or in the same tier
/// with at least one and a half times its score. A typo or definition match is taken only
/// when it is the sole result.
pub fn find_one<'a>(library: &'a Library, query: &str) -> Result<&'a Entry, FindError> {
    if let Some(entry) = library.resolve(query) {
        return Ok(entry);
    }
    let hits = super::search(library, query);
    let entry = |hit: &Hit| &library.entries()[hit.index];
    match hits.as_slice() {
        [] => Err(FindError::NotFound(shown(query))),
        [only] => Ok(entry(only)),
        [best, runner_up, ..] if clearly_ahead(best, runner_up) => Ok(entry(best)),
        _ => Err(FindError::Ambiguous {
            query: shown(query),
            candidates: hits
                .iter()
                .take(CANDIDATES_SHOWN)
                .map(|hit| entry(hit).title.clone())
                .collect(),
        }),
    }
}

/// Whether `best` is clearly the result meant, ahead of `runner_up`.
fn clearly_ahead(best: &Hit, runner_up: &Hit) -> bool {
    if matches!(best.tier, Tier::Typo | Tier::Definition) {
        return false;
    }
    // Scores are compared as 2 × best ≥ 3 × runner-up, in integers.
    best.tier < runner_up.tier
        || (best.score > 0 && best.score.saturating_mul(2) >= runner_up.score.max(0).saturating_mul(3))
}
