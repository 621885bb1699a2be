//! A styled, linkable document and its word wrapping, independent of any terminal library.
//!
//! Lessons, reveals and `lexicon show` all build a [`Document`]: a list of [`Block`]s (one
//! paragraph, heading, list item or quote line each) made of [`StyledText`] runs (spans),
//! some of which belong to a numbered [`Link`]. [`Document::wrap`] lays the blocks out at a
//! given width once; the UI caches the result per width and only converts spans into its own
//! styles when drawing. Keeping this pure means the layout is tested without a terminal, and
//! the UI never re-parses markdown on a frame.
//!
//! Widths are display columns taken one grapheme cluster at a time, as ratatui places them
//! in its buffer ([`display_width`]: unicode-segmentation's split, which keeps `⚠` with its
//! variation selector and a flag's two halves together, each cluster measured by
//! unicode-width), so a word is measured and cut with the same numbers the UI draws it with.
//! Ordinary blocks are re-flowed at spaces; preformatted blocks (code) keep every space and
//! are only cut where a line is too long. No line is ever wider than the width asked for,
//! but for a web address longer than a line in [`Document::wrap_keeping_urls`], which
//! `lexicon show` prints whole so that it can still be followed.

use unicode_segmentation::UnicodeSegmentation;

/// Semantic styling of a span. The UI's theme decides how each one looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub strike: bool,
    pub heading: bool,
    pub quote: bool,
    /// Secondary text: bullets, counters, URLs, hints.
    pub dim: bool,
    /// A term shown as the subject of a block (a question, a myth).
    pub accent: bool,
}

impl Style {
    pub const PLAIN: Style = Style {
        bold: false,
        italic: false,
        code: false,
        strike: false,
        heading: false,
        quote: false,
        dim: false,
        accent: false,
    };
    pub fn bold() -> Style {
        Style {
            bold: true,
            ..Style::PLAIN
        }
    }
    pub fn dim() -> Style {
        Style {
            dim: true,
            ..Style::PLAIN
        }
    }
    pub fn heading() -> Style {
        Style {
            heading: true,
            bold: true,
            ..Style::PLAIN
        }
    }
    pub fn accent() -> Style {
        Style {
            accent: true,
            bold: true,
            ..Style::PLAIN
        }
    }
}

/// A run of text in one style, possibly part of a link: the spans of a [`Block`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyledText {
    pub text: String,
    pub style: Style,
    /// Index into [`Document::links`].
    pub link: Option<usize>,
}

impl StyledText {
    pub fn new(text: impl Into<String>, style: Style) -> StyledText {
        StyledText {
            text: text.into(),
            style,
            link: None,
        }
    }
    pub fn plain(text: impl Into<String>) -> StyledText {
        StyledText::new(text, Style::PLAIN)
    }
    pub fn width(&self) -> usize {
        display_width(&self.text)
    }
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another entry, by resolved id.
    Entry(String),
    /// A wiki link whose target names no entry; drawn, but cannot be followed.
    Broken(String),
    /// A frequent question: following it opens or closes its answer.
    ToggleFaq(usize),
    /// A source's web address (`http` or `https` only): opened in the browser, or copied.
    Url(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: LinkTarget,
}

impl Link {
    pub fn entry_id(&self) -> Option<&str> {
        match &self.target {
            LinkTarget::Entry(id) => Some(id),
            LinkTarget::Broken(_) | LinkTarget::ToggleFaq(_) | LinkTarget::Url(_) => None,
        }
    }
}

/// One paragraph-like unit. `first_prefix` starts its first line (a bullet, a quote bar) and
/// `rest_prefix` its continuation lines, so wrapped list items hang under their text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Block {
    pub first_prefix: Vec<StyledText>,
    pub rest_prefix: Vec<StyledText>,
    pub spans: Vec<StyledText>,
    /// A table laid out at the width it is wrapped to, in place of `spans`.
    pub table: Option<Table>,
    /// Code: lines keep their leading spaces and runs of spaces, and are cut at the width
    /// rather than re-flowed at spaces.
    pub preformatted: bool,
}

