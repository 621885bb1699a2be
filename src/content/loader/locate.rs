//! Where things are in a file's text: the line and column of a key, a name in a list, a wiki
//! link, an alias.
//!
//! serde_yaml gives positions only for its own errors, so the rest are found in the file
//! text by a small line scanner that knows just enough YAML (indentation, `- ` entries,
//! `key:`, flow lists, quotes, comments, block scalars) to point at the right scalar. Wiki
//! links are found by parsing each markdown field's text, cut out of the file line by line,
//! with the markdown parser itself, so its offsets map back to exact lines and columns.

use super::names::normalized;
use crate::content::markdown::wiki_links;
use std::borrow::Cow;
use std::collections::HashMap;

/// One line of a file, as the locating helpers see it.
struct Line<'t> {
    /// The byte offset where the line starts in the file.
    start: usize,
    /// The line without its end (`\n` or `\r\n`).
    text: &'t str,
    /// How many spaces it starts with.
    indent: usize,
    /// Whether it is the content of a block scalar (`|` or `>`): text, not YAML structure.
    in_block_scalar: bool,
    /// Whether it is all ASCII, so that its columns are its byte offsets.
    ascii: bool,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn is_comment(&self) -> bool {
        self.text.trim_start().starts_with('#')
    }
}

/// Splits a file into lines with their byte offsets, whatever their line ends, and marks the
/// content of block scalars.
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut start = 0;
    // Inside a block scalar: the column its content is indented beyond.
    let mut block_parent: Option<usize> = None;
    for raw in text.split_inclusive('\n') {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let in_block_scalar = block_parent.is_some_and(|parent| line.trim().is_empty() || indent > parent);
        if !in_block_scalar {
            block_parent = line_start(line, indent).block_scalar_parent;
        }
        lines.push(Line {
            start,
            text: line,
            indent,
            in_block_scalar,
            ascii: line.is_ascii(),
        });
        start += raw.len();
    }
    lines
}

/// How a line of YAML structure begins, after its indentation and any `- ` entries.
struct LineStart<'t> {
    /// A mapping key: the key, its column, and the text after its colon.
    key: Option<(&'t str, usize, &'t str)>,
    /// When the line opens a block scalar, the column its content is indented beyond.
    block_scalar_parent: Option<usize>,
}

fn line_start(line: &str, indent: usize) -> LineStart<'_> {
    let mut column = indent;
    let mut parent = indent;
    let mut rest = line.get(indent..).unwrap_or_default();
    while let Some(after) = rest
        .strip_prefix('-')
        .filter(|after| after.is_empty() || after.starts_with(' '))
    {
        parent = column;
        let spaces = after.len() - after.trim_start_matches(' ').len();
        column += 1 + spaces;
        rest = &after[spaces..];
    }
    let key = mapping_key(rest).map(|(key, value)| (key, column, value));
    let value = match key {
        Some((_, key_column, value)) => {
            parent = key_column;
            value
        }
        None => rest,
    };
    LineStart {
        key,
        block_scalar_parent: is_block_scalar_header(value).then_some(parent),
    }
}

/// Whether a value opens a block scalar: `|` or `>` and its indicators, after any anchor or
/// tag and before any comment.
fn is_block_scalar_header(value: &str) -> bool {
    let mut rest = value.trim_start();
    while rest.starts_with(['&', '!']) {
        rest = rest.split_once(' ').map_or("", |(_, after)| after).trim_start();
    }
    let rest = rest.split_once(" #").map_or(rest, |(before, _)| before).trim_end();
    let mut chars = rest.chars();
    matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '+' | '-' | '1'..='9'))
}

