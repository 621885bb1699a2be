//! Ranking: which [`Tier`] an entry matches a query in, and the search that orders the
//! matches by tier, then by the matcher's score, then by the shorter name, then by title.
//!
//! A keystroke ranks only the best [`RANKED_FIRST`] exactly. Every candidate is first given
//! its tier without the matcher (a name that holds the query's characters in order is taken
//! to match fuzzily): the best tier it can have, as the matcher can only turn such a name
//! down. Tiers are then ranked best first with the matcher, and once the tiers ranked hold
//! enough results the rest wait, unranked, until someone scrolls near them
//! ([`Results::rank_all`]): nothing left can rank above a tier that is done.

use super::index::{Haystack, IndexedName, NameKind, SearchIndex, char_mask, fold, word_start_mask, words_of};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

/// How many results a keystroke ranks: more than any screen shows, so that the rest are
/// ranked only if someone scrolls that far ([`Results::rank_all`]).
pub const RANKED_FIRST: usize = 256;

/// Below this many candidates one thread does the work: waking the others costs about as
/// much as classifying a thousand entries.
const PARALLEL_THRESHOLD: usize = 1_024;

/// How many entries are classified between two looks at the cancel flag.
const CANCEL_CHECK_EVERY: usize = 256;

/// How much of a name the matcher sees: far more than any real name, and a bound on the
/// work a hostile file's megabyte-long alias can cost each keystroke.
const MATCHED_NAME_BYTES: usize = 256;

/// Query words shorter than this are never matched as typos: too many words are one edit
/// away from a three-letter word.
const TYPO_MIN_CHARS: usize = 4;

/// The matcher. It compares lowercase names with a lowercase query, case sensitively: that is
/// faster than asking it to ignore case, and folds non-ASCII letters too (its own case folding
/// is ASCII only). One matcher serves the whole process; it keeps its scratch per thread.
static MATCHER: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().respect_case());

/// How an entry matched, best first. Names are compared ignoring case, and for the first
/// three tiers ignoring punctuation and spaces too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// The query is the entry's id, title or an alias.
    Exact,
    /// The query starts the title or an alias.
    Prefix,
    /// Every word of the query starts a word of the title or of an alias, in any order.
    Words,
    /// The matcher matches the title.
    FuzzyTitle,
    FuzzyAlias,
    FuzzyId,
    FuzzyTag,
    /// A query word of four or more characters is within one edit per four characters of a
    /// word of a name (a swap of two neighbours counting as one edit).
    Typo,
    /// The definition contains every word of the query.
    Definition,
}

impl Tier {
    const ALL: [Tier; 9] = [
        Tier::Exact,
        Tier::Prefix,
        Tier::Words,
        Tier::FuzzyTitle,
        Tier::FuzzyAlias,
        Tier::FuzzyId,
        Tier::FuzzyTag,
        Tier::Typo,
        Tier::Definition,
    ];

    fn position(self) -> usize {
        self as usize
    }
}

/// What of the entry matched, for showing why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    Title,
    /// The alias at this position of the entry's `aliases`.
    Alias(u16),
    Id,
    /// The tag at this position of the entry's `tags`.
    Tag(u16),
    /// A name, through a typo.
    Typo,
    Definition,
}

impl From<NameKind> for Matched {
    fn from(kind: NameKind) -> Matched {
        match kind {
            NameKind::Title => Matched::Title,
            NameKind::Alias(at) => Matched::Alias(at),
            NameKind::Id => Matched::Id,
        }
    }
}

/// One result: the entry's index in [`Library::entries`](crate::content::Library::entries),
/// its tier, its score within the tier (higher is better: the matcher's score, or for a typo
/// the fewer edits, for a definition the earlier first word), and what matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub tier: Tier,
    pub score: i64,
    pub matched: Matched,
}

impl Hit {
    /// A result of the empty query, which matches every entry, in library order.
    pub fn listed(index: usize) -> Hit {
        Hit {
            index,
            tier: Tier::Exact,
            score: 0,
            matched: Matched::Title,
        }
    }

    /// Whether the entry matched only through its definition, not by any name or tag.
    pub fn by_definition(&self) -> bool {
        self.matched == Matched::Definition
    }
}

