//! Spaced review with FSRS (through the rs-fsrs crate): the rating an answer earns, the next
//! state of a statement's card, and which statements are due.
//!
//! Every function takes `now` from the caller; nothing here reads the clock, so a test can
//! replay a month of reviews in a microsecond.

use super::confidence::Confidence;
use super::statement::StatementKey;
use super::time::{format_timestamp, parse_timestamp, to_millis};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How well a statement was known, in FSRS's four grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Again,
    Hard,
    Good,
    Easy,
}

impl Rating {
    fn to_fsrs(self) -> rs_fsrs::Rating {
        match self {
            Rating::Again => rs_fsrs::Rating::Again,
            Rating::Hard => rs_fsrs::Rating::Hard,
            Rating::Good => rs_fsrs::Rating::Good,
            Rating::Easy => rs_fsrs::Rating::Easy,
        }
    }
}

/// The rating an answer earns: Again when it was wrong, or right at 50%, a declared coin flip;
/// Good otherwise, however sure. FSRS treats Hard as a pass and Easy stretches an interval
/// far, so letting confidence pick them gave the longest intervals to the most overconfident
/// learners; FSRS's author advises right as Good and wrong as Again for right/wrong answers.
pub fn rating_for(correct: bool, confidence: Confidence) -> Rating {
    if !correct || confidence == Confidence::FIFTY {
        Rating::Again
    } else {
        Rating::Good
    }
}

/// The FSRS memory state of one statement, and when it is next due.
#[derive(Debug, Clone, PartialEq)]
pub struct CardState {
    card: rs_fsrs::Card,
}

impl CardState {
    pub fn due(&self) -> DateTime<Utc> {
        self.card.due
    }

    pub fn last_review(&self) -> DateTime<Utc> {
        self.card.last_review
    }

    /// How many times the statement has been answered.
    pub fn reviews(&self) -> i32 {
        self.card.reps
    }

    /// How many times a statement once learned was then answered wrong.
    pub fn lapses(&self) -> i32 {
        self.card.lapses
    }

    /// FSRS stability: roughly, the days until recall drops to 90%.
    pub fn stability(&self) -> f64 {
        self.card.stability
    }

    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        self.card.due <= now
    }

    /// The state as JSON, for the store. Times are written as in [`super::time`].
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&StoredCard::from(&self.card))
    }

    pub fn from_json(text: &str) -> Result<CardState, BadCardState> {
        let stored: StoredCard = serde_json::from_str(text).map_err(|error| BadCardState(error.to_string()))?;
        let time = |text: &str| parse_timestamp(text).ok_or_else(|| BadCardState(format!("bad time `{text}`")));
        Ok(CardState {
            card: rs_fsrs::Card {
                due: time(&stored.due)?,
                last_review: time(&stored.last_review)?,
                stability: stored.stability,
                difficulty: stored.difficulty,
                elapsed_days: stored.elapsed_days,
                scheduled_days: stored.scheduled_days,
                reps: stored.reps,
                lapses: stored.lapses,
                state: stored.state.into(),
            },
        })
    }
}

/// Why stored card JSON could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unreadable card state: {0}")]
pub struct BadCardState(pub String);

/// The card `answer`'s statement has after it, from the card it had (`None` before its first
/// answer): the one rule that turns an answer into a schedule. The store applies it to the
/// card it holds when it writes the answer, which makes the store's card the one of record;
/// the reader applies it to its own copy so the screen moves before the write comes back,
/// and then takes the store's.
pub fn card_after(previous: Option<&CardState>, answer: &super::AnswerRecord) -> CardState {
    schedule(
        previous,
        rating_for(answer.correct, answer.confidence),
        answer.answered_at,
    )
}

