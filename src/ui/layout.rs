//! Where things sit on the screen: the rectangles of each screen's parts for a terminal of a
//! given size. Both `update` (to page, scroll and place mouse clicks) and the views (to
//! draw) ask here, so the two always agree and neither depends on the other.

use super::keymap::Binding;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Block;

/// Below this size the app asks for a bigger terminal instead of drawing a broken layout.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// The section outline appears beside the lesson from this width on.
pub const OUTLINE_MIN_WIDTH: u16 = 100;
/// From this width on, search shows the selected result's preview beside the results.
pub const PREVIEW_MIN_WIDTH: u16 = 120;
pub const OUTLINE_WIDTH: u16 = 24;
/// The widest a line of lesson text gets.
pub const MAX_TEXT_WIDTH: u16 = 100;
pub const HEADER_HEIGHT: u16 = 3;
pub const STATUS_HEIGHT: u16 = 1;

/// The width and height of the lesson text area for a screen of this size. The state uses
/// it to wrap; the lesson view lays out the same rectangle.
pub fn lesson_body_size(width: u16, height: u16) -> (usize, usize) {
    let area = lesson_areas(Rect::new(0, 0, width, height));
    (usize::from(area.body.width), usize::from(area.body.height))
}

/// Where the lesson text and the outline sit on a screen of this size, for mouse clicks.
pub fn lesson_click_areas(width: u16, height: u16) -> (Rect, Option<Rect>) {
    let areas = lesson_areas(Rect::new(0, 0, width, height));
    (areas.body, areas.outline)
}

/// The home list's rectangle and its first visible row, for mouse clicks.
pub fn home_list_area(width: u16, height: u16, selected: usize) -> (Rect, usize) {
    let area = Rect::new(0, 0, width, height);
    let [_, list, _] = Layout::vertical([Constraint::Length(2), Constraint::Min(0), Constraint::Length(1)]).areas(area);
    (list, list_offset(selected, list.height))
}

/// The search screen's parts: the query row, the count row, the result list and, on a wide
/// screen, the preview of the selected result beside the list.
pub struct SearchAreas {
    pub input: Rect,
    pub count: Rect,
    pub results: Rect,
    pub preview: Option<Rect>,
}

pub fn search_areas(area: Rect) -> SearchAreas {
    let inner = Block::bordered().inner(area);
    let [input, count, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let (results, preview) = if area.width >= PREVIEW_MIN_WIDTH {
        let [results, preview] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body);
        (results, Some(preview))
    } else {
        (body, None)
    };
    SearchAreas {
        input,
        count,
        results,
        preview,
    }
}

/// The search results' rectangle and its first visible row, for mouse clicks and paging.
pub fn search_list_area(width: u16, height: u16, selected: usize) -> (Rect, usize) {
    let results = search_areas(Rect::new(0, 0, width, height)).results;
    (results, list_offset(selected, results.height))
}

/// The first row shown of a list `height` rows high, so that row `selected` is in view.
pub fn list_offset(selected: usize, height: u16) -> usize {
    selected.saturating_sub(usize::from(height).saturating_sub(1))
}

pub struct LessonAreas {
    pub header: Rect,
    pub body: Rect,
    pub outline: Option<Rect>,
    pub status: Rect,
}

pub fn lesson_areas(area: Rect) -> LessonAreas {
    let [header, main, status] = Layout::vertical([
        Constraint::Length(HEADER_HEIGHT),
        Constraint::Min(0),
        Constraint::Length(STATUS_HEIGHT),
    ])
    .areas(area);
    // Lines longer than about 100 columns are hard to read, so on wide screens the text
    // stops there, the outline sits right beside it, and the two are centred.
    let (text, outline) = if area.width >= OUTLINE_MIN_WIDTH {
        let block = centred(main, MAX_TEXT_WIDTH + 2 + OUTLINE_WIDTH);
        let [text, outline] = Layout::horizontal([Constraint::Min(0), Constraint::Length(OUTLINE_WIDTH)]).areas(block);
        (text, Some(outline))
    } else {
        (centred(main, MAX_TEXT_WIDTH + 2), None)
    };
    // The header spans the text and the outline, no wider.
    let header = Rect {
        x: text.x,
        width: outline
            .map_or(text.right(), |outline| outline.right())
            .saturating_sub(text.x),
        ..header
    };
    // One column of margin on each side of the text.
    let body = Rect {
        x: text.x.saturating_add(1),
        width: text.width.saturating_sub(2),
        ..text
    };
    LessonAreas {
        header,
        body,
        outline,
        status,
    }
}

/// The widest the comparison table gets: two columns of about the lessons' reading width
/// each would be too wide to compare across.
pub const MAX_COMPARE_WIDTH: u16 = MAX_TEXT_WIDTH + 20;

/// `area` narrowed to at most `width` columns, centred: how every screen caps its reading
/// width on a wide terminal.
pub fn centred(area: Rect, width: u16) -> Rect {
    let width = area.width.min(width);
    Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    }
}

/// The compare screen's text area: everything but the status bar, with a margin, centred
/// and at most [`MAX_COMPARE_WIDTH`] wide.
pub fn compare_area(width: u16, height: u16) -> Rect {
    let area = Rect::new(1, 0, width.saturating_sub(2), height.saturating_sub(STATUS_HEIGHT));
    centred(area, MAX_COMPARE_WIDTH)
}

/// The check's layout: a two-line header, the body, and the status bar; the body centred at
/// the lessons' reading width.
pub fn check_areas(area: Rect) -> [Rect; 3] {
    let [header, body, status] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let body = Rect {
        x: body.x.saturating_add(1),
        width: body.width.saturating_sub(2),
        ..body
    };
    [
        centred(header, MAX_TEXT_WIDTH + 2),
        centred(body, MAX_TEXT_WIDTH),
        status,
    ]
}

/// The most a scroll offset can usefully be for `lines` lines in `height` rows.
pub fn max_scroll(lines: usize, height: usize) -> usize {
    if lines <= height {
        0
    } else {
        lines - height.saturating_sub(1)
    }
}

/// The help overlay for `bindings` on a screen `area`: the popup's rectangle and its rows
/// (the keys, then what they do), each description wrapped to the room left beside the keys.
/// The rows, with their borders, may be taller than the popup: then it scrolls.
pub fn help_popup(area: Rect, bindings: &[Binding]) -> (Rect, Vec<(String, String)>) {
    let key_width = bindings.iter().map(|b| b.keys.chars().count()).max().unwrap_or(0);
    let what_width = bindings.iter().map(|b| b.what.chars().count()).max().unwrap_or(0);
    // A border and a space each side, and two spaces between the columns.
    let width = u16::try_from(key_width + what_width + 6)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let room = usize::from(width).saturating_sub(key_width + 6).max(1);
    let mut rows = Vec::new();
    for binding in bindings {
        for (line, text) in crate::document::wrap_text(binding.what, room).into_iter().enumerate() {
            let keys = if line == 0 { binding.keys.as_ref() } else { "" };
            rows.push((format!(" {keys:<key_width$}  "), text));
        }
    }
    let height = u16::try_from(rows.len() + HELP_FOOTER_ROWS + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    (popup, rows)
}

/// The help overlay's rows below the keys: a blank one and "any key closes this help".
pub const HELP_FOOTER_ROWS: usize = 2;