/// A hit with what orders it within its tier after its score: its matched name's length.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    hit: Hit,
    name_len: usize,
}

/// A query, prepared once for every entry it is matched against.
pub(super) struct Query {
    /// Lowercase, without spaces: what the matcher and the subsequence check see, so that
    /// `two factor` matches `two-factor`.
    joined: String,
    joined_mask: u64,
    /// Only the letters and digits: what the exact and prefix tiers compare.
    compact: String,
    compact_mask: u64,
    /// The runs of letters and digits.
    words: Vec<String>,
    /// The first character of each of `words` ([`word_start_mask`]).
    word_starts: u64,
    /// A searcher for each of `words`, for the definitions.
    word_finders: Vec<memchr::memmem::Finder<'static>>,
    /// Each distinct tag's best score for the query, or `None` where it does not match.
    tag_scores: Vec<Option<i64>>,
    /// Entries that match as a typo, in library order.
    typos: Vec<(u32, TypoMatch)>,
}

/// How an entry matched as a typo: the edits it took, and the length of the shortest name
/// holding a word that was mistyped.
#[derive(Debug, Clone, Copy)]
struct TypoMatch {
    edits: usize,
    name_len: usize,
}

impl Query {
    pub(super) fn new(index: &SearchIndex, text: &str) -> Query {
        let folded = fold(text.trim());
        let joined: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
        let compact: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
        let words: Vec<String> = words_of(&folded).map(str::to_owned).collect();
        let joined_mask = char_mask(&joined);
        let tag_scores = index
            .tags
            .iter()
            .map(|tag| {
                if tag.mask & joined_mask == joined_mask && is_subsequence(&joined, &tag.text) {
                    fuzzy_score(&tag.text, &joined)
                } else {
                    None
                }
            })
            .collect();
        let mut query = Query {
            compact_mask: char_mask(&compact),
            joined_mask,
            joined,
            compact,
            word_finders: words
                .iter()
                .map(|word| memchr::memmem::Finder::new(word.as_bytes()).into_owned())
                .collect(),
            word_starts: word_start_mask(&folded),
            words,
            tag_scores,
            typos: Vec::new(),
        };
        query.typos = query.typo_matches(index);
        query
    }

    /// The entries whose names hold every query word, at least one of four or more
    /// characters as a typo of a name word and the rest in order inside a name.
    fn typo_matches(&self, index: &SearchIndex) -> Vec<(u32, TypoMatch)> {
        let mut seeds: Vec<u32> = Vec::new();
        // For each query word long enough, the name words near it, and how near.
        let near: Vec<HashMap<&str, usize>> = self
            .words
            .iter()
            .map(|word| {
                let chars = word.chars().count();
                let mut near = HashMap::new();
                if chars < TYPO_MIN_CHARS {
                    return near;
                }
                let allowed = chars / 4;
                let mask = char_mask(word);
                for name_word in &index.words {
                    let candidate = &name_word.word;
                    // Each edit changes the length by at most one, and the set of characters
                    // by at most two: cheap tests before the distance.
                    if (name_word.chars as usize).abs_diff(chars) > allowed
                        || (candidate.mask ^ mask).count_ones() as usize > 2 * allowed
                    {
                        continue;
                    }
                    let edits = strsim::osa_distance(word, &candidate.text);
                    if edits > 0 && edits <= allowed {
                        near.insert(&*candidate.text, edits);
                        seeds.extend(&name_word.entries);
                    }
                }
                near
            })
            .collect();
        seeds.sort_unstable();
        seeds.dedup();
        seeds
            .into_iter()
            .filter_map(|entry| {
                let haystack = index.entries.get(entry as usize)?;
                let names = || index.names(haystack).iter().map(|name| index.text(name));
                let mut found = TypoMatch {
                    edits: 0,
                    name_len: usize::MAX,
                };
                for (word, near) in self.words.iter().zip(&near) {
                    // The nearest of this entry's name words, in its shortest name.
                    let nearest = names()
                        .flat_map(|name| {
                            words_of(name).filter_map(|name_word| Some((*near.get(name_word)?, name.len())))
                        })
                        .min();
                    if let Some((edits, name_len)) = nearest {
                        found.edits += edits;
                        found.name_len = found.name_len.min(name_len);
                    } else if !names().any(|name| is_subsequence(word, name)) {
                        return None;
                    }
                }
                Some((entry, found))
            })
            .collect()
    }

