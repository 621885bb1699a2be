//! Markdown to [`Document`] blocks, with wiki links resolved to entries.
//!
//! pulldown-cmark parses the text once; this module walks its events with a small amount of
//! state (the current style, the open link, the stack of open lists and quotes) and emits
//! blocks. Prefixes follow that stack from the outside in, so a quote inside a list item is
//! drawn `1. │ text` and a list inside a quote `│ • text`. Code blocks become preformatted
//! blocks, which the wrapper lays out line by line with their spaces kept.
//! Untrusted markup is never interpreted: inline HTML and HTML blocks are shown as literal
//! text, and an external link shows its URL beside its text rather than becoming a terminal
//! hyperlink. The text was sanitized when it was loaded, numeric character references to
//! controls included, but Markdown also decodes named ones (`&rlm;` is a bidi control), so
//! every piece of text the parser hands over is sanitized again, whole: adjacent pieces are
//! merged first, as a reference splits the text around it.
//! Nesting deeper than [`MAX_NESTING`] is flattened, so hostile input cannot indent text off
//! the screen.

use crate::content::sanitize::sanitize;
use crate::document::{Block, Document, LinkTarget, Style, StyledText};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream};
use std::ops::Range;

/// Deeper lists and quotes than this are drawn at this depth.
pub const MAX_NESTING: usize = 32;
/// Visual indentation stops growing after this many levels, so text keeps some width.
const MAX_VISIBLE_INDENT: usize = 6;

fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(markdown, Options::ENABLE_WIKILINKS | Options::ENABLE_STRIKETHROUGH)
}

/// Every wiki link target in `markdown`, in order, as written.
pub fn wiki_link_targets(markdown: &str) -> Vec<String> {
    wiki_links(markdown).into_iter().map(|(target, _)| target).collect()
}

/// Every wiki link in `markdown`, in order: its target (trimmed, so `[[ totp ]]` names
/// `totp`) and the byte offset of its opening `[[`. The offsets come from the parser, so
/// text that only looks like a link, such as `` `[[totp]]` `` in a code span, is not one.
pub fn wiki_links(markdown: &str) -> Vec<(String, usize)> {
    wiki_link_spans(markdown)
        .into_iter()
        .map(|link| (link.target, link.range.start))
        .collect()
}

/// A wiki link and where it sits in the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiLink {
    /// The target, trimmed: `[[ totp ]]` names `totp`.
    pub target: String,
    /// The whole link, from its opening `[[` to the end of its closing `]]`.
    pub range: Range<usize>,
    /// The label after `|`, as written (markup included), or `None` for a link without one.
    pub label: Option<Range<usize>>,
}

/// Every wiki link in `markdown`, in order, with its range and its label's, for a caller
/// that rewrites links in place. The same links as [`wiki_links`]: those the parser finds.
pub fn wiki_link_spans(markdown: &str) -> Vec<WikiLink> {
    let mut links: Vec<WikiLink> = Vec::new();
    // After the start of a labelled link, the next event is the label's first piece; the
    // label runs from there to the closing `]]`, whatever markup it holds.
    let mut label_next = false;
    for (event, range) in parser(markdown).into_offset_iter() {
        if std::mem::take(&mut label_next)
            && !matches!(event, Event::End(TagEnd::Link))
            && let Some(link) = links.last_mut()
        {
            let end = link.range.end.saturating_sub("]]".len());
            link.label = (range.start <= end).then_some(range.start..end);
        }
        if let Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { has_pothole },
            dest_url,
            ..
        }) = event
        {
            links.push(WikiLink {
                target: dest_url.trim().to_owned(),
                range,
                label: None,
            });
            label_next = has_pothole;
        }
    }
    links
}

