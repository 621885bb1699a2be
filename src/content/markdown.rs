//! Markdown to [`Document`] blocks, with wiki links resolved to entries.
//!
//! pulldown-cmark parses the text once; this module walks its events with a small amount of
//! state (the current style, the open link, the list and quote nesting) and emits blocks.
//! Untrusted markup is never interpreted: inline HTML and HTML blocks are shown as literal
//! text, and an external link shows its URL beside its text rather than becoming a terminal
//! hyperlink. Nesting deeper than [`MAX_NESTING`] is flattened, so hostile input cannot
//! indent text off the screen.

use crate::document::{Block, Document, LinkTarget, Span, Style};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// Deeper lists and quotes than this are drawn at this depth.
pub const MAX_NESTING: usize = 32;
/// Visual indentation stops growing after this many levels, so text keeps some width.
const MAX_VISIBLE_INDENT: usize = 6;

fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(markdown, Options::ENABLE_WIKILINKS | Options::ENABLE_STRIKETHROUGH)
}

/// Every wiki link target in `markdown`, in order, as written.
pub fn wiki_link_targets(markdown: &str) -> Vec<String> {
    parser(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => Some(dest_url.trim().to_owned()),
            _ => None,
        })
        .collect()
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
        lists: Vec::new(),
        quotes: 0,
        pending_marker: None,
        link_title: None,
    };
    for event in parser(markdown) {
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
    spans: Vec<Span>,
    bold: usize,
    italic: usize,
    strike: usize,
    heading: bool,
    code_block: bool,
    link: Option<usize>,
    external_url: Option<String>,
    /// For each open list, the next item number (None for bullets).
    lists: Vec<Option<u64>>,
    quotes: usize,
    /// The marker of an item whose first block has not been emitted yet.
    pending_marker: Option<String>,
}

impl<'a> Renderer<'a> {
    fn style(&self) -> Style {
        Style {
            bold: self.bold > 0 || self.heading,
            italic: self.italic > 0,
            strike: self.strike > 0,
            heading: self.heading,
            code: self.code_block,
            quote: self.quotes > 0,
            ..Style::PLAIN
        }
    }

    fn text(&mut self, text: &str, style: Style) {
        self.spans.push(Span {
            text: text.to_owned(),
            style,
            link: self.link,
        });
    }

    fn prefixes(&mut self) -> (Vec<Span>, Vec<Span>) {
        let quote_depth = self.quotes.min(MAX_VISIBLE_INDENT);
        let list_depth = self.lists.len().min(MAX_VISIBLE_INDENT);
        let mut first = Vec::new();
        let mut rest = Vec::new();
        if quote_depth > 0 {
            let bars = "│ ".repeat(quote_depth);
            first.push(Span::new(bars.clone(), Style::dim()));
            rest.push(Span::new(bars, Style::dim()));
        }
        if list_depth > 0 {
            let indent = "  ".repeat(list_depth - 1);
            let marker = self.pending_marker.take();
            let marker_width = marker.as_deref().map_or(2, unicode_width::UnicodeWidthStr::width);
            let hang = format!("{indent}{}", " ".repeat(marker_width));
            match marker {
                Some(marker) => first.push(Span::new(format!("{indent}{marker}"), Style::dim())),
                None => first.push(Span::plain(hang.clone())),
            }
            rest.push(Span::plain(hang));
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
        self.document.push(Block::with_prefix(first, rest, spans));
    }

    fn blank_line(&mut self) {
        if self.lists.is_empty() && !self.document.blocks.is_empty() {
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
                    .push(Block::new(vec![Span::new("────────", Style::dim())]));
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
                self.quotes = (self.quotes + 1).min(MAX_NESTING);
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code_block = true;
            }
            Tag::List(start) => {
                self.flush();
                if self.lists.len() < MAX_NESTING {
                    self.lists.push(start);
                }
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
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
                    None => LinkTarget::Broken(dest_url.trim().to_owned()),
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
                self.quotes = self.quotes.saturating_sub(1);
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
                self.lists.pop();
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
