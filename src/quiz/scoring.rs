//! Scoring a set of answers: the Brier score, the calibration table and the verdict.
//!
//! Each answer is an outcome: the stated [`Confidence`] that the chosen answer is right, and
//! whether it was. Everything here is computed from those pairs alone, so a finished check,
//! a day of history and the whole store are scored the same way.
//!
//! # The verdict rule
//!
//! Calibration compares how sure the reader said they were with how often they were right:
//!
//! - with fewer than [`MIN_ANSWERS_FOR_VERDICT`] answers there is no verdict
//!   ([`CalibrationVerdict::NotEnoughAnswers`]): a couple of answers say nothing either way;
//! - otherwise, take the mean stated confidence and the accuracy (the share right), both in
//!   percent. If the mean confidence is more than [`WELL_CALIBRATED_MARGIN`] points above
//!   the accuracy, the reader is **overconfident**; more than that many points below,
//!   **underconfident**; within it (the boundary included), **well calibrated**.
//!
//! The comparison is done in whole numbers (percent times answers), so a result exactly on
//! the boundary is not at the mercy of floating-point rounding.

use super::confidence::Confidence;
use serde::Serialize;
use std::fmt;

/// Fewer answers than this give [`CalibrationVerdict::NotEnoughAnswers`]. Five lets a single
/// lesson's check (usually six statements) earn a verdict while one or two answers cannot.
pub const MIN_ANSWERS_FOR_VERDICT: usize = 5;

/// How far, in percentage points, mean confidence may sit from accuracy and still count as
/// well calibrated.
pub const WELL_CALIBRATED_MARGIN: u32 = 10;

/// One answer's Brier contribution: (p − outcome)², where p is the stated confidence that
/// the chosen answer is right and the outcome is 1 if it was right, 0 if not. 0 is perfect,
/// 1 is sure and wrong, and 50% always scores 0.25.
pub fn brier_contribution(confidence: Confidence, correct: bool) -> f64 {
    let outcome = if correct { 1.0 } else { 0.0 };
    let miss = confidence.probability() - outcome;
    miss * miss
}

/// The mean Brier contribution over some outcomes; `None` when there are none (a score of 0
/// would claim perfection).
pub fn mean_brier(outcomes: impl IntoIterator<Item = (Confidence, bool)>) -> Option<f64> {
    let (count, total) = outcomes
        .into_iter()
        .fold((0usize, 0.0), |(count, total), (confidence, correct)| {
            (count + 1, total + brier_contribution(confidence, correct))
        });
    (count > 0).then(|| total / count as f64)
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
}

/// The verdict on a set of answers; see the module documentation for the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationVerdict {
    NotEnoughAnswers,
    Overconfident,
    Underconfident,
    WellCalibrated,
}

impl CalibrationVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            CalibrationVerdict::NotEnoughAnswers => "not enough answers yet",
            CalibrationVerdict::Overconfident => "overconfident",
            CalibrationVerdict::Underconfident => "underconfident",
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
    pub brier: Option<f64>,
    /// Mean stated confidence, 0.5 to 1.0; `None` with no answers.
    pub mean_confidence: Option<f64>,
    /// Share right, 0.0 to 1.0; `None` with no answers.
    pub accuracy: Option<f64>,
    /// One row per level in [`Confidence::ALL`] order, unused levels included, so a chart
    /// always has the same bars.
    pub by_confidence: Vec<ConfidenceBucket>,
    pub verdict: CalibrationVerdict,
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
        for (confidence, right) in outcomes {
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
        Calibration {
            answered,
            correct,
            brier: mean(brier_total),
            mean_confidence: mean(percent_total as f64 / 100.0),
            accuracy: mean(correct as f64),
            by_confidence,
            verdict: verdict(answered, correct, percent_total),
        }
    }

    /// One line for the summary, e.g. "overconfident: you said 90% on average and were
    /// right 60% of the time".
    pub fn verdict_line(&self) -> String {
        match (self.verdict, self.mean_confidence, self.accuracy) {
            (CalibrationVerdict::NotEnoughAnswers, ..) | (_, None, _) | (_, _, None) => format!(
                "{}: a verdict needs at least {MIN_ANSWERS_FOR_VERDICT} answers",
                self.verdict
            ),
            (verdict, Some(said), Some(right)) => format!(
                "{verdict}: you said {:.0}% on average and were right {:.0}% of the time",
                said * 100.0,
                right * 100.0
            ),
        }
    }
}