    /// The best tier `haystack` (entry `entry`) matches in, with what matched, its score and
    /// the matched name's length. With `scored` false the matcher is not asked: a name that
    /// holds the query's characters in order is taken to match with a score of 0, which gives
    /// the best tier the entry can have.
    fn classify(&self, index: &SearchIndex, entry: u32, haystack: &Haystack, scored: bool) -> Option<Ranked> {
        let ranked = |tier, matched, score, name_len| {
            Some(Ranked {
                hit: Hit {
                    index: entry as usize,
                    tier,
                    score,
                    matched,
                },
                name_len,
            })
        };
        let score_of = |text: &str| {
            if scored {
                fuzzy_score(text, &self.joined)
            } else {
                Some(0)
            }
        };
        // The exact, prefix and word tiers: the best one any name reaches, then the best score
        // among the names that reach it. The tier is settled before the matcher is asked, so
        // that a name in a lower tier is never scored for nothing.
        let mut best: Option<(Tier, NameKind, &str)> = None;
        for (name, text) in names_holding(index, haystack, self.compact_mask) {
            if let Some(tier) = self.name_tier(name, text)
                && best.is_none_or(|(best_tier, ..)| tier < best_tier)
            {
                best = Some((tier, name.kind, text));
            }
        }
        if let Some((tier, kind, text)) = best {
            if !scored {
                return ranked(tier, Matched::from(kind), 0, text.len());
            }
            // Words in another order than the name's do not match fuzzily: a score of 0. The
            // first of the names with the best score is taken.
            let (score, kind, text) = names_holding(index, haystack, self.compact_mask)
                .filter(|&(name, text)| self.name_tier(name, text) == Some(tier))
                .map(|(name, text)| (fuzzy_score(text, &self.joined).unwrap_or(0), name.kind, text))
                .min_by_key(|&(score, ..)| Reverse(score))
                .unwrap_or((0, kind, text));
            return ranked(tier, Matched::from(kind), score, text.len());
        }
        // The fuzzy tiers: title, then aliases, then id, then tags.
        let mut fuzzy: Option<(Tier, i64, usize, Matched)> = None;
        for (name, text) in names_holding(index, haystack, self.joined_mask) {
            let tier = match name.kind {
                NameKind::Title => Tier::FuzzyTitle,
                NameKind::Alias(_) => Tier::FuzzyAlias,
                NameKind::Id => Tier::FuzzyId,
            };
            if fuzzy.as_ref().is_some_and(|(best_tier, ..)| *best_tier < tier) || !is_subsequence(&self.joined, text) {
                continue;
            }
            let Some(score) = score_of(text) else { continue };
            if fuzzy
                .as_ref()
                .is_none_or(|(best_tier, best_score, ..)| (tier, Reverse(score)) < (*best_tier, Reverse(*best_score)))
            {
                fuzzy = Some((tier, score, text.len(), Matched::from(name.kind)));
            }
        }
        if let Some((tier, score, name_len, matched)) = fuzzy {
            return ranked(tier, matched, score, name_len);
        }
        let tag = index
            .tags_of(haystack)
            .iter()
            .enumerate()
            .filter_map(|(at, &tag)| Some((at, self.tag_scores.get(tag as usize).copied().flatten()?)))
            .max_by_key(|&(at, score)| (score, Reverse(at)));
        if let Some((at, score)) = tag {
            let at = u16::try_from(at).unwrap_or(u16::MAX);
            return ranked(Tier::FuzzyTag, Matched::Tag(at), score, index.title(haystack).len());
        }
        if let Ok(found) = self.typos.binary_search_by_key(&entry, |(typo, _)| *typo) {
            let typo = &self.typos[found].1;
            let edits = i64::try_from(typo.edits).unwrap_or(i64::MAX);
            return ranked(Tier::Typo, Matched::Typo, -edits, typo.name_len);
        }
        // Every word somewhere in the definition; an earlier first word ranks higher.
        let mut first = None;
        for word in &self.word_finders {
            let at = word.find(haystack.definition.as_bytes())?;
            first.get_or_insert(at);
        }
        let first = i64::try_from(first?).unwrap_or(i64::MAX);
        ranked(
            Tier::Definition,
            Matched::Definition,
            -first,
            index.title(haystack).len(),
        )
    }

