//! The compare screen: two terms side by side. The table is laid out for the screen's width
//! when the view opens and when the width changes, so a keystroke only moves the scroll.

use super::app::{App, Place};
use super::bodies::ThenDo;
use super::keymap::Action;
use super::layout::compare_area;
use crate::content::Library;

/// Two terms side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareView {
    pub left: String,
    pub right: String,
    /// The table's rows (aspect, left, right), read once when the view opens, or why they
    /// could not be read.
    pub rows: Result<Vec<(String, String, String)>, String>,
    /// The table laid out at `width` ([`CompareView::lay_out`]), one string per line.
    pub lines: Vec<String>,
    pub width: usize,
    pub scroll: usize,
}

impl CompareView {
    /// Lays the table out again at `width`, unless it already is.
    pub fn lay_out(&mut self, library: &Library, width: usize) {
        if self.width == width && !self.lines.is_empty() {
            return;
        }
        self.width = width;
        self.lines = self.table_lines(library, width);
    }

    fn table_lines(&self, library: &Library, width: usize) -> Vec<String> {
        let (Some(left), Some(right)) = (library.get(&self.left), library.get(&self.right)) else {
            return Vec::new();
        };
        let rows = match &self.rows {
            Ok(rows) => rows.clone(),
            Err(message) => {
                let mut lines = vec![format!("{} vs {}", left.title, right.title), String::new()];
                lines.extend(crate::document::wrap_text(message, width.max(1)));
                return lines;
            }
        };
        let table = crate::compare::SideBySide { left, right, rows };
        crate::compare::to_text(&table, width)
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

impl App {
    pub(super) fn update_compare(&mut self, action: Action) {
        let page = usize::from(compare_area(self.width, self.height).height).max(1);
        if action == Action::Escape {
            self.close_view();
            return;
        }
        let Some(view) = &mut self.compare else { return };
        match action {
            Action::Up => view.scroll = view.scroll.saturating_sub(1),
            Action::Down => view.scroll += 1,
            Action::PageUp => view.scroll = view.scroll.saturating_sub(page),
            Action::PageDown => view.scroll += page,
            Action::HalfPageUp => view.scroll = view.scroll.saturating_sub((page / 2).max(1)),
            Action::HalfPageDown => view.scroll += (page / 2).max(1),
            Action::Top => view.scroll = 0,
            Action::Bottom => view.scroll = usize::MAX,
            _ => {}
        }
        view.scroll = view.scroll.min(view.lines.len().saturating_sub(page));
    }

    /// Opens the comparison of the open lesson with its first partner.
    pub(super) fn open_compare(&mut self) {
        let Some(lesson) = &self.lesson else { return };
        let Some(entry) = self.library.get(&lesson.id) else {
            return;
        };
        match crate::compare::partners(&self.library, entry).first() {
            Some(other) => {
                let holder_body = match crate::compare::holder(entry, other) {
                    Some(holder) => match self.body_at_hand(holder) {
                        Some(body) => Some(body),
                        None => {
                            self.want_bodies(vec![holder.id.clone()], ThenDo::Compare);
                            return;
                        }
                    },
                    None => None,
                };
                let side_by_side = match &holder_body {
                    Some(Ok(body)) => Ok(crate::compare::between_in(body, entry, other)),
                    Some(Err(error)) => Err(error),
                    None => Ok(None),
                };
                let rows = match side_by_side {
                    Ok(Some(side_by_side)) => Ok(side_by_side.rows),
                    Ok(None) => Err(format!("{} has no comparison with {}", entry.title, other.title)),
                    Err(error) => Err(format!("The comparison could not be read: {error}.")),
                };
                let view = CompareView {
                    left: entry.id.clone(),
                    right: other.id.clone(),
                    rows,
                    lines: Vec::new(),
                    width: 0,
                    scroll: 0,
                };
                self.navigate(Place::Compare(view));
            }
            None => self.notice = Some(format!("{} has no comparisons", entry.title)),
        }
    }
}
