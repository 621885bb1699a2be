//! Drawing: a pure function of the [`App`] state onto a frame.
//!
//! Nothing here changes state. Lessons are drawn from the layout cached in the state, so a
//! frame costs only converting the visible lines into ratatui spans.

use super::app::{App, Screen};
use super::home::{Grouping, HomeContent, HomeRow, PreviewedHome};
use super::keymap::bindings;
use super::theme::Theme;
use crate::document::{Document, LinkTarget, Wrapped};
use crate::lesson;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// Below this size the app asks for a bigger terminal instead of drawing a broken layout.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// The section outline appears beside the lesson from this width on.
pub const OUTLINE_MIN_WIDTH: u16 = 100;
/// From this width on, search shows the selected result's preview beside the results.
pub const PREVIEW_MIN_WIDTH: u16 = 120;
const OUTLINE_WIDTH: u16 = 24;
/// The widest a line of lesson text gets.
const MAX_TEXT_WIDTH: u16 = 100;
const HEADER_HEIGHT: u16 = 3;
const STATUS_HEIGHT: u16 = 1;

/// The width and height of the lesson text area for a screen of this size. The state uses
/// it to wrap; [`draw`] lays out the same rectangle.
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
struct SearchAreas {
    input: Rect,
    count: Rect,
    results: Rect,
    preview: Option<Rect>,
}

