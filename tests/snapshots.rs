//! Snapshot tests of the reader's screens, drawn with ratatui's `TestBackend`.
//!
//! Each test drives the real `App` state with the same actions the keys produce, then
//! snapshots the whole screen as text. Review changes with `cargo insta review`.

use lexicon::content::load_bundled;
use lexicon::ui::app::App;
use lexicon::ui::keymap::Action;
use lexicon::ui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod driving;
use driving::select_home_row;

fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal.draw(|frame| view::draw(app, frame)).expect("draw");
    terminal
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

#[test]
fn home_screen_80x24() {
    let mut app = App::new(load_bundled(), None);
    let terminal = render(&mut app, 80, 24);
    let text = screen_text(&terminal);
    assert!(text.contains("Backup Codes"), "{text}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn backup_codes_lesson_80x24() {
    let mut app = App::new(load_bundled(), Some("backup-codes".to_owned()));
    let terminal = render(&mut app, 80, 24);
    let text = screen_text(&terminal);
    assert!(text.contains("Backup Codes"), "{text}");
    assert!(text.contains("Definition"), "{text}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn backup_codes_related_terms_with_a_selected_link_80x24() {
    let mut app = App::new(load_bundled(), Some("backup-codes".to_owned()));
    app.resize(80, 24);
    app.update(Action::Section(4));
    app.update(Action::NextLink);
    let terminal = render(&mut app, 80, 24);
    let text = screen_text(&terminal);
    assert!(text.contains("Related terms"), "{text}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn lesson_with_outline_120x40() {
    let mut app = App::new(load_bundled(), Some("backup-codes".to_owned()));
    let terminal = render(&mut app, 120, 40);
    let text = screen_text(&terminal);
    assert!(text.contains("Sections"), "the outline shows at 120 columns: {text}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn help_overlay_80x24() {
    let mut app = App::new(load_bundled(), Some("backup-codes".to_owned()));
    app.update(Action::ToggleHelp);
    let terminal = render(&mut app, 80, 24);
    let text = screen_text(&terminal);
    assert!(text.contains("Keys: lesson"), "{text}");
    insta::assert_snapshot!(terminal.backend());
}

/// At 40x10 the map showed "+6 mor" and j moved the selection into hidden rows: now the
/// column scrolls to keep the selection in view, says how many are above and below, and
/// cuts a long title with `…`.
#[test]
fn map_40x10_keeps_the_selection_in_view() {
    let mut app = App::new(load_bundled(), Some("authentication".to_owned()));
    app.update(Action::OpenMap);
    app.update(Action::Right);
    let related = app.map().map(|map| map.related.clone()).expect("the map");
    assert!(related.len() > 5, "a column taller than the screen: {related:?}");
    for _ in 0..related.len() {
        app.update(Action::Down);
    }
    let terminal = render(&mut app, 40, 10);
    let text = screen_text(&terminal);
    let last = app
        .library()
        .get(related.last().expect("a related term"))
        .expect("an entry");
    let prefix: String = last.title.chars().take(5).collect();
    assert!(text.contains(&prefix), "the selected last term is in view: {text}");
    assert!(text.contains("↑ 5"), "says how many are above: {text}");
    insta::assert_snapshot!("map_40x10_selection_at_the_end", terminal.backend());
}

/// A map whose every linking term is already among the related ones says so, rather than
/// "(none)", and its headings are whole at 80 columns.
#[test]
fn a_map_says_when_every_term_linking_here_is_related() {
    let mut app = App::new(load_bundled(), Some("authentication".to_owned()));
    app.update(Action::OpenMap);
    let map = app.map().expect("the map");
    assert!(
        map.linked_from.is_empty(),
        "every term linking to Authentication is related"
    );
    assert!(
        !app.library().linked_from("authentication").is_empty(),
        "some do link to it"
    );
    let text = screen_text(&render(&mut app, 80, 24));
    assert!(text.contains("Linked from"), "{text}");
    assert!(text.contains("(all related) "), "{text}");
    assert!(!text.contains("(none)"), "{text}");
}

/// At 40x10 the lesson's help was cut mid-line with rows missing: now every description
/// wraps whole beside its keys, the overlay says how much is below, and j scrolls to it.
#[test]
fn help_overlay_40x10_wraps_and_scrolls() {
    let mut app = App::new(load_bundled(), Some("backup-codes".to_owned()));
    app.update(Action::ToggleHelp);
    let terminal = render(&mut app, 40, 10);
    let text = screen_text(&terminal);
    assert!(text.contains("more (j/k"), "{text}");
    insta::assert_snapshot!("help_overlay_40x10", terminal.backend());
    // Every word of every description is on screen somewhere as the help scrolls.
    let mut seen = text;
    for _ in 0..40 {
        app.update(Action::Down);
        assert!(
            app.help_open(),
            "j scrolls a help that does not fit, it does not close it"
        );
        seen.push_str(&screen_text(&render(&mut app, 40, 10)));
    }
    for binding in app.keymap().bindings(app.screen()).iter() {
        for word in binding.what.split_whitespace() {
            assert!(seen.contains(word), "{word:?} of {:?} never shown", binding.what);
        }
    }
    assert!(seen.contains("above (j/k"), "{seen}");
    app.update(Action::Type('x'));
    assert!(!app.help_open(), "any other key closes the help");
}

#[test]
fn too_small_screen_names_the_size() {
    let mut app = App::new(load_bundled(), None);
    let terminal = render(&mut app, 30, 8);
    let text = screen_text(&terminal);
    assert!(text.contains("terminal too small"), "{text}");
    assert!(text.contains("30x8"), "{text}");
}

#[test]
fn every_size_down_to_zero_draws_without_panicking() {
    for (width, height) in [(0, 0), (1, 1), (3, 2), (40, 10), (1, 200), (200, 1), (300, 100)] {
        let mut app = App::new(load_bundled(), Some("backup-codes".to_owned()));
        render(&mut app, width, height);
        app.update(Action::ToggleHelp);
        render(&mut app, width, height);
    }
}

/// The screens the explorer adds, each at 80x24 and 120x40.
fn explorer_screens() -> Vec<(&'static str, App)> {
    let mut search = App::new(load_bundled(), None);
    search.update(Action::OpenSearch);
    for c in "backup".chars() {
        search.update(Action::Type(c));
    }
    let mut map = App::new(load_bundled(), Some("backup-codes".to_owned()));
    map.update(Action::OpenMap);
    map.update(Action::Right);
    let mut compare = App::new(load_bundled(), Some("backup-codes".to_owned()));
    compare.update(Action::OpenCompare);
    let mut journey = App::new(load_bundled(), None);
    let row = journey
        .home_rows()
        .iter()
        .position(|row| matches!(row, lexicon::ui::home::HomeRow::Journey { .. }))
        .expect("a journey row");
    select_home_row(&mut journey, row);
    journey.update(Action::Activate);
    journey.update(Action::NextStep);
    vec![
        ("search", search),
        ("map", map),
        ("compare", compare),
        ("journey_step", journey),
    ]
}

#[test]
fn explorer_screens_at_80x24_and_120x40() {
    for (name, mut app) in explorer_screens() {
        for (width, height) in [(80, 24), (120, 40)] {
            let terminal = render(&mut app, width, height);
            let text = screen_text(&terminal);
            let expected = match name {
                "search" => "Backup Codes",
                "map" => "Related",
                "compare" => "Aspect",
                _ => "Step 2 of",
            };
            assert!(text.contains(expected), "{name} at {width}x{height}:\n{text}");
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
        }
    }
}

/// The reader on the bundled lessons with `query` typed into search, and its results.
fn searching(query: &str) -> (App, Vec<lexicon::search::Hit>) {
    let mut app = App::new(load_bundled(), None);
    app.update(Action::OpenSearch);
    for c in query.chars() {
        app.update(Action::Type(c));
    }
    let hits = app
        .search()
        .map(|search| search.results.ranked().to_vec())
        .expect("search open");
    (app, hits)
}

/// The preview pane of a search: the text right of the results, row by row, as one string
/// with runs of spaces folded; `None` when no row has a pane.
fn search_preview(terminal: &Terminal<TestBackend>) -> Option<String> {
    let panes: Vec<String> = screen_text(terminal)
        .lines()
        .filter_map(|row| row.split('│').nth(2).map(str::to_owned))
        .collect();
    let text = panes.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// From 120 columns on, search shows the selected result beside the list: its title, whole
/// definition and related terms, following the selection. Narrower, it shows no pane.
#[test]
fn search_previews_the_selected_result_on_wide_screens() {
    let (mut app, hits) = searching("back");
    for hit in hits.iter().take(2) {
        let entry = app.library().entries()[hit.index].clone();
        let preview = search_preview(&render(&mut app, 120, 40)).expect("a preview at 120 columns");
        let definition = entry.definition.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(preview.starts_with(&entry.title), "{preview}");
        assert!(
            preview.contains(&definition),
            "the whole definition of {}: {preview}",
            entry.id
        );
        let related = app.library().get(&entry.related[0]).expect("related").title.clone();
        assert!(preview.contains(&related), "{preview}");
        assert_eq!(search_preview(&render(&mut app, 119, 40)), None);
        app.update(Action::Down);
    }
}

/// A term found only through its definition shows the words that matched, highlighted,
/// even when they lie beyond the width of the row.
#[test]
fn a_result_found_by_its_definition_shows_the_matched_word() {
    let (mut app, hits) = searching("attacker");
    let by_definition: Vec<_> = hits.iter().filter(|hit| hit.by_definition()).collect();
    let terminal = render(&mut app, 80, 24);
    let text = screen_text(&terminal);
    let far = by_definition
        .iter()
        .filter(|hit| {
            let entry = &app.library().entries()[hit.index];
            entry
                .definition
                .to_lowercase()
                .find("attacker")
                .is_some_and(|at| at > 60)
        })
        .count();
    assert!(far >= 2, "definitions where the word lies beyond a row's width: {far}");
    let buffer = terminal.backend().buffer();
    for hit in &by_definition {
        let title = &app.library().entries()[hit.index].title;
        let (y, row) = text
            .lines()
            .enumerate()
            .find(|(_, row)| row.contains(&format!(" {title}  ")))
            .unwrap_or_else(|| panic!("{title} is on screen:\n{text}"));
        // The word, and underlined (matched characters are bold and underlined).
        let at = row.find("attacker").unwrap_or_else(|| panic!("{row}"));
        let x = u16::try_from(row[..at].chars().count()).expect("fits");
        let y = u16::try_from(y).expect("fits");
        for dx in 0..8 {
            let cell = &buffer[(x + dx, y)];
            assert!(cell.modifier.contains(ratatui::style::Modifier::UNDERLINED), "{row}");
        }
    }
}

/// A Backup Codes check at a fixed time, so the shuffle and the records are the same on
/// every run.
fn check_app() -> App {
    use chrono::TimeZone;
    let mut app = App::new(load_bundled(), Some("backup-codes".to_owned()));
    app.set_now(chrono::Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap());
    app.resize(80, 24);
    app.update(Action::StartCheck);
    app
}

fn answer(app: &mut App, right: bool, key: char) {
    let truth = app.check().and_then(|c| c.current()).expect("statement").answer;
    let answer = match (truth, right) {
        (verdict, true) => verdict,
        (lexicon::quiz::Verdict::Myth, false) => lexicon::quiz::Verdict::Fact,
        (lexicon::quiz::Verdict::Fact, false) => lexicon::quiz::Verdict::Myth,
    };
    app.update(Action::Judge(answer));
    app.update(Action::Confidence(
        lexicon::quiz::Confidence::from_key(key).expect("key"),
    ));
    app.update(Action::Activate);
}

#[test]
fn check_statement_reveal_summary_and_stats_80x24() {
    let mut app = check_app();
    let statement = render(&mut app, 80, 24);
    assert!(screen_text(&statement).contains("Myth or Fact?"));
    insta::assert_snapshot!("check_statement_80x24", statement.backend());

    answer(&mut app, false, '9');
    let reveal = render(&mut app, 80, 24);
    let text = screen_text(&reveal);
    assert!(text.contains("Wrong") && text.contains("0.81"), "{text}");
    insta::assert_snapshot!("check_reveal_80x24", reveal.backend());

    app.update(Action::Activate);
    let total = app.check().map(|c| c.statements.len()).expect("check");
    for index in 1..total {
        answer(&mut app, true, if index % 2 == 0 { '8' } else { '0' });
        app.update(Action::Activate);
    }
    let summary = render(&mut app, 80, 24);
    let text = screen_text(&summary);
    assert!(
        text.contains(&format!("You got {} of {total} right", total - 1)),
        "{text}"
    );
    insta::assert_snapshot!("check_summary_80x24", summary.backend());

    app.update(Action::Activate);
    app.update(Action::OpenStats);
    let stats = render(&mut app, 80, 24);
    let text = screen_text(&stats);
    assert!(text.contains(&format!("Answered {total}")), "{text}");
    insta::assert_snapshot!("stats_80x24", stats.backend());
    // At 80x24 the stats do not fit: the screen says so, and scrolls to the rest.
    assert!(text.contains("more (j/k, PgUp/PgDn)"), "{text}");
    assert!(!text.contains("Weakest terms"), "{text}");
    app.update(Action::Bottom);
    let text = screen_text(&render(&mut app, 80, 24));
    assert!(text.contains("Weakest terms") && text.contains("above"), "{text}");
    assert!(!text.contains("more (j/k"), "nothing is left below: {text}");
}

/// At 40x10 the summary and the stats screen keep every word whole (or cut with `…`), say
/// that there is more below, and scroll to it.
#[test]
fn check_summary_and_stats_40x10_scroll() {
    let mut app = check_app();
    let total = app.check().map(|c| c.statements.len()).expect("check");
    for index in 0..total {
        answer(&mut app, index != 0, '8');
        app.update(Action::Activate);
    }
    let summary = render(&mut app, 40, 10);
    let text = screen_text(&summary);
    assert!(text.contains("more (j/k"), "the summary says there is more: {text}");
    insta::assert_snapshot!("check_summary_40x10", summary.backend());
    app.update(Action::Bottom);
    let text = screen_text(&render(&mut app, 40, 10));
    assert!(text.contains("above") && text.contains("Enter to finish"), "{text}");

    app.update(Action::Activate);
    app.update(Action::OpenStats);
    let stats = render(&mut app, 40, 10);
    let text = screen_text(&stats);
    assert!(text.contains("more (j/k"), "the stats say there is more: {text}");
    insta::assert_snapshot!("stats_40x10", stats.backend());
    app.update(Action::Bottom);
    let text = screen_text(&render(&mut app, 40, 10));
    assert!(text.contains("above") && text.contains("Weakest terms"), "{text}");
}

#[test]
fn too_small_and_help_at_both_sizes() {
    let mut app = App::new(load_bundled(), None);
    let small = render(&mut app, 39, 9);
    insta::assert_snapshot!("too_small_39x9", small.backend());
    let mut app = App::new(load_bundled(), None);
    app.update(Action::ToggleHelp);
    let help = render(&mut app, 120, 40);
    assert!(screen_text(&help).contains("Keys: home"));
    insta::assert_snapshot!("help_home_120x40", help.backend());
}

/// The loading screen at 80x24, 2.5 s into loading `~/glossary`, with `typed_ahead` keys kept.
fn loading_screen(typed_ahead: usize) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal
        .draw(|frame| {
            lexicon::ui::view::draw_loading(
                frame,
                "~/glossary",
                std::time::Duration::from_millis(2500),
                typed_ahead,
                Default::default(),
            )
        })
        .expect("a frame");
    terminal
}

/// The screen a large `--content` folder shows while it loads.
#[test]
fn loading_screen_at_80x24() {
    let terminal = loading_screen(0);
    insta::assert_snapshot!(terminal.backend());
}

/// Once keys are typed on the loading screen, it says they are kept, and that Ctrl-C (no
/// longer q, which may be part of a query) leaves.
#[test]
fn loading_screen_with_keys_typed_ahead_at_80x24() {
    let terminal = loading_screen(7);
    let text = screen_text(&terminal);
    assert!(text.contains("7 keys typed") && text.contains("Ctrl-C quit"), "{text}");
    assert!(!text.contains(" q quit"), "{text}");
    insta::assert_snapshot!(terminal.backend());
}

/// A library of `count` terms over the three levels (so the level order is not the library's)
/// and two journeys, with `skipped_files` reported by its load.
fn generated_library(count: usize, skipped_files: usize) -> lexicon::content::LoadReport {
    use lexicon::content::{Entry, Journey, Level, Library, LoadReport};
    let entries: Vec<Entry> = (0..count)
        .map(|index| Entry {
            id: format!("term-{index:04}"),
            title: format!(
                "Term {index:04}{}",
                if index % 7 == 0 { " of a longer name" } else { "" }
            ),
            level: Level::ALL[index % 3],
            tags: vec!["generated".to_owned()],
            definition: format!("Term {index:04} is a generated term, with a definition long enough to be cut."),
            path: format!("terms/term-{index:04}.yaml"),
            ..Entry::default()
        })
        .collect();
    let journey = |id: &str, title: &str, steps: &[usize]| Journey {
        id: id.to_owned(),
        title: title.to_owned(),
        description: format!("The {title} journey."),
        steps: steps.iter().map(|index| format!("term-{index:04}")).collect(),
        path: format!("journeys/{id}.yaml"),
    };
    LoadReport {
        library: Library::new(
            entries,
            vec![
                journey("first", "First steps", &[0, 1, 2, 3]),
                journey("deep", "Deep end", &[5, 8]),
            ],
        ),
        diagnostics: Vec::new(),
        skipped_files,
    }
}

/// While a folder loads from its parsed cache, the home is drawn from the cache's preview:
/// it must be the home the library then shows (but for the status bar's end, which says it
/// is loading), with the same rows, progress, "Continue" (here a lesson far past the terms
/// the preview keeps) and notice.
#[test]
fn the_home_drawn_from_a_preview_is_the_home_it_stands_for() {
    use lexicon::content::summary::{LibrarySummary, SUMMARY_TERMS};
    use lexicon::ui::app::Progress;
    use lexicon::ui::home::PreviewedHome;
    use std::collections::{HashMap, HashSet};

    let count = SUMMARY_TERMS + 100;
    let last_lesson = format!("term-{:04}", count - 1);
    let journey_read: HashMap<String, HashSet<String>> = HashMap::from([(
        "first".to_owned(),
        HashSet::from(["term-0001".to_owned(), "term-0003".to_owned()]),
    )]);
    for skipped_files in [0, 1] {
        let preview = LibrarySummary::of(&generated_library(count, skipped_files));
        let previewed = PreviewedHome::new(
            preview,
            &Progress::default(),
            &journey_read,
            Some(&last_lesson),
            &[],
            None,
            chrono::Utc::now(),
        );
        let mut app = App::new(generated_library(count, skipped_files), None);
        let remembered = lexicon::ui::app::Remembered {
            last_lesson: Some(last_lesson.clone()),
            ..Default::default()
        };
        app.load_progress(Progress::default(), journey_read.clone(), remembered);
        for (width, height) in [(80, 24), (120, 40), (200, 60)] {
            let home = screen_text(&render(&mut app, width, height));
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
            terminal
                .draw(|frame| view::draw_home_preview(frame, &previewed, 0, Default::default(), &Default::default()))
                .expect("draw");
            let shown = screen_text(&terminal);
            assert!(home.contains("Continue: Term 0355"), "{home}");
            assert!(home.contains("2/4 read"), "{home}");
            let (home_rows, home_status) = home.trim_end().rsplit_once('\n').expect("rows");
            let (shown_rows, shown_status) = shown.trim_end().rsplit_once('\n').expect("rows");
            assert_eq!(shown_rows, home_rows, "{width}x{height}, {skipped_files} skipped");
            if skipped_files == 0 {
                let position = format!("1/{}", app.home_rows().len());
                assert!(home_status.trim_end().ends_with(&position), "{home_status}");
                assert!(
                    shown_status.trim_end().ends_with(&format!("loading…  {position}")),
                    "{shown_status}"
                );
            } else {
                assert!(home_status.contains("1 file skipped"), "{home_status}");
                assert_eq!(shown_status, home_status);
            }
        }
    }
}

/// The home drawn from a preview, with two keys typed while the library loads.
#[test]
fn home_preview_with_keys_typed_ahead_at_80x24() {
    use lexicon::content::summary::LibrarySummary;
    use lexicon::ui::home::PreviewedHome;
    let previewed = PreviewedHome::new(
        LibrarySummary::of(&load_bundled()),
        &Default::default(),
        &Default::default(),
        Some("backup-codes"),
        &[],
        None,
        chrono::Utc::now(),
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    terminal
        .draw(|frame| view::draw_home_preview(frame, &previewed, 2, Default::default(), &Default::default()))
        .expect("draw");
    let text = screen_text(&terminal);
    assert!(
        text.contains("Continue: Backup Codes") && text.contains("2 keys kept, loading…"),
        "{text}"
    );
    insta::assert_snapshot!(terminal.backend());
}

/// At 200 columns the comparison drew lines of about 198 characters while lessons stop near
/// 100: every screen now caps its reading width and centres the block.
#[test]
fn wide_screens_cap_the_reading_width_and_centre_it() {
    let mut app = App::new(load_bundled(), Some("backup-codes".to_owned()));
    let lesson = screen_text(&render(&mut app, 200, 40));
    app.update(Action::OpenCompare);
    let compare = screen_text(&render(&mut app, 200, 40));
    app.update(Action::Escape);
    app.update(Action::OpenStats);
    let stats = screen_text(&render(&mut app, 200, 40));
    for (screen, text, widest) in [
        ("lesson", &lesson, 130),
        ("compare", &compare, 121),
        ("stats", &stats, 103),
    ] {
        // The status bar (the last row) and rules may span the screen; the text does not.
        for row in text.lines().take(39).filter(|row| !row.trim_start().starts_with('─')) {
            let start = row.len() - row.trim_start().len();
            let used = row.trim().chars().count();
            assert!(used <= widest, "{screen}: a row {used} wide: {row:?}");
            if used > 0 {
                assert!(
                    start >= 30,
                    "{screen}: a row starts at column {start}, not centred: {row:?}"
                );
            }
        }
    }
}
