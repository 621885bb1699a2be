//! Drawing: a pure function of the [`App`] state onto a frame.
//!
//! Nothing here changes state. Lessons are drawn from the layout cached in the state, so a
//! frame costs only converting the visible lines into ratatui spans.

use super::app::{App, Screen};
use super::keymap::bindings;
use super::theme::Theme;
use crate::document::LinkTarget;
use crate::lesson;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// Below this size the app asks for a bigger terminal instead of drawing a broken layout.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// The section outline appears beside the lesson from this width on.
pub const OUTLINE_MIN_WIDTH: u16 = 100;
const OUTLINE_WIDTH: u16 = 24;
const HEADER_HEIGHT: u16 = 3;
const STATUS_HEIGHT: u16 = 1;

/// The width and height of the lesson text area for a screen of this size. The state uses
/// it to wrap; [`draw`] lays out the same rectangle.
pub fn lesson_body_size(width: u16, height: u16) -> (usize, usize) {
    let area = lesson_areas(Rect::new(0, 0, width, height));
    (usize::from(area.body.width), usize::from(area.body.height))
}

struct LessonAreas {
    header: Rect,
    body: Rect,
    outline: Option<Rect>,
    status: Rect,
}

fn lesson_areas(area: Rect) -> LessonAreas {
    let [header, main, status] = Layout::vertical([
        Constraint::Length(HEADER_HEIGHT),
        Constraint::Min(0),
        Constraint::Length(STATUS_HEIGHT),
    ])
    .areas(area);
    let (text, outline) = if area.width >= OUTLINE_MIN_WIDTH {
        let [text, outline] = Layout::horizontal([Constraint::Min(0), Constraint::Length(OUTLINE_WIDTH)]).areas(main);
        (text, Some(outline))
    } else {
        (main, None)
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

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme::from_env();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, area, theme);
        return;
    }
    match app.screen {
        Screen::Home => draw_home(app, frame, area, theme),
        Screen::Lesson => draw_lesson(app, frame, area, theme),
    }
    if let Some(search) = &app.search {
        draw_search(app, search, frame, area, theme);
    }
    if app.help_open {
        draw_help(app, frame, area, theme);
    }
}

/// A box centred in `area`, `percent` of its size but at least `min` (clamped to `area`).
fn centered(area: Rect, percent_x: u16, percent_y: u16, min: (u16, u16)) -> Rect {
    let width = (area.width * percent_x / 100).max(min.0).min(area.width);
    let height = (area.height * percent_y / 100).max(min.1).min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn draw_search(app: &App, search: &super::app::SearchState, frame: &mut Frame, area: Rect, theme: Theme) {
    let popup = centered(area, 80, 80, (MIN_WIDTH, MIN_HEIGHT));
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(" Search ")
        .title_bottom(Line::from(key_hints(super::keymap::SEARCH_BINDINGS, theme)));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [input, count, results] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" / ", theme.key()),
            Span::raw(search.query.as_str()),
            Span::styled("▏", theme.key()),
        ])),
        input,
    );
    let total = app.library.entries().len();
    frame.render_widget(
        Paragraph::new(Line::styled(format!(" {} of {total}", search.hits.len()), theme.dim())),
        count,
    );

    let height = usize::from(results.height);
    let offset = search.selected.saturating_sub(height.saturating_sub(1));
    let entries = app.library.entries();
    let lines: Vec<Line> = search
        .hits
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(position, hit)| {
            let entry = &entries[hit.index];
            let selected = position == search.selected;
            let mut spans = vec![Span::raw(if selected { "▶ " } else { "  " })];
            // Matched characters are bold and underlined, so they show without colour too.
            for (index, c) in entry.title.chars().enumerate() {
                let style = if hit.title_matches.contains(&index) {
                    theme.matched()
                } else {
                    ratatui::style::Style::new()
                };
                spans.push(Span::styled(c.to_string(), style));
            }
            spans.push(Span::raw("  "));
            spans.push(Span::styled(entry.level.as_str(), theme.level(entry.level)));
            spans.push(Span::styled(format!("  {}", entry.one_line_definition()), theme.dim()));
            let line = Line::from(spans);
            if selected {
                line.patch_style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    if lines.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(" no term matches", theme.warning())),
            results,
        );
    } else {
        frame.render_widget(Paragraph::new(lines), results);
    }
}

/// Key hints for a box's bottom border.
fn key_hints(bindings: &'static [super::keymap::Binding], theme: Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (binding, short) in bindings.iter().filter_map(|b| Some((b, b.short?))) {
        spans.push(Span::styled(format!(" {}", binding.keys), theme.key()));
        spans.push(Span::raw(format!(" {short} ")));
    }
    spans
}

fn draw_too_small(frame: &mut Frame, area: Rect, theme: Theme) {
    let lines = vec![
        Line::styled("terminal too small", theme.warning()),
        Line::from(format!("{}x{}, need {MIN_WIDTH}x{MIN_HEIGHT}", area.width, area.height)),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// The status bar: a notice if there is one, else the essential keys that fit, then the
/// position. Hints that would be cut off are left out whole.
fn status_line<'a>(app: &'a App, theme: Theme, right: String, width: u16) -> Line<'a> {
    if let Some(notice) = &app.notice {
        return Line::from(vec![Span::styled(format!(" {notice}"), theme.warning())]);
    }
    let right = format!(" {right} ");
    let mut room = usize::from(width).saturating_sub(right.chars().count());
    let mut spans = Vec::new();
    for (binding, short) in bindings(app.screen).iter().filter_map(|b| Some((b, b.short?))) {
        let keys = format!(" {}", binding.keys);
        let what = format!(" {short} ");
        let needed = keys.chars().count() + what.chars().count();
        if needed > room {
            break;
        }
        room -= needed;
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::styled(what, theme.dim()));
    }
    spans.push(Span::raw(" ".repeat(room)));
    spans.push(Span::styled(right, theme.dim()));
    Line::from(spans)
}