/// A three-column table (aspect, one side, the other side), laid out by [`table_lines`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub header: [String; 3],
    pub rows: Vec<[String; 3]>,
}

/// One laid-out row of a table: the text and whether it is the header, a rule or a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableLine {
    Header,
    Rule,
    Cell,
}

/// Lays a table out at `width` columns. The first column gets a fifth of the width and the
/// two sides share the rest, separated by ` │ `; cells wrap inside their column. Below 30
/// columns the sides are stacked under each aspect instead, so narrow screens stay readable.
pub fn table_lines(table: &Table, width: usize) -> Vec<(String, TableLine)> {
    let mut out = Vec::new();
    if width < 30 {
        for row in &table.rows {
            out.push((row[0].clone(), TableLine::Header));
            for (side, cell) in [(&table.header[1], &row[1]), (&table.header[2], &row[2])] {
                for line in wrap_text(&format!("{side}: {cell}"), width) {
                    out.push((line, TableLine::Cell));
                }
            }
        }
        return out;
    }
    let first = (width / 5).max(8);
    let side = (width - first - 6) / 2;
    let widths = [first, side, side];
    let rule = format!("{}─┼─{}─┼─{}", "─".repeat(first), "─".repeat(side), "─".repeat(side));
    let push_row = |cells: &[String; 3], kind: TableLine, out: &mut Vec<(String, TableLine)>| {
        let columns: Vec<Vec<String>> = cells.iter().zip(widths).map(|(cell, w)| wrap_text(cell, w)).collect();
        let height = columns.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let cell = |column: usize| {
                let content = columns[column].get(line).map_or("", String::as_str);
                let pad = widths[column].saturating_sub(display_width(content));
                format!("{content}{}", " ".repeat(pad))
            };
            let joined = format!("{} │ {} │ {}", cell(0), cell(1), cell(2));
            out.push((joined.trim_end().to_owned(), kind));
        }
    };
    push_row(&table.header, TableLine::Header, &mut out);
    for row in &table.rows {
        out.push((rule.clone(), TableLine::Rule));
        push_row(row, TableLine::Cell, &mut out);
    }
    out
}

/// Wraps plain text to `width` columns.
pub fn wrap_text(text: &str, width: usize) -> Vec<String> {
    let mut doc = Document::default();
    doc.push(Block::new(vec![StyledText::plain(text)]));
    doc.wrap(width)
        .lines
        .iter()
        .map(|line| line.iter().map(|span| span.text.as_str()).collect())
        .collect()
}

impl Block {
    pub fn new(spans: Vec<StyledText>) -> Block {
        Block {
            spans,
            ..Block::default()
        }
    }
    pub fn blank() -> Block {
        Block::default()
    }
    pub fn with_prefix(first: Vec<StyledText>, rest: Vec<StyledText>, spans: Vec<StyledText>) -> Block {
        Block {
            first_prefix: first,
            rest_prefix: rest,
            spans,
            ..Block::default()
        }
    }
    pub fn table(table: Table) -> Block {
        Block {
            table: Some(table),
            ..Block::default()
        }
    }
    /// The block's text without prefixes.
    pub fn text(&self) -> String {
        self.spans.iter().map(|span| span.text.as_str()).collect()
    }
}

/// A named place in a document, such as a lesson section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub title: String,
    pub block: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    pub anchors: Vec<Anchor>,
}

/// A document laid out at one width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wrapped {
    pub width: usize,
    pub lines: Vec<Vec<StyledText>>,
    /// For each block, the index of its first line.
    pub block_lines: Vec<usize>,
    /// For each link, the index of the first line it appears on.
    pub link_lines: Vec<Option<usize>>,
}

impl Wrapped {
    /// The line where an anchor's block starts.
    pub fn anchor_line(&self, document: &Document, anchor: usize) -> Option<usize> {
        let block = document.anchors.get(anchor)?.block;
        self.block_lines.get(block).copied()
    }

