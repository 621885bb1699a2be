//! The reader end to end: the real binary in a real pseudo-terminal, driven by key presses,
//! judged by what the emulated screen shows. See `tests/common/mod.rs` for the harness.

mod common;

use common::{Tui, keys, reversed_runs, row_text};
use std::process::Command;
use std::time::Duration;

/// How long quitting may take: the app reacts to a key within one 100 ms poll.
const QUIT_TIMEOUT: Duration = Duration::from_secs(5);

/// The lesson header: row 0 is the title and facts, row 1 the breadcrumb.
const TITLE_ROW: u16 = 0;
const CRUMB_ROW: u16 = 1;
/// The first row of the lesson text, under the three header rows.
const BODY_TOP: u16 = 3;

/// Waits until the lesson header's title is `title` (not merely somewhere in the text).
fn wait_for_title(tui: &Tui, title: &str) {
    let start = format!(" {title}  ");
    tui.wait_until(&format!("a lesson titled {title:?} in the header"), |screen| {
        row_text(screen, TITLE_ROW).starts_with(&start)
    });
}

/// Waits until the breadcrumb is exactly `crumb`.
fn wait_for_crumb(tui: &Tui, crumb: &str) {
    tui.wait_until(&format!("the breadcrumb {crumb:?}"), |screen| {
        row_text(screen, CRUMB_ROW).trim() == crumb
    });
}

/// Quits with `q` and checks the process ends by itself, successfully, soon.
fn quit(tui: &mut Tui) {
    tui.send_keys(b"q");
    let status = tui.wait_exit(QUIT_TIMEOUT);
    assert!(status.success(), "q should exit with status 0, got {status:?}");
}

/// Follows a related term from Backup Codes, goes back, goes forward, quits.
fn follow_a_link_back_and_forward(cols: u16, rows: u16) {
    let mut tui = Tui::spawn(&["open", "backup-codes"], cols, rows);

    wait_for_title(&tui, "Backup Codes");
    let header = tui.row(TITLE_ROW);
    assert!(header.contains("beginner"), "the header shows the level: {header:?}");
    wait_for_crumb(&tui, "Backup Codes");
    tui.wait_for_row(BODY_TOP, "Definition");
    tui.wait_for("single-use codes");

    // 5 jumps to the fifth section: its heading becomes the top line of the text.
    tui.send_keys(b"5");
    tui.wait_for_row(BODY_TOP, "Related terms");

    // Tab selects the first link at or below the top of the view: the first related term.
    tui.send_keys(keys::TAB);
    tui.wait_for_selected("Two-Factor Authentication");
    let top = tui.row(BODY_TOP);
    assert!(
        top.contains("Related terms"),
        "selecting a link in view does not scroll: {top:?}\n{}",
        tui.dump()
    );

    tui.send_keys(keys::ENTER);
    wait_for_title(&tui, "Two-Factor Authentication");
    wait_for_crumb(&tui, "Backup Codes › Two-Factor Authentication");
    tui.wait_for_row(BODY_TOP, "Definition");

    // Back returns to exactly where the link was followed: same section, same selection.
    tui.send_keys(keys::BACKSPACE);
    wait_for_title(&tui, "Backup Codes");
    wait_for_crumb(&tui, "Backup Codes");
    tui.wait_for_row(BODY_TOP, "Related terms");
    tui.wait_for_selected("Two-Factor Authentication");

    // Alt-Right goes forward again.
    tui.send_keys(keys::ALT_RIGHT);
    wait_for_title(&tui, "Two-Factor Authentication");
    wait_for_crumb(&tui, "Backup Codes › Two-Factor Authentication");

    quit(&mut tui);
}

#[test]
fn a_related_term_opens_and_back_and_forward_return_100x30() {
    follow_a_link_back_and_forward(100, 30);
}

#[test]
fn a_related_term_opens_and_back_and_forward_return_80x24() {
    follow_a_link_back_and_forward(80, 24);
}

/// The home list's selected row (the one marked ▶): its screen row and its title.
fn selected_home_row(tui: &Tui) -> Option<(u16, String)> {
    tui.with_screen(|screen| {
        let (rows, _) = screen.size();
        (0..rows).find_map(|row| {
            let text = row_text(screen, row);
            let rest = text.trim_start().strip_prefix('▶')?;
            // "▶ Title   level   definition": the title ends at the first run of two spaces.
            let title = rest.trim_start().split("  ").next().unwrap_or_default();
            Some((row, title.to_owned()))
        })
    })
}