    /// The tier of the exact, prefix and word tiers that one name reaches, if any. An id
    /// counts only when it is the query exactly.
    fn name_tier(&self, name: &IndexedName, text: &str) -> Option<Tier> {
        if compact_eq(text, &self.compact) {
            Some(Tier::Exact)
        } else if name.kind == NameKind::Id {
            None
        } else if compact_starts_with(text, &self.compact) {
            Some(Tier::Prefix)
        } else if name.word_starts & self.word_starts == self.word_starts && self.words_start_words(text) {
            Some(Tier::Words)
        } else {
            None
        }
    }

    /// Whether every query word starts some word of `name`: occurs in it where no letter or
    /// digit comes just before. (A match of one UTF-8 text in another always starts on a
    /// character boundary, so the text before it can be sliced.)
    fn words_start_words(&self, name: &str) -> bool {
        !self.word_finders.is_empty()
            && self.word_finders.iter().all(|word| {
                word.find_iter(name.as_bytes()).any(|at| {
                    name.get(..at)
                        .is_some_and(|before| before.chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
                })
            })
    }
}

/// The names of `haystack` that hold every character of `mask`, with their text.
fn names_holding<'a>(
    index: &'a SearchIndex,
    haystack: &'a Haystack,
    mask: u64,
) -> impl Iterator<Item = (&'a IndexedName, &'a str)> {
    index
        .names(haystack)
        .iter()
        .filter(move |name: &&IndexedName| name.mask & mask == mask)
        .map(|name| (name, index.text(name)))
}

/// The matcher's score of a lowercase name for a lowercase query, on at most
/// [`MATCHED_NAME_BYTES`] of the name.
fn fuzzy_score(name: &str, query: &str) -> Option<i64> {
    let mut end = name.len().min(MATCHED_NAME_BYTES);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    MATCHER.fuzzy_match(&name[..end], query)
}

/// Whether `needle`'s characters all occur in `haystack`, in order: what any fuzzy match
/// needs, checked before asking the matcher.
fn is_subsequence(needle: &str, haystack: &str) -> bool {
    if needle.is_ascii() {
        let mut rest = haystack.bytes();
        needle.bytes().all(|byte| rest.any(|candidate| candidate == byte))
    } else {
        let mut rest = haystack.chars();
        needle.chars().all(|c| rest.any(|candidate| candidate == c))
    }
}

/// `name`'s letters and digits.
fn compact_chars(name: &str) -> impl Iterator<Item = char> {
    name.chars().filter(|c| c.is_alphanumeric())
}

fn compact_eq(name: &str, compact: &str) -> bool {
    !compact.is_empty() && compact_chars(name).eq(compact.chars())
}

fn compact_starts_with(name: &str, compact: &str) -> bool {
    let mut letters = compact_chars(name);
    !compact.is_empty() && compact.chars().all(|c| letters.next() == Some(c))
}

/// A query's results as someone types it: the best ranked, best first, and the rest of the
/// matches, which rank below every ranked one, waiting to be ranked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Results {
    query: String,
    ranked: Vec<Hit>,
    /// Matches not ranked yet.
    unranked: Vec<u32>,
    /// Every match in library order: the candidates for a longer query, shared with the
    /// [`Searcher`](super::Searcher)'s memory of this query rather than copied for each.
    matched: Arc<[u32]>,
}

impl Results {
    /// Results that are all ranked already.
    pub fn complete(query: &str, hits: Vec<Hit>) -> Results {
        let mut matched: Vec<u32> = hits.iter().filter_map(|hit| u32::try_from(hit.index).ok()).collect();
        matched.sort_unstable();
        Results {
            query: query.to_owned(),
            ranked: hits,
            unranked: Vec::new(),
            matched: matched.into(),
        }
    }

