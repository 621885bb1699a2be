//! An entry laid out as a lesson: the sections, in order, as one [`Document`].
//!
//! The same document feeds the TUI's lesson page and `lexicon show --format text`, so what a
//! screen reader gets from the command line is what the page shows.

use crate::content::markdown::render_into;
use crate::content::{Body, BodyError, Entry, Library};
use crate::document::{Block, Document, LinkTarget, Style, StyledText, is_web_address, wrap_text};

/// The lesson's sections, in page order. The digits 1 to 7 jump to them.
pub const SECTIONS: [&str; 7] = [
    "Definition",
    "Analysis",
    "Frequent questions",
    "Misconceptions",
    "Related terms",
    "Compare",
    "Sources",
];

/// Builds the lesson page of `entry`. `faq_open(i)` says whether question `i` shows its
/// answer. Empty sections are left out. When the body cannot be read back from its file (it
/// changed after loading), the page says so under the definition and shows what the library
/// itself knows: the related terms.
pub fn lesson_document(entry: &Entry, library: &Library, faq_open: &dyn Fn(usize) -> bool) -> Document {
    let body = library.body(entry);
    lesson_document_with(entry, body.as_deref(), library, faq_open)
}

/// [`lesson_document`] with the entry's body already read, or why it could not be.
pub fn lesson_document_with(
    entry: &Entry,
    body: Result<&Body, &BodyError>,
    library: &Library,
    faq_open: &dyn Fn(usize) -> bool,
) -> Document {
    let resolve = |name: &str| {
        library
            .resolve(name)
            .map(|found| (found.id.clone(), found.title.clone()))
    };
    let mut doc = Document::default();

    section(&mut doc, SECTIONS[0]);
    render_into(&mut doc, &entry.definition, &resolve);

    let nothing = Body::default();
    let body = match body {
        Ok(body) => body,
        Err(error) => {
            doc.push(Block::blank());
            doc.push(Block::new(vec![StyledText::new(
                format!("The rest of this lesson could not be read: {error}."),
                Style::bold(),
            )]));
            &nothing
        }
    };

    if !body.analysis.trim().is_empty() {
        section(&mut doc, SECTIONS[1]);
        render_into(&mut doc, &body.analysis, &resolve);
    }

    if !body.faqs.is_empty() {
        section(&mut doc, SECTIONS[2]);
        for (index, faq) in body.faqs.iter().enumerate() {
            let open = faq_open(index);
            let toggle = doc.add_link(LinkTarget::ToggleFaq(index));
            let marker = if open { "▾ " } else { "▸ " };
            doc.push(Block::with_prefix(
                vec![StyledText::new(marker, Style::dim())],
                vec![StyledText::plain("  ")],
                vec![StyledText {
                    text: faq.question.clone(),
                    style: Style::accent(),
                    link: Some(toggle),
                }],
            ));
            if open {
                let start = doc.blocks.len();
                render_into(&mut doc, &faq.answer, &resolve);
                indent_from(&mut doc, start, 2);
            }
            doc.push(Block::blank());
        }
        doc.blocks.pop();
    }

    if !body.misconceptions.is_empty() {
        section(&mut doc, SECTIONS[3]);
        for (index, misconception) in body.misconceptions.iter().enumerate() {
            doc.push(labelled(
                "Myth: ",
                &misconception.myth,
                Style {
                    strike: false,
                    ..Style::PLAIN
                },
            ));
            doc.push(labelled("Fact: ", &misconception.fact, Style::PLAIN));
            let start = doc.blocks.len();
            render_into(&mut doc, &misconception.explanation, &resolve);
            indent_from(&mut doc, start, 6);
            if index + 1 < body.misconceptions.len() {
                doc.push(Block::blank());
            }
        }
    }

    if !entry.related.is_empty() {
        section(&mut doc, SECTIONS[4]);
        for id in &entry.related {
            let Some(other) = library.get(id) else { continue };
            let link = doc.add_link(LinkTarget::Entry(other.id.clone()));
            doc.push(Block::with_prefix(
                vec![StyledText::new("→ ", Style::dim())],
                vec![StyledText::plain("  ")],
                vec![
                    StyledText {
                        text: other.title.clone(),
                        style: Style::PLAIN,
                        link: Some(link),
                    },
                    StyledText::new(format!(" — {}", other.plain_definition()), Style::dim()),
                ],
            ));
        }
    }

    // Only the comparisons that can be read (one whose file changed is left out). Those this
    // entry holds come from the body in hand, not from its file again.
    let comparisons: Vec<_> = crate::compare::comparisons(library, entry, body)
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    if !comparisons.is_empty() {
        section(&mut doc, SECTIONS[5]);
        for (index, view) in comparisons.iter().enumerate() {
            let other = view.right;
            let link = doc.add_link(LinkTarget::Entry(other.id.clone()));
            doc.push(Block::new(vec![
                StyledText::new(format!("{} vs ", entry.title), Style::bold()),
                StyledText {
                    text: other.title.clone(),
                    style: Style::bold(),
                    link: Some(link),
                },
            ]));
            doc.push(Block::table(view.table()));
            if index + 1 < comparisons.len() {
                doc.push(Block::blank());
            }
        }
    }

    if !body.sources.is_empty() {
        section(&mut doc, SECTIONS[6]);
        for (index, source) in body.sources.iter().enumerate() {
            let number = format!("{}. ", index + 1);
            let hang = " ".repeat(number.len());
            let mut spans = vec![StyledText::plain(source.title.clone())];
            if let Some(url) = &source.url {
                spans.push(StyledText::new(" <", Style::dim()));
                // Only web addresses can be followed: content comes from strangers, and a
                // `file:` or custom scheme could start anything.
                let link = is_web_address(url).then(|| doc.add_link(LinkTarget::Url(url.clone())));
                spans.push(StyledText {
                    text: url.clone(),
                    style: Style::dim(),
                    link,
                });
                spans.push(StyledText::new(">", Style::dim()));
            }
            doc.push(Block::with_prefix(
                vec![StyledText::new(number, Style::dim())],
                vec![StyledText::plain(hang)],
                spans,
            ));
        }
    }
    doc
}