/// `markdown` as plain text on one line, for the places that show a definition in a row or
/// beside another (lists, search results, comparisons): its words without markup, one
/// space apart, a wiki link as its label or, without one, its target as written
/// (`[[authentication]]` reads "authentication"), and inline HTML as the literal text a
/// lesson shows. Sanitized, as [`render_into`]'s text is.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in TextMergeStream::new(parser(markdown)) {
        match event {
            Event::Text(piece)
            | Event::Code(piece)
            | Event::InlineHtml(piece)
            | Event::Html(piece)
            | Event::InlineMath(piece)
            | Event::DisplayMath(piece) => text.push_str(&piece),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock | TagEnd::BlockQuote(_),
            ) => text.push(' '),
            _ => {}
        }
    }
    crate::document::one_line(&sanitize(&text), usize::MAX)
}

/// Turns a wiki link target into the entry's id and title, or `None` when nothing matches.
pub type Resolver<'a> = &'a dyn Fn(&str) -> Option<(String, String)>;

/// Appends the blocks of `markdown` to `document`. A wiki link without a label shows the
/// title of the entry it names, so `[[totp]]` reads as "TOTP".
pub fn render_into(document: &mut Document, markdown: &str, resolve: Resolver<'_>) {
    let mut renderer = Renderer {
        document,
        resolve,
        spans: Vec::new(),
        bold: 0,
        italic: 0,
        strike: 0,
        heading: false,
        code_block: false,
        link: None,
        external_url: None,
        containers: Vec::new(),
        hidden_containers: 0,
        pending_marker: None,
        link_title: None,
    };
    for event in TextMergeStream::new(parser(markdown)) {
        renderer.event(event);
    }
    renderer.flush();
    // Paragraph spacing is added after each block; the caller decides what follows.
    while renderer
        .document
        .blocks
        .last()
        .is_some_and(|block| block.spans.is_empty() && block.first_prefix.is_empty())
    {
        renderer.document.blocks.pop();
    }
}

/// Renders `markdown` as a standalone document.
pub fn render(markdown: &str, resolve: Resolver<'_>) -> Document {
    let mut document = Document::default();
    render_into(&mut document, markdown, resolve);
    document
}

struct Renderer<'a> {
    document: &'a mut Document,
    resolve: Resolver<'a>,
    /// Inside an unlabelled wiki link: the title to show instead of its raw target.
    link_title: Option<String>,
    spans: Vec<StyledText>,
    bold: usize,
    italic: usize,
    strike: usize,
    heading: bool,
    code_block: bool,
    link: Option<usize>,
    external_url: Option<String>,
    /// The open lists and quotes, outermost first, at most [`MAX_NESTING`] of them.
    containers: Vec<Container>,
    /// Lists and quotes opened beyond [`MAX_NESTING`]: counted so their ends match, but
    /// drawn at the deepest kept level.
    hidden_containers: usize,
    /// The marker of an item whose first block has not been emitted yet.
    pending_marker: Option<String>,
}

/// An open list or quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    /// A list and its next item number (None for bullets).
    List(Option<u64>),
    Quote,
}

/// Appends `text` to a prefix, merging it into the last span when the style is the same.
fn push_prefix(prefix: &mut Vec<StyledText>, text: &str, style: Style) {
    match prefix.last_mut() {
        Some(last) if last.style == style => last.text.push_str(text),
        _ => prefix.push(StyledText::new(text, style)),
    }
}

impl<'a> Renderer<'a> {
    fn style(&self) -> Style {
        Style {
            bold: self.bold > 0 || self.heading,
            italic: self.italic > 0,
            strike: self.strike > 0,
            heading: self.heading,
            code: self.code_block,
            quote: self.containers.contains(&Container::Quote),
            ..Style::PLAIN
        }
    }

    fn in_list(&self) -> bool {
        self.containers.iter().any(|c| matches!(c, Container::List(_)))
    }

    fn open(&mut self, container: Container) {
        if self.containers.len() < MAX_NESTING {
            self.containers.push(container);
        } else {
            self.hidden_containers += 1;
        }
    }

    fn close(&mut self) {
        // Events nest, so the hidden containers are always the innermost ones.
        if self.hidden_containers > 0 {
            self.hidden_containers -= 1;
        } else {
            self.containers.pop();
        }
    }

    fn text(&mut self, text: &str, style: Style) {
        self.spans.push(StyledText {
            text: sanitize(text),
            style,
            link: self.link,
        });
    }

