//! Check statements: the two sides of every misconception, their stable keys, and a
//! deterministic shuffle.

use crate::content::{Body, Entry, Source};
use serde::Serialize;
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

/// What a statement is: a myth (a common belief that is wrong) or a fact.
///
/// It is both the reader's answer and, through [`StatementKey::side`], the statement's right
/// answer: the `myth` text of a misconception is a Myth, its `fact` text is a Fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Myth,
    Fact,
}

impl Verdict {
    pub const ALL: [Verdict; 2] = [Verdict::Myth, Verdict::Fact];

    /// The lowercase name used in keys, the store and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Myth => "myth",
            Verdict::Fact => "fact",
        }
    }

    pub fn parse(text: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|verdict| verdict.as_str() == text)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The identity of a statement: its entry, the misconception's position in that entry, and
/// the side. Written `"{entry_id}#{index}/myth"` or `"{entry_id}#{index}/fact"`, e.g.
/// `backup-codes#0/myth`; for an entry of a content folder that replaces a bundled one
/// (`replaces:`), the folder's name comes first: `acme:backup-codes#0/myth`.
///
/// The key names no wording on purpose: answer history and review schedules are stored under
/// it, so rewording a myth, a fact or an explanation keeps their history. Only reordering or
/// removing misconceptions in an entry moves history onto different statements. A replacing
/// entry's misconceptions are other statements than the bundled lesson's, though they share
/// its id: the folder in their keys keeps their history apart.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StatementKey {
    /// The content folder of an entry that replaces a bundled one; `None` for every other.
    pub folder: Option<String>,
    pub entry_id: String,
    /// The misconception's position in the entry's `misconceptions` list, from 0.
    pub index: usize,
    /// Which text of the misconception; also the statement's right answer.
    pub side: Verdict,
}

impl StatementKey {
    pub fn new(entry_id: impl Into<String>, index: usize, side: Verdict) -> StatementKey {
        StatementKey {
            folder: None,
            entry_id: entry_id.into(),
            index,
            side,
        }
    }

    /// The key of the statement of `entry` at `index`, `side`: with the entry's folder when
    /// it replaces a bundled lesson.
    pub fn of(entry: &Entry, index: usize, side: Verdict) -> StatementKey {
        StatementKey {
            folder: entry.replaces.as_ref().map(|replacement| replacement.folder.clone()),
            ..StatementKey::new(&entry.id, index, side)
        }
    }

    /// Whether this is a statement of `entry`: its id, and its folder when it replaces a
    /// bundled lesson (the bundled lesson's history is not the replacement's).
    pub fn belongs_to(&self, entry: &Entry) -> bool {
        self.entry_id == entry.id
            && self.folder.as_deref() == entry.replaces.as_ref().map(|replacement| replacement.folder.as_str())
    }
}

impl fmt::Display for StatementKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(folder) = &self.folder {
            write!(f, "{folder}:")?;
        }
        write!(f, "{}#{}/{}", self.entry_id, self.index, self.side)
    }
}

impl Serialize for StatementKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Why a text is not a statement key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a statement key (expected [FOLDER:]ENTRY#INDEX/myth or [FOLDER:]ENTRY#INDEX/fact)")]
pub struct BadStatementKey {
    pub text: String,
}

impl FromStr for StatementKey {
    type Err = BadStatementKey;

    fn from_str(text: &str) -> Result<StatementKey, BadStatementKey> {
        let bad = || BadStatementKey { text: text.to_string() };
        // Split from the right: entry ids are lowercase letters, digits and dashes, but a key
        // read back from an old store should still parse if that rule ever widens.
        let (rest, side) = text.rsplit_once('/').ok_or_else(bad)?;
        let (entry_id, index) = rest.rsplit_once('#').ok_or_else(bad)?;
        // An id holds no `:`, a folder's name may: the last one ends the folder.
        let (folder, entry_id) = match entry_id.rsplit_once(':') {
            Some((folder, entry_id)) if !folder.is_empty() => (Some(folder), entry_id),
            Some(_) => return Err(bad()),
            None => (None, entry_id),
        };
        let side = Verdict::parse(side).ok_or_else(bad)?;
        // `usize::from_str` accepts a leading `+`; a key has exactly one spelling.
        if entry_id.is_empty() || index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let index = index.parse().map_err(|_| bad())?;
        Ok(StatementKey {
            folder: folder.map(str::to_owned),
            ..StatementKey::new(entry_id, index, side)
        })
    }
}

/// One statement of a calibration check: a myth or a fact to be judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    pub key: StatementKey,
    pub entry_id: String,
    pub text: String,
    /// The right answer.
    pub answer: Verdict,
    /// Markdown shown at the reveal, whichever side was asked.
    pub explanation: String,
    /// The other side of the same misconception: shown at the reveal only once it has been
    /// answered too, since it gives its own answer away.
    pub other_side_text: String,
    /// The source the misconception cites, which the reveal names.
    pub source: Option<Source>,
}

