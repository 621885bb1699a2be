//! Statistics over answer history: calibration on first attempts and on repeats, its
//! trend week by week, bias per tag, and the weakest terms.
//!
//! The input is a slice of [`AnswerRecord`]s, the rows the store keeps; nothing here reads
//! the store, the clock or the content itself (tags come through a lookup closure).

use super::confidence::Confidence;
use super::scoring::{Calibration, MIN_ANSWERS_FOR_VERDICT, SIGNIFICANCE};
use super::statement::{Statement, StatementKey, Verdict};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// One answer as recorded: what was asked, what was answered, how sure, whether it was
/// right, and whether the statement had been answered before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerRecord {
    #[serde(serialize_with = "serialize_time")]
    pub answered_at: DateTime<Utc>,
    pub key: StatementKey,
    pub answer: Verdict,
    pub confidence: Confidence,
    pub correct: bool,
    /// 1 the first time this statement is answered, 2 the second, and so on. Only first
    /// attempts measure calibration: a repeat may be answered from memory of the reveal.
    pub attempt: u32,
    /// The check the answer was given in; `None` for answers stored before sessions were.
    pub session: Option<String>,
}

impl AnswerRecord {
    /// The record of answering `statement` with `answer` at `confidence`, at `answered_at`,
    /// in the check `session`, for the `attempt`th time.
    pub fn new(
        statement: &Statement,
        (answer, confidence): (Verdict, Confidence),
        answered_at: DateTime<Utc>,
        session: &str,
        attempt: u32,
    ) -> AnswerRecord {
        AnswerRecord {
            answered_at,
            key: statement.key.clone(),
            answer,
            confidence,
            correct: statement.is_right(answer),
            attempt,
            session: Some(session.to_owned()),
        }
    }

    /// Whether this is the first answer ever given to its statement.
    pub fn is_first_attempt(&self) -> bool {
        self.attempt <= 1
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

/// Calibration on the first attempts of one week, the trend worth watching: Brier by day
/// falls just from memorising repeats, first attempts do not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekTrend {
    /// The Monday the week starts on.
    #[serde(serialize_with = "serialize_day")]
    pub week: NaiveDate,
    pub answered: usize,
    /// Mean confidence minus accuracy, in points: above 0 is overconfident.
    #[serde(serialize_with = "crate::quiz::statistics::four_decimals")]
    pub bias_points: f64,
    /// How far bias could stray by chance alone (see [`Calibration::margin_points`]).
    #[serde(serialize_with = "crate::quiz::statistics::four_decimals")]
    pub margin_points: f64,
    /// The reliability term of the Murphy decomposition: 0 is perfectly calibrated.
    #[serde(serialize_with = "crate::quiz::statistics::four_decimals")]
    pub reliability: f64,
}

/// Calibration per week in `zone` (pass `chrono::Local` for the reader's weeks), weeks
/// starting on Monday, oldest first; weeks without answers are left out. Give it first
/// attempts only.
pub fn trend_by_week<Tz: TimeZone>(answers: &[AnswerRecord], zone: &Tz) -> Vec<WeekTrend> {
    let mut weeks: BTreeMap<NaiveDate, Vec<(Confidence, bool)>> = BTreeMap::new();
    for answer in answers {
        let day = answer.answered_at.with_timezone(zone).date_naive();
        let monday = day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()));
        weeks.entry(monday).or_default().push(answer.outcome());
    }
    weeks
        .into_iter()
        .filter_map(|(week, outcomes)| {
            let calibration = Calibration::from_outcomes(outcomes);
            Some(WeekTrend {
                week,
                answered: calibration.answered,
                bias_points: calibration.bias_points()?,
                margin_points: calibration.margin_points?,
                reliability: calibration.decomposition?.reliability,
            })
        })
        .collect()
}

/// Calibration on the first attempts at one tag's terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagBias {
    pub tag: String,
    pub answered: usize,
    pub correct: usize,
    /// Mean confidence minus accuracy, in points: above 0 is overconfident.
    #[serde(serialize_with = "crate::quiz::statistics::four_decimals")]
    pub bias_points: f64,
    /// How far bias could stray by chance alone (see [`Calibration::margin_points`]).
    #[serde(serialize_with = "crate::quiz::statistics::four_decimals")]
    pub margin_points: f64,
    /// The two-sided p of the number right under the stated confidences.
    #[serde(serialize_with = "crate::quiz::statistics::four_significant")]
    pub p_value: f64,
}

impl TagBias {
    /// e.g. "#recovery +18 ± 9 points (12 answers)".
    pub fn line(&self) -> String {
        format!(
            "#{} {:+.0} ± {:.0} points ({} {})",
            self.tag,
            self.bias_points,
            self.margin_points,
            self.answered,
            if self.answered == 1 { "answer" } else { "answers" }
        )
    }
}