/// Splits `key: value` (or a `key:` ending the line) into the key and the text after the
/// colon.
fn mapping_key(text: &str) -> Option<(&str, &str)> {
    let is_value_start = |value: &str| value.is_empty() || value.starts_with([' ', '\t']);
    let first = text.chars().next()?;
    if first == '"' || first == '\'' {
        let close = text.get(1..)?.find(first)? + 1;
        let value = text.get(close + 1..)?.trim_start_matches(' ').strip_prefix(':')?;
        return is_value_start(value).then(|| (&text[1..close], value));
    }
    if "[]{}#&*!|>%@`,".contains(first) {
        return None;
    }
    let mut from = 0;
    while let Some(found) = text[from..].find(':') {
        let colon = from + found;
        let value = &text[colon + 1..];
        if is_value_start(value) {
            let key = text[..colon].trim_end();
            // `a #b: c` is the scalar `a` and a comment.
            return (!key.contains(" #")).then_some((key, value));
        }
        from = colon + 1;
    }
    None
}

/// The index of the line holding the top-level `key:`.
fn top_level_key(lines: &[Line<'_>], key: &str) -> Option<usize> {
    lines.iter().position(|line| {
        !line.in_block_scalar && line.indent == 0 && mapping_key(line.text).is_some_and(|(found, _)| found == key)
    })
}

/// The line and column of a top-level `key:`.
pub(super) fn locate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    top_level_key(&lines(text), key).map(|index| (index + 1, 1))
}

/// Finds things in one file's text, and turns byte offsets into lines and columns.
///
/// It is built once per file and indexes what it is asked about, so each lookup costs about
/// the size of its answer rather than of the file: a hostile file naming a hundred thousand
/// missing entries is still reported in linear time.
pub(super) struct Locator<'t> {
    lines: Vec<Line<'t>>,
    /// Each top-level key and the index of the first line it is on: the loader asks for
    /// about a dozen keys per file, and each would otherwise be a scan of the file. A map, as
    /// a file that fails to parse can hold any number of keys.
    top_keys: HashMap<&'t str, usize>,
    /// For each top-level key (and field, such as `with` under `compare`) asked about: where
    /// each name first appears as a whole scalar in its value, by normalized name.
    values: HashMap<(String, Option<String>), HashMap<String, usize>>,
    /// For each non-ASCII line whose columns were asked for: the byte offset of each char.
    char_starts: HashMap<usize, Vec<usize>>,
}