    /// The anchor whose section contains `line`.
    pub fn anchor_at(&self, document: &Document, line: usize) -> Option<usize> {
        (0..document.anchors.len())
            .rev()
            .find(|&anchor| self.anchor_line(document, anchor).is_some_and(|start| start <= line))
    }

    /// Plain text of the whole layout, one line per row, trailing spaces trimmed.
    pub fn to_plain_text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            let text: String = line.iter().map(|span| span.text.as_str()).collect();
            out.push_str(text.trim_end());
            out.push('\n');
        }
        out
    }
}

impl Document {
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    /// Starts a named section at the next block.
    pub fn anchor(&mut self, title: impl Into<String>) {
        self.anchors.push(Anchor {
            title: title.into(),
            block: self.blocks.len(),
        });
    }

    pub fn add_link(&mut self, target: LinkTarget) -> usize {
        self.links.push(Link { target });
        self.links.len() - 1
    }

    /// Lays every block out at `width` columns. Runs in time linear in the text: each
    /// character is measured a bounded number of times, and words longer than a line are cut
    /// where they overflow.
    pub fn wrap(&self, width: usize) -> Wrapped {
        self.wrap_with(width, false)
    }

    /// [`Document::wrap`] for text printed to a stream (`lexicon show`), where a web address
    /// longer than a line is put on a line of its own whole, past the width, rather than cut:
    /// a terminal or a reader can then still follow or copy it.
    pub fn wrap_keeping_urls(&self, width: usize) -> Wrapped {
        self.wrap_with(width, true)
    }

    fn wrap_with(&self, width: usize, keep_urls: bool) -> Wrapped {
        let width = width.max(1);
        let mut wrapped = Wrapped {
            width,
            link_lines: vec![None; self.links.len()],
            ..Wrapped::default()
        };
        for block in &self.blocks {
            wrapped.block_lines.push(wrapped.lines.len());
            wrap_block(block, width, keep_urls, &mut wrapped);
        }
        wrapped
    }
}

/// Whether `url` is an `http` or `https` address, the only ones lexicon opens or copies.
pub fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A word that holds a web address, perhaps in brackets, as far as wrapping is concerned.
fn holds_web_address(word: &str) -> bool {
    is_web_address(word.trim_start_matches(['(', '<']))
}

fn prefix_width(prefix: &[StyledText]) -> usize {
    prefix.iter().map(StyledText::width).sum()
}

/// Splits text into the units the wrapper never breaks, each with its byte offset: extended
/// grapheme clusters (a character with its combining marks, variation selectors, emoji
/// modifiers, ZWJ sequence or flag partner). The rules by which unicode-width joins
/// characters into one width (emoji presentation, ZWJ sequences, flags, keycaps) all act
/// inside a cluster, so measuring cluster by cluster gives the width of the whole text, or
/// slightly more where a rule narrows a pair across clusters (such as Arabic lam-alef), never
/// less; and it is how ratatui places text in its buffer, a cluster to a cell.
fn clusters(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.grapheme_indices(true)
}

/// The columns `text` takes on a terminal as ratatui lays it out: the sum of its grapheme
/// clusters' widths ([`cluster_width`]). The one measure of text for the wrapper and the UI,
/// so that what is measured, cut or padded is what ratatui's buffer then holds.
pub fn display_width(text: &str) -> usize {
    clusters(text).map(|(_, cluster)| cluster_width(cluster)).sum()
}

/// The columns of one grapheme cluster, as ratatui's `CellWidth` counts them (the UI's tests
/// hold the two equal): unicode-width's width of the cluster, plus one for each halfwidth
/// katakana voiced or semi-voiced sound mark, which unicode-width counts as combining but
/// terminals draw in a column of its own.
pub fn cluster_width(cluster: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    let sound_marks = cluster.chars().filter(|c| matches!(c, '\u{FF9E}' | '\u{FF9F}')).count();
    cluster.width() + sound_marks
}

/// Accumulates one visual line, merging adjacent pieces that share style and link.
struct LineBuilder {
    spans: Vec<StyledText>,
    width: usize,
}

impl LineBuilder {
    fn new(prefix: &[StyledText]) -> LineBuilder {
        LineBuilder {
            spans: prefix.to_vec(),
            width: prefix_width(prefix),
        }
    }

