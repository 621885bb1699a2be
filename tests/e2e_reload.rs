//! Live reload end to end: the real binary on a content folder in a temporary directory,
//! its files edited while it runs, judged by what the screen (or `check --watch`'s output)
//! shows, with no key pressed in between. See `tests/common/mod.rs` for the harness.

mod common;

use common::{Tui, row_text};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long quitting may take: the app reacts to a key within one 100 ms poll.
const QUIT_TIMEOUT: Duration = Duration::from_secs(5);

/// The first row of the lesson text, under the three header rows.
const BODY_TOP: u16 = 3;

/// A lesson whose analysis is thirty numbered paragraphs, with `marker` in the twentieth:
/// long enough that reading the marker means scrolling.
fn lesson(definition: &str, marker: &str) -> String {
    let mut text = format!("title: Quokka Tokens\nlevel: beginner\ndefinition: {definition}\nanalysis: |\n");
    for paragraph in 1..=30 {
        let extra = if paragraph == 20 {
            format!(" {marker}")
        } else {
            String::new()
        };
        text.push_str(&format!("  Paragraph {paragraph:02} of the analysis.{extra}\n\n"));
    }
    text
}

/// Writes `text` to `path` as an editor that saves atomically does: a temporary file beside
/// it, renamed over it.
fn save_atomically(path: &Path, text: &str) {
    let temporary = path.with_extension("yaml.tmp");
    std::fs::write(&temporary, text).expect("write the temporary file");
    std::fs::rename(&temporary, path).expect("rename it over the lesson");
}

/// The reader shows an edit to the lesson on screen without a key, at the same scroll
/// position; an edit that breaks the file keeps the last good text and names the file and
/// line in the status bar; fixing the file clears it.
#[test]
fn an_edited_lesson_reloads_on_screen_and_a_broken_one_keeps_its_last_good_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let terms = dir.path().join("terms");
    std::fs::create_dir(&terms).expect("terms/");
    let file = terms.join("quokka.yaml");
    std::fs::write(&file, lesson("The first version.", "MARKER-ONE")).expect("write the lesson");
    std::fs::write(
        terms.join("wombat.yaml"),
        "title: Wombat Keys\nlevel: beginner\ndefinition: Another lesson.\n",
    )
    .expect("write another lesson");
    let folder = dir.path().to_str().expect("a UTF-8 path");
    let (cols, rows) = (100, 30);
    let mut tui = Tui::spawn(&["--content", folder, "--no-cache", "open", "quokka"], cols, rows);
    tui.wait_for("The first version.");
    // Down until the marker's paragraph is on screen, the definition scrolled out of sight.
    for _ in 0..40 {
        tui.send_keys(b"j");
    }
    tui.wait_for("MARKER-ONE");
    tui.wait_for_stable();
    assert!(!tui.screen().contains("The first version."), "{}", tui.dump());
    let top = tui.with_screen(|screen| row_text(screen, BODY_TOP));

    // An edit: the new text shows, no key pressed, and the same line is at the top.
    let saved = Instant::now();
    std::fs::write(&file, lesson("The first version.", "MARKER-TWO")).expect("edit the lesson");
    tui.wait_for("MARKER-TWO");
    eprintln!("save to redraw: {:?}", saved.elapsed());
    assert_eq!(
        tui.with_screen(|screen| row_text(screen, BODY_TOP)),
        top,
        "the scroll position changed\n{}",
        tui.dump()
    );

    // A broken edit: YAML that does not parse at line 2. The last good text stays.
    std::fs::write(
        &file,
        lesson("The first version.", "MARKER-BROKEN").replace("level: beginner", "level: [beginner"),
    )
    .expect("break the lesson");
    let status_row = rows - 1;
    tui.wait_until("the error in the status bar", |screen| {
        row_text(screen, status_row).contains("terms/quokka.yaml:2:")
    });
    let status = tui.with_screen(|screen| row_text(screen, status_row));
    assert!(status.contains("error"), "{status}");
    let screen = tui.screen();
    assert!(
        screen.contains("MARKER-TWO"),
        "the last good text should stay:\n{}",
        tui.dump()
    );
    assert!(!screen.contains("MARKER-BROKEN"), "{}", tui.dump());

    // Fixed, saved the way many editors save: the error clears and the fix shows.
    save_atomically(&file, &lesson("The first version.", "MARKER-THREE"));
    tui.wait_for("MARKER-THREE");
    tui.wait_for_stable();
    let status = tui.with_screen(|screen| row_text(screen, status_row));
    assert!(!status.contains("quokka.yaml"), "the error should clear: {status}");

    tui.send_keys(b"q");
    assert!(tui.wait_exit(QUIT_TIMEOUT).success());
}

