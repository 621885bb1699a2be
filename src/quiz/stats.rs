//! Statistics over answer history: totals and calibration, the Brier score day by day,
//! accuracy per tag, and the weakest terms.
//!
//! The input is a slice of [`AnswerRecord`]s, the rows the store keeps; nothing here reads
//! the store, the clock or the content itself (tags come through a lookup closure).

use super::confidence::Confidence;
use super::scoring::{Calibration, mean_brier};
use super::statement::{Statement, StatementKey, Verdict};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// One answer as recorded: what was asked, what was answered, how sure, and whether it was
/// right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerRecord {
    #[serde(serialize_with = "serialize_time")]
    pub answered_at: DateTime<Utc>,
    pub key: StatementKey,
    pub answer: Verdict,
    pub confidence: Confidence,
    pub correct: bool,
}

impl AnswerRecord {
    /// The record of answering `statement` with `answer` at `confidence`, at `answered_at`.
    pub fn new(
        statement: &Statement,
        answer: Verdict,
        confidence: Confidence,
        answered_at: DateTime<Utc>,
    ) -> AnswerRecord {
        AnswerRecord {
            answered_at,
            key: statement.key.clone(),
            answer,
            confidence,
            correct: statement.is_right(answer),
        }
    }

    pub fn entry_id(&self) -> &str {
        &self.key.entry_id
    }

    /// The pair scoring works on.
    pub fn outcome(&self) -> (Confidence, bool) {
        (self.confidence, self.correct)
    }
}

/// Calibration (totals, Brier, table, verdict) over records.
pub fn calibration_of(answers: &[AnswerRecord]) -> Calibration {
    Calibration::from_outcomes(answers.iter().map(AnswerRecord::outcome))
}

/// Answers and right answers in some group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    pub answered: usize,
    pub correct: usize,
}

impl Tally {
    fn add(&mut self, correct: bool) {
        self.answered += 1;
        self.correct += usize::from(correct);
    }

    /// The share right, 0.0 to 1.0; `None` with no answers.
    pub fn accuracy(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.correct as f64 / self.answered as f64)
    }

    /// Orders by accuracy exactly (cross-multiplied, no floating point), lowest first.
    fn cmp_accuracy(&self, other: &Tally) -> Ordering {
        (self.correct * other.answered).cmp(&(other.correct * self.answered))
    }
}

/// The Brier score of one calendar day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayScore {
    #[serde(serialize_with = "serialize_day")]
    pub day: NaiveDate,
    pub answered: usize,
    pub brier: f64,
}

/// The Brier score per calendar day in `zone` (pass `chrono::Local` for the reader's days),
/// oldest day first; days without answers are left out.
pub fn brier_by_day<Tz: TimeZone>(answers: &[AnswerRecord], zone: &Tz) -> Vec<DayScore> {
    let mut days: BTreeMap<NaiveDate, Vec<(Confidence, bool)>> = BTreeMap::new();
    for answer in answers {
        let day = answer.answered_at.with_timezone(zone).date_naive();
        days.entry(day).or_default().push(answer.outcome());
    }
    days.into_iter()
        .filter_map(|(day, outcomes)| {
            let answered = outcomes.len();
            mean_brier(outcomes).map(|brier| DayScore { day, answered, brier })
        })
        .collect()
}

/// Accuracy on one tag's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagAccuracy {
    pub tag: String,
    #[serde(flatten)]
    pub tally: Tally,
}

/// Accuracy per tag, sorted by tag. `tags_of(entry_id)` gives an entry's tags; an answer
/// counts once for each tag of its entry, and answers whose entry is gone (empty tags) count
/// for none.
pub fn accuracy_by_tag<'t>(answers: &[AnswerRecord], tags_of: impl Fn(&str) -> &'t [String]) -> Vec<TagAccuracy> {
    let mut tags: BTreeMap<&str, Tally> = BTreeMap::new();
    for answer in answers {
        for tag in tags_of(answer.entry_id()) {
            tags.entry(tag).or_default().add(answer.correct);
        }
    }
    tags.into_iter()
        .map(|(tag, tally)| TagAccuracy {
            tag: tag.to_string(),
            tally,
        })
        .collect()
}

/// Accuracy on one term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryAccuracy {
    pub entry_id: String,
    #[serde(flatten)]
    pub tally: Tally,
}

