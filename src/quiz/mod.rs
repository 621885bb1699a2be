//! Calibration checks: statements, confidence, scoring and spaced review. Pure: no I/O, no
//! clock, no terminal.
//!
//! A check asks the reader to judge statements as Myth or Fact and to say how sure they
//! are. The pieces:
//!
//! - [`statement`]: every misconception of an entry gives two [`Statement`]s, its myth (right
//!   answer Myth) and its fact (right answer Fact), each with a [`StatementKey`] such as
//!   `backup-codes#0/myth` that names no wording, so history survives edits; and a seeded
//!   [`shuffle`].
//! - [`confidence`]: [`Confidence`], 50% to 90% in steps of ten, then 95%, 99% and 100%,
//!   typed with keys `5`–`9`, `1`, `2` and `0`.
//! - [`scoring`]: the Brier score, the calibration table and the verdict (overconfident,
//!   underconfident, no clear bias yet or well calibrated, by a test documented there).
//! - [`statistics`]: the exact Poisson-binomial test, Wilson intervals and the Murphy
//!   decomposition the verdict rests on.
//! - [`mod@schedule`]: FSRS through rs-fsrs. An answer earns a [`Rating`], a [`CardState`] is
//!   advanced by [`schedule()`], and [`due_keys`] picks what to review, most overdue first.
//! - [`stats`]: [`AnswerRecord`], the row the store keeps, and statistics over many of them.
//! - [`time`]: the one text spelling of timestamps.
//!
//! The store (`crate::store`) persists answers and card states; this module never touches it.

pub mod confidence;
pub mod schedule;
pub mod scoring;
pub mod statement;
pub mod statistics;
pub mod stats;
pub mod time;

pub use confidence::Confidence;
pub use schedule::{BadCardState, CardState, Rating, card_after, due_keys, rating_for, schedule};
pub use scoring::{
    Calibration, CalibrationVerdict, ConfidenceBucket, MIN_ANSWERS_FOR_VERDICT, MIN_ANSWERS_PER_LEVEL, SIGNIFICANCE,
    brier_contribution,
};
pub use statement::{
    BadStatementKey, CHECK_SIZE, SeededRng, Statement, StatementKey, Verdict, fewest_answered_first, held_back,
    one_side_each, other_side, shuffle, statement_for_key, statements_for,
};
pub use statistics::Decomposition;
pub use stats::{
    AnswerRecord, EntryAccuracy, Stats, TagBias, Tally, WeekTrend, bias_by_tag, calibration_of, most_overconfident,
    trend_by_week, weakest_entries,
};

#[cfg(test)]
pub(crate) mod test_support {
    use crate::content::{Body, Entry, Misconception};

    /// An entry with the given (myth, fact) pairs; explanation `i` is "why i".
    pub(crate) fn entry_with(id: &str, pairs: &[(&str, &str)]) -> Entry {
        Entry {
            id: id.to_string(),
            title: id.to_string(),
            ..Entry::default()
        }
        .with_body(Body {
            misconceptions: pairs
                .iter()
                .enumerate()
                .map(|(i, (myth, fact))| Misconception {
                    myth: myth.to_string(),
                    fact: fact.to_string(),
                    explanation: format!("why {i}"),
                    source: None,
                })
                .collect(),
            ..Body::default()
        })
    }

    /// The body of an entry made by [`entry_with`].
    pub(crate) fn body_of(entry: &Entry) -> &Body {
        entry.held_body().expect("entry_with holds its body")
    }
}
