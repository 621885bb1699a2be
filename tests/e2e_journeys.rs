//! The user journeys of the explorer and the calibration check, end to end: the real binary
//! in a pseudo-terminal, driven by keys, judged by the screen. See `tests/common/mod.rs`.

mod common;

use common::{Tui, keys, row_text};
use std::process::Command;
use std::time::Duration;

const QUIT_TIMEOUT: Duration = Duration::from_secs(5);

/// Waits until the lesson header's title is `title`.
fn wait_for_title(tui: &Tui, title: &str) {
    let start = format!(" {title}  ");
    tui.wait_until(&format!("a lesson titled {title:?}"), |screen| {
        row_text(screen, 0).starts_with(&start)
    });
}

fn quit(tui: &mut Tui, key: &[u8]) {
    tui.send_keys(key);
    let status = tui.wait_exit(QUIT_TIMEOUT);
    assert!(status.success(), "quitting should exit 0, got {status:?}");
}

#[test]
fn slash_backup_enter_opens_backup_codes() {
    let mut tui = Tui::spawn(&[], 100, 30);
    tui.wait_for("Journeys");
    tui.send_keys(b"/");
    tui.wait_for("Search");
    tui.send_keys(b"backup");
    tui.wait_for("/ backup");
    tui.send_keys(keys::ENTER);
    wait_for_title(&tui, "Backup Codes");
    tui.wait_for("Definition");
    quit(&mut tui, b"q");
}

#[test]
fn the_map_leads_to_two_factor_authentication_and_back() {
    let mut tui = Tui::spawn(&["open", "backup-codes"], 100, 30);
    wait_for_title(&tui, "Backup Codes");
    tui.send_keys(b"m");
    tui.wait_for("Map of Backup Codes");
    // Right moves to the related column; its first node is Two-Factor Authentication.
    tui.send_keys(b"l");
    tui.wait_for_selected(" Two-Factor Authentication ");
    tui.send_keys(keys::ENTER);
    wait_for_title(&tui, "Two-Factor Authentication");
    tui.send_keys(keys::BACKSPACE);
    tui.wait_for("Map of Backup Codes");
    tui.send_keys(keys::BACKSPACE);
    wait_for_title(&tui, "Backup Codes");
    quit(&mut tui, b"q");
}

/// Esc closes the map and returns to the lesson it was opened from, as lazygit and helix
/// close a panel, rather than going home.
#[test]
fn esc_from_the_map_returns_to_the_lesson() {
    let mut tui = Tui::spawn(&["open", "backup-codes"], 100, 30);
    wait_for_title(&tui, "Backup Codes");
    tui.send_keys(b"m");
    tui.wait_for("Map of Backup Codes");
    tui.send_keys(keys::ESC);
    wait_for_title(&tui, "Backup Codes");
    tui.wait_for("Definition");
    quit(&mut tui, b"q");
}

/// The right answer of every statement of a lesson, from `lexicon show --format json`.
fn answer_key(term: &str) -> Vec<(String, char)> {
    let output = Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args(["show", term, "--format", "json"])
        .output()
        .expect("lexicon show runs");
    let entry: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let mut key = Vec::new();
    for misconception in entry["misconceptions"].as_array().expect("misconceptions") {
        key.push((misconception["myth"].as_str().expect("myth").to_owned(), 'm'));
        key.push((misconception["fact"].as_str().expect("fact").to_owned(), 'f'));
    }
    key
}

/// The statement on screen, found by matching the first words of each known statement: its
/// right answer, and which misconception it belongs to.
fn right_answer_on_screen(tui: &Tui, key: &[(String, char)]) -> (char, usize) {
    let screen = tui.screen().split_whitespace().collect::<Vec<_>>().join(" ");
    let found = key.iter().position(|(text, _)| {
        let start: String = text.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
        screen.contains(&start)
    });
    found
        .map(|at| (key[at].1, at / 2))
        .unwrap_or_else(|| panic!("no known statement on screen\n{}", tui.dump()))
}