/// The terms answered worst: those with at least `min_answers` answers, lowest accuracy
/// first, at most `limit` of them. Among equal accuracy, more answers rank first (the
/// weakness is better established), then entry id.
pub fn weakest_entries(answers: &[AnswerRecord], min_answers: usize, limit: usize) -> Vec<EntryAccuracy> {
    let mut entries: BTreeMap<&str, Tally> = BTreeMap::new();
    for answer in answers {
        entries.entry(answer.entry_id()).or_default().add(answer.correct);
    }
    let mut weakest: Vec<EntryAccuracy> = entries
        .into_iter()
        .filter(|(_, tally)| tally.answered >= min_answers.max(1))
        .map(|(entry_id, tally)| EntryAccuracy {
            entry_id: entry_id.to_string(),
            tally,
        })
        .collect();
    // The sort is stable and the map was in id order, so ties end in id order.
    weakest.sort_by(|a, b| {
        a.tally
            .cmp_accuracy(&b.tally)
            .then_with(|| b.tally.answered.cmp(&a.tally.answered))
    });
    weakest.truncate(limit);
    weakest
}

/// Everything the stats screen and `lexicon stats` show. Serialized, its top level carries
/// `answered`, `correct`, `brier` and `by_confidence` (from [`Calibration`]), then
/// `by_day`, `by_tag` and `weakest`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    #[serde(flatten)]
    pub calibration: Calibration,
    pub by_day: Vec<DayScore>,
    pub by_tag: Vec<TagAccuracy>,
    pub weakest: Vec<EntryAccuracy>,
}

/// How many answers a term needs before it can be called weak, and how many weak terms the
/// stats show.
pub const WEAKEST_MIN_ANSWERS: usize = 3;
pub const WEAKEST_LIMIT: usize = 5;

impl Stats {
    pub fn compute<'t, Tz: TimeZone>(
        answers: &[AnswerRecord],
        tags_of: impl Fn(&str) -> &'t [String],
        zone: &Tz,
    ) -> Stats {
        Stats {
            calibration: calibration_of(answers),
            by_day: brier_by_day(answers, zone),
            by_tag: accuracy_by_tag(answers, tags_of),
            weakest: weakest_entries(answers, WEAKEST_MIN_ANSWERS, WEAKEST_LIMIT),
        }
    }
}

fn serialize_time<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&super::time::format_timestamp(*time))
}