fn search_areas(area: Rect) -> SearchAreas {
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
fn list_offset(selected: usize, height: u16) -> usize {
    selected.saturating_sub(usize::from(height).saturating_sub(1))
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
    // Lines longer than about 100 columns are hard to read, so on wide screens the text
    // stops there and the outline sits right beside it.
    let text_width = main.width.min(MAX_TEXT_WIDTH + 2);
    let (text, outline) = if area.width >= OUTLINE_MIN_WIDTH {
        let [text, outline, _] = Layout::horizontal([
            Constraint::Max(text_width),
            Constraint::Length(OUTLINE_WIDTH),
            Constraint::Min(0),
        ])
        .areas(main);
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
    if drew_too_small(frame, theme) {
        return;
    }
    // Search takes the whole screen, as fzf's and television's pickers do: more rows for
    // results, and nothing drawn underneath that it would hide (on every keystroke, the
    // screen below cost as much to draw as the results).
    if let Some(search) = &app.search {
        draw_search(app, search, frame, area, theme);
    } else {
        draw_screen(app, frame, area, theme);
    }
    if app.help_open {
        draw_help(app, frame, area, theme);
    }
}

/// The current screen, without the overlays.
fn draw_screen(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    match app.screen {
        Screen::Home => draw_home(app, frame, area, theme),
        Screen::Lesson => draw_lesson(app, frame, area, theme),
        Screen::Compare => draw_compare(app, frame, area, theme),
        Screen::Map => draw_map(app, frame, area, theme),
        Screen::Check => {
            let status = status_line(app, theme, String::new(), area.width);
            super::check_view::draw_check(app, frame, area, theme, status);
        }
        Screen::Stats => {
            let status = status_line(app, theme, String::new(), area.width);
            super::check_view::draw_stats(app, frame, area, theme, status);
        }
    }
}

/// The screen shown while a large content folder loads: what is loading, for how long, and
/// how to leave. `what` comes from the command line, so it is cleaned like content.
/// `typed_ahead` keys have been typed meanwhile: they are kept for when the lessons are there,
/// and from the first one on only Ctrl-C leaves (a `q` may be part of a query).
pub fn draw_loading(frame: &mut Frame, what: &str, elapsed: std::time::Duration, typed_ahead: usize) {
    let theme = Theme::from_env();
    let area = frame.area();
    let (kept, quit) = match typed_ahead {
        0 => (String::new(), "q"),
        1 => ("1 key typed, kept for when the lessons are loaded".to_owned(), "Ctrl-C"),
        keys => (
            format!("{keys} keys typed, kept for when the lessons are loaded"),
            "Ctrl-C",
        ),
    };
    let lines = vec![
        Line::styled("lexicon", theme.title()),
        Line::from(""),
        Line::from(format!(
            "Loading lessons from {}…",
            crate::content::sanitize::sanitize(what)
        )),
        Line::styled(format!("{:.1} s", elapsed.as_secs_f64()), theme.dim()),
        Line::styled(kept, theme.dim()),
        Line::from(vec![
            Span::styled(quit, theme.key()),
            Span::styled(" quit", theme.dim()),
        ]),
    ];
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let top = area.height.saturating_sub(height) / 2;
    let body = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(ratatui::layout::Alignment::Center)
            .wrap(Wrap { trim: true }),
        body,
    );
}

/// A count with its thousands grouped by commas (`30,000`), as large libraries show them.
fn grouped(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn draw_search(app: &App, search: &super::app::SearchState, frame: &mut Frame, area: Rect, theme: Theme) {
    let block = Block::bordered()
        .title(" Search ")
        .title_bottom(Line::from(key_hints(super::keymap::SEARCH_BINDINGS, theme)));
    frame.render_widget(block, area);
    let SearchAreas {
        input,
        count,
        results,
        preview,
    } = search_areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" / ", theme.key()),
            if search.query_selected {
                Span::styled(search.query.as_str(), theme.selected())
            } else {
                Span::raw(search.query.as_str())
            },
            Span::styled("▏", theme.key()),
        ])),
        input,
    );
    let total = app.library.entries().len();
    frame.render_widget(
        Paragraph::new(Line::styled(
            if search.pending {
                format!(" {} of {} · searching…", grouped(search.results.len()), grouped(total))
            } else {
                format!(" {} of {}", grouped(search.results.len()), grouped(total))
            },
            theme.dim(),
        )),
        count,
    );

    let height = usize::from(results.height);
    let offset = list_offset(search.selected, results.height);
    let entries = app.library.entries();
    let lines: Vec<Line> = search
        .results
        .ranked()
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(position, hit)| {
            let entry = &entries[hit.index];
            let selected = position == search.selected;
            let mut spans = vec![Span::raw(if selected { "▶ " } else { "  " })];
            let highlights = crate::search::title_highlights(&entry.title, &search.query);
            spans.extend(marked_spans(&entry.title, &highlights, Style::new(), theme));
            if let Some(why) = match_reason(entry, hit.matched) {
                spans.push(Span::styled(format!("  · {why}"), theme.dim()));
            }
            spans.push(Span::raw("  "));
            spans.push(Span::styled(entry.level.as_str(), theme.level(entry.level)));
            spans.push(Span::raw("  "));
            // What is left of the row after the title and level, for the definition.
            let used: usize = spans.iter().map(Span::width).sum();
            let left = usize::from(results.width).saturating_sub(used);
            if hit.by_definition() {
                // Matched in its definition only: show the words that matched, in context.
                let (snippet, marked) = definition_snippet(&entry.one_line_definition(), &search.query, left);
                // Owned: the snippet lives only as long as this row is being built.
                spans.extend(
                    marked_spans(&snippet, &marked, theme.dim(), theme)
                        .map(|span| Span::styled(span.content.into_owned(), span.style)),
                );
            } else {
                // Only what fits: the rest would be laid out only to be cut.
                spans.push(Span::styled(entry.one_line_definition_within(left), theme.dim()));
            }
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
        draw_rows(frame, results, lines);
    }
    if let Some(preview) = preview
        && let Some(hit) = search.results.get(search.selected)
    {
        draw_preview(app, &entries[hit.index], &search.query, frame, preview, theme);
    }
}

/// How many columns the alias or tag a result matched by may take.
const MATCH_REASON_COLUMNS: usize = 32;

/// Why a result matched, when its title does not show it: the alias or the tag.
fn match_reason(entry: &crate::content::Entry, matched: crate::search::Matched) -> Option<String> {
    use crate::search::Matched;
    let clip = |text: &str| {
        if unicode_width::UnicodeWidthStr::width(text) <= MATCH_REASON_COLUMNS {
            return text.to_owned();
        }
        let mut clipped = String::new();
        let mut width = 0;
        for c in text.chars() {
            width += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if width >= MATCH_REASON_COLUMNS {
                break;
            }
            clipped.push(c);
        }
        clipped.push('…');
        clipped
    };
    match matched {
        Matched::Alias(at) => Some(format!("alias: {}", clip(entry.aliases.get(usize::from(at))?))),
        Matched::Tag(at) => Some(format!("tag: #{}", clip(entry.tags.get(usize::from(at))?))),
        _ => None,
    }
}

