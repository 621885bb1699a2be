//! Scoring a set of answers: the Brier score, the calibration table and the verdict.
//!
//! Each answer is an outcome: the stated [`Confidence`] that the chosen answer is right, and
//! whether it was. Everything here is computed from those pairs alone, so a finished check,
//! a day of history and the whole store are scored the same way.
//!
//! # The verdict rule
//!
//! A verdict must be one the sample can support. If the stated confidences were true, the
//! number of right answers would follow a Poisson-binomial distribution (each answer right
//! with its own stated probability). The verdict compares the number actually right with it:
//!
//! - with fewer than [`MIN_ANSWERS_FOR_VERDICT`] answers there is no verdict
//!   ([`CalibrationVerdict::NotEnoughAnswers`]);
//! - with a two-sided p below [`SIGNIFICANCE`] (the exact distribution, not the normal
//!   approximation, which is too eager near 100% and undefined at it), the learner is
//!   **overconfident** (fewer right than the confidences predict) or **underconfident**
//!   (more);
//! - otherwise there is **no clear bias yet**, shown with the margin the sample allows
//!   (the 95% range of the number right, in points);
//! - **well calibrated** is said only when there is no bias and every confidence level used
//!   [`MIN_ANSWERS_PER_LEVEL`] times or more has a Wilson 95% interval that contains it.
//!
//! The mean gap between confidence and accuracy measures bias only: errors that cancel (4 of
//! 4 right at 50% and 2 of 4 at 100%) leave it at zero. The Murphy decomposition of the Brier
//! score ([`Decomposition`]) shows them, as reliability.

use super::confidence::Confidence;
use super::statistics::{Decomposition, central_range, poisson_binomial, two_sided_p, wilson_interval};
use serde::Serialize;
use std::fmt;

/// Fewer answers than this give [`CalibrationVerdict::NotEnoughAnswers`]: with one lesson's
/// check, a perfectly calibrated learner was called biased most of the time.
pub const MIN_ANSWERS_FOR_VERDICT: usize = 10;

/// Over- or underconfidence is claimed only below this two-sided p.
pub const SIGNIFICANCE: f64 = 0.05;

/// A confidence level used this many times or more must have a Wilson interval that holds
/// it before the answers are called well calibrated.
pub const MIN_ANSWERS_PER_LEVEL: usize = 5;

/// One answer's Brier contribution: (p − outcome)², where p is the stated confidence that
/// the chosen answer is right and the outcome is 1 if it was right, 0 if not. 0 is perfect,
/// 1 is sure and wrong, and 50% always scores 0.25.
pub fn brier_contribution(confidence: Confidence, correct: bool) -> f64 {
    let outcome = if correct { 1.0 } else { 0.0 };
    let miss = confidence.probability() - outcome;
    miss * miss
}

/// One row of the calibration table: how many answers were given at this confidence and how
/// many of them were right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConfidenceBucket {
    pub confidence: Confidence,
    pub answered: usize,
    pub correct: usize,
}

impl ConfidenceBucket {
    /// The share right, 0.0 to 1.0; `None` for a level never used.
    pub fn accuracy(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.correct as f64 / self.answered as f64)
    }

    /// The Wilson 95% interval of the share right; `None` for a level never used.
    pub fn interval(&self) -> Option<(f64, f64)> {
        wilson_interval(self.correct, self.answered)
    }

    /// [`ConfidenceBucket::accuracy`] in whole percent, e.g. "80%", or "-".
    pub fn accuracy_text(&self) -> String {
        self.accuracy().map_or("-".to_owned(), |a| format!("{:.0}%", a * 100.0))
    }

    /// [`ConfidenceBucket::interval`] in whole percent, e.g. "9–91%", or "-".
    pub fn interval_text(&self) -> String {
        self.interval().map_or("-".to_owned(), |(low, high)| {
            format!("{:.0}–{:.0}%", low * 100.0, high * 100.0)
        })
    }
}

/// The verdict on a set of answers; see the module documentation for the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationVerdict {
    NotEnoughAnswers,
    Overconfident,
    Underconfident,
    NoClearBias,
    WellCalibrated,
}

impl CalibrationVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            CalibrationVerdict::NotEnoughAnswers => "not enough answers yet",
            CalibrationVerdict::Overconfident => "overconfident",
            CalibrationVerdict::Underconfident => "underconfident",
            CalibrationVerdict::NoClearBias => "no clear bias yet",
            CalibrationVerdict::WellCalibrated => "well calibrated",
        }
    }
}

