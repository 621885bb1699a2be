//! Drawing search: the query, the count, the result rows with what matched marked and why
//! each matched, and on a wide screen a preview of the selected result.

use super::{draw_rows, grouped, key_hints, progress_spans};
use crate::document::display_width;
use crate::ui::app::App;
use crate::ui::layout::{SearchAreas, list_offset, search_areas};
use crate::ui::search::SearchState;
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// Search, open over the whole screen: `search` of the app's library.
pub(super) struct SearchScreen<'a> {
    pub(super) app: &'a App,
    pub(super) search: &'a SearchState,
}

impl Widget for SearchScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let SearchScreen { app, search } = self;
        let theme = app.theme;
        let block = Block::bordered()
            .title(" Search ")
            .title_bottom(Line::from(key_hints(crate::ui::keymap::SEARCH_BINDINGS, theme)));
        block.render(area, buf);
        let SearchAreas {
            input,
            count,
            results,
            preview,
        } = search_areas(area);
        Paragraph::new(Line::from(vec![
            Span::styled(" / ", theme.key()),
            if search.query_selected {
                Span::styled(search.query.as_str(), theme.selected())
            } else {
                Span::raw(search.query.as_str())
            },
            Span::styled("▏", theme.key()),
        ]))
        .render(input, buf);
        let total = app.library.entries().len();
        Paragraph::new(Line::styled(
            if search.pending {
                format!(" {} of {} · searching…", grouped(search.results.len()), grouped(total))
            } else {
                format!(" {} of {}", grouped(search.results.len()), grouped(total))
            },
            theme.dim(),
        ))
        .render(count, buf);

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
                if let Some(progress) = app.lesson_progress.get(&entry.id) {
                    spans.extend(progress_spans(Some(progress), theme));
                    spans.push(Span::raw("  "));
                }
                // What is left of the row after the title and level, for the definition.
                let used: usize = spans.iter().map(|span| display_width(&span.content)).sum();
                let left = usize::from(results.width).saturating_sub(used);
                if hit.by_definition() {
                    // Matched in its definition only: show the words that matched, in context.
                    let (snippet, marked) = definition_snippet(&entry.plain_definition(), &search.query, left);
                    // Owned: the snippet lives only as long as this row is being built.
                    spans.extend(
                        marked_spans(&snippet, &marked, theme.dim(), theme)
                            .map(|span| Span::styled(span.content.into_owned(), span.style)),
                    );
                } else {
                    // Only what fits: the rest would be laid out only to be cut.
                    spans.push(Span::styled(
                        crate::document::one_line(&entry.plain_definition(), left),
                        theme.dim(),
                    ));
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
            Paragraph::new(Line::styled(" no term matches", theme.warning())).render(results, buf);
        } else {
            draw_rows(buf, results, lines);
        }
        if let Some(preview) = preview
            && let Some(hit) = search.results.get(search.selected)
        {
            draw_preview(app, &entries[hit.index], &search.query, buf, preview, theme);
        }
    }
}

/// How many columns the alias or tag a result matched by may take.
const MATCH_REASON_COLUMNS: usize = 32;

/// Why a result matched, when its title does not show it: the alias or the tag.
fn match_reason(entry: &crate::content::Entry, matched: crate::search::Matched) -> Option<String> {
    use crate::search::Matched;
    let clip = |text: &str| super::fit(text, MATCH_REASON_COLUMNS);
    match matched {
        Matched::Alias(at) => Some(format!("alias: {}", clip(entry.aliases.get(usize::from(at))?))),
        Matched::Tag(at) => Some(format!("tag: #{}", clip(entry.tags.get(usize::from(at))?))),
        _ => None,
    }
}

/// What a search result is about before it is opened, as the pickers of television and helix
/// show it: the title, level and tags, the whole definition (with the query's words marked
/// where they occur), other names, related terms.
pub(super) fn draw_preview(
    app: &App,
    entry: &crate::content::Entry,
    query: &str,
    buf: &mut Buffer,
    area: Rect,
    theme: Theme,
) {
    let block = Block::new()
        .borders(ratatui::widgets::Borders::LEFT)
        .border_style(theme.dim())
        .padding(ratatui::widgets::Padding::horizontal(1));
    let mut facts = vec![Span::styled(entry.level.as_str(), theme.level(entry.level))];
    if !entry.tags.is_empty() {
        facts.push(Span::styled(format!(" · {}", entry.tags.join(", ")), theme.dim()));
    }
    let definition = entry.plain_definition();
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
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// `text` cut into runs of characters that are all matched or all not, as slices of `text`
/// with whether they are matched (`matched` holds character positions). A row is drawn from
/// a span per run rather than a span per character. Runs end only between grapheme clusters
/// (a cluster is matched when any of its characters is): a span that began with an accent or
/// a joiner would lose it, since ratatui draws no cluster of width 0.
fn highlighted_runs<'a>(text: &'a str, matched: &[usize]) -> impl Iterator<Item = (&'a str, bool)> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut position = 0;
    let mut clusters = text
        .grapheme_indices(true)
        .map(move |(start, cluster)| {
            let chars = cluster.chars().count();
            let is_matched = (position..position + chars).any(|at| matched.contains(&at));
            position += chars;
            (start, is_matched)
        })
        .peekable();
    std::iter::from_fn(move || {
        let (start, is_matched) = clusters.next()?;
        let mut end = text.len();
        while let Some(&(next_start, next_matched)) = clusters.peek() {
            if next_matched != is_matched {
                end = next_start;
                break;
            }
            clusters.next();
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

#[cfg(test)]
mod tests {
    use super::{definition_snippet, highlighted_runs};

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
        // A combining accent stays with its letter, matched or not.
        let runs: Vec<_> = highlighted_runs("Cafe\u{301} Keys", &[0, 1, 2, 3]).collect();
        assert_eq!(runs, [("Cafe\u{301}", true), (" Keys", false)]);
        let runs: Vec<_> = highlighted_runs("Dev 👩\u{200d}💻", &[6]).collect();
        assert_eq!(runs, [("Dev ", false), ("👩\u{200d}💻", true)]);
        assert_eq!(highlighted_runs("", &[0]).count(), 0);
    }
}