/// What a search result is about before it is opened, as the pickers of television and helix
/// show it: the title, level and tags, the whole definition (with the query's words marked
/// where they occur), other names, related terms.
fn draw_preview(app: &App, entry: &crate::content::Entry, query: &str, frame: &mut Frame, area: Rect, theme: Theme) {
    let block = Block::new()
        .borders(ratatui::widgets::Borders::LEFT)
        .border_style(theme.dim())
        .padding(ratatui::widgets::Padding::horizontal(1));
    let mut facts = vec![Span::styled(entry.level.as_str(), theme.level(entry.level))];
    if !entry.tags.is_empty() {
        facts.push(Span::styled(format!(" · {}", entry.tags.join(", ")), theme.dim()));
    }
    let definition = entry.one_line_definition();
    let (snippet, marked) = definition_snippet(&definition, query, usize::MAX);
    let mut lines = vec![
        Line::styled(entry.title.as_str(), theme.title()),
        Line::from(facts),
        Line::from(""),
        Line::from(marked_spans(&snippet, &marked, Style::new(), theme).collect::<Vec<_>>()),
    ];
    let titles = |ids: &[String]| -> String {
        ids.iter()
            .map(|id| {
                app.library
                    .get(id)
                    .map_or(id.as_str(), |related| related.title.as_str())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (label, names) in [
        ("Also called: ", entry.aliases.join(", ")),
        ("Related: ", titles(&entry.related)),
    ] {
        if !names.is_empty() {
            lines.push(Line::from(""));
            lines.push(Line::from(vec![Span::styled(label, theme.dim()), Span::raw(names)]));
        }
    }
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), area);
}

/// Draws one line per row of `area`. A list is drawn a `Line` per row rather than as one
/// `Paragraph`, which lays the whole text out again: cheaper on every keystroke, and a
/// selected line's style fills its row, so the selection shows as a full-width bar.
fn draw_rows(frame: &mut Frame, area: Rect, lines: Vec<Line>) {
    for (row, line) in area.rows().zip(lines) {
        frame.render_widget(line, row);
    }
}

/// `text` cut into runs of characters that are all matched or all not, as slices of `text`
/// with whether they are matched (`matched` holds character positions). A row is drawn from
/// a span per run rather than a span per character.
fn highlighted_runs<'a>(text: &'a str, matched: &[usize]) -> impl Iterator<Item = (&'a str, bool)> {
    let mut chars = text.char_indices().enumerate().peekable();
    std::iter::from_fn(move || {
        let (position, (start, _)) = chars.next()?;
        let is_matched = matched.contains(&position);
        let mut end = text.len();
        while let Some(&(next_position, (next_start, _))) = chars.peek() {
            if matched.contains(&next_position) != is_matched {
                end = next_start;
                break;
            }
            chars.next();
        }
        Some((&text[start..end], is_matched))
    })
}

/// `text` as spans, its characters at the positions in `marked` in the matched style (bold
/// and underlined, so they show without colour too), the rest in `plain`.
fn marked_spans<'a>(text: &'a str, marked: &[usize], plain: Style, theme: Theme) -> impl Iterator<Item = Span<'a>> {
    highlighted_runs(text, marked)
        .map(move |(run, matched)| Span::styled(run, if matched { theme.matched() } else { plain }))
}

/// How many characters of a definition a snippet shows before its first matched word.
const SNIPPET_CONTEXT: usize = 24;

