//! Reads content files into a [`Library`], collecting every problem as a [`Diagnostic`].
//!
//! This is the only module that names serde_yaml, so the YAML library could be swapped
//! without touching anything else. Loading happens in three passes:
//! 1. each file on its own: size, encoding, YAML syntax, the schema (unknown and missing
//!    fields are errors), ids, levels and dates. A file that fails here is skipped and the
//!    rest still load;
//! 2. across files: duplicate ids, titles and aliases;
//! 3. references: wiki links, `related`, `compare` targets and journey steps must resolve,
//!    and warnings are raised for orphans, one-way `related` links and entries with no
//!    misconceptions.
//!
//! Every string is sanitized (see [`super::sanitize`]) before anything else sees it.

use super::Library;
use super::diagnostic::Diagnostic;
use super::markdown::wiki_link_targets;
use super::model::{ComparePoint, Comparison, Entry, Faq, Journey, Level, Misconception, Source};
use super::sanitize::sanitize;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// What a file is, by the folder it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Term,
    Journey,
}

/// One content file's bytes and the path to show for it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub kind: FileKind,
    pub bytes: Result<Vec<u8>, String>,
}

/// The outcome of a load: what could be used, and everything wrong with the rest.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub library: Library,
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be used at all.
    pub skipped_files: usize,
}

impl LoadReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Option<String>,
    title: String,
    #[serde(default)]
    aliases: Vec<String>,
    level: String,
    #[serde(default)]
    tags: Vec<String>,
    verified: Option<String>,
    definition: String,
    #[serde(default)]
    analysis: String,
    #[serde(default)]
    faqs: Vec<RawFaq>,
    #[serde(default)]
    misconceptions: Vec<RawMisconception>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(default)]
    compare: Vec<RawComparison>,
    #[serde(default)]
    sources: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaq {
    question: String,
    answer: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMisconception {
    myth: String,
    fact: String,
    explanation: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComparison {
    with: String,
    points: Vec<RawComparePoint>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComparePoint {
    aspect: String,
    this: String,
    that: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: String,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJourney {
    id: Option<String>,
    title: String,
    #[serde(default)]
    description: String,
    steps: Vec<String>,
}

/// A parsed file with its text kept for locating later diagnostics.
struct Parsed<T> {
    value: T,
    text: String,
}

/// Lists the YAML files of a content folder: `DIR/terms/*.yaml` and `DIR/journeys/*.yaml`,
/// sorted by path so diagnostics come out in a stable order.
pub fn read_folder(dir: &Path) -> Result<Vec<SourceFile>, std::io::Error> {
    let terms = dir.join("terms");
    if !terms.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "{} has no terms/ folder (expected {}/terms/<id>.yaml)",
                dir.display(),
                dir.display()
            ),
        ));
    }
    let mut files = Vec::new();
    for (sub, kind) in [(terms, FileKind::Term), (dir.join("journeys"), FileKind::Journey)] {
        if !sub.is_dir() {
            continue;
        }
        let mut paths: Vec<_> = std::fs::read_dir(&sub)?
            .filter_map(|item| item.ok().map(|item| item.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml"))
            .collect();
        paths.sort();
        for path in paths {
            let bytes = read_bounded(&path);
            files.push(SourceFile {
                path: path.display().to_string(),
                kind,
                bytes,
            });
        }
    }
    Ok(files)
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path)
        .map_err(|error| format!("cannot read file: {error}"))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "file is {size} bytes; content files may be at most {MAX_FILE_BYTES} bytes (1 MiB)"
        ));
    }
    std::fs::read(path).map_err(|error| format!("cannot read file: {error}"))
}

