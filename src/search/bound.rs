//! A ceiling on fuzzy-matcher's skim score of a name, found without calling the matcher.
//!
//! A keystroke can match tens of thousands of names, yet the screen shows a few dozen. The
//! matcher's score decides the order, so it is still what ranks every result shown; but a
//! name whose ceiling is below the scores already ranked cannot get among them, and needs no
//! matcher call until someone scrolls that far. [`score_ceiling`] costs about a quarter of a
//! matcher call: one pass per query character over the name, no table, nothing allocated.
//!
//! Why it is a ceiling. `SkimMatcherV2` (fuzzy-matcher 0.3.7) scores an alignment, one name
//! position per query character, as a sum with one term per query character:
//! - the first: the match score (16), minus one, plus the position's own bonus (a word start
//!   8, after punctuation 7, a capital after a lowercase letter 6, else 0; doubled at the
//!   name's first character);
//! - any later one right after the previous one's position: 16 plus the largest of its own
//!   bonus, 4, and a "consecutive bonus" read from the matcher's scratch table;
//! - any later one after a gap: 16 plus its own bonus, plus the gap's cost, at most -4.
//!
//! So the best over positions of each term bounds that term, and their sum (each at least
//! zero) bounds every alignment, including the ones through cells the matcher reuses from
//! two rows before. The scratch bonus the matcher reads is the one uncertain input: the table
//! is kept between calls, and a cell this call has not written yet holds what an earlier call
//! left (the same symptom as skim-rs/skim#1071). No call ever writes more than 16 (a word
//! start at a name's first character, doubled), so 16 is assumed wherever the cell may be
//! such a leftover. Elsewhere [`Scratch`] follows what this call writes: a cell is cleared
//! when its byte is not the row's character, the second character's row is cleared before
//! the walk, and a cell the row did not touch holds what the row two characters earlier
//! left there.
//!
//! Where the uncertain case does not arise the ceiling is usually the score itself, which is
//! what lets it prune: the tests check that it is never below a used matcher's score, and
//! that it equals the score for a query typed at a word start.

use std::cmp::max;

// SkimScoreConfig::default() of fuzzy-matcher 0.3.7; a test checks they still agree.
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);

/// The largest bonus any matcher call writes into its scratch table (see the overview).
const LARGEST_LEFTOVER_BONUS: i32 = BONUS_HEAD * BONUS_FIRST_CHAR_MULTIPLIER;

/// Longer queries go to the matcher.
const LONGEST_QUERY: usize = 32;

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSeparator,
    SoftSeparator,
}

/// Each byte's type, looked up: a ceiling asks for two per matching byte.
const CHAR_TYPES: [CharType; 256] = {
    let mut types = [CharType::Lower; 256];
    let mut byte = 0;
    while byte < 256 {
        types[byte] = char_type(byte as u8);
        byte += 1;
    }
    types
};

