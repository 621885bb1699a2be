//! From a file's bytes to its raw types: size, UTF-8, byte-order mark, how deep flow
//! brackets nest, how far YAML aliases expand it, then serde_yaml.
//!
//! Each refusal is one [`Diagnostic`] with a line and column: serde_yaml's own position when
//! it has one, pointed at the repeated key itself for a duplicate field.

use super::alias_budget::check_alias_expansion;
use super::folder::{MAX_FILE_BYTES, ReadError};
use super::locate::Locator;
use crate::content::diagnostic::Diagnostic;
use crate::content::nesting;
use crate::content::sanitize::sanitize;
use serde::Deserialize;

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
    // Before the parser, whose work grows with the square of the flow depth.
    if let Some(at) = nesting::too_deep(&text) {
        return Err(Diagnostic::error(
            path,
            at,
            format!(
                "brackets or braces nested more than {} deep; flatten the value",
                nesting::MAX_FLOW_DEPTH
            ),
        ));
    }
    check_alias_expansion(path, &text)?;
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
            Err(Diagnostic::error(path, at, sanitize(&message)))
        }
    }
}

/// The field named by serde's "duplicate field `name`" message.
fn duplicate_field(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once("duplicate field `")?;
    rest.split_once('`').map(|(name, _)| name)
}