/// Waits until a row of the home list starts with `title`.
fn wait_for_listed(tui: &Tui, title: &str) {
    tui.wait_until(&format!("{title:?} listed on home"), |screen| {
        (0..screen.size().0).any(|row| {
            let text = row_text(screen, row);
            let text = text.trim_start();
            text.strip_prefix('▶').unwrap_or(text).trim_start().starts_with(title)
        })
    });
}

#[test]
fn home_lists_terms_and_opens_the_selected_one() {
    let mut tui = Tui::spawn(&[], 100, 30);
    wait_for_listed(&tui, "Backup Codes");
    wait_for_listed(&tui, "Authenticator App");
    let header = tui.row(0);
    assert!(header.contains("lexicon"), "the home header names the app: {header:?}");
    assert!(header.contains("lessons on account and crypto security"), "{header:?}");
    tui.wait_until("a selected row on the home list", |screen| {
        reversed_runs(screen).iter().any(|run| run.starts_with('▶'))
    });

    // Each j moves the selection down the list, skipping group headings.
    for _ in 0..3 {
        let (before, _) = selected_home_row(&tui).expect("a selected row");
        tui.send_keys(b"j");
        tui.wait_until("j to move the selection down", |screen| {
            (before + 1..screen.size().0).any(|row| row_text(screen, row).trim_start().starts_with('▶'))
        });
    }
    let (_, title) = selected_home_row(&tui).expect("a selected row");
    assert!(!title.is_empty(), "no title in the selected row\n{}", tui.dump());

    tui.send_keys(keys::ENTER);
    // A term's title heads the lesson; a journey's title sits in the header's third row.
    tui.wait_until(&format!("the lesson header to name {title:?}"), |screen| {
        (0..3).any(|row| row_text(screen, row).contains(&title))
    });
    tui.wait_until("the lesson's status bar", |screen| {
        row_text(screen, screen.size().0 - 1).contains("Enter follow")
    });
    tui.wait_for_stable();
    assert!(
        !tui.screen().contains("lessons on account and crypto security"),
        "the home header is gone once a lesson is open\n{}",
        tui.dump()
    );

    // Esc returns to the list, which now offers to continue with what was open.
    tui.send_keys(keys::ESC);
    tui.wait_for_row(0, "lessons on account and crypto security");
    tui.wait_for("Continue: ");
    tui.wait_until("a selected row on the home list", |screen| {
        reversed_runs(screen).iter().any(|run| run.starts_with('▶'))
    });
    quit(&mut tui);
}

/// Opens the term `title` from the home list (by moving down to it) and returns home with
/// `back`, checking on the way that its row is the selected one.
fn open_from_home_and_return(tui: &Tui, title: &str, back: &[u8]) {
    tui.wait_for(title);
    for moves in 0.. {
        let (before, selected) = selected_home_row(tui).expect("a selected row");
        if selected == title {
            break;
        }
        assert!(moves < 60, "{title:?} was never selected\n{}", tui.dump());
        tui.send_keys(b"j");
        tui.wait_until("j to move the selection down", |screen| {
            (before + 1..screen.size().0).any(|row| row_text(screen, row).trim_start().starts_with('▶'))
        });
    }
    tui.send_keys(keys::ENTER);
    wait_for_title(tui, title);
    tui.send_keys(back);
    tui.wait_for_row(0, "lessons on account and crypto security");
}

/// Coming back to the list from a lesson selects the row the lesson was opened from.
fn returning_home_keeps_the_row_selected(back: &[u8]) {
    let mut tui = Tui::spawn(&[], 80, 24);
    open_from_home_and_return(&tui, "Backup Codes", back);
    tui.wait_for_stable();
    let selected = selected_home_row(&tui).map(|(_, title)| title);
    assert_eq!(
        selected.as_deref(),
        Some("Backup Codes"),
        "the row the lesson was opened from is selected again\n{}",
        tui.dump()
    );
    quit(&mut tui);
}

#[test]
fn esc_home_keeps_the_row_the_lesson_was_opened_from() {
    returning_home_keeps_the_row_selected(keys::ESC);
}

#[test]
fn back_home_keeps_the_row_the_lesson_was_opened_from() {
    returning_home_keeps_the_row_selected(keys::BACKSPACE);
}