const fn char_type(byte: u8) -> CharType {
    match byte {
        0 => CharType::Empty,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => CharType::HardSeparator,
        b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => CharType::SoftSeparator,
        b'0'..=b'9' => CharType::Number,
        b'A'..=b'Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

/// The matcher's bonus for matching the byte at `at` of `part`.
fn own_bonus(part: &[u8], at: usize) -> i32 {
    let before = if at == 0 { 0 } else { part[at - 1] };
    let bonus = match (CHAR_TYPES[usize::from(before)], CHAR_TYPES[usize::from(part[at])]) {
        (CharType::Empty | CharType::HardSeparator, _) => BONUS_HEAD,
        (CharType::SoftSeparator, _) => BONUS_BREAK,
        (CharType::Lower | CharType::Number, CharType::Upper) => BONUS_CAMEL,
        _ => 0,
    };
    if at == 0 {
        bonus * BONUS_FIRST_CHAR_MULTIPLIER
    } else {
        bonus
    }
}

/// Never below `MATCHER.fuzzy_match(part, query)` for a case-sensitive skim matcher, whatever
/// earlier calls it made (see the overview), and `None` exactly when that finds no match.
/// `Err(())` when the part or the query is not ASCII or the query is very long: ask the
/// matcher then.
#[allow(clippy::result_unit_err)]
pub fn score_ceiling(part: &[u8], query: &[u8]) -> Result<Option<i64>, ()> {
    if query.len() > LONGEST_QUERY || !part.is_ascii() || !query.is_ascii() {
        return Err(());
    }
    if query.is_empty() {
        return Ok(Some(0));
    }
    // Where each query byte first matches, in order (the matcher's `cheap_matches`): the
    // matcher looks for the `i`-th character only from there on.
    let mut first_match = [0usize; LONGEST_QUERY];
    let mut found = 0;
    for (at, &byte) in part.iter().enumerate() {
        if byte == query[found] {
            first_match[found] = at;
            found += 1;
            if found == query.len() {
                break;
            }
        }
    }
    if found < query.len() {
        return Ok(None);
    }
    let scratch = Scratch {
        part,
        query,
        first_match: &first_match[..query.len()],
    };
    let mut ceiling: i64 = 0;
    for (i, &wanted) in query.iter().enumerate() {
        let mut best = i32::MIN;
        for at in first_match[i]..part.len() {
            if part[at] != wanted {
                continue;
            }
            let own = own_bonus(part, at);
            let term = if i == 0 {
                SCORE_MATCH + GAP_EXTENSION + own
            } else {
                let after_gap = SCORE_MATCH + own + GAP_START + GAP_EXTENSION;
                let consecutive = if at > 0 && part[at - 1] == query[i - 1] {
                    let read = scratch.read_by(i, at - 1);
                    SCORE_MATCH + max(read, max(own, BONUS_CONSECUTIVE))
                } else {
                    i32::MIN
                };
                max(after_gap, consecutive)
            };
            best = max(best, term);
        }
        ceiling += i64::from(best);
    }
    Ok(Some(ceiling))
}

/// What the matcher's scratch bonuses hold during one call, as far as the call decides it.
///
/// The matcher keeps two rows, used in turn by the query's characters: character `i` uses the
/// row character `i - 2` used. Processing character `i`, it looks from the byte where `i`
/// first matches to the end of the name; at a byte that is not `i` it clears that byte's cell,
/// and at a byte that is `i` it reads the cell of the byte before and writes back the larger
/// of that, the byte's own bonus and 4. Before the first character, the second character's
/// row is cleared, and so is one cell of the other row, the one before the first match; the
/// rest of that row is what earlier calls left.
struct Scratch<'a> {
    part: &'a [u8],
    query: &'a [u8],
    first_match: &'a [usize],
}

impl Scratch<'_> {
    /// The bonus character `i` reads from the cell of byte `at`, processing byte `at + 1`.
    fn read_by(&self, i: usize, at: usize) -> i32 {
        if at >= self.first_match[i] && self.part[at] != self.query[i] {
            return 0;
        }
        match i.checked_sub(2) {
            Some(earlier) => self.left_by(earlier, at),
            // The second character's row, cleared before the walk.
            None if i == 1 => 0,
            // The first character's row: cleared before the first match, elsewhere unknown.
            None if at + 1 == self.first_match[0] => 0,
            None => LARGEST_LEFTOVER_BONUS,
        }
    }

    /// The bonus character `i` leaves in the cell of byte `at` once it is processed.
    fn left_by(&self, i: usize, at: usize) -> i32 {
        let next = at + 1;
        let before = self.read_by(i, at);
        if next < self.part.len() && next >= self.first_match[i] && self.part[next] == self.query[i] {
            max(before, max(own_bonus(self.part, next), BONUS_CONSECUTIVE))
        } else {
            before
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::{SkimMatcherV2, SkimScoreConfig};
    use proptest::prelude::*;

    #[test]
    fn the_constants_are_the_matchers_defaults() {
        let config = SkimScoreConfig::default();
        assert_eq!(config.score_match, SCORE_MATCH);
        assert_eq!(config.gap_start, GAP_START);
        assert_eq!(config.gap_extension, GAP_EXTENSION);
        assert_eq!(config.bonus_first_char_multiplier, BONUS_FIRST_CHAR_MULTIPLIER);
        assert_eq!(config.bonus_head, BONUS_HEAD);
        assert_eq!(config.bonus_break, BONUS_BREAK);
        assert_eq!(config.bonus_camel, BONUS_CAMEL);
        assert_eq!(config.bonus_consecutive, BONUS_CONSECUTIVE);
    }

    #[test]
    fn no_match_and_what_is_left_to_the_matcher() {
        assert_eq!(score_ceiling(b"seed phrase", b"zz"), Ok(None));
        assert_eq!(score_ceiling(b"seed phrase", b"hh"), Ok(None));
        assert_eq!(score_ceiling("clé".as_bytes(), b"cl"), Err(()));
        assert_eq!(score_ceiling(b"seed", &[b'e'; LONGEST_QUERY + 1]), Err(()));
    }

    #[test]
    fn a_query_typed_at_a_word_start_is_scored_exactly() {
        let fresh = SkimMatcherV2::default().respect_case();
        for (part, query) in [
            ("seed phrase", "seed"),
            (" a seed", "see"),
            (" recovery code", "recov"),
            ("x", "x"),
        ] {
            assert_eq!(
                score_ceiling(part.as_bytes(), query.as_bytes()),
                Ok(fresh.fuzzy_match(part, query)),
                "{part:?} {query:?}"
            );
        }
    }

    /// A case the property test below rarely meets: after these calls, the matcher reads a
    /// bonus an earlier call left and scores the name higher than a fresh matcher does. The
    /// ceiling still holds, because it takes such a cell at the largest bonus any call leaves.
    #[test]
    fn a_leftover_bonus_that_raises_the_score_stays_under_the_ceiling() {
        let used = SkimMatcherV2::default().respect_case();
        for (part, query) in [("..b", "  "), ("aa-ab aa  ", "a"), (" -.ba- ba", "-.b")] {
            used.fuzzy_match(part, query);
        }
        let fresh = SkimMatcherV2::default().respect_case();
        let (score, fresh_score) = (used.fuzzy_match("aa.aaa", "aaa"), fresh.fuzzy_match("aa.aaa", "aaa"));
        assert!(
            score > fresh_score,
            "the earlier calls raise the score: {score:?} {fresh_score:?}"
        );
        let ceiling = score_ceiling(b"aa.aaa", b"aaa").ok().flatten();
        assert!(ceiling >= score, "ceiling {ceiling:?} below score {score:?}");
    }

    /// Names from a small alphabet, so that queries match often and letters repeat (repeats
    /// are where the matcher reads what earlier calls left).
    fn name() -> impl Strategy<Value = String> {
        "[abes 0-9./(A-]{0,40}"
    }

    fn query() -> impl Strategy<Value = String> {
        "[abes .]{1,6}"
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

        /// After any earlier calls, whatever they left behind, the ceiling is at least the
        /// matcher's score, and finds a match exactly when the matcher does.
        #[test]
        fn the_ceiling_is_never_below_a_used_matchers_score(
            earlier in proptest::collection::vec((name(), query()), 0..8),
            part in name(),
            query in query(),
        ) {
            let matcher = SkimMatcherV2::default().respect_case();
            for (part, query) in &earlier {
                matcher.fuzzy_match(part, query);
            }
            let score = matcher.fuzzy_match(&part, &query);
            let ceiling = score_ceiling(part.as_bytes(), query.as_bytes());
            prop_assert_eq!(ceiling.map(|ceiling| ceiling.is_some()), Ok(score.is_some()));
            if let (Ok(Some(ceiling)), Some(score)) = (ceiling, score) {
                prop_assert!(ceiling >= score, "ceiling {} below score {}", ceiling, score);
            }
        }
    }
}
