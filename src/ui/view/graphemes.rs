//! What the terminal is sent of each grapheme cluster: a form every terminal draws in exactly
//! the columns ratatui gave it.
//!
//! ratatui measures a cluster as unicode-width does, puts it in one cell and leaves the cells
//! it covers alone. Terminals do not agree with it, nor with each other, on clusters whose
//! width comes from a sequence rather than from their characters. Measured in columns
//! (ratatui | the vt100 crate 0.16 | tmux 3.3a):
//!
//! | cluster                  | ratatui | vt100        | tmux         |
//! |--------------------------|---------|--------------|--------------|
//! | `👩‍💻` (ZWJ sequence)      | 2       | 4            | 2            |
//! | `👍🏽` (skin-tone modifier) | 2       | 4            | 4            |
//! | `❤️`, `1️⃣` (VS16)         | 2       | 1            | 1            |
//! | `🏳️‍🌈`                     | 2       | 3            | 1            |
//! | `⌚︎` (VS15)               | 1       | 2            | 2            |
//! | `🇺🇸` (flag)               | 2       | 2, two cells | 2, two cells |
//!
//! (kitty draws each such sequence as one glyph, as ratatui counts it.) A cluster drawn wider
//! than its cells spills over the next ones, and at the end of a row wraps into column 0 of
//! the next; one drawn narrower, or in two cells of which ratatui only ever rewrites the first,
//! leaves a column that keeps whatever was drawn there before. ratatui rewrites only the cells
//! it believes changed, so these fragments outlived the screen they came from.
//!
//! [`stabilize`] runs over every frame once it is drawn and rewrites each cluster whose width
//! depends on the terminal into clusters whose width does not, in exactly the cells ratatui
//! gave it: joiners, variation selectors and skin-tone modifiers are dropped (`👩‍💻` shows as
//! `👩`, `👍🏽` as `👍`, `❤️` as `❤` and a space), a flag shows as its two letters (`🇺🇸` as
//! `US`), and whatever still disagrees becomes `�`. A cluster is steady when it holds none of
//! those characters and its width is the sum of its characters' widths: a terminal that
//! places characters one at a time and one that places whole clusters then draw it alike.
//!
//! Why here and so: the frame's buffer is the one place every screen's text passes through, so
//! nothing drawn can escape it, and the layout ratatui already made is kept cell for cell.
//! Rewriting the text before layout instead (`👩💻`, four columns) would keep more of a
//! sequence but has to reach every string each screen draws. A full repaint (ratatui's
//! `Terminal::clear`) when the screen changes would not help within a screen, where a
//! cluster spilling into the next row stays until then, and it writes `ESC [2J`, which the
//! hostile-content test holds the reader to never sending. What no rule here can know of is
//! a terminal whose character tables are older than an emoji (tmux 3.3a draws U+1FABF, from
//! Unicode 15, in no column at all). The content itself is never changed: search, `show`
//! and the store see every character.

use crate::document::cluster_width;
use ratatui::buffer::Buffer;
use unicode_segmentation::UnicodeSegmentation;

const ZERO_WIDTH_JOINER: char = '\u{200D}';
const TEXT_PRESENTATION: char = '\u{FE0E}';
const EMOJI_PRESENTATION: char = '\u{FE0F}';
/// Drawn in place of a cluster no terminal-independent form of which fits its cells.
const REPLACEMENT: &str = "\u{FFFD}";

/// Rewrites, in place, every cluster of `buffer` whose width depends on the terminal, as the
/// module overview says. Cells holding steady clusters, which is nearly all of them, are
/// left as they are.
pub fn stabilize(buffer: &mut Buffer) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &buffer[(x, y)];
            let columns = u16::try_from(cluster_width(cell.symbol())).unwrap_or(u16::MAX).max(1);
            let end = x.saturating_add(columns).min(area.right());
            if !is_steady(cell.symbol()) {
                let style = cell.style();
                let pieces = steady_pieces(cell.symbol());
                let mut at = x;
                for piece in &pieces {
                    let width = u16::try_from(cluster_width(piece)).unwrap_or(u16::MAX);
                    if width == 0 {
                        continue;
                    }
                    if at + width > end {
                        // Not even the first piece fits: a mark in its place, never nothing.
                        if at == x {
                            buffer[(at, y)].set_symbol(REPLACEMENT).set_style(style);
                            at += 1;
                        }
                        break;
                    }
                    buffer[(at, y)].set_symbol(piece).set_style(style);
                    // The cells a wide piece covers, as ratatui leaves them.
                    for covered in at + 1..at + width {
                        buffer[(covered, y)].reset();
                    }
                    at += width;
                }
                // What the pieces leave of the cluster's cells, in its style (a selection
                // stays one bar).
                for blank in at..end {
                    buffer[(blank, y)].reset();
                    buffer[(blank, y)].set_symbol(" ").set_style(style);
                }
            }
            x = end;
        }
    }
}

