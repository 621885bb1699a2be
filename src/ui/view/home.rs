//! Drawing the home: the review row, "Continue", the journeys and the terms, from the
//! library or, while it loads, from its preview.

use super::{draw_rows, grouped, status_bar, status_line};
use super::{drew_too_small, fit, progress_spans};
use crate::document::display_width;
use crate::ui::app::{App, Screen};
use crate::ui::home::{Filter, Grouping, HomeContent, HomeRow, LessonProgress, PreviewedHome};
use crate::ui::keymap::Keymap;
use crate::ui::layout::list_offset;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use std::collections::HashMap;

/// The home of the loaded library.
pub(super) struct HomeScreen<'a> {
    pub(super) app: &'a App,
}

impl Widget for HomeScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.app.theme);
        HomeFrame {
            content: app.library.as_ref(),
            progress: &app.lesson_progress,
            title_width: app.title_width,
            grouping: app.grouping,
            filter: app.home_filter,
            rows: &app.home_rows,
            total_rows: app.home_rows.len(),
            selected: app.home_selected,
            until_next_due: app.next_due().map(|next| next - app.now),
            theme,
            status: |position, width| status_line(app, theme, position, width),
        }
        .render(area, buf);
    }
}

/// Draws the home from the parsed cache's preview while the library loads
/// (`HomePreview`), over the whole frame.
pub fn draw_home_preview(frame: &mut Frame, home: &PreviewedHome, typed_ahead: usize, theme: Theme, keymap: &Keymap) {
    let preview = HomePreview {
        home,
        typed_ahead,
        theme,
        keymap,
    };
    super::draw_whole(frame, preview);
}

/// The home drawn from the parsed cache's preview while the library loads, the same as the
/// home it stands for but for the status bar's right end, which says it is loading (and how
/// many keys typed meanwhile are kept for it).
pub(super) struct HomePreview<'a> {
    home: &'a PreviewedHome,
    /// How many keys were typed meanwhile.
    typed_ahead: usize,
    theme: Theme,
    keymap: &'a Keymap,
}

impl Widget for HomePreview<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let HomePreview {
            home,
            typed_ahead,
            theme,
            keymap,
        } = self;
        if drew_too_small(area, buf, theme) {
            return;
        }
        HomeFrame {
            content: &home.preview,
            progress: &home.lesson_progress,
            title_width: home.preview.widest_title,
            grouping: Grouping::Level,
            filter: None,
            rows: &home.rows,
            total_rows: home.total_rows,
            selected: home.selected,
            until_next_due: home.until_next_due,
            theme,
            status: |position, width| {
                let loading = match typed_ahead {
                    0 => "loading…".to_owned(),
                    1 => "1 key kept, loading…".to_owned(),
                    keys => format!("{keys} keys kept, loading…"),
                };
                status_bar(
                    home.notice.as_deref(),
                    &keymap.bindings(Screen::Home),
                    theme,
                    vec![Span::styled(format!(" {loading}  {position} "), theme.dim())],
                    width,
                )
            },
        }
        .render(area, buf);
    }
}

/// One frame of the home, from the library or a preview of it: header, search box, rows,
/// and the status bar `status(position, width)`.
struct HomeFrame<'a, C: HomeContent, S: FnOnce(String, u16) -> Line<'static>> {
    content: &'a C,
    /// What each lesson's row shows of progress, by id.
    progress: &'a HashMap<String, LessonProgress>,
    /// The widest title in columns, worked out once per library, not per frame.
    title_width: usize,
    grouping: Grouping,
    /// Which lessons are listed, when not all.
    filter: Option<Filter>,
    rows: &'a [HomeRow],
    /// How many rows the home has; a preview's `rows` are only the first of them.
    total_rows: usize,
    selected: usize,
    /// How long until the next review falls due, when none is due now.
    until_next_due: Option<chrono::TimeDelta>,
    theme: Theme,
    /// The status bar for the position and the width.
    status: S,
}

