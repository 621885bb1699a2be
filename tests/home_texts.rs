//! What the home screen says about the library it shows: how many lessons, and, after a load
//! with problems, what to run to see them.

mod common;

use common::Tui;
use lexicon::ui::app::{App, load_notice};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::time::Duration;

/// A content folder with a term file for each id, and a file `broken.yaml` if asked for. The
/// files are dated an hour ago, so a load may write its cache.
fn folder_of(ids: &[&str], broken: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let terms = dir.path().join("terms");
    std::fs::create_dir_all(&terms).expect("terms/");
    let files = ids
        .iter()
        .map(|id| {
            let yaml = format!("id: {id}\ntitle: {id}\nlevel: beginner\ndefinition: What {id} is.\n");
            (format!("{id}.yaml"), yaml)
        })
        .chain(broken.then(|| ("broken.yaml".to_owned(), "id: [unclosed\n".to_owned())));
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    for (name, text) in files {
        let path = terms.join(name);
        std::fs::write(&path, text).expect("write");
        let file = std::fs::File::options().write(true).open(&path).expect("open");
        file.set_modified(an_hour_ago).expect("set mtime");
    }
    dir
}

/// The home of a library loaded from a folder of one term file for each id, as text.
fn home_of(ids: &[&str]) -> String {
    let dir = folder_of(ids, false);
    let (report, _) = lexicon::cache::load_folder(dir.path(), None).expect("loaded");
    let mut app = App::new(report, None);
    app.resize(80, 24);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    terminal
        .draw(|frame| lexicon::ui::view::draw(&app, frame))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect()
}

#[test]
fn the_header_counts_one_lesson_as_one_lesson() {
    let one = home_of(&["alpha"]);
    assert!(one.contains(" 1 lesson on account"), "{one}");
    let two = home_of(&["alpha", "beta"]);
    assert!(two.contains(" 2 lessons on account"), "{two}");
}

/// At 80 columns, with a filter on, the header drops its tagline rather than cut off the
/// filter, which says why fewer lessons show.
#[test]
fn the_header_keeps_the_filter_in_sight_at_80_columns() {
    use lexicon::ui::keymap::Action;
    let mut app = App::new(lexicon::content::load_bundled(), None);
    app.resize(80, 24);
    let header = |app: &App| {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
        terminal
            .draw(|frame| lexicon::ui::view::draw(app, frame))
            .expect("draw");
        let buffer = terminal.backend().buffer();
        (0..80).map(|x| buffer[(x, 0)].symbol()).collect::<String>()
    };
    assert!(
        header(&app).contains(" lessons on account and crypto security"),
        "{}",
        header(&app)
    );
    app.update(Action::CycleFilter);
    let filtered = header(&app);
    assert!(
        filtered.trim_end().ends_with("· terms by level · unread only"),
        "{filtered}"
    );
}

/// The suggested command checks what was loaded: the bundled lessons, or the folder, named
/// so that the command can be pasted into a shell.
#[test]
fn the_load_notice_names_the_content_folder() {
    assert_eq!(
        load_notice(1, 0, None).as_deref(),
        Some("1 file skipped: `lexicon check` shows where")
    );
    assert_eq!(
        load_notice(0, 2, Some(Path::new("/srv/lessons"))).as_deref(),
        Some("2 errors: `lexicon check --content /srv/lessons` shows where")
    );
    assert_eq!(
        load_notice(2, 1, Some(Path::new("lessons"))).as_deref(),
        Some("2 files skipped, 1 error: `lexicon check --content lessons` shows where")
    );
    let notice = |dir: &str| load_notice(1, 1, Some(Path::new(dir))).expect("a notice");
    assert!(notice("my lessons").contains("`lexicon check --content 'my lessons'`"));
    assert!(notice("Bob's").contains(r"`lexicon check --content 'Bob'\''s'`"));
    assert!(notice("~/x").contains("`lexicon check --content '~/x'`"));
    assert_eq!(load_notice(0, 0, Some(Path::new("/srv/lessons"))), None);
}

/// The reader on a folder with a broken file says which folder to check, both when the folder
/// is loaded and in the home first drawn from its cache's preview.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "LEXICON_TEST_HOLD_AFTER_PREVIEW exists only in debug builds"
)]
fn the_reader_names_the_folder_it_loaded_in_its_notice() {
    let dir = folder_of(&["alpha"], true);
    let cache = tempfile::tempdir().expect("tempdir");
    let (content, cache_dir) = (dir.path().to_str(), cache.path().to_str());
    let (content, cache_dir) = (content.expect("UTF-8 path"), cache_dir.expect("UTF-8 path"));
    let args = ["--content", content, "--cache-dir", cache_dir];
    let expected = format!("`lexicon check --content {content}` shows where");
    let names_the_folder = |env: &[(&str, &str)]| {
        let mut tui = Tui::spawn_with_env(&args, 200, 24, env);
        tui.wait_for(&expected);
        tui.send_keys(b"q");
        assert!(tui.wait_exit(Duration::from_secs(5)).success());
    };
    // Loaded from the folder, which writes its cache.
    names_the_folder(&[]);
    let cached = std::fs::read_dir(cache.path())
        .expect("the cache folder")
        .filter_map(Result::ok)
        .any(|file| file.path().extension().is_some_and(|extension| extension == "cache"));
    assert!(cached, "the first start wrote the folder's parsed cache");
    // From the cache, which hands the reader a preview, and with the library held back after
    // it for longer than any wait: only the home drawn from the preview can show the notice.
    names_the_folder(&[("LEXICON_TEST_HOLD_AFTER_PREVIEW", "60000")]);
}
