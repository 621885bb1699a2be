//! Pass 2: ids, titles and aliases share one namespace, since a link may use any of them.
//!
//! Entries are taken in path order, so a name used twice is reported on the later file
//! whatever order the files were listed in, and a file whose id is already taken is skipped.

use super::places::{LineColumn, or_start};
use super::{FileFindings, LoadReport};
use crate::content::diagnostic::Diagnostic;
use crate::content::model::Entry;
use crate::content::sanitize::sanitize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Pass 2: ids, titles and aliases share one namespace. Reports every name used twice on
/// the later file, and says which files to keep: not one whose id is already taken.
pub(super) fn check_names(checked: &[Entry], findings: &[FileFindings], report: &mut LoadReport) -> Vec<bool> {
    // Every id, title and alias (lowercased, as links match them), with the index of the
    // file and the kind of name it is there. Sized up front: in a large folder this is the
    // largest table of the load, and growing it would hold the old one and the new at once.
    let names = checked.iter().map(|entry| 2 + entry.aliases.len()).sum();
    let mut names_seen: HashMap<Cow<'_, str>, (u32, NameKind)> = HashMap::with_capacity(names);
    let mut ids_seen: HashMap<&str, u32> = HashMap::with_capacity(checked.len());
    let mut keep = Vec::with_capacity(checked.len());
    for (index, (entry, FileFindings { places, .. })) in checked.iter().zip(findings).enumerate() {
        // A folder entry layered on the bundled ones may take a bundled entry's place, and
        // is told how when it clashes with one.
        let replace_hint = |other: usize| {
            let bundled = findings[other].bundled && !findings[index].bundled;
            if bundled {
                format!(
                    "; that is a bundled lesson: to put this one in its place, add `replaces: {}`",
                    checked[other].id
                )
            } else {
                String::new()
            }
        };
        if let Some(&other) = ids_seen.get(entry.id.as_str()) {
            let other = other as usize;
            report.diagnostics.push(Diagnostic::error(
                &entry.path,
                or_start(places.id_key.or(places.replaces_key)),
                format!(
                    "duplicate id `{}` (also used by {}){}",
                    entry.id,
                    checked[other].path,
                    replace_hint(other)
                ),
            ));
            report.skipped_files += 1;
            keep.push(false);
            continue;
        }
        let mut names: Vec<(Cow<'_, str>, NameKind, Option<LineColumn>)> = vec![
            (Cow::Borrowed(entry.id.as_str()), NameKind::Id, places.id_key),
            (lowercase(&entry.title), NameKind::Title, places.title),
        ];
        names.extend(
            entry
                .aliases
                .iter()
                .zip(places.aliases())
                .map(|(alias, &at)| (lowercase(alias), NameKind::Alias, at)),
        );
        // A name the entry itself already uses (an alias equal to its own title) is harmless.
        let mut own = HashSet::new();
        for (name, what, at) in &names {
            if !own.insert(name.as_ref()) {
                continue;
            }
            let Some(&(other, other_what)) = names_seen.get(name) else {
                continue;
            };
            let hint = replace_hint(other as usize);
            let other = &checked[other as usize].path;
            let other_what = other_what.as_str();
            let message = match what {
                // Links look a name up as an id first, so this entry takes the name.
                NameKind::Id => format!(
                    "id `{name}` is already the {other_what} of {other}; links to `{name}` will open this entry"
                ),
                NameKind::Title => format!("duplicate title `{name}`: it is already the {other_what} of {other}"),
                NameKind::Alias => format!("duplicate alias `{name}`: it is already the {other_what} of {other}"),
            };
            report
                .diagnostics
                .push(Diagnostic::error(&entry.path, or_start(*at), message + &hint));
        }
        // A folder holds far fewer than 2^32 files.
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        ids_seen.insert(entry.id.as_str(), index);
        for (name, what, _) in names {
            names_seen.entry(name).or_insert((index, what));
        }
        keep.push(true);
    }
    keep
}

/// The kinds of name an entry goes by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameKind {
    Id,
    Title,
    Alias,
}

impl NameKind {
    fn as_str(self) -> &'static str {
        match self {
            NameKind::Id => "id",
            NameKind::Title => "title",
            NameKind::Alias => "alias",
        }
    }
}

/// `text` lowercased, borrowed when it already is.
fn lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// A name as the loader compares names: sanitized, trimmed and lowercased.
pub(super) fn normalized(name: &str) -> String {
    sanitize(name).trim().to_lowercase()
}