impl Statement {
    pub fn is_right(&self, answer: Verdict) -> bool {
        answer == self.answer
    }
}

/// Every statement of an entry (whose body is `body`), in content order: for each
/// misconception, its myth then its fact. Shuffle them with [`shuffle`] before asking.
pub fn statements_for(entry: &Entry, body: &Body) -> Vec<Statement> {
    (0..body.misconceptions.len())
        .flat_map(|index| [Verdict::Myth, Verdict::Fact].map(|side| StatementKey::of(entry, index, side)))
        .filter_map(|key| statement_for_key(entry, body, &key))
        .collect()
}

/// The statement a key names in `entry`, or `None` when the entry is a different one or no
/// longer has that misconception (a review of history whose content was since removed).
pub fn statement_for_key(entry: &Entry, body: &Body, key: &StatementKey) -> Option<Statement> {
    if !key.belongs_to(entry) {
        return None;
    }
    let misconception = body.misconceptions.get(key.index)?;
    let (text, other_side_text) = match key.side {
        Verdict::Myth => (&misconception.myth, &misconception.fact),
        Verdict::Fact => (&misconception.fact, &misconception.myth),
    };
    let source = misconception.source.as_ref().and_then(|cited| {
        body.sources
            .iter()
            .find(|source| source.title.eq_ignore_ascii_case(cited))
            .cloned()
    });
    Some(Statement {
        key: key.clone(),
        entry_id: entry.id.clone(),
        text: text.clone(),
        answer: key.side,
        explanation: misconception.explanation.clone(),
        other_side_text: other_side_text.clone(),
        source,
    })
}

/// The key of the other side of the same misconception.
pub fn other_side(key: &StatementKey) -> StatementKey {
    let side = match key.side {
        Verdict::Myth => Verdict::Fact,
        Verdict::Fact => Verdict::Myth,
    };
    StatementKey { side, ..key.clone() }
}

/// Whether `key` waits for another day: the other side of its misconception was answered
/// today (in `answered_today`) and it was not. The two sides share an explanation, so the
/// reveal of one gives the other away.
pub fn held_back(key: &StatementKey, answered_today: &HashSet<StatementKey>) -> bool {
    answered_today.contains(&other_side(key)) && !answered_today.contains(key)
}

/// One statement per misconception of `statements`, so that no reveal gives away another
/// answer of the same check: the side answered today if there is one, otherwise one side
/// chosen at random with `seed`.
pub fn one_side_each(statements: Vec<Statement>, answered_today: &HashSet<StatementKey>, seed: u64) -> Vec<Statement> {
    let mut rng = SeededRng::new(seed);
    let mut chosen: Vec<Statement> = Vec::new();
    for statement in statements {
        let held = held_back(&statement.key, answered_today);
        match chosen.iter().position(|other| other.key == other_side(&statement.key)) {
            // The first side seen is kept unless it waits for tomorrow, or a coin says so.
            Some(at) => {
                let first_held = held_back(&chosen[at].key, answered_today);
                if !held && (first_held || rng.below(2) == 1) {
                    chosen[at] = statement;
                }
            }
            None => chosen.push(statement),
        }
    }
    chosen.retain(|statement| !held_back(&statement.key, answered_today));
    chosen
}

/// The most statements one check asks: enough for a result, few enough to take between
/// two other things. The verdict never rests on one check anyway.
pub const CHECK_SIZE: usize = 5;

/// At most [`CHECK_SIZE`] of `statements`, those whose misconception was answered fewest
/// times (either side) first; among equals the order given is kept, so shuffle first.
pub fn fewest_answered_first(
    mut statements: Vec<Statement>,
    times_answered: impl Fn(&StatementKey) -> usize,
) -> Vec<Statement> {
    statements
        .sort_by_cached_key(|statement| times_answered(&statement.key) + times_answered(&other_side(&statement.key)));
    statements.truncate(CHECK_SIZE);
    statements
}

/// Shuffles `items` in place, the same way every time for the same seed (Fisher–Yates driven
/// by [`SeededRng`]). The caller picks the seed, e.g. from the clock, so the core stays pure
/// and tests can pin an order.
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = SeededRng::new(seed);
    for last in (1..items.len()).rev() {
        let pick = rng.below(last + 1);
        items.swap(last, pick);
    }
}

