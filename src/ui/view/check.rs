//! Drawing the calibration check (statement, reveal, summary) and the stats screen.

use super::{draw_scrolled, fit, status_line};
use crate::quiz::{Calibration, Confidence, Verdict};
use crate::ui::app::App;
use crate::ui::check::{CheckPhase, CheckState, reveal_brier};
use crate::ui::layout::check_areas;
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// The calibration check `check` under way: its header, the statement (with the reveal) or
/// the summary, and the status bar.
pub(super) struct CheckScreen<'a> {
    pub(super) app: &'a App,
    pub(super) check: &'a CheckState,
}

impl Widget for CheckScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let CheckScreen { app, check } = self;
        let theme = app.theme;
        let status = status_line(app, theme, String::new(), area.width);
        let [header, body, status_area] = check_areas(area);
        let total = check.statements.len();
        let right = check.answers.iter().filter(|answer| answer.correct).count();
        let position = match check.phase {
            CheckPhase::Summary => format!("{total} of {total} answered"),
            _ => format!("Statement {} of {total}", check.index + 1),
        };
        // Cut with `…` when narrow: the title first keeps what it can, then the count.
        let width = usize::from(header.width);
        let title = fit(&format!(" Calibration check: {}", check.title), width);
        let count = fit(
            &format!("  {position} · {right} right"),
            width.saturating_sub(unicode_width::UnicodeWidthStr::width(title.as_str())),
        );
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(title, theme.title()),
                Span::styled(count, theme.dim()),
            ]),
            Line::styled("─".repeat(usize::from(header.width)), theme.dim()),
        ])
        .render(header, buf);
        match check.phase {
            CheckPhase::Summary => draw_summary(app, check, buf, body, theme),
            phase => draw_statement(app, check, phase, buf, body, theme),
        }
        Paragraph::new(status).render(status_area, buf);
    }
}

