//! Wide grapheme clusters end to end: lessons whose titles, aliases, definitions and text hold
//! ZWJ emoji sequences, skin-tone modifiers, flags, emoji variation selectors and combining
//! marks, read in the real binary in a pseudo-terminal whose screen the vt100 crate keeps.
//! The vt100 crate draws such clusters a character at a time, as tmux mostly does, so a
//! cluster measured otherwise spills past its row or leaves cells that are never redrawn.
//! What a user would see is asserted: nothing in the margins or past a row's edge, nothing
//! left over from the previous screen, and the same screen after leaving search as before
//! opening it. See `tests/common/mod.rs` for the harness.

mod common;

use common::{Tui, keys, row_text};
use std::time::Duration;

/// How long quitting may take: the app reacts to a key within one 100 ms poll.
const QUIT_TIMEOUT: Duration = Duration::from_secs(5);

const THUMBS: &str = "👍🏽";
const CODER: &str = "👩\u{200d}💻";
const FAMILY: &str = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
const HEART: &str = "❤\u{fe0f}";
const FLAG: &str = "🇺🇸";
const CAFE: &str = "Cafe\u{301}";

/// A content folder of three lessons full of wide clusters and a plain one. Long runs of
/// clusters with no space between them fill whole lines, so the last cluster of a line ends at
/// the right edge of the text (one run starts a column later than the other, to meet both
/// parities of width).
fn wide_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let terms = dir.path().join("terms");
    std::fs::create_dir(&terms).expect("terms/");
    let run = |cluster: &str| cluster.repeat(60);
    let lessons = [
        (
            "coder",
            format!("Developer {CODER} Keys"),
            format!("Keys a developer {CODER} keeps, with a {THUMBS} from the family {FAMILY}."),
            format!("Coder {CODER}"),
            format!("{}\n\n  x{}\n\n  {}", run(THUMBS), run(CODER), run(FAMILY)),
            "[flags, accents, plain]",
        ),
        (
            "flags",
            format!("Flags {FLAG}🇯🇵 and Hearts {HEART}"),
            format!("Flags {FLAG}🇯🇵🇩🇪 and hearts {HEART}{HEART} in a definition of their own."),
            format!("Banners {FLAG}"),
            format!("{}\n\n  y{}\n\n  {}", run(FLAG), run(HEART), run("1\u{fe0f}\u{20e3}")),
            "[coder, accents]",
        ),
        (
            "accents",
            format!("{CAFE} Keys with Z\u{324}\u{354}\u{367}algo"),
            format!("A {CAFE} and a\u{310} with combining marks, and Z\u{324}\u{354}\u{367}\u{311}algo text."),
            format!("{CAFE} Codes"),
            format!("{}\n\n  z{}", run("e\u{301}"), run(THUMBS)),
            "[coder, flags]",
        ),
        (
            "plain",
            "Plain Term".to_owned(),
            "A plain definition with nothing wide in it at all.".to_owned(),
            "Ordinary".to_owned(),
            "Plain words.".to_owned(),
            "[coder]",
        ),
    ];
    for (id, title, definition, alias, analysis, related) in lessons {
        let text = format!(
            "id: {id}\ntitle: \"{title}\"\nlevel: beginner\ntags: [wide]\ndefinition: \"{definition}\"\n\
             aliases: [\"{alias}\"]\nanalysis: |\n  {analysis}\nrelated: {related}\n"
        );
        std::fs::write(terms.join(format!("{id}.yaml")), text).expect("write a lesson");
    }
    dir
}

/// The reader on [`wide_folder`] at `cols`x`rows`, its home shown.
fn reader(folder: &tempfile::TempDir, cols: u16, rows: u16) -> Tui {
    let path = folder.path().to_str().expect("a UTF-8 path");
    let tui = Tui::spawn(&["--content", path, "--no-cache"], cols, rows);
    tui.wait_for("4 lessons on account and crypto security");
    tui.wait_for("Plain Term");
    tui.wait_for_stable();
    tui
}