    /// The first-line and continuation prefixes for the open containers, outermost first:
    /// a quote bar for each quote, two columns for each enclosing list, and the item marker
    /// (or as many spaces, on later lines and blocks) for the innermost list.
    fn prefixes(&mut self) -> (Vec<StyledText>, Vec<StyledText>) {
        let innermost_list = self.containers.iter().rposition(|c| matches!(c, Container::List(_)));
        let marker = self.pending_marker.take();
        let mut first = Vec::new();
        let mut rest = Vec::new();
        let (mut quotes, mut lists) = (0, 0);
        for (index, container) in self.containers.iter().enumerate() {
            match container {
                Container::Quote => {
                    quotes += 1;
                    if quotes <= MAX_VISIBLE_INDENT {
                        push_prefix(&mut first, "│ ", Style::dim());
                        push_prefix(&mut rest, "│ ", Style::dim());
                    }
                }
                Container::List(_) if Some(index) == innermost_list => {
                    let hang = " ".repeat(marker.as_deref().map_or(2, unicode_width::UnicodeWidthStr::width));
                    match &marker {
                        Some(marker) => push_prefix(&mut first, marker, Style::dim()),
                        None => push_prefix(&mut first, &hang, Style::PLAIN),
                    }
                    push_prefix(&mut rest, &hang, Style::PLAIN);
                }
                Container::List(_) => {
                    // The innermost list always shows its marker, so enclosing lists stop
                    // indenting one level earlier.
                    lists += 1;
                    if lists < MAX_VISIBLE_INDENT {
                        push_prefix(&mut first, "  ", Style::PLAIN);
                        push_prefix(&mut rest, "  ", Style::PLAIN);
                    }
                }
            }
        }
        (first, rest)
    }

    /// Emits the spans gathered so far as one block.
    fn flush(&mut self) {
        if self.spans.is_empty() {
            return;
        }
        let spans = std::mem::take(&mut self.spans);
        let (first, rest) = self.prefixes();
        let mut block = Block::with_prefix(first, rest, spans);
        block.preformatted = self.code_block;
        self.document.push(block);
    }

