//! The statistics behind an honest verdict: the exact distribution of the number of right
//! answers a learner whose stated confidences were true would give, the Wilson interval of
//! an observed share, and the Murphy decomposition of the Brier score.
//!
//! Nothing here knows about confidence levels or answers: probabilities and counts in,
//! probabilities out. The serializers at the end round these figures for JSON, leaving the
//! values in memory exact.

use serde::{Serialize, Serializer};

/// z for a two-sided 95% interval.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// A probability too small to matter in [`poisson_binomial`].
const NEGLIGIBLE: f64 = 1e-30;

/// The distribution of the number of successes of independent trials with success
/// probabilities `probabilities` (a Poisson-binomial): entry `k` is P(K = k). Exact up to
/// floating-point rounding, by adding one trial at a time.
///
/// A tail entry that falls below 1e-30 (`NEGLIGIBLE`) is taken as 0 from then on. All that is
/// dropped over 10,000 trials is below 1e-25, which changes no printed figure (p-values
/// show three decimals), and it keeps the work near linear in the trials rather than
/// quadratic, as the mass gathers within a few hundred counts of the mean: every answer
/// recomputes this, and 10,000 answers took 50 million multiply-adds without it.
pub fn poisson_binomial(probabilities: &[f64]) -> Vec<f64> {
    let mut distribution = vec![0.0; probabilities.len() + 1];
    distribution[0] = 1.0;
    // Outside low..=high every entry is 0.
    let (mut low, mut high) = (0, 0);
    for &p in probabilities {
        let p = p.clamp(0.0, 1.0);
        high += 1;
        // In place, from the top down, so each k reads the values of the trials before.
        for k in (low.max(1)..=high).rev() {
            distribution[k] = distribution[k] * (1.0 - p) + distribution[k - 1] * p;
        }
        if low == 0 {
            distribution[0] *= 1.0 - p;
        }
        while low < high && distribution[low] < NEGLIGIBLE {
            distribution[low] = 0.0;
            low += 1;
        }
        while high > low && distribution[high] < NEGLIGIBLE {
            distribution[high] = 0.0;
            high -= 1;
        }
    }
    distribution
}

/// The two-sided p-value of observing `observed` successes under `distribution`: twice the
/// smaller tail, at most 1. Tails include the observed value.
pub fn two_sided_p(distribution: &[f64], observed: usize) -> f64 {
    let lower: f64 = distribution.iter().take(observed + 1).sum();
    let upper: f64 = distribution.iter().skip(observed).sum();
    (2.0 * lower.min(upper)).min(1.0)
}

/// The central 95% range of `distribution`: the smallest `low` with P(K ≤ low) ≥ 2.5% and
/// the largest `high` with P(K ≥ high) ≥ 2.5%.
pub fn central_range(distribution: &[f64]) -> (usize, usize) {
    let tail = 0.025;
    let mut cumulative = 0.0;
    let mut low = 0;
    for (k, mass) in distribution.iter().enumerate() {
        cumulative += mass;
        if cumulative >= tail {
            low = k;
            break;
        }
    }
    let mut cumulative = 0.0;
    let mut high = distribution.len().saturating_sub(1);
    for (k, mass) in distribution.iter().enumerate().rev() {
        cumulative += mass;
        if cumulative >= tail {
            high = k;
            break;
        }
    }
    (low, high.max(low))
}