#[test]
fn open_with_a_fuzzy_name_opens_the_one_clear_match() {
    let mut tui = Tui::spawn(&["open", "backup"], 80, 24);
    wait_for_title(&tui, "Backup Codes");
    let header = tui.row(TITLE_ROW);
    assert!(header.contains("beginner"), "{header:?}");
    tui.wait_for_row(BODY_TOP, "Definition");
    quit(&mut tui);
}

#[test]
fn open_with_an_unknown_term_fails_and_names_it() {
    let output = Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args(["open", "no-such-term-xyz"])
        .env_remove("LEXICON_CONTENT")
        .env_remove("LEXICON_DATA_DIR")
        .output()
        .expect("the binary runs");
    assert!(!output.status.success(), "an unknown term is an error");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no-such-term-xyz"),
        "the error names the term: {stderr:?}"
    );
    // It fails before touching the terminal: nothing on stdout, no escape codes anywhere.
    assert!(
        output.stdout.is_empty(),
        "stdout: {:?}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(!stderr.contains('\u{1b}'), "no escape codes in the error: {stderr:?}");
}

/// The position of the last occurrence of `needle` in `haystack`.
fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window == needle)
}

#[test]
fn quitting_restores_the_terminal() {
    const ENTER_ALTERNATE: &[u8] = b"\x1b[?1049h";
    const LEAVE_ALTERNATE: &[u8] = b"\x1b[?1049l";
    const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
    const MOUSE_OFF: &[u8] = b"\x1b[?1000l";

    let mut tui = Tui::spawn(&["open", "backup-codes"], 80, 24);
    wait_for_title(&tui, "Backup Codes");
    tui.with_screen(|screen| {
        assert!(screen.alternate_screen(), "the reader draws on the alternate screen");
        assert_ne!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "the reader captures the mouse"
        );
    });
    let cooked = tui.initial_terminal_modes();
    assert!(!cfg!(unix) || cooked.is_some(), "the pty's modes can be read on unix");
    assert!(
        cooked.is_none() || tui.terminal_modes() != cooked,
        "the reader puts the terminal in raw mode"
    );
    quit(&mut tui);
    assert_eq!(
        tui.terminal_modes(),
        cooked,
        "the terminal's modes (echo, line editing) are as before the reader started"
    );

    // What the user is left with: the normal screen, a visible cursor, no mouse capture.
    tui.with_screen(|screen| {
        assert!(
            !screen.alternate_screen(),
            "still on the alternate screen after quitting"
        );
        assert!(!screen.hide_cursor(), "the cursor is still hidden after quitting");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse capture is still on after quitting"
        );
    });

    // And in the bytes: the last thing done is leaving the alternate screen; at most the
    // cursor is shown again after it, and nothing is drawn.
    let raw = tui.raw();
    let entered = rfind(&raw, ENTER_ALTERNATE).expect("the reader entered the alternate screen");
    let left = rfind(&raw, LEAVE_ALTERNATE).expect("the reader left the alternate screen");
    assert!(
        left > entered,
        "the alternate screen was entered again after leaving it"
    );
    let tail = &raw[left + LEAVE_ALTERNATE.len()..];
    assert!(
        tail.is_empty() || tail == SHOW_CURSOR,
        "bytes written after leaving the alternate screen: {:?}",
        String::from_utf8_lossy(tail)
    );
    let mouse_off = rfind(&raw, MOUSE_OFF).expect("mouse capture was turned off");
    assert!(
        mouse_off < left,
        "mouse capture is turned off before leaving the alternate screen"
    );
}

