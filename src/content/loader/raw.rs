//! The shapes a content file's YAML is deserialized into, before any check.
//!
//! Every struct denies unknown fields, so a misspelt key is an error rather than a field
//! silently left empty; lists a file may leave out default to empty. Nothing here is
//! sanitized or validated yet: pass 1 (`validate.rs`) turns these into the model's types.

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEntry {
    pub(super) id: Option<String>,
    pub(super) title: String,
    #[serde(default)]
    pub(super) aliases: Vec<String>,
    pub(super) level: String,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    pub(super) verified: Option<String>,
    pub(super) definition: String,
    #[serde(default)]
    pub(super) analysis: String,
    #[serde(default)]
    pub(super) faqs: Vec<RawFaq>,
    #[serde(default)]
    pub(super) misconceptions: Vec<RawMisconception>,
    #[serde(default)]
    pub(super) related: Vec<String>,
    #[serde(default)]
    pub(super) compare: Vec<RawComparison>,
    #[serde(default)]
    pub(super) sources: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFaq {
    pub(super) question: String,
    pub(super) answer: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMisconception {
    pub(super) myth: String,
    pub(super) fact: String,
    pub(super) explanation: String,
    pub(super) source: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawComparison {
    pub(super) with: String,
    pub(super) points: Vec<RawComparePoint>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawComparePoint {
    pub(super) aspect: String,
    pub(super) this: String,
    pub(super) that: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSource {
    pub(super) title: String,
    pub(super) url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawJourney {
    pub(super) id: Option<String>,
    pub(super) title: String,
    #[serde(default)]
    pub(super) description: String,
    pub(super) steps: Vec<String>,
}