    fn push(&mut self, text: &str, style: Style, link: Option<usize>, text_width: usize) {
        self.width += text_width;
        if let Some(last) = self.spans.last_mut()
            && last.style == style
            && last.link == link
        {
            last.text.push_str(text);
            return;
        }
        self.spans.push(StyledText {
            text: text.to_owned(),
            style,
            link,
        });
    }
}

/// The state of one block being laid out.
///
/// The block's spans are laid end to end in `text`, so a word or a cluster that crosses a
/// span boundary (a bold word run into plain text, a variation selector in the text event
/// after a `*` the parser kept apart) is measured and kept whole; each piece still carries
/// its own span's style and link.
struct BlockWrapper<'a> {
    width: usize,
    /// Whether a web address longer than a line stays whole ([`Document::wrap_keeping_urls`]).
    keep_urls: bool,
    rest_prefix: &'a [StyledText],
    out: &'a mut Wrapped,
    text: &'a str,
    /// Where each span starts in `text`, in order.
    spans: Vec<(usize, &'a StyledText)>,
    /// The span the next lookup starts from: text is only ever visited forwards.
    cursor: usize,
    line: LineBuilder,
    /// Whether the current line holds anything besides its prefix.
    line_has_text: bool,
    /// Whitespace waiting to be written only if another word follows on the same line.
    pending_space: Option<(Style, Option<usize>)>,
}

impl<'a> BlockWrapper<'a> {
    fn finish_line(&mut self) {
        let done = std::mem::replace(&mut self.line, LineBuilder::new(self.rest_prefix));
        self.out.lines.push(done.spans);
        self.line_has_text = false;
        self.pending_space = None;
    }

    fn note_link(&mut self, link: Option<usize>) {
        if let Some(link) = link
            && let Some(line) = self.out.link_lines.get_mut(link)
            && line.is_none()
        {
            *line = Some(self.out.lines.len());
        }
    }

    /// The span holding byte `offset` of the text, and where that span ends.
    fn span_at(&mut self, offset: usize) -> Option<(&'a StyledText, usize)> {
        while self
            .spans
            .get(self.cursor + 1)
            .is_some_and(|&(start, _)| start <= offset)
        {
            self.cursor += 1;
        }
        let &(_, span) = self.spans.get(self.cursor)?;
        let end = self
            .spans
            .get(self.cursor + 1)
            .map_or(self.text.len(), |&(start, _)| start);
        Some((span, end))
    }

    /// Adds `text[start..end]`, `width` columns wide, to the line, split where spans change.
    fn push(&mut self, start: usize, end: usize, mut width: usize) {
        let mut at = start;
        while at < end {
            let Some((span, span_end)) = self.span_at(at) else {
                return;
            };
            let piece_end = span_end.min(end);
            self.note_link(span.link);
            self.line.push(
                &self.text[at..piece_end],
                span.style,
                span.link,
                std::mem::take(&mut width),
            );
            at = piece_end;
        }
    }

    /// Adds `text[start..end]` (a word, or a preformatted line) cluster by cluster, starting
    /// a new line where the next cluster would overflow. A cluster wider than a whole line is
    /// left out: it could only be drawn past the edge.
    fn place(&mut self, start: usize, end: usize) {
        for (offset, cluster) in clusters(&self.text[start..end]) {
            let columns = cluster_width(cluster);
            if self.line.width + columns > self.width && self.line_has_text {
                self.finish_line();
            }
            if self.line.width + columns > self.width {
                continue;
            }
            self.push(start + offset, start + offset + cluster.len(), columns);
            self.line_has_text = true;
        }
    }