    /// How many entries matched, ranked or not.
    pub fn len(&self) -> usize {
        self.ranked.len() + self.unranked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ranked results, best first: all of them once [`Results::rank_all`] has run.
    pub fn ranked(&self) -> &[Hit] {
        &self.ranked
    }

    /// The result at `position` in the ranking, if that far is ranked.
    pub fn get(&self, position: usize) -> Option<Hit> {
        self.ranked.get(position).copied()
    }

    pub fn is_complete(&self) -> bool {
        self.unranked.is_empty()
    }

    /// Every match, in library order.
    pub(super) fn matched(&self) -> &Arc<[u32]> {
        &self.matched
    }

    pub(super) fn query(&self) -> &str {
        &self.query
    }

    /// Ranks every match, with the `index` they were found in.
    pub fn rank_all(&mut self, index: &SearchIndex) {
        // Never cancelled, so always done.
        self.rank_rest(index, &|| false);
    }

    /// [`Results::rank_all`], unless `cancelled` says so first; then nothing changes. True
    /// when done.
    pub(super) fn rank_rest(&mut self, index: &SearchIndex, cancelled: &(dyn Fn() -> bool + Sync)) -> bool {
        if self.is_complete() {
            return true;
        }
        let query = Query::new(index, &self.query);
        let Some(mut rest) = classify_all(index, &query, &self.unranked, true, cancelled, |found| found) else {
            return false;
        };
        sort_ranked(&mut rest);
        self.ranked.extend(rest.iter().map(|ranked| ranked.hit));
        self.unranked.clear();
        true
    }

    /// Every result, ranked.
    pub fn into_all_ranked(mut self, index: &SearchIndex) -> Vec<Hit> {
        self.rank_all(index);
        self.ranked
    }
}

impl SearchIndex {
    /// Ranks every entry that matches `query`, best first. An empty query matches everything,
    /// in library order.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        self.search_among(query, None, None, &|| false)
            .map(|results| results.ranked)
            .unwrap_or_default()
    }

    /// The first `limit` of [`SearchIndex::search`], found without ranking the rest.
    pub fn search_best(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.search_among(query, None, Some(limit), &|| false)
            .map(|mut results| {
                results.ranked.truncate(limit);
                results.ranked
            })
            .unwrap_or_default()
    }

