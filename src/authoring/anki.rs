//! `lexicon export anki`: the check statements and the frequent questions as an Anki deck,
//! in the text format Anki's importer reads without settings.
//!
//! The file starts with Anki's file headers (Anki 2.1.54 and later: `#key:value` lines, see
//! "Importing > Text Files > File Headers" in the Anki manual): tab-separated fields, fields
//! are HTML, the Basic note type, which column holds the tags and which the GUID. Each note
//! is one line: front, back, tags, GUID. The GUID is the statement's key (or the question's
//! place), so a deck exported again after an edit updates its notes rather than adding new
//! ones.
//!
//! Anki renders fields as HTML and runs scripts in them, and content may come from
//! strangers: every field is HTML-escaped ([`escape_html`]), Markdown is laid out by the
//! reader's own renderer and written as text, and a source becomes a link only when it is a
//! web address.

use crate::content::markdown::render;
use crate::content::{Body, BodyError, Entry, Library, Source};
use crate::quiz::statement::{Verdict, statements_for};

/// The headers every deck starts with. The columns are named with the separator between
/// them, as the manual says.
pub const HEADERS: &str =
    "#separator:tab\n#html:true\n#notetype:Basic\n#columns:Front\tBack\tTags\tGUID\n#tags column:3\n#guid column:4\n";

/// How many fields each note has: front, back, tags and GUID.
pub const FIELDS: usize = 4;

/// `text` with the characters HTML gives meaning to written as entities, and line ends and
/// tabs (which would end the field or the note) as `<br>` and a space.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            '\t' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Markdown as the reader lays it out (wiki links shown as their labels, list items with
/// their markers), as escaped HTML text, a `<br>` between lines.
fn markdown_as_html(markdown: &str, library: &Library) -> String {
    let resolve = |name: &str| library.resolve(name).map(|e| (e.id.clone(), e.title.clone()));
    render(markdown, &resolve)
        .blocks
        .iter()
        .map(|block| {
            let prefix: String = block.first_prefix.iter().map(|span| span.text.as_str()).collect();
            escape_html(&(prefix + &block.text()))
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// A source as HTML: a link when it has a web address, its title otherwise.
fn source_html(source: &Source) -> String {
    match source.url.as_deref().filter(|url| crate::document::is_web_address(url)) {
        Some(url) => format!("<a href=\"{}\">{}</a>", escape_html(url), escape_html(&source.title)),
        None => escape_html(&source.title),
    }
}

/// The tags of an entry's notes: its own (Anki separates tags with spaces, so a space in
/// one becomes `_`) and its level as `level::beginner`.
fn tags(entry: &Entry) -> String {
    let own = entry
        .tags
        .iter()
        .map(|tag| tag.split_whitespace().collect::<Vec<_>>().join("_"));
    let level = std::iter::once(format!("level::{}", entry.level));
    escape_html(&own.chain(level).collect::<Vec<_>>().join(" "))
}

/// One line: the fields, tab-separated.
fn note(front: &str, back: &str, tags: &str, guid: &str) -> String {
    format!("{front}\t{back}\t{tags}\t{}\n", escape_html(guid))
}

/// The notes of one lesson: one per check statement (front: the statement; back: Myth or
/// Fact, the explanation, the source), then one per frequent question.
pub fn notes(entry: &Entry, body: &Body, library: &Library) -> String {
    let tags = tags(entry);
    let mut out = String::new();
    for statement in statements_for(entry, body) {
        let answer = match statement.answer {
            Verdict::Myth => "Myth",
            Verdict::Fact => "Fact",
        };
        let mut back = format!(
            "<b>{answer}</b><br>{}",
            markdown_as_html(&statement.explanation, library)
        );
        if let Some(source) = &statement.source {
            back.push_str(&format!("<br><br>Source: {}", source_html(source)));
        }
        let guid = format!("lexicon:{}", statement.key);
        out.push_str(&note(&escape_html(&statement.text), &back, &tags, &guid));
    }
    for (index, faq) in body.faqs.iter().enumerate() {
        let guid = format!("lexicon:{}#faq{index}", entry.id);
        let back = markdown_as_html(&faq.answer, library);
        out.push_str(&note(&escape_html(&faq.question), &back, &tags, &guid));
    }
    out
}

/// The whole deck: [`HEADERS`], then every lesson's [`notes`] in library order.
pub fn deck(library: &Library) -> Result<String, BodyError> {
    let mut out = String::from(HEADERS);
    for entry in library.entries() {
        let body = library.body(entry)?;
        out.push_str(&notes(entry, &body, library));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped_and_nothing_ends_a_field_early() {
        assert_eq!(
            escape_html("<script>alert(\"x\")</script>\tA & B\nC"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; A &amp; B<br>C"
        );
    }

    #[test]
    fn a_source_is_a_link_only_when_it_is_a_web_address() {
        let web = Source {
            title: "Guide".into(),
            url: Some("https://example.com/?a=1&b=\"2\"".into()),
        };
        assert_eq!(
            source_html(&web),
            "<a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\">Guide</a>"
        );
        let script = Source {
            title: "<b>x</b>".into(),
            url: Some("javascript:alert(1)".into()),
        };
        assert_eq!(source_html(&script), "&lt;b&gt;x&lt;/b&gt;");
    }
}
