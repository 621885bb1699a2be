//! Drawing the semantic map: the terms linking here, the term, and its related terms.

use super::{fit, status_line};
use crate::document::display_width;
use crate::ui::app::App;
use crate::ui::layout::MAX_TEXT_WIDTH;
use crate::ui::map::{MapNode, MapView};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The map around the term `view` centres on.
pub(super) struct MapScreen<'a> {
    pub(super) app: &'a App,
    pub(super) view: &'a MapView,
}

impl Widget for MapScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let MapScreen { app, view } = self;
        let theme = app.theme;
        let title_of = |id: &str| app.library.get(id).map_or(id.to_owned(), |e| e.title.clone());
        let [header, body, status] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(0), Constraint::Length(1)]).areas(area);
        // The hint goes first when the width runs out; the title is cut with `…` only after.
        let title = format!(" Map of {}", title_of(&view.centre));
        let hint = "  linked from ← centre → related";
        let header_line = if display_width(&title) + display_width(hint) <= usize::from(header.width) {
            Line::from(vec![
                Span::styled(title, theme.title()),
                Span::styled(hint, theme.dim()),
            ])
        } else {
            Line::styled(fit(&title, usize::from(header.width)), theme.title())
        };
        Paragraph::new(header_line).render(header, buf);
        // Three columns: linked from, the centre, related. Each side is as wide as its widest
        // title needs (and at most half of what the centre leaves); the block is centred, and
        // capped at the reading width the lessons use, so a wide screen does not stretch it.
        let width_of = |id: &String| display_width(&title_of(id));
        // An empty side says why: nothing there, or, on the left, that every term linking here
        // is among the related ones already.
        let (left_empty, right_empty) = (
            if view.linking_all_related {
                "(all related)"
            } else {
                "(none)"
            },
            "(none)",
        );
        let (left_heading, right_heading) = ("Linked from", "Related");
        // A side is as wide as its heading and what it lists, or says when it lists nothing.
        let side_needed = |ids: &[String], heading: &str, empty: &str| {
            let listed = ids
                .iter()
                .map(width_of)
                .max()
                .map_or(display_width(empty) + 3, |widest| widest.max(12) + 5);
            listed.max(display_width(heading) + 2)
        };
        let centre_needed = display_width(&title_of(&view.centre)) + 10;
        let capped = usize::from(body.width.min(MAX_TEXT_WIDTH + 20));
        // The centre takes what its title needs, at most half; of the rest, a side that needs
        // less than half gives what it leaves to the other.
        let sides = capped - centre_needed.min(capped / 2);
        let (left_need, right_need) = (
            side_needed(&view.linked_from, left_heading, left_empty),
            side_needed(&view.related, right_heading, right_empty),
        );
        // An empty side yields to the other first: it keeps a few columns, and takes more (for
        // its heading and why it is empty) only from what the listing side leaves.
        const EMPTY_SIDE: usize = 8;
        let (left, right) = match (view.linked_from.is_empty(), view.related.is_empty()) {
            (true, false) => {
                let right = right_need.min(sides.saturating_sub(EMPTY_SIDE));
                (left_need.min(sides - right), right)
            }
            (false, true) => {
                let left = left_need.min(sides.saturating_sub(EMPTY_SIDE));
                (left, right_need.min(sides - left))
            }
            _ => {
                let left = left_need.min((sides / 2).max(sides.saturating_sub(right_need)));
                (left, right_need.min(sides - left))
            }
        };
        let used = (left + right + centre_needed).min(capped);
        let (left_width, right_width, used) = (
            u16::try_from(left).unwrap_or(0),
            u16::try_from(right).unwrap_or(0),
            u16::try_from(used).unwrap_or(0),
        );
        let block = Rect {
            x: body.x + (body.width - used) / 2,
            width: used,
            ..body
        };
        let [left_area, centre_area, right_area] = Layout::horizontal([
            Constraint::Length(left_width),
            Constraint::Min(0),
            Constraint::Length(right_width),
        ])
        .areas(block);
        let node_style = |node: MapNode| {
            if view.selected == node {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            }
        };
        let rows = usize::from(body.height.saturating_sub(1)).max(1);
        let centre_y = body.y + body.height / 2;

        // The centre node, boxed in brackets.
        let centre_label = format!(
            "[ {} ]",
            fit(
                &title_of(&view.centre),
                usize::from(centre_area.width).saturating_sub(4)
            )
        );
        let centre_width = u16::try_from(display_width(&centre_label))
            .unwrap_or(u16::MAX)
            .min(centre_area.width);
        let centre_x = centre_area.x + (centre_area.width - centre_width) / 2;
        let centre_style = node_style(MapNode::Centre).patch(theme.title());
        buf.set_stringn(
            centre_x,
            centre_y,
            &centre_label,
            usize::from(centre_width),
            centre_style,
        );

        let mut draw_side =
            |ids: &[String], area: Rect, right_side: bool, make: fn(usize) -> MapNode, heading: &str, empty: &str| {
                buf.set_stringn(
                    area.x + 1,
                    body.y,
                    heading,
                    usize::from(area.width.saturating_sub(1)),
                    theme.dim(),
                );
                // What fits below the heading; when not all do, a window that holds the selection,
                // with a row above and below saying how many are hidden.
                let capacity = rows.saturating_sub(1).max(1);
                let selected = (0..ids.len()).find(|&index| make(index) == view.selected);
                let (start, shown) = if ids.len() <= capacity {
                    (0, ids.len())
                } else {
                    let shown = capacity.saturating_sub(2).max(1);
                    let start = selected
                        .map_or(0, |index| index.saturating_sub(shown - 1))
                        .min(ids.len() - shown);
                    (start, shown)
                };
                let above = start;
                let below = ids.len() - start - shown;
                let count = shown + usize::from(above > 0) + usize::from(below > 0);
                let first_y = centre_y
                    .saturating_sub(u16::try_from(count / 2).unwrap_or(0))
                    .max(body.y + 1);
                // The trunk: a vertical line beside the column, joined to the centre.
                let trunk_x = if right_side {
                    area.x
                } else {
                    area.right().saturating_sub(1)
                };
                let bottom_y = first_y + u16::try_from(count.saturating_sub(1)).unwrap_or(0);
                for y in (first_y.min(centre_y)..=bottom_y.max(centre_y)).filter(|_| !ids.is_empty()) {
                    if y < body.bottom() {
                        buf.set_string(trunk_x, y, "│", theme.dim());
                    }
                }
                let (from, to) = if right_side {
                    (centre_x + centre_width, trunk_x)
                } else {
                    (trunk_x + 1, centre_x)
                };
                for x in from..to {
                    buf.set_string(x, centre_y, "─", theme.dim());
                }
                if count > 0 {
                    buf.set_string(trunk_x, centre_y, "┼", theme.dim());
                }
                let label_room = usize::from(area.width.saturating_sub(3));
                let marker_x = if right_side { trunk_x + 2 } else { area.x + 1 };
                let mut y = first_y;
                // "↑ 5 more", or just "↑ 5" in a narrow column.
                let marker = |arrow: &str, hidden: usize| {
                    let long = format!(" {arrow} {hidden} more");
                    if display_width(&long) <= label_room {
                        long
                    } else {
                        fit(&format!(" {arrow} {hidden}"), label_room)
                    }
                };
                if above > 0 {
                    buf.set_stringn(marker_x, y, marker("↑", above), label_room, theme.dim());
                    y += 1;
                }
                for (index, id) in ids.iter().enumerate().skip(start).take(shown) {
                    if y >= body.bottom() {
                        break;
                    }
                    // A space before the title, and on the left one after it before the line.
                    let label = if right_side {
                        // A space after too when there is room, so the selection reads as a block.
                        let title = fit(&title_of(id), label_room.saturating_sub(1));
                        if display_width(&title) + 2 <= label_room {
                            format!(" {title} ")
                        } else {
                            format!(" {title}")
                        }
                    } else {
                        format!(" {} ", fit(&title_of(id), label_room.saturating_sub(2)))
                    };
                    if right_side {
                        buf.set_string(trunk_x, y, "├─", theme.dim());
                        buf.set_stringn(trunk_x + 2, y, &label, label_room, node_style(make(index)));
                    } else {
                        let label_width = display_width(&label).min(label_room);
                        let x = trunk_x.saturating_sub(u16::try_from(label_width + 1).unwrap_or(0));
                        buf.set_stringn(x, y, &label, label_room, node_style(make(index)));
                        buf.set_string(trunk_x.saturating_sub(1), y, "─┤", theme.dim());
                    }
                    y += 1;
                }
                if below > 0 && y < body.bottom() {
                    buf.set_stringn(marker_x, y, marker("↓", below), label_room, theme.dim());
                }
                if ids.is_empty() {
                    let x = if right_side { area.x + 2 } else { area.x + 1 };
                    let room = usize::from(area.width.saturating_sub(2));
                    buf.set_stringn(x, centre_y, fit(empty, room), room, theme.dim());
                }
            };
        draw_side(
            &view.linked_from,
            left_area,
            false,
            MapNode::LinkedFrom,
            left_heading,
            left_empty,
        );
        draw_side(
            &view.related,
            right_area,
            true,
            MapNode::Related,
            right_heading,
            right_empty,
        );
        Paragraph::new(status_line(app, theme, String::new(), status.width)).render(status, buf);
    }
}
