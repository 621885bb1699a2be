//! Fuzzy search over the library, behind one small API.
//!
//! Titles, aliases, ids and tags are matched with fuzzy-matcher's skim matcher; a definition
//! that contains every word of the query also counts, ranked below any name match. (A fuzzy
//! match inside a 300-character definition succeeds for almost any short query, so it would
//! rank noise and cost most of the time.) [`find_one`] is the "open this term" lookup used by
//! `lexicon open`: an exact name wins, otherwise the fuzzy best wins only when it is clearly
//! ahead of the runner-up.
//!
//! Speed, so that a keystroke stays inside one frame at tens of thousands of entries:
//! - [`SearchIndex`] prepares the haystacks once per library: lowercase copies for the exact,
//!   prefix and definition checks, a character mask per name to skip names that cannot match,
//!   and each distinct tag once, however many entries carry it. A name whose bytes do not hold
//!   the query's in order is skipped too, before the matcher's per-call setup. The lowercase
//!   names of each run of entries sit in one string, so a scan reads memory in order.
//! - The matcher sees only the part of a name that can change its score (see
//!   `scored_part`): for a short query, a few characters instead of the whole name. For the
//!   first two keys typed, which match nearly every name, a name's score is put together from
//!   the matcher's scores of each character after each other one, computed once per search,
//!   and for two characters the matcher's gap and consecutive terms.
//! - [`Searcher`] narrows incrementally: a query that extends the previous one can only match
//!   a subset of its hits, so only those are scored again (an entry found only through its
//!   definition has only its definition checked), and erasing a character returns the results
//!   already computed for the shorter query.
//! - A keystroke ranks only the best [`RANKED_FIRST`] of its [`Results`]. Every match gets a
//!   ceiling on the matcher's score (`bound`), a quarter of the cost of the score, and only
//!   the entries whose ceiling could put them among the best are given to the matcher. The
//!   rest are ranked when someone scrolls near them, or by the search thread once the best
//!   are on screen.
//! - Large scans are split across the machine's cores, each ranking the hits it scored before
//!   the parts are merged, and a search can be cancelled between entries, so a newer
//!   keystroke never waits for an older one.

mod bound;
mod first_keys;

use crate::content::{Entry, Library};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::{SkimMatcherV2, SkimScoreConfig};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, OnceLock, mpsc};
use std::time::Duration;

/// Name matches always outrank definition matches by at least this much.
const NAME_BONUS: i64 = 1_000_000;

/// Below this many candidates, one thread is as fast as sharing the work: waking the other
/// threads costs about as much as scoring a thousand entries. (At 4,096, the fifth key of
/// `token`, 2,122 candidates, took 1.0 ms on one thread and 0.7 ms on two.)
const PARALLEL_THRESHOLD: usize = 1_024;

/// From this many matcher calls for the best results of a keystroke, they are shared between
/// the cores.
const PARALLEL_SCORES: usize = 64;

/// How many entries are scored between two looks at the cancel flag.
const CANCEL_CHECK_EVERY: usize = 256;

/// The matcher for ranking. It compares lowercase haystacks with a lowercase query, case
/// sensitively: that is a third faster than asking it to ignore case, and folds non-ASCII
/// letters too (the matcher's own case folding is ASCII only). The one thing lost is the bonus
/// for a capital inside a word ("WebAuthn"); word starts after spaces and hyphens still count.
/// One matcher serves the whole process: it keeps its scratch matrices per thread.
static MATCHER: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().respect_case());

/// The matcher for highlighting, on the title as written.
static HIGHLIGHTER: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().ignore_case());

/// One result: the entry's index in [`Library::entries`] and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub index: usize,
    pub score: i64,
}

impl Hit {
    /// Whether the entry matched only through its definition, not by any name or tag.
    pub fn by_definition(&self) -> bool {
        self.score < NAME_BONUS
    }
}

/// How many results a keystroke ranks: more than any screen shows, so that the rest are
/// ranked only if someone scrolls that far ([`Results::rank_all`]).
pub const RANKED_FIRST: usize = 256;

/// A query's results as someone types it: the best ranked, best first, and all the matches,
/// of which those not ranked yet rank below every ranked one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Results {
    query: String,
    ranked: Vec<Hit>,
    /// Every match in library order, ranked or not: the candidates for a longer query, shared
    /// with the [`Searcher`]'s memory of this query rather than copied for each.
    matched: Arc<[Candidate]>,
}

impl Results {
    /// Results that are all ranked already.
    pub fn complete(query: &str, hits: Vec<Hit>) -> Results {
        // Any of them might match a longer query by name.
        let matched = sorted_indices(&hits).into_iter().map(Candidate::any).collect();
        Results {
            query: query.to_owned(),
            ranked: hits,
            matched,
        }
    }

    /// How many entries matched, ranked or not.
    pub fn len(&self) -> usize {
        self.matched.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ranked results, best first: the first [`Results::len`] positions once
    /// [`Results::rank_all`] has run.
    pub fn ranked(&self) -> &[Hit] {
        &self.ranked
    }

    /// The result at `position` in the ranking, if that far is ranked.
    pub fn get(&self, position: usize) -> Option<Hit> {
        self.ranked.get(position).copied()
    }

    pub fn is_complete(&self) -> bool {
        self.ranked.len() == self.matched.len()
    }

    /// Ranks every match, with the `index` they were found in: the ones ranked already stay
    /// first, as no other can rank above them.
    pub fn rank_all(&mut self, index: &SearchIndex) {
        // Never cancelled, so always done.
        self.rank_rest(index, &|| false);
    }

    /// [`Results::rank_all`], unless `cancelled` says so first; then nothing changes. True
    /// when done.
    fn rank_rest(&mut self, index: &SearchIndex, cancelled: &(dyn Fn() -> bool + Sync)) -> bool {
        if self.is_complete() {
            return true;
        }
        // All of them again, the best included: that is a few hundred scores more than the
        // rest alone, and spares keeping the rest in a list of its own.
        let query = Query::new(index, self.query.trim());
        let Some(ranked) = index.rank_exactly(&query, &self.matched, cancelled) else {
            return false;
        };
        self.ranked = ranked;
        true
    }

    /// Every result, ranked.
    pub fn into_all_ranked(mut self, index: &SearchIndex) -> Vec<Hit> {
        self.rank_all(index);
        self.ranked
    }
}

/// An entry that matches, with a score at least its own; `exact` when it is the score, and
/// `deferred` when it is only the largest score any name match can have.
#[derive(Debug, Clone, Copy)]
struct Ceiling {
    candidate: Candidate,
    score: i64,
    exact: bool,
    deferred: bool,
}

/// An entry to match, and whether its names can match at all. An entry found only through
/// its definition is found so for any longer query too: a query that extends another holds
/// its characters in the same order, so names that do not hold the shorter one's do not hold
/// the longer one's. So narrowing checks only such an entry's definition. One word, with the
/// flag in the top bit: an entry's position never comes near it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Candidate(usize);

impl Candidate {
    const DEFINITION_ONLY: usize = 1 << (usize::BITS - 1);

    fn any(index: usize) -> Candidate {
        Candidate(index)
    }

    fn definition_only(index: usize) -> Candidate {
        Candidate(index | Candidate::DEFINITION_ONLY)
    }

    fn index(self) -> usize {
        self.0 & !Candidate::DEFINITION_ONLY
    }