/// A tiny deterministic generator: splitmix64 to spread the seed, then xorshift64*.
///
/// Good enough to shuffle a check; not for anything that needs real randomness.
#[derive(Debug, Clone)]
pub struct SeededRng {
    state: u64,
}

impl SeededRng {
    pub fn new(seed: u64) -> SeededRng {
        // splitmix64 turns nearby seeds (1, 2, 3...) into unrelated states. It is a bijection,
        // so exactly one seed maps to 0, where xorshift would stay forever; that seed gets a
        // fixed non-zero state instead.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        SeededRng {
            state: if z == 0 { 0x2545_F491_4F6C_DD1D } else { z },
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..bound`; `bound` must be at least 1. The modulo bias is below 2⁻⁵⁰ for
    /// the list sizes a check has, far below anything a reader could notice.
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound.max(1) as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::test_support::{body_of, entry_with};

    fn keys_of(statements: &[Statement]) -> Vec<String> {
        statements.iter().map(|statement| statement.key.to_string()).collect()
    }

    #[test]
    fn a_check_asks_one_side_of_each_misconception() {
        let entry = entry_with("e", &[("m0", "f0"), ("m1", "f1"), ("m2", "f2")]);
        let all = statements_for(&entry, body_of(&entry));
        let nothing_today = HashSet::new();
        let mut sides_seen = HashSet::new();
        for seed in 0..64 {
            let asked = one_side_each(all.clone(), &nothing_today, seed);
            assert_eq!(asked.len(), 3, "one per misconception");
            let indices: HashSet<usize> = asked.iter().map(|statement| statement.key.index).collect();
            assert_eq!(indices.len(), 3, "never both sides of one: {:?}", keys_of(&asked));
            sides_seen.extend(asked.iter().map(|statement| statement.key.side));
        }
        assert_eq!(sides_seen.len(), 2, "either side can be chosen");
    }

    #[test]
    fn the_other_side_waits_until_tomorrow() {
        let entry = entry_with("e", &[("m0", "f0"), ("m1", "f1")]);
        let all = statements_for(&entry, body_of(&entry));
        let answered_today: HashSet<StatementKey> = ["e#0/fact".parse().unwrap()].into_iter().collect();
        for seed in 0..32 {
            let asked = one_side_each(all.clone(), &answered_today, seed);
            let keys = keys_of(&asked);
            assert!(
                keys.contains(&"e#0/fact".to_owned()),
                "the side answered today again: {keys:?}"
            );
            assert!(!keys.contains(&"e#0/myth".to_owned()), "not its other side: {keys:?}");
        }
        let myth: StatementKey = "e#0/myth".parse().unwrap();
        assert!(held_back(&myth, &answered_today));
        assert!(!held_back(&other_side(&myth), &answered_today));
        assert!(!held_back(&"e#1/myth".parse().unwrap(), &answered_today));
    }

    #[test]
    fn key_is_written_entry_hash_index_slash_side() {
        assert_eq!(
            StatementKey::new("backup-codes", 0, Verdict::Myth).to_string(),
            "backup-codes#0/myth"
        );
        assert_eq!(StatementKey::new("totp", 12, Verdict::Fact).to_string(), "totp#12/fact");
    }

    #[test]
    fn key_parses_back_and_rejects_other_spellings() {
        let key: StatementKey = "sim-swap#2/fact".parse().unwrap();
        assert_eq!(key, StatementKey::new("sim-swap", 2, Verdict::Fact));
        for bad in [
            "",
            "sim-swap",
            "sim-swap#2",
            "sim-swap/fact",
            "#2/fact",
            "sim-swap#/fact",
            "sim-swap#+2/fact",
            "sim-swap#2/Fact",
            "sim-swap#2/truth",
            "sim-swap#x/myth",
            ":sim-swap#2/fact",
            "acme:#2/fact",
        ] {
            assert!(bad.parse::<StatementKey>().is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn a_replacing_entrys_keys_name_its_folder_and_never_match_the_bundled_ones() {
        let bundled = entry_with("backup-codes", &[("m0", "f0")]);
        let mut replacing = entry_with("backup-codes", &[("new myth", "new fact")]);
        replacing.replaces = Some(Box::new(crate::content::Replacement {
            folder: "acme: docs".to_owned(),
        }));
        let keys = keys_of(&statements_for(&replacing, body_of(&replacing)));
        assert_eq!(
            keys,
            ["acme: docs:backup-codes#0/myth", "acme: docs:backup-codes#0/fact"]
        );
        let parsed: StatementKey = keys[0].parse().unwrap();
        assert_eq!(parsed.folder.as_deref(), Some("acme: docs"));
        assert_eq!(parsed.to_string(), keys[0]);
        assert_eq!(other_side(&parsed).to_string(), keys[1]);
        // History of the bundled lesson does not reach the replacement, nor the other way.
        let old: StatementKey = "backup-codes#0/myth".parse().unwrap();
        assert!(statement_for_key(&replacing, body_of(&replacing), &old).is_none());
        assert!(statement_for_key(&bundled, body_of(&bundled), &parsed).is_none());
        let asked = statement_for_key(&replacing, body_of(&replacing), &parsed).unwrap();
        assert_eq!(asked.text, "new myth");
    }

    #[test]
    fn each_misconception_gives_a_myth_then_a_fact() {
        let entry = entry_with("totp", &[("m0", "f0"), ("m1", "f1")]);
        let statements = statements_for(&entry, body_of(&entry));
        let summary: Vec<_> = statements
            .iter()
            .map(|s| (s.key.to_string(), s.text.as_str(), s.answer, s.explanation.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                ("totp#0/myth".to_string(), "m0", Verdict::Myth, "why 0"),
                ("totp#0/fact".to_string(), "f0", Verdict::Fact, "why 0"),
                ("totp#1/myth".to_string(), "m1", Verdict::Myth, "why 1"),
                ("totp#1/fact".to_string(), "f1", Verdict::Fact, "why 1"),
            ]
        );
        assert!(statements.iter().all(|s| s.entry_id == "totp"));
        assert!(statements[0].is_right(Verdict::Myth));
        assert!(!statements[0].is_right(Verdict::Fact));
    }

    #[test]
    fn a_key_finds_its_statement_only_while_it_exists() {
        let entry = entry_with("totp", &[("m0", "f0"), ("m1", "f1")]);
        let found = statement_for_key(&entry, body_of(&entry), &"totp#1/fact".parse().unwrap()).unwrap();
        assert_eq!(found, statements_for(&entry, body_of(&entry))[3]);
        assert_eq!(
            statement_for_key(&entry, body_of(&entry), &"totp#2/fact".parse().unwrap()),
            None
        );
        assert_eq!(
            statement_for_key(&entry, body_of(&entry), &"hotp#0/fact".parse().unwrap()),
            None
        );
    }

    #[test]
    fn shuffle_is_a_permutation_fixed_by_its_seed() {
        let original: Vec<u32> = (0..20).collect();
        let shuffled = |seed| {
            let mut items = original.clone();
            shuffle(&mut items, seed);
            items
        };
        assert_eq!(shuffled(7), shuffled(7));
        assert_ne!(shuffled(7), shuffled(8));
        for seed in [0, 1, u64::MAX] {
            let mut items = shuffled(seed);
            assert_ne!(items, original, "seed {seed} left 20 items in order");
            items.sort();
            assert_eq!(items, original);
        }
        // Short lists are fine too.
        let mut empty: [u32; 0] = [];
        shuffle(&mut empty, 3);
        let mut one = [9];
        shuffle(&mut one, 3);
        assert_eq!(one, [9]);
    }

    #[test]
    fn a_check_asks_at_most_five_the_least_answered_first() {
        let pairs: Vec<(String, String)> = (0..8).map(|i| (format!("m{i}"), format!("f{i}"))).collect();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(m, f)| (m.as_str(), f.as_str())).collect();
        let entry = entry_with("big", &pairs);
        let statements: Vec<Statement> = statements_for(&entry, body_of(&entry))
            .into_iter()
            .filter(|statement| statement.key.side == Verdict::Myth)
            .collect();
        // Misconceptions 0, 1 and 2 were answered before, 2 on its fact side.
        let answered = |key: &StatementKey| match (key.index, key.side) {
            (0 | 1, Verdict::Myth) | (2, Verdict::Fact) => 1,
            _ => 0,
        };
        let picked = fewest_answered_first(statements.clone(), answered);
        let indices: Vec<usize> = picked.iter().map(|statement| statement.key.index).collect();
        assert_eq!(indices, [3, 4, 5, 6, 7], "the five never answered, in the order given");
        assert_eq!(fewest_answered_first(statements[..3].to_vec(), answered).len(), 3);
    }

    #[test]
    fn every_position_is_reachable() {
        // Over many seeds, the first of three items lands in each place: the shuffle does not
        // always leave something fixed.
        let mut seen = [false; 3];
        for seed in 0..64 {
            let mut items = [0, 1, 2];
            shuffle(&mut items, seed);
            let place = items.iter().position(|&item| item == 0).unwrap();
            seen[place] = true;
        }
        assert_eq!(seen, [true; 3]);
    }
}