fn draw_statement(app: &App, check: &CheckState, phase: CheckPhase, buf: &mut Buffer, body: Rect, theme: Theme) {
    let Some(statement) = check.current() else { return };
    // A review mixes lessons: each statement says which it is from.
    let asked = match app.library.get(&statement.entry_id).filter(|_| check.names_lessons) {
        Some(entry) => format!("Myth or Fact? (from {})", entry.title),
        None => "Myth or Fact?".to_owned(),
    };
    let mut lines = vec![
        Line::styled(asked, theme.dim()),
        Line::raw(""),
        Line::styled(statement.text.clone(), Style::new().add_modifier(Modifier::BOLD)),
        Line::raw(""),
    ];
    match phase {
        CheckPhase::Judge => {
            lines.push(Line::from(vec![
                Span::styled("m", theme.key()),
                Span::raw(" "),
                verdict_span(Verdict::Myth, theme),
                Span::raw("    "),
                Span::styled("f", theme.key()),
                Span::raw(" "),
                verdict_span(Verdict::Fact, theme),
            ]));
        }
        CheckPhase::Confidence { answer, chosen } => {
            lines.push(Line::from(vec![
                Span::raw("You said "),
                verdict_span(answer, theme),
                Span::raw(". How sure are you?"),
            ]));
            let mut keys = Vec::new();
            for level in Confidence::ALL {
                keys.push(Span::styled(level.key().to_string(), theme.key()));
                let label = format!("{}%", level.percent());
                keys.push(Span::raw(" "));
                // The level chosen is reversed, so it reads without colour.
                keys.push(if chosen == Some(level) {
                    Span::styled(label, theme.selected())
                } else {
                    Span::raw(label)
                });
                keys.push(Span::raw("   "));
            }
            lines.push(Line::from(keys));
            lines.push(Line::raw(""));
            lines.push(match chosen {
                Some(level) => Line::from(vec![
                    Span::styled("Enter", theme.key()),
                    Span::raw(format!(
                        " to answer {} at {}% (another key changes it)",
                        capitalized(answer.as_str()),
                        level.percent()
                    )),
                ]),
                None => Line::styled("Press a key for how sure, then Enter.", theme.dim()),
            });
        }
        CheckPhase::Reveal {
            answer,
            confidence,
            correct,
        } => {
            let (verdict, style) = if correct {
                ("Correct", theme.good())
            } else {
                ("Wrong", theme.warning())
            };
            lines.push(Line::from(vec![
                Span::styled(verdict, style.add_modifier(Modifier::BOLD | Modifier::REVERSED)),
                Span::raw("  It is a "),
                verdict_span(statement.answer, theme),
                Span::raw(". You said "),
                verdict_span(answer, theme),
                Span::raw(format!(" at {}%.", confidence.percent())),
            ]));
            // Both sides answered now: the pair can be read together.
            if check.other_side_answered {
                let other = match statement.answer {
                    Verdict::Myth => Verdict::Fact,
                    Verdict::Fact => Verdict::Myth,
                };
                lines.push(Line::from(vec![
                    Span::styled("Its pair, which you answered before: ", theme.dim()),
                    Span::raw(statement.other_side_text.clone()),
                    Span::raw(" ("),
                    verdict_span(other, theme),
                    Span::raw(")"),
                ]));
            }
            lines.push(Line::styled(
                format!(
                    "Brier score of this answer: {:.2} (0 is best, 1 is worst)",
                    reveal_brier(confidence, correct)
                ),
                theme.dim(),
            ));
            lines.push(Line::raw(""));
            lines.push(Line::styled("Why", theme.heading()));
        }
        CheckPhase::Summary => {}
    }
    // The same word wrapping as lessons, to know how tall the top part is.
    let wrapped_height: usize = lines
        .iter()
        .map(|line| {
            let text: String = line.spans.iter().map(|span| span.content.as_ref()).collect();
            crate::document::wrap_text(&text, usize::from(body.width)).len().max(1)
        })
        .sum();
    let top = Paragraph::new(lines).wrap(Wrap { trim: false });
    let top_height = u16::try_from(wrapped_height).unwrap_or(u16::MAX).min(body.height);
    let [top_area, explanation_area] =
        Layout::vertical([Constraint::Length(top_height), Constraint::Min(0)]).areas(body);
    top.render(top_area, buf);
    if matches!(phase, CheckPhase::Reveal { .. }) {
        let lines = super::visible_lines(
            &check.explanation,
            &check.explanation_wrapped,
            check.scroll,
            explanation_area.height,
            check.selected_link,
            theme,
        );
        Paragraph::new(lines).render(explanation_area, buf);
    }
}