impl fmt::Display for CalibrationVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything the summary of a check (or the stats screen) shows about a set of answers.
///
/// Serializes with the field names `lexicon stats --format json` promises: `answered`,
/// `correct`, `brier` and `by_confidence` (a list of `{confidence, answered, correct}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub answered: usize,
    pub correct: usize,
    /// Mean Brier score; `None` with no answers.
    #[serde(serialize_with = "crate::quiz::statistics::four_decimals_option")]
    pub brier: Option<f64>,
    /// Mean stated confidence, 0.5 to 1.0; `None` with no answers.
    #[serde(serialize_with = "crate::quiz::statistics::four_decimals_option")]
    pub mean_confidence: Option<f64>,
    /// Share right, 0.0 to 1.0; `None` with no answers.
    #[serde(serialize_with = "crate::quiz::statistics::four_decimals_option")]
    pub accuracy: Option<f64>,
    /// One row per level in [`Confidence::ALL`] order, unused levels included, so a chart
    /// always has the same bars.
    pub by_confidence: Vec<ConfidenceBucket>,
    pub verdict: CalibrationVerdict,
    /// The two-sided p of the number right under the stated confidences; `None` with no
    /// answers.
    #[serde(serialize_with = "crate::quiz::statistics::four_significant_option")]
    pub p_value: Option<f64>,
    /// Half the 95% range of accuracy minus mean confidence that true confidences would
    /// give, in points: how far apart they may sit by chance alone.
    #[serde(serialize_with = "crate::quiz::statistics::four_decimals_option")]
    pub margin_points: Option<f64>,
    /// Reliability, resolution and uncertainty; `None` with no answers.
    pub decomposition: Option<Decomposition>,
    /// Answers given at 100% that were wrong: always pointed out.
    pub wrong_when_sure: usize,
}

impl Calibration {
    pub fn from_outcomes(outcomes: impl IntoIterator<Item = (Confidence, bool)>) -> Calibration {
        let mut by_confidence: Vec<ConfidenceBucket> = Confidence::ALL
            .into_iter()
            .map(|confidence| ConfidenceBucket {
                confidence,
                answered: 0,
                correct: 0,
            })
            .collect();
        let mut answered = 0usize;
        let mut correct = 0usize;
        let mut percent_total = 0u64;
        let mut brier_total = 0.0;
        let mut stated = Vec::new();
        let mut wrong_when_sure = 0;
        for (confidence, right) in outcomes {
            stated.push(confidence.probability());
            wrong_when_sure += usize::from(confidence == Confidence::HUNDRED && !right);
            answered += 1;
            correct += usize::from(right);
            percent_total += u64::from(confidence.percent());
            brier_total += brier_contribution(confidence, right);
            if let Some(bucket) = by_confidence.iter_mut().find(|bucket| bucket.confidence == confidence) {
                bucket.answered += 1;
                bucket.correct += usize::from(right);
            }
        }
        let mean = |total: f64| (answered > 0).then(|| total / answered as f64);
        let distribution = poisson_binomial(&stated);
        let p_value = (answered > 0).then(|| two_sided_p(&distribution, correct));
        let expected: f64 = stated.iter().sum();
        let margin_points = (answered > 0).then(|| {
            let (low, high) = central_range(&distribution);
            (expected - low as f64).max(high as f64 - expected) / answered as f64 * 100.0
        });
        let decomposition = Decomposition::of(
            by_confidence
                .iter()
                .map(|bucket| (bucket.confidence.probability(), bucket.answered, bucket.correct)),
        );
        let verdict = verdict(answered, correct as f64, expected, p_value, &by_confidence);
        Calibration {
            answered,
            correct,
            brier: mean(brier_total),
            mean_confidence: mean(percent_total as f64 / 100.0),
            accuracy: mean(correct as f64),
            by_confidence,
            verdict,
            p_value,
            margin_points,
            decomposition,
            wrong_when_sure,
        }
    }

    /// Mean confidence minus accuracy, in points: above 0 is overconfident. `None` with no
    /// answers.
    pub fn bias_points(&self) -> Option<f64> {
        Some((self.mean_confidence? - self.accuracy?) * 100.0)
    }

