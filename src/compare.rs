//! Side-by-side comparisons of two entries, for the Compare screen and `lexicon compare`.
//!
//! A comparison is written once, on one of the two entries; [`between`] finds it from
//! either side and flips the columns when it was written on the other entry, so
//! `compare totp hotp` and `compare hotp totp` both work.

use crate::content::{Entry, Library};
use crate::document::{Block, Document, Span};

/// Two entries and the aspects on which they differ, in the order asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct SideBySide<'a> {
    pub left: &'a Entry,
    pub right: &'a Entry,
    /// (aspect, left, right)
    pub rows: Vec<(String, String, String)>,
}

/// The comparison of `left` with `right`, from whichever entry holds it.
pub fn between<'a>(left: &'a Entry, right: &'a Entry) -> Option<SideBySide<'a>> {
    if let Some(comparison) = left.compare.iter().find(|c| c.with == right.id) {
        let rows = comparison
            .points
            .iter()
            .map(|p| (p.aspect.clone(), p.this.clone(), p.that.clone()))
            .collect();
        return Some(SideBySide { left, right, rows });
    }
    let comparison = right.compare.iter().find(|c| c.with == left.id)?;
    let rows = comparison
        .points
        .iter()
        .map(|p| (p.aspect.clone(), p.that.clone(), p.this.clone()))
        .collect();
    Some(SideBySide { left, right, rows })
}

/// Every entry `entry` is compared with, from either side, in a stable order: its own
/// comparisons first, then those written on other entries.
pub fn partners<'a>(library: &'a Library, entry: &Entry) -> Vec<&'a Entry> {
    let mut found: Vec<&Entry> = entry.compare.iter().filter_map(|c| library.get(&c.with)).collect();
    for other in library.entries() {
        if other.compare.iter().any(|c| c.with == entry.id) && !found.iter().any(|f| f.id == other.id) {
            found.push(other);
        }
    }
    found
}

/// Wraps `text` to `width` columns as plain lines.
pub fn wrap_plain(text: &str, width: usize) -> Vec<String> {
    let mut doc = Document::default();
    doc.push(Block::new(vec![Span::plain(text)]));
    doc.wrap(width)
        .lines
        .iter()
        .map(|line| line.iter().map(|span| span.text.as_str()).collect())
        .collect()
}

/// The comparison as a plain-text table `width` columns wide, with each side's definition
/// above it.
pub fn to_text(view: &SideBySide<'_>, width: usize) -> String {
    let width = width.max(40);
    let mut out = format!("{} vs {}\n\n", view.left.title, view.right.title);
    for entry in [view.left, view.right] {
        out.push_str(&format!("{}\n", entry.title));
        for line in wrap_plain(&entry.one_line_definition(), width.saturating_sub(2)) {
            out.push_str(&format!("  {line}\n"));
        }
        out.push('\n');
    }
    // Three columns separated by " │ ": the aspect gets a fifth, the sides share the rest.
    let aspect_width = (width / 5).max(10);
    let side_width = (width - aspect_width - 6) / 2;
    let rule = format!(
        "{}─┼─{}─┼─{}\n",
        "─".repeat(aspect_width),
        "─".repeat(side_width),
        "─".repeat(side_width)
    );
    let row = |cells: [&str; 3]| -> String {
        let columns = [
            wrap_plain(cells[0], aspect_width),
            wrap_plain(cells[1], side_width),
            wrap_plain(cells[2], side_width),
        ];
        let height = columns.iter().map(Vec::len).max().unwrap_or(1);
        let mut text = String::new();
        for line in 0..height {
            let cell = |column: usize, cell_width: usize| {
                let content = columns[column].get(line).map_or("", String::as_str);
                let pad = cell_width.saturating_sub(unicode_width::UnicodeWidthStr::width(content));
                format!("{content}{}", " ".repeat(pad))
            };
            let joined = format!(
                "{} │ {} │ {}",
                cell(0, aspect_width),
                cell(1, side_width),
                cell(2, side_width)
            );
            text.push_str(joined.trim_end());
            text.push('\n');
        }
        text
    };
    out.push_str(&row(["Aspect", &view.left.title, &view.right.title]));
    out.push_str(&rule);
    for (index, (aspect, left, right)) in view.rows.iter().enumerate() {
        if index > 0 {
            out.push_str(&rule);
        }
        out.push_str(&row([aspect, left, right]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_bundled;

    #[test]
    fn found_from_either_side_with_columns_flipped() {
        let report = load_bundled();
        let library = &report.library;
        let totp = library.get("totp").expect("totp");
        let hotp = library.get("hotp").expect("hotp");
        let forward = between(totp, hotp).expect("totp vs hotp");
        let backward = between(hotp, totp).expect("hotp vs totp");
        assert_eq!(forward.rows.len(), backward.rows.len());
        for (f, b) in forward.rows.iter().zip(&backward.rows) {
            assert_eq!(f.0, b.0);
            assert_eq!(f.1, b.2);
            assert_eq!(f.2, b.1);
        }
        assert!(partners(library, hotp).iter().any(|e| e.id == "totp"));
    }

    #[test]
    fn text_table_fits_its_width() {
        let report = load_bundled();
        let library = &report.library;
        let a = library.get("backup-codes").expect("entry");
        let b = library.get("recovery-phrase").expect("entry");
        let view = between(a, b).expect("comparison");
        for width in [40, 80, 120, 200] {
            let text = to_text(&view, width);
            assert!(text.contains("Aspect") && text.contains("Recovery Phrase"), "{text}");
            if width == 200 {
                for (aspect, _, _) in &view.rows {
                    assert!(text.contains(aspect.as_str()), "{aspect} missing:\n{text}");
                }
            }
            for line in text.lines() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(line) <= width,
                    "too wide at {width}: {line}"
                );
            }
        }
    }
}