    /// Finds the entries among `candidates` (all of them when `None`), and the typo matches
    /// among all entries, that match `query`, and ranks them: all of them, or when `first` is
    /// given, at least that many of the best (see [`Results`]). `None` as soon as
    /// `cancelled` says so.
    pub(super) fn search_among(
        &self,
        query: &str,
        candidates: Option<&[u32]>,
        first: Option<usize>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Results> {
        let every: Vec<u32>;
        let candidates = match candidates {
            Some(candidates) => candidates,
            None => {
                every = (0..self.len()).filter_map(|entry| u32::try_from(entry).ok()).collect();
                &every
            }
        };
        if query.trim().is_empty() {
            return Some(Results {
                query: query.to_owned(),
                ranked: candidates.iter().map(|&entry| Hit::listed(entry as usize)).collect(),
                unranked: Vec::new(),
                matched: candidates.into(),
            });
        }
        let prepared = Query::new(self, query);
        // A typo match of a longer query need not match a shorter one: they come from the
        // whole library each time.
        let typos = prepared.typos.iter().map(|(entry, _)| entry);
        let mut candidates: Vec<u32> = candidates.iter().chain(typos).copied().collect();
        candidates.sort_unstable();
        candidates.dedup();
        // Each match's best possible tier, without the matcher.
        // Only each match's entry and tier are kept: a few bytes each, for every entry of the
        // library on the first key.
        let tiers = classify_all(self, &prepared, &candidates, false, cancelled, |found| {
            (found.hit.index as u32, found.hit.tier)
        })?;
        let mut buckets: Vec<Vec<u32>> = vec![Vec::new(); Tier::ALL.len()];
        let mut matched = Vec::with_capacity(tiers.len());
        for (entry, tier) in tiers {
            buckets[tier.position()].push(entry);
            matched.push(entry);
        }
        // The tiers with the matcher, best first, until those done hold `first` results.
        let first = first.unwrap_or(usize::MAX);
        let mut by_tier: Vec<Vec<Ranked>> = vec![Vec::new(); Tier::ALL.len()];
        let mut done = 0;
        while done < buckets.len() {
            let bucket = std::mem::take(&mut buckets[done]);
            for found in classify_all(self, &prepared, &bucket, true, cancelled, |found| found)? {
                by_tier[found.hit.tier.position()].push(found);
            }
            done += 1;
            if by_tier[..done].iter().map(Vec::len).sum::<usize>() >= first {
                break;
            }
        }
        let mut ranked: Vec<Ranked> = by_tier.drain(..done).flatten().collect();
        sort_ranked(&mut ranked);
        let mut unranked: Vec<u32> = by_tier
            .into_iter()
            .flatten()
            .map(|found| found.hit.index as u32)
            .chain(buckets.into_iter().flatten())
            .collect();
        unranked.sort_unstable();
        Some(Results {
            query: query.to_owned(),
            ranked: ranked.into_iter().map(|found| found.hit).collect(),
            unranked,
            matched: matched.into(),
        })
    }
}

/// [`Query::classify`] of each of `entries` that matches, in their order, as `keep` makes
/// it, on every core when there are enough of them. `None` once `cancelled` says so, which
/// is asked every [`CANCEL_CHECK_EVERY`] entries.
fn classify_all<T: Send>(
    index: &SearchIndex,
    query: &Query,
    entries: &[u32],
    scored: bool,
    cancelled: &(dyn Fn() -> bool + Sync),
    keep: impl Fn(Ranked) -> T + Sync,
) -> Option<Vec<T>> {
    let part = |entries: &[u32]| -> Option<Vec<T>> {
        let mut found = Vec::with_capacity(entries.len());
        for (done, &entry) in entries.iter().enumerate() {
            if done % CANCEL_CHECK_EVERY == 0 && cancelled() {
                return None;
            }
            let haystack = index.entries.get(entry as usize)?;
            found.extend(query.classify(index, entry, haystack, scored).map(&keep));
        }
        Some(found)
    };
    if entries.len() < PARALLEL_THRESHOLD {
        return part(entries);
    }
    use rayon::prelude::*;
    let chunk = entries.len().div_ceil(rayon::current_num_threads().max(1));
    let parts = entries.par_chunks(chunk).map(part).collect::<Option<Vec<_>>>()?;
    Some(parts.into_iter().flatten().collect())
}

/// Best first: tier, then score, then the shorter matched name, then the title, which is
/// library order ([`Library`](crate::content::Library) keeps its entries sorted by title).
fn sort_ranked(ranked: &mut [Ranked]) {
    ranked.sort_unstable_by_key(|found| {
        (
            found.hit.tier,
            Reverse(found.hit.score),
            found.name_len,
            found.hit.index,
        )
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Library, load_bundled};
    use crate::search::Searcher;

    fn titles(library: &Library, hits: &[Hit]) -> Vec<String> {
        hits.iter()
            .map(|hit| library.entries()[hit.index].title.clone())
            .collect()
    }

    #[test]
    fn narrowing_gives_the_same_results_as_searching_from_scratch() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        let mut searcher = Searcher::new();
        // Typing, a typo on the way (`passw` then `passwr…`), erasing, typing something else.
        for query in [
            "b",
            "ba",
            "bac",
            "back",
            "backu",
            "backup",
            "backup ",
            "backup c",
            "backup co",
            "backup",
            "ba",
            "b",
            "",
            "p",
            "pa",
            "pas",
            "pass",
            "passw",
            "passwr",
            "passwro",
            "passwrod",
            "f",
            "fa",
            "fac",
            "fact",
            "factor",
            "factor ",
            "factor t",
            "factor tw",
        ] {
            assert_eq!(
                searcher.search(&index, query).into_all_ranked(&index),
                index.search(query),
                "typing `{query}`"
            );
        }
    }

    /// However few results are asked for, they are the best of the full ranking, in its
    /// order, and the rest follow once ranked.
    #[test]
    fn ranking_only_the_best_gives_the_full_rankings_first_results() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        for query in [
            "b",
            "co",
            "key",
            "recovery",
            "phish",
            "seed phrase",
            "pass word",
            "passwrod",
            "zzz",
        ] {
            let full = index.search(query);
            for first in [1, 2, 3, 7, 20] {
                let results = index
                    .search_among(query, None, Some(first), &|| false)
                    .expect("not cancelled");
                assert_eq!(results.len(), full.len(), "`{query}`");
                let ranked = results.ranked();
                assert!(ranked.len() >= first.min(full.len()), "`{query}`, {first}");
                assert_eq!(ranked, &full[..ranked.len()], "`{query}`, {first}");
                assert_eq!(results.into_all_ranked(&index), full, "`{query}`, {first}");
            }
        }
    }