fn draw_home(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    use super::home::HomeRow;
    let [header, list_area, status] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let entries = app.library.entries();
    let grouping = match app.grouping {
        super::home::Grouping::Level => "by level",
        super::home::Grouping::Tag => "by tag",
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" lexicon", theme.title()),
            Span::styled(
                format!("  {} lessons on account and crypto security", entries.len()),
                theme.dim(),
            ),
            Span::styled(format!("  · terms {grouping}"), theme.dim()),
        ])),
        header,
    );

    let height = usize::from(list_area.height);
    // Keep the selection in view, and show its group heading when it is the first row.
    let offset = app.home_selected.saturating_sub(height.saturating_sub(1));
    let title_width = entries
        .iter()
        .map(|e| unicode_width::UnicodeWidthStr::width(e.title.as_str()))
        .max()
        .unwrap_or(0)
        .min(32);
    let mut lines = Vec::new();
    for (index, row) in app.home_rows.iter().enumerate().skip(offset).take(height) {
        let selected = index == app.home_selected;
        let marker = Span::raw(if selected { "▶ " } else { "  " });
        let mut line = match row {
            HomeRow::Heading(title) => Line::styled(format!(" {title}"), theme.heading()),
            HomeRow::Continue(id) => {
                let title = app.library.get(id).map_or(id.as_str(), |e| e.title.as_str());
                Line::from(vec![marker, Span::styled("Continue: ", theme.dim()), Span::raw(title)])
            }
            HomeRow::Journey { id, read, total } => {
                let journey = app.library.journey(id);
                let title = journey.map_or(id.as_str(), |j| j.title.as_str());
                let filled = if *total == 0 { 0 } else { read * 10 / total };
                let journey_width = app
                    .library
                    .journeys()
                    .iter()
                    .map(|j| j.title.chars().count())
                    .max()
                    .unwrap_or(0);
                Line::from(vec![
                    marker,
                    Span::raw(pad(title, journey_width.min(40))),
                    Span::raw("  "),
                    Span::styled("■".repeat(filled), theme.level(crate::content::Level::Beginner)),
                    Span::styled("□".repeat(10 - filled), theme.dim()),
                    Span::styled(format!(" {:>5} read  ", format!("{read}/{total}")), theme.dim()),
                    Span::styled(journey.map_or("", |j| j.description.as_str()), theme.dim()),
                ])
            }
            HomeRow::Term(entry_index) => {
                let entry = &entries[*entry_index];
                Line::from(vec![
                    marker,
                    Span::raw(pad(&entry.title, title_width)),
                    Span::raw("  "),
                    Span::styled(format!("{:<14}", entry.level.as_str()), theme.level(entry.level)),
                    Span::styled(entry.one_line_definition(), theme.dim()),
                ])
            }
        };
        if selected {
            line = line.patch_style(theme.selected());
        }
        lines.push(line);
    }
    if entries.is_empty() {
        lines.push(Line::styled(
            "  No lessons loaded. Run `lexicon check` to see why.",
            theme.warning(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), list_area);
    let position = format!("{}/{}", app.home_selected + 1, app.home_rows.len());
    frame.render_widget(Paragraph::new(status_line(app, theme, position, status.width)), status);
}

/// Pads or truncates to a display width.
fn pad(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(&" ".repeat(width - used));
    out
}

fn draw_lesson(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(view) = &app.lesson else { return };
    let Some(entry) = app.library.get(&view.id) else { return };
    let areas = lesson_areas(area);

    // Header: title and facts, then the breadcrumb of the path taken.
    let mut trail: Vec<String> = app
        .history
        .trail()
        .iter()
        .map(|place| match place {
            super::app::Place::Home { .. } => "home".to_owned(),
            super::app::Place::Lesson { id, .. } => app.library.get(id).map_or(id.clone(), |e| e.title.clone()),
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
    let lines: Vec<Line> = view
        .wrapped
        .lines
        .iter()
        .skip(view.scroll)
        .take(height)
        .map(|spans| {
            Line::from(
                spans
                    .iter()
                    .map(|span| {
                        let broken = span.link.is_some_and(|link| {
                            matches!(
                                view.document.links.get(link).map(|l| &l.target),
                                Some(LinkTarget::Broken(_))
                            )
                        });
                        Span::styled(span.text.as_str(), theme.span(span, view.selected_link, broken))
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
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

fn draw_help(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let keys = if app.search.is_some() {
        super::keymap::SEARCH_BINDINGS
    } else {
        bindings(app.screen)
    };
    let key_width = keys.iter().map(|b| b.keys.chars().count()).max().unwrap_or(0);
    let mut lines: Vec<Line> = keys
        .iter()
        .map(|binding| {
            Line::from(vec![
                Span::styled(format!(" {:<key_width$}  ", binding.keys), theme.key()),
                Span::raw(binding.what),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(" any key closes this help", theme.dim()));
    let what_width = keys.iter().map(|b| b.what.chars().count()).max().unwrap_or(0);
    let width = u16::try_from(key_width + what_width + 6)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let title = match app.screen {
        Screen::Home => " Keys: home ",
        Screen::Lesson => " Keys: lesson ",
    };
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(title)), popup);
}