/// What the header says of a lesson from a content folder that takes a bundled lesson's
/// place (`replaces:`), so nobody takes it for the bundled text.
pub const REPLACES_MARK: &str = "replaces the bundled lesson";

/// The facts every lesson header starts with: its level, and [`REPLACES_MARK`] when it
/// replaces a bundled lesson.
pub fn leading_facts(entry: &Entry) -> Vec<String> {
    std::iter::once(entry.level.to_string())
        .chain(entry.replaces.is_some().then(|| REPLACES_MARK.to_owned()))
        .collect()
}

/// The header line: level, whether it replaces a bundled lesson, tags and verified date.
pub fn header_facts(entry: &Entry) -> String {
    let mut facts = leading_facts(entry);
    if !entry.tags.is_empty() {
        facts.push(
            entry
                .tags
                .iter()
                .map(|tag| format!("#{tag}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    if let Some(date) = &entry.verified {
        facts.push(format!("verified {date}"));
    }
    facts.join(" · ")
}

/// The lesson as plain text, for `lexicon show` and pipes: title, header facts, and the
/// page wrapped at `width`, with every question open.
pub fn plain_text(entry: &Entry, library: &Library, width: usize) -> String {
    let doc = lesson_document(entry, library, &|_| true);
    format!(
        "{}\n{}\n\n{}",
        wrap_text(&entry.title, width).join("\n"),
        wrap_text(&header_facts(entry), width).join("\n"),
        doc.wrap_keeping_urls(width).to_plain_text()
    )
}

fn section(doc: &mut Document, title: &str) {
    if !doc.blocks.is_empty() {
        doc.push(Block::blank());
    }
    doc.anchor(title);
    doc.push(Block::new(vec![StyledText::new(title.to_owned(), Style::heading())]));
}

fn labelled(label: &str, text: &str, style: Style) -> Block {
    Block::with_prefix(
        vec![StyledText::new(label.to_owned(), Style::bold())],
        vec![StyledText::plain(" ".repeat(label.len()))],
        vec![StyledText::new(text.to_owned(), style)],
    )
}

/// Indents every block from `start` on by `columns`, for answers under their question.
fn indent_from(doc: &mut Document, start: usize, columns: usize) {
    for block in &mut doc.blocks[start..] {
        block.first_prefix.insert(0, StyledText::plain(" ".repeat(columns)));
        block.rest_prefix.insert(0, StyledText::plain(" ".repeat(columns)));
    }
}