/// The part of a one-line `definition` that shows where `query`'s words occur, at most
/// `columns` characters, with the character positions of the words in it (for
/// [`highlighted_runs`]): the start of the definition when the first of them shows there,
/// otherwise `… ` and the definition from a word start a little before it.
fn definition_snippet(definition: &str, query: &str, columns: usize) -> (String, Vec<usize>) {
    let marks = crate::search::word_highlights(definition, query);
    let first = marks.first().map_or(0..0, Clone::clone);
    let start = if definition[..first.end].chars().count() <= columns {
        0
    } else {
        definition[..first.start]
            .char_indices()
            .rev()
            .nth(SNIPPET_CONTEXT.min(columns / 3))
            .map_or(0, |(at, _)| {
                // On to the next word, unless that is past the match itself.
                definition[at..first.start].find(' ').map_or(at, |space| at + space + 1)
            })
    };
    let prefix = if start > 0 { "… " } else { "" };
    let mut snippet = prefix.to_owned();
    let mut marked = Vec::new();
    for (position, (at, c)) in definition[start..].char_indices().take(columns).enumerate() {
        if marks.iter().any(|mark| mark.contains(&(start + at))) {
            marked.push(prefix.chars().count() + position);
        }
        snippet.push(c);
    }
    (snippet, marked)
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

/// Draws "terminal too small" when the frame is below the smallest size the screens are laid
/// out for; true when it did, and nothing else should be drawn.
fn drew_too_small(frame: &mut Frame, theme: Theme) -> bool {
    let area = frame.area();
    if area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT {
        return false;
    }
    let lines = vec![
        Line::styled("terminal too small", theme.warning()),
        Line::from(format!("{}x{}, need {MIN_WIDTH}x{MIN_HEIGHT}", area.width, area.height)),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
    true
}

/// The status bar: a notice if there is one, else the essential keys that fit, then the
/// position. Hints that would be cut off are left out whole.
fn status_line(app: &App, theme: Theme, right: String, width: u16) -> Line<'static> {
    use super::check::CheckPhase;
    use super::keymap::{CheckStep, check_step_bindings};
    // A check offers the keys of its current step, not every key it has.
    let keys = match (app.screen, app.check.as_deref()) {
        (Screen::Check, Some(check)) => check_step_bindings(match check.phase {
            CheckPhase::Judge => CheckStep::Judge,
            CheckPhase::Confidence { .. } => CheckStep::Confidence,
            CheckPhase::Reveal { .. } => CheckStep::Reveal,
            CheckPhase::Summary => CheckStep::Summary,
        }),
        (screen, _) => bindings(screen),
    };
    status_bar(app.notice.as_deref(), keys, theme, right, width)
}

/// [`status_line`] offering `keys`, with `notice` if there is one.
fn status_bar(
    notice: Option<&str>,
    keys: &[super::keymap::Binding],
    theme: Theme,
    right: String,
    width: u16,
) -> Line<'static> {
    if let Some(notice) = notice {
        return Line::from(vec![Span::styled(format!(" {notice}"), theme.warning())]);
    }
    let right = format!(" {right} ");
    let mut room = usize::from(width).saturating_sub(right.chars().count());
    let mut spans = Vec::new();
    for (binding, short) in keys.iter().filter_map(|b| Some((b, b.short?))) {
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
    let home = HomeFrame {
        content: app.library.as_ref(),
        title_width: app.title_width,
        grouping: app.grouping,
        rows: &app.home_rows,
        total_rows: app.home_rows.len(),
        selected: app.home_selected,
        until_next_due: app.next_due().map(|next| next - app.now),
    };
    draw_home_frame(&home, frame, area, theme, |position, width| {
        status_line(app, theme, position, width)
    });
}

/// The home drawn from the parsed cache's preview while the library loads, the same as the
/// home it stands for but for the status bar's right end, which says it is loading (and how
/// many keys typed meanwhile are kept for it).
pub fn draw_home_preview(frame: &mut Frame, home: &PreviewedHome, typed_ahead: usize) {
    let theme = Theme::from_env();
    if drew_too_small(frame, theme) {
        return;
    }
    let area = frame.area();
    let shown = HomeFrame {
        content: &home.preview,
        title_width: home.preview.widest_title,
        grouping: Grouping::Level,
        rows: &home.rows,
        total_rows: home.total_rows,
        selected: home.selected,
        until_next_due: home.until_next_due,
    };
    draw_home_frame(&shown, frame, area, theme, |position, width| {
        let loading = match typed_ahead {
            0 => "loading…".to_owned(),
            1 => "1 key kept, loading…".to_owned(),
            keys => format!("{keys} keys kept, loading…"),
        };
        status_bar(
            home.notice.as_deref(),
            bindings(Screen::Home),
            theme,
            format!("{loading}  {position}"),
            width,
        )
    });
}

/// One frame of the home, from the library or a preview of it.
struct HomeFrame<'a, C: HomeContent> {
    content: &'a C,
    /// The widest title in columns, worked out once per library, not per frame.
    title_width: usize,
    grouping: Grouping,
    rows: &'a [HomeRow],
    /// How many rows the home has; a preview's `rows` are only the first of them.
    total_rows: usize,
    selected: usize,
    /// How long until the next review falls due, when none is due now.
    until_next_due: Option<chrono::TimeDelta>,
}

