//! Drawing the calibration check (statement, reveal, summary) and the stats screen.

use super::app::App;
use super::check::{CheckPhase, CheckState, reveal_brier};
use super::theme::Theme;
use crate::quiz::{Calibration, Confidence, Stats};
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Sparkline, Wrap};

/// The check's layout: a two-line header, the body, and the status bar.
pub fn check_areas(area: Rect) -> [Rect; 3] {
    let [header, body, status] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let body = Rect {
        x: body.x.saturating_add(1),
        width: body.width.saturating_sub(2),
        ..body
    };
    [header, body, status]
}

pub fn draw_check(app: &App, frame: &mut Frame, area: Rect, theme: Theme, status: Line<'_>) {
    let Some(check) = app.check.as_deref() else { return };
    let [header, body, status_area] = check_areas(area);
    let total = check.statements.len();
    let right = check.results.iter().filter(|(_, correct)| *correct).count();
    let position = match check.phase {
        CheckPhase::Summary => format!("{total} of {total} answered"),
        _ => format!("Statement {} of {total}", check.index + 1),
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(format!(" Calibration check: {}", check.title), theme.title()),
                Span::styled(format!("  {position} · {right} right"), theme.dim()),
            ]),
            Line::styled("─".repeat(usize::from(header.width)), theme.dim()),
        ]),
        header,
    );
    match check.phase {
        CheckPhase::Summary => draw_summary(app, check, frame, body, theme),
        phase => draw_statement(check, phase, frame, body, theme),
    }
    frame.render_widget(Paragraph::new(status), status_area);
}

fn draw_statement(check: &CheckState, phase: CheckPhase, frame: &mut Frame, body: Rect, theme: Theme) {
    let Some(statement) = check.current() else { return };
    let mut lines = vec![
        Line::styled("Myth or Fact?", theme.dim()),
        Line::raw(""),
        Line::styled(statement.text.clone(), Style::new().add_modifier(Modifier::BOLD)),
        Line::raw(""),
    ];
    match phase {
        CheckPhase::Judge => {
            lines.push(Line::from(vec![
                Span::styled("m", theme.key()),
                Span::raw(" Myth    "),
                Span::styled("f", theme.key()),
                Span::raw(" Fact"),
            ]));
        }
        CheckPhase::Confidence(answer) => {
            lines.push(Line::from(vec![
                Span::raw("You said "),
                Span::styled(capitalized(answer.as_str()), Style::new().add_modifier(Modifier::BOLD)),
                Span::raw(". How sure are you?"),
            ]));
            let mut keys = Vec::new();
            for level in Confidence::ALL {
                keys.push(Span::styled(level.key().to_string(), theme.key()));
                keys.push(Span::raw(format!(" {}%   ", level.percent())));
            }
            lines.push(Line::from(keys));
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
                Span::raw(format!(
                    "  It is a {}. You said {} at {}%.",
                    capitalized(statement.answer.as_str()),
                    capitalized(answer.as_str()),
                    confidence.percent()
                )),
            ]));
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
    frame.render_widget(top, top_area);
    if matches!(phase, CheckPhase::Reveal { .. }) {
        let lines = super::view::visible_lines(
            &check.explanation,
            &check.explanation_wrapped,
            check.scroll,
            explanation_area.height,
            check.selected_link,
            theme,
        );
        frame.render_widget(Paragraph::new(lines), explanation_area);
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The calibration table: one row per confidence level with answers.
fn calibration_lines(calibration: &Calibration, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        format!(
            "{:>6}  {:>7}  {:>5}  {:>8}  {:>12}",
            "Sure", "Answers", "Right", "Accuracy", "95% interval"
        ),
        Style::new().add_modifier(Modifier::BOLD),
    )];
    for bucket in calibration.by_confidence.iter().filter(|b| b.answered > 0) {
        lines.push(Line::raw(format!(
            "{:>5}%  {:>7}  {:>5}  {:>8}  {:>12}",
            bucket.confidence.percent(),
            bucket.answered,
            bucket.correct,
            bucket.accuracy_text(),
            bucket.interval_text()
        )));
    }
    if calibration.answered == 0 {
        lines.push(Line::styled("  no answers yet", theme.dim()));
    }
    lines
}

/// Stated confidence against actual accuracy: for each level used, a "said" bar and a
/// "right" bar side by side, labelled so they read without colour.
fn calibration_chart<'a>(calibration: &Calibration, theme: Theme) -> BarChart<'a> {
    let mut chart = BarChart::default()
        .block(Block::bordered().title(" Said vs right, % ").border_style(theme.dim()))
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .group_gap(1)
        .max(100);
    for bucket in calibration.by_confidence.iter().filter(|b| b.answered > 0) {
        let said = u64::from(bucket.confidence.percent());
        let right = bucket.accuracy().map_or(0, |a| (a * 100.0).round() as u64);
        let group = BarGroup::default().bars(&[
            Bar::default()
                .label(Line::from(format!("said {said:>3}%")))
                .value(said)
                .text_value(String::new())
                .style(theme.dim()),
            Bar::default()
                .label(Line::from(format!("right {right:>3}% of {}", bucket.answered)))
                .value(right)
                .text_value(String::new())
                .style(theme.good()),
        ]);
        chart = chart.data(group);
    }
    chart
}