    fn names_can_match(self) -> bool {
        self.0 & Candidate::DEFINITION_ONLY == 0
    }
}

/// Where each word of `query` first occurs in `text`, ignoring case as search does, as byte
/// ranges of `text` in order: for showing why a definition matched. A word that does not occur
/// has no range.
pub fn word_highlights(text: &str, query: &str) -> Vec<Range<usize>> {
    let query = fold(query);
    let mut ranges: Vec<Range<usize>> = if text.is_ascii() && query.is_ascii() {
        // Nearly all text: bytes compared without case, a row's definition at a time.
        query
            .split_whitespace()
            .filter_map(|word| {
                let at = text
                    .as_bytes()
                    .windows(word.len())
                    .position(|window| window.eq_ignore_ascii_case(word.as_bytes()))?;
                Some(at..at + word.len())
            })
            .collect()
    } else {
        // Each lowercase character of `text`, with the byte range of the character it comes
        // from (a character can lowercase to several).
        let folded: Vec<(char, Range<usize>)> = text
            .char_indices()
            .flat_map(|(at, c)| c.to_lowercase().map(move |lower| (lower, at..at + c.len_utf8())))
            .collect();
        query
            .split_whitespace()
            .filter_map(|word| {
                let word: Vec<char> = word.chars().collect();
                let start = folded
                    .windows(word.len())
                    .position(|window| window.iter().map(|(c, _)| *c).eq(word.iter().copied()))?;
                Some(folded[start].1.start..folded[start + word.len() - 1].1.end)
            })
            .collect()
    };
    ranges.sort_by_key(|range| range.start);
    // Overlapping words (`see` and `seed`) show as one.
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// The character positions of `title` that `query` matches, for highlighting a result. Only
/// the visible results need them, so they are not computed during the search.
pub fn title_highlights(title: &str, query: &str) -> Vec<usize> {
    let query = query.trim();
    if query.is_empty() {
        return Vec::new();
    }
    HIGHLIGHTER
        .fuzzy_indices(title, query)
        .map(|(_, indices)| indices)
        .unwrap_or_default()
}

/// Lowercases character by character, so that lowercasing a prefix gives a prefix of the
/// lowercased whole (`str::to_lowercase` treats a final sigma by context), which narrowing
/// relies on.
fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    fold_into(&mut folded, text);
    folded
}

/// [`fold`], appending to `out`.
fn fold_into(out: &mut String, text: &str) {
    // ASCII, nearly all text, lowercases byte by byte (the same result, several times faster).
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(text.chars().flat_map(char::to_lowercase));
    }
}

/// A set of characters as bits: a name can only match a query whose characters it all holds.
/// Both are lowercase already; characters other than ASCII letters and digits share the
/// remaining bits, which can only let extra names through, never drop one.
fn char_mask(text: &str) -> u64 {
    text.chars().fold(0, |mask, c| {
        let bit = match c {
            'a'..='z' => u32::from(c) - u32::from('a'),
            '0'..='9' => 26 + u32::from(c) - u32::from('0'),
            _ => 36 + u32::from(c) % 28,
        };
        mask | (1 << bit)
    })
}

/// Whether `needle`'s bytes all occur in `haystack`, in order. The matcher needs the query's
/// characters in order, which in UTF-8 puts their bytes in order too: a name that fails here
/// cannot match, and skipping it spares the matcher's setup for each call (collecting the
/// name's characters, its scratch buffers), which costs more than this whole check.
fn is_subsequence(needle: &[u8], haystack: &[u8]) -> bool {
    // A plain loop: names are a few dozen bytes, too short for a SIMD search to pay.
    let mut rest = haystack.iter();
    needle.iter().all(|byte| rest.any(|candidate| candidate == byte))
}

/// The part of `name` that decides its score for `query`: from the character before the first
/// place the query's first character occurs, to the last place its last character occurs.
/// `None` when the query cannot match. The matcher scores this part exactly as it scores the
/// whole name, at a fraction of the cost for a short query (for `r`, two characters of
/// `recovery codes` instead of fourteen):
/// - every match lies inside that part, so the matcher accepts it exactly when it accepts the
///   name;
/// - the matcher's sums only look at positions from the query's first match on, relative to
///   that first match, and at the character just before each position (for its word-start
///   bonus), which the kept character supplies;
/// - the extra bonus the matcher gives a name's first character goes to that kept character,
///   which can never be matched, or stays on the real first character when nothing is cut.
///
/// The `the_part_scores_as_the_whole_name` property test checks this against the matcher.
fn scored_part<'name>(name: &'name str, query: &str) -> Option<&'name str> {
    let (Some(first), Some(last)) = (query.chars().next(), query.chars().next_back()) else {
        return Some(name);
    };
    let first_at = name.find(first)?;
    let end = name.rfind(last)? + last.len_utf8();
    if end <= first_at {
        // The query's last character occurs only before its first: no match can exist.
        return None;
    }
    let from = name[..first_at].char_indices().next_back().map_or(0, |(at, _)| at);
    Some(&name[from..end])
}

/// The matcher's score of a lowercase name for a lowercase query.
fn name_score(name: &str, query: &str) -> Option<i64> {
    MATCHER.fuzzy_match(scored_part(name, query)?, query)
}

/// Where something lies in one of the index's arrays or strings, in 32 bits: half the size
/// of a `Range<usize>`, which matters because a keystroke reads one per name and entry of
/// tens of thousands, and the index stays in memory beside the library. Every position in a
/// [`Run`] fits, as a run holds 256 entries of content files of at most
/// [`MAX_FILE_BYTES`](crate::content::loader::MAX_FILE_BYTES) each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// `None` when the range does not fit in 32 bits.
    fn of(range: Range<usize>) -> Option<Span> {
        Some(Span {
            start: u32::try_from(range.start).ok()?,
            end: u32::try_from(range.end).ok()?,
        })
    }

    fn range(self) -> Range<usize> {
        // u32 to usize never truncates on the 32- and 64-bit targets lexicon builds for.
        self.start as usize..self.end as usize
    }

    fn len(self) -> usize {
        self.range().len()
    }
}

/// A name to match: where its lowercase text lies in its run's [`Run::text`], and its mask.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Name {
    text: Span,
    mask: u64,
}

/// What search needs of one entry, prepared once: positions in its [`Run`]'s arrays, so that a
/// scan reads memory in order instead of following a pointer per name.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Haystack {
    /// In [`Run::names`]: the title, the aliases, then the id when it is not just the
    /// title as a slug.
    names: Span,
    /// How many of those are the title and aliases, which the prefix check looks at.
    titles: u32,
    /// In [`SearchIndex::entry_tags`].
    tags: Span,
    /// In [`Run::text`], for the exact check: the id always counts, even when it is
    /// not matched fuzzily.
    id: Span,
    /// The definition, lowercase: a string per entry (see [`SearchIndex`] for why).
    definition: Box<str>,
}

/// The library's haystacks, prepared for searching. Build it once per library.
///
/// The names and ids of each run of `RUN` consecutive entries live in one string rather
/// than a string per name: a keystroke scans every candidate's names, and reading them in
/// order is several times faster than gathering tens of thousands of separate allocations
/// from all over memory. Runs rather than one string for the whole library, and definitions
/// (read only for entries whose names do not match) one string each, so that building an
/// index mostly reuses the memory a load has just freed: large buffers each need fresh
/// memory, which put the peak of a reader that parsed 30,000 entries 5 to 25 MB higher.
///
/// It can be saved (serde): the search cache of a folder keeps one, so that `lexicon search`
/// neither loads the library nor builds an index. One read back is used only when
/// [`SearchIndex::is_consistent`] says so.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SearchIndex {
    /// Entry `i` is entry `i % RUN` of run `i / RUN`.
    runs: Vec<Run>,
    /// Each entry's tags, as indices into `tags`.
    entry_tags: Vec<u32>,
    /// Each distinct tag once, however many entries carry it, its text in `tag_text`.
    tags: Vec<Name>,
    tag_text: String,
    /// One-character queries' results, worked out when the search thread is idle; never
    /// saved, as they are quick to work out again.
    #[serde(skip)]
    first_keys: first_keys::FirstKeys,
}

/// How many entries a [`Run`] holds (the last one may hold fewer).
const RUN: usize = 256;

/// The id, when the title already says everything the id does, adds nothing to match.
fn id_is_title_slug(id: &str, title: &str) -> bool {
    let mut slug = String::with_capacity(title.len());
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    slug == id
}

/// Appends `raw`, lowercase, to `arena`; returns where it lies.
fn push_folded(arena: &mut String, raw: &str) -> Range<usize> {
    let start = arena.len();
    fold_into(arena, raw);
    start..arena.len()
}