/// The Wilson score interval for `successes` of `trials` at 95%, as shares from 0 to 1;
/// `None` with no trials. Unlike the share ± 1.96 standard errors it stays inside 0 to 1 and
/// is honest for a handful of trials: 1 of 2 gives 9% to 91%.
pub fn wilson_interval(successes: usize, trials: usize) -> Option<(f64, f64)> {
    if trials == 0 {
        return None;
    }
    let n = trials as f64;
    let share = successes as f64 / n;
    let z2 = Z_95 * Z_95;
    let centre = (share + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z_95 * (share * (1.0 - share) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// The Murphy decomposition of a Brier score over groups of answers that each share one
/// forecast: Brier = reliability − resolution + uncertainty, exactly.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Decomposition {
    /// How far each forecast sits from the share right at it, weighted by use: 0 is
    /// perfectly calibrated. Lower is better.
    #[serde(serialize_with = "four_decimals")]
    pub reliability: f64,
    /// How far the share right at each forecast sits from the overall share: telling sure
    /// answers from unsure ones. Higher is better.
    #[serde(serialize_with = "four_decimals")]
    pub resolution: f64,
    /// The overall share right times the share wrong: how hard the questions were for this
    /// learner, which no forecast changes.
    #[serde(serialize_with = "four_decimals")]
    pub uncertainty: f64,
}

impl Decomposition {
    /// From `(forecast, answered, right)` groups; `None` with no answers.
    pub fn of(groups: impl IntoIterator<Item = (f64, usize, usize)>) -> Option<Decomposition> {
        let groups: Vec<(f64, usize, usize)> = groups.into_iter().filter(|&(_, answered, _)| answered > 0).collect();
        let total: usize = groups.iter().map(|&(_, answered, _)| answered).sum();
        if total == 0 {
            return None;
        }
        let n = total as f64;
        let base = groups.iter().map(|&(_, _, right)| right).sum::<usize>() as f64 / n;
        let mut reliability = 0.0;
        let mut resolution = 0.0;
        for (forecast, answered, right) in groups {
            let share = right as f64 / answered as f64;
            reliability += answered as f64 * (forecast - share).powi(2);
            resolution += answered as f64 * (share - base).powi(2);
        }
        Some(Decomposition {
            reliability: reliability / n,
            resolution: resolution / n,
            uncertainty: base * (1.0 - base),
        })
    }

    /// reliability − resolution + uncertainty: the Brier score of the answers.
    pub fn brier(&self) -> f64 {
        self.reliability - self.resolution + self.uncertainty
    }
}

/// `value` to 4 decimals: `0.345`, not `0.34500000000000003`. Dividing whole numbers gives
/// the float nearest the decimal, which serializers write in its shortest form.
fn to_four_decimals(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// `value` to 4 significant digits, for a p-value: a small one says all it has in its
/// exponent, which 4 decimals would round away to 0.
fn to_four_significant(value: f64) -> f64 {
    format!("{value:.3e}").parse().unwrap_or(value)
}

/// Serializes a figure to 4 decimals (`serialize_with`).
pub(crate) fn four_decimals<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(to_four_decimals(*value))
}

/// Serializes an optional figure to 4 decimals (`serialize_with`).
pub(crate) fn four_decimals_option<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    value.map(to_four_decimals).serialize(serializer)
}

/// Serializes a p-value to 4 significant digits (`serialize_with`).
pub(crate) fn four_significant<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(to_four_significant(*value))
}

