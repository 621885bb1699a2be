//! Property tests: whatever the keys, sizes or content, the reader never panics, its
//! selections stay inside their lists, and no control character reaches the screen.

use lexicon::content::loader::FileKind;
use lexicon::content::{Contents, SourceFile, load, load_bundled};
use lexicon::ui::app::{App, Screen};
use lexicon::ui::keymap::Action;
use lexicon::ui::view;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::Duration;

fn any_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Home),
        Just(Action::Up),
        Just(Action::Down),
        Just(Action::PageUp),
        Just(Action::PageDown),
        Just(Action::Top),
        Just(Action::Bottom),
        Just(Action::Activate),
        Just(Action::NextLink),
        Just(Action::PreviousLink),
        Just(Action::Back),
        Just(Action::Forward),
        Just(Action::NextSection),
        Just(Action::PreviousSection),
        (0usize..9).prop_map(Action::Section),
        Just(Action::ToggleHelp),
        Just(Action::Escape),
        Just(Action::OpenSearch),
        any::<char>().prop_map(Action::Type),
        Just(Action::Erase),
        Just(Action::ToggleGrouping),
        Just(Action::NextStep),
        Just(Action::PreviousStep),
        Just(Action::OpenCompare),
        Just(Action::OpenMap),
        Just(Action::Left),
        Just(Action::Right),
        Just(Action::ScrollUp),
        Just(Action::ScrollDown),
        (0u16..130, 0u16..50).prop_map(|(x, y)| Action::Click { x, y }),
    ]
}

/// An action, or a resize to a new size.
#[derive(Debug, Clone)]
enum Step {
    Act(Action),
    Resize(u16, u16),
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => any_action().prop_map(Step::Act),
        1 => (0u16..130, 0u16..50).prop_map(|(w, h)| Step::Resize(w, h)),
    ]
}

/// A YAML double-quoted string holding exactly `text`: every character outside printable
/// ASCII is written as a `\u`/`\U` escape, which YAML turns back into the raw character.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if u32::from(c) <= 0xffff => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("backend");
    terminal.draw(|frame| view::draw(app, frame)).expect("draw");
    terminal
}