/// Draws the home: header, search box, rows, and the status bar `status(position, width)`.
fn draw_home_frame<C: HomeContent>(
    home: &HomeFrame<C>,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    status: impl FnOnce(String, u16) -> Line<'static>,
) {
    let [header, list_area, status_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let grouping = match home.grouping {
        Grouping::Level => "by level",
        Grouping::Tag => "by tag",
    };
    let lessons = home.content.lesson_count();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" lexicon", theme.title()),
            Span::styled(
                format!("  {} lessons on account and crypto security", grouped(lessons)),
                theme.dim(),
            ),
            Span::styled(format!("  · terms {grouping}"), theme.dim()),
        ])),
        header,
    );
    // The search box: `/` from anywhere opens it.
    let search_row = Rect {
        y: header.y + 1,
        height: 1,
        ..header
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" / ", theme.key()),
            Span::styled("Search titles, aliases and tags…", theme.dim()),
        ])),
        search_row,
    );

    let height = usize::from(list_area.height);
    // Keep the selection in view, and show its group heading when it is the first row.
    let offset = list_offset(home.selected, list_area.height);
    let title_width = home.title_width.min(32);
    let journeys = home.content.journeys();
    let journey_width = journeys
        .iter()
        .map(|journey| journey.title.chars().count())
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
                    Span::styled(format!("{due} statements due, press r"), theme.key())
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
                Line::from(vec![
                    marker,
                    Span::raw(pad(title, journey_width.min(40))),
                    Span::raw("  "),
                    Span::styled("■".repeat(filled), theme.level(crate::content::Level::Beginner)),
                    Span::styled("□".repeat(10 - filled), theme.dim()),
                    Span::styled(format!(" {:>5} read  ", format!("{read}/{total}")), theme.dim()),
                    Span::styled(
                        journey.map_or(String::new(), |journey| journey.description.to_owned()),
                        theme.dim(),
                    ),
                ])
            }
            HomeRow::Term(index) => {
                let term = home.content.term(*index);
                Line::from(vec![
                    marker,
                    Span::raw(pad(term.title, title_width)),
                    Span::raw("  "),
                    Span::styled(format!("{:<14}", term.level.as_str()), theme.level(term.level)),
                    Span::styled(
                        crate::content::model::one_line(term.definition, usize::from(list_area.width)),
                        theme.dim(),
                    ),
                ])
            }
        };
        if selected {
            line = line.patch_style(theme.selected());
        }
        lines.push(line);
    }
    if lessons == 0 {
        lines.push(Line::styled(
            "  No lessons loaded. Run `lexicon check` to see why.",
            theme.warning(),
        ));
    }
    draw_rows(frame, list_area, lines);
    let position = format!("{}/{}", grouped(home.selected + 1), grouped(home.total_rows));
    frame.render_widget(Paragraph::new(status(position, status_area.width)), status_area);
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
            super::app::Place::Compare(_) => "compare".to_owned(),
            super::app::Place::Map(_) => "map".to_owned(),
            super::app::Place::Check(check) => format!("check: {}", check.title),
            super::app::Place::Stats => "stats".to_owned(),
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
        Screen::Compare => " Keys: compare ",
        Screen::Map => " Keys: map ",
        Screen::Check => " Keys: calibration check ",
        Screen::Stats => " Keys: stats ",
    };
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(title)), popup);
}

/// The compare screen's text area: everything but the status bar, with a margin.
fn compare_area(width: u16, height: u16) -> Rect {
    Rect::new(1, 0, width.saturating_sub(2), height.saturating_sub(STATUS_HEIGHT))
}