/// "✗ Myth" or "✓ Fact", each in its own colour: told apart by the symbol as well, so
/// they differ with NO_COLOR too.
fn verdict_span(verdict: Verdict, theme: Theme) -> Span<'static> {
    match verdict {
        Verdict::Myth => Span::styled("✗ Myth", theme.warning().add_modifier(Modifier::BOLD)),
        Verdict::Fact => Span::styled("✓ Fact", theme.good().add_modifier(Modifier::BOLD)),
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The widest track [`calibration_rows`] draws: wider says nothing more.
const TRACK_MAX: usize = 41;
/// Narrower than this, the rows leave the track out and keep the numbers.
const TRACK_MIN: usize = 11;

/// One row per confidence level used: the stated level, then a track from 0% to 100% with
/// the stated level (┼), the 95% interval of the accuracy (`[` `]`) and the accuracy (●) on
/// it, then the accuracy, the count and the interval in numbers:
/// ` 90%  ├─────[───●────]──┼─┤  67% (2/3), 95%: 21–94%`.
fn calibration_rows(calibration: &Calibration, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let used: Vec<_> = calibration.by_confidence.iter().filter(|b| b.answered > 0).collect();
    if used.is_empty() {
        return vec![Line::styled("  no answers yet", theme.dim())];
    }
    let numbers: Vec<String> = used
        .iter()
        .map(|bucket| {
            format!(
                "{:>4} ({}/{}), 95%: {}",
                bucket.accuracy_text(),
                bucket.correct,
                bucket.answered,
                bucket.interval_text()
            )
        })
        .collect();
    let numbers_width = numbers.iter().map(|text| text.chars().count()).max().unwrap_or(0);
    // "100%  " before the track, two spaces after it.
    let track = width.saturating_sub(6 + 2 + numbers_width).min(TRACK_MAX);
    let track = (track >= TRACK_MIN).then_some(track);
    let mut lines = Vec::new();
    if let Some(track) = track {
        let scale = format!("0%{:>width$}", "100%", width = track - 2);
        lines.push(Line::from(vec![
            Span::styled(format!("{:>4}  {scale}  ", "Said"), theme.dim()),
            Span::styled("right (count), interval", theme.dim()),
        ]));
    }
    for (bucket, numbers) in used.iter().zip(numbers) {
        let mut spans = vec![Span::raw(format!("{:>3}%  ", bucket.confidence.percent()))];
        if let Some(track) = track {
            spans.extend(track_spans(
                track,
                bucket.confidence.probability(),
                bucket.interval(),
                bucket.accuracy(),
                theme,
            ));
            spans.push(Span::raw("  "));
        }
        spans.push(Span::raw(numbers));
        lines.push(Line::from(spans));
    }
    if track.is_some() {
        lines.push(Line::styled(
            "      ┼ said   ● right   [ ] where right could be, 95% of the time",
            theme.dim(),
        ));
    }
    lines
}

/// A track of `cells` from 0% to 100%: `├─[──●──]─┼─┤`.
fn track_spans(
    cells: usize,
    said: f64,
    interval: Option<(f64, f64)>,
    right: Option<f64>,
    theme: Theme,
) -> Vec<Span<'static>> {
    let at = |share: f64| ((share.clamp(0.0, 1.0) * (cells - 1) as f64).round() as usize).min(cells - 1);
    let mut marks: Vec<char> = (0..cells)
        .map(|cell| match cell {
            0 => '├',
            cell if cell == cells - 1 => '┤',
            _ => '─',
        })
        .collect();
    if let Some((low, high)) = interval {
        marks[at(low)] = '[';
        marks[at(high)] = ']';
    }
    marks[at(said)] = '┼';
    if let Some(right) = right {
        marks[at(right)] = '●';
    }
    marks
        .into_iter()
        .map(|mark| match mark {
            '●' => Span::styled("●", theme.good()),
            '┼' => Span::styled("┼", theme.key()),
            other => Span::styled(other.to_string(), theme.dim()),
        })
        .collect()
}

/// `text` wrapped to `width`, each line in `style` and indented as `text` is.
fn wrapped(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let rest = text.trim_start_matches(' ');
    let indent = " ".repeat(text.len() - rest.len());
    crate::document::wrap_text(rest, width.saturating_sub(indent.len()).max(1))
        .into_iter()
        .map(|line| Line::styled(format!("{indent}{line}"), style))
        .collect()
}

/// A line of columns: never wrapped (that would break the columns), cut with `…` when it
/// is wider than `width`.
fn fitted(text: &str, width: usize, style: Style) -> Line<'static> {
    Line::styled(fit(text, width), style)
}