/// The next state of a statement's card after an answer rated `rating` at `now`.
/// `previous` is `None` for a statement never answered before.
///
/// Times are kept to the millisecond so a state read back from the store equals the one
/// written.
pub fn schedule(previous: Option<&CardState>, rating: Rating, now: DateTime<Utc>) -> CardState {
    let mut now = to_millis(now);
    let card = match previous {
        Some(previous) => {
            // A clock that went backwards would give FSRS a negative elapsed time; treat the
            // answer as given at the last review instead.
            now = now.max(previous.card.last_review);
            previous.card.clone()
        }
        // Not `Card::new()`, which reads the clock.
        None => rs_fsrs::Card {
            due: now,
            last_review: now,
            ..rs_fsrs::Card::default()
        },
    };
    // Default parameters: the published FSRS weights, 90% target retention, no fuzz, so the
    // same history always gives the same schedule. (Their seed reads the clock, but only fuzz
    // uses it, and the scheduler reseeds from `now` anyway.)
    let fsrs = rs_fsrs::FSRS::new(rs_fsrs::Parameters::default());
    CardState {
        card: fsrs.next(card, now, rating.to_fsrs()).card,
    }
}

/// The keys due at `now` (due time at or before it), most overdue first; equal due times
/// keep key order so the result does not depend on the input's order.
pub fn due_keys<'a>(
    cards: impl IntoIterator<Item = (&'a StatementKey, &'a CardState)>,
    now: DateTime<Utc>,
) -> Vec<StatementKey> {
    let mut due: Vec<_> = cards.into_iter().filter(|(_, card)| card.is_due(now)).collect();
    due.sort_by(|(key_a, card_a), (key_b, card_b)| card_a.due().cmp(&card_b.due()).then_with(|| key_a.cmp(key_b)));
    due.into_iter().map(|(key, _)| key.clone()).collect()
}

