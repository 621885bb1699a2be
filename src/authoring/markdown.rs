//! Lessons as standard Markdown: one page for `lexicon show --format markdown`, and a whole
//! library for `lexicon export markdown`, a folder mdBook builds into a website.
//!
//! Wiki links become relative links to `id.md` ([`markdown_links`]), the links the reader
//! follows, so text that only looks like a link, in code, is left alone. What an author
//! wrote as text stays text: titles and names are escaped where Markdown would read them as
//! syntax (a `]` in a title cannot end a link early), and raw HTML in a Markdown field is
//! escaped ([`escape_html_blocks`]), since mdBook passes HTML through to the page and content
//! may come from strangers.

use crate::content::markdown::wiki_link_spans;
use crate::content::{Body, BodyError, Entry, Level, Library};
use pulldown_cmark::{Event, Options, Parser};
use std::path::Path;

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Body(#[from] BodyError),
    #[error("could not write {}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// `text` with each wiki link replaced by what `replace` makes of it, given the entry its
/// target names (if any), the target and the label as written; `None` keeps the link as it
/// is. The links are the ones the reader follows ([`wiki_link_spans`]), so text that only
/// looks like a link, in a code span or a code block, is left as written.
pub fn replace_wiki_links(
    text: &str,
    library: &Library,
    mut replace: impl FnMut(Option<&Entry>, &str, Option<&str>) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    // Links come in order and never overlap, so text up to here is done.
    let mut copied = 0;
    for link in wiki_link_spans(text) {
        let label = link.label.and_then(|label| text.get(label));
        let Some(replacement) = replace(library.resolve(&link.target), &link.target, label) else {
            continue;
        };
        let Some(before) = text.get(copied..link.range.start) else {
            continue;
        };
        out.push_str(before);
        out.push_str(&replacement);
        copied = link.range.end;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

/// Turns each wiki link into standard Markdown: `[label](id.md)` when its target names an
/// entry (the label is the link's own, or else the entry's title), and just its label (or
/// its target) as text when it names none, so no `[[` is left for a Markdown reader to show.
pub fn markdown_links(text: &str, library: &Library) -> String {
    replace_wiki_links(text, library, |entry, target, label| {
        Some(match entry {
            // A label is Markdown the author wrote; a title is text, escaped.
            Some(entry) => match label {
                Some(label) => format!("[{label}]({}.md)", entry.id),
                None => link(&entry.title, &entry.id),
            },
            None => label.map_or_else(|| escape_text(target), str::to_owned),
        })
    })
}

/// A link to an entry's page, its text `title` escaped.
fn link(title: &str, id: &str) -> String {
    format!("[{}]({id}.md)", escape_text(title))
}

/// `text` as Markdown that shows it as written: each character Markdown could read as
/// syntax is escaped with a backslash, which CommonMark allows before any ASCII
/// punctuation.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '&'
        ) {
            out.push('\\');
        }
        // A line end in a heading or a list item would end it.
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// `markdown` with the `<` of every raw HTML block and inline tag written `&lt;`, so a page
/// shows the HTML as text, as the reader does, and a Markdown renderer runs none of it.
/// Code spans and code blocks are not HTML to Markdown, and are left as they are.
pub fn escape_html_blocks(markdown: &str) -> String {
    let mut html = Vec::new();
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        if matches!(event, Event::Html(_) | Event::InlineHtml(_)) {
            html.push(range);
        }
    }
    let mut out = String::with_capacity(markdown.len());
    let mut copied = 0;
    for range in html {
        let (Some(before), Some(tag)) = (markdown.get(copied..range.start), markdown.get(range.clone())) else {
            continue;
        };
        out.push_str(before);
        out.push_str(&tag.replace('<', "&lt;"));
        copied = range.end;
    }
    out.push_str(markdown.get(copied..).unwrap_or_default());
    out
}

/// One lesson as a Markdown page: wiki links made links to `id.md` files, each
/// misconception a short section, the sources a list.
pub fn lesson_page(entry: &Entry, body: &Body, library: &Library) -> Result<String, BodyError> {
    let text = |markdown: &str| markdown_links(&escape_html_blocks(markdown), library);
    let mut md = format!(
        "# {}\n\n*{}*\n\n## Definition\n\n{}\n",
        escape_text(&entry.title),
        escape_text(&crate::lesson::header_facts(entry)),
        text(&entry.definition)
    );
    if !body.analysis.trim().is_empty() {
        md.push_str(&format!("\n## Analysis\n\n{}\n", text(&body.analysis).trim_end()));
    }
    if !body.faqs.is_empty() {
        md.push_str("\n## Frequent questions\n");
        for faq in &body.faqs {
            md.push_str(&format!(
                "\n### {}\n\n{}\n",
                escape_text(&faq.question),
                text(&faq.answer).trim_end()
            ));
        }
    }
    if !body.misconceptions.is_empty() {
        md.push_str("\n## Misconceptions\n");
        for m in &body.misconceptions {
            md.push_str(&format!(
                "\n### Myth: {}\n\n**Fact:** {}\n\n{}\n",
                escape_text(&m.myth),
                escape_text(&m.fact),
                text(&m.explanation).trim_end()
            ));
            if let Some(source) = &m.source {
                md.push_str(&format!("\n*Source: {}*\n", escape_text(source)));
            }
        }
    }
    if !entry.related.is_empty() {
        md.push_str("\n## Related terms\n\n");
        for id in &entry.related {
            if let Some(other) = library.get(id) {
                md.push_str(&format!("- {}\n", link(&other.title, &other.id)));
            }
        }
    }
    // One pass over the partners: `between` per partner would read this lesson's file again
    // for each of them.
    for view in crate::compare::comparisons(library, entry, body) {
        let view = view?;
        let other = view.right;
        let (this, that) = (escape_text(&entry.title), escape_text(&other.title));
        md.push_str(&format!(
            "\n## Compare: {this} vs {that}\n\n| Aspect | {this} | {that} |\n| --- | --- | --- |\n"
        ));
        for (aspect, left, right) in &view.rows {
            md.push_str(&format!(
                "| {} | {} | {} |\n",
                escape_text(aspect),
                escape_text(left),
                escape_text(right)
            ));
        }
    }
    if !body.sources.is_empty() {
        md.push_str("\n## Sources\n\n");
        for source in &body.sources {
            match source.url.as_deref().filter(|url| crate::document::is_web_address(url)) {
                Some(url) => md.push_str(&format!(
                    "- [{}](<{}>)\n",
                    escape_text(&source.title),
                    url.replace('>', "%3E")
                )),
                None => md.push_str(&format!("- {}\n", escape_text(&source.title))),
            }
        }
    }
    Ok(md)
}

/// What [`export`] wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Exported {
    pub lessons: usize,
}

