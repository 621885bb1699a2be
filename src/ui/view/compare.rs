//! Drawing the compare screen: the side-by-side table as laid out in its state.

use super::status_line;
use crate::ui::app::App;
use crate::ui::compare::CompareView;
use crate::ui::layout::compare_area;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// The comparison `view` holds, laid out for the width.
pub(super) struct CompareScreen<'a> {
    pub(super) app: &'a App,
    pub(super) view: &'a CompareView,
}

impl Widget for CompareScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let CompareScreen { app, view } = self;
        let theme = app.theme;
        let body = compare_area(area.width, area.height);
        let titles = [&view.left, &view.right].map(|id| app.library.get(id).map_or(id.clone(), |e| e.title.clone()));
        let lines: Vec<Line> = view
            .lines
            .iter()
            .cloned()
            .enumerate()
            .skip(view.scroll)
            .take(usize::from(body.height))
            .map(|(index, line)| {
                if index == 0 {
                    Line::styled(line, theme.title())
                } else if titles.contains(&line) {
                    Line::styled(line, theme.heading())
                } else if line.starts_with("Aspect") {
                    Line::styled(
                        line,
                        ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::BOLD),
                    )
                } else if line.contains('│') || line.contains('┼') {
                    Line::raw(line)
                } else {
                    Line::styled(line, theme.dim())
                }
            })
            .collect();
        Paragraph::new(lines).render(body, buf);
        let status = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
        Paragraph::new(status_line(app, theme, String::new(), status.width)).render(status, buf);
    }
}