/// Appends `raw`, lowercase, to `text`, as a name to match; `None`, and nothing appended, when
/// its place does not fit in a [`Span`], which leaves the name unsearchable rather than
/// wrong.
fn push_name(text: &mut String, raw: &str) -> Option<Name> {
    let before = text.len();
    let at = push_folded(text, raw);
    let Some(span) = Span::of(at.clone()) else {
        text.truncate(before);
        return None;
    };
    Some(Name {
        mask: char_mask(&text[at]),
        text: span,
    })
}

/// The haystacks of a run of consecutive entries, with the lowercase text they point into.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Run {
    entries: Vec<Haystack>,
    /// The names of `entries`, which hold positions in here.
    names: Vec<Name>,
    /// Every name and id, lowercase, back to back.
    text: String,
}

impl Run {
    fn of(entries: &[Entry]) -> Run {
        // Sized from the entries (exactly, for ASCII), so that no buffer is grown by doubling.
        let mut run = Run {
            entries: Vec::with_capacity(entries.len()),
            names: Vec::with_capacity(entries.iter().map(|entry| entry.aliases.len() + 2).sum()),
            text: String::with_capacity(
                entries
                    .iter()
                    .map(|entry| {
                        entry.title.len() + entry.id.len() + entry.aliases.iter().map(String::len).sum::<usize>()
                    })
                    .sum(),
            ),
        };
        for entry in entries {
            let first_name = run.names.len();
            for title in std::iter::once(&entry.title).chain(&entry.aliases) {
                run.names.extend(push_name(&mut run.text, title));
            }
            let titles = run.names.len() - first_name;
            let id = if id_is_title_slug(&entry.id, &entry.title) {
                Span::of(push_folded(&mut run.text, &entry.id))
            } else {
                let name = push_name(&mut run.text, &entry.id);
                run.names.extend(name);
                name.map(|name| name.text)
            };
            let definition = fold(&entry.definition).into_boxed_str();
            run.entries.push(Haystack {
                // A run's names and their count fit (see `Span`); were they not to, the entry
                // would only lose its names to search.
                names: Span::of(first_name..run.names.len()).unwrap_or_default(),
                titles: u32::try_from(titles).unwrap_or(0),
                tags: Span::default(),
                id: id.unwrap_or_default(),
                definition,
            });
        }
        run
    }
}

impl SearchIndex {
    pub fn new(library: &Library) -> SearchIndex {
        use rayon::prelude::*;
        // Folding every name and definition is the bulk of the work: on every core.
        let entries = library.entries();
        let mut index = SearchIndex {
            runs: entries.par_chunks(RUN).map(Run::of).collect(),
            ..SearchIndex::default()
        };
        // Tags are numbered in order of first appearance, so this part stays on one thread.
        let mut tag_ids: HashMap<&str, u32> = HashMap::new();
        let haystacks = index.runs.iter_mut().flat_map(|run| run.entries.iter_mut());
        for (haystack, entry) in haystacks.zip(entries) {
            let first = index.entry_tags.len();
            for tag in &entry.tags {
                let id = match tag_ids.get(tag.as_str()) {
                    Some(&id) => Some(id),
                    // A tag that does not fit in 32 bits (gigabytes of distinct tags) is left
                    // out of search.
                    None => u32::try_from(index.tags.len()).ok().and_then(|id| {
                        index.tags.push(push_name(&mut index.tag_text, tag)?);
                        tag_ids.insert(tag.as_str(), id);
                        Some(id)
                    }),
                };
                index.entry_tags.extend(id);
            }
            haystack.tags = Span::of(first..index.entry_tags.len()).unwrap_or_default();
        }
        index
    }

    /// The lowercase text of a tag.
    fn tag_text_of(&self, tag: &Name) -> &str {
        self.tag_text.get(tag.text.range()).unwrap_or_default()
    }

    /// Whether every run but the last holds `RUN` entries, every position in the index lies
    /// inside what it points into, on character boundaries, and every mask is its name's:
    /// true of an index built here, and what an index read back from a file must show before
    /// it is used.
    pub fn is_consistent(&self) -> bool {
        let fits = |text: &str, name: &Name| {
            text.get(name.text.range())
                .is_some_and(|text| char_mask(text) == name.mask)
        };
        let full_runs = self.runs.split_last().is_none_or(|(last, others)| {
            last.entries.len() <= RUN && others.iter().all(|run| run.entries.len() == RUN)
        });
        full_runs
            && self.tags.iter().all(|tag| fits(&self.tag_text, tag))
            && self.entry_tags.iter().all(|&tag| (tag as usize) < self.tags.len())
            && self.runs.iter().all(|run| {
                run.names.iter().all(|name| fits(&run.text, name))
                    && run.entries.iter().all(|entry| {
                        run.names.get(entry.names.range()).is_some()
                            && (entry.titles as usize) <= entry.names.len()
                            && self.entry_tags.get(entry.tags.range()).is_some()
                            && run.text.get(entry.id.range()).is_some()
                    })
            })
    }