impl<'t> Locator<'t> {
    pub(super) fn new(text: &'t str) -> Locator<'t> {
        let lines = lines(text);
        let mut top_keys: HashMap<&'t str, usize> = HashMap::new();
        for (index, line) in lines.iter().enumerate() {
            if !line.in_block_scalar
                && line.indent == 0
                && let Some((key, _)) = mapping_key(line.text)
            {
                top_keys.entry(key).or_insert(index);
            }
        }
        Locator {
            lines,
            top_keys,
            values: HashMap::new(),
            char_starts: HashMap::new(),
        }
    }

    /// The index of the line holding the top-level `key:`, as [`top_level_key`] finds it.
    fn top_key(&self, key: &str) -> Option<usize> {
        self.top_keys.get(key).copied()
    }

    /// The line and column (counted in characters, from 1) of a byte offset.
    pub(super) fn position(&mut self, offset: usize) -> (usize, usize) {
        let index = self
            .lines
            .partition_point(|line| line.start <= offset)
            .saturating_sub(1);
        let Some(line) = self.lines.get(index) else {
            return (1, 1);
        };
        let byte = offset.saturating_sub(line.start).min(line.text.len());
        if line.ascii {
            return (index + 1, byte + 1);
        }
        let text = line.text;
        let starts = self
            .char_starts
            .entry(index)
            .or_insert_with(|| text.char_indices().map(|(start, _)| start).collect());
        // An offset inside a character counts as that character.
        (index + 1, starts.partition_point(|&start| start <= byte).max(1))
    }

    /// The line and column of a top-level `key:`.
    /// The line and column of the `nth` (counting from 0) `key:` inside the value of the
    /// top-level `top`, at any depth: where a misspelt field of a list item is written.
    pub(super) fn nested_key(&self, top: &str, key: &str, nth: usize) -> Option<(usize, usize)> {
        let first = self.top_key(top)?;
        self.lines
            .iter()
            .enumerate()
            .skip(first + 1)
            // The value runs to the next top-level line that is not a `- ` entry.
            .take_while(|(_, line)| {
                line.in_block_scalar
                    || line.indent > 0
                    || line.is_blank()
                    || line.is_comment()
                    || line.text == "-"
                    || line.text.starts_with("- ")
            })
            .filter(|(_, line)| !line.in_block_scalar && !line.is_comment())
            .filter_map(|(index, line)| {
                let (found, column, _) = line_start(line.text, line.indent).key?;
                (found == key).then_some((index + 1, column + 1))
            })
            .nth(nth)
    }

    pub(super) fn key(&self, key: &str) -> Option<(usize, usize)> {
        self.top_key(key).map(|index| (index + 1, 1))
    }

    /// Where the value of the top-level `key:` holds one of `names` as a whole scalar (a
    /// list item, flow or block style, or the value itself), so `auth` is never found inside
    /// `authentication`. With `field`, only scalars written as `field: value` count, such as
    /// `with:` in `compare`. Of several names, the first written wins. Falls back to the key
    /// when none is found (a name spelled with YAML escapes, say).
    pub(super) fn value<'n>(
        &mut self,
        key: &str,
        field: Option<&str>,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Option<(usize, usize)> {
        let first = self.top_key(key)?;
        Some(self.find(key, field, names).unwrap_or((first + 1, 1)))
    }

    /// [`Locator::value`] without the fall-back: `None` when no name is found.
    pub(super) fn find<'n>(
        &mut self,
        key: &str,
        field: Option<&str>,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Option<(usize, usize)> {
        let first = self.top_key(key)?;
        let lines = &self.lines;
        let index = self
            .values
            .entry((key.to_owned(), field.map(str::to_owned)))
            .or_insert_with(|| {
                // The value runs to the next top-level line that is not a `- ` entry (a block
                // list may sit at its key's own indentation).
                let end = lines[first + 1..]
                    .iter()
                    .position(|line| {
                        let is_entry = line.text == "-" || line.text.starts_with("- ");
                        !line.in_block_scalar && line.indent == 0 && !line.is_blank() && !line.is_comment() && !is_entry
                    })
                    .map_or(lines.len(), |count| first + 1 + count);
                let value_column =
                    mapping_key(lines[first].text).map_or(0, |(_, value)| lines[first].text.len() - value.len());
                let mut index = HashMap::new();
                for token in tokens(&lines[first..end], value_column) {
                    if let Token::Scalar(scalar) = token
                        && scalar.key == field
                    {
                        index.entry(normalized(&scalar.value)).or_insert(scalar.offset);
                    }
                }
                index
            });
        let found = names
            .into_iter()
            .filter_map(|name| index.get(&normalized(name)).copied())
            .min()?;
        Some(self.position(found))
    }

    /// The line and column of the first alias (`*name`) in the file.
    pub(super) fn first_alias(&mut self) -> Option<(usize, usize)> {
        let offset = tokens(&self.lines, 0).into_iter().find_map(|token| match token {
            Token::Alias(offset) => Some(offset),
            Token::Scalar(_) => None,
        })?;
        Some(self.position(offset))
    }

    /// Where the mapping that starts at `(line, column)` repeats `key`: its second `key:`.
    pub(super) fn repeated_key(&self, (line, column): (usize, usize), key: &str) -> Option<(usize, usize)> {
        let first = line.checked_sub(1)?;
        let key_column = column.checked_sub(1)?;
        let mut seen = 0;
        for (index, candidate) in self.lines.iter().enumerate().skip(first) {
            if candidate.in_block_scalar || candidate.is_blank() || candidate.is_comment() {
                continue;
            }
            // The mapping's keys all start at its column; a line indented less ends it.
            if index > first {
                if candidate.indent < key_column {
                    break;
                }
                if candidate.indent != key_column {
                    continue;
                }
            }
            // Only indentation and `- ` come before the key, so the column is a byte offset.
            let Some(rest) = candidate.text.get(key_column..) else {
                continue;
            };
            if mapping_key(rest).is_some_and(|(found, _)| found == key) {
                seen += 1;
                if seen == 2 {
                    return Some((index + 1, key_column + 1));
                }
            }
        }
        None
    }
}

/// A scalar or an alias written in a stretch of YAML.
enum Token<'t> {
    Scalar(Scalar<'t>),
    /// An alias (`*name`), by its byte offset in the file.
    Alias(usize),
}

struct Scalar<'t> {
    /// The byte offset in the file of its first character (its opening quote, if quoted).
    offset: usize,
    /// The key written just before it, as `with` in `with: x`.
    key: Option<&'t str>,
    /// Its text, without quotes.
    value: Cow<'t, str>,
}