    /// Adds `text[start..end]`, to be re-flowed: words go on the current line when they fit,
    /// else on the next; runs of spaces become one space, dropped at the start and end of a
    /// line.
    fn flow(&mut self, start: usize, end: usize) {
        let text = self.text;
        let mut at = start;
        for piece in split_words(&text[start..end]) {
            let (piece_start, piece_end) = (at, at + piece.len());
            at = piece_end;
            if piece.starts_with(' ') {
                if self.line_has_text
                    && let Some((span, _)) = self.span_at(piece_start)
                {
                    self.pending_space = Some((span.style, span.link));
                }
                continue;
            }
            let word_width = display_width(piece);
            let space_width = usize::from(self.pending_space.is_some());
            if self.line_has_text && self.line.width + space_width + word_width > self.width {
                self.finish_line();
            }
            if let Some((space_style, space_link)) = self.pending_space.take() {
                self.line.push(" ", space_style, space_link, 1);
            }
            if self.line.width + word_width <= self.width {
                self.push(piece_start, piece_end, word_width);
                self.line_has_text = true;
            } else if self.keep_urls && holds_web_address(piece) {
                // On a line of its own, whole.
                self.push(piece_start, piece_end, word_width);
                self.line_has_text = true;
                self.finish_line();
            } else {
                // Longer than the line: starts on a line of its own and is cut where it
                // overflows.
                self.place(piece_start, piece_end);
            }
        }
    }
}

fn wrap_block(block: &Block, width: usize, keep_urls: bool, out: &mut Wrapped) {
    if let Some(table) = &block.table {
        for (text, kind) in table_lines(table, width) {
            let style = match kind {
                TableLine::Header => Style::bold(),
                TableLine::Rule => Style::dim(),
                TableLine::Cell => Style::PLAIN,
            };
            out.lines.push(vec![StyledText::new(text, style)]);
        }
        return;
    }
    let mut text = String::new();
    let mut spans = Vec::with_capacity(block.spans.len());
    for span in &block.spans {
        spans.push((text.len(), span));
        text.push_str(&span.text);
    }

    // A prefix must leave room for the widest cluster of the block, or that cluster could
    // never be placed after it: such a prefix is dropped (for every line it would start)
    // rather than let a line overflow or a character go missing.
    let widest = clusters(&text)
        .map(|(_, cluster)| cluster_width(cluster))
        .max()
        .unwrap_or(0)
        .max(1);
    let fits = |prefix: &[StyledText]| prefix_width(prefix) + widest <= width;
    let first_prefix: &[StyledText] = if fits(&block.first_prefix) {
        &block.first_prefix
    } else {
        &[]
    };
    let rest_prefix: &[StyledText] = if fits(&block.rest_prefix) {
        &block.rest_prefix
    } else {
        &[]
    };

    let mut wrapper = BlockWrapper {
        width,
        keep_urls,
        rest_prefix,
        out,
        text: &text,
        spans,
        cursor: 0,
        line: LineBuilder::new(first_prefix),
        line_has_text: false,
        pending_space: None,
    };
    let mut start = 0;
    for (index, segment) in text.split('\n').enumerate() {
        if index > 0 {
            wrapper.finish_line();
        }
        let end = start + segment.len();
        if block.preformatted {
            wrapper.place(start, end);
        } else {
            wrapper.flow(start, end);
        }
        // Past the newline.
        start = end + 1;
    }
    let BlockWrapper { line, out, .. } = wrapper;
    out.lines.push(line.spans);
}

/// Splits text into alternating runs of spaces and non-spaces.
fn split_words(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let is_space = first == ' ';
        let end = rest.find(|c: char| (c == ' ') != is_space).unwrap_or(rest.len());
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
}