/// The end of a check: its own result, then the verdict over every answer so far, since a
/// handful of answers cannot support one.
fn draw_summary(app: &App, check: &CheckState, frame: &mut Frame, body: Rect, theme: Theme) {
    let calibration = check.calibration();
    let overall = stats(app).calibration;
    let mut lines = vec![
        Line::styled(
            format!("You got {} of {} right.", calibration.correct, calibration.answered),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::raw(format!(
            "Brier score: {} (0 to 1, lower is better; always 50% scores 0.250)",
            calibration.brier.map_or("-".to_owned(), |b| format!("{b:.3}"))
        )),
    ];
    if let Some(sure_and_wrong) = calibration.sure_and_wrong_line() {
        lines.push(Line::styled(sure_and_wrong, theme.warning()));
    }
    lines.push(Line::styled(
        format!("Over all {} answers so far:", overall.answered),
        theme.dim(),
    ));
    lines.push(Line::styled(overall.verdict_line(), theme.key()));
    if let Some(parts) = overall.decomposition_line() {
        lines.push(Line::styled(parts, theme.dim()));
    }
    lines.push(Line::raw(""));
    lines.extend(calibration_lines(&calibration, theme));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("{}; Enter to finish.", comes_back(app, check)),
        theme.dim(),
    ));
    let text_height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let [text_area, chart_area] =
        Layout::vertical([Constraint::Length(text_height.min(body.height)), Constraint::Min(0)]).areas(body);
    frame.render_widget(Paragraph::new(lines), text_area);
    if chart_area.height >= 6 {
        frame.render_widget(calibration_chart(&calibration, theme), chart_area);
    }
}

/// When the statements of `check` come back for review, e.g. "Back for review: 1 in 1 min,
/// 4 in 10 min", from their cards.
fn comes_back(app: &App, check: &CheckState) -> String {
    let mut waits: Vec<chrono::Duration> = check
        .statements
        .iter()
        .take(check.results.len())
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

/// Statistics over every answer ever given.
pub fn stats(app: &App) -> Stats {
    let library = &app.library;
    Stats::compute(
        &app.progress.answers,
        |id| library.get(id).map_or(&[][..], |entry| entry.tags.as_slice()),
        &chrono::Local,
    )
}

pub fn draw_stats(app: &App, frame: &mut Frame, area: Rect, theme: Theme, status: Line<'_>) {
    let [header, body, status_area] = check_areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled(" Your calibration", theme.title()),
            Line::styled("─".repeat(usize::from(header.width)), theme.dim()),
        ]),
        header,
    );
    frame.render_widget(Paragraph::new(status), status_area);
    let stats = stats(app);
    let calibration = &stats.calibration;
    if calibration.answered == 0 {
        frame.render_widget(
            Paragraph::new("No answers yet. Open a lesson and press c to take its check.").wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    let accuracy = calibration.accuracy.map_or(0.0, |a| a * 100.0);
    let mut summary = vec![
        Line::styled(
            format!(
                "Answered {} · right {} ({accuracy:.0}%) · Brier {}",
                calibration.answered,
                calibration.correct,
                calibration.brier.map_or("-".to_owned(), |b| format!("{b:.3}"))
            ),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::styled(calibration.verdict_line(), theme.key()),
    ];
    summary.extend(
        calibration
            .sure_and_wrong_line()
            .map(|line| Line::styled(line, theme.warning())),
    );
    summary.extend(
        calibration
            .decomposition_line()
            .map(|line| Line::styled(line, theme.dim())),
    );
    summary.extend([
        Line::styled(
            format!("{} statements due for review (r on home)", app.due_keys().len()),
            theme.dim(),
        ),
        Line::raw(""),
    ]);
    summary.extend(calibration_lines(calibration, theme));
    let summary_height = u16::try_from(summary.len()).unwrap_or(u16::MAX).min(body.height);
    let [summary_area, rest] = Layout::vertical([Constraint::Length(summary_height), Constraint::Min(0)]).areas(body);
    frame.render_widget(Paragraph::new(summary), summary_area);

    let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(rest);
    if left.height >= 6 {
        frame.render_widget(calibration_chart(calibration, theme), left);
    }
    // Right: the Brier score by day, the tags and the weakest terms.
    let mut lines = Vec::new();
    let days: Vec<u64> = stats
        .by_day
        .iter()
        .map(|day| (day.brier * 1000.0).round() as u64)
        .collect();
    lines.push(Line::styled("Brier by day (lower is better)", theme.heading()));
    for day in stats.by_day.iter().rev().take(3).rev() {
        lines.push(Line::raw(format!(
            "  {}  {:.3}  ({} answers)",
            day.day.format("%Y-%m-%d"),
            day.brier,
            day.answered
        )));
    }
    lines.push(Line::styled("By tag", theme.heading()));
    for tag in stats.by_tag.iter().take(6) {
        let accuracy = tag.tally.accuracy().map_or(0.0, |a| a * 100.0);
        lines.push(Line::raw(format!(
            "  #{:<22} {:>3}/{:<3} {accuracy:>4.0}%",
            tag.tag, tag.tally.correct, tag.tally.answered
        )));
    }
    lines.push(Line::styled("Weakest terms", theme.heading()));
    if stats.weakest.is_empty() {
        lines.push(Line::styled("  (a term needs 3 answers to be ranked)", theme.dim()));
    }
    for weak in &stats.weakest {
        let title = app
            .library
            .get(&weak.entry_id)
            .map_or(weak.entry_id.as_str(), |e| e.title.as_str());
        let accuracy = weak.tally.accuracy().map_or(0.0, |a| a * 100.0);
        lines.push(Line::raw(format!(
            "  {title}  {}/{} ({accuracy:.0}%)",
            weak.tally.correct, weak.tally.answered
        )));
    }
    let sparkline_height = if days.len() > 1 && right.height > 12 { 3 } else { 0 };
    let [spark_area, list_area] =
        Layout::vertical([Constraint::Length(sparkline_height), Constraint::Min(0)]).areas(right);
    if sparkline_height > 0 {
        frame.render_widget(Sparkline::default().data(&days).style(theme.good()), spark_area);
    }
    frame.render_widget(Paragraph::new(lines), list_area);
}
