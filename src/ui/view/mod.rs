//! Drawing: a pure function of the [`App`] state onto a frame.
//!
//! Nothing here changes state. Each screen is a ratatui [`Widget`] drawn into the frame's
//! [`Buffer`], as in ratatui's demo2: `&App` is the reader's whole screen, and it renders the
//! widget of the screen it is on (`HomeScreen`, `LessonScreen`, `SearchScreen`,
//! `CompareScreen`, `MapScreen`, `CheckScreen`, `StatsScreen`) and the `HelpOverlay` over it.
//! The widgets borrow the state they draw from and keep nothing: a frame clones no state.
//! [`draw`] is the one entry point for a frame of the reader, and [`draw_loading`]
//! (`LoadingScreen`) and [`draw_home_preview`] (`HomePreview`) for the frames before the
//! [`App`] exists; each renders its widget over the whole frame, then makes its clusters
//! steady (`graphemes::stabilize`). Lessons are drawn from the layout cached in the state, so
//! a frame costs only converting the visible lines into ratatui spans.

pub mod check;
mod compare;
mod graphemes;
mod home;
mod lesson;
mod map;
mod search;

pub use home::draw_home_preview;

use super::app::{App, Screen};
use super::home::LessonProgress;
use super::layout::{MIN_HEIGHT, MIN_WIDTH, help_popup};
use super::theme::Theme;
use crate::document::{Document, LinkTarget, Wrapped, cluster_width, display_width};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

/// Draws the screen `app` is on, and any overlay, onto `frame`.
pub fn draw(app: &App, frame: &mut Frame) {
    draw_whole(frame, app);
}

/// Renders `screen` over the whole of `frame`, then makes its clusters steady: what every
/// frame the terminal is sent goes through.
fn draw_whole(frame: &mut Frame, screen: impl Widget) {
    frame.render_widget(screen, frame.area());
    graphemes::stabilize(frame.buffer_mut());
}

/// The reader's whole screen: the screen `app` is on, or search when it is open, and help
/// over either; "terminal too small" alone below the smallest size the screens are laid out
/// for.
impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        if drew_too_small(area, buf, theme) {
            return;
        }
        // Search takes the whole screen, as fzf's and television's pickers do: more rows for
        // results, and nothing drawn underneath that it would hide (on every keystroke, the
        // screen below cost as much to draw as the results).
        if let Some(search) = &self.search {
            search::SearchScreen { app: self, search }.render(area, buf);
        } else {
            render_screen(self, area, buf);
        }
        if self.help_open {
            HelpOverlay { app: self }.render(area, buf);
        }
    }
}

/// The current screen, without the overlays. A screen whose state is missing draws nothing.
fn render_screen(app: &App, area: Rect, buf: &mut Buffer) {
    match app.screen {
        Screen::Home => home::HomeScreen { app }.render(area, buf),
        Screen::Lesson => {
            if let Some(view) = &app.lesson {
                lesson::LessonScreen { app, view }.render(area, buf);
            }
        }
        Screen::Compare => {
            if let Some(view) = &app.compare {
                compare::CompareScreen { app, view }.render(area, buf);
            }
        }
        Screen::Map => {
            if let Some(view) = &app.map {
                map::MapScreen { app, view }.render(area, buf);
            }
        }
        Screen::Check => {
            if let Some(check) = app.check.as_deref() {
                check::CheckScreen { app, check }.render(area, buf);
            }
        }
        Screen::Stats => check::StatsScreen { app }.render(area, buf),
    }
}

/// The screen shown while a large content folder loads: what is loading, for how long, and
/// how to leave. `what` comes from the command line, so it is cleaned like content.
/// `typed_ahead` keys have been typed meanwhile: they are kept for when the lessons are there,
/// and from the first one on only Ctrl-C leaves (a `q` may be part of a query).
pub fn draw_loading(frame: &mut Frame, what: &str, elapsed: std::time::Duration, typed_ahead: usize, theme: Theme) {
    let screen = LoadingScreen {
        what,
        elapsed,
        typed_ahead,
        theme,
    };
    draw_whole(frame, screen);
}