/// `text`'s words on one line, a space apart, in whole words until at least `columns`
/// characters are there (`usize::MAX` for all of them). A row of a list asks for its width:
/// laying out the rest of a definition of several hundred characters would cost more than
/// the row itself.
pub fn one_line(text: &str, columns: usize) -> String {
    let mut line = String::new();
    let mut length = 0;
    for word in text.split_whitespace() {
        if length >= columns {
            break;
        }
        if !line.is_empty() {
            line.push(' ');
            length += 1;
        }
        line.push_str(word);
        length += word.chars().count();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_definition_on_one_line_is_only_as_long_as_asked() {
        let definition = "A backup code\nis   used once,\tthen it is spent for good.";
        let whole = "A backup code is used once, then it is spent for good.";
        assert_eq!(one_line(definition, usize::MAX), whole);
        assert_eq!(one_line(definition, 100), whole);
        // Whole words, until at least the row's width is filled.
        assert_eq!(one_line(definition, 10), "A backup code");
        assert_eq!(one_line(definition, 0), "");
    }

    fn texts(wrapped: &Wrapped) -> Vec<String> {
        wrapped
            .lines
            .iter()
            .map(|line| line.iter().map(|s| s.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let mut doc = Document::default();
        doc.push(Block::new(vec![StyledText::plain("one two three four five")]));
        assert_eq!(texts(&doc.wrap(9)), vec!["one two", "three", "four five"]);
        assert_eq!(texts(&doc.wrap(100)), vec!["one two three four five"]);
    }

    #[test]
    fn long_words_are_cut() {
        let mut doc = Document::default();
        doc.push(Block::new(vec![StyledText::plain("abcdefghij")]));
        assert_eq!(texts(&doc.wrap(4)), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let mut doc = Document::default();
        doc.push(Block::new(vec![StyledText::plain("備用碼備用碼 🔑🔑")]));
        let wrapped = doc.wrap(6);
        assert_eq!(texts(&wrapped), vec!["備用碼", "備用碼", "🔑🔑"]);
        for line in &wrapped.lines {
            assert!(line.iter().map(StyledText::width).sum::<usize>() <= 6);
        }
    }

    #[test]
    fn hanging_prefix_on_continuation_lines() {
        let mut doc = Document::default();
        doc.push(Block::with_prefix(
            vec![StyledText::plain("• ")],
            vec![StyledText::plain("  ")],
            vec![StyledText::plain("alpha beta gamma")],
        ));
        assert_eq!(texts(&doc.wrap(12)), vec!["• alpha beta", "  gamma"]);
    }

    #[test]
    fn links_record_their_first_line() {
        let mut doc = Document::default();
        let link = doc.add_link(LinkTarget::Entry("totp".into()));
        doc.push(Block::new(vec![
            StyledText::plain("see also the "),
            StyledText {
                text: "TOTP lesson".into(),
                style: Style::PLAIN,
                link: Some(link),
            },
        ]));
        let wrapped = doc.wrap(12);
        assert_eq!(texts(&wrapped), vec!["see also the", "TOTP lesson"]);
        assert_eq!(wrapped.link_lines, vec![Some(1)]);
        assert_eq!(wrapped.lines[1][0].link, Some(link));
    }

    #[test]
    fn clusters_keep_sequences_whole_and_measure_the_text() {
        for text in [
            "⚠\u{fe0f}x",
            "👍🏽👍🏽",
            "🇺🇸🇬🇧🇫",
            "👨\u{200d}👩\u{200d}👧!",
            "e\u{301}",
            "備用碼 🔑",
        ] {
            assert_eq!(clusters(text).map(|(_, cluster)| cluster).collect::<String>(), text);
            assert_eq!(
                display_width(text),
                unicode_width::UnicodeWidthStr::width(text),
                "{text:?}"
            );
        }
        assert_eq!(clusters("👍🏽🇺🇸🇬").collect::<Vec<_>>(), [(0, "👍🏽"), (8, "🇺🇸"), (16, "🇬")]);
    }

    #[test]
    fn preformatted_blocks_keep_spaces_and_are_cut() {
        let mut doc = Document::default();
        let mut block = Block::new(vec![StyledText::plain("  a  b\n    cdefgh")]);
        block.preformatted = true;
        doc.push(block);
        assert_eq!(texts(&doc.wrap(6)), vec!["  a  b", "    cd", "efgh"]);
    }

    #[test]
    fn zero_width_never_loops() {
        let mut doc = Document::default();
        doc.push(Block::with_prefix(
            vec![StyledText::plain("> ")],
            vec![StyledText::plain("> ")],
            vec![StyledText::plain("text here")],
        ));
        assert!(!doc.wrap(0).lines.is_empty());
        assert!(!doc.wrap(1).lines.is_empty());
    }
}