    fn blank_line(&mut self) {
        if !self.in_list() && !self.document.blocks.is_empty() {
            self.document.push(Block::blank());
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(_) if self.link_title.is_some() => {}
            Event::Text(text) => {
                let style = self.style();
                if self.code_block {
                    // Keep code lines apart; the wrapper breaks on newlines.
                    self.text(text.trim_end_matches('\n'), style);
                    self.text("\n", style);
                } else {
                    self.text(&text, style);
                }
            }
            Event::Code(code) => {
                let style = Style {
                    code: true,
                    ..self.style()
                };
                self.text(&code, style);
            }
            Event::InlineHtml(html) | Event::Html(html) | Event::InlineMath(html) | Event::DisplayMath(html) => {
                let style = self.style();
                self.text(&html, style);
            }
            Event::SoftBreak => {
                let style = self.style();
                self.text(" ", style);
            }
            Event::HardBreak => {
                let style = self.style();
                self.text("\n", style);
            }
            Event::Rule => {
                self.flush();
                self.document
                    .push(Block::new(vec![StyledText::new("────────", Style::dim())]));
                self.blank_line();
            }
            Event::FootnoteReference(name) => {
                let style = self.style();
                self.text(&format!("[{name}]"), style);
            }
            Event::TaskListMarker(done) => {
                let style = self.style();
                self.text(if done { "[x] " } else { "[ ] " }, style);
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock | Tag::MetadataBlock(_) => {}
            Tag::Heading { .. } => {
                self.flush();
                self.heading = true;
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.open(Container::Quote);
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code_block = true;
            }
            Tag::List(start) => {
                self.flush();
                self.open(Container::List(start));
            }
            Tag::Item => {
                self.flush();
                let innermost = self.containers.iter_mut().rev().find_map(|c| match c {
                    Container::List(number) => Some(number),
                    Container::Quote => None,
                });
                let marker = match innermost {
                    Some(Some(number)) => {
                        let marker = format!("{number}. ");
                        *number += 1;
                        marker
                    }
                    _ => "• ".to_owned(),
                };
                self.pending_marker = Some(marker);
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            } => {
                let target = match (self.resolve)(dest_url.trim()) {
                    Some((id, title)) => {
                        if !has_pothole {
                            self.link_title = Some(title);
                        }
                        LinkTarget::Entry(id)
                    }
                    None => LinkTarget::Broken(sanitize(dest_url.trim())),
                };
                self.link = Some(self.document.add_link(target));
            }
            Tag::Link { dest_url, .. } => self.external_url = Some(dest_url.into_string()),
            Tag::Image { dest_url, .. } => {
                let style = self.style();
                self.text("[image: ", style);
                self.external_url = Some(dest_url.into_string());
            }
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => {
                self.flush();
                self.blank_line();
            }
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = false;
                self.blank_line();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.close();
            }
            TagEnd::CodeBlock => {
                if let Some(last) = self.spans.last()
                    && last.text == "\n"
                {
                    self.spans.pop();
                }
                self.flush();
                self.code_block = false;
                self.blank_line();
            }
            TagEnd::List(_) => {
                self.flush();
                self.close();
                self.blank_line();
            }
            TagEnd::Item => self.flush(),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => {
                if let Some(title) = self.link_title.take() {
                    let style = self.style();
                    self.text(&title, style);
                }
                if self.link.take().is_none()
                    && let Some(url) = self.external_url.take()
                    && !url.is_empty()
                {
                    self.text(&format!(" <{url}>"), Style::dim());
                }
            }
            TagEnd::Image => {
                let style = self.style();
                self.text("]", style);
                self.external_url = None;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each link's range and label range, cut out of the text.
    fn spans(text: &str) -> Vec<(String, &str, Option<&str>)> {
        wiki_link_spans(text)
            .into_iter()
            .map(|link| {
                let label = link.label.and_then(|label| text.get(label));
                (link.target, &text[link.range], label)
            })
            .collect()
    }

    #[test]
    fn plain_text_keeps_the_words_and_drops_the_markup() {
        assert_eq!(
            plain_text("Checked once [[authentication]] has run, with [[totp|a **TOTP** code]]."),
            "Checked once authentication has run, with a TOTP code."
        );
        assert_eq!(
            plain_text("*Stress* and `code`\nnext line"),
            "Stress and code next line"
        );
        assert_eq!(plain_text("Tags <b>stay</b> literal"), "Tags <b>stay</b> literal");
    }

    /// Markdown decodes character references, and a reference splits the text around it:
    /// the escape sequences they spell are removed whole, in rows as in lessons.
    #[test]
    fn character_references_cannot_spell_an_escape_sequence() {
        let hostile = "Title &#27;]0;pwned&#7; then &#x1b;[2Jwiped, &#155;31m red, [x](http://e&#27;[1m.x)";
        assert_eq!(plain_text(hostile), "Title then wiped, red, x");
        // Named references are decoded too, and only here: the loader removes numeric ones.
        assert_eq!(plain_text("left &rlm;right&lrm;"), "left right");
        let mut document = Document::default();
        render_into(&mut document, hostile, &|_| None);
        let shown: String = document
            .blocks
            .iter()
            .flat_map(|block| block.spans.iter().map(|span| span.text.as_str()))
            .collect();
        assert_eq!(shown, "Title  then wiped,  red, x <http://e.x>");
    }

    #[test]
    fn spans_cover_the_whole_link_and_the_label_as_written() {
        assert_eq!(
            spans("See [[ Beta |the *b* label]], [[Gamma]] and [[delta|]]."),
            [
                ("Beta".to_owned(), "[[ Beta |the *b* label]]", Some("the *b* label")),
                ("Gamma".to_owned(), "[[Gamma]]", None),
                ("delta".to_owned(), "[[delta|]]", Some("")),
            ]
        );
    }

    #[test]
    fn links_in_code_are_not_links() {
        assert_eq!(
            spans("`[[a]]`\n\n```\n[[b]]\n```\n\n    [[c]]\n\n[[d|e]]"),
            [("d".to_owned(), "[[d|e]]", Some("e"))]
        );
    }
}