/// The scalars and aliases written in `lines`, from byte `first_column` of the first line,
/// skipping block scalar content. A tokenizer, not a parser: it knows `- ` entries, `key:`,
/// flow collections, quotes, anchors, tags and comments, which is enough to find a name
/// written as a whole item. (A plain scalar continued on another line counts as two.)
fn tokens<'t>(lines: &[Line<'t>], first_column: usize) -> Vec<Token<'t>> {
    let mut tokens = Vec::new();
    // How deep in `[…]` and `{…}` we are; inside them, `,` and brackets end a plain scalar.
    let mut depth = 0usize;
    let mut key: Option<&'t str> = None;
    for (index, line) in lines.iter().enumerate() {
        if line.in_block_scalar {
            continue;
        }
        let text = line.text;
        let bytes = text.as_bytes();
        let space_or_end = |at: usize| bytes.get(at).is_none_or(|&b| b == b' ' || b == b'\t');
        // In a flow collection `{a:b}` is one scalar but `{a:}` and `[a:, b]` hold keys.
        let ends_flow_key = |at: usize, depth: usize| depth > 0 && matches!(bytes.get(at), Some(b',' | b']' | b'}'));
        let mut pos = if index == 0 { first_column } else { 0 };
        while let Some(&byte) = bytes.get(pos) {
            match byte {
                b' ' | b'\t' => pos += 1,
                b'#' => break,
                b'[' | b'{' => {
                    depth += 1;
                    key = None;
                    pos += 1;
                }
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    key = None;
                    pos += 1;
                }
                b',' => {
                    key = None;
                    pos += 1;
                }
                b'-' | b'?' if space_or_end(pos + 1) => pos += 1,
                b'&' | b'!' | b'*' => {
                    if byte == b'*' {
                        tokens.push(Token::Alias(line.start + pos));
                        key = None;
                    }
                    pos += 1;
                    while bytes
                        .get(pos)
                        .is_some_and(|&b| b != b' ' && b != b'\t' && !(depth > 0 && b",[]{}".contains(&b)))
                    {
                        pos += 1;
                    }
                }
                b'"' | b'\'' => {
                    let (inner, end) = quoted(text, pos);
                    let after = end + text.get(end..).map_or(0, |rest| rest.len() - rest.trim_start().len());
                    if bytes.get(after) == Some(&b':') && (space_or_end(after + 1) || ends_flow_key(after + 1, depth)) {
                        key = Some(inner);
                        pos = after + 1;
                        continue;
                    }
                    let value = if byte == b'\'' && inner.contains("''") {
                        Cow::Owned(inner.replace("''", "'"))
                    } else {
                        Cow::Borrowed(inner)
                    };
                    tokens.push(Token::Scalar(Scalar {
                        offset: line.start + pos,
                        key: key.take(),
                        value,
                    }));
                    pos = end;
                }
                _ => {
                    // A plain scalar: to the end of the line, a comment, a `: ` that makes it
                    // a key, or (in a flow collection) a comma or bracket.
                    let start = pos;
                    let mut end = bytes.len();
                    let mut is_key = false;
                    let mut at = start;
                    while let Some(&b) = bytes.get(at) {
                        let ends_flow = depth > 0 && b",[]{}".contains(&b);
                        let comment = b == b'#' && at > start && matches!(bytes[at - 1], b' ' | b'\t');
                        if ends_flow || comment {
                            end = at;
                            break;
                        }
                        if b == b':' && (space_or_end(at + 1) || ends_flow_key(at + 1, depth)) {
                            end = at;
                            is_key = true;
                            break;
                        }
                        at += 1;
                    }
                    let value = text[start..end].trim_end();
                    if is_key {
                        key = Some(value);
                        pos = end + 1;
                    } else {
                        tokens.push(Token::Scalar(Scalar {
                            offset: line.start + start,
                            key: key.take(),
                            value: Cow::Borrowed(value),
                        }));
                        pos = end;
                    }
                }
            }
        }
        // In block style a key's value ends with its line.
        if depth == 0 {
            key = None;
        }
    }
    tokens
}

