//! Side-by-side comparisons of two entries, for the Compare screen and `lexicon compare`.
//!
//! A comparison is written once, on one of the two entries; [`between`] finds it from
//! either side and flips the columns when it was written on the other entry, so
//! `compare totp hotp` and `compare hotp totp` both work. [`comparisons`] finds every
//! comparison of one entry for its lesson, in time linear in its comparisons and in those
//! that name it.

use crate::content::work::{counted, visited};
use crate::content::{Body, BodyError, Comparison, Entry, Library};
use crate::document::{Table, table_lines, wrap_text};
use std::collections::{HashMap, HashSet};

/// Two entries and the aspects on which they differ, in the order asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct SideBySide<'a> {
    pub left: &'a Entry,
    pub right: &'a Entry,
    /// (aspect, left, right)
    pub rows: Vec<(String, String, String)>,
}

/// Which of `left` and `right` holds their comparison, known without reading a body: the one
/// whose `compare` names the other, `left` when both do. `None` when neither does.
pub fn holder<'a>(left: &'a Entry, right: &'a Entry) -> Option<&'a Entry> {
    if left.compared.contains(&right.id) {
        Some(left)
    } else if right.compared.contains(&left.id) {
        Some(right)
    } else {
        None
    }
}

/// The comparison of `left` with `right`, from whichever entry holds it; an error when that
/// entry's body cannot be read back from its file.
pub fn between<'a>(library: &Library, left: &'a Entry, right: &'a Entry) -> Result<Option<SideBySide<'a>>, BodyError> {
    // Which side holds it is known without the bodies; only that one is read.
    let Some(holding) = holder(left, right) else {
        return Ok(None);
    };
    Ok(between_in(&*library.body(holding)?, left, right))
}

/// The comparison of `left` with `right` from `holder_body`, the body of the entry
/// [`holder`] names.
pub fn between_in<'a>(holder_body: &Body, left: &'a Entry, right: &'a Entry) -> Option<SideBySide<'a>> {
    let flipped = holder(left, right)?.id != left.id;
    let other = if flipped { left } else { right };
    holder_body
        .compare
        .iter()
        .find(|c| c.with == other.id)
        .map(|comparison| side_by_side(left, right, comparison, flipped))
}

/// `comparison` laid out with `left` and `right` as its columns; `flipped` when it is
/// written on `right`.
fn side_by_side<'a>(left: &'a Entry, right: &'a Entry, comparison: &Comparison, flipped: bool) -> SideBySide<'a> {
    let rows = comparison
        .points
        .iter()
        .map(|p| {
            let (this, that) = (p.this.clone(), p.that.clone());
            let (left, right) = if flipped { (that, this) } else { (this, that) };
            (p.aspect.clone(), left, right)
        })
        .collect();
    SideBySide { left, right, rows }
}

/// Every entry `entry` is compared with, from either side, each once, in a stable order:
/// its own comparisons first, then those written on other entries, in library order.
///
/// The others are among the entries that link to it, so only those are looked at, not the
/// whole library (the key hints ask on every frame).
pub fn partners<'a>(library: &'a Library, entry: &Entry) -> Vec<&'a Entry> {
    let mut seen = HashSet::new();
    let own = counted(&entry.compared).filter_map(|id| library.get(id));
    let others = counted(library.linked_from(&entry.id)).filter(|other| {
        visited(other.compared.len());
        other.compared.contains(&entry.id)
    });
    own.chain(others)
        .filter(|other| seen.insert(other.id.as_str()))
        .collect()
}

/// Every comparison of `entry`, whose body is `body`, with the entries of [`partners`] and
/// in their order, `entry` always on the left: those it holds from `body`, those written on
/// another entry from that entry's body, read once each. A body that cannot be read back
/// from its file gives an error in its place.
pub fn comparisons<'a>(library: &'a Library, entry: &'a Entry, body: &Body) -> Vec<Result<SideBySide<'a>, BodyError>> {
    // Its own, by the id each is with: the first written wins, as `between` finds it.
    let mut own: HashMap<&str, &Comparison> = HashMap::new();
    for comparison in counted(&body.compare) {
        own.entry(comparison.with.as_str()).or_insert(comparison);
    }
    let holds: HashSet<&str> = counted(&entry.compared).map(String::as_str).collect();
    partners(library, entry)
        .into_iter()
        .filter_map(|other| {
            if holds.contains(other.id.as_str()) {
                let comparison = own.get(other.id.as_str())?;
                return Some(Ok(side_by_side(entry, other, comparison, false)));
            }
            let theirs = match library.body(other) {
                Ok(theirs) => theirs,
                Err(error) => return Some(Err(error)),
            };
            let comparison = counted(&theirs.compare).find(|c| c.with == entry.id)?;
            Some(Ok(side_by_side(entry, other, comparison, true)))
        })
        .collect()
}

impl SideBySide<'_> {
    /// The comparison as a [`Table`]: aspect, left, right.
    pub fn table(&self) -> Table {
        Table {
            header: ["Aspect".to_owned(), self.left.title.clone(), self.right.title.clone()],
            rows: self
                .rows
                .iter()
                .map(|(aspect, left, right)| [aspect.clone(), left.clone(), right.clone()])
                .collect(),
        }
    }
}

/// The comparison as plain text `width` columns wide, with each side's definition above
/// the table.
pub fn to_text(view: &SideBySide<'_>, width: usize) -> String {
    let width = width.max(40);
    let mut out = format!("{} vs {}\n\n", view.left.title, view.right.title);
    for entry in [view.left, view.right] {
        out.push_str(&format!("{}\n", entry.title));
        for line in wrap_text(&entry.plain_definition(), width.saturating_sub(2)) {
            out.push_str(&format!("  {line}\n"));
        }
        out.push('\n');
    }
    for (line, _) in table_lines(&view.table(), width) {
        out.push_str(&line);
        out.push('\n');
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
        let forward = between(library, totp, hotp).expect("readable").expect("totp vs hotp");
        let backward = between(library, hotp, totp).expect("readable").expect("hotp vs totp");
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
        let view = between(library, a, b).expect("readable").expect("comparison");
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
