//! Drawing the semantic map: the terms linking here, the term, and its related terms.

use super::status_line;
use crate::ui::app::App;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub(super) fn draw_map(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    use crate::ui::map::MapNode;
    let Some(view) = &app.map else { return };
    let title_of = |id: &str| app.library.get(id).map_or(id.to_owned(), |e| e.title.clone());
    let [header, body, status] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0), Constraint::Length(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" Map of {}", title_of(&view.centre)), theme.title()),
            Span::styled("  linked from ← centre → related", theme.dim()),
        ])),
        header,
    );
    // Three columns: linked from, the centre, related. Lines join the centre to each node.
    // The centre needs only its label and some line; the sides share the rest.
    let centre_needed = u16::try_from(title_of(&view.centre).chars().count() + 10).unwrap_or(u16::MAX);
    let column = (body.width.saturating_sub(centre_needed) / 2).max(body.width / 4);
    let [left_area, centre_area, right_area] = Layout::horizontal([
        Constraint::Length(column),
        Constraint::Min(0),
        Constraint::Length(column),
    ])
    .areas(body);
    let buffer = frame.buffer_mut();
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
    let centre_label = format!("[ {} ]", title_of(&view.centre));
    let centre_width = u16::try_from(unicode_width::UnicodeWidthStr::width(centre_label.as_str()))
        .unwrap_or(u16::MAX)
        .min(centre_area.width);
    let centre_x = centre_area.x + (centre_area.width - centre_width) / 2;
    let centre_style = node_style(MapNode::Centre).patch(theme.title());
    buffer.set_stringn(
        centre_x,
        centre_y,
        &centre_label,
        usize::from(centre_width),
        centre_style,
    );

    let mut draw_side = |ids: &[String], area: Rect, right_side: bool, make: fn(usize) -> MapNode, heading: &str| {
        buffer.set_stringn(
            area.x + 1,
            body.y,
            heading,
            usize::from(area.width.saturating_sub(1)),
            theme.dim(),
        );
        let shown = ids.len().min(rows.saturating_sub(1));
        let extra = ids.len() - shown;
        let count = shown + usize::from(extra > 0);
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
        for y in first_y.min(centre_y)..=bottom_y.max(centre_y) {
            if y < body.bottom() {
                buffer.set_string(trunk_x, y, "│", theme.dim());
            }
        }
        let (from, to) = if right_side {
            (centre_x + centre_width, trunk_x)
        } else {
            (trunk_x + 1, centre_x)
        };
        for x in from..to {
            buffer.set_string(x, centre_y, "─", theme.dim());
        }
        if count > 0 {
            buffer.set_string(trunk_x, centre_y, "┼", theme.dim());
        }
        for (index, id) in ids.iter().take(shown).enumerate() {
            let y = first_y + u16::try_from(index).unwrap_or(0);
            if y >= body.bottom() {
                break;
            }
            let label = format!(" {} ", title_of(id));
            let width = usize::from(area.width.saturating_sub(3));
            if right_side {
                buffer.set_string(trunk_x, y, "├─", theme.dim());
                buffer.set_stringn(trunk_x + 2, y, &label, width, node_style(make(index)));
            } else {
                let label_width = unicode_width::UnicodeWidthStr::width(label.as_str()).min(width);
                let x = trunk_x.saturating_sub(u16::try_from(label_width + 1).unwrap_or(0));
                buffer.set_stringn(x, y, &label, width, node_style(make(index)));
                buffer.set_string(trunk_x.saturating_sub(1), y, "─┤", theme.dim());
            }
        }
        if extra > 0 {
            let y = first_y + u16::try_from(shown).unwrap_or(0);
            if y < body.bottom() {
                let x = if right_side { trunk_x + 2 } else { area.x + 1 };
                buffer.set_stringn(
                    x,
                    y,
                    format!(" +{extra} more"),
                    usize::from(area.width.saturating_sub(3)),
                    theme.dim(),
                );
            }
        }
        if ids.is_empty() {
            let x = if right_side { area.x + 2 } else { area.x + 1 };
            buffer.set_stringn(
                x,
                centre_y,
                "(none)",
                usize::from(area.width.saturating_sub(2)),
                theme.dim(),
            );
        }
    };
    draw_side(&view.linked_from, left_area, false, MapNode::LinkedFrom, "Linked from");
    draw_side(&view.related, right_area, true, MapNode::Related, "Related");
    frame.render_widget(
        Paragraph::new(status_line(app, theme, String::new(), status.width)),
        status,
    );
}