/// Serializes an optional p-value to 4 significant digits (`serialize_with`).
pub(crate) fn four_significant_option<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    value.map(to_four_significant).serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    /// JSON gets figures a reader can take in (`0.3`, not `0.30000000000000004`), and a
    /// tiny p-value keeps its size instead of becoming 0.
    #[test]
    fn serialized_figures_are_rounded_and_p_values_keep_their_exponent() {
        #[derive(serde::Serialize)]
        struct Figures {
            #[serde(serialize_with = "four_decimals")]
            brier: f64,
            #[serde(serialize_with = "four_decimals_option")]
            accuracy: Option<f64>,
            #[serde(serialize_with = "four_decimals_option")]
            none: Option<f64>,
            #[serde(serialize_with = "four_significant")]
            p: f64,
            #[serde(serialize_with = "four_significant_option")]
            small_p: Option<f64>,
        }
        let figures = Figures {
            brier: 0.1 + 0.2,
            accuracy: Some(2.0 / 3.0),
            none: None,
            p: 0.021_484_375,
            small_p: Some(1.234_567e-9),
        };
        assert_eq!(figures.brier, 0.300_000_000_000_000_04, "the value itself stays exact");
        assert_eq!(
            serde_json::to_string(&figures).unwrap(),
            r#"{"brier":0.3,"accuracy":0.6667,"none":null,"p":0.02148,"small_p":1.235e-9}"#
        );
    }

    #[test]
    fn the_poisson_binomial_of_equal_chances_is_the_binomial() {
        // Binomial(4, 0.5): 1, 4, 6, 4, 1 sixteenths.
        let distribution = poisson_binomial(&[0.5; 4]);
        for (mass, sixteenths) in distribution.iter().zip([1.0, 4.0, 6.0, 4.0, 1.0]) {
            assert!(close(*mass, sixteenths / 16.0, 1e-15));
        }
        // Unequal chances, by hand: 0.9 and 0.6 -> P(0) = 0.04, P(1) = 0.42, P(2) = 0.54.
        let distribution = poisson_binomial(&[0.9, 0.6]);
        assert!(close(distribution[0], 0.04, 1e-15));
        assert!(close(distribution[1], 0.42, 1e-15));
        assert!(close(distribution[2], 0.54, 1e-15));
        // Sure answers leave no doubt.
        assert_eq!(poisson_binomial(&[1.0, 1.0]), vec![0.0, 0.0, 1.0]);
    }

    /// Dropping negligible tails changes nothing a learner sees:
    /// against every entry updated on every trial, over a long mixed history, the p-value and
    /// the central range agree.
    #[test]
    fn the_trimmed_tails_agree_with_the_whole_computation() {
        let levels = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0];
        let probabilities: Vec<f64> = (0..3000).map(|i| levels[(i * 7 + i / 5) % levels.len()]).collect();
        let mut whole = vec![1.0];
        for &p in &probabilities {
            whole.push(0.0);
            for k in (1..whole.len()).rev() {
                whole[k] = whole[k] * (1.0 - p) + whole[k - 1] * p;
            }
            whole[0] *= 1.0 - p;
        }
        let trimmed = poisson_binomial(&probabilities);
        assert_eq!(trimmed.len(), whole.len());
        let biggest_difference = trimmed
            .iter()
            .zip(&whole)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(biggest_difference < 1e-25, "{biggest_difference}");
        assert_eq!(central_range(&trimmed), central_range(&whole));
        let expected: f64 = probabilities.iter().sum();
        for observed in [0, 2000, expected as usize - 60, expected as usize, 3000] {
            assert!(close(
                two_sided_p(&trimmed, observed),
                two_sided_p(&whole, observed),
                1e-12
            ));
        }
    }

    #[test]
    fn the_tail_probability_matches_known_values() {
        // 10 answers at 50%, 9 right: P(K >= 9) = 11/1024, two-sided 22/1024 = 0.0215.
        let distribution = poisson_binomial(&[0.5; 10]);
        assert!(close(two_sided_p(&distribution, 9), 22.0 / 1024.0, 1e-12));
        // 5 right of 10 is the centre: p = 1.
        assert!(close(two_sided_p(&distribution, 5), 1.0, 1e-12));
        // All at 100% and one wrong: impossible for a true 100%, p = 0.
        let sure = poisson_binomial(&[1.0; 10]);
        assert_eq!(two_sided_p(&sure, 9), 0.0);
        assert_eq!(two_sided_p(&sure, 10), 1.0);
    }

    #[test]
    fn the_central_range_holds_ninety_five_percent() {
        // Binomial(10, 0.5): P(K <= 1) = 11/1024 < 2.5% <= P(K <= 2) = 56/1024.
        assert_eq!(central_range(&poisson_binomial(&[0.5; 10])), (2, 8));
        assert_eq!(central_range(&poisson_binomial(&[1.0; 3])), (3, 3));
    }

    #[test]
    fn wilson_bounds_match_known_values() {
        let (low, high) = wilson_interval(1, 2).expect("two trials");
        assert!(close(low, 0.0945, 5e-5) && close(high, 0.9055, 5e-5), "{low} {high}");
        // 8 of 10: 49.0% to 94.3% (the textbook value).
        let (low, high) = wilson_interval(8, 10).expect("ten trials");
        assert!(close(low, 0.4902, 5e-4) && close(high, 0.9433, 5e-4), "{low} {high}");
        // Every trial right: the upper bound is 1, the lower one below it.
        let (low, high) = wilson_interval(5, 5).expect("five trials");
        assert!(close(high, 1.0, 1e-12) && close(low, 0.5655, 5e-4), "{low} {high}");
        assert_eq!(wilson_interval(0, 0), None);
    }

    #[test]
    fn the_decomposition_adds_up_to_the_brier_score() {
        // 4 of 4 right at 50% and 2 of 4 right at 100%: the case where the mean gap hides the
        // errors. Brier by hand: 4 × 0.25 + 2 × 0 + 2 × 1 = 3, over 8 = 0.375.
        let parts = Decomposition::of([(0.5, 4, 4), (1.0, 4, 2)]).expect("answers");
        assert!(close(parts.brier(), 0.375, 1e-12));
        // Reliability: (4 × 0.25 + 4 × 0.25) / 8 = 0.25; base rate 0.75, uncertainty 0.1875;
        // resolution (4 × 0.0625 + 4 × 0.0625) / 8 = 0.0625.
        assert!(close(parts.reliability, 0.25, 1e-12));
        assert!(close(parts.uncertainty, 0.1875, 1e-12));
        assert!(close(parts.resolution, 0.0625, 1e-12));
        assert_eq!(Decomposition::of([(0.8, 0, 0)]), None);
    }
}