/// The rule from the module documentation, in integers: `percent_total` is the sum of the
/// stated confidences in percent, so mean confidence minus accuracy, in points, times the
/// number of answers is `percent_total - 100 * correct`.
fn verdict(answered: usize, correct: usize, percent_total: u64) -> CalibrationVerdict {
    if answered < MIN_ANSWERS_FOR_VERDICT {
        return CalibrationVerdict::NotEnoughAnswers;
    }
    let gap_times_answers = percent_total as i128 - 100 * correct as i128;
    let margin_times_answers = i128::from(WELL_CALIBRATED_MARGIN) * answered as i128;
    if gap_times_answers > margin_times_answers {
        CalibrationVerdict::Overconfident
    } else if gap_times_answers < -margin_times_answers {
        CalibrationVerdict::Underconfident
    } else {
        CalibrationVerdict::WellCalibrated
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
        let brier = mean_brier([at(90, true), at(70, false), at(100, true), at(60, true)]).unwrap();
        assert!(close(brier, 0.165), "{brier}");
        assert_eq!(mean_brier([]), None);
        // Always 50%: 0.25 whatever the outcomes.
        let fifty = mean_brier([at(50, true), at(50, false), at(50, false)]).unwrap();
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
            [(50, 1, 1), (60, 0, 0), (70, 0, 0), (80, 3, 2), (90, 0, 0), (100, 1, 0)]
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
        assert_eq!(calibration.by_confidence.len(), 6);
        assert_eq!(calibration.verdict, CalibrationVerdict::NotEnoughAnswers);
    }

    #[test]
    fn verdict_needs_enough_answers() {
        // Four answers at 100%, all wrong, would be as overconfident as it gets, but four is
        // below the minimum of five.
        let four = Calibration::from_outcomes([at(100, false); 4]);
        assert_eq!(four.verdict, CalibrationVerdict::NotEnoughAnswers);
        assert!(four.verdict_line().contains("at least 5"));
        let five = Calibration::from_outcomes([at(100, false); 5]);
        assert_eq!(five.verdict, CalibrationVerdict::Overconfident);
    }

    #[test]
    fn overconfident_when_confidence_beats_accuracy_by_more_than_ten_points() {
        // Six at 90%, four right: mean 90%, accuracy 66.7%, 23.3 points over.
        let calibration = Calibration::from_outcomes([
            at(90, true),
            at(90, true),
            at(90, false),
            at(90, true),
            at(90, false),
            at(90, true),
        ]);
        assert_eq!(calibration.verdict, CalibrationVerdict::Overconfident);
        assert_eq!(
            calibration.verdict_line(),
            "overconfident: you said 90% on average and were right 67% of the time"
        );
    }

    #[test]
    fn underconfident_when_accuracy_beats_confidence_by_more_than_ten_points() {
        // Five at 50%, four right: mean 50%, accuracy 80%, 30 points under.
        let calibration =
            Calibration::from_outcomes([at(50, true), at(50, true), at(50, false), at(50, true), at(50, true)]);
        assert_eq!(calibration.verdict, CalibrationVerdict::Underconfident);
    }

    #[test]
    fn well_calibrated_within_ten_points_boundary_included() {
        // Five at 70%, four right: mean 70%, accuracy 80%: exactly 10 points under -> well.
        let under_edge =
            Calibration::from_outcomes([at(70, true), at(70, true), at(70, false), at(70, true), at(70, true)]);
        assert_eq!(under_edge.verdict, CalibrationVerdict::WellCalibrated);
        // Five at 90%, four right: mean 90%, accuracy 80%: exactly 10 points over -> well.
        let over_edge =
            Calibration::from_outcomes([at(90, true), at(90, true), at(90, false), at(90, true), at(90, true)]);
        assert_eq!(over_edge.verdict, CalibrationVerdict::WellCalibrated);
        // Five at 100%, four right: 20 points over -> overconfident; the boundary is sharp.
        let past_edge = Calibration::from_outcomes([
            at(100, true),
            at(100, true),
            at(100, false),
            at(100, true),
            at(100, true),
        ]);
        assert_eq!(past_edge.verdict, CalibrationVerdict::Overconfident);
        // Five at 60%, four right: 20 points under -> underconfident.
        let under_past =
            Calibration::from_outcomes([at(60, true), at(60, true), at(60, false), at(60, true), at(60, true)]);
        assert_eq!(under_past.verdict, CalibrationVerdict::Underconfident);
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
    }
}