/// The lines of the check's summary at `width`: this check's result, then calibration over
/// every first attempt so far (a handful of answers cannot support a verdict), repeats
/// apart, the chart, and when the statements come back.
pub fn summary_lines(app: &App, check: &CheckState, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let calibration = check.calibration();
    let first = check.first_attempts();
    let repeats = check.answers.len() - first;
    let attempts = match (first, repeats) {
        (_, 0) => String::new(),
        (0, 1) => " (a repeat: you had answered it before)".to_owned(),
        (0, _) => " (all repeats: you had answered them before)".to_owned(),
        (first, repeats) => format!(
            " ({first} first {}, {repeats} {})",
            if first == 1 { "attempt" } else { "attempts" },
            if repeats == 1 { "repeat" } else { "repeats" }
        ),
    };
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let mut lines = wrapped(
        &format!(
            "You got {} of {} right{attempts}.",
            calibration.correct, calibration.answered
        ),
        width,
        bold,
    );
    lines.extend(wrapped(
        &format!(
            "Brier score: {} (0 to 1, lower is better; always 50% scores 0.250)",
            calibration.brier.map_or("-".to_owned(), |b| format!("{b:.3}"))
        ),
        width,
        Style::new(),
    ));
    if let Some(sure_and_wrong) = calibration.sure_and_wrong_line() {
        lines.extend(wrapped(&sure_and_wrong, width, theme.warning()));
    }
    lines.push(Line::raw(""));
    lines.extend(overall_lines(app, width, theme));
    lines.push(Line::raw(""));
    let wrong = check.answers.iter().filter(|answer| !answer.correct).count();
    let retry = match wrong {
        0 => String::new(),
        1 => " r retries the one you got wrong, as practice (kept as a repeat; no schedule moves).".to_owned(),
        n => format!(" r retries the {n} you got wrong, as practice (kept as repeats; no schedule moves)."),
    };
    let back = if check.practice {
        "Practice moves no review schedule".to_owned()
    } else {
        comes_back(app, check)
    };
    lines.extend(wrapped(&format!("{back}; Enter to finish.{retry}"), width, theme.dim()));
    lines
}

/// Calibration over every first attempt, the repeats apart, and the chart: what the summary
/// and the stats screen share.
fn overall_lines(app: &App, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let first = &app.stats.first_attempts;
    let mut lines = wrapped(
        &format!(
            "Over your {} first {} so far (the verdict counts only first attempts):",
            first.answered,
            if first.answered == 1 { "attempt" } else { "attempts" }
        ),
        width,
        theme.heading(),
    );
    lines.extend(wrapped(&first.verdict_line(), width, theme.key()));
    if let Some(parts) = first.decomposition_line() {
        lines.extend(wrapped(&parts, width, theme.dim()));
    }
    let repeats = &app.stats.repeats;
    if repeats.answered > 0 {
        lines.extend(wrapped(
            &format!(
                "Repeats, not in the verdict: {} {}, {} right, Brier {}",
                repeats.answered,
                if repeats.answered == 1 { "answer" } else { "answers" },
                repeats.correct,
                repeats.brier.map_or("-".to_owned(), |b| format!("{b:.3}"))
            ),
            width,
            theme.dim(),
        ));
    }
    lines.push(Line::raw(""));
    lines.extend(calibration_rows(first, width, theme));
    lines
}

fn draw_summary(app: &App, check: &CheckState, buf: &mut Buffer, body: Rect, theme: Theme) {
    let lines = summary_lines(app, check, usize::from(body.width), theme);
    draw_scrolled(buf, body, lines, check.scroll, theme);
}

/// When the statements of `check` come back for review, e.g. "Back for review: 1 in 1 min,
/// 4 in 10 min", from their cards.
fn comes_back(app: &App, check: &CheckState) -> String {
    let mut waits: Vec<chrono::Duration> = check
        .statements
        .iter()
        .take(check.answers.len())
        .filter_map(|statement| app.progress.cards.get(&statement.key))
        .map(|card| card.due() - app.now)
        .collect();
    if waits.is_empty() {
        return "Nothing was answered".to_owned();
    }
    waits.sort();
    let mut groups: Vec<(String, usize)> = Vec::new();
    for wait in waits {
        // Rounded to the nearest unit: a card due in 9 min 58 s is "10 min".
        let rounded = |unit: i64| (wait.num_seconds() + unit / 2) / unit;
        let text = if wait < chrono::Duration::minutes(59) {
            format!("{} min", rounded(60).max(1))
        } else if wait < chrono::Duration::hours(47) {
            format!("{} h", rounded(3600))
        } else {
            format!("{} days", rounded(86_400))
        };
        match groups.last_mut() {
            Some((last, count)) if *last == text => *count += 1,
            _ => groups.push((text, 1)),
        }
    }
    let parts: Vec<String> = groups
        .into_iter()
        .map(|(text, count)| format!("{count} in {text}"))
        .collect();
    format!("Back for review: {}", parts.join(", "))
}