    pub fn len(&self) -> usize {
        self.runs.iter().map(|run| run.entries.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.iter().all(|run| run.entries.is_empty())
    }

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

    /// Finds the entries among `candidates` (all of them when `None`) that match `query` and
    /// ranks them, best first, equal scores in library order: all of them, or when `first` is
    /// given, at least that many of the best (see [`Results`]). Returns `None` as soon as
    /// `cancelled` says so.
    fn search_among(
        &self,
        query: &str,
        candidates: Option<&[Candidate]>,
        first: Option<usize>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Results> {
        let all: Vec<Candidate>;
        let candidates = match candidates {
            Some(candidates) => candidates,
            None => {
                all = (0..self.len()).map(Candidate::any).collect();
                &all
            }
        };
        let text = query.trim();
        if text.is_empty() {
            let hits = candidates
                .iter()
                .map(|candidate| Hit {
                    index: candidate.index(),
                    score: 0,
                })
                .collect();
            return Some(Results {
                query: query.to_owned(),
                ranked: hits,
                matched: candidates.into(),
            });
        }
        let prepared = Query::new(self, text);
        let Some(first) = first else {
            let hits = self.rank_exactly(&prepared, candidates, cancelled)?;
            return Some(Results::complete(query, hits));
        };
        // Ceilings first, cheap next to the matcher's scores; then only the entries whose
        // ceiling could put them among the best get the matcher's score.
        let ceilings = self.in_parts(candidates, |part| self.ceilings(&prepared, part, cancelled))?;
        let mut ceilings: Vec<Ceiling> = ceilings.concat();
        // Entries whose names match but neither are nor start with the query were put off:
        // with enough that do, none of them can be among the best.
        let leading = ceilings
            .iter()
            .filter(|ceiling| ceiling.score >= NAME_BONUS + NAME_BONUS / 2)
            .count();
        if leading < first {
            use rayon::prelude::*;
            let ceiling_of = |ceiling: &mut Ceiling| {
                if ceiling.deferred
                    && let Some(found) = self.ceiling(&prepared, ceiling.candidate, false)
                {
                    *ceiling = found;
                }
            };
            if ceilings.len() >= PARALLEL_THRESHOLD {
                ceilings.par_iter_mut().for_each(ceiling_of);
            } else {
                ceilings.iter_mut().for_each(ceiling_of);
            }
            if cancelled() {
                return None;
            }
        }
        let matched = ceilings.iter().map(|ceiling| ceiling.candidate).collect();
        let ranked = self.best_of(&prepared, ceilings, first, cancelled)?;
        Some(Results {
            query: query.to_owned(),
            ranked,
            matched,
        })
    }

    /// Runs `work` on `candidates` in one part per core when there are enough of them to
    /// be worth it, on one otherwise, and returns the parts' answers in order.
    fn in_parts<T: Send>(
        &self,
        candidates: &[Candidate],
        work: impl Fn(&[Candidate]) -> Option<T> + Sync + Send,
    ) -> Option<Vec<T>> {
        let answers = if candidates.len() >= PARALLEL_THRESHOLD {
            use rayon::prelude::*;
            // One chunk per core, on rayon's threads (already running, unlike new ones).
            let chunk = candidates.len().div_ceil(rayon::current_num_threads().max(1));
            candidates.par_chunks(chunk).map(work).collect::<Option<Vec<T>>>()?
        } else {
            vec![work(candidates)?]
        };
        Some(answers)
    }

    /// Scores and ranks every entry of `candidates` that matches.
    fn rank_exactly(
        &self,
        query: &Query,
        candidates: &[Candidate],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        // Each part is scored and ranked on its own, the ranking on the same core: with
        // tens of thousands of hits, sorting them all on one core afterwards took a fifth of a
        // keystroke.
        let parts = self.in_parts(candidates, |part| {
            let mut hits = self.score_all(query, part, cancelled)?;
            hits.sort_unstable_by_key(rank);
            Some(hits)
        })?;
        let hits = merge_ranked(parts);
        (!cancelled()).then_some(hits)
    }

    fn score_all(
        &self,
        query: &Query,
        candidates: &[Candidate],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        each_match(candidates, cancelled, |candidate| {
            let score = self.score(query, candidate)?;
            Some(Hit {
                index: candidate.index(),
                score,
            })
        })
    }

    /// The ceilings of the entries of `candidates` that match, in their order.
    fn ceilings(
        &self,
        query: &Query,
        candidates: &[Candidate],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Ceiling>> {
        each_match(candidates, cancelled, |candidate| self.ceiling(query, candidate, true))
    }

    /// One entry's [`Ceiling`], when it matches; `defer` as [`SearchIndex::score_or_defer`].
    fn ceiling(&self, query: &Query, candidate: Candidate, defer: bool) -> Option<Ceiling> {
        let scored = self.score_or_defer(query, candidate, |name| query.name_ceiling(name), defer)?;
        Some(Ceiling {
            candidate: if scored.by_name {
                Candidate::any(candidate.index())
            } else {
                Candidate::definition_only(candidate.index())
            },
            score: scored.score,
            exact: scored.exact,
            deferred: scored.deferred,
        })
    }

    /// The `first` best of the matches `ceilings` describes, ranked. Entries are taken best
    /// ceiling first, each scored, until the next ceiling cannot beat the worst of the
    /// `first` best scores so far: no entry left can rank above that one, as its score is at
    /// most its ceiling.
    fn best_of(
        &self,
        query: &Query,
        mut ceilings: Vec<Ceiling>,
        first: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        if first == 0 {
            return Some(Vec::new());
        }
        // Ordered as `rank` orders hits: the greater key ranks higher.
        let key = |score: i64, index: usize| (score, Reverse(index));
        let best_first = |ceiling: &Ceiling| Reverse(key(ceiling.score, ceiling.candidate.index()));
        // Only the best few ceilings are put in order, which is usually all the loop takes
        // (a ceiling is most often the score itself); the rest only if it goes on.
        let window = first.saturating_mul(2).min(ceilings.len());
        if window < ceilings.len() {
            ceilings.select_nth_unstable_by_key(window, best_first);
        }
        ceilings[..window].sort_unstable_by_key(best_first);
        let mut in_order = window;
        // The best `first` ceilings are always taken, so their scores are asked for at once,
        // on every core when enough of them need the matcher.
        let sure = &ceilings[..first.min(window)];
        let score_of = |ceiling: &Ceiling| {
            if ceiling.exact {
                Some(ceiling.score)
            } else {
                self.score(query, Candidate::any(ceiling.candidate.index()))
            }
        };
        let sure_scores: Vec<Option<i64>> = if sure.iter().filter(|ceiling| !ceiling.exact).count() >= PARALLEL_SCORES {
            use rayon::prelude::*;
            sure.par_iter().map(score_of).collect()
        } else {
            sure.iter().map(score_of).collect()
        };
        // The best so far, the worst of them on top.
        let mut best: BinaryHeap<Reverse<(i64, Reverse<usize>)>> = BinaryHeap::with_capacity(first + 1);
        let mut taken = 0;
        while taken < ceilings.len() {
            if taken == in_order {
                ceilings[in_order..].sort_unstable_by_key(best_first);
                in_order = ceilings.len();
            }
            let ceiling = ceilings[taken];
            let index = ceiling.candidate.index();
            if let Some(Reverse(worst)) = best.peek()
                && best.len() >= first
                && key(ceiling.score, index) <= *worst
            {
                break;
            }
            taken += 1;
            if taken.is_multiple_of(CANCEL_CHECK_EVERY) && cancelled() {
                return None;
            }
            // The ceiling found a match, so the matcher does too; `None` cannot happen.
            let Some(score) = sure_scores
                .get(taken - 1)
                .copied()
                .unwrap_or_else(|| score_of(&ceiling))
            else {
                continue;
            };
            best.push(Reverse(key(score, index)));
            if best.len() > first {
                best.pop();
            }
        }
        // Ascending order of `Reverse` keys is best first.
        let ranked = best
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse((score, Reverse(index)))| Hit { index, score })
            .collect();
        Some(ranked)
    }

    fn score(&self, query: &Query, candidate: Candidate) -> Option<i64> {
        self.score_with(query, candidate, |name| {
            query.name_score(name).map(|score| (score, true))
        })
        .map(|scored| scored.score)
    }

    /// The entry's score with its names scored by `name_score`, which gives a score or a
    /// ceiling and says which (`true` for a score); the result is a ceiling when any name's
    /// was.
    fn score_with(
        &self,
        query: &Query,
        candidate: Candidate,
        name_score: impl Fn(&str) -> Option<(i64, bool)>,
    ) -> Option<Scored> {
        self.score_or_defer(query, candidate, name_score, false)
    }

    /// [`SearchIndex::score_with`], or with `defer`, for an entry whose names surely match but
    /// neither are nor start with the query, only the largest score such an entry can have
    /// ([`Query::any_name_score`]), marked `deferred`: below every entry whose name is or
    /// starts with the query, it is scored only if fewer of those than are wanted match.
    fn score_or_defer(
        &self,
        query: &Query,
        candidate: Candidate,
        name_score: impl Fn(&str) -> Option<(i64, bool)>,
        defer: bool,
    ) -> Option<Scored> {
        let index = candidate.index();
        let run = self.runs.get(index / RUN)?;
        let entry = run.entries.get(index % RUN)?;
        let (names, tags) = if candidate.names_can_match() {
            (
                run.names.get(entry.names.range())?,
                self.entry_tags.get(entry.tags.range()).unwrap_or_default(),
            )
        } else {
            (&[][..], &[][..])
        };
        // Never out of place in an index built here; one read back is checked first.
        let text_of = |name: &Name| run.text.get(name.text.range()).unwrap_or_default();
        let folded = query.folded.as_str();
        let matching = || {
            names
                .iter()
                .filter(|name| name.mask & query.mask == query.mask)
                .map(text_of)
                .filter(|text| is_subsequence(folded.as_bytes(), text.as_bytes()))
        };
        let tag_scores = || {
            tags.iter()
                .filter_map(|&tag| query.tag_scores.get(tag as usize).copied().flatten())
        };
        // Exact names first, then prefixes, then fuzzy matches.
        let titles = || {
            names
                .get(..entry.titles as usize)
                .unwrap_or_default()
                .iter()
                .map(text_of)
        };
        let boost = || {
            if run.text.get(entry.id.range()) == Some(folded) || titles().any(|title| title == folded) {
                2 * NAME_BONUS
            } else if titles().any(|title| title.starts_with(folded)) {
                NAME_BONUS / 2
            } else {
                0
            }
        };
        // An ASCII name whose bytes hold an ASCII query's in order is one the matcher matches:
        // that is its own test, on characters.
        let surely_matches =
            || (folded.is_ascii() && matching().any(|text| text.is_ascii())) || tag_scores().next().is_some();
        // Worked out at most once: it compares the titles with the query.
        let mut known_boost = None;
        if defer && surely_matches() {
            let found = boost();
            if found == 0 {
                return Some(Scored {
                    score: NAME_BONUS + query.any_name_score(),
                    exact: false,
                    by_name: true,
                    deferred: true,
                });
            }
            known_boost = Some(found);
        }
        let mut exact = true;
        let name_score = matching()
            .filter_map(|text| {
                let (score, is_exact) = name_score(text)?;
                exact &= is_exact;
                Some(score)
            })
            .chain(tag_scores())
            .max();
        if let Some(score) = name_score {
            return Some(Scored {
                score: NAME_BONUS + known_boost.unwrap_or_else(boost) + score,
                exact,
                by_name: true,
                deferred: false,
            });
        }
        // Every word somewhere in the definition; an earlier first word ranks higher.
        let definition = entry.definition.as_bytes();
        let mut first = None;
        for word in &query.words {
            let at = word.find(definition)?;
            first.get_or_insert(at);
        }
        let at = i64::try_from(first.unwrap_or(0))
            .unwrap_or(i64::MAX)
            .min(NAME_BONUS - 1);
        Some(Scored {
            score: NAME_BONUS - 1 - at,
            exact: true,
            by_name: false,
            deferred: false,
        })
    }
}

/// An entry's score, or a ceiling on it (`exact` false), and whether a name or tag matched.
struct Scored {
    score: i64,
    exact: bool,
    by_name: bool,
    /// Scored only as any name match can be (see [`SearchIndex::score_or_defer`]).
    deferred: bool,
}

/// What `matches` says of each of `candidates`, where it says anything, in their order;
/// `None` once `cancelled` says so, which is asked every [`CANCEL_CHECK_EVERY`] entries.
fn each_match<T>(
    candidates: &[Candidate],
    cancelled: &(dyn Fn() -> bool + Sync),
    matches: impl Fn(Candidate) -> Option<T>,
) -> Option<Vec<T>> {
    let mut found = Vec::new();
    for (done, &candidate) in candidates.iter().enumerate() {
        if done % CANCEL_CHECK_EVERY == 0 && cancelled() {
            return None;
        }
        found.extend(matches(candidate));
    }
    Some(found)
}

/// The entries of `hits`, in library order.
fn sorted_indices(hits: &[Hit]) -> Vec<usize> {
    let mut indices: Vec<usize> = hits.iter().map(|hit| hit.index).collect();
    indices.sort_unstable();
    indices
}

/// The order of hits: best first, ties in library (title) order. No two hits share a key.
fn rank(hit: &Hit) -> (std::cmp::Reverse<i64>, usize) {
    (std::cmp::Reverse(hit.score), hit.index)
}

/// Merges lists of hits each ordered by [`rank`] into one so ordered: the same order as
/// sorting them all, as no two hits share a key.
fn merge_ranked(parts: Vec<Vec<Hit>>) -> Vec<Hit> {
    parts
        .into_iter()
        .reduce(|left, right| {
            let mut merged = Vec::with_capacity(left.len() + right.len());
            let (mut left, mut right) = (left.into_iter().peekable(), right.into_iter().peekable());
            while let (Some(l), Some(r)) = (left.peek(), right.peek()) {
                let next = if rank(l) <= rank(r) { left.next() } else { right.next() };
                merged.extend(next);
            }
            merged.extend(left);
            merged.extend(right);
            merged
        })
        .unwrap_or_default()
}

/// A query prepared for scoring many entries.
struct Query {
    folded: String,
    /// The query's words, each with a searcher built once (SIMD substring search).
    words: Vec<memchr::memmem::Finder<'static>>,
    mask: u64,
    /// Each distinct tag's score, computed once rather than once per entry carrying it.
    tag_scores: Vec<Option<i64>>,
    /// For a query of one or two ASCII characters, the scores that make up any name's score.
    by_parts: Option<ByParts>,
}

/// A short query whose names are scored from parts computed once per search, instead of by a
/// matcher call per name. The first two keys typed are the ones that match nearly every name,
/// so they are the ones that would cost the most calls.
enum ByParts {
    // Boxed: tables of scores, too large to move around inline.
    One(Box<OneCharacter>),
    Two(Box<TwoCharacters>),
}

impl ByParts {
    fn new(query: &str) -> Option<ByParts> {
        OneCharacter::new(query)
            .map(|one| ByParts::One(Box::new(one)))
            .or_else(|| TwoCharacters::new(query).map(|two| ByParts::Two(Box::new(two))))
    }
}

/// The matcher's scores for a query of one ASCII character, the first key typed and the one
/// that matches the most names, so the one that costs the most.
///
/// For one character the matcher's score of a name is the best, over the places the
/// character occurs, of a score that depends only on the character before that place (a word
/// start scores more than the middle of a word) or on the place being the first. So each of
/// those scores is asked of the matcher once per search, on the two characters alone, and a
/// name is then scored by looking up the character before each place, instead of calling the
/// matcher on the name. The character after itself (as in two spaces) cannot be asked that
/// way, since the matcher would score the first of the two; it is asked after a different
/// character of the same kind (see [`kindred`]). The `one_character_scores_are_the_matchers`
/// property test checks all of this against the matcher.
struct OneCharacter {
    byte: u8,
    /// The score where the name starts with the character.
    at_start: Option<i64>,
    /// The score where the character follows each ASCII character.
    after: [Option<i64>; 128],
}

/// A different ASCII character of the same kind as `byte` for the matcher's word-start bonus
/// (a separator that starts words, a punctuation mark that breaks them, a capital, or a
/// lowercase letter or digit), so that `byte` after it scores as `byte` after itself. The
/// kinds are those of fuzzy-matcher's skim `CharType`, where NUL is the one byte of its kind.
fn kindred(byte: u8) -> Option<u8> {
    let other_than = |usual: u8, instead: u8| if byte == usual { instead } else { usual };
    match byte {
        0 => None,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Some(other_than(b' ', b'/')),
        _ if byte.is_ascii_punctuation() => Some(other_than(b'-', b'.')),
        b'A'..=b'Z' => Some(other_than(b'A', b'B')),
        _ => Some(other_than(b'a', b'b')),
    }
}

impl OneCharacter {
    fn new(query: &str) -> Option<OneCharacter> {
        let &[byte] = query.as_bytes() else {
            return None;
        };
        // NUL is the one byte with no kindred; a query holding it goes to the matcher.
        if !byte.is_ascii() || byte == 0 {
            return None;
        }
        let score_after = |before: u8| {
            let pair: String = [char::from(before), char::from(byte)].into_iter().collect();
            MATCHER.fuzzy_match(&pair, query)
        };
        let mut after = [None; 128];
        for (before, score) in (0u8..128).zip(after.iter_mut()) {
            *score = if before == byte {
                kindred(byte).and_then(score_after)
            } else {
                score_after(before)
            };
        }
        Some(OneCharacter {
            byte,
            at_start: MATCHER.fuzzy_match(query, query),
            after,
        })
    }

    /// The matcher's score of `name` for this character.
    fn score(&self, name: &str, query: &str) -> Option<i64> {
        let bytes = name.as_bytes();
        let mut best = None;
        for at in memchr::memchr_iter(self.byte, bytes) {
            let before = at.checked_sub(1).and_then(|before| bytes.get(before)).copied();
            let score = match before {
                // The end of a character of several bytes: the matcher scores the pair.
                Some(before) if !before.is_ascii() => {
                    let from = name[..at].char_indices().next_back().map_or(0, |(from, _)| from);
                    MATCHER.fuzzy_match(&name[from..=at], query)
                }
                _ => self.score_after(before),
            };
            best = best.max(score);
        }
        best
    }

    /// The character's score in one place, from the byte before it (`None`: the place is the
    /// first). `None` when the table does not hold it: that byte is not ASCII.
    fn score_after(&self, before: Option<u8>) -> Option<i64> {
        match before {
            None => self.at_start,
            Some(before) => self.after.get(usize::from(before)).copied().flatten(),
        }
    }
}

/// The matcher's scores for a query of two ASCII characters, the second key typed: after the
/// first key nearly every name still holds both characters, so without this the second key is
/// the one that costs the most matcher calls.
///
/// With two characters the matcher's table has one row per character. The first row starts
/// from nothing, so each place of the first character scores exactly its one-character score
/// there. The second row adds, at each place of the second character, its own one-character
/// score and the best way to reach it from an earlier place of the first: right after it (with
/// the matcher's bonus for consecutive characters) or across a gap (with its gap penalty,
/// which grows by the same amount per character skipped). So a name's score is the best such
/// sum over the places of the two characters, found in one pass over its bytes with the
/// one-character tables and the matcher's own configuration. (Longer queries carry a bonus
/// from row to row, and that is where fuzzy-matcher 0.3.7 reads a stale scratch value: see
/// `fresh_score` in the tests. Two rows never read it.)
///
/// Names that are not ASCII go to the matcher whole. The `two_character_scores_are_the_matchers`
/// property test checks this against the matcher.
struct TwoCharacters {
    first: OneCharacter,
    second: OneCharacter,
    /// The matcher's penalty for each character of a gap (negative).
    gap_extension: i64,
    /// The matcher's penalty for opening a gap, besides its first character's (negative).
    gap_start: i64,
    /// The least the second character adds when it directly follows the first: a match and
    /// the matcher's bonus for consecutive characters.
    consecutive: i64,
}

impl TwoCharacters {
    fn new(query: &str) -> Option<TwoCharacters> {
        let &[first, second] = query.as_bytes() else {
            return None;
        };
        // The matcher's defaults, which `MATCHER` uses.
        let config = SkimScoreConfig::default();
        Some(TwoCharacters {
            first: OneCharacter::new(char::from(first).encode_utf8(&mut [0; 4]))?,
            second: OneCharacter::new(char::from(second).encode_utf8(&mut [0; 4]))?,
            gap_extension: i64::from(config.gap_extension),
            gap_start: i64::from(config.gap_start),
            consecutive: i64::from(config.score_match + config.bonus_consecutive.max(0)),
        })
    }

    /// The matcher's score of `name` for these two characters.
    fn score(&self, name: &str, query: &str) -> Option<i64> {
        if !name.is_ascii() {
            return name_score(name, query);
        }
        let bytes = name.as_bytes();
        let mut best = None;
        // The first character's score at the place just before this one, if it is there.
        let mut first_just_before: Option<i64> = None;
        // Over the first character's places p at least two before this one, the best of its
        // score there minus `gap_extension * p`: the part of a gap's penalty that depends on p.
        let mut first_before_a_gap: Option<i64> = None;
        for (at, &byte) in bytes.iter().enumerate() {
            // Names are far shorter than i64::MAX bytes.
            let place = i64::try_from(at).unwrap_or(i64::MAX);
            let before = at.checked_sub(1).and_then(|before| bytes.get(before)).copied();
            if byte == self.second.byte {
                let Some(second) = self.second.score_after(before) else {
                    return name_score(name, query);
                };
                if let Some(first) = first_just_before {
                    // The second's score holds one gap extension that a consecutive match
                    // does not pay.
                    best = best.max(Some(first + (second - self.gap_extension).max(self.consecutive)));
                }
                if let Some(first) = first_before_a_gap {
                    // A gap of (place - p - 1) characters; the second's score holds one
                    // extension already.
                    best = best.max(Some(first + second + self.gap_start + self.gap_extension * (place - 2)));
                }
            }
            if let Some(first) = first_just_before {
                first_before_a_gap = first_before_a_gap.max(Some(first - self.gap_extension * (place - 1)));
            }
            first_just_before = if byte == self.first.byte {
                let Some(first) = self.first.score_after(before) else {
                    return name_score(name, query);
                };
                Some(first)
            } else {
                None
            };
        }
        best
    }
}

impl Query {
    fn new(index: &SearchIndex, text: &str) -> Query {
        let folded = fold(text);
        let mask = char_mask(&folded);
        let words = folded
            .split_whitespace()
            .map(|word| memchr::memmem::Finder::new(word.as_bytes()).into_owned())
            .collect();
        let tag_scores = index
            .tags
            .iter()
            .map(|tag| {
                (tag.mask & mask == mask)
                    .then(|| name_score(index.tag_text_of(tag), &folded))
                    .flatten()
            })
            .collect();
        Query {
            by_parts: ByParts::new(&folded),
            folded,
            words,
            mask,
            tag_scores,
        }
    }

    /// The matcher's score of a lowercase name.
    fn name_score(&self, name: &str) -> Option<i64> {
        match &self.by_parts {
            Some(ByParts::One(one)) => one.score(name, &self.folded),
            Some(ByParts::Two(two)) => two.score(name, &self.folded),
            None => name_score(name, &self.folded),
        }
    }

    /// At least any name's or tag's score for this query: each query character adds at most
    /// the match score and the largest bonus (see `bound`), 32.
    fn any_name_score(&self) -> i64 {
        let characters = i64::try_from(self.folded.chars().count()).unwrap_or(i64::MAX / 64);
        32 * (characters + 1)
    }

    /// A lowercase name's score, or a ceiling on it where that is much cheaper, and which
    /// of the two (`true` for the score).
    fn name_ceiling(&self, name: &str) -> Option<(i64, bool)> {
        if self.by_parts.is_none() {
            let part = scored_part(name, &self.folded)?;
            if let Ok(ceiling) = bound::score_ceiling(part.as_bytes(), self.folded.as_bytes()) {
                return ceiling.map(|ceiling| (ceiling, false));
            }
        }
        self.name_score(name).map(|score| (score, true))
    }
}

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

/// One finished search, kept so that a longer query can start from its matches.
#[derive(Debug, Clone)]
struct Narrowing {
    query: String,
    /// Their matches are the candidates for any longer query.
    results: Results,
}

/// Searches as someone types: each query is narrowed from the longest earlier query it
/// extends, and going back (erasing) reuses what was already found.
#[derive(Debug, Clone, Default)]
pub struct Searcher {
    /// Each query here extends the one before it.
    trail: Vec<Narrowing>,
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
        while self
            .trail
            .last()
            .is_some_and(|last| !query.starts_with(last.query.as_str()))
        {
            self.trail.pop();
        }
        if let Some(last) = self.trail.last()
            && last.query == query
        {
            return Some(last.results.clone());
        }
        let candidates = self
            .trail
            .last()
            .filter(|last| !last.query.is_empty())
            .map(|last| &last.results.matched[..]);
        let prepared = candidates.is_none().then(|| index.first_key_results(query)).flatten();
        let results = match prepared {
            Some(results) => results,
            None => index.search_among(query, candidates, Some(RANKED_FIRST), cancelled)?,
        };
        debug_assert!(results.matched.is_sorted_by_key(|candidate| candidate.index()));
        self.trail.push(Narrowing {
            query: query.to_owned(),
            results: results.clone(),
        });
        Some(results)
    }
}

impl Searcher {
    /// Ranks the rest of the newest query's results (see [`Results::rank_all`]), unless
    /// `cancelled` says so first, and keeps them for going back to that query. The results,
    /// all ranked, when there was a rest to rank.
    pub fn rank_rest(&mut self, index: &SearchIndex, cancelled: &(dyn Fn() -> bool + Sync)) -> Option<Results> {
        let last = self.trail.last_mut().filter(|last| !last.results.is_complete())?;
        // A cancelled ranking leaves the results as they were.
        last.results.rank_rest(index, cancelled).then(|| last.results.clone())
    }
}

/// The search thread's next request. While none is waiting, the thread prepares the first
/// keys' results one at a time (see [`SearchIndex::prepare_first_key`]), so a request that
/// comes meanwhile waits for one key's search at most. `None` once the reader has gone.
fn next_request(incoming: &mpsc::Receiver<(u64, String)>, index: &SearchIndex) -> Option<(u64, String)> {
    loop {
        match incoming.try_recv() {
            Ok(request) => return Some(request),
            Err(mpsc::TryRecvError::Disconnected) => return None,
            Err(mpsc::TryRecvError::Empty) => {
                if !index.prepare_first_key() {
                    return incoming.recv().ok();
                }
            }
        }
    }
}

/// The results for one query, from [`BackgroundSearch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub query: String,
    pub results: Results,
}