/// Whether every terminal draws `cluster` in the columns ratatui counts for it: it holds no
/// joiner, variation selector, regional indicator or modifier of another character, and its
/// width is the sum of its characters' widths.
fn is_steady(cluster: &str) -> bool {
    if cluster.len() == 1 {
        return true;
    }
    let mut sum = 0;
    for (index, c) in cluster.chars().enumerate() {
        if is_dropped(index, c) || regional_letter(c).is_some() {
            return false;
        }
        sum += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    sum == cluster_width(cluster)
}

/// `cluster` as steady clusters (see [`is_steady`]), in order: without its joiners,
/// variation selectors and modifiers, its regional indicators as letters; a piece that is
/// still not steady gives its first character if that is, else [`REPLACEMENT`].
fn steady_pieces(cluster: &str) -> Vec<String> {
    let kept: String = cluster
        .chars()
        .enumerate()
        .filter(|&(index, c)| !is_dropped(index, c))
        .map(|(_, c)| regional_letter(c).unwrap_or(c))
        .collect();
    kept.graphemes(true)
        .map(|piece| {
            if is_steady(piece) {
                return piece.to_owned();
            }
            let first = piece.chars().next().map(String::from).unwrap_or_default();
            if is_steady(&first) && cluster_width(&first) > 0 {
                first
            } else {
                REPLACEMENT.to_owned()
            }
        })
        .collect()
}

/// Whether `c`, the character at `index` of a cluster, is left out of its steady form: a
/// joiner, a variation selector, or a skin-tone modifier (U+1F3FB to U+1F3FF) of the
/// character before it. A modifier standing alone is an ordinary wide character.
fn is_dropped(index: usize, c: char) -> bool {
    matches!(c, ZERO_WIDTH_JOINER | TEXT_PRESENTATION | EMOJI_PRESENTATION)
        || (index > 0 && ('\u{1F3FB}'..='\u{1F3FF}').contains(&c))
}

/// The capital letter a regional indicator stands for (U+1F1E6 is A), two of which make a
/// flag.
fn regional_letter(c: char) -> Option<char> {
    let offset = u32::from(c).checked_sub(0x1F1E6).filter(|offset| *offset < 26)?;
    char::from_u32(u32::from('A') + offset)
}

#[cfg(test)]
mod tests {
    use super::{is_steady, stabilize};
    use crate::document::{cluster_width, display_width};
    use ratatui::buffer::{Buffer, CellWidth};
    use ratatui::layout::Rect;
    use ratatui::style::{Modifier, Style};
    use unicode_segmentation::UnicodeSegmentation;

    /// Clusters terminals draw at another width than ratatui, and ones they all agree on.
    const UNSTEADY: &[&str] = &[
        "👩\u{200d}💻",
        "👨\u{200d}👩\u{200d}👧\u{200d}👦",
        "👍🏽",
        "🇺🇸",
        "🇺",
        "🏳\u{fe0f}\u{200d}🌈",
        "❤\u{fe0f}",
        "1\u{fe0f}\u{20e3}",
        "⌚\u{fe0e}",
        "ｶ\u{ff9e}",
        "a🏽",
    ];
    const STEADY: &[&str] = &[
        "a",
        "e\u{301}",
        "Z\u{324}\u{354}\u{367}",
        "漢",
        "🏽",
        "👩",
        "각",
        "…",
        "▶",
    ];

    /// Each cell's symbol, with covered cells as "", and a row as text.
    fn row(buffer: &Buffer, y: u16) -> Vec<String> {
        let mut cells = Vec::new();
        let mut x = buffer.area.left();
        while x < buffer.area.right() {
            let symbol = buffer[(x, y)].symbol();
            cells.push(symbol.to_owned());
            let width = symbol.cell_width().max(1);
            for _ in 1..width {
                cells.push(String::new());
            }
            x += width;
        }
        cells
    }

    fn drawn(text: &str, width: u16, style: Style) -> Buffer {
        let mut buffer = Buffer::empty(Rect::new(0, 0, width, 1));
        buffer.set_string(0, 0, text, style);
        buffer
    }

    /// A terminal that places characters one at a time (the vt100 crate, tmux) draws each
    /// symbol at the sum of its characters' widths: after stabilizing, that is the width
    /// ratatui counted for every cell, so every cluster starts where ratatui put it.
    #[test]
    fn every_cell_is_drawn_in_the_columns_ratatui_counted() {
        for cluster in UNSTEADY.iter().chain(STEADY) {
            let text = format!("x{cluster}y{cluster}");
            let mut buffer = drawn(&text, 12, Style::new());
            let before = row(&buffer, 0);
            stabilize(&mut buffer);
            let after = row(&buffer, 0);
            assert_eq!(after.len(), before.len());
            for (x, symbol) in after.iter().enumerate().filter(|(_, symbol)| !symbol.is_empty()) {
                let by_characters: usize = symbol
                    .chars()
                    .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                    .sum();
                let counted = usize::from(symbol.cell_width());
                assert_eq!(by_characters, counted, "{cluster:?}: cell {x} holds {symbol:?}");
                assert!(is_steady(symbol), "{cluster:?}: cell {x} holds {symbol:?}");
                // Cells ratatui counted as covered stay covered: the layout is unchanged.
                assert!(after[x + 1..x + counted].iter().all(String::is_empty), "{after:?}");
            }
            // The characters around it stay where they were (a lone modifier joins the
            // letter before it).
            assert!(after[0].starts_with('x'), "{cluster:?}: {after:?}");
            let y_at = before.iter().position(|cell| cell.starts_with('y'));
            let y_at = y_at.unwrap_or_else(|| panic!("{cluster:?}: no y in {before:?}"));
            assert!(after[y_at].starts_with('y'), "{cluster:?}: {after:?}");
        }
    }

    #[test]
    fn unsteady_clusters_are_named_and_steady_ones_kept() {
        for cluster in UNSTEADY {
            assert_eq!(cluster.graphemes(true).count(), 1, "{cluster:?} is one cluster");
            assert!(!is_steady(cluster), "{cluster:?}");
        }
        for cluster in STEADY {
            assert!(is_steady(cluster), "{cluster:?}");
            let mut buffer = drawn(cluster, 4, Style::new());
            let before = buffer.clone();
            stabilize(&mut buffer);
            assert_eq!(buffer, before, "{cluster:?} is drawn as it is");
        }
    }

    #[test]
    fn sequences_show_their_first_emoji_and_flags_their_letters() {
        let shown = |text: &str| {
            let mut buffer = drawn(text, 8, Style::new());
            stabilize(&mut buffer);
            row(&buffer, 0).concat()
        };
        assert_eq!(shown("👩\u{200d}💻!"), "👩!     ");
        assert_eq!(shown("👍🏽!"), "👍!     ");
        assert_eq!(shown("🇺🇸🇯🇵"), "USJP    ");
        assert_eq!(shown("❤\u{fe0f}!"), "❤ !     ");
        assert_eq!(shown("1\u{fe0f}\u{20e3}!"), "1\u{20e3} !     ");
        assert_eq!(shown("🏳\u{fe0f}\u{200d}🌈!"), "🏳 !     ");
        assert_eq!(shown("⌚\u{fe0e}!"), "\u{fffd}!      ");
    }

    /// The blank a narrower form leaves keeps the cluster's style, so a selected row stays
    /// one bar.
    #[test]
    fn a_blank_left_by_a_narrower_form_keeps_the_style() {
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        let mut buffer = drawn("❤\u{fe0f}", 2, reversed);
        stabilize(&mut buffer);
        assert_eq!(buffer[(1, 0)].symbol(), " ");
        assert!(buffer[(1, 0)].modifier.contains(Modifier::REVERSED));
    }

    /// The wrapper and the views measure with `display_width`, ratatui's buffer with its
    /// `CellWidth`: they must agree cluster by cluster, or a line measured to fit would not.
    #[test]
    fn the_width_the_views_measure_is_the_width_ratatui_draws() {
        for cluster in UNSTEADY.iter().chain(STEADY) {
            assert_eq!(cluster_width(cluster), usize::from(cluster.cell_width()), "{cluster:?}");
        }
        let text: String = UNSTEADY.iter().chain(STEADY).copied().collect();
        let mut buffer = Buffer::empty(Rect::new(0, 0, 200, 1));
        let (end, _) = buffer.set_stringn(0, 0, &text, 200, Style::new());
        assert_eq!(display_width(&text), usize::from(end));
    }
}
