//! From a file's bytes to its raw types: size, UTF-8, byte-order mark, how deep flow
//! brackets nest, how far YAML aliases expand it, then serde_yaml.
//!
//! Each refusal is one [`Diagnostic`] with a line and column: serde_yaml's own position when
//! it has one, pointed at the repeated key itself for a duplicate field.
//!
//! serde stops at a file's first mistake. So that an author fixes a term or journey file in
//! one pass, [`parse_walked`] then reads the file as a plain YAML tree and walks it against the schema
//! of the raw types ([`super::raw::json_schema`], from the same serde types, so the walk
//! and serde agree on what a file may hold): every unknown field (with the field it was
//! probably meant to be), missing field and value of the wrong kind is reported at its own
//! line, and the tree, with those mended, becomes a [`RawEntry`] whose other problems the
//! per-entry checks go on to find (a journey's are all reported, and the journey is not
//! loaded).

use super::FileKind;
use super::alias_budget::check_alias_expansion;
use super::folder::{MAX_FILE_BYTES, ReadError};
use super::locate::Locator;
#[cfg(doc)]
use super::raw::RawEntry;
use super::raw::json_schema;
use crate::content::diagnostic::Diagnostic;
use crate::content::nesting;
use crate::content::sanitize::sanitize;
use serde::Deserialize;
use serde_json::Value as Schema;
use serde_yaml::{Mapping, Value};
use std::collections::HashMap;

/// A parsed file and its text, kept until pass 1 has found in it what later passes need.
pub(super) struct Parsed<T> {
    pub(super) value: T,
    pub(super) text: String,
}

/// Checks size and encoding, and strips a leading byte-order mark. The bytes become the
/// text without a copy.
pub(super) fn decode(bytes: Result<Vec<u8>, String>, path: &str) -> Result<String, Diagnostic> {
    let bytes = bytes.map_err(|message| Diagnostic::error(path, (1, 1), sanitize(&message)))?;
    let size = bytes.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(path, (1, 1), ReadError::TooLarge(size).to_string()));
    }
    let mut text = String::from_utf8(bytes).map_err(|error| {
        let bytes = error.as_bytes();
        let valid = &bytes[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        Diagnostic::error(path, (line, column), "file is not valid UTF-8; save it as UTF-8")
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, (1, 1), "file is empty"));
    }
    Ok(text)
}

pub(super) fn parse<T: for<'de> Deserialize<'de>>(path: &str, text: String) -> Result<Parsed<T>, Diagnostic> {
    parse_keeping_text(path, text).map_err(|(diagnostic, _)| diagnostic)
}

/// A file that serde refused, read again for every problem it has.
pub(super) struct Mended<T> {
    /// Every unknown, missing or ill-typed field, in the order of the file.
    pub(super) diagnostics: Vec<Diagnostic>,
    /// How many more there were, past [`MAX_WALK_PROBLEMS`].
    pub(super) unreported: usize,
    /// The file with those mended: unknown fields dropped (or renamed to the field they were
    /// surely meant to be), missing ones filled with a stand-in, ill-typed ones replaced.
    pub(super) parsed: Parsed<T>,
}

/// Why [`parse_walked`] refused a file.
pub(super) enum Refused<T> {
    /// For its fields: every problem the schema walk found, and the file mended.
    Mended(Box<Mended<T>>),
    /// For anything else (or fields the walk found nothing wrong with): the one diagnostic.
    Unreadable(Diagnostic),
}

