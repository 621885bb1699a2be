//! Drawing a lesson: its header, the visible lines of its laid-out document, the outline
//! beside it on a wide screen, and the status bar.

use super::{fit, status_line, visible_lines};
use crate::content::Entry;
use crate::document::display_width;
use crate::lesson;
use crate::ui::app::App;
use crate::ui::layout::lesson_areas;
use crate::ui::lesson::{Hints, LessonView};
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// The lesson `view` shows, of the app's library.
pub(super) struct LessonScreen<'a> {
    pub(super) app: &'a App,
    pub(super) view: &'a LessonView,
}

impl Widget for LessonScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let LessonScreen { app, view } = self;
        let theme = app.theme;
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
        let trail = without_loops(trail);
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
        let width = usize::from(areas.header.width);
        let title = fit(&entry.title, width.saturating_sub(1));
        let facts_room = width.saturating_sub(display_width(&title) + 3);
        let header = vec![
            Line::from(vec![
                Span::styled(format!(" {title}"), theme.title()),
                Span::raw("  "),
                Span::styled(header_facts(entry, facts_room), theme.level(entry.level)),
            ]),
            Line::styled(format!(" {}", fit(&crumb, width.saturating_sub(1))), theme.dim()),
            match journey {
                Some(journey) => Line::from(vec![
                    Span::styled(format!(" {journey}"), theme.key()),
                    Span::styled("  n next step · p previous", theme.dim()),
                ]),
                None => Line::styled("─".repeat(usize::from(areas.header.width)), theme.dim()),
            },
        ];
        Paragraph::new(header).render(areas.header, buf);

        let height = usize::from(areas.body.height);
        let lines = visible_lines(
            &view.document,
            &view.wrapped,
            view.scroll,
            areas.body.height,
            view.selected_link,
            theme,
        );
        Paragraph::new(lines).render(areas.body, buf);
        if let Some(hints) = &view.hints {
            draw_hints(buf, view, hints, areas.body, theme);
        }

        if let Some(outline) = areas.outline {
            let current = view.current_section();
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
            Paragraph::new(items)
                .block(Block::bordered().title(" Sections ").border_style(theme.dim()))
                .render(outline, buf);
        }

        let total = view.wrapped.lines.len();
        let percent = if total <= height {
            100
        } else {
            (view.scroll + height) * 100 / total
        };
        let position = format!("{percent}%");
        Paragraph::new(status_line(app, theme, position, areas.status.width)).render(areas.status, buf);
    }
}

/// Puts each hint's letters still to type over the start of its link, where the eye already
/// is, as vimium does.
fn draw_hints(buf: &mut Buffer, view: &LessonView, hints: &Hints, body: Rect, theme: Theme) {
    for (label, link) in hints.matching() {
        let Some(line) = view.wrapped.link_lines.get(*link).copied().flatten() else {
            continue;
        };
        let Some(row) = line.checked_sub(view.scroll).and_then(|row| u16::try_from(row).ok()) else {
            continue;
        };
        let Some(spans) = view.wrapped.lines.get(line) else {
            continue;
        };
        let column: usize = spans
            .iter()
            .take_while(|span| span.link != Some(*link))
            .map(|span| crate::document::display_width(&span.text))
            .sum();
        let (Ok(column), true) = (u16::try_from(column), row < body.height) else {
            continue;
        };
        if column < body.width {
            let left = label.get(hints.typed.len()..).unwrap_or_default();
            buf.set_stringn(
                body.x + column,
                body.y + row,
                left,
                usize::from(body.width - column),
                theme.selected(),
            );
        }
    }
}

/// The path from home to here: a return home starts the path again, and coming back to a
/// place already on it cuts the detour (`home › Password › home › Backup Codes` is not a
/// path; `home › Backup Codes` is).
fn without_loops(trail: Vec<String>) -> Vec<String> {
    let mut path: Vec<String> = Vec::new();
    for place in trail {
        if place == "home" {
            path.clear();
        }
        match path.iter().position(|earlier| *earlier == place) {
            Some(at) => path.truncate(at + 1),
            None => path.push(place),
        }
    }
    path
}

/// The level, tags and verified date beside the title, within `width` columns: the level and
/// the date first, then as many whole tags as fit, and "+N" for those left out; cut with `…`
/// only when even the level and date do not fit.
fn header_facts(entry: &Entry, width: usize) -> String {
    let date = entry.verified.as_ref().map(|date| format!("verified {date}"));
    let leading = lesson::leading_facts(entry);
    let fixed: Vec<String> = leading.iter().cloned().chain(date.clone()).collect();
    let fixed_width: usize = fixed.iter().map(|fact| display_width(fact) + 3).sum();
    let room = width.saturating_sub(fixed_width);
    let tags: Vec<String> = entry.tags.iter().map(|tag| format!("#{tag}")).collect();
    let all_width: usize = tags.iter().map(|tag| display_width(tag) + 1).sum();
    let tags = if all_width <= room {
        tags
    } else {
        // Whole tags that fit, in order, leaving room for "+N".
        let mut room = room.saturating_sub(4);
        let kept: Vec<String> = tags
            .iter()
            .filter(|tag| {
                let needed = display_width(tag) + 1;
                let fits = needed <= room;
                if fits {
                    room -= needed;
                }
                fits
            })
            .cloned()
            .collect();
        let left_out = tags.len() - kept.len();
        kept.into_iter()
            .chain(std::iter::once(format!("+{left_out}")))
            .collect()
    };
    let mut facts = leading;
    if !tags.is_empty() {
        facts.push(tags.join(" "));
    }
    facts.extend(date);
    fit(&facts.join(" · "), width)
}

#[cfg(test)]
mod tests {
    use super::header_facts;
    use crate::content::load_bundled;

    /// At 80 columns the header cut the date ("verified 2026-11") and a tag mid-word: whole
    /// tags give way first, and the level and date stay.
    #[test]
    fn the_breadcrumb_is_a_path_without_loops() {
        let path = |places: &[&str]| super::without_loops(places.iter().map(|place| place.to_string()).collect());
        assert_eq!(
            path(&["home", "Password", "home", "Backup Codes"]),
            ["home", "Backup Codes"]
        );
        assert_eq!(path(&["home", "A", "B", "A", "C"]), ["home", "A", "C"]);
        assert_eq!(path(&["home", "A", "B", "C"]), ["home", "A", "B", "C"]);
    }

    #[test]
    fn the_header_drops_whole_tags_before_the_date() {
        let library = load_bundled().library;
        let entry = library
            .entries()
            .iter()
            .find(|entry| entry.tags.len() >= 3 && entry.verified.is_some())
            .expect("a lesson with tags and a date");
        let date = format!("verified {}", entry.verified.as_ref().expect("a date"));
        let whole = header_facts(entry, 500);
        assert!(whole.ends_with(&date), "{whole}");
        let narrow = header_facts(entry, whole.chars().count() - 1);
        assert!(narrow.ends_with(&date), "{narrow}");
        assert!(narrow.contains(" +"), "says how many tags were left out: {narrow}");
        for word in narrow.split(' ').filter(|word| word.starts_with('#')) {
            assert!(
                entry.tags.iter().any(|tag| word == format!("#{tag}")),
                "{word} is whole"
            );
        }
        assert!(narrow.chars().count() < whole.chars().count());
        let tiny = header_facts(entry, 10);
        assert!(tiny.chars().count() <= 10 && tiny.ends_with('…'), "{tiny}");
    }
}