/// The lines of the stats screen at `width`.
pub fn stats_lines(app: &App, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let stats = &app.stats;
    if stats.answered == 0 {
        return wrapped(
            "No answers yet. Open a lesson and press c to take its check.",
            width,
            Style::new(),
        );
    }
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let accuracy = stats.correct as f64 / stats.answered as f64 * 100.0;
    let mut lines = wrapped(
        &format!(
            "Answered {} · right {} ({accuracy:.0}%) · {} first {}, {} {}",
            stats.answered,
            stats.correct,
            stats.first_attempts.answered,
            if stats.first_attempts.answered == 1 {
                "attempt"
            } else {
                "attempts"
            },
            stats.repeats.answered,
            if stats.repeats.answered == 1 {
                "repeat"
            } else {
                "repeats"
            }
        ),
        width,
        bold,
    );
    lines.extend(wrapped(
        &{
            let due = app.due_keys().len();
            format!(
                "{due} {} due for review (r on home)",
                if due == 1 { "statement" } else { "statements" }
            )
        },
        width,
        theme.dim(),
    ));
    lines.extend(wrapped(
        "Brier scores run from 0 (best) to 1; the Good Judgment Project's scale is twice this.",
        width,
        theme.dim(),
    ));
    lines.push(Line::raw(""));
    let first = &stats.first_attempts;
    if let Some(line) = first.sure_and_wrong_line() {
        lines.extend(wrapped(&line, width, theme.warning()));
    }
    lines.extend(overall_lines(app, width, theme));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Week by week, first attempts", theme.heading()));
    lines.push(fitted(
        "  Week of      Answers  Bias (said − right)  Reliability",
        width,
        theme.dim(),
    ));
    for week in &stats.by_week {
        lines.push(fitted(
            &format!(
                "  {}  {:>7}  {:>+8.0} ± {:<2.0} points  {:>11.3}",
                week.week.format("%Y-%m-%d"),
                week.answered,
                week.bias_points,
                week.margin_points,
                week.reliability
            ),
            width,
            Style::new(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("By tag, first attempts", theme.heading()));
    match crate::quiz::most_overconfident(&stats.by_tag) {
        Some(tag) => lines.extend(wrapped(
            &format!("  Most overconfident: {}", tag.line()),
            width,
            theme.warning(),
        )),
        None => lines.extend(wrapped(
            "  No tag is overconfident beyond chance yet.",
            width,
            theme.dim(),
        )),
    }
    for tag in &stats.by_tag {
        lines.extend(wrapped(
            &format!("  {}/{} right · {}", tag.correct, tag.answered, tag.line()),
            width,
            Style::new(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Weakest terms, every answer", theme.heading()));
    if stats.weakest.is_empty() {
        lines.push(Line::styled("  (a term needs 3 answers to be ranked)", theme.dim()));
    }
    for weak in &stats.weakest {
        let title = app
            .library
            .get(&weak.entry_id)
            .map_or(weak.entry_id.as_str(), |e| e.title.as_str());
        let accuracy = weak.tally.accuracy().map_or(0.0, |a| a * 100.0);
        lines.extend(wrapped(
            &format!(
                "  {title}  {}/{} ({accuracy:.0}%)",
                weak.tally.correct, weak.tally.answered
            ),
            width,
            Style::new(),
        ));
    }
    lines
}

/// The stats screen: calibration over every answer so far, week by week, by tag, and the
/// weakest terms, in lines that scroll.
pub(super) struct StatsScreen<'a> {
    pub(super) app: &'a App,
}

impl Widget for StatsScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.app.theme);
        let status = status_line(app, theme, String::new(), area.width);
        let [header, body, status_area] = check_areas(area);
        Paragraph::new(vec![
            Line::styled(" Your calibration", theme.title()),
            Line::styled("─".repeat(usize::from(header.width)), theme.dim()),
        ])
        .render(header, buf);
        Paragraph::new(status).render(status_area, buf);
        let lines = stats_lines(app, usize::from(body.width), theme);
        draw_scrolled(buf, body, lines, app.stats_scroll, theme);
    }
}