/// Keys typed on the loading screen are not lost: `/`, a query (with a `q` in it, which
/// would quit an idle loading screen) and Enter, typed while a folder still loads, open the
/// lesson once it has. (The debug-only `LEXICON_TEST_SLOW_LOAD` holds the load back, so the
/// keys arrive during it on any machine.)
#[test]
#[cfg_attr(not(debug_assertions), ignore = "LEXICON_TEST_SLOW_LOAD exists only in debug builds")]
fn keys_typed_while_a_folder_loads_are_played_once_it_has() {
    let dir = tempfile::tempdir().expect("tempdir");
    let terms = dir.path().join("terms");
    std::fs::create_dir(&terms).expect("terms/");
    let analysis = "A sentence of analysis. ".repeat(4);
    for index in 0..100 {
        let title = if index == 42 {
            "Quokka Tokens".to_owned()
        } else {
            format!("Term {index:04}")
        };
        let text =
            format!("title: {title}\nlevel: beginner\ndefinition: What {title} means.\nanalysis: >\n  {analysis}\n");
        std::fs::write(terms.join(format!("term-{index:04}.yaml")), text).expect("write");
    }
    let folder = dir.path().to_str().expect("a UTF-8 path");
    let mut tui = Tui::spawn_with_env(
        &["--content", folder, "--no-cache"],
        100,
        30,
        &[("LEXICON_TEST_SLOW_LOAD", "1500")],
    );
    tui.wait_for("Loading lessons");
    tui.send_keys(b"/quokka\r");
    let still_loading = tui.screen().contains("Loading lessons");
    // The lesson's breadcrumb: the home lists the term too, so its name alone proves nothing.
    tui.wait_for("home › Quokka Tokens");
    assert!(
        still_loading,
        "the keys were meant to arrive during the load, which ended first:\n{}",
        tui.dump()
    );
    tui.send_keys(b"q");
    assert!(tui.wait_exit(QUIT_TIMEOUT).success());
}

/// From its parsed cache, a folder's home is drawn from the cache's preview while the
/// library is decoded, and keys typed meanwhile are played once it is in. (The debug-only
/// `LEXICON_TEST_HOLD_AFTER_PREVIEW` holds the library back after the preview, so the keys
/// arrive while the preview shows on any machine.)
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "LEXICON_TEST_HOLD_AFTER_PREVIEW exists only in debug builds"
)]
fn the_home_shows_from_the_cache_while_the_library_loads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let terms = dir.path().join("terms");
    std::fs::create_dir(&terms).expect("terms/");
    // More terms than the preview keeps, and written an hour ago, so the cache is written.
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    for index in 0..300 {
        let title = if index == 42 {
            "Quokka Tokens".to_owned()
        } else {
            format!("Term {index:04}")
        };
        let path = terms.join(format!("term-{index:04}.yaml"));
        std::fs::write(
            &path,
            format!("title: {title}\nlevel: beginner\ndefinition: What {title} means.\n"),
        )
        .expect("write");
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|file| file.set_modified(an_hour_ago))
            .expect("set mtime");
    }
    let cache = tempfile::tempdir().expect("cache dir");
    let folder = dir.path().to_str().expect("a UTF-8 path");
    let args = [
        "--content",
        folder,
        "--cache-dir",
        cache.path().to_str().expect("a UTF-8 path"),
    ];
    // The first start parses the folder and writes the cache.
    let mut first = Tui::spawn(&args, 100, 30);
    first.wait_for("300 lessons on account and crypto security");
    first.wait_for("Ctrl-C quit");
    first.send_keys(b"q");
    assert!(first.wait_exit(QUIT_TIMEOUT).success());

    let mut tui = Tui::spawn_with_env(&args, 100, 30, &[("LEXICON_TEST_HOLD_AFTER_PREVIEW", "1500")]);
    tui.wait_for("loading…");
    let preview = tui.screen();
    assert!(
        preview.contains("300 lessons on account and crypto security") && preview.contains("Term 0000"),
        "the preview shows the home's lessons:\n{preview}"
    );
    tui.send_keys(b"/quokka\r");
    let still_loading = tui.screen().contains("loading…");
    tui.wait_for("home › Quokka Tokens");
    assert!(
        still_loading,
        "the keys were meant to arrive during the load, which ended first:\n{}",
        tui.dump()
    );
    tui.send_keys(b"q");
    assert!(tui.wait_exit(QUIT_TIMEOUT).success());
}

/// `lexicon --content DIR` with no command loads the folder behind a loading screen, then
/// shows its home like the bundled content's (the bundled folder itself stands in here).
#[test]
fn home_on_a_content_folder_loads_it_in_the_background() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
    let lessons = std::fs::read_dir(format!("{folder}/terms"))
        .expect("the bundled terms")
        .filter(|file| {
            file.as_ref()
                .is_ok_and(|file| file.path().extension().is_some_and(|ext| ext == "yaml"))
        })
        .count();
    let mut tui = Tui::spawn(&["--content", folder], 100, 30);
    tui.wait_for(&format!("{lessons} lessons on account and crypto security"));
    tui.wait_for("Backup Codes");
    tui.send_keys(b"q");
    assert!(tui.wait_exit(QUIT_TIMEOUT).success());
}

