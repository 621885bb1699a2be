//! Pass 1's checks of one term on its own, and the cleaning of its text.
//!
//! A bad id, level, title or definition makes the file unusable. A bad date, a misconception
//! that cites no source or a source the entry does not list, and a name that is empty once
//! sanitized are reported, and the entry still loads (without the bad date or the empty
//! name). Every string is sanitized here, before anything else sees it.

use super::locate::{Locator, locate_key};
use super::raw::RawEntry;
use crate::content::diagnostic::Diagnostic;
use crate::content::model::{Body, BodySlot, ComparePoint, Comparison, Entry, Faq, Level, Misconception, Source};
use crate::content::sanitize::{escape_controls, is_clean, sanitize};
use std::collections::HashSet;
use std::path::Path;

/// Whether `id` can name an entry or a journey: lowercase ASCII letters, digits and dashes.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A `YYYY-MM-DD` date with a real month and day.
///
/// chrono knows the calendar, but its `%Y`, `%m` and `%d` also take other shapes (fewer
/// digits, a sign, leading spaces), so the shape is checked first: four digits, two, two,
/// and two dashes.
fn is_iso_date(text: &str) -> bool {
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(at, byte)| match at {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    shape && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// The file name without its extension. `path` is already escaped for display.
pub(super) fn file_stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(super) fn clean_list(items: Vec<String>) -> Vec<String> {
    items.into_iter().map(clean_then_trim).collect()
}

/// The message for a name that is empty once sanitized; `{key}` is the field.
const EMPTY_NAME: &str = "an item of {key} is empty once control characters are removed; a name must have text";

/// `items` of the list at `key` without those empty once sanitized (only an escape sequence,
/// say), each reported as an error at the key: an empty name would otherwise resolve to
/// whatever entry an empty name happens to find.
fn named_items(
    key: &str,
    items: Vec<String>,
    text: &str,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    if items.iter().all(|item| !item.is_empty()) {
        return items;
    }
    let at = locate_key(text, key).unwrap_or((1, 1));
    diagnostics.push(Diagnostic::error(path, at, EMPTY_NAME.replace("{key}", key)));
    items.into_iter().filter(|item| !item.is_empty()).collect()
}

// The parsed strings are owned already, and almost always clean: these keep them instead of
// copying each one, which saves an allocation and a copy per string of every file.

/// `sanitize(&text)`, reusing `text` when there is nothing to clean.
fn clean(text: String) -> String {
    if is_clean(&text) { text } else { sanitize(&text) }
}

/// `sanitize(text.trim())`.
pub(super) fn trim_then_clean(text: String) -> String {
    clean(trim(text))
}

/// `sanitize(&text).trim().to_owned()`.
fn clean_then_trim(text: String) -> String {
    trim(clean(text))
}

/// `text.trim().to_owned()`, trimmed in place.
fn trim(mut text: String) -> String {
    let end = text.trim_end().len();
    let start = end - text[..end].trim_start().len();
    if end < text.len() || start > 0 {
        text.truncate(end);
        text.drain(..start);
        text.shrink_to_fit();
    }
    text
}

/// Validates one entry on its own and sanitizes its text. `None` means the file is unusable.
pub(super) fn check_entry(raw: RawEntry, text: &str, path: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Entry> {
    let mut usable = true;
    // An id is checked as written (control characters escaped, not removed), so a file named
    // `x<ESC>]0;…` is reported rather than silently loaded as `x`.
    //
    // A lesson that replaces a bundled one takes its id, so links to that id reach it.
    let replaces = raw.replaces.as_deref().map(escape_controls);
    let id = raw
        .id
        .as_deref()
        .map(escape_controls)
        .or_else(|| replaces.clone().filter(|replaces| is_valid_id(replaces)))
        .unwrap_or_else(|| file_stem(path));
    if let Some(replaces) = &replaces {
        let at = locate_key(text, "replaces").unwrap_or((1, 1));
        if !is_valid_id(replaces) {
            diagnostics.push(Diagnostic::error(
                path,
                at,
                format!("invalid id `{replaces}` in `replaces`: use lowercase letters, digits and dashes"),
            ));
            usable = false;
        } else if *replaces != id {
            diagnostics.push(Diagnostic::error(
                path,
                at,
                format!(
                    "a lesson that replaces `{replaces}` takes its id: leave `id` out, or make it `{replaces}` \
                     (it is `{id}`)"
                ),
            ));
            usable = false;
        }
    }
    if !is_valid_id(&id) {
        let at = locate_key(text, "id").unwrap_or((1, 1));
        let what = if raw.id.is_some() {
            "id"
        } else {
            "file name (used as the id)"
        };
        diagnostics.push(Diagnostic::error(
            path,
            at,
            format!("invalid {what} `{id}`: use lowercase letters, digits and dashes"),
        ));
        usable = false;
    }
    let level = Level::parse(raw.level.trim());
    if level.is_none() {
        let at = locate_key(text, "level").unwrap_or((1, 1));
        diagnostics.push(Diagnostic::error(
            path,
            at,
            format!(
                "invalid level `{}`: expected beginner, intermediate or advanced",
                sanitize(&raw.level)
            ),
        ));
        usable = false;
    }
    let title = clean_then_trim(raw.title);
    if title.is_empty() {
        diagnostics.push(Diagnostic::error(
            path,
            locate_key(text, "title").unwrap_or((1, 1)),
            "title is empty",
        ));
        usable = false;
    }
    if raw.definition.trim().is_empty() {
        diagnostics.push(Diagnostic::error(
            path,
            locate_key(text, "definition").unwrap_or((1, 1)),
            "definition is empty",
        ));
        usable = false;
    }
    let verified = raw.verified.map(clean);
    if let Some(date) = &verified
        && !is_iso_date(date)
    {
        let at = locate_key(text, "verified").unwrap_or((1, 1));
        diagnostics.push(Diagnostic::error(
            path,
            at,
            format!("invalid date `{date}`: expected YYYY-MM-DD"),
        ));
    }
    let level = level.filter(|_| usable)?;
    let body = Body {
        analysis: clean(raw.analysis),
        faqs: raw
            .faqs
            .into_iter()
            .map(|faq| Faq {
                question: trim_then_clean(faq.question),
                answer: clean(faq.answer),
            })
            .collect(),
        misconceptions: raw
            .misconceptions
            .into_iter()
            .map(|m| Misconception {
                myth: trim_then_clean(m.myth),
                fact: trim_then_clean(m.fact),
                explanation: clean(m.explanation),
                source: m.source.map(trim_then_clean),
            })
            .collect(),
        compare: raw
            .compare
            .into_iter()
            .map(|c| Comparison {
                with: trim_then_clean(c.with),
                points: c
                    .points
                    .into_iter()
                    .map(|p| ComparePoint {
                        aspect: trim_then_clean(p.aspect),
                        this: trim_then_clean(p.this),
                        that: trim_then_clean(p.that),
                    })
                    .collect(),
            })
            .collect(),
        sources: raw
            .sources
            .into_iter()
            .map(|s| Source {
                title: trim_then_clean(s.title),
                url: s.url.map(trim_then_clean),
            })
            .collect(),
    };
    check_citations(&body, text, path, diagnostics);
    let mut named = |key: &str, items: Vec<String>| named_items(key, clean_list(items), text, path, diagnostics);
    let aliases = named("aliases", raw.aliases);
    let tags = named("tags", raw.tags);
    let related = named("related", raw.related);
    let mut body = body;
    if body.compare.iter().any(|comparison| comparison.with.is_empty()) {
        let at = locate_key(text, "compare").unwrap_or((1, 1));
        diagnostics.push(Diagnostic::error(
            path,
            at,
            EMPTY_NAME.replace("{key}", "compare `with`"),
        ));
        body.compare.retain(|comparison| !comparison.with.is_empty());
    }
    let mut entry = Entry {
        id,
        title,
        aliases,
        level,
        tags,
        verified: verified.filter(|date| is_iso_date(date)),
        definition: trim_then_clean(raw.definition),
        related,
        compared: Vec::new(),
        body: BodySlot::default(),
        path: path.to_owned(),
        replaces: None,
    }
    .with_body(shrunk(body));
    shrink(&mut entry);
    Some(entry)
}

/// The placeholder `lexicon new` writes in every field it cannot fill.
const PLACEHOLDER: &str = "TODO";

/// A warning for each line outside comments that still holds the placeholder `lexicon new`
/// wrote, as a whole word, so that `check` says what is left to write.
pub(super) fn placeholders_left(text: &str, path: &str) -> Vec<Diagnostic> {
    if !text.contains(PLACEHOLDER) {
        return Vec::new();
    }
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with('#'))
        .filter_map(|(number, line)| {
            let at = line.match_indices(PLACEHOLDER).map(|(at, _)| at).find(|&at| {
                !is_word(line[..at].chars().next_back()) && !is_word(line[at + PLACEHOLDER.len()..].chars().next())
            })?;
            Some(Diagnostic::warning(
                path,
                (number + 1, line[..at].chars().count() + 1),
                "a TODO from `lexicon new` is left here: write it, or leave the field out",
            ))
        })
        .collect()
}

/// Each misconception should cite the source that settles it: one with no `source` is a
/// warning, and a `source` that names none of the entry's own sources (by title, ignoring
/// case) is an error, so that the check's reveal can show and open it.
fn check_citations(body: &Body, text: &str, path: &str, diagnostics: &mut Vec<Diagnostic>) {
    let titles: HashSet<String> = body.sources.iter().map(|source| source.title.to_lowercase()).collect();
    let mut locator = None;
    // The reader opens and copies only web addresses: content comes from strangers, and a
    // `file:`, `javascript:` or custom scheme could start anything.
    for url in body.sources.iter().filter_map(|source| source.url.as_deref()) {
        if !crate::document::is_web_address(url) {
            let locator = locator.get_or_insert_with(|| Locator::new(text));
            let at = locator.value("sources", Some("url"), [url]).unwrap_or((1, 1));
            diagnostics.push(Diagnostic::warning(
                path,
                at,
                format!("source url `{url}` is not an http or https address: the reader will not open or copy it"),
            ));
        }
    }
    for (index, misconception) in body.misconceptions.iter().enumerate() {
        let Some(cited) = &misconception.source else {
            // A warning, not an error: glossaries written before `source` existed keep loading.
            let locator = locator.get_or_insert_with(|| Locator::new(text));
            let at = locator
                .value("misconceptions", Some("myth"), [misconception.myth.as_str()])
                .unwrap_or((1, 1));
            diagnostics.push(Diagnostic::warning(
                path,
                at,
                format!(
                    "misconception {} cites no source: add `source:` with the title of the source that settles it",
                    index + 1
                ),
            ));
            continue;
        };
        if titles.contains(&cited.to_lowercase()) {
            continue;
        }
        let locator = locator.get_or_insert_with(|| Locator::new(text));
        let at = locator
            .value("misconceptions", Some("source"), [cited.as_str()])
            .unwrap_or((1, 1));
        let message = if cited.is_empty() {
            format!("misconception {} has an empty source", index + 1)
        } else {
            format!(
                "misconception {} cites `{cited}`, which is not the title of one of this entry's sources",
                index + 1
            )
        };
        diagnostics.push(Diagnostic::error(path, at, message));
    }
}

/// Drops the spare capacity of the entry's lists. They come from vectors serde grew one item
/// at a time (or reused in place from them), so a list of two has room for four, kept for
/// as long as the library.
fn shrink(entry: &mut Entry) {
    entry.aliases.shrink_to_fit();
    entry.tags.shrink_to_fit();
    entry.related.shrink_to_fit();
    entry.compared.shrink_to_fit();
}

/// [`shrink`] for a body.
fn shrunk(mut body: Body) -> Body {
    body.faqs.shrink_to_fit();
    body.misconceptions.shrink_to_fit();
    body.compare.shrink_to_fit();
    for comparison in &mut body.compare {
        comparison.points.shrink_to_fit();
    }
    body.sources.shrink_to_fit();
    body
}

#[cfg(test)]
mod tests {
    use super::is_iso_date;

    #[test]
    fn an_iso_date_is_four_two_and_two_digits_of_a_real_day() {
        for date in ["2024-02-29", "2000-02-29", "2026-12-31", "0000-01-01"] {
            assert!(is_iso_date(date), "{date}");
        }
        let shapes = [
            "2026-5-26",
            "2026-05-6",
            "26-05-26",
            "+2026-05-26",
            " 2026-05-26",
            "2026-05- 6",
        ];
        let signs = ["2026-+5-26", "2026-05-+6"];
        let days = ["1900-02-29", "2026-04-31", "2026-00-10", "2026-01-00"];
        for date in shapes.into_iter().chain(signs).chain(days) {
            assert!(!is_iso_date(date), "{date}");
        }
    }
}