fn assert_selections_inside(app: &App) {
    assert!(
        app.home_selected() < app.home_rows().len().max(1),
        "home selection outside the list"
    );
    assert!(
        app.home_rows()
            .get(app.home_selected())
            .is_none_or(|row| row.is_selectable())
    );
    if let Some(search) = &app.search() {
        assert!(
            search.selected < search.results.len().max(1),
            "search selection outside the results"
        );
    }
    if let Some(lesson) = &app.lesson() {
        if let Some(link) = lesson.selected_link {
            assert!(link < lesson.document.links.len(), "selected link out of range");
        }
        assert!(lesson.scroll <= lesson.wrapped.lines.len(), "scrolled past the end");
    }
    if app.screen() == Screen::Lesson {
        assert!(app.lesson().is_some());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// `is_clean` says exactly when sanitizing would change nothing: it is what keeps a
    /// tampered cache from bringing back what the loader removed.
    #[test]
    fn is_clean_is_exactly_sanitize_leaving_text_alone(text in "(\\PC|[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{200e}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}\\u{061c}\\t\\n]){0,40}") {
        use lexicon::content::sanitize::{is_clean, sanitize};
        prop_assert_eq!(is_clean(&text), sanitize(&text) == text, "{:?}", text);
    }

    /// What the sanitizer leaves is clean, even when removing one sequence brings two halves
    /// of another together (`&#&#27;27;` left `&#7;`, a reference to BEL), so sanitizing
    /// twice changes nothing.
    #[test]
    fn sanitized_text_is_clean(text in "(&#|&#x|2|7|1|b|;|\\[|x|a|\x1b|\x07|\u{9b}){0,24}") {
        use lexicon::content::sanitize::{is_clean, sanitize};
        let once = sanitize(&text);
        prop_assert!(is_clean(&once), "{:?} became {:?}", text, once);
        prop_assert_eq!(sanitize(&once), once.clone(), "{:?}", text);
    }

    #[test]
    fn random_keys_and_resizes_never_panic(steps in proptest::collection::vec(any_step(), 1..60)) {
        let mut app = App::new(load_bundled(), Some("backup-codes".to_owned()));
        let (mut width, mut height) = (80u16, 24u16);
        app.resize(width, height);
        for step in steps {
            match step {
                Step::Act(action) => app.update(action),
                Step::Resize(w, h) => {
                    width = w;
                    height = h;
                    app.resize(w, h);
                }
            }
            assert_selections_inside(&app);
            draw(&app, width, height);
            if app.should_quit() {
                break;
            }
        }
    }

    #[test]
    fn hostile_text_leaves_no_control_character_on_screen(title in ".{1,40}", definition in ".{1,200}", analysis in ".{0,400}") {
        let escape_heavy = |text: &str| format!("\u{1b}]0;x\u{7}{text}\u{1b}[2J\u{9b}31m\u{202e}");
        let yaml = format!(
            "title: {}\nlevel: beginner\ndefinition: {}\nanalysis: {}\nmisconceptions:\n  - myth: {}\n    fact: f.\n    explanation: e\n",
            yaml_quoted(&escape_heavy(&title)),
            yaml_quoted(&escape_heavy(&definition)),
            yaml_quoted(&escape_heavy(&analysis)),
            yaml_quoted(&escape_heavy(&title)),
        );
        let report = load(vec![SourceFile { path: "terms/hostile.yaml".into(), kind: FileKind::Term, contents: Contents::Bytes(Ok(yaml.into_bytes())) }]);
        // The title may be only spaces and control sequences (`ESC a` is one), which the
        // loader rightly refuses; otherwise the entry must load, or this test would prove
        // nothing.
        let has_text = !lexicon::content::sanitize::sanitize(&escape_heavy(&title)).trim().is_empty();
        prop_assert!(!has_text || report.library.entries().len() == 1, "{:?}", report.diagnostics);
        let opened = report.library.entries().first().map(|entry| entry.id.clone());
        let mut app = App::new(report, opened);
        for (width, height) in [(80, 24), (200, 60)] {
            app.resize(width, height);
            let terminal = draw(&app, width, height);
            let buffer = terminal.backend().buffer();
            for cell in buffer.content() {
                for c in cell.symbol().chars() {
                    prop_assert!(!c.is_control(), "control character {:?} on screen", c);
                    prop_assert!(!lexicon::content::sanitize::is_bidi_control(c), "bidi control {:?} on screen", c);
                }
            }
        }
    }
}

#[test]
fn every_screen_at_every_small_size_never_panics() {
    let mut apps = Vec::new();
    let mut home = App::new(load_bundled(), None);
    apps.push(home.clone());
    home.update(Action::OpenSearch);
    apps.push(home);
    let lesson = App::new(load_bundled(), Some("backup-codes".to_owned()));
    apps.push(lesson);
    let mut map = App::new(load_bundled(), Some("backup-codes".to_owned()));
    map.update(Action::OpenMap);
    apps.push(map);
    let mut compare = App::new(load_bundled(), Some("backup-codes".to_owned()));
    compare.update(Action::OpenCompare);
    apps.push(compare);
    let mut help = App::new(load_bundled(), Some("backup-codes".to_owned()));
    help.update(Action::ToggleHelp);
    apps.push(help);
    let mut sizes: Vec<(u16, u16)> = (0..=6).flat_map(|w| (0..=6).map(move |h| (w, h))).collect();
    sizes.extend([(1, 200), (200, 1), (300, 100), (40, 10), (39, 10), (40, 9)]);
    for app in &mut apps {
        for &(width, height) in &sizes {
            app.resize(width, height);
            draw(app, width, height);
        }
    }
    // The loading screen comes before there is an app; a hostile folder name is drawn clean.
    for &(width, height) in &sizes {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        terminal
            .draw(|frame| {
                view::draw_loading(
                    frame,
                    "/tmp/\u{1b}]0;x\u{7}folder",
                    Duration::from_millis(1500),
                    3,
                    Default::default(),
                )
            })
            .expect("a frame");
        for cell in terminal.backend().buffer().content() {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "a control character on the loading screen"
            );
        }
    }
}