/// [`parse`] for a term or journey file (`kind`, of raw type `T`), which when serde refuses
/// it for its fields (not for its YAML) reads it again for every problem it has
/// ([`Refused::Mended`]).
pub(super) fn parse_walked<T: for<'de> Deserialize<'de>>(
    path: &str,
    text: String,
    kind: FileKind,
) -> Result<Parsed<T>, Refused<T>> {
    let (diagnostic, text) = match parse_keeping_text::<T>(path, text) {
        Ok(parsed) => return Ok(parsed),
        Err(failure) => failure,
    };
    let Some(text) = text else {
        return Err(Refused::Unreadable(diagnostic));
    };
    // The file's size, nesting and aliases were checked before serde saw it.
    let Ok(mut tree) = serde_yaml::from_str::<Value>(&text) else {
        return Err(Refused::Unreadable(diagnostic));
    };
    let schema = json_schema(kind);
    let mut walk = Walk {
        root: &schema,
        locator: Locator::new(&text),
        path,
        diagnostics: Vec::new(),
        unreported: 0,
        seen: HashMap::new(),
    };
    walk.node(&mut tree, &schema, &Spot::default());
    let (diagnostics, unreported) = (walk.diagnostics, walk.unreported);
    match serde_yaml::from_value::<T>(tree) {
        Ok(value) if !diagnostics.is_empty() => Err(Refused::Mended(Box::new(Mended {
            diagnostics,
            unreported,
            parsed: Parsed { value, text },
        }))),
        _ => Err(Refused::Unreadable(diagnostic)),
    }
}

/// The most problems the walk reports in one file: placing each is a scan of the file, and a
/// file with thousands of the same mistake needs only the first few to be fixed.
const MAX_WALK_PROBLEMS: usize = 50;

/// Walks a YAML tree against a JSON Schema of the raw types, reporting and mending.
struct Walk<'s> {
    root: &'s Schema,
    locator: Locator<'s>,
    path: &'s str,
    diagnostics: Vec<Diagnostic>,
    /// How many problems were past [`MAX_WALK_PROBLEMS`] and not reported.
    unreported: usize,
    /// How many times each `(top-level key, key)` was met so far, so that a nested key's
    /// problem is placed at its own occurrence in the text.
    seen: HashMap<(String, String), usize>,
}

/// Where a value is in the file.
#[derive(Debug, Clone, Default)]
struct Spot {
    /// The value's path as serde writes it (`faqs[0].answer`); empty for the file itself.
    field: String,
    /// The top-level key the value is under, if it is not the file itself.
    top: Option<String>,
    /// The key the value is written at, and which occurrence of that key under `top` it
    /// is; `None` for a list item.
    key: Option<(String, usize)>,
}

impl Spot {
    /// The spot of the value at `key` in the mapping at this spot, the `nth` such key under
    /// the same top-level key.
    fn child(&self, key: &str, nth: usize) -> Spot {
        Spot {
            field: if self.field.is_empty() {
                key.to_owned()
            } else {
                format!("{}.{key}", self.field)
            },
            top: Some(self.top.clone().unwrap_or_else(|| key.to_owned())),
            key: Some((key.to_owned(), nth)),
        }
    }

    /// The spot of the `index`th item of the list at this spot.
    fn item(&self, index: usize) -> Spot {
        Spot {
            field: format!("{}[{index}]", self.field),
            top: self.top.clone(),
            key: None,
        }
    }

    /// How a message names the value: "`tags`", "`faqs[0].answer`", and a list item by its
    /// list, "an item of `tags`", so the same mistake in every item is one message.
    fn named(&self) -> String {
        match self.field.rsplit_once('[') {
            _ if self.field.is_empty() => "the file".to_owned(),
            Some((list, _)) if self.key.is_none() => format!("an item of `{}`", sanitize(list)),
            _ => format!("`{}`", sanitize(&self.field)),
        }
    }

    /// What a message about a field inside this value starts with: `faqs[0]: `.
    fn prefix(&self) -> String {
        if self.field.is_empty() {
            String::new()
        } else {
            format!("{}: ", sanitize(&self.field))
        }
    }
}

