//! The non-interactive commands, each printing to the writer it is given: `show`, `list`,
//! `search` (over a loaded library or a folder's search cache), `compare`, `stats` and
//! `check`; and [`find`], the term lookup they share with `open` and `quiz`.
//!
//! `show --format json` gives wiki links with their targets resolved to ids, so a script
//! can follow them without the library's name lookup; `show --format markdown` is the page
//! `lexicon export markdown` writes ([`lesson_page`]), wiki links made links to `id.md`.

use crate::cli::{Format, ListFormat, StatsFormat};
use anyhow::Result;
use lexicon::authoring::markdown::{lesson_page, replace_wiki_links};
use lexicon::cache::Searchable;
use lexicon::content::{Body, Entry, Level, Library, LoadReport};
use lexicon::lesson;
use lexicon::quiz::Stats;
use lexicon::search::{SearchIndex, find_one};
use lexicon::store::Store;
use std::io::Write;
use std::path::PathBuf;

/// `lexicon check`: every diagnostic, then a summary. Returns whether there were errors.
pub fn check(report: &LoadReport, out: &mut dyn Write) -> Result<bool> {
    for diagnostic in &report.diagnostics {
        writeln!(out, "{diagnostic}")?;
    }
    summary(report, out)?;
    Ok(report.errors() > 0)
}

/// `lexicon check --watch` after a save: the problems of `now` that `before` did not have
/// (`new: `) and those of `before` that are gone (`fixed: `), then the summary; nothing when
/// no problem came or went (see [`lexicon::watch::problem_changes`]).
pub fn check_changes(before: &LoadReport, now: &LoadReport, out: &mut dyn Write) -> Result<()> {
    let changes = lexicon::watch::problem_changes(&before.diagnostics, &now.diagnostics);
    if changes.is_empty() {
        return Ok(());
    }
    for fixed in &changes.fixed {
        writeln!(out, "fixed: {fixed}")?;
    }
    for new in &changes.new {
        writeln!(out, "new: {new}")?;
    }
    summary(now, out)
}

/// The last line of `check`: what loaded, and how many problems.
fn summary(report: &LoadReport, out: &mut dyn Write) -> Result<()> {
    let errors = report.errors();
    let warnings = report.warnings();
    let (entries, journeys) = (report.library.entries().len(), report.library.journeys().len());
    writeln!(
        out,
        "{entries} {}, {journeys} {}: {errors} {}, {warnings} {}",
        plural(entries, "entry", "entries"),
        plural(journeys, "journey", "journeys"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    )?;
    Ok(())
}

/// The noun for `count` of a thing: "1 answer", but "0 answers" and "2 answers".
fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

/// Where to look for a term's name, said after a lookup that failed.
pub const LIST_HINT: &str = "try `lexicon list`";

/// The entry `term` names (see [`find_one`]), or an error that ends with `hint`.
pub fn find<'a>(library: &'a Library, term: &str, hint: &str) -> Result<&'a Entry> {
    find_one(library, term).map_err(|error| anyhow::anyhow!("{error}; {hint}"))
}

/// `lexicon list`: the terms at `level` and with `tag` (in any case), when given, in
/// library order.
pub fn list(
    library: &Library,
    level: Option<Level>,
    tag: Option<&str>,
    format: ListFormat,
    out: &mut dyn Write,
) -> Result<usize> {
    let entries = library
        .entries()
        .iter()
        .filter(|entry| level.is_none_or(|level| entry.level == level))
        .filter(|entry| tag.is_none_or(|tag| has_tag(entry, tag)));
    print_entries(entries, format, out)
}

fn has_tag(entry: &Entry, tag: &str) -> bool {
    entry.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
}