/// Lines from a child's stdout, as they come.
fn lines_of(child: &mut std::process::Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().expect("piped stdout");
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if send.send(line).is_err() {
                return;
            }
        }
    });
    lines
}

/// The next line that contains `text`, passing over others; panics with what came instead
/// after a generous wait.
fn wait_for_line(lines: &mpsc::Receiver<String>, text: &str) -> String {
    let deadline = Instant::now() + common::TIMEOUT;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(text) => return line,
            Ok(line) => seen.push(line),
            Err(_) => break,
        }
    }
    panic!("no line with {text:?}; got:\n{}", seen.join("\n"));
}

/// `check --watch` prints the whole check once, then, after each save, only the problems
/// that are new and those that were fixed.
#[test]
fn check_watch_prints_new_and_fixed_problems() {
    let dir = tempfile::tempdir().expect("tempdir");
    let terms = dir.path().join("terms");
    std::fs::create_dir(&terms).expect("terms/");
    let good = "title: Quokka Tokens\nlevel: beginner\ndefinition: Good.\n";
    let file = terms.join("quokka.yaml");
    std::fs::write(&file, good).expect("write");
    std::fs::write(
        terms.join("wombat.yaml"),
        "title: Wombat Keys\nlevel: beginner\ndefinition: Another.\n",
    )
    .expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args([
            "--content",
            dir.path().to_str().expect("UTF-8"),
            "--no-cache",
            "check",
            "--watch",
        ])
        .env_remove("LEXICON_CONTENT")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("lexicon starts");
    let lines = lines_of(&mut child);
    wait_for_line(&lines, "2 entries, 0 journeys: 0 errors");

    std::fs::write(&file, good.replace("level: beginner", "level: beginer")).expect("break it");
    let new = wait_for_line(&lines, "new: ");
    assert!(new.contains("quokka.yaml:2:"), "{new}");
    assert!(new.contains("error"), "{new}");
    let summary = wait_for_line(&lines, "journeys:");
    assert!(summary.contains("1 error"), "{summary}");

    std::fs::write(&file, good).expect("fix it");
    let fixed = wait_for_line(&lines, "fixed: ");
    assert!(fixed.contains("quokka.yaml:2:"), "{fixed}");
    let summary = wait_for_line(&lines, "journeys:");
    assert!(summary.contains("0 errors"), "{summary}");

    child.kill().expect("stop the watch");
    let _ = child.wait();
}

/// The bundled lessons are compiled in: there is nothing to watch.
#[test]
fn check_watch_needs_a_content_folder() {
    let output = Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args(["check", "--watch"])
        .env_remove("LEXICON_CONTENT")
        .output()
        .expect("lexicon runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("needs `--content DIR`"), "{stderr}");
}

/// A folder that is not there is named as `check` names it, before any watching.
#[test]
fn check_watch_on_a_missing_folder_says_it_cannot_read_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nowhere");
    let output = Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args(["--content", missing.to_str().expect("UTF-8"), "check", "--watch"])
        .env_remove("LEXICON_CONTENT")
        .output()
        .expect("lexicon runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("could not read the content folder"), "{stderr}");
}