impl<'s> Walk<'s> {
    /// The schema `$ref` points at, or `schema` itself.
    fn resolved(&self, schema: &'s Schema) -> &'s Schema {
        schema["$ref"]
            .as_str()
            .and_then(|reference| reference.strip_prefix("#/definitions/"))
            .map_or(schema, |name| &self.root["definitions"][name])
    }

    /// Counts one more `key` in the mapping at `spot`, and returns which occurrence it is.
    fn count(&mut self, spot: &Spot, key: &str) -> usize {
        let Some(top) = &spot.top else { return 0 };
        let seen = self.seen.entry((top.clone(), key.to_owned())).or_default();
        *seen += 1;
        *seen - 1
    }

    /// Reports `message` at `spot`: at its key, or, for a list item, at its list's key.
    fn report(&mut self, spot: &Spot, message: String) {
        if self.diagnostics.len() >= MAX_WALK_PROBLEMS {
            self.unreported += 1;
            return;
        }
        let at = match (&spot.top, &spot.key) {
            (Some(top), Some((key, nth))) if spot.field.contains(['.', '[']) => self.locator.nested_key(top, key, *nth),
            (_, Some((key, _))) => self.locator.key(key),
            (Some(top), None) => self.locator.key(top),
            (None, None) => None,
        };
        let diagnostic = Diagnostic::error(self.path, at.unwrap_or((1, 1)), message);
        // The same mistake in every item of a list is one problem at the list.
        if !self.diagnostics.contains(&diagnostic) {
            self.diagnostics.push(diagnostic);
        }
    }

    /// Checks `value`, at `spot`, against `schema`, mending it in place.
    fn node(&mut self, value: &mut Value, schema: &'s Schema, spot: &Spot) {
        let schema = self.resolved(schema);
        if !accepts(schema, value) {
            let message = format!("{} should be {}, not {}", spot.named(), expected(schema), kind(value));
            self.report(spot, message);
            *value = stand_in(schema);
            return;
        }
        match value {
            Value::Null | Value::Bool(_) | Value::Number(_) => mend_scalar(value, schema),
            Value::Mapping(mapping) => self.mapping(mapping, schema, spot),
            Value::Sequence(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.node(item, &schema["items"], &spot.item(index));
                }
            }
            _ => {}
        }
    }

    fn mapping(&mut self, mapping: &mut Mapping, schema: &'s Schema, spot: &Spot) {
        let properties = schema["properties"].as_object();
        let property = |name: &str| properties.and_then(|properties| properties.get(name));
        let keys: Vec<(Value, Spot)> = mapping
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .into_iter()
            .map(|key| {
                let name = key.as_str().unwrap_or_default().to_owned();
                let nth = self.count(spot, &name);
                (key, spot.child(&name, nth))
            })
            .collect();
        // Where a missing field is reported: the mapping's first key (a list item has no
        // line of its own), or the list's key.
        let first = keys.first().map_or_else(|| spot.clone(), |(_, child)| child.clone());
        for (key, child) in keys {
            let name = key.as_str().unwrap_or_default().to_owned();
            if let Some(property) = property(&name) {
                if let Some(value) = mapping.get_mut(&key) {
                    self.node(value, property, &child);
                }
                continue;
            }
            let value = mapping.remove(&key);
            // The field it was surely meant to be: a close spelling of one the mapping lacks.
            let meant = properties.and_then(|properties| {
                properties
                    .keys()
                    .filter(|candidate| !mapping.contains_key(candidate.as_str()))
                    .map(|candidate| (strsim::osa_distance(candidate, &name), candidate))
                    .filter(|(distance, candidate)| *distance <= 2 && *distance < candidate.len() / 2)
                    .min()
                    .map(|(_, candidate)| candidate.clone())
            });
            let field = sanitize(&name);
            let message = match &meant {
                Some(meant) => format!("{}unknown field `{field}`; did you mean `{meant}`?", spot.prefix()),
                None => {
                    let names: Vec<String> = properties
                        .map(|properties| properties.keys().map(|name| format!("`{name}`")).collect())
                        .unwrap_or_default();
                    format!(
                        "{}unknown field `{field}`, expected one of {}",
                        spot.prefix(),
                        names.join(", ")
                    )
                }
            };
            self.report(&child, message);
            // Mended under the name it was meant to have, its value is checked as that.
            if let (Some(meant), Some(mut value)) = (meant, value) {
                if let Some(property) = property(&meant) {
                    self.node(&mut value, property, &child);
                }
                mapping.insert(Value::String(meant), value);
            }
        }
        let required = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Schema::as_str);
        for name in required {
            if mapping.contains_key(name) {
                continue;
            }
            self.report(&first, format!("{}missing field `{name}`", spot.prefix()));
            let filler = stand_in(self.resolved(&schema["properties"][name]));
            mapping.insert(Value::String(name.to_owned()), filler);
        }
    }
}