/// The loading screen [`draw_loading`] draws.
struct LoadingScreen<'a> {
    /// What is loading, as the command line named it.
    what: &'a str,
    /// How long it has been loading.
    elapsed: std::time::Duration,
    /// How many keys were typed meanwhile.
    typed_ahead: usize,
    theme: Theme,
}

impl Widget for LoadingScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let (kept, quit) = match self.typed_ahead {
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
                crate::content::sanitize::sanitize(self.what)
            )),
            Line::styled(format!("{:.1} s", self.elapsed.as_secs_f64()), theme.dim()),
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
        Paragraph::new(lines)
            .alignment(ratatui::layout::Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(body, buf);
    }
}

/// A count with its thousands grouped by commas (`30,000`), as large libraries show them.
pub(super) fn grouped(count: usize) -> String {
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

/// Draws one line per row of `area`. A list is drawn a `Line` per row rather than as one
/// `Paragraph`, which lays the whole text out again: cheaper on every keystroke, and a
/// selected line's style fills its row, so the selection shows as a full-width bar.
pub(super) fn draw_rows(buf: &mut Buffer, area: Rect, lines: Vec<Line>) {
    for (row, line) in area.rows().zip(lines) {
        line.render(row, buf);
    }
}

/// Key hints for a box's bottom border.
pub(super) fn key_hints(bindings: &'static [super::keymap::Binding], theme: Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (binding, short) in bindings.iter().filter_map(|b| Some((b, b.short?))) {
        spans.push(Span::styled(format!(" {}", binding.keys), theme.key()));
        spans.push(Span::raw(format!(" {short} ")));
    }
    spans
}

/// Draws "terminal too small" when `area` is below the smallest size the screens are laid
/// out for; true when it did, and nothing else should be drawn.
pub(super) fn drew_too_small(area: Rect, buf: &mut Buffer, theme: Theme) -> bool {
    if area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT {
        return false;
    }
    let lines = vec![
        Line::styled("terminal too small", theme.warning()),
        Line::from(format!("{}x{}, need {MIN_WIDTH}x{MIN_HEIGHT}", area.width, area.height)),
    ];
    Paragraph::new(lines).wrap(Wrap { trim: true }).render(area, buf);
    true
}

/// The status bar: a notice if there is one, else the essential keys that fit, then the
/// position. Hints that would be cut off are left out whole.
pub(super) fn status_line(app: &App, theme: Theme, right: String, width: u16) -> Line<'static> {
    use super::check::CheckPhase;
    use super::keymap::CheckStep;
    // A check offers the keys of its current step, not every key it has.
    let keys = match (app.screen, app.check.as_deref()) {
        (Screen::Check, Some(check)) => app.keymap.check_step_bindings(match check.phase {
            CheckPhase::Judge => CheckStep::Judge,
            CheckPhase::Confidence { .. } => CheckStep::Confidence,
            CheckPhase::Reveal { .. } => CheckStep::Reveal,
            CheckPhase::Summary => CheckStep::Summary,
        }),
        (screen, _) => app.keymap.bindings(screen),
    };
    // v and m only when the lesson has something to compare or to map.
    let lesson = app.lesson.as_ref().filter(|_| app.screen == Screen::Lesson);
    let entry = lesson.and_then(|lesson| app.library.get(&lesson.id));
    let offered = |keys: &str| match (keys, entry) {
        ("v", Some(entry)) => !crate::compare::partners(&app.library, entry).is_empty(),
        ("m", Some(entry)) => !entry.related.is_empty() || !app.library.linked_from(&entry.id).is_empty(),
        _ => true,
    };
    let keys: Vec<super::keymap::Binding> = keys.iter().filter(|binding| offered(&binding.keys)).cloned().collect();
    // Answers held back by a busy store are said before the position, in warning colours.
    let right = match app.saving.status() {
        Some(saving) => vec![
            Span::styled(format!(" {saving} "), theme.warning()),
            Span::styled(format!("{right} "), theme.dim()),
        ],
        None => vec![Span::styled(format!(" {right} "), theme.dim())],
    };
    status_bar(
        app.notice.as_deref().or(app.reload_problem.as_deref()),
        &keys,
        theme,
        right,
        width,
    )
}