/// What cell (`row`, `col`) shows: its characters, " " when empty, "" when it is the second
/// half of a wide character.
fn cell(screen: &vt100::Screen, row: u16, col: u16) -> String {
    match screen.cell(row, col) {
        Some(cell) if cell.is_wide_continuation() => String::new(),
        Some(cell) if cell.has_contents() => cell.contents().to_owned(),
        _ => " ".to_owned(),
    }
}

/// Every cell of the screen, row by row: two screens that look alike compare equal.
fn cells(tui: &Tui) -> Vec<Vec<String>> {
    tui.with_screen(|screen| {
        let (rows, cols) = screen.size();
        (0..rows)
            .map(|row| (0..cols).map(|col| cell(screen, row, col)).collect())
            .collect()
    })
}

/// Panics with the screen unless the first column of `rows` shows only what is in `first`,
/// and the last only what is in `last` (anything, when it is `None`): a cluster drawn wider
/// than measured ends in the right margin or wraps into column 0 of the next row.
fn assert_edges(tui: &Tui, rows: std::ops::Range<u16>, first: &[&str], last: Option<&[&str]>, what: &str) {
    let (_, cols) = tui.with_screen(vt100::Screen::size);
    for row in rows {
        let (left, right) = tui.with_screen(|screen| (cell(screen, row, 0), cell(screen, row, cols - 1)));
        assert!(
            first.contains(&left.as_str()) && last.is_none_or(|last| last.contains(&right.as_str())),
            "{what}: row {row} shows {left:?} in its first column and {right:?} in its last\n{}",
            tui.dump()
        );
    }
}

/// Panics with the screen unless `rows` are empty between column `from` and `to`
/// (exclusive): nothing left over from an earlier screen.
fn assert_blank(tui: &Tui, rows: std::ops::Range<u16>, from: u16, to: u16, what: &str) {
    for row in rows {
        let text: String = tui.with_screen(|screen| (from..to).map(|col| cell(screen, row, col)).collect());
        assert!(
            text.trim().is_empty(),
            "{what}: row {row} should be empty but shows {text:?}\n{}",
            tui.dump()
        );
    }
}

/// The lesson's rows: the header and text have one blank column of margin each side (the
/// rule under the header spans the width), the status bar starts with a space.
fn assert_lesson_edges(tui: &Tui, rows: u16) {
    assert_edges(tui, 0..2, &[" "], Some(&[" ", "…"]), "lesson header");
    assert_edges(tui, 3..rows - 1, &[" "], Some(&[" "]), "lesson text");
    let status = tui.row(rows - 1);
    assert!(
        status.starts_with(" Tab") && status.ends_with('%'),
        "the status bar holds the keys and the position, nothing else: {status:?}\n{}",
        tui.dump()
    );
}

/// Search is a box: borders in the first and last columns, and nothing under the results.
fn assert_search_box(tui: &Tui, rows: u16, results: u16) {
    let (_, cols) = tui.with_screen(vt100::Screen::size);
    assert_edges(tui, 0..1, &["┌"], Some(&["┐"]), "search border");
    assert_edges(tui, 1..rows - 1, &["│"], Some(&["│"]), "search box");
    assert_edges(tui, rows - 1..rows, &["└"], Some(&["┘"]), "search border");
    // The results start on row 3, under the query and the count.
    assert_blank(tui, 3 + results..rows - 1, 1, cols - 1, "under the search results");
}

/// The home: every row starts with a space or the selection marker (its rows span the
/// width, so what spills past one wraps into the first column of the next), and nothing shows
/// between the last row of the list and the status bar.
fn assert_home(tui: &Tui, rows: u16) {
    let (_, cols) = tui.with_screen(vt100::Screen::size);
    assert_edges(tui, 0..rows, &[" ", "▶"], None, "home");
    let last = tui
        .with_screen(|screen| {
            (0..rows)
                .rev()
                .find(|&row| row_text(screen, row).contains("Plain Term"))
        })
        .unwrap_or_else(|| panic!("the home lists Plain Term\n{}", tui.dump()));
    assert_blank(tui, last + 1..rows - 1, 0, cols, "under the home's list");
}