/// The comparison table's lines at the screen's width, for drawing and scrolling.
fn compare_lines(app: &App) -> Vec<String> {
    let Some(view) = &app.compare else { return Vec::new() };
    let (Some(left), Some(right)) = (app.library.get(&view.left), app.library.get(&view.right)) else {
        return Vec::new();
    };
    let width = usize::from(compare_area(app.width, app.height).width);
    let rows = match &view.rows {
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

/// How many lines the comparison takes at the current size.
pub fn compare_line_count(app: &App) -> usize {
    compare_lines(app).len()
}

fn draw_compare(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let Some(view) = &app.compare else { return };
    let body = compare_area(area.width, area.height);
    let titles = [&view.left, &view.right].map(|id| app.library.get(id).map_or(id.clone(), |e| e.title.clone()));
    let lines: Vec<Line> = compare_lines(app)
        .into_iter()
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

fn draw_map(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    use super::app::MapNode;
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

/// "5 min", "3 h", "2 days": how long until something, roughly.
fn human_duration(span: chrono::TimeDelta) -> String {
    let minutes = span.num_minutes().max(1);
    match minutes {
        0..60 => format!("{minutes} min"),
        60..2880 => format!("{} h", minutes / 60),
        _ => format!("{} days", minutes / 1440),
    }
}

/// The lines of a laid-out document from `scroll` on that fit in `height` rows, styled by the
/// theme, with the selected link reversed and broken links marked.
pub(super) fn visible_lines<'a>(
    document: &Document,
    wrapped: &'a Wrapped,
    scroll: usize,
    height: u16,
    selected_link: Option<usize>,
    theme: Theme,
) -> Vec<Line<'a>> {
    let is_broken = |link: usize| matches!(document.links.get(link).map(|l| &l.target), Some(LinkTarget::Broken(_)));
    wrapped
        .lines
        .iter()
        .skip(scroll)
        .take(usize::from(height))
        .map(|spans| {
            Line::from(
                spans
                    .iter()
                    .map(|span| {
                        let broken = span.link.is_some_and(is_broken);
                        Span::styled(span.text.as_str(), theme.span(span, selected_link, broken))
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{definition_snippet, grouped, highlighted_runs};

    /// The marked characters of a snippet, as text.
    fn marked_text(snippet: &str, marked: &[usize]) -> String {
        snippet
            .chars()
            .enumerate()
            .filter(|(position, _)| marked.contains(position))
            .map(|(_, c)| c)
            .collect()
    }

    #[test]
    fn a_snippet_starts_at_the_start_when_the_first_word_shows_there() {
        let definition = "An attacker guesses codes until one works.";
        let (snippet, marked) = definition_snippet(definition, "ATTACKER codes", 60);
        assert_eq!(snippet, definition);
        assert_eq!(marked_text(&snippet, &marked), "attackercodes");
    }

    #[test]
    fn a_snippet_leads_to_a_word_further_on_from_a_word_start_before_it() {
        let definition = "Rate limiting is a service's limit on how many sign-in attempts it will accept, so an \
                          attacker cannot simply keep guessing.";
        let (snippet, marked) = definition_snippet(definition, "attacker", 40);
        assert!(snippet.starts_with("… "), "{snippet}");
        assert!(snippet.chars().count() <= 40 + 2, "{snippet}");
        assert_eq!(marked_text(&snippet, &marked), "attacker");
        // Cut at a word start: the character after `… ` begins a word of the definition.
        let rest = &snippet["… ".len()..];
        let at = definition.find(rest).expect("a piece of the definition");
        assert_eq!(&definition[at - 1..at], " ");
        // A narrower row keeps less before the word, so that the word still shows.
        let (narrow, marked) = definition_snippet(definition, "attacker", 20);
        assert_eq!(marked_text(&narrow, &marked), "attacker", "{narrow}");
    }

    #[test]
    fn a_title_is_drawn_in_runs_of_matched_and_unmatched_characters() {
        let runs: Vec<_> = highlighted_runs("Clé d'accès", &[0, 1, 2, 10]).collect();
        assert_eq!(runs, [("Clé", true), (" d'accè", false), ("s", true)]);
        assert_eq!(highlighted_runs("abc", &[]).collect::<Vec<_>>(), [("abc", false)]);
        assert_eq!(highlighted_runs("", &[0]).count(), 0);
    }

    #[test]
    fn counts_group_their_thousands() {
        for (count, shown) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1,000"),
            (30_000, "30,000"),
            (100_011, "100,011"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(grouped(count), shown);
        }
    }
}