/// Why `list` with a level or a tag listed nothing: no lesson has the tag (a typo, most
/// likely: the tags there are follow), or none of those that have it is at the level.
pub fn nothing_listed(library: &Library, level: Option<Level>, tag: Option<&str>) -> String {
    let level_name = level.map_or("", |level| level.as_str());
    match tag {
        Some(tag) if !library.entries().iter().any(|entry| has_tag(entry, tag)) => {
            // Tags match in any case, so each is named once, in lowercase.
            let tags: std::collections::BTreeSet<String> = library
                .entries()
                .iter()
                .flat_map(|entry| entry.tags.iter().map(|tag| tag.to_lowercase()))
                .collect();
            let tags: Vec<String> = tags.into_iter().collect();
            format!("no lesson has the tag `{tag}`; the tags are: {}", tags.join(", "))
        }
        Some(tag) => format!("no {level_name} lesson has the tag `{tag}`"),
        None => format!("no lesson is at the {level_name} level"),
    }
}

/// `lexicon search` in a loaded library, best match first. Returns how many matched.
pub fn search(library: &Library, query: &str, limit: usize, format: ListFormat, out: &mut dyn Write) -> Result<usize> {
    let entries = SearchIndex::new(library)
        .search_best(query, limit.min(library.entries().len()))
        .into_iter()
        .map(|hit| &library.entries()[hit.index]);
    print_entries(entries, format, out)
}

/// `lexicon search` in a folder's search cache, which holds the index and every name but no
/// library. Returns how many matched.
pub fn search_names(
    searchable: &Searchable,
    query: &str,
    limit: usize,
    format: ListFormat,
    out: &mut dyn Write,
) -> Result<usize> {
    let names = searchable
        .index
        .search_best(query, limit.min(searchable.names.len()))
        .into_iter()
        .filter_map(|hit| {
            let (id, title) = searchable.names.get(hit.index)?;
            Some((id.as_str(), title.as_str()))
        });
    print_names(names, format, out)
}

/// The entries' names, for `list` and `search`.
fn print_entries<'a>(
    entries: impl Iterator<Item = &'a Entry>,
    format: ListFormat,
    out: &mut dyn Write,
) -> Result<usize> {
    print_names(
        entries.map(|entry| (entry.id.as_str(), entry.title.as_str())),
        format,
        out,
    )
}

/// One term in `list` or `search --format json`.
#[derive(serde::Serialize)]
struct IdAndTitle<'a> {
    id: &'a str,
    title: &'a str,
}

/// Prints each `(id, title)` pair: an `id<TAB>title` line, or an element of one JSON array
/// (written as it goes, not gathered first). Returns how many there were.
fn print_names<'a>(
    names: impl Iterator<Item = (&'a str, &'a str)>,
    format: ListFormat,
    out: &mut dyn Write,
) -> Result<usize> {
    let mut count = 0;
    let names = names.inspect(|_| count += 1);
    match format {
        ListFormat::Text => {
            for (id, title) in names {
                writeln!(out, "{id}\t{title}")?;
            }
        }
        ListFormat::Json => {
            let mut json = serde_json::Serializer::pretty(&mut *out);
            serde::Serializer::collect_seq(&mut json, names.map(|(id, title)| IdAndTitle { id, title }))?;
            writeln!(out)?;
        }
    }
    Ok(count)
}

/// `lexicon show`.
/// The width `show` and `compare` print at: `--width` when given, else the terminal's when
/// stdout is one, else 80.
pub fn print_width(explicit: Option<usize>) -> usize {
    use std::io::IsTerminal;
    explicit
        .or_else(|| {
            std::io::stdout()
                .is_terminal()
                .then(|| ratatui::crossterm::terminal::size().ok())
                .flatten()
                .map(|(columns, _)| usize::from(columns))
        })
        .unwrap_or(80)
        .max(1)
}