/// Writes the library to `out` as a Markdown folder: `id.md` for each lesson, `index.md`
/// listing them by level with their definitions, and `SUMMARY.md` in mdBook's format (the
/// index first, then a part per level), so `out` can be a book's `src/`. Files already there
/// with these names are replaced; nothing else is touched.
pub fn export(library: &Library, out: &Path) -> Result<Exported, ExportError> {
    let write = |name: &str, text: &str| {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|source| ExportError::Io { path, source })
    };
    std::fs::create_dir_all(out).map_err(|source| ExportError::Io {
        path: out.to_owned(),
        source,
    })?;
    let mut index = String::from("# Glossary\n");
    let mut summary = String::from("# Summary\n\n[Glossary](index.md)\n");
    let mut lessons = 0;
    for (level, indices) in library.by_level() {
        let heading = heading(level);
        index.push_str(&format!("\n## {heading}\n\n"));
        summary.push_str(&format!("\n# {heading}\n\n"));
        for entry in indices.into_iter().filter_map(|at| library.entries().get(at)) {
            let body = library.body(entry)?;
            write(&format!("{}.md", entry.id), &lesson_page(entry, &body, library)?)?;
            lessons += 1;
            index.push_str(&format!(
                "- {}: {}\n",
                link(&entry.title, &entry.id),
                markdown_links(&escape_html_blocks(&entry.one_line_definition()), library)
            ));
            summary.push_str(&format!("- {}\n", link(&entry.title, &entry.id)));
        }
    }
    write("index.md", &index)?;
    write("SUMMARY.md", &summary)?;
    Ok(Exported { lessons })
}

/// A level as a heading.
fn heading(level: Level) -> &'static str {
    match level {
        Level::Beginner => "Beginner",
        Level::Intermediate => "Intermediate",
        Level::Advanced => "Advanced",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_links_point_at_id_files_and_unknown_targets_become_text() {
        let library = crate::content::load_bundled().library;
        let text = "Inline `[[Backup Codes]]`, then [[Backup Codes]], [[ backup codes |the *codes*]], \
                    [[No Such Term]] and [[No Such Term|a label]].\n\n\
                    ```\n[[Backup Codes]]\n```\n\n    [[Backup Codes]]\n";
        assert_eq!(
            markdown_links(text, &library),
            "Inline `[[Backup Codes]]`, then [Backup Codes](backup-codes.md), \
             [the *codes*](backup-codes.md), No Such Term and a label.\n\n\
             ```\n[[Backup Codes]]\n```\n\n    [[Backup Codes]]\n"
        );
    }

    #[test]
    fn titles_stay_text_and_raw_html_is_shown_not_run() {
        assert_eq!(escape_text("A [b] *c*"), r"A \[b\] \*c\*");
        assert_eq!(
            escape_html_blocks("Hi <script>x()</script> and `<b>` in code.\n\n<div>\nblock\n</div>\n"),
            "Hi &lt;script>x()&lt;/script> and `<b>` in code.\n\n&lt;div>\nblock\n&lt;/div>\n"
        );
    }
}