/// Calibration per tag, sorted by tag. `tags_of(entry_id)` gives an entry's tags; an answer
/// counts once for each tag of its entry, and answers whose entry is gone (empty tags) count
/// for none. Give it first attempts only.
pub fn bias_by_tag<'t>(answers: &[AnswerRecord], tags_of: impl Fn(&str) -> &'t [String]) -> Vec<TagBias> {
    let mut tags: BTreeMap<&str, Vec<(Confidence, bool)>> = BTreeMap::new();
    for answer in answers {
        for tag in tags_of(answer.entry_id()) {
            tags.entry(tag).or_default().push(answer.outcome());
        }
    }
    tags.into_iter()
        .filter_map(|(tag, outcomes)| {
            let calibration = Calibration::from_outcomes(outcomes);
            Some(TagBias {
                tag: tag.to_string(),
                answered: calibration.answered,
                correct: calibration.correct,
                bias_points: calibration.bias_points()?,
                margin_points: calibration.margin_points?,
                p_value: calibration.p_value?,
            })
        })
        .collect()
}

/// The tag answered most overconfidently, if its bias is beyond chance: at least
/// [`MIN_ANSWERS_FOR_VERDICT`] answers, and p below [`SIGNIFICANCE`] divided by the number
/// of tags that have that many (Bonferroni: with many tags, one of them looks biased by
/// chance alone).
pub fn most_overconfident(by_tag: &[TagBias]) -> Option<&TagBias> {
    let tested: Vec<&TagBias> = by_tag
        .iter()
        .filter(|tag| tag.answered >= MIN_ANSWERS_FOR_VERDICT)
        .collect();
    let threshold = SIGNIFICANCE / tested.len().max(1) as f64;
    tested
        .into_iter()
        .filter(|tag| tag.bias_points > 0.0 && tag.p_value < threshold)
        .max_by(|a, b| a.bias_points.total_cmp(&b.bias_points))
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

/// Everything the stats screen and `lexicon stats` show. Serialized: `answered` and
/// `correct` over every answer, then `first_attempts` and `repeats` (each a
/// [`Calibration`]), `by_week`, `by_tag` and `weakest`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub answered: usize,
    pub correct: usize,
    /// The answers that measure calibration: each statement's first.
    pub first_attempts: Calibration,
    /// Later answers to a statement, from reviews or checks taken again: shown apart, as
    /// they may be answered from memory of an earlier reveal.
    pub repeats: Calibration,
    /// First attempts, week by week.
    pub by_week: Vec<WeekTrend>,
    /// First attempts, tag by tag.
    pub by_tag: Vec<TagBias>,
    /// Every answer: the terms to read again.
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
        let (first, repeats): (Vec<AnswerRecord>, Vec<AnswerRecord>) =
            answers.iter().cloned().partition(AnswerRecord::is_first_attempt);
        Stats {
            answered: answers.len(),
            correct: answers.iter().filter(|answer| answer.correct).count(),
            first_attempts: calibration_of(&first),
            repeats: calibration_of(&repeats),
            by_week: trend_by_week(&first, zone),
            by_tag: bias_by_tag(&first, tags_of),
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
            attempt: 1,
            session: None,
        }
    }

    fn day(d: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, d, hour, 0, 0).unwrap()
    }

    #[test]
    fn a_record_knows_whether_it_was_right_and_whether_it_came_first() {
        let entry = entry_with("totp", &[("m", "f")]);
        let statements = statements_for(&entry, body_of(&entry));
        let at = day(1, 9);
        let right = AnswerRecord::new(&statements[0], (Verdict::Myth, Confidence::HUNDRED), at, "s", 1);
        let wrong = AnswerRecord::new(&statements[1], (Verdict::Myth, Confidence::FIFTY), at, "s", 2);
        assert!(right.correct);
        assert!(!wrong.correct);
        assert!(right.is_first_attempt());
        assert!(!wrong.is_first_attempt());
        assert_eq!(wrong.key.to_string(), "totp#0/fact");
        assert_eq!(wrong.entry_id(), "totp");
        assert_eq!(wrong.session.as_deref(), Some("s"));
    }

    #[test]
    fn weeks_start_on_monday_in_the_given_zone() {
        // 2 March 2025 is a Sunday, 3 March a Monday.
        let answers = [
            record("a#0/myth", 90, true, day(2, 9)),
            record("a#1/myth", 90, false, day(2, 20)),
            record("a#2/myth", 100, true, day(3, 8)),
        ];
        let weeks = trend_by_week(&answers, &Utc);
        let rows: Vec<_> = weeks.iter().map(|w| (w.week.to_string(), w.answered)).collect();
        assert_eq!(rows, [("2025-02-24".to_owned(), 2), ("2025-03-03".to_owned(), 1)]);
        // Said 90% twice, right once: 40 points overconfident; reliability (0.9 - 0.5)².
        assert!((weeks[0].bias_points - 40.0).abs() < 1e-9);
        assert!((weeks[0].reliability - 0.16).abs() < 1e-9);
        assert!((weeks[1].bias_points - 0.0).abs() < 1e-9);
        // Five hours ahead, 20:00 UTC on Sunday is already Monday.
        let ahead = FixedOffset::east_opt(5 * 3600).unwrap();
        let counts: Vec<_> = trend_by_week(&answers, &ahead).iter().map(|w| w.answered).collect();
        assert_eq!(counts, [1, 2]);
    }

    #[test]
    fn bias_per_tag_counts_an_answer_for_each_tag() {
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
        let by_tag = bias_by_tag(&answers, |id| tags.get(id).map_or(&[][..], Vec::as_slice));
        let rows: Vec<_> = by_tag
            .iter()
            .map(|t| (t.tag.as_str(), t.answered, t.correct, t.bias_points.round()))
            .collect();
        // codes: totp's two answers, one right. mfa: totp's two plus sms's one, two right.
        assert_eq!(rows, [("codes", 2, 1, 30.0), ("mfa", 3, 2, 13.0)]);
    }

    fn tag(name: &str, answered: usize, bias_points: f64, p_value: f64) -> TagBias {
        TagBias {
            tag: name.to_owned(),
            answered,
            correct: 0,
            bias_points,
            margin_points: 10.0,
            p_value,
        }
    }

    #[test]
    fn the_most_overconfident_tag_must_beat_chance_among_all_tags_tested() {
        // Alone, p = 0.03 is below 0.05; beside a second tag tested it must be below 0.025.
        let alone = [tag("recovery", 12, 18.0, 0.03)];
        assert_eq!(most_overconfident(&alone).map(|t| t.tag.as_str()), Some("recovery"));
        let two = [tag("recovery", 12, 18.0, 0.03), tag("mfa", 10, 2.0, 0.9)];
        assert_eq!(most_overconfident(&two), None);
        // Too few answers is never a finding, however large the gap; underconfidence is not
        // overconfidence.
        assert_eq!(most_overconfident(&[tag("seed", 9, 40.0, 0.001)]), None);
        assert_eq!(most_overconfident(&[tag("seed", 20, -30.0, 0.001)]), None);
        let both = [tag("a", 20, 10.0, 0.001), tag("b", 20, 25.0, 0.001)];
        assert_eq!(most_overconfident(&both).map(|t| t.tag.as_str()), Some("b"));
        assert_eq!(both[1].line(), "#b +25 ± 10 points (20 answers)");
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
    fn stats_keep_first_attempts_and_repeats_apart() {
        let mut repeat = record("totp#0/myth", 100, true, day(2, 10));
        repeat.attempt = 2;
        let answers = [
            record("totp#0/myth", 80, true, day(1, 9)),
            record("totp#0/fact", 100, false, day(1, 10)),
            repeat,
        ];
        let tags = vec!["mfa".to_string()];
        let stats = Stats::compute(&answers, |_| tags.as_slice(), &Utc);
        let json = serde_json::to_value(&stats).unwrap();
        assert_eq!(
            (json["answered"].clone(), json["correct"].clone()),
            (3.into(), 2.into())
        );
        assert_eq!(json["first_attempts"]["answered"], 2);
        assert_eq!(json["first_attempts"]["correct"], 1);
        assert_eq!(json["first_attempts"]["by_confidence"].as_array().unwrap().len(), 8);
        assert_eq!(json["repeats"]["answered"], 1);
        assert_eq!(json["by_week"][0]["week"], "2025-02-24");
        assert_eq!(json["by_week"][0]["answered"], 2);
        assert_eq!(json["by_tag"][0]["tag"], "mfa");
        assert_eq!(json["by_tag"][0]["answered"], 2);
        // One term with three answers, two right.
        assert_eq!(
            json["weakest"],
            serde_json::json!([{"entry_id": "totp", "answered": 3, "correct": 2}])
        );
        let record_json = serde_json::to_value(&answers[2]).unwrap();
        assert_eq!(
            record_json,
            serde_json::json!({
                "answered_at": "2025-03-02T10:00:00.000Z",
                "key": "totp#0/myth",
                "answer": "myth",
                "confidence": 100,
                "correct": true,
                "attempt": 2,
                "session": null,
            })
        );
    }
}