/// Searches on a thread of its own, so that typing never waits for matching. Each request
/// supersedes the ones before it: a search still running for an older query stops at its
/// next check, and only the newest query's hits are ever handed back. The best results come
/// first; while no newer request comes, the thread then ranks the rest and hands the query's
/// results back again, all ranked, so scrolling far need not rank them on the reader's
/// thread. With nothing asked of it, it prepares the first keys' results
/// ([`SearchIndex::prepare_first_key`]), one key at a time.
#[derive(Debug)]
pub struct BackgroundSearch {
    requests: mpsc::Sender<(u64, String)>,
    found: mpsc::Receiver<(u64, Found)>,
    /// The generation of the newest request; a search for any other one is stale.
    latest: Arc<AtomicU64>,
}

impl BackgroundSearch {
    /// Starts the search thread, which builds the index first if nothing has. It ends when
    /// this value is dropped.
    pub fn start(index: Arc<LazyIndex>) -> std::io::Result<BackgroundSearch> {
        let (requests, incoming) = mpsc::channel::<(u64, String)>();
        let (outgoing, found) = mpsc::channel();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        std::thread::Builder::new()
            .name("lexicon-search".to_owned())
            .spawn(move || {
                let index = index.get();
                let mut searcher = Searcher::new();
                while let Some(mut request) = next_request(&incoming, index) {
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
                            Found {
                                query: query.clone(),
                                results,
                            },
                        ));
                        if !complete && let Some(results) = searcher.rank_rest(index, &stale) {
                            let _ = outgoing.send((generation, Found { query, results }));
                        }
                    }
                }
            })?;
        Ok(BackgroundSearch {
            requests,
            found,
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
    pub fn try_found(&self) -> Option<Found> {
        self.current(self.found.try_iter())
    }

    /// Waits up to `timeout` for the newest request's hits.
    pub fn wait_found(&self, timeout: Duration) -> Option<Found> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let (generation, found) = self.found.recv_timeout(left).ok()?;
            if generation == self.latest.load(Ordering::Acquire) {
                return Some(found);
            }
        }
    }

    fn current(&self, arrived: impl Iterator<Item = (u64, Found)>) -> Option<Found> {
        let latest = self.latest.load(Ordering::Acquire);
        arrived
            .filter(|(generation, _)| *generation == latest)
            .last()
            .map(|(_, found)| found)
    }
}