fn serialize_day<S: Serializer>(day: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&day.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::statements_for;
    use crate::quiz::test_support::{body_of, entry_with};
    use chrono::FixedOffset;
    use std::collections::HashMap;

    fn record(key: &str, percent: u8, correct: bool, at: DateTime<Utc>) -> AnswerRecord {
        let key: StatementKey = key.parse().unwrap();
        let answer = if correct {
            key.side
        } else {
            match key.side {
                Verdict::Myth => Verdict::Fact,
                Verdict::Fact => Verdict::Myth,
            }
        };
        AnswerRecord {
            answered_at: at,
            key,
            answer,
            confidence: Confidence::from_percent(percent).unwrap(),
            correct,
        }
    }

    fn day(d: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, d, hour, 0, 0).unwrap()
    }

    #[test]
    fn a_record_knows_whether_it_was_right() {
        let entry = entry_with("totp", &[("m", "f")]);
        let statements = statements_for(&entry, body_of(&entry));
        let at = day(1, 9);
        let right = AnswerRecord::new(&statements[0], Verdict::Myth, Confidence::HUNDRED, at);
        let wrong = AnswerRecord::new(&statements[1], Verdict::Myth, Confidence::FIFTY, at);
        assert!(right.correct);
        assert!(!wrong.correct);
        assert_eq!(wrong.key.to_string(), "totp#0/fact");
        assert_eq!(wrong.entry_id(), "totp");
    }

    #[test]
    fn brier_per_day_in_the_given_zone() {
        let answers = [
            // 1 March: (0.9-1)² = 0.01 and (0.9-0)² = 0.81, mean 0.41.
            record("a#0/myth", 90, true, day(1, 9)),
            record("a#0/fact", 90, false, day(1, 20)),
            // 3 March: (1-1)² = 0, alone.
            record("a#1/myth", 100, true, day(3, 8)),
        ];
        let by_day = brier_by_day(&answers, &Utc);
        assert_eq!(by_day.len(), 2);
        assert_eq!(
            (by_day[0].day.to_string(), by_day[0].answered),
            ("2025-03-01".to_string(), 2)
        );
        assert!((by_day[0].brier - 0.41).abs() < 1e-12);
        assert_eq!(
            (by_day[1].day.to_string(), by_day[1].brier),
            ("2025-03-03".to_string(), 0.0)
        );
        // Five hours ahead, 20:00 UTC on the 1st is already the 2nd.
        let ahead = FixedOffset::east_opt(5 * 3600).unwrap();
        let days: Vec<_> = brier_by_day(&answers, &ahead)
            .iter()
            .map(|d| d.day.to_string())
            .collect();
        assert_eq!(days, ["2025-03-01", "2025-03-02", "2025-03-03"]);
    }

    #[test]
    fn accuracy_per_tag_counts_an_answer_for_each_tag() {
        let tags: HashMap<&str, Vec<String>> = HashMap::from([
            ("totp", vec!["mfa".to_string(), "codes".to_string()]),
            ("sms", vec!["mfa".to_string()]),
        ]);
        let answers = [
            record("totp#0/myth", 80, true, day(1, 9)),
            record("totp#0/fact", 80, false, day(1, 9)),
            record("sms#0/myth", 80, true, day(1, 9)),
            record("gone#0/myth", 80, false, day(1, 9)),
        ];
        let by_tag = accuracy_by_tag(&answers, |id| tags.get(id).map_or(&[][..], Vec::as_slice));
        let rows: Vec<_> = by_tag
            .iter()
            .map(|t| (t.tag.as_str(), t.tally.answered, t.tally.correct))
            .collect();
        // codes: totp's two answers, one right. mfa: totp's two plus sms's one, two right.
        assert_eq!(rows, [("codes", 2, 1), ("mfa", 3, 2)]);
    }

    #[test]
    fn weakest_terms_need_enough_answers_and_rank_by_accuracy() {
        let mut answers = Vec::new();
        let mut add = |entry: &str, right: usize, wrong: usize| {
            for i in 0..right + wrong {
                answers.push(record(&format!("{entry}#0/myth"), 70, i < right, day(1, 9)));
            }
        };
        add("alpha", 1, 2); // 1/3 = 33%
        add("beta", 2, 4); // 2/6 = 33%, more answers than alpha
        add("gamma", 0, 2); // 0/2: too few answers to judge
        add("delta", 3, 0); // 3/3 = 100%
        add("omega", 1, 3); // 1/4 = 25%
        let weakest = weakest_entries(&answers, 3, 10);
        let ids: Vec<_> = weakest.iter().map(|e| e.entry_id.as_str()).collect();
        assert_eq!(ids, ["omega", "beta", "alpha", "delta"]);
        assert_eq!(
            weakest[0].tally,
            Tally {
                answered: 4,
                correct: 1
            }
        );
        assert_eq!(weakest_entries(&answers, 3, 2).len(), 2);
    }

    #[test]
    fn stats_serialize_with_the_calibration_fields_on_top() {
        let answers = [
            record("totp#0/myth", 80, true, day(1, 9)),
            record("totp#0/fact", 100, false, day(1, 10)),
        ];
        let tags = vec!["mfa".to_string()];
        let stats = Stats::compute(&answers, |_| tags.as_slice(), &Utc);
        let json = serde_json::to_value(&stats).unwrap();
        assert_eq!(json["answered"], 2);
        assert_eq!(json["correct"], 1);
        assert_eq!(json["by_confidence"].as_array().unwrap().len(), 8);
        assert_eq!(json["by_day"][0]["day"], "2025-03-01");
        assert_eq!(
            json["by_tag"][0],
            serde_json::json!({"tag": "mfa", "answered": 2, "correct": 1})
        );
        // One term with two answers: below the three a weak term needs.
        assert_eq!(json["weakest"], serde_json::json!([]));
        let record_json = serde_json::to_value(&answers[1]).unwrap();
        assert_eq!(
            record_json,
            serde_json::json!({
                "answered_at": "2025-03-01T10:00:00.000Z",
                "key": "totp#0/fact",
                "answer": "myth",
                "confidence": 100,
                "correct": false,
            })
        );
    }
}