/// The JSON shape of a card: rs-fsrs's `Card` only derives serde behind a feature this crate
/// does not enable, and owning the shape keeps stored history independent of that crate's
/// field names.
#[derive(Serialize, Deserialize)]
struct StoredCard {
    due: String,
    last_review: String,
    stability: f64,
    difficulty: f64,
    elapsed_days: i64,
    scheduled_days: i64,
    reps: i32,
    lapses: i32,
    state: StoredPhase,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum StoredPhase {
    New,
    Learning,
    Review,
    Relearning,
}

impl From<&rs_fsrs::Card> for StoredCard {
    fn from(card: &rs_fsrs::Card) -> StoredCard {
        StoredCard {
            due: format_timestamp(card.due),
            last_review: format_timestamp(card.last_review),
            stability: card.stability,
            difficulty: card.difficulty,
            elapsed_days: card.elapsed_days,
            scheduled_days: card.scheduled_days,
            reps: card.reps,
            lapses: card.lapses,
            state: match card.state {
                rs_fsrs::State::New => StoredPhase::New,
                rs_fsrs::State::Learning => StoredPhase::Learning,
                rs_fsrs::State::Review => StoredPhase::Review,
                rs_fsrs::State::Relearning => StoredPhase::Relearning,
            },
        }
    }
}

impl From<StoredPhase> for rs_fsrs::State {
    fn from(phase: StoredPhase) -> rs_fsrs::State {
        match phase {
            StoredPhase::New => rs_fsrs::State::New,
            StoredPhase::Learning => rs_fsrs::State::Learning,
            StoredPhase::Review => rs_fsrs::State::Review,
            StoredPhase::Relearning => rs_fsrs::State::Relearning,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::Verdict;
    use chrono::{Duration, TimeZone};

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap()
    }

    fn key(text: &str) -> StatementKey {
        text.parse().unwrap()
    }

    #[test]
    fn rating_at_every_confidence() {
        for confidence in Confidence::ALL {
            let right = if confidence == Confidence::FIFTY {
                Rating::Again
            } else {
                Rating::Good
            };
            assert_eq!(rating_for(true, confidence), right, "right at {confidence}");
            assert_eq!(rating_for(false, confidence), Rating::Again, "wrong at {confidence}");
        }
    }

    #[test]
    fn a_new_statement_comes_back_sooner_the_worse_it_went() {
        // FSRS's first-answer steps (short-term scheduling on): Again 1 minute, Hard 5,
        // Good 10, Easy a whole number of days.
        let due_after = |rating| schedule(None, rating, noon()).due() - noon();
        assert_eq!(due_after(Rating::Again), Duration::minutes(1));
        assert_eq!(due_after(Rating::Hard), Duration::minutes(5));
        assert_eq!(due_after(Rating::Good), Duration::minutes(10));
        let easy = due_after(Rating::Easy);
        assert!(easy >= Duration::days(1) && easy.num_seconds() % 86_400 == 0, "{easy}");
        let card = schedule(None, Rating::Good, noon());
        assert_eq!((card.reviews(), card.lapses(), card.last_review()), (1, 0, noon()));
    }

    #[test]
    fn a_learned_statement_answered_wrong_lapses() {
        let learned = schedule(None, Rating::Easy, noon());
        let later = learned.due() + Duration::hours(1);
        let again = schedule(Some(&learned), Rating::Again, later);
        assert_eq!(again.lapses(), 1);
        assert_eq!(again.reviews(), 2);
        assert_eq!(again.due(), later + Duration::minutes(5));
        let good = schedule(Some(&learned), Rating::Good, later);
        assert!(good.due() - later >= Duration::days(2), "{}", good.due());
    }

    #[test]
    fn schedule_uses_the_given_time_only() {
        let first = schedule(None, Rating::Good, noon());
        let second = schedule(None, Rating::Good, noon());
        assert_eq!(first, second);
        // Sub-millisecond precision is dropped so the state survives the store.
        let ragged = noon() + Duration::nanoseconds(1_234_567);
        assert_eq!(
            schedule(None, Rating::Again, ragged).last_review(),
            noon() + Duration::milliseconds(1)
        );
    }

    #[test]
    fn a_clock_gone_backwards_is_treated_as_no_time_passing() {
        let learned = schedule(None, Rating::Easy, noon());
        let earlier = noon() - Duration::days(3);
        let next = schedule(Some(&learned), Rating::Again, earlier);
        assert_eq!(next.last_review(), noon());
    }

    #[test]
    fn card_state_round_trips_through_json() {
        let learned = schedule(None, Rating::Easy, noon());
        let relearning = schedule(Some(&learned), Rating::Again, learned.due());
        for card in [learned, relearning] {
            let json = card.to_json().unwrap();
            assert_eq!(CardState::from_json(&json).unwrap(), card, "{json}");
        }
        let json = schedule(None, Rating::Hard, noon()).to_json().unwrap();
        assert!(json.contains(r#""due":"2025-03-01T12:05:00.000Z""#), "{json}");
        assert!(json.contains(r#""state":"learning""#), "{json}");
        assert!(CardState::from_json("{}").is_err());
        assert!(CardState::from_json(&json.replace("2025-03-01T12:05", "soon")).is_err());
    }

    #[test]
    fn due_selection_is_most_overdue_first() {
        // Cards due 3 days ago, 1 hour ago, exactly now, and tomorrow; plus two due at the
        // same time two days ago, which come out in key order.
        let now = noon();
        let due_at = |offset: Duration| schedule(None, Rating::Again, now + offset - Duration::minutes(1));
        let cards = [
            (key("a#0/myth"), due_at(-Duration::hours(1))),
            (key("b#0/fact"), due_at(Duration::days(1))),
            (key("c#1/myth"), due_at(-Duration::days(3))),
            (key("d#0/myth"), due_at(Duration::zero())),
            (key("e#0/fact"), due_at(-Duration::days(2))),
            (key("e#0/myth"), due_at(-Duration::days(2))),
        ];
        assert_eq!(cards[3].1.due(), now);
        let due = due_keys(cards.iter().map(|(k, c)| (k, c)), now);
        let due: Vec<String> = due.iter().map(ToString::to_string).collect();
        // Myth sorts before Fact (declaration order), so e#0/myth precedes e#0/fact.
        assert_eq!(due, ["c#1/myth", "e#0/myth", "e#0/fact", "a#0/myth", "d#0/myth"]);
        assert_eq!(key("e#0/myth").side, Verdict::Myth);
        assert!(due_keys(cards.iter().map(|(k, c)| (k, c)), now - Duration::days(4)).is_empty());
    }
}