    #[test]
    fn results_come_in_tier_order_with_better_scores_first_within_a_tier() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        for query in ["a", "se", "key", "code", "wallet", "passwrod", "attacker", "f a"] {
            let hits = index.search(query);
            for pair in hits.windows(2) {
                assert!(
                    (pair[0].tier, Reverse(pair[0].score)) <= (pair[1].tier, Reverse(pair[1].score)),
                    "`{query}`: {:?} before {:?}",
                    pair[0],
                    pair[1]
                );
            }
        }
    }

    #[test]
    fn a_cancelled_search_returns_nothing_and_leaves_no_trace() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        let mut searcher = Searcher::new();
        assert_eq!(searcher.search_cancellable(&index, "code", &|| true), None);
        // Had the cancelled search been kept, this would narrow from an empty result.
        assert_eq!(
            searcher.search(&index, "codes").into_all_ranked(&index),
            index.search("codes")
        );
        assert!(!searcher.search(&index, "codes").is_empty());
    }

    #[test]
    fn names_rank_above_definitions_and_a_definition_holds_every_word() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        assert_eq!(
            titles(&library, &index.search("totp")).first().map(String::as_str),
            Some("TOTP")
        );
        let hits = index.search("single use");
        let first_definition = hits.iter().position(Hit::by_definition).expect("a definition match");
        assert!(hits[first_definition..].iter().all(Hit::by_definition));
        for hit in &hits[first_definition..] {
            let definition = library.entries()[hit.index].definition.to_lowercase();
            assert!(definition.contains("single") && definition.contains("use"));
        }
        assert!(index.search("zzqx wombat").is_empty());
    }

    #[test]
    fn a_typo_is_one_edit_per_four_characters_and_never_a_short_word() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        let typo_titles = |query: &str| -> Vec<String> {
            let hits: Vec<Hit> = index
                .search(query)
                .into_iter()
                .filter(|hit| hit.tier == Tier::Typo)
                .collect();
            titles(&library, &hits)
        };
        // `swpa` is `swap` with two neighbours swapped: one edit.
        assert_eq!(typo_titles("swpa"), ["SIM Swap"]);
        // Three letters are too few for a typo (`kex` is one edit from `key`).
        assert!(typo_titles("kex").is_empty());
        // Two edits in a seven-letter word are one too many; in eight letters they are allowed.
        assert!(typo_titles("phsihng").is_empty());
        assert_eq!(typo_titles("phsihign").first().map(String::as_str), Some("Phishing"));
    }

    #[test]
    fn the_subsequence_check_wants_the_query_in_order() {
        assert!(is_subsequence("rco", "recovery codes"));
        assert!(!is_subsequence("ocr", "recovery"), "all there, in another order");
        assert!(!is_subsequence("rr", "r"));
        assert!(is_subsequence("", ""));
        assert!(is_subsequence("éß", "clé straße"));
        assert!(!is_subsequence("ßé", "clé straße"));
    }

    proptest::proptest! {
        /// The checks that skip a name before the matcher never skip one it would match.
        #[test]
        fn the_prefilters_never_drop_a_name_the_matcher_matches(
            name in "[a-eA-EéÉß -]{0,12}",
            query in "[a-eA-EéÉß-]{1,4}",
        ) {
            let (name, query) = (fold(&name), fold(&query));
            if MATCHER.fuzzy_match(&name, &query).is_some() {
                let mask = char_mask(&query);
                proptest::prop_assert_eq!(char_mask(&name) & mask, mask);
                proptest::prop_assert!(is_subsequence(&query, &name));
            }
        }
    }
}