/// Loads a set of files into a library, reporting every problem.
pub fn load(files: Vec<SourceFile>) -> LoadReport {
    let mut report = LoadReport::default();
    let mut entries: Vec<Parsed<RawEntry>> = Vec::new();
    let mut journeys: Vec<Parsed<RawJourney>> = Vec::new();
    let mut entry_paths = Vec::new();
    let mut journey_paths = Vec::new();

    for file in files {
        let text = match decode(&file) {
            Ok(text) => text,
            Err(diagnostic) => {
                report.diagnostics.push(diagnostic);
                report.skipped_files += 1;
                continue;
            }
        };
        let outcome = match file.kind {
            FileKind::Term => parse::<RawEntry>(&file.path, text).map(|parsed| {
                entries.push(parsed);
                entry_paths.push(file.path.clone());
            }),
            FileKind::Journey => parse::<RawJourney>(&file.path, text).map(|parsed| {
                journeys.push(parsed);
                journey_paths.push(file.path.clone());
            }),
        };
        if let Err(diagnostic) = outcome {
            report.diagnostics.push(diagnostic);
            report.skipped_files += 1;
        }
    }

    // Pass 1b: per-entry checks that make a file unusable (bad id or level).
    let mut checked = Vec::new();
    for (parsed, path) in entries.into_iter().zip(entry_paths) {
        match check_entry(parsed.value, &parsed.text, &path, &mut report.diagnostics) {
            Some(entry) => checked.push((entry, parsed.text)),
            None => report.skipped_files += 1,
        }
    }

    // Pass 2: uniqueness of ids, titles and aliases.
    let mut seen: HashMap<String, (String, &'static str)> = HashMap::new();
    let mut kept = Vec::new();
    for (entry, text) in checked {
        if let Some((other, _)) = seen.get(&entry.id) {
            let at = locate_key(&text, "id").unwrap_or((1, 1));
            report.diagnostics.push(Diagnostic::error(
                &entry.path,
                at,
                format!("duplicate id `{}` (also used by {other})", entry.id),
            ));
            report.skipped_files += 1;
            continue;
        }
        let mut names: Vec<(String, &'static str)> = vec![(entry.title.to_lowercase(), "title")];
        names.extend(entry.aliases.iter().map(|alias| (alias.to_lowercase(), "alias")));
        let mut own = HashSet::new();
        for (name, what) in &names {
            if !own.insert(name.clone()) {
                continue;
            }
            if let Some((other, other_what)) = seen.get(name) {
                let at =
                    locate_value(&text, if *what == "title" { "title" } else { "aliases" }, name).unwrap_or((1, 1));
                report.diagnostics.push(Diagnostic::error(
                    &entry.path,
                    at,
                    format!("duplicate {what} `{name}`: it is already the {other_what} of {other}"),
                ));
            }
        }
        seen.insert(entry.id.clone(), (entry.path.clone(), "id"));
        for (name, what) in names {
            seen.entry(name).or_insert((entry.path.clone(), what));
        }
        kept.push((entry, text));
    }

    let library = Library::new(kept.iter().map(|(entry, _)| entry.clone()).collect(), Vec::new());

    // Pass 3: references.
    let mut resolved_entries = Vec::new();
    for (mut entry, text) in kept {
        resolve_entry(&mut entry, &text, &library, &mut report.diagnostics);
        resolved_entries.push((entry, text));
    }
    let mut resolved_journeys = Vec::new();
    for (parsed, path) in journeys.into_iter().zip(journey_paths) {
        if let Some(journey) = check_journey(parsed.value, &parsed.text, &path, &library, &mut report.diagnostics) {
            resolved_journeys.push(journey);
        } else {
            report.skipped_files += 1;
        }
    }

    warn_about_links(&resolved_entries, &resolved_journeys, &mut report.diagnostics);

    let entries = resolved_entries.into_iter().map(|(entry, _)| entry).collect();
    report.library = Library::new(entries, resolved_journeys);
    report
}

/// Checks size and encoding, and strips a leading byte-order mark.
fn decode(file: &SourceFile) -> Result<String, Diagnostic> {
    let bytes = file
        .bytes
        .as_ref()
        .map_err(|message| Diagnostic::error(&file.path, (1, 1), message.clone()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &file.path,
            (1, 1),
            format!(
                "file is {} bytes; content files may be at most {MAX_FILE_BYTES} bytes (1 MiB)",
                bytes.len()
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        Diagnostic::error(&file.path, (line, column), "file is not valid UTF-8; save it as UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(&file.path, (1, 1), "file is empty"));
    }
    Ok(text.to_owned())
}

fn parse<T: for<'de> Deserialize<'de>>(path: &str, text: String) -> Result<Parsed<T>, Diagnostic> {
    match serde_yaml::from_str::<T>(&text) {
        Ok(value) => Ok(Parsed { value, text }),
        Err(error) => {
            let at = error
                .location()
                .map_or((1, 1), |location| (location.line(), location.column()));
            let mut message = error.to_string();
            // serde_yaml appends the location; we report it in the prefix instead.
            if let Some(cut) = message.find(" at line ") {
                message.truncate(cut);
            }
            Err(Diagnostic::error(path, at, sanitize(&message)))
        }
    }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A `YYYY-MM-DD` date with a real month and day.
fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<u32>(), month.parse::<u32>(), day.parse::<u32>()) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn file_stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn clean_list(items: Vec<String>) -> Vec<String> {
    items.iter().map(|item| sanitize(item).trim().to_owned()).collect()
}

/// Validates one entry on its own and sanitizes its text. `None` means the file is unusable.
fn check_entry(raw: RawEntry, text: &str, path: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Entry> {
    let mut usable = true;
    let id = raw.id.as_deref().map(sanitize).unwrap_or_else(|| file_stem(path));
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
    let title = sanitize(&raw.title).trim().to_owned();
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
    let verified = raw.verified.map(|date| sanitize(&date));
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
    Some(Entry {
        id,
        title,
        aliases: clean_list(raw.aliases),
        level,
        tags: clean_list(raw.tags),
        verified: verified.filter(|date| is_iso_date(date)),
        definition: sanitize(raw.definition.trim()),
        analysis: sanitize(&raw.analysis),
        faqs: raw
            .faqs
            .into_iter()
            .map(|faq| Faq {
                question: sanitize(faq.question.trim()),
                answer: sanitize(&faq.answer),
            })
            .collect(),
        misconceptions: raw
            .misconceptions
            .into_iter()
            .map(|m| Misconception {
                myth: sanitize(m.myth.trim()),
                fact: sanitize(m.fact.trim()),
                explanation: sanitize(&m.explanation),
            })
            .collect(),
        related: clean_list(raw.related),
        compare: raw
            .compare
            .into_iter()
            .map(|c| Comparison {
                with: sanitize(c.with.trim()),
                points: c
                    .points
                    .into_iter()
                    .map(|p| ComparePoint {
                        aspect: sanitize(p.aspect.trim()),
                        this: sanitize(p.this.trim()),
                        that: sanitize(p.that.trim()),
                    })
                    .collect(),
            })
            .collect(),
        sources: raw
            .sources
            .into_iter()
            .map(|s| Source {
                title: sanitize(s.title.trim()),
                url: s.url.map(|url| sanitize(url.trim())),
            })
            .collect(),
        path: path.to_owned(),
    })
}

/// Every markdown field of an entry, for link scanning.
fn markdown_fields(entry: &Entry) -> impl Iterator<Item = &str> {
    std::iter::once(entry.definition.as_str())
        .chain(std::iter::once(entry.analysis.as_str()))
        .chain(entry.faqs.iter().map(|faq| faq.answer.as_str()))
        .chain(entry.misconceptions.iter().map(|m| m.explanation.as_str()))
}

/// Resolves `related` and `compare` targets to ids and checks wiki links.
fn resolve_entry(entry: &mut Entry, text: &str, library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    // Each broken link is reported where it stands: repeated targets are found one after
    // another in the file.
    let mut search_from: HashMap<String, usize> = HashMap::new();
    for target in markdown_fields(entry).flat_map(wiki_link_targets).collect::<Vec<_>>() {
        if library.resolve(&target).is_none() {
            let needle = format!("[[{target}");
            let from = search_from.get(&target).copied().unwrap_or(0);
            let offset = text
                .get(from..)
                .and_then(|rest| rest.find(&needle))
                .map(|found| from + found);
            if let Some(offset) = offset {
                search_from.insert(target.clone(), offset + needle.len());
            }
            let at = offset.map_or((1, 1), |offset| position_of(text, offset));
            diagnostics.push(Diagnostic::error(
                &entry.path,
                at,
                format!("link [[{target}]] does not name any entry"),
            ));
        }
    }
    let mut related = Vec::new();
    for name in std::mem::take(&mut entry.related) {
        match library.resolve(&name) {
            Some(other) if other.id == entry.id => {
                let at = locate_value(text, "related", &name).unwrap_or((1, 1));
                diagnostics.push(Diagnostic::error(
                    &entry.path,
                    at,
                    format!("related term `{name}` is this entry itself"),
                ));
            }
            Some(other) => {
                if !related.contains(&other.id) {
                    related.push(other.id.clone());
                }
            }
            None => {
                let at = locate_value(text, "related", &name).unwrap_or((1, 1));
                diagnostics.push(Diagnostic::error(
                    &entry.path,
                    at,
                    format!("related term `{name}` does not name any entry"),
                ));
            }
        }
    }
    entry.related = related;
    let mut compare = Vec::new();
    for mut comparison in std::mem::take(&mut entry.compare) {
        match library.resolve(&comparison.with) {
            Some(other) => {
                comparison.with = other.id.clone();
                compare.push(comparison);
            }
            None => {
                let at = locate_value(text, "compare", &comparison.with).unwrap_or((1, 1));
                diagnostics.push(Diagnostic::error(
                    &entry.path,
                    at,
                    format!("compare target `{}` does not name any entry", comparison.with),
                ));
            }
        }
    }
    entry.compare = compare;
}

fn check_journey(
    raw: RawJourney,
    text: &str,
    path: &str,
    library: &Library,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Journey> {
    let id = raw.id.as_deref().map(sanitize).unwrap_or_else(|| file_stem(path));
    if !is_valid_id(&id) {
        let at = locate_key(text, "id").unwrap_or((1, 1));
        diagnostics.push(Diagnostic::error(
            path,
            at,
            format!("invalid journey id `{id}`: use lowercase letters, digits and dashes"),
        ));
        return None;
    }
    let mut steps = Vec::new();
    for step in clean_list(raw.steps) {
        match library.resolve(&step) {
            Some(entry) => steps.push(entry.id.clone()),
            None => {
                let at = locate_value(text, "steps", &step).unwrap_or((1, 1));
                diagnostics.push(Diagnostic::error(
                    path,
                    at,
                    format!("journey step `{step}` does not name any entry"),
                ));
            }
        }
    }
    if steps.is_empty() {
        diagnostics.push(Diagnostic::error(
            path,
            locate_key(text, "steps").unwrap_or((1, 1)),
            "journey has no steps",
        ));
        return None;
    }
    Some(Journey {
        id,
        title: sanitize(raw.title.trim()),
        description: sanitize(raw.description.trim()),
        steps,
        path: path.to_owned(),
    })
}

/// Orphans, one-way related links and entries without misconceptions.
fn warn_about_links(entries: &[(Entry, String)], journeys: &[Journey], diagnostics: &mut Vec<Diagnostic>) {
    let by_id: HashMap<&str, &Entry> = entries.iter().map(|(entry, _)| (entry.id.as_str(), entry)).collect();
    let mut linked: HashSet<String> = HashSet::new();
    for (entry, _) in entries {
        let mut targets: Vec<String> = entry.related.clone();
        targets.extend(entry.compare.iter().map(|c| c.with.clone()));
        for target in markdown_fields(entry).flat_map(wiki_link_targets) {
            if let Some(found) = entries.iter().find(|(other, _)| other.matches_name(&target)) {
                targets.push(found.0.id.clone());
            }
        }
        linked.extend(targets.into_iter().filter(|target| *target != entry.id));
    }
    linked.extend(journeys.iter().flat_map(|journey| journey.steps.iter().cloned()));

    for (entry, text) in entries {
        if entries.len() > 1 && !linked.contains(&entry.id) {
            let at = locate_key(text, "title").unwrap_or((1, 1));
            diagnostics.push(Diagnostic::warning(
                &entry.path,
                at,
                format!("nothing links to `{}` (orphan entry)", entry.id),
            ));
        }
        for other_id in &entry.related {
            if let Some(other) = by_id.get(other_id.as_str())
                && !other.related.contains(&entry.id)
            {
                let at = locate_value(text, "related", other_id).unwrap_or((1, 1));
                diagnostics.push(Diagnostic::warning(
                    &entry.path,
                    at,
                    format!(
                        "related link to `{other_id}` is one-way: add `{}` to its related list",
                        entry.id
                    ),
                ));
            }
        }
        if entry.misconceptions.is_empty() {
            let at = locate_key(text, "misconceptions")
                .or_else(|| locate_key(text, "title"))
                .unwrap_or((1, 1));
            diagnostics.push(Diagnostic::warning(
                &entry.path,
                at,
                format!("`{}` has no misconceptions, so it has no check", entry.id),
            ));
        }
    }
}

/// The line and column of a top-level `key:`.
fn locate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    let pattern = format!("{key}:");
    text.lines()
        .position(|line| line.starts_with(&pattern))
        .map(|index| (index + 1, 1))
}

/// The position of `value` at or after the top-level `key:`, falling back to the key.
fn locate_value(text: &str, key: &str, value: &str) -> Option<(usize, usize)> {
    let (key_line, _) = locate_key(text, key)?;
    let start: usize = text.lines().take(key_line - 1).map(|line| line.len() + 1).sum();
    let lower = text[start..].to_lowercase();
    match lower.find(&value.to_lowercase()) {
        Some(offset) => Some(position_of(text, start + offset)),
        None => Some((key_line, 1)),
    }
}

fn position_of(text: &str, offset: usize) -> (usize, usize) {
    // `offset` may come from a lowercased copy whose byte lengths differ; clamp to a char
    // boundary so slicing cannot panic.
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |tail| tail.chars().count()) + 1;
    (line, column)
}