/// [`status_line`] offering `keys`, with `notice` if there is one.
pub(super) fn status_bar(
    notice: Option<&str>,
    keys: &[super::keymap::Binding],
    theme: Theme,
    right: Vec<Span<'static>>,
    width: u16,
) -> Line<'static> {
    if let Some(notice) = notice {
        // A notice too long for the bar ends in `…`, so a cut one never passes for whole.
        let notice = fit(notice, usize::from(width).saturating_sub(1));
        return Line::from(vec![Span::styled(format!(" {notice}"), theme.warning())]);
    }
    let right_width: usize = right.iter().map(|span| display_width(&span.content)).sum();
    let mut room = usize::from(width).saturating_sub(right_width);
    let shown: Vec<(&str, &str)> = keys.iter().filter_map(|b| Some((b.keys.as_ref(), b.short?))).collect();
    let width_of = |(keys, short): &(&str, &str)| display_width(keys) + display_width(short) + 3;
    // Help and quit (or leaving a check) stay in sight however narrow the bar: the other keys
    // give way first. Known by their label, since the configuration may change their keys.
    let essential = |(_, short): &(&str, &str)| matches!(*short, "help" | "quit" | "leave");
    let mut kept: Vec<bool> = shown.iter().map(essential).collect();
    let reserved: usize = shown.iter().filter(|b| essential(b)).map(width_of).sum();
    if reserved <= room {
        room -= reserved;
    } else {
        kept.fill(false);
    }
    for (binding, keep) in shown.iter().zip(kept.iter_mut()) {
        if *keep {
            continue;
        }
        if width_of(binding) > room {
            break;
        }
        room -= width_of(binding);
        *keep = true;
    }
    let mut spans = Vec::new();
    for ((keys, short), _) in shown.iter().zip(&kept).filter(|(_, keep)| **keep) {
        spans.push(Span::styled(format!(" {keys}"), theme.key()));
        spans.push(Span::styled(format!(" {short} "), theme.dim()));
    }
    spans.push(Span::raw(" ".repeat(room)));
    spans.extend(right);
    Line::from(spans)
}

/// The help overlay: the keys of the screen under it, in a box that scrolls.
struct HelpOverlay<'a> {
    app: &'a App,
}

impl Widget for HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, theme) = (self.app, self.app.theme);
        let (popup, rows) = help_popup(area, &app.help_bindings());
        let mut lines: Vec<Line<'static>> = rows
            .into_iter()
            .map(|(keys, what)| Line::from(vec![Span::styled(keys, theme.key()), Span::raw(what)]))
            .collect();
        lines.push(Line::raw(""));
        lines.push(Line::styled(" any other key closes this help", theme.dim()));
        Clear.render(popup, buf);
        let title = match app.screen {
            Screen::Home => " Keys: home ",
            Screen::Lesson => " Keys: lesson ",
            Screen::Compare => " Keys: compare ",
            Screen::Map => " Keys: map ",
            Screen::Check => " Keys: calibration check ",
            Screen::Stats => " Keys: stats ",
        };
        let block = Block::bordered().title(title);
        let inner = block.inner(popup);
        block.render(popup, buf);
        draw_scrolled(buf, inner, lines, app.help_scroll, theme);
    }
}

