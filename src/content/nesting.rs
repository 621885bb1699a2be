//! A linear pre-scan for flow nesting (`[[[[…` or `{a: {a: …`), run before a file reaches
//! the YAML parser, whose work grows with the square of that depth: a file just under 1 MiB
//! of nested flow maps took minutes.
//!
//! The scan knows enough YAML not to count brackets that are text: inside quoted scalars,
//! comments and block scalars (`|`, `>`), and in plain scalars outside a flow collection
//! (`definition: see [1` is text). A bracket opens a flow collection only where a node can
//! start: at the start of a line, after `- `, `? ` or `: `, after node properties (`&anchor`,
//! `!tag`), or anywhere inside a flow collection.

/// Flow collections nested deeper than this are refused: far beyond any real lesson, and
/// cheap for the parser.
pub const MAX_FLOW_DEPTH: usize = 64;

/// Where flow nesting first goes past [`MAX_FLOW_DEPTH`], as a line and column counted from
/// 1; `None` when it never does.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    scan(text, MAX_FLOW_DEPTH).1
}

/// The deepest flow nesting in `text`.
pub fn max_flow_depth(text: &str) -> usize {
    scan(text, usize::MAX).0
}

/// Walks `text` once: the deepest flow nesting seen, and where it first passed `limit`
/// (where the walk stops).
fn scan(text: &str, limit: usize) -> (usize, Option<(usize, usize)>) {
    let mut scan = Scan {
        limit,
        ..Scan::default()
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let mut line_index = 0;
    while line_index < lines.len() {
        let line = lines[line_index].strip_suffix('\r').unwrap_or(lines[line_index]);
        match scan.line(line) {
            LineEnd::TooDeep(column) => return (scan.deepest, Some((line_index + 1, column + 1))),
            LineEnd::Normal => line_index += 1,
            LineEnd::BlockScalar { parent_indent } => {
                // The block's lines are those indented past its parent, and blank ones.
                line_index += 1;
                while let Some(next) = lines.get(line_index) {
                    let next = next.strip_suffix('\r').unwrap_or(next);
                    let indent = next.len() - next.trim_start_matches(' ').len();
                    if next.trim().is_empty() || indent > parent_indent {
                        line_index += 1;
                    } else {
                        break;
                    }
                }
            }
        }
    }
    (scan.deepest, None)
}

/// How a line ended for the scan.
enum LineEnd {
    Normal,
    /// Past the limit at this byte of the line.
    TooDeep(usize),
    /// The line opened a block scalar whose parent node sits at this column.
    BlockScalar {
        parent_indent: usize,
    },
}

/// What carries from one line to the next: the flow depth, and an open quoted scalar.
#[derive(Default)]
struct Scan {
    limit: usize,
    depth: usize,
    deepest: usize,
    /// The quote character of a quoted scalar still open at the end of the last line.
    quote: Option<u8>,
}

impl Scan {
    fn line(&mut self, line: &str) -> LineEnd {
        let bytes = line.as_bytes();
        let mut at = 0;
        // A node can start here: the line's first character, or after an indicator.
        let mut node_start = true;
        // The column of the node a block scalar on this line would belong to.
        let mut parent_indent = line.len() - line.trim_start_matches(' ').len();
        while at < bytes.len() {
            if let Some(quote) = self.quote {
                at = close_quote(bytes, at, quote).map_or(bytes.len(), |end| {
                    self.quote = None;
                    node_start = false;
                    end
                });
                continue;
            }
            let byte = bytes[at];
            let after_space = at == 0 || bytes[at - 1] == b' ' || bytes[at - 1] == b'\t';
            match byte {
                b' ' | b'\t' => {}
                b'#' if after_space => break,
                b'[' | b'{' if node_start || self.depth > 0 => {
                    self.depth += 1;
                    self.deepest = self.deepest.max(self.depth);
                    if self.depth > self.limit {
                        return LineEnd::TooDeep(at);
                    }
                    node_start = true;
                }
                b']' | b'}' if self.depth > 0 => {
                    self.depth -= 1;
                    node_start = false;
                }
                b',' if self.depth > 0 => node_start = true,
                b'"' | b'\'' if node_start => {
                    self.quote = Some(byte);
                    at += 1;
                    continue;
                }
                b'-' | b'?' | b':' if followed_by_space(bytes, at) && (byte == b':' || node_start) => {
                    if byte == b'-' {
                        parent_indent = at;
                    } else if byte == b':' && self.depth == 0 {
                        // A mapping value: a block scalar here belongs to the key, which
                        // starts the line after any `- ` of a compact sequence.
                        parent_indent = key_column(line);
                    }
                    node_start = true;
                }
                b'&' | b'!' if node_start => {
                    // Node properties: the node itself comes after them.
                    while at < bytes.len() && bytes[at] != b' ' {
                        at += 1;
                    }
                    continue;
                }
                b'|' | b'>' if node_start && self.depth == 0 => return LineEnd::BlockScalar { parent_indent },
                _ => node_start = false,
            }
            at += 1;
        }
        LineEnd::Normal
    }
}

/// Whether the byte at `at` is followed by a space, a tab or the end of the line.
fn followed_by_space(bytes: &[u8], at: usize) -> bool {
    matches!(bytes.get(at + 1), None | Some(b' ' | b'\t'))
}

/// The column of the first key on `line`, past the indentation and any `- ` entries.
fn key_column(line: &str) -> usize {
    let mut rest = line.trim_start_matches(' ');
    while let Some(after) = rest.strip_prefix('-').filter(|after| after.starts_with(' ')) {
        rest = after.trim_start_matches(' ');
    }
    line.len() - rest.len()
}

/// Where the quoted scalar that `quote` opened ends on this line, from `at`: the byte after
/// its closing quote, or `None` when it goes on to the next line. In double quotes a
/// backslash escapes the next character; in single quotes `''` is a quote.
fn close_quote(bytes: &[u8], mut at: usize, quote: u8) -> Option<usize> {
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if quote == b'"' => at += 2,
            b'\'' if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') => at += 2,
            byte if byte == quote => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!("definition: {}1{}\n", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn deep_flow_nesting_is_found_where_it_passes_the_limit() {
        assert_eq!(too_deep(&nested(MAX_FLOW_DEPTH)), None);
        // `definition: ` is 12 bytes; the 65th bracket is byte 12 + 64.
        assert_eq!(too_deep(&nested(MAX_FLOW_DEPTH + 1)), Some((1, 13 + MAX_FLOW_DEPTH)));
        let maps = format!("title: x\nlevel: {}a{}\n", "{a: ".repeat(70), "}".repeat(70));
        assert_eq!(too_deep(&maps).map(|(line, _)| line), Some(2));
        // Across lines, as a flow collection may run.
        let lines = format!("a:\n{}\n", "[\n".repeat(70));
        assert_eq!(too_deep(&lines).map(|(line, _)| line), Some(2 + MAX_FLOW_DEPTH));
    }

    #[test]
    fn brackets_that_are_text_are_not_counted() {
        let many = "[".repeat(200);
        for text in [
            format!("definition: \"{many}\"\n"),
            format!("definition: '{many}'\n"),
            format!("definition: 'it''s {many}'\n"),
            format!("definition: \"a \\\" {many}\"\n"),
            format!("definition: see {many}\n"),
            format!("definition: x # {many}\n"),
            format!("# {many}\ntitle: x\n"),
            format!("analysis: |\n  {many}\n\n  more {many}\ntitle: x\n"),
            format!("faqs:\n  - question: q\n    answer: >-\n      {many}\n  - question: r\n"),
            format!("definition: \"spans\n  {many} lines\"\n"),
            format!("title: don't {many}\n"),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
    }

    #[test]
    fn a_block_scalar_ends_where_its_parent_resumes() {
        // After the block, a sibling key's flow value is counted again.
        let deep = "[".repeat(70);
        let text = format!("faqs:\n  - question: |\n      text\n    answer: {deep}\n");
        assert_eq!(too_deep(&text).map(|(line, _)| line), Some(4));
        let text = format!("a: |\n  text\nb: &anchor !!seq {deep}\n");
        assert_eq!(too_deep(&text).map(|(line, _)| line), Some(3));
    }

    fn parsed_depth(value: &serde_yaml::Value) -> usize {
        match value {
            serde_yaml::Value::Sequence(items) => 1 + items.iter().map(parsed_depth).max().unwrap_or(0),
            serde_yaml::Value::Mapping(map) => {
                1 + map
                    .iter()
                    .map(|(key, value)| parsed_depth(key).max(parsed_depth(value)))
                    .max()
                    .unwrap_or(0)
            }
            serde_yaml::Value::Tagged(tagged) => parsed_depth(&tagged.value),
            _ => 0,
        }
    }

    /// Flow collections nested at random, their text and depth: sequences and mappings
    /// whose scalars may hold brackets in quotes.
    fn flow_value() -> impl proptest::strategy::Strategy<Value = (String, usize)> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just("a".to_owned()),
            Just("b c".to_owned()),
            Just("'[x'".to_owned()),
            Just("\"{y]\"".to_owned()),
            Just("'it''s ['".to_owned()),
        ]
        .prop_map(|text| (text, 0));
        leaf.prop_recursive(8, 64, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(|items| {
                    let depth = 1 + items.iter().map(|(_, depth)| *depth).max().unwrap_or(0);
                    let texts: Vec<String> = items.into_iter().map(|(text, _)| text).collect();
                    (format!("[{}]", texts.join(", ")), depth)
                }),
                proptest::collection::vec(inner, 0..3).prop_map(|items| {
                    let depth = 1 + items.iter().map(|(_, depth)| *depth).max().unwrap_or(0);
                    let texts: Vec<String> = items
                        .into_iter()
                        .enumerate()
                        .map(|(at, (text, _))| format!("k{at}: {text}"))
                        .collect();
                    (format!("{{{}}}", texts.join(", ")), depth)
                }),
            ]
        })
    }

    proptest::proptest! {
        /// On nested flow collections, the scan and the parser agree on the depth exactly.
        #[test]
        fn the_scan_counts_the_depth_the_parser_builds((value, depth) in flow_value()) {
            let text = format!("k: {value}\n");
            let parsed: serde_yaml::Value = serde_yaml::from_str(&text).expect("generated YAML parses");
            proptest::prop_assert_eq!(parsed_depth(&parsed) - 1, depth, "{}", text);
            proptest::prop_assert_eq!(max_flow_depth(&text), depth, "{}", text);
        }

        /// The scan bounds the nesting the parser builds: after `k: `, every collection the
        /// parser returns below the top mapping comes from a flow bracket, or is the
        /// single-pair mapping a flow sequence's entry may be without braces (`[a: b]`, at
        /// most one per bracket), so it never nests more than twice what the scan counts.
        #[test]
        fn the_scan_never_misses_what_the_parser_nests(value in "[\\[\\]{}a,:'\" #|>&!]{0,80}") {
            let text = format!("k: {value}");
            if let Ok(parsed) = serde_yaml::from_str::<serde_yaml::Value>(&text) {
                let flow = parsed_depth(&parsed).saturating_sub(1);
                proptest::prop_assert!(
                    2 * max_flow_depth(&text) >= flow,
                    "the parser nests {flow} deep in {text:?}, the scan saw {}",
                    max_flow_depth(&text)
                );
            }
        }

        /// Text is never taken for nesting: whatever string the serializer writes (quoted,
        /// plain or as a block scalar), the scan finds no flow collection in it.
        #[test]
        fn a_string_as_the_serializer_writes_it_is_never_nesting(value in "[\\[\\]{}a,:'\" #|>&!\n-]{0,80}") {
            let mut map = std::collections::BTreeMap::new();
            map.insert("definition", value.clone());
            map.insert("title", value);
            let text = serde_yaml::to_string(&map).expect("a string serializes");
            proptest::prop_assert_eq!(max_flow_depth(&text), 0, "{}", text);
        }
    }
}