/// Ranks every entry of `library` that matches `query`, best first. For one-off searches
/// (the command line); the reader keeps a [`SearchIndex`] and a [`Searcher`].
pub fn search(library: &Library, query: &str) -> Vec<Hit> {
    SearchIndex::new(library).search(query)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_bundled;

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
        ] {
            assert_eq!(
                searcher.search(&index, query).into_all_ranked(&index),
                index.search(query),
                "typing `{query}`"
            );
        }
        // Erasing, then typing something else.
        for query in ["backup", "ba", "b", "", "p", "ph", "phi", "phis"] {
            assert_eq!(
                searcher.search(&index, query).into_all_ranked(&index),
                index.search(query),
                "at `{query}`"
            );
        }
    }

    /// However few results are asked for, they are the best of the full ranking, in its
    /// order, and the rest follow once ranked; few asked for, the walk over the ceilings runs
    /// past the ones it first put in order.
    #[test]
    fn ranking_only_the_best_gives_the_full_rankings_first_results() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        for query in ["b", "co", "key", "recovery", "phish", "seed phrase", "pass word", "zzz"] {
            let full = index.search(query);
            for first in [1, 2, 3, 7, 20] {
                let results = index
                    .search_among(query, None, Some(first), &|| false)
                    .expect("not cancelled");
                assert_eq!(results.len(), full.len(), "`{query}`");
                assert_eq!(results.ranked(), &full[..first.min(full.len())], "`{query}`, {first}");
                assert_eq!(results.into_all_ranked(&index), full, "`{query}`, {first}");
            }
            for limit in [0, 1, 5, 100] {
                assert_eq!(
                    index.search_best(query, limit),
                    &full[..limit.min(full.len())],
                    "`{query}`"
                );
            }
        }
    }

    /// Ceilings far above the scores, all alike: the walk has to score every entry, well past
    /// the few it first put in order, and still ranks as the full ranking does.
    #[test]
    fn loose_ceilings_cost_time_but_not_the_order() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        for query in ["co", "key", "ion"] {
            let full = index.search(query);
            assert!(full.len() > 10, "`{query}` matches many terms");
            let prepared = Query::new(&index, query);
            for first in [1, 3, 5] {
                let ceilings = full
                    .iter()
                    .rev()
                    .map(|hit| Ceiling {
                        candidate: Candidate::any(hit.index),
                        score: 3 * NAME_BONUS,
                        exact: false,
                        deferred: false,
                    })
                    .collect();
                let ranked = index.best_of(&prepared, ceilings, first, &|| false);
                assert_eq!(ranked.as_deref(), Some(&full[..first]), "`{query}`, {first}");
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
    fn names_rank_above_definitions_and_exact_names_first() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        let found = titles(&library, &index.search("totp"));
        assert_eq!(found.first().map(String::as_str), Some("TOTP"));
        // Entries that only mention attackers in their definitions come after every name match.
        let hits = index.search("attacker");
        let first_definition_only = hits.iter().position(|hit| hit.score < NAME_BONUS);
        if let Some(position) = first_definition_only {
            assert!(hits[position..].iter().all(|hit| hit.score < NAME_BONUS));
        }
        assert!(hits.iter().any(|hit| hit.score < NAME_BONUS), "a definition-only match");
    }

    #[test]
    fn word_highlights_find_each_word_ignoring_case_in_text_order() {
        let text = "Seed phrases: a SEED is the root of every key.";
        let marked =
            |query: &str| -> Vec<&str> { word_highlights(text, query).into_iter().map(|r| &text[r]).collect() };
        assert_eq!(marked("key seed"), ["Seed", "key"]);
        // Overlapping words show as one; a word that is not there shows nothing.
        assert_eq!(marked("see seed wombat"), ["Seed"]);
        assert_eq!(marked(""), Vec::<&str>::new());
        // A character that lowercases to two stays whole.
        let text = "Die İnsel, die Straße";
        let ranges = word_highlights(text, "i̇nsel strasse straße");
        let words: Vec<&str> = ranges.into_iter().map(|r| &text[r]).collect();
        assert_eq!(words, ["İnsel", "Straße"]);
    }

    #[test]
    fn a_definition_matches_only_when_it_holds_every_word() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        for hit in index.search("single use").iter().filter(|hit| hit.score < NAME_BONUS) {
            let definition = library.entries()[hit.index].definition.to_lowercase();
            assert!(definition.contains("single") && definition.contains("use"));
        }
        assert!(index.search("zzqx wombat").is_empty());
    }

    #[test]
    fn the_character_mask_never_drops_a_possible_match() {
        // Whatever the matcher accepts, the mask must let through.
        for (name, query) in [
            ("Two-Factor", "tf"),
            ("Ünïcode näme", "ÜNÏ"),
            ("x 1-y", "X 1"),
            ("a.b", "A.B"),
        ] {
            let (name, query) = (fold(name), fold(query));
            let mask = char_mask(&query);
            assert_eq!(char_mask(&name) & mask, mask, "{name} / {query}");
            assert!(MATCHER.fuzzy_match(&name, &query).is_some());
        }
    }

    proptest::proptest! {
        /// Whatever the matcher accepts, the prefilters (the character mask and the byte
        /// subsequence) let through, for any text, ASCII or not.
        #[test]
        fn the_prefilters_never_drop_a_possible_match(name in "[a-eA-EéÉß -]{0,12}", query in "[a-eA-EéÉß -]{1,4}") {
            let (name, query) = (fold(&name), fold(&query));
            if MATCHER.fuzzy_match(&name, &query).is_some() {
                let mask = char_mask(&query);
                proptest::prop_assert_eq!(char_mask(&name) & mask, mask);
                proptest::prop_assert!(is_subsequence(query.as_bytes(), name.as_bytes()));
            }
        }
    }

    /// A matcher with no scratch state from earlier calls. fuzzy-matcher 0.3.7 reads one stale
    /// value from its reused scratch matrix on consecutive matches, so a score can depend on
    /// the previous call; two fresh matchers compare the scoring itself.
    fn fresh_score(name: &str, query: &str) -> Option<i64> {
        SkimMatcherV2::default().respect_case().fuzzy_match(name, query)
    }

    proptest::proptest! {
        /// Highlights are non-empty runs of whole characters of the text, in order and apart,
        /// whatever the text and query.
        #[test]
        fn word_highlights_are_in_order_and_on_character_boundaries(text in "\\PC{0,30}", query in "\\PC{0,8}") {
            let ranges = word_highlights(&text, &query);
            for pair in ranges.windows(2) {
                proptest::prop_assert!(pair[0].end < pair[1].start);
            }
            for range in &ranges {
                let marked = text.get(range.clone());
                proptest::prop_assert!(marked.is_some_and(|marked| !marked.is_empty()));
            }
        }
    }

    proptest::proptest! {
        /// The part of a name that [`scored_part`] keeps scores as the whole name, match or
        /// not, for text with word breaks, capitals, digits and non-ASCII.
        #[test]
        fn the_part_scores_as_the_whole_name(
            name in "[a-dA-D0-9 _./éß-]{0,20}",
            query in "[a-dA-D0-9 .é-]{1,4}",
        ) {
            let part = scored_part(&name, &query).and_then(|part| fresh_score(part, &query));
            proptest::prop_assert_eq!(part, fresh_score(&name, &query));
        }
    }

    proptest::proptest! {
        /// A name's score for one ASCII character, put together from the scores of the
        /// character after each other character, is the matcher's score for the whole name:
        /// at the start, after a separator, a capital, a digit, a character of several bytes,
        /// or the same character.
        #[test]
        fn one_character_scores_are_the_matchers(name in "[a-dA-D0-9 _./éß-]{0,20}", query in "[a-dA-D0-9 ._-]") {
            let one = OneCharacter::new(&query).expect("one ASCII character");
            proptest::prop_assert_eq!(one.score(&name, &query), fresh_score(&name, &query));
        }
    }

    proptest::proptest! {
        // Many cases, because each is cheap; the small alphabet puts the query's characters
        // into most names, next to each other and apart.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        /// A name's score for two ASCII characters, put together from each character's
        /// one-character scores and the matcher's gap and consecutive terms, is the matcher's
        /// score for the whole name: next to each other or apart, in either order, repeated,
        /// doubled, after separators, capitals and digits, and in names that are not ASCII.
        #[test]
        fn two_character_scores_are_the_matchers(
            name in "[abcAB0 _./é-]{0,24}",
            query in "[ab0 ._-]{2}",
        ) {
            let two = TwoCharacters::new(&query).expect("two ASCII characters");
            proptest::prop_assert_eq!(two.score(&name, &query), fresh_score(&name, &query));
        }
    }

    proptest::proptest! {
        /// Parts ranked on their own and merged come out as if all were ranked together,
        /// ties in library order, however the entries were split.
        #[test]
        fn merged_parts_rank_as_one_sort(scores in proptest::collection::vec(0i64..4, 0..60), cuts in proptest::collection::vec(0usize..60, 0..4)) {
            let hits: Vec<Hit> = scores.iter().enumerate().map(|(index, &score)| Hit { index, score }).collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|cut| cut.min(hits.len())).collect();
            cuts.sort_unstable();
            let mut parts = Vec::new();
            let mut from = 0;
            for cut in cuts.into_iter().chain([hits.len()]) {
                let mut part = hits[from..cut].to_vec();
                part.sort_unstable_by_key(rank);
                parts.push(part);
                from = cut;
            }
            let mut expected = hits;
            expected.sort_by_key(rank);
            proptest::prop_assert_eq!(merge_ranked(parts), expected);
        }
    }

    #[test]
    fn two_character_scores_are_the_matchers_on_long_gaps() {
        // Gaps longer than the random names reach, where the penalty outgrows every bonus.
        for name in [
            "r-e",
            "r e",
            "rxxxxxxxxxxxxxxxxxxxxe",
            "x r xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx e re",
        ] {
            let two = TwoCharacters::new("re").expect("two ASCII characters");
            assert_eq!(two.score(name, "re"), fresh_score(name, "re"), "{name}");
        }
    }

    #[test]
    fn only_a_query_of_one_or_two_ascii_characters_is_scored_by_parts() {
        assert!(matches!(ByParts::new("r"), Some(ByParts::One(_))));
        assert!(matches!(ByParts::new("re"), Some(ByParts::Two(_))));
        assert!(ByParts::new("é").is_none());
        assert!(ByParts::new("ré").is_none());
        assert!(ByParts::new("rec").is_none());
        assert!(ByParts::new("").is_none());
        assert!(ByParts::new("\0").is_none());
    }

    #[test]
    fn the_part_scores_as_the_whole_name_on_real_titles() {
        let library = load_bundled().library;
        let queries = ["r", "e", "co", "tfa", "backup", "seed phrase", "ph", "a-", "2"];
        let mut matched = 0;
        for entry in library.entries() {
            let name = fold(&entry.title);
            for query in queries {
                let whole = fresh_score(&name, query);
                let part = scored_part(&name, query).and_then(|part| fresh_score(part, query));
                assert_eq!(part, whole, "{name} / {query}");
                matched += usize::from(whole.is_some());
            }
        }
        assert!(matched > 50, "the queries match many titles ({matched})");
    }

    #[test]
    fn an_index_read_back_is_used_only_when_every_position_fits() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        assert!(index.is_consistent(), "as built");
        let saved = postcard::to_stdvec(&index).expect("encodes");
        let read: SearchIndex = postcard::from_bytes(&saved).expect("decodes");
        assert!(read.is_consistent());
        assert_eq!(read.search("backup"), index.search("backup"), "the same answers");

        let damaged = |damage: &dyn Fn(&mut SearchIndex)| {
            let mut index: SearchIndex = postcard::from_bytes(&saved).expect("decodes");
            damage(&mut index);
            index.is_consistent()
        };
        let past_the_end = u32::try_from(index.runs[0].text.len() + 1).expect("a small text");
        assert!(!damaged(&|index| index.runs[0].names[0].text.end = past_the_end));
        assert!(!damaged(&|index| index.runs[0].names[0].mask ^= 1));
        assert!(!damaged(&|index| index.runs[0].entries[0].titles = 99));
        let tags = u32::try_from(index.tags.len()).expect("a few tags");
        assert!(!damaged(&|index| index.entry_tags[0] = tags));
        let past_the_tags = u32::try_from(index.entry_tags.len() + 1).expect("a few tags");
        assert!(!damaged(&|index| index.runs[0].entries[0].tags.end = past_the_tags));
        assert!(
            !damaged(&|index| index.runs.push(Run::default())),
            "runs after a short one"
        );
        assert!(!damaged(&|index| index.runs[0].entries[0].id.end = u32::MAX));
    }

    #[test]
    fn the_subsequence_check_wants_the_query_in_order() {
        assert!(is_subsequence(b"rco", b"recovery codes"));
        assert!(!is_subsequence(b"ocr", b"recovery"), "all there, in another order");
        assert!(!is_subsequence(b"rr", b"r"));
        assert!(is_subsequence(b"", b""));
    }

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
        let found = background.wait_found(Duration::from_secs(10)).expect("an answer");
        assert_eq!(found.query, "backup");
        assert_eq!(found.results.ranked(), index.search("backup"));
        // Nothing older arrives afterwards.
        assert_eq!(background.wait_found(Duration::from_millis(100)), None);
        background.request("phish");
        let found = background.wait_found(Duration::from_secs(10)).expect("an answer");
        assert_eq!(
            (found.query.as_str(), found.results.ranked()),
            ("phish", index.search("phish").as_slice())
        );
    }

    #[test]
    fn highlights_mark_the_matched_title_characters() {
        assert_eq!(title_highlights("Backup Codes", "bc"), vec![0, 7]);
        assert!(title_highlights("Backup Codes", "  ").is_empty());
    }

    #[test]
    fn the_id_is_matched_only_when_the_title_does_not_already_say_it() {
        assert!(id_is_title_slug(
            "two-factor-authentication",
            "Two-Factor Authentication"
        ));
        assert!(id_is_title_slug("fido2-and-webauthn", "FIDO2 and WebAuthn"));
        assert!(!id_is_title_slug("2fa", "Two-Factor Authentication"));
    }
}
