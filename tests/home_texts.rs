//! What the home screen says about the library it shows: how many lessons, and, after a load
//! with problems, what to run to see them.

use lexicon::ui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The home of a library loaded from a folder of one term file for each id, as text.
fn home_of(ids: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let terms = dir.path().join("terms");
    std::fs::create_dir_all(&terms).expect("terms/");
    for id in ids {
        let yaml = format!("id: {id}\ntitle: {id}\nlevel: beginner\ndefinition: What {id} is.\n");
        std::fs::write(terms.join(format!("{id}.yaml")), yaml).expect("write");
    }
    let (report, _) = lexicon::content::cache::load_folder(dir.path(), None).expect("loaded");
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