    /// One line for the summary, e.g. "overconfident: said 90% on average, right 60% (p =
    /// 0.026)".
    pub fn verdict_line(&self) -> String {
        let (Some(said), Some(right)) = (self.mean_confidence, self.accuracy) else {
            return format!(
                "{}: a verdict needs at least {MIN_ANSWERS_FOR_VERDICT} answers",
                self.verdict
            );
        };
        let (said, right) = (said * 100.0, right * 100.0);
        match self.verdict {
            CalibrationVerdict::NotEnoughAnswers => format!(
                "{}: a verdict needs at least {MIN_ANSWERS_FOR_VERDICT} answers ({} so far)",
                self.verdict, self.answered
            ),
            CalibrationVerdict::Overconfident | CalibrationVerdict::Underconfident => format!(
                "{}: said {said:.0}% on average, right {right:.0}% (p = {})",
                self.verdict,
                p_text(self.p_value.unwrap_or(1.0))
            ),
            CalibrationVerdict::NoClearBias => format!(
                "{}: said {said:.0}% on average, right {right:.0}%, within ±{:.0} points of chance",
                self.verdict,
                self.margin_points.unwrap_or(0.0)
            ),
            CalibrationVerdict::WellCalibrated => format!(
                "{}: said {said:.0}% on average, right {right:.0}%; each level fits its interval",
                self.verdict
            ),
        }
    }

    /// The line that points out answers given at 100% that were wrong, if any.
    pub fn sure_and_wrong_line(&self) -> Option<String> {
        match self.wrong_when_sure {
            0 => None,
            1 => Some("1 answer at 100% was wrong: a sure answer should never be".to_owned()),
            wrong => Some(format!(
                "{wrong} answers at 100% were wrong: a sure answer should never be"
            )),
        }
    }

    /// One line on the Murphy decomposition, e.g. "Brier 0.180 = reliability 0.020 −
    /// resolution 0.015 + uncertainty 0.175".
    pub fn decomposition_line(&self) -> Option<String> {
        let parts = self.decomposition?;
        Some(format!(
            "Brier {:.3} = reliability {:.3} − resolution {:.3} + uncertainty {:.3}",
            parts.brier(),
            parts.reliability,
            parts.resolution,
            parts.uncertainty
        ))
    }
}

/// A p-value as people read it: "< 0.001" below that, else three decimals.
fn p_text(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".to_owned()
    } else {
        format!("{p:.3}")
    }
}

