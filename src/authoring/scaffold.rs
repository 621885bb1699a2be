//! `lexicon new`: a new lesson or journey file, ready to fill in.
//!
//! The file has every field the loader knows, each with a one-line comment saying what it is
//! for, and `TODO` where the author's words go. Its first line is yaml-language-server's
//! modeline, pointing at the schema file `lexicon schema` writes next to the content
//! (`DIR/term.schema.json`, `DIR/journey.schema.json`), so an editor checks and completes
//! the file as it is typed. An existing file is never written over.

use crate::content::loader::{FileKind, is_valid_id};
use crate::content::sanitize::sanitize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a new file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("`{title}` gives no id: a title needs a letter or a digit")]
    NoId { title: String },
    #[error("{} already exists; edit it, or choose another title", path.display())]
    Exists { path: PathBuf },
    #[error("could not write {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

/// The sub-folder of a content folder that holds files of `kind`.
pub fn folder_of(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Term => "terms",
        FileKind::Journey => "journeys",
    }
}

/// The schema file for files of `kind`, as named at the top of the content folder.
pub fn schema_file_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Term => "term.schema.json",
        FileKind::Journey => "journey.schema.json",
    }
}

/// The id a title gets: transliterated to ASCII, lowercase, words joined by dashes
/// (`Clé de sécurité` is `cle-de-securite`). `None` when nothing is left.
pub fn id_for(title: &str) -> Option<String> {
    let id = slug::slugify(title);
    is_valid_id(&id).then_some(id)
}

/// Writes a new file of `kind` titled `title` under `content_dir`, creating its sub-folder,
/// and returns its path. `today` (`YYYY-MM-DD`) goes in a lesson's `verified`.
pub fn write_new(content_dir: &Path, kind: FileKind, title: &str, today: &str) -> Result<PathBuf, NewError> {
    // A title comes from a command line, which may carry anything; the file must not.
    let title = sanitize(title).trim().to_owned();
    let id = id_for(&title).ok_or_else(|| NewError::NoId { title: title.clone() })?;
    let folder = content_dir.join(folder_of(kind));
    let path = folder.join(format!("{id}.yaml"));
    let io = |source| NewError::Io {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(&folder).map_err(io)?;
    let text = match kind {
        FileKind::Term => term_text(&id, &title, today),
        FileKind::Journey => journey_text(&id, &title),
    };
    // `create_new` refuses an existing file in the same call that creates it: no window in
    // which another writer's file could be replaced.
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => return Err(NewError::Exists { path }),
        Err(error) => return Err(io(error)),
    };
    file.write_all(text.as_bytes()).map_err(io)?;
    Ok(path)
}

/// `text` as a YAML scalar: plain when it cannot be read as anything but that string,
/// otherwise double-quoted (JSON's string syntax is YAML's double-quoted style).
fn yaml_scalar(text: &str) -> String {
    let plain_chars = text
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '(' | ')' | '\'' | '.' | ',' | '/'));
    let starts_with_letter = text.chars().next().is_some_and(char::is_alphabetic);
    // Words YAML 1.1 readers take for booleans or null.
    let keyword = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
        .iter()
        .any(|word| text.eq_ignore_ascii_case(word));
    if plain_chars && starts_with_letter && !keyword && !text.ends_with(' ') {
        text.to_owned()
    } else {
        serde_json::Value::String(text.to_owned()).to_string()
    }
}

/// The modeline that points yaml-language-server at the schema for `kind`, from a file in
/// the content folder's sub-folder.
fn modeline(kind: FileKind) -> String {
    format!("# yaml-language-server: $schema=../{}\n", schema_file_name(kind))
}

/// A lesson file with every field, for the author to fill in.
pub fn term_text(id: &str, title: &str, today: &str) -> String {
    let title = yaml_scalar(title);
    modeline(FileKind::Term)
        + &format!(
            r#"# A lexicon lesson: replace each TODO, leave out what you do not need, then run
# `lexicon check`. Markdown fields link other lessons with [[id]] or [[id|label]].

# How links name this lesson: lowercase letters, digits and dashes, as in the file name.
id: {id}
# With --with-bundled, to take the place of a bundled lesson: its id (then this lesson's
# id too: leave `id` out, or make it the same).
# replaces: backup-codes
# The name readers see.
title: {title}
# Other names that links and search also find it by.
aliases: []
# beginner, intermediate or advanced.
level: beginner
# Topics, for the home screen's grouping and `lexicon list --tag`.
tags: []
# The day the facts were last checked (YYYY-MM-DD).
verified: {today}
# One or two sentences, for a reader who has never heard of it.
definition: >-
  TODO: what this is, in one or two sentences.
# The lesson itself, in Markdown.
analysis: |
  TODO: how it works, why it matters, and what goes wrong.
# Questions readers ask, each with a Markdown answer.
faqs:
  - question: TODO a question readers ask?
    answer: |
      TODO: its answer.
# Beliefs that are wrong. Each gives two check statements: the myth and the fact.
misconceptions:
  - myth: TODO a common belief that is wrong.
    fact: TODO what is true instead.
    explanation: |
      TODO: why, in a few sentences.
    # The title of the source below that settles it.
    source: TODO source title
# Ids of lessons to read next; each should name this one back.
related: []
# Side-by-side comparisons with other lessons, as:
#   - with: other-id
#     points:
#       - aspect: What it protects
#         this: TODO this lesson's side
#         that: TODO the other lesson's side
compare: []
# Where the facts come from.
sources:
  - title: TODO source title
    url: https://example.com/TODO
"#
        )
}

/// A journey file with every field, for the author to fill in.
pub fn journey_text(id: &str, title: &str) -> String {
    let title = yaml_scalar(title);
    modeline(FileKind::Journey)
        + &format!(
            r#"# A lexicon journey: lessons to read in order. Replace each TODO, then run
# `lexicon check`.

# How the journey is named: lowercase letters, digits and dashes, as in the file name.
id: {id}
# The name readers see on the home screen.
title: {title}
# What a reader gets from the journey, in a sentence or two.
description: >-
  TODO: what this journey teaches.
# The lessons, by id, title or alias, in reading order.
steps:
  - TODO-first-lesson
  - TODO-second-lesson
"#
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_of_the_title() {
        assert_eq!(id_for("Backup Codes").as_deref(), Some("backup-codes"));
        assert_eq!(id_for("Clé de sécurité").as_deref(), Some("cle-de-securite"));
        assert_eq!(id_for("  2FA: what & why? ").as_deref(), Some("2fa-what-why"));
        assert_eq!(id_for("¿?!"), None);
    }

    #[test]
    fn titles_are_quoted_when_yaml_would_read_them_otherwise() {
        assert_eq!(yaml_scalar("Backup Codes"), "Backup Codes");
        assert_eq!(yaml_scalar("Yes"), "\"Yes\"");
        assert_eq!(yaml_scalar("2FA"), "\"2FA\"");
        assert_eq!(yaml_scalar("Keys: a primer"), "\"Keys: a primer\"");
        assert_eq!(yaml_scalar("a \"quoted\" # word"), r#""a \"quoted\" # word""#);
    }
}