#[test]
fn backup_codes_check_with_one_wrong_answer_then_stats_agree() {
    let data = tempfile::tempdir().expect("a data folder");
    let data_dir = data.path().to_str().expect("UTF-8 path").to_owned();
    let key = answer_key("backup-codes");
    // One side of each misconception: the key lists both.
    let total = key.len() / 2;

    let mut tui = Tui::spawn(&["--data-dir", &data_dir, "quiz", "backup-codes"], 100, 30);
    let mut asked = Vec::new();
    for index in 0..total {
        tui.wait_for(&format!("Statement {} of {total}", index + 1));
        tui.wait_for("m ✗ Myth");
        let (right, misconception) = right_answer_on_screen(&tui, &key);
        // Never both sides of one misconception: they share the explanation.
        assert!(
            !asked.contains(&misconception),
            "misconception {misconception} asked twice"
        );
        asked.push(misconception);
        // The first answer is wrong on purpose, at 90%; the rest are right at 100%.
        let (answer, sure): (u8, &[u8]) = if index == 0 {
            (if right == 'm' { b'f' } else { b'm' }, b"9")
        } else {
            (right as u8, b"0")
        };
        tui.send_keys(&[answer]);
        tui.wait_for("How sure are you?");
        tui.send_keys(sure);
        tui.wait_for("to answer");
        tui.send_keys(keys::ENTER);
        tui.wait_for(if index == 0 { "Wrong" } else { "Correct" });
        tui.send_keys(keys::ENTER);
    }
    tui.wait_for(&format!("You got {} of {total} right.", total - 1));
    // One wrong at 90% contributes 0.81; the mean over the check is 0.81 / total.
    let brier = format!("Brier score: {:.3}", 0.81 / total as f64);
    tui.wait_for(&brier);
    tui.send_keys(keys::ENTER);
    tui.wait_for("Journeys");
    quit(&mut tui, b"q");

    // A new process reads the same answers from the store.
    let output = Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args(["--data-dir", &data_dir, "stats", "--format", "json"])
        .output()
        .expect("lexicon stats runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(stats["answered"], total);
    assert_eq!(stats["correct"], total - 1);
    // A new store: every answer was a first attempt.
    let first = &stats["first_attempts"];
    assert_eq!(first["answered"], total);
    assert_eq!(stats["repeats"]["answered"], 0);
    let stored_brier = first["brier"].as_f64().expect("a Brier score");
    assert!((stored_brier - 0.81 / total as f64).abs() < 1e-9, "{stored_brier}");
    let by_confidence = first["by_confidence"].as_array().expect("by_confidence");
    let at = |percent: u64| {
        by_confidence
            .iter()
            .find(|bucket| bucket["confidence"] == percent)
            .map(|bucket| (bucket["answered"].as_u64(), bucket["correct"].as_u64()))
    };
    assert_eq!(at(90), Some((Some(1), Some(0))));
    assert_eq!(at(100), Some((Some(total as u64 - 1), Some(total as u64 - 1))));

    // And the reader, started again, shows the same history on its stats screen.
    let mut tui = Tui::spawn(&["--data-dir", &data_dir], 100, 30);
    tui.wait_for("Journeys");
    tui.send_keys(b"s");
    tui.wait_for(&format!("Answered {total} · right {}", total - 1));
    quit(&mut tui, b"q");
}

#[test]
fn q_in_a_check_leaves_the_check_and_keeps_the_answer() {
    let data = tempfile::tempdir().expect("a data folder");
    let data_dir = data.path().to_str().expect("UTF-8 path").to_owned();
    let mut tui = Tui::spawn(&["--data-dir", &data_dir, "open", "totp"], 100, 30);
    wait_for_title(&tui, "TOTP");
    tui.send_keys(b"c");
    tui.wait_for("Statement 1 of");
    tui.send_keys(b"m");
    tui.wait_for("How sure are you?");
    tui.send_keys(b"7");
    tui.wait_for("to answer");
    tui.send_keys(keys::ENTER);
    tui.wait_for("Brier score of this answer");
    tui.send_keys(b"q");
    wait_for_title(&tui, "TOTP");
    quit(&mut tui, b"q");
    let output = Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args(["--data-dir", &data_dir, "stats", "--format", "json"])
        .output()
        .expect("lexicon stats runs");
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(stats["answered"], 1, "the answer given before leaving is kept");
}

/// Continue returns to where the lesson was left, across a restart, and the home keeps the
/// grouping last chosen.
#[test]
fn continue_resumes_where_the_lesson_was_left_across_a_restart() {
    let data = tempfile::tempdir().expect("a data folder");
    let data_dir = data.path().to_str().expect("UTF-8 path").to_owned();
    let mut tui = Tui::spawn(&["--data-dir", &data_dir, "open", "backup-codes"], 100, 30);
    wait_for_title(&tui, "Backup Codes");
    tui.send_keys(b"5");
    tui.wait_for_row(3, "Related terms");
    // Home, group by tag, quit.
    tui.send_keys(keys::ESC);
    tui.wait_for("Continue: Backup Codes");
    tui.send_keys(b"t");
    tui.wait_for("terms by tag");
    quit(&mut tui, b"q");

    let mut tui = Tui::spawn(&["--data-dir", &data_dir], 100, 30);
    tui.wait_for("Continue: Backup Codes");
    tui.wait_for("terms by tag");
    // Select the Continue row and open it.
    for _ in 0..3 {
        if tui.with_screen(|screen| common::reversed_runs(screen).iter().any(|run| run.contains("Continue"))) {
            break;
        }
        tui.send_keys(b"j");
        tui.wait_for_stable();
    }
    tui.wait_for_selected("Continue: Backup Codes");
    tui.send_keys(keys::ENTER);
    wait_for_title(&tui, "Backup Codes");
    tui.wait_for_row(3, "Related terms");
    quit(&mut tui, b"q");
}