/// Home → search → lesson → search → Esc → Esc, checking each screen, then quits.
fn round_trip(cols: u16, rows: u16) {
    let folder = wide_folder();
    let mut tui = reader(&folder, cols, rows);
    assert_home(&tui, rows);

    // Open the lesson through search, so that its text is drawn over the search box.
    tui.send_keys(b"/developer");
    tui.wait_for("1 of 4");
    tui.wait_for_stable();
    assert_search_box(&tui, rows, 1);
    tui.send_keys(keys::ENTER);
    tui.wait_for("home › Developer");
    tui.wait_for_stable();
    assert_lesson_edges(&tui, rows);
    // Down the text, past the runs that fill whole lines.
    tui.send_keys(b"jjjjjj");
    tui.wait_for_stable();
    assert_lesson_edges(&tui, rows);
    let lesson = cells(&tui);

    // Search for all four: rows of wide titles and definitions, drawn over the lesson.
    tui.send_keys(b"/");
    tui.wait_for("Search");
    tui.send_keys(b"wide");
    tui.wait_for("4 of 4");
    tui.wait_for_stable();
    assert_search_box(&tui, rows, 4);

    // Esc closes search: the lesson is back exactly as it was.
    tui.send_keys(keys::ESC);
    tui.wait_for("home › Developer");
    tui.wait_for_stable();
    assert_lesson_edges(&tui, rows);
    let after = cells(&tui);
    for (row, (before, now)) in lesson.iter().zip(&after).enumerate() {
        assert_eq!(
            before.concat(),
            now.concat(),
            "row {row} of the lesson changed after search was opened and closed\n{}",
            tui.dump()
        );
        assert_eq!(before, now, "row {row}: the same text in other cells\n{}", tui.dump());
    }

    // Esc again: home, with nothing left of the lesson.
    tui.send_keys(keys::ESC);
    tui.wait_for("Continue: Developer");
    tui.wait_for_stable();
    assert_home(&tui, rows);
    tui.send_keys(b"q");
    assert!(tui.wait_exit(QUIT_TIMEOUT).success());
}

#[test]
fn no_fragment_survives_moving_between_screens_at_80x24() {
    round_trip(80, 24);
}

/// An odd width (below the one that adds the outline), so that the runs end a line at the
/// other parity.
#[test]
fn no_fragment_survives_moving_between_screens_at_99x30() {
    round_trip(99, 30);
}

/// Following links from lesson to lesson, and scrolling each, keeps every line inside the
/// text's margins: a cluster drawn wider than measured would spill into them.
#[test]
fn lessons_full_of_wide_clusters_stay_inside_their_margins() {
    let folder = wide_folder();
    let mut tui = reader(&folder, 80, 24);
    tui.send_keys(b"/banners");
    tui.wait_for("alias: Banners");
    tui.send_keys(keys::ENTER);
    tui.wait_for("home › Flags");
    for _ in 0..2 {
        for _ in 0..4 {
            tui.wait_for_stable();
            assert_lesson_edges(&tui, 24);
            tui.send_keys(b"jjj");
        }
        // Tab to the first related lesson and follow it.
        let crumb = tui.row(1);
        tui.send_keys(b"G");
        tui.send_keys(keys::TAB);
        tui.send_keys(keys::ENTER);
        tui.wait_until("another lesson", |screen| row_text(screen, 1) != crumb);
    }
    tui.wait_for_stable();
    assert_lesson_edges(&tui, 24);
    tui.send_keys(b"q");
    assert!(tui.wait_exit(QUIT_TIMEOUT).success());
}