/// `f` puts a letter over the start of every link in sight; typing one follows that link,
/// and any other key puts the letters away.
#[test]
fn f_shows_link_hints_and_a_letter_follows_its_link() {
    let mut tui = Tui::spawn(&["open", "backup-codes"], 80, 24);
    wait_for_title(&tui, "Backup Codes");
    tui.wait_for("Two-Factor Authentication turned on");

    // Esc puts the hints away and leaves the page as it was.
    tui.send_keys(b"f");
    tui.wait_for("type the letters beside a link");
    tui.send_keys(keys::ESC);
    tui.wait_for("Two-Factor Authentication turned on");
    wait_for_title(&tui, "Backup Codes");

    // The letter drawn where the link "Two-Factor Authentication" starts follows it.
    tui.send_keys(b"f");
    tui.wait_for("type the letters beside a link");
    let row = (0..24)
        .map(|row| tui.row(row))
        .find(|text| text.contains("wo-Factor Authentication turned on"))
        .expect("the link's text, under its hint");
    let at = row.find("wo-Factor Authentication turned on").expect("found above");
    let hint = row[..at].chars().last().expect("a letter before it");
    assert!(hint.is_ascii_lowercase() && hint != 'T', "{row:?}");
    tui.send_keys(hint.to_string().as_bytes());
    wait_for_title(&tui, "Two-Factor Authentication");
    wait_for_crumb(&tui, "Backup Codes › Two-Factor Authentication");
    quit(&mut tui);
}

/// The home's Review row said "nothing due now" after a card fell due, until a key was
/// pressed. With a card that falls due a few seconds after start, the row changes by itself.
#[test]
fn the_review_row_changes_when_a_card_falls_due_without_a_key() {
    use lexicon::quiz::{AnswerRecord, Confidence, Rating, StatementKey, schedule};
    let data = tempfile::tempdir().expect("a data folder");
    // A wrong answer comes back after the first learning step; answer it so that the step
    // ends four seconds from now.
    let key: StatementKey = "backup-codes#0/myth".parse().expect("a key");
    let now = chrono::Utc::now();
    let step = schedule(None, Rating::Again, now).due() - now;
    let record = AnswerRecord {
        answered_at: now - step + chrono::Duration::seconds(4),
        answer: lexicon::quiz::Verdict::Fact,
        key,
        confidence: Confidence::from_percent(80).expect("80%"),
        correct: false,
        attempt: 1,
        session: None,
    };
    common::record_answer(data.path(), &record);

    let data_dir = data.path().to_str().expect("UTF-8");
    let mut tui = Tui::spawn_with_env(&[], 100, 30, &[("LEXICON_DATA_DIR", data_dir)]);
    tui.wait_for("nothing due now; next in");
    // No key is pressed from here on.
    tui.wait_until("the Review row to count the card that fell due", |screen| {
        screen.contents().contains("1 statement due")
    });
    quit(&mut tui);
}

/// The configuration file, in the real reader: a changed navigation key moves the selection
/// and the status bar shows it; a file with a mistake is named with its line in the status
/// bar, and the reader runs on the defaults.
#[test]
fn the_configuration_changes_keys_and_a_mistake_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("config.toml");
    let config = file.to_str().expect("a UTF-8 path");
    std::fs::write(&file, "[keys]\ndown = [\"Ctrl-n\", \"Down\"]\n").expect("write");
    let mut tui = Tui::spawn(&["--config", config], 100, 30);
    wait_for_listed(&tui, "Backup Codes");
    tui.wait_until("the changed key in the status bar", |screen| {
        row_text(screen, screen.size().0 - 1).contains("Ctrl-n ↓ move")
    });
    let (before, _) = selected_home_row(&tui).expect("a selected row");
    tui.send_keys(b"\x0e");
    tui.wait_until("Ctrl-n to move the selection down", |screen| {
        (before + 1..screen.size().0).any(|row| row_text(screen, row).trim_start().starts_with('▶'))
    });
    quit(&mut tui);

    std::fs::write(&file, "grouping = \"tag\"\ntheme = \"neon\"\n").expect("write");
    let mut tui = Tui::spawn(&["--config", config], 100, 30);
    tui.wait_until("the mistake named in the status bar", |screen| {
        row_text(screen, screen.size().0 - 1).contains("config.toml:2:9:")
    });
    // The defaults hold: the grouping the file asked for is set aside with the rest.
    assert!(tui.row(0).contains("terms by level"), "{}", tui.row(0));
    quit(&mut tui);
}
