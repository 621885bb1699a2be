//! How sure the reader is that their answer is right, in whole percent.

use serde::Serialize;
use std::fmt;

/// The stated probability that the chosen answer is right: 50, 60, 70, 80, 90, 95, 99 or
/// 100 percent. Nothing below 50% exists: with two choices, a reader less than 50% sure of one
/// answer should pick the other.
///
/// Held in percent so that buckets compare exactly and the store keeps a small integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Confidence(u8);

impl Confidence {
    pub const FIFTY: Confidence = Confidence(50);
    pub const HUNDRED: Confidence = Confidence(100);

    /// Every level, lowest first: the rows of the calibration table.
    pub const ALL: [Confidence; 8] = [
        Confidence(50),
        Confidence(60),
        Confidence(70),
        Confidence(80),
        Confidence(90),
        Confidence(95),
        Confidence(99),
        Confidence(100),
    ];

    /// A level from its percent, if it is one of [`Confidence::ALL`].
    pub fn from_percent(percent: u8) -> Option<Confidence> {
        Confidence::ALL.into_iter().find(|level| level.0 == percent)
    }

    /// A level from the key that gives it: `5` to `9` mean 50% to 90%, `1` means 95%, `2`
    /// means 99% and `0` means 100%.
    pub fn from_key(key: char) -> Option<Confidence> {
        match key {
            '0' => Some(Confidence::HUNDRED),
            '1' => Some(Confidence(95)),
            '2' => Some(Confidence(99)),
            '5'..='9' => key.to_digit(10).map(|digit| Confidence(digit as u8 * 10)),
            _ => None,
        }
    }

    /// The key that gives this level, for prompts and help.
    pub fn key(self) -> char {
        match self.0 {
            100 => '0',
            95 => '1',
            99 => '2',
            // Every other level is 50..=90, a multiple of ten, so this is a digit 5..=9.
            percent => char::from(b'0' + percent / 10),
        }
    }

    pub fn percent(self) -> u8 {
        self.0
    }

    /// The level as a probability, 0.5 to 1.0.
    pub fn probability(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_five_to_nine_one_two_and_zero_give_the_levels() {
        let levels: Vec<_> = ['5', '6', '7', '8', '9', '1', '2', '0']
            .into_iter()
            .map(|key| Confidence::from_key(key).map(Confidence::percent))
            .collect();
        assert_eq!(
            levels,
            [
                Some(50),
                Some(60),
                Some(70),
                Some(80),
                Some(90),
                Some(95),
                Some(99),
                Some(100)
            ]
        );
        for other in ['3', '4', 'a', ' ', '%'] {
            assert_eq!(Confidence::from_key(other), None, "{other:?}");
        }
    }

    #[test]
    fn each_level_names_its_own_key() {
        for level in Confidence::ALL {
            assert_eq!(Confidence::from_key(level.key()), Some(level));
        }
        assert_eq!(Confidence::HUNDRED.key(), '0');
    }

    #[test]
    fn percent_and_probability_agree() {
        assert_eq!(Confidence::from_percent(70).map(Confidence::probability), Some(0.7));
        assert_eq!(Confidence::HUNDRED.probability(), 1.0);
        assert_eq!(Confidence::from_percent(75), None);
        assert_eq!(Confidence::from_percent(40), None);
        assert_eq!(Confidence::FIFTY.to_string(), "50%");
    }
}
