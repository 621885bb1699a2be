//! The shapes a content file's YAML is deserialized into, before any check.
//!
//! Every struct denies unknown fields, so a misspelt key is an error rather than a field
//! silently left empty; lists a file may leave out default to empty. Nothing here is
//! sanitized or validated yet: pass 1 (`validate.rs`) turns these into the model's types.
//!
//! The same types give `lexicon schema` its JSON Schema (schemars reads the serde
//! attributes, so what the schema requires and what it denies are what serde does), and
//! their doc comments are what an editor shows on hover. [`json_schema`] adds what pass 1
//! checks beyond serde and a schema can say: the shape of an id and a date, the levels.

use super::FileKind;
use crate::content::Level;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;

/// A lexicon lesson (a file in terms/).
#[derive(Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Lesson")]
pub(super) struct RawEntry {
    /// How links name this lesson: lowercase letters, digits and dashes. Defaults to the file name.
    #[schemars(regex(pattern = r"^[a-z0-9-]+$"))]
    pub(super) id: Option<String>,
    /// With --with-bundled: the id of the bundled lesson this one replaces (and so its id too).
    #[schemars(regex(pattern = r"^[a-z0-9-]+$"))]
    pub(super) replaces: Option<String>,
    /// The name readers see.
    pub(super) title: String,
    /// Other names that links and search also find it by.
    #[serde(default)]
    pub(super) aliases: Vec<String>,
    /// beginner, intermediate or advanced.
    #[schemars(schema_with = "level_schema")]
    pub(super) level: String,
    /// Topics, for the home screen's grouping and `lexicon list --tag`.
    #[serde(default)]
    pub(super) tags: Vec<String>,
    /// The day the facts were last checked, YYYY-MM-DD.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub(super) verified: Option<String>,
    /// One or two sentences, for a reader who has never heard of it. Markdown.
    pub(super) definition: String,
    /// The lesson itself, in Markdown; link other lessons with `[[id]]` or `[[id|label]]`.
    #[serde(default)]
    pub(super) analysis: String,
    /// Questions readers ask, each with a Markdown answer.
    #[serde(default)]
    pub(super) faqs: Vec<RawFaq>,
    /// Beliefs that are wrong. Each gives two check statements: the myth and the fact.
    #[serde(default)]
    pub(super) misconceptions: Vec<RawMisconception>,
    /// Lessons to read next, by id, title or alias; each should name this one back.
    #[serde(default)]
    pub(super) related: Vec<String>,
    /// Side-by-side comparisons with other lessons.
    #[serde(default)]
    pub(super) compare: Vec<RawComparison>,
    /// Where the facts come from.
    #[serde(default)]
    pub(super) sources: Vec<RawSource>,
}

/// A question readers ask.
#[derive(Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Faq")]
pub(super) struct RawFaq {
    /// The question.
    pub(super) question: String,
    /// Its answer, in Markdown.
    pub(super) answer: String,
}

/// A belief that is wrong, and what is true instead.
#[derive(Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Misconception")]
pub(super) struct RawMisconception {
    /// The wrong belief, as a reader might state it: the check's Myth statement.
    pub(super) myth: String,
    /// What is true instead: the check's Fact statement.
    pub(super) fact: String,
    /// Why, in Markdown: shown when a check statement is revealed.
    pub(super) explanation: String,
    /// The title of the source in `sources` that settles it.
    pub(super) source: Option<String>,
}

/// A comparison with another lesson.
#[derive(Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Comparison")]
pub(super) struct RawComparison {
    /// The other lesson, by id, title or alias.
    pub(super) with: String,
    /// The rows of the table.
    pub(super) points: Vec<RawComparePoint>,
}

/// One row of a comparison.
#[derive(Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ComparePoint")]
pub(super) struct RawComparePoint {
    /// What is compared.
    pub(super) aspect: String,
    /// This lesson's side.
    pub(super) this: String,
    /// The other lesson's side.
    pub(super) that: String,
}

/// Where a fact comes from.
#[derive(Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Source")]
pub(super) struct RawSource {
    /// The source's title, as misconceptions cite it.
    pub(super) title: String,
    /// Its web address (http or https).
    pub(super) url: Option<String>,
}

/// A lexicon journey: lessons to read in order (a file in journeys/).
#[derive(Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Journey")]
pub(super) struct RawJourney {
    /// How the journey is named: lowercase letters, digits and dashes. Defaults to the file name.
    #[schemars(regex(pattern = r"^[a-z0-9-]+$"))]
    pub(super) id: Option<String>,
    /// The name readers see on the home screen.
    pub(super) title: String,
    /// What a reader gets from the journey.
    #[serde(default)]
    pub(super) description: String,
    /// The lessons, by id, title or alias, in reading order.
    pub(super) steps: Vec<String>,
}

/// The levels, by name: an enumeration an editor completes.
fn level_schema(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = Level::ALL.iter().map(|level| level.as_str()).collect();
    schemars::json_schema!({ "type": "string", "enum": names })
}

/// The JSON Schema of a file of `kind`, in draft 7, the draft every version of
/// yaml-language-server reads.
pub fn json_schema(kind: FileKind) -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = match kind {
        FileKind::Term => generator.into_root_schema_for::<RawEntry>(),
        FileKind::Journey => generator.into_root_schema_for::<RawJourney>(),
    };
    schema.to_value()
}