/// Draws `lines` from `scroll` on; when they do not all fit, the last row says how many are
/// above and below and which keys scroll.
pub(super) fn draw_scrolled(buf: &mut Buffer, area: Rect, lines: Vec<Line<'static>>, scroll: usize, theme: Theme) {
    let height = usize::from(area.height);
    if lines.len() <= height {
        Paragraph::new(lines).render(area, buf);
        return;
    }
    let shown = height.saturating_sub(1);
    let scroll = scroll.min(lines.len().saturating_sub(shown));
    let below = lines.len() - scroll - shown;
    let mut visible: Vec<Line<'static>> = lines.into_iter().skip(scroll).take(shown).collect();
    let mut parts = Vec::new();
    if scroll > 0 {
        parts.push(format!("↑ {scroll} above"));
    }
    if below > 0 {
        parts.push(format!("↓ {below} more"));
    }
    visible.push(Line::styled(
        format!("{} (j/k, PgUp/PgDn)", parts.join(" · ")),
        theme.dim(),
    ));
    Paragraph::new(visible).render(area, buf);
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

/// A lesson's progress in a row, 14 columns wide (up to 99 statements in a check): `✓`
/// when read, the last check's result (`4/5`), and how many of its statements are due
/// (`2 due`).
pub(super) fn progress_spans(progress: Option<&LessonProgress>, theme: Theme) -> Vec<Span<'static>> {
    let progress = progress.copied().unwrap_or_default();
    let check = progress
        .last_check
        .map_or(String::new(), |(right, asked)| format!("{right}/{asked}"));
    let due = match progress.due {
        0 => String::new(),
        due => format!("{due} due"),
    };
    vec![
        Span::styled(if progress.read { "✓" } else { " " }, theme.key()),
        Span::styled(format!(" {check:>5} "), theme.dim()),
        Span::styled(format!("{due:<6}"), theme.warning()),
    ]
}

/// `text` cut to `width` columns, ending in `…` when it had to be cut, so a cut never passes
/// for the whole text. It is measured and cut by grapheme cluster, as ratatui draws it: a
/// cut never parts a letter from its accent or an emoji from its modifier.
pub(super) fn fit(text: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if display_width(text) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for cluster in text.graphemes(true) {
        let w = cluster_width(cluster);
        if used + w + 1 > width {
            break;
        }
        out.push_str(cluster);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{fit, grouped, status_bar};

    /// A notice wider than the status bar is cut to it and ends in `…`; one that fits is
    /// shown whole.
    #[test]
    fn a_notice_too_long_for_the_bar_is_cut_visibly() {
        let theme = crate::ui::theme::Theme::default();
        let shown = |notice: &str, width: u16| -> String {
            let line = status_bar(Some(notice), &[], theme, Vec::new(), width);
            line.spans.iter().map(|span| span.content.as_ref()).collect()
        };
        let long = "1 file skipped, 3 errors: `lexicon check --content /home/sam/lessons/glossary` shows where";
        let cut = shown(long, 80);
        assert!(cut.ends_with('…'), "{cut}");
        assert_eq!(crate::document::display_width(&cut), 80, "{cut}");
        assert_eq!(
            shown("2 errors: `lexicon check` shows where", 80),
            " 2 errors: `lexicon check` shows where"
        );
    }

    #[test]
    fn a_cut_ends_in_an_ellipsis_and_fits() {
        assert_eq!(fit("Backup Codes", 20), "Backup Codes");
        assert_eq!(fit("Backup Codes", 12), "Backup Codes");
        assert_eq!(fit("Backup Codes", 11), "Backup Cod…");
        assert_eq!(fit("Backup Codes", 1), "…");
        assert_eq!(fit("Backup Codes", 0), "");
        // Wide characters count two columns and are never split.
        assert_eq!(fit("漢字漢字", 6), "漢字…");
        assert_eq!(fit("漢字漢字", 5), "漢字…");
    }

    /// Clusters are measured whole, as ratatui draws them: a ZWJ sequence or a skin tone is
    /// two columns, not the four of its characters, and is never cut in two; an accent stays
    /// with its letter.
    #[test]
    fn a_cut_keeps_grapheme_clusters_whole() {
        let coder = "Dev 👩\u{200d}💻 Keys";
        assert_eq!(crate::document::display_width(coder), 11);
        assert_eq!(fit(coder, 11), coder);
        assert_eq!(fit(coder, 10), "Dev 👩\u{200d}💻 Ke…");
        assert_eq!(fit(coder, 6), "Dev …");
        assert_eq!(fit("👍🏽👍🏽👍🏽", 5), "👍🏽👍🏽…");
        assert_eq!(fit("cafe\u{301}s", 5), "cafe\u{301}s");
        assert_eq!(fit("cafe\u{301}s!", 5), "cafe\u{301}…");
        for width in 0..12 {
            let cut = fit(coder, width);
            assert!(crate::document::display_width(&cut) <= width, "{cut:?} in {width}");
        }
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