pub fn show(library: &Library, term: &str, format: Format, width: usize, out: &mut dyn Write) -> Result<()> {
    let entry = find(library, term, "try `lexicon list` or `lexicon search`")?;
    // A lesson whose file changed since loading is an error here, not half a page: a script
    // should not take part of a lesson for the whole.
    let body = library.body(entry)?;
    match format {
        Format::Text => write!(out, "{}", lesson::plain_text(entry, library, width))?,
        Format::Markdown => write!(out, "{}", lesson_page(entry, &body, library)?)?,
        Format::Json => {
            let mut resolved = entry.clone();
            let mut resolved_body = Body::clone(&body);
            let rewrite = |text: &str| rewrite_wiki_links(text, library);
            resolved.definition = rewrite(&entry.definition);
            resolved_body.analysis = rewrite(&body.analysis);
            for faq in &mut resolved_body.faqs {
                faq.answer = rewrite(&faq.answer);
            }
            for misconception in &mut resolved_body.misconceptions {
                misconception.explanation = rewrite(&misconception.explanation);
            }
            let lesson = Lesson {
                entry: &resolved,
                body: &resolved_body,
            };
            serde_json::to_writer_pretty(&mut *out, &lesson)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

/// `lexicon compare`: the table of two entries, or an error that names what `left` is
/// compared with.
pub fn compare(library: &Library, left: &str, right: &str, width: usize, out: &mut dyn Write) -> Result<()> {
    let (left, right) = (find(library, left, LIST_HINT)?, find(library, right, LIST_HINT)?);
    let Some(view) = lexicon::compare::between(library, left, right)? else {
        let partners: Vec<String> = lexicon::compare::partners(library, left)
            .iter()
            .map(|e| e.title.clone())
            .collect();
        let hint = if partners.is_empty() {
            format!("{} has no comparisons", left.title)
        } else {
            format!("{} is compared with: {}", left.title, partners.join(", "))
        };
        anyhow::bail!("no comparison of {} with {}; {hint}", left.title, right.title);
    };
    write!(out, "{}", lexicon::compare::to_text(&view, width))?;
    Ok(())
}

/// Rewrites each wiki link whose target names an entry so the target is the entry's id:
/// `[[Target|label]]` becomes `[[id|label]]` and `[[Target]]` becomes `[[id|Target]]`. A
/// link to no entry is left as written.
fn rewrite_wiki_links(text: &str, library: &Library) -> String {
    replace_wiki_links(text, library, |entry, target, label| {
        let id = &entry?.id;
        Some(match label {
            Some(label) => format!("[[{id}|{label}]]"),
            None if id == target => format!("[[{id}]]"),
            None => format!("[[{id}|{target}]]"),
        })
    })
}

/// An entry and its body as one JSON object, in the order of the YAML file.
#[derive(serde::Serialize)]
struct Lesson<'a> {
    #[serde(flatten)]
    entry: &'a Entry,
    #[serde(flatten)]
    body: &'a Body,
}

/// `lexicon stats`: every answer in the store, summarised. Reads only; a missing store is
/// simply no answers yet.
pub fn stats(library: &Library, data_dir: Option<PathBuf>, format: StatsFormat, out: &mut dyn Write) -> Result<()> {
    let answers = match lexicon::store::store_path(data_dir) {
        Some(path) if path.exists() => {
            let outcome = Store::open(&path)?;
            if let Some(notice) = outcome.notice() {
                eprintln!("lexicon: {notice}");
            }
            match outcome.store() {
                Some(store) => store.answers()?,
                None => Vec::new(),
            }
        }
        _ => Vec::new(),
    };
    let stats = Stats::compute(
        &answers,
        |id| library.get(id).map_or(&[][..], |entry| entry.tags.as_slice()),
        &chrono::Local,
    );
    match format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &stats)?;
            writeln!(out)?;
        }
        StatsFormat::Text => {
            let c = &stats.first_attempts;
            writeln!(
                out,
                "Answered: {} ({} {}, {} {})",
                stats.answered,
                c.answered,
                plural(c.answered, "first attempt", "first attempts"),
                stats.repeats.answered,
                plural(stats.repeats.answered, "repeat", "repeats")
            )?;
            writeln!(out, "Correct:  {}", stats.correct)?;
            writeln!(
                out,
                "\nFirst attempts (the verdict counts only these; repeats may come from memory)"
            )?;
            match c.brier {
                Some(brier) => writeln!(
                    out,
                    "Brier:    {brier:.3} (0 to 1, lower is better; always 50% scores 0.250)"
                )?,
                None => writeln!(
                    out,
                    "Brier:    - (no answers yet; take a check with `lexicon quiz TERM`)"
                )?,
            }
            writeln!(out, "Verdict:  {}", c.verdict_line())?;
            if let Some(line) = c.sure_and_wrong_line() {
                writeln!(out, "          {line}")?;
            }
            if let Some(line) = c.decomposition_line() {
                writeln!(out, "          {line}")?;
            }
            writeln!(out, "\nSure  Answers  Right  Accuracy  95% interval")?;
            for bucket in c.by_confidence.iter().filter(|b| b.answered > 0) {
                writeln!(
                    out,
                    "{:>3}%  {:>7}  {:>5}  {:>8}  {:>12}",
                    bucket.confidence.percent(),
                    bucket.answered,
                    bucket.correct,
                    bucket.accuracy_text(),
                    bucket.interval_text()
                )?;
            }
            let repeats = &stats.repeats;
            if let Some(brier) = repeats.brier {
                writeln!(
                    out,
                    "\nRepeats:  {} {}, {} right, Brier {brier:.3}",
                    repeats.answered,
                    plural(repeats.answered, "answer", "answers"),
                    repeats.correct
                )?;
            }
            if !stats.by_week.is_empty() {
                writeln!(
                    out,
                    "\nWeek by week, first attempts (bias: said minus right, in points)"
                )?;
                for week in &stats.by_week {
                    // The noun is padded to its plural's width, so the columns after it line up.
                    writeln!(
                        out,
                        "  {}  {:>3} {:<7}  bias {:+.0} ± {:.0}  reliability {:.3}",
                        week.week.format("%Y-%m-%d"),
                        week.answered,
                        plural(week.answered, "answer", "answers"),
                        week.bias_points,
                        week.margin_points,
                        week.reliability
                    )?;
                }
            }
            if !stats.by_tag.is_empty() {
                writeln!(out, "\nBy tag, first attempts")?;
                match lexicon::quiz::most_overconfident(&stats.by_tag) {
                    Some(tag) => writeln!(out, "  Most overconfident: {}", tag.line())?,
                    None => writeln!(out, "  No tag is overconfident beyond chance yet.")?,
                }
                for tag in &stats.by_tag {
                    writeln!(out, "  {}/{} right · {}", tag.correct, tag.answered, tag.line())?;
                }
            }
            if !stats.weakest.is_empty() {
                writeln!(out, "\nWeakest terms")?;
                for weak in &stats.weakest {
                    let title = library
                        .get(&weak.entry_id)
                        .map_or(weak.entry_id.as_str(), |e| e.title.as_str());
                    writeln!(out, "  {title}: {}/{}", weak.tally.correct, weak.tally.answered)?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiki_links_are_rewritten_to_ids_but_not_inside_code() {
        let library = lexicon::content::load_bundled().library;
        let text = "Inline `[[backup-codes]]` and `[[Backup Codes]]`, then [[Backup Codes]], \
                    [[ backup codes |the codes]] and [[No Such Term]].\n\n\
                    ```\n[[Backup Codes]]\n```\n\n    [[Backup Codes]]\n";
        assert_eq!(
            rewrite_wiki_links(text, &library),
            "Inline `[[backup-codes]]` and `[[Backup Codes]]`, then [[backup-codes|Backup Codes]], \
             [[backup-codes|the codes]] and [[No Such Term]].\n\n\
             ```\n[[Backup Codes]]\n```\n\n    [[Backup Codes]]\n"
        );
        assert_eq!(rewrite_wiki_links("[[backup-codes]]", &library), "[[backup-codes]]");
    }
}
