//! Drawing the compare screen: the side-by-side table as laid out in its state.

use super::status_line;
use crate::ui::app::App;
use crate::ui::layout::compare_area;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub(super) fn draw_compare(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(view) = &app.compare else { return };
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
    frame.render_widget(Paragraph::new(lines), body);
    let status = Rect::new(area.x, area.bottom().saturating_sub(1), area.width, 1);
    frame.render_widget(
        Paragraph::new(status_line(app, theme, String::new(), status.width)),
        status,
    );
}