/// The text inside the quoted scalar opening at byte `open` of `text` (without decoding
/// escapes), and the byte after its closing quote. An unclosed quote runs to the line's end.
fn quoted(text: &str, open: usize) -> (&str, usize) {
    let bytes = text.as_bytes();
    let quote = bytes.get(open).copied().unwrap_or(b'"');
    let mut at = open + 1;
    while let Some(&b) = bytes.get(at) {
        if quote == b'"' && b == b'\\' {
            at += 2;
            continue;
        }
        if b == quote {
            if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') {
                at += 2;
                continue;
            }
            return (text.get(open + 1..at).unwrap_or_default(), at + 1);
        }
        at += 1;
    }
    (text.get(open + 1..).unwrap_or_default(), bytes.len())
}

/// The keys whose values are markdown, at whatever depth (`answer` and `explanation` sit in
/// `faqs` and `misconceptions` entries).
const MARKDOWN_KEYS: [&str; 4] = ["definition", "analysis", "answer", "explanation"];

impl Locator<'_> {
    /// Every wiki link in the file's markdown fields, in file order, with its line and
    /// column.
    ///
    /// Each field's value is cut out of the file as written, one piece per line: a block
    /// scalar's lines lose the indentation YAML strips and keep the rest (markdown's own
    /// indentation included), other values' lines lose their leading spaces as YAML folds
    /// them. The markdown parser finds the links in that text, so a `[[x]]` in a code span is
    /// not one and `[[ x ]]` names `x`, and each link's offset maps back to its place in the
    /// file. Escapes in quoted values are not decoded, so a link spelled with them is not
    /// found here.
    pub(super) fn markdown_links(&mut self) -> Vec<(String, (usize, usize))> {
        let mut found = Vec::new();
        let mut index = 0;
        while let Some(line) = self.lines.get(index) {
            index += 1;
            if line.in_block_scalar {
                continue;
            }
            let Some((key, key_column, value)) = line_start(line.text, line.indent).key else {
                continue;
            };
            if !MARKDOWN_KEYS.contains(&key) {
                continue;
            }
            let mut field = FieldText::default();
            let block = is_block_scalar_header(value);
            if !block {
                let value = value.trim_start();
                field.push(line.start + line.text.len() - value.len(), value);
            }
            // The value's further lines: blank, or indented beyond its key.
            let more = self.lines[index..]
                .iter()
                .take_while(|next| next.is_blank() || next.indent > key_column)
                .count();
            let value_lines = &self.lines[index..index + more];
            let content_indent = value_lines
                .iter()
                .find(|next| !next.is_blank())
                .map_or(0, |next| next.indent);
            for next in value_lines {
                let strip = if block {
                    content_indent.min(next.indent)
                } else {
                    next.indent
                };
                field.push(next.start + strip, next.text.get(strip..).unwrap_or_default());
            }
            index += more;
            found.extend(
                wiki_links(&field.text)
                    .into_iter()
                    .map(|(target, offset)| (target, field.file_offset(offset))),
            );
        }
        found
            .into_iter()
            .map(|(target, offset)| (target, self.position(offset)))
            .collect()
    }
}

/// A field's text cut out of the file, and where each of its lines came from.
#[derive(Default)]
struct FieldText {
    text: String,
    /// For each line: where it starts in `text` and in the file.
    lines: Vec<(usize, usize)>,
}

impl FieldText {
    fn push(&mut self, file_offset: usize, line: &str) {
        self.lines.push((self.text.len(), file_offset));
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// The file offset of a byte offset in `text`.
    fn file_offset(&self, offset: usize) -> usize {
        let index = self
            .lines
            .partition_point(|&(start, _)| start <= offset)
            .saturating_sub(1);
        self.lines
            .get(index)
            .map_or(offset, |&(start, file)| file + offset.saturating_sub(start))
    }
}