/// The rule from the module documentation. `expected` is the number right the stated
/// confidences predict.
fn verdict(
    answered: usize,
    correct: f64,
    expected: f64,
    p_value: Option<f64>,
    by_confidence: &[ConfidenceBucket],
) -> CalibrationVerdict {
    if answered < MIN_ANSWERS_FOR_VERDICT {
        return CalibrationVerdict::NotEnoughAnswers;
    }
    if p_value.is_some_and(|p| p < SIGNIFICANCE) {
        return if correct < expected {
            CalibrationVerdict::Overconfident
        } else {
            CalibrationVerdict::Underconfident
        };
    }
    let tested: Vec<&ConfidenceBucket> = by_confidence
        .iter()
        .filter(|bucket| bucket.answered >= MIN_ANSWERS_PER_LEVEL)
        .collect();
    let holds = |bucket: &&ConfidenceBucket| {
        bucket
            .interval()
            .is_some_and(|(low, high)| (low..=high).contains(&bucket.confidence.probability()))
    };
    if !tested.is_empty() && tested.iter().all(holds) {
        CalibrationVerdict::WellCalibrated
    } else {
        CalibrationVerdict::NoClearBias
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(percent: u8) -> Confidence {
        Confidence::from_percent(percent).unwrap()
    }

    fn at(percent: u8, correct: bool) -> (Confidence, bool) {
        (level(percent), correct)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn one_answer_contributes_its_squared_miss() {
        // (0.9 - 1)² = 0.01; (0.9 - 0)² = 0.81; (1 - 0)² = 1; (1 - 1)² = 0; (0.5 - x)² = 0.25.
        assert!(close(brier_contribution(level(90), true), 0.01));
        assert!(close(brier_contribution(level(90), false), 0.81));
        assert!(close(brier_contribution(Confidence::HUNDRED, false), 1.0));
        assert!(close(brier_contribution(Confidence::HUNDRED, true), 0.0));
        assert!(close(brier_contribution(Confidence::FIFTY, true), 0.25));
        assert!(close(brier_contribution(Confidence::FIFTY, false), 0.25));
    }

    #[test]
    fn mean_brier_of_a_hand_made_set() {
        // 90% right   (0.9-1)² = 0.01
        // 70% wrong   (0.7-0)² = 0.49
        // 100% right  (1.0-1)² = 0.00
        // 60% right   (0.6-1)² = 0.16
        // sum 0.66, mean 0.66 / 4 = 0.165
        let mean_brier = |outcomes: &[(Confidence, bool)]| Calibration::from_outcomes(outcomes.iter().copied()).brier;
        let brier = mean_brier(&[at(90, true), at(70, false), at(100, true), at(60, true)]).unwrap();
        assert!(close(brier, 0.165), "{brier}");
        // None, not 0: a score of 0 would claim perfection.
        assert_eq!(mean_brier(&[]), None);
        // Always 50%: 0.25 whatever the outcomes.
        let fifty = mean_brier(&[at(50, true), at(50, false), at(50, false)]).unwrap();
        assert!(close(fifty, 0.25));
    }

    #[test]
    fn calibration_buckets_count_per_level() {
        // 80%: three answers, two right. 100%: one, wrong. 50%: one, right.
        let calibration =
            Calibration::from_outcomes([at(80, true), at(100, false), at(80, false), at(50, true), at(80, true)]);
        let rows: Vec<_> = calibration
            .by_confidence
            .iter()
            .map(|b| (b.confidence.percent(), b.answered, b.correct))
            .collect();
        assert_eq!(
            rows,
            [
                (50, 1, 1),
                (60, 0, 0),
                (70, 0, 0),
                (80, 3, 2),
                (90, 0, 0),
                (95, 0, 0),
                (99, 0, 0),
                (100, 1, 0)
            ]
        );
        assert_eq!((calibration.answered, calibration.correct), (5, 3));
        assert_eq!(calibration.by_confidence[3].accuracy(), Some(2.0 / 3.0));
        assert_eq!(calibration.by_confidence[1].accuracy(), None);
        // Mean confidence (80+100+80+50+80)/5 = 78%, accuracy 3/5 = 60%.
        assert!(close(calibration.mean_confidence.unwrap(), 0.78));
        assert!(close(calibration.accuracy.unwrap(), 0.6));
        // Brier: 0.04 + 1.0 + 0.64 + 0.25 + 0.04 = 1.97, / 5 = 0.394.
        assert!(close(calibration.brier.unwrap(), 0.394));
    }

    #[test]
    fn no_answers_give_no_numbers() {
        let calibration = Calibration::from_outcomes([]);
        assert_eq!(calibration.answered, 0);
        assert_eq!(
            (calibration.brier, calibration.mean_confidence, calibration.accuracy),
            (None, None, None)
        );
        assert_eq!(calibration.by_confidence.len(), Confidence::ALL.len());
        assert_eq!(calibration.verdict, CalibrationVerdict::NotEnoughAnswers);
    }

    #[test]
    fn verdict_needs_enough_answers() {
        // Nine answers at 100%, all wrong, would be as overconfident as it gets, but nine is
        // below the minimum of ten; the sure and wrong answers are pointed out anyway.
        let nine = Calibration::from_outcomes([at(100, false); 9]);
        assert_eq!(nine.verdict, CalibrationVerdict::NotEnoughAnswers);
        assert!(nine.verdict_line().contains("at least 10"), "{}", nine.verdict_line());
        assert_eq!(
            nine.sure_and_wrong_line().as_deref(),
            Some("9 answers at 100% were wrong: a sure answer should never be")
        );
        let ten = Calibration::from_outcomes([at(100, false); 10]);
        assert_eq!(ten.verdict, CalibrationVerdict::Overconfident);
    }

    #[test]
    fn overconfident_only_when_the_shortfall_is_unlikely_by_chance() {
        // Ten at 90%, six right: P(K <= 6) under 90% is 1.3%, two-sided 2.6%.
        let mut answers = vec![at(90, true); 6];
        answers.extend([at(90, false); 4]);
        let calibration = Calibration::from_outcomes(answers);
        assert_eq!(calibration.verdict, CalibrationVerdict::Overconfident);
        assert_eq!(
            calibration.verdict_line(),
            "overconfident: said 90% on average, right 60% (p = 0.026)"
        );
        // Ten at 90%, seven right: 7% one-sided, not enough to claim a bias.
        let mut answers = vec![at(90, true); 7];
        answers.extend([at(90, false); 3]);
        let calibration = Calibration::from_outcomes(answers);
        assert_eq!(calibration.verdict, CalibrationVerdict::NoClearBias);
        assert!(
            calibration.verdict_line().contains("within ±"),
            "{}",
            calibration.verdict_line()
        );
    }

    #[test]
    fn underconfident_when_far_more_are_right_than_said() {
        // Ten at 50%, ten right: p = 2/1024.
        let calibration = Calibration::from_outcomes([at(50, true); 10]);
        assert_eq!(calibration.verdict, CalibrationVerdict::Underconfident);
        assert!(
            calibration.verdict_line().ends_with("(p = 0.002)"),
            "{}",
            calibration.verdict_line()
        );
    }

    /// The mean gap hid these errors: 4 of 4 right at 50% and 2 of 4 at 100% average 75%
    /// said and 75% right. Twice that (16 answers) is no clear bias, never well calibrated:
    /// two wrong answers at 100% are impossible for a true 100%.
    #[test]
    fn errors_that_cancel_are_never_called_well_calibrated() {
        let mut answers = vec![at(50, true); 8];
        answers.extend([at(100, true); 4]);
        answers.extend([at(100, false); 4]);
        let calibration = Calibration::from_outcomes(answers);
        assert_ne!(calibration.verdict, CalibrationVerdict::WellCalibrated);
        let parts = calibration.decomposition.expect("answers");
        assert!(close(parts.reliability, 0.25), "{parts:?}");
        assert!(calibration.sure_and_wrong_line().is_some());
    }

    #[test]
    fn well_calibrated_when_every_level_used_often_holds_its_confidence() {
        // Ten at 80%, eight right: no bias, and 80% lies in 8 of 10's interval (49% to 94%).
        let mut answers = vec![at(80, true); 8];
        answers.extend([at(80, false); 2]);
        let calibration = Calibration::from_outcomes(answers.clone());
        assert_eq!(calibration.verdict, CalibrationVerdict::WellCalibrated);
        // No level used five times: nothing shows calibration, so no clear bias yet.
        let spread: Vec<(Confidence, bool)> = Confidence::ALL
            .into_iter()
            .flat_map(|level| [(level, true), (level, level.percent() < 75)])
            .take(10)
            .collect();
        let calibration = Calibration::from_outcomes(spread);
        assert_eq!(calibration.verdict, CalibrationVerdict::NoClearBias);
    }

    /// A deterministic simulation of the rule: a learner whose confidences are true is rarely
    /// called biased, and one 20 points overconfident usually is.
    #[test]
    fn the_verdict_is_honest_in_simulation() {
        use crate::quiz::SeededRng;
        let mut rng = SeededRng::new(2026);
        let mut chance = |probability: f64| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= probability;
        let mut histories = |answers: usize, real_gap: f64, rng_pick: &mut dyn FnMut() -> usize| {
            let mut called = [0usize; 3];
            for _ in 0..1_000 {
                let outcomes: Vec<(Confidence, bool)> = (0..answers)
                    .map(|_| {
                        let level = Confidence::ALL[rng_pick()];
                        let real = (level.probability() - real_gap).max(0.0);
                        (level, chance(real))
                    })
                    .collect();
                match Calibration::from_outcomes(outcomes).verdict {
                    CalibrationVerdict::Overconfident => called[0] += 1,
                    CalibrationVerdict::Underconfident => called[1] += 1,
                    _ => called[2] += 1,
                }
            }
            called
        };
        let mut levels = SeededRng::new(7);
        let mut pick = || levels.below(Confidence::ALL.len());
        let calibrated = histories(20, 0.0, &mut pick);
        assert!(
            calibrated[0] + calibrated[1] <= 60,
            "a calibrated learner called biased: {calibrated:?}"
        );
        let overconfident = histories(40, 0.2, &mut pick);
        assert!(
            overconfident[0] >= 800,
            "20 points overconfident, caught: {overconfident:?}"
        );
    }

    #[test]
    fn serializes_the_promised_json_fields() {
        let calibration = Calibration::from_outcomes([at(80, true), at(100, false)]);
        let json = serde_json::to_value(&calibration).unwrap();
        assert_eq!(json["answered"], 2);
        assert_eq!(json["correct"], 1);
        // (0.04 + 1.0) / 2 = 0.52
        assert!(close(json["brier"].as_f64().unwrap(), 0.52));
        assert_eq!(
            json["by_confidence"][3],
            serde_json::json!({"confidence": 80, "answered": 1, "correct": 1})
        );
        assert_eq!(json["verdict"], "not_enough_answers");
        assert!(json["decomposition"]["reliability"].is_number());
        assert!(json["p_value"].is_number());
    }
}