impl<C: HomeContent, S: FnOnce(String, u16) -> Line<'static>> Widget for HomeFrame<'_, C, S> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let home = &self;
        let [header, list_area, status_area] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(0), Constraint::Length(1)]).areas(area);
        let grouping = match home.grouping {
            Grouping::Level => "by level",
            Grouping::Tag => "by tag",
        };
        let lessons = home.content.lesson_count();
        let count = format!(
            "  {} {}",
            grouped(lessons),
            if lessons == 1 { "lesson" } else { "lessons" }
        );
        const TAGLINE: &str = " on account and crypto security";
        let grouped_by = format!("  · terms {grouping}");
        let filtered = home
            .filter
            .map_or(String::new(), |filter| format!(" · {} only", filter.label()));
        // The tagline gives way first, so the grouping and the filter stay in sight.
        let whole = [" lexicon", &count, TAGLINE, &grouped_by, &filtered]
            .iter()
            .map(|part| display_width(part))
            .sum::<usize>();
        let tagline = if whole <= usize::from(header.width) {
            TAGLINE
        } else {
            ""
        };
        Paragraph::new(Line::from(vec![
            Span::styled(" lexicon", theme.title()),
            Span::styled(count + tagline, theme.dim()),
            Span::styled(grouped_by, theme.dim()),
            Span::styled(filtered, theme.warning()),
        ]))
        .render(header, buf);
        // The search box: `/` from anywhere opens it.
        let search_row = Rect {
            y: header.y + 1,
            height: 1,
            ..header
        };
        Paragraph::new(Line::from(vec![
            Span::styled(" / ", theme.key()),
            Span::styled("Search titles, aliases and tags…", theme.dim()),
        ]))
        .render(search_row, buf);

        let height = usize::from(list_area.height);
        // Keep the selection in view, and show its group heading when it is the first row.
        let offset = list_offset(home.selected, list_area.height);
        let title_width = home.title_width.min(32);
        let journeys = home.content.journeys();
        let journey_width = journeys
            .iter()
            .map(|journey| display_width(journey.title))
            .max()
            .unwrap_or(0);
        let mut lines = Vec::new();
        for (index, row) in home.rows.iter().enumerate().skip(offset).take(height) {
            let selected = index == home.selected;
            let marker = Span::raw(if selected { "▶ " } else { "  " });
            let mut line = match row {
                HomeRow::Heading(title) => Line::styled(format!(" {title}"), theme.heading()),
                HomeRow::Review(due) => Line::from(vec![
                    marker,
                    Span::styled("Review: ", theme.dim()),
                    if *due == 0 {
                        match home.until_next_due {
                            Some(wait) => Span::styled(
                                format!("nothing due now; next in {}", human_duration(wait)),
                                theme.dim(),
                            ),
                            None => Span::styled("nothing yet; open a lesson and press c for its check", theme.dim()),
                        }
                    } else {
                        Span::styled(
                            format!(
                                "{due} {} due, press r",
                                if *due == 1 { "statement" } else { "statements" }
                            ),
                            theme.key(),
                        )
                    },
                ]),
                HomeRow::Continue(id) => {
                    let title = home.content.title_of(id).unwrap_or(id.as_str());
                    Line::from(vec![
                        marker,
                        Span::styled("Continue: ", theme.dim()),
                        Span::raw(title.to_owned()),
                    ])
                }
                HomeRow::Journey { id, read, total } => {
                    let journey = journeys.iter().find(|journey| journey.id == id);
                    let title = journey.map_or(id.as_str(), |journey| journey.title);
                    let filled = if *total == 0 { 0 } else { read * 10 / total };
                    with_tail(
                        vec![
                            marker,
                            Span::raw(pad(title, journey_width.min(40))),
                            Span::raw("  "),
                            Span::styled("■".repeat(filled), theme.level(crate::content::Level::Beginner)),
                            Span::styled("□".repeat(10 - filled), theme.dim()),
                            Span::styled(format!(" {:>5} read  ", format!("{read}/{total}")), theme.dim()),
                        ],
                        journey.map_or("", |journey| journey.description),
                        theme.dim(),
                        list_area.width,
                    )
                }
                HomeRow::Term(index) => {
                    let term = home.content.term(*index);
                    let mut spans = vec![
                        marker,
                        Span::raw(pad(term.title, title_width)),
                        Span::raw("  "),
                        Span::styled(format!("{:<14}", term.level.as_str()), theme.level(term.level)),
                    ];
                    // The column appears once there is progress to show.
                    if !home.progress.is_empty() {
                        spans.extend(progress_spans(home.progress.get(term.id), theme));
                        spans.push(Span::raw("  "));
                    }
                    with_tail(
                        spans,
                        &crate::document::one_line(
                            &crate::content::markdown::plain_text(term.definition),
                            usize::from(list_area.width),
                        ),
                        theme.dim(),
                        list_area.width,
                    )
                }
            };
            if selected {
                line = line.patch_style(theme.selected());
            }
            lines.push(line);
        }
        if let Some(filter) = home.filter
            && !home.rows.iter().any(|row| matches!(row, HomeRow::Term(_)))
        {
            lines.push(Line::styled(
                format!("  No {} lessons. Press f to list them all.", filter.label()),
                theme.dim(),
            ));
        }
        if lessons == 0 {
            lines.push(Line::styled(
                "  No lessons loaded. Run `lexicon check` to see why.",
                theme.warning(),
            ));
        }
        draw_rows(buf, list_area, lines);
        let position = format!("{}/{}", grouped(home.selected + 1), grouped(home.total_rows));
        Paragraph::new((self.status)(position, status_area.width)).render(status_area, buf);
    }
}

/// A row of `spans` ending in `tail`, the tail cut with `…` to what `width` leaves.
fn with_tail(mut spans: Vec<Span<'static>>, tail: &str, style: ratatui::style::Style, width: u16) -> Line<'static> {
    let used: usize = spans.iter().map(|span| display_width(&span.content)).sum();
    spans.push(Span::styled(fit(tail, usize::from(width).saturating_sub(used)), style));
    Line::from(spans)
}

/// `text` at exactly `width` columns: padded, or cut with `…`.
fn pad(text: &str, width: usize) -> String {
    let text = fit(text, width);
    let used = display_width(&text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// "5 min", "3 h", "2 days": how long until something, roughly.
fn human_duration(span: chrono::TimeDelta) -> String {
    let minutes = span.num_minutes().max(1);
    match minutes {
        0..60 => format!("{minutes} min"),
        60..2880 => format!("{} h", minutes / 60),
        _ => format!("{} days", minutes / 1440),
    }
}
