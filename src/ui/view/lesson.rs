//! Drawing a lesson: its header, the visible lines of its laid-out document, the outline
//! beside it on a wide screen, and the status bar.

use super::{status_line, visible_lines};
use crate::lesson;
use crate::ui::app::App;
use crate::ui::layout::lesson_areas;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub(super) fn draw_lesson(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(view) = &app.lesson else { return };
    let Some(entry) = app.library.get(&view.id) else { return };
    let areas = lesson_areas(area);

    // Header: title and facts, then the breadcrumb of the path taken.
    let mut trail: Vec<String> = app
        .history
        .trail()
        .iter()
        .map(|place| match place {
            crate::ui::app::Place::Home { .. } => "home".to_owned(),
            crate::ui::app::Place::Lesson { id, .. } => app.library.get(id).map_or(id.clone(), |e| e.title.clone()),
            crate::ui::app::Place::Compare(_) => "compare".to_owned(),
            crate::ui::app::Place::Map(_) => "map".to_owned(),
            crate::ui::app::Place::Check(check) => format!("check: {}", check.title),
            crate::ui::app::Place::Stats => "stats".to_owned(),
        })
        .collect();
    trail.push(entry.title.clone());
    let keep = trail.len().saturating_sub(4);
    let journey = view.journey.as_ref().and_then(|step| {
        let journey = app.library.journey(&step.journey)?;
        Some(format!(
            "{} · Step {} of {}",
            journey.title,
            step.step + 1,
            journey.steps.len()
        ))
    });
    let crumb = if keep > 0 {
        format!("… › {}", trail[keep..].join(" › "))
    } else {
        trail.join(" › ")
    };
    let header = vec![
        Line::from(vec![
            Span::styled(format!(" {}", entry.title), theme.title()),
            Span::raw("  "),
            Span::styled(lesson::header_facts(entry), theme.level(entry.level)),
        ]),
        Line::styled(format!(" {crumb}"), theme.dim()),
        match journey {
            Some(journey) => Line::from(vec![
                Span::styled(format!(" {journey}"), theme.key()),
                Span::styled("  n next step · p previous", theme.dim()),
            ]),
            None => Line::styled("─".repeat(usize::from(areas.header.width)), theme.dim()),
        },
    ];
    frame.render_widget(Paragraph::new(header), areas.header);

    let height = usize::from(areas.body.height);
    let lines = visible_lines(
        &view.document,
        &view.wrapped,
        view.scroll,
        areas.body.height,
        view.selected_link,
        theme,
    );
    frame.render_widget(Paragraph::new(lines), areas.body);

    if let Some(outline) = areas.outline {
        let current = view.wrapped.anchor_at(&view.document, view.scroll);
        let items: Vec<Line> = view
            .document
            .anchors
            .iter()
            .enumerate()
            .map(|(index, anchor)| {
                let number = lesson::SECTIONS
                    .iter()
                    .position(|s| *s == anchor.title)
                    .map_or(String::new(), |n| format!("{} ", n + 1));
                let line = Line::from(vec![
                    Span::styled(number, theme.key()),
                    Span::raw(anchor.title.as_str()),
                ]);
                if Some(index) == current {
                    line.patch_style(theme.selected())
                } else {
                    line
                }
            })
            .collect();
        frame.render_widget(
            Paragraph::new(items).block(Block::bordered().title(" Sections ").border_style(theme.dim())),
            outline,
        );
    }

    let total = view.wrapped.lines.len();
    let percent = if total <= height {
        100
    } else {
        (view.scroll + height) * 100 / total
    };
    let position = format!("{percent}%");
    frame.render_widget(
        Paragraph::new(status_line(app, theme, position, areas.status.width)),
        areas.status,
    );
}