/// The JSON Schema type names of `schema`.
fn types(schema: &Schema) -> Vec<&str> {
    match &schema["type"] {
        Schema::String(name) => vec![name.as_str()],
        Schema::Array(names) => names.iter().filter_map(Schema::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether `value` has one of the types `schema` allows (any, when it names none). Where
/// text goes, serde_yaml takes any scalar as it is written (`title: 2024`, `title:`), and
/// so does the walk; [`mend_scalar`] makes it text.
fn accepts(schema: &Schema, value: &Value) -> bool {
    let allowed = types(schema);
    let scalar = matches!(
        value,
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_)
    );
    if scalar && allowed.contains(&"string") {
        return true;
    }
    let is = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Sequence(_) => "array",
        Value::Mapping(_) => "object",
        Value::Tagged(_) => "tagged",
    };
    allowed.is_empty() || allowed.contains(&is) || (is == "number" && allowed.contains(&"integer"))
}

/// A scalar that is not text where `schema` wants text, as the text serde_yaml would have
/// read (an empty value is empty text); a null where `schema` allows null stays.
fn mend_scalar(value: &mut Value, schema: &Schema) {
    let allowed = types(schema);
    let text = match value {
        Value::Null if allowed.contains(&"null") => return,
        Value::Null => String::new(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        _ => return,
    };
    if allowed.contains(&"string") {
        *value = Value::String(text);
    }
}

/// What a value of `schema` is, in words.
fn expected(schema: &Schema) -> &'static str {
    match types(schema).first().copied() {
        Some("array") => "a list",
        Some("object") => "a mapping of fields",
        _ => "text",
    }
}

/// What `value` is, in words.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping of fields",
        Value::Tagged(_) => "a tagged value",
    }
}

/// A value `schema` accepts, standing in for a missing or ill-typed one: its problem is
/// reported already, and text that is not empty keeps the per-entry checks from
/// reporting it a second time.
fn stand_in(schema: &Schema) -> Value {
    match types(schema).first().copied() {
        Some("array") => Value::Sequence(Vec::new()),
        Some("object") => Value::Mapping(Mapping::new()),
        Some("null") => Value::Null,
        _ => Value::String("?".to_owned()),
    }
}

/// [`parse`], giving the text back with a refusal by serde (rather than by the checks
/// before it), so that [`parse_walked`] can read it again.
fn parse_keeping_text<T: for<'de> Deserialize<'de>>(
    path: &str,
    text: String,
) -> Result<Parsed<T>, (Diagnostic, Option<String>)> {
    // Before the parser, whose work grows with the square of the flow depth.
    if let Some(at) = nesting::too_deep(&text) {
        let message = format!(
            "brackets or braces nested more than {} deep; flatten the value",
            nesting::MAX_FLOW_DEPTH
        );
        return Err((Diagnostic::error(path, at, message), None));
    }
    check_alias_expansion(path, &text).map_err(|diagnostic| (diagnostic, None))?;
    match serde_yaml::from_str::<T>(&text) {
        Ok(value) => Ok(Parsed { value, text }),
        Err(error) => {
            let mut at = error
                .location()
                .map_or((1, 1), |location| (location.line(), location.column()));
            let mut message = error.to_string();
            // serde_yaml appends the location; we report it in the prefix instead.
            if let Some(cut) = message.find(" at line ") {
                message.truncate(cut);
            }
            // serde's `duplicate field` error carries the position of the mapping the key is
            // in; point at the repeated key itself.
            if let Some(key) = duplicate_field(&message)
                && let Some(repeated) = Locator::new(&text).repeated_key(at, key)
            {
                at = repeated;
            }
            Err((Diagnostic::error(path, at, sanitize(&message)), Some(text)))
        }
    }
}

/// The field named by serde's "duplicate field `name`" message.
fn duplicate_field(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("duplicate field `")?;
    rest.split_once('`').map(|(name, _)| name)
}
