//! Hardening, end to end: the real binary in a pseudo-terminal.
//!
//! 1. Hostile content (terminal escape sequences, the C1 CSI and a bidi override in a
//!    lesson's title, definition, questions, answers and misconceptions) never reaches the
//!    terminal: the raw bytes the reader writes, and what `show` and `check` print, hold none
//!    of it, and the screen shows no leftover junk such as `[2J` or `]0;pwned`.
//! 2. The terminal is restored on every way out: `q`, an error, a panic on the UI thread or
//!    on another thread (the debug-only `LEXICON_TEST_PANIC`), SIGINT, SIGQUIT, SIGTERM and
//!    SIGHUP; and it is given back while the reader is suspended (Ctrl-Z or SIGTSTP) and
//!    taken again on SIGCONT.
//!
//! Both parts run the binary with the shared harness, [`common::Tui`]: the second sends the
//! child signals through it, and sets `LEXICON_TEST_PANIC` (which the harness clears unless a
//! test asks for it) to make it panic.

mod common;

use common::{POLL, TIMEOUT, Tui, keys};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

// What must never reach the terminal from content.
const OSC_TITLE: &[u8] = b"\x1b]0;";
const OSC_CLIPBOARD: &[u8] = b"\x1b]52;";
const OSC_HYPERLINK: &[u8] = b"\x1b]8;";
const CLEAR_SCREEN: &[u8] = b"\x1b[2J";
/// U+009B, the one-character CSI, as UTF-8.
const C1_CSI: &[u8] = "\u{9b}".as_bytes();
/// U+202E RIGHT-TO-LEFT OVERRIDE, as UTF-8.
const RLO: &[u8] = "\u{202e}".as_bytes();

// The terminal modes the reader turns on, and their inverses (crossterm 0.29).
const ENTER_ALTERNATE: &[u8] = b"\x1b[?1049h";
const LEAVE_ALTERNATE: &[u8] = b"\x1b[?1049l";
/// The first part of crossterm's `EnableMouseCapture`.
const MOUSE_ON: &[u8] = b"\x1b[?1000h";
/// crossterm's `DisableMouseCapture`, whole: every mode `EnableMouseCapture` set, undone.
const MOUSE_OFF: &[u8] = b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l";

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window == needle)
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|window| *window == needle)
        .count()
}

// ---------------------------------------------------------------------------------------
// Hostile content
// ---------------------------------------------------------------------------------------

/// A lesson whose every user-visible text carries escape sequences, the C1 CSI (U+009B) and
/// U+202E. YAML double-quoted strings turn `\e`, `\a`, `\\` and `\uXXXX` into the raw
/// characters, and the Markdown fields also spell them as character references (`&#27;`),
/// which Markdown decodes. Each text also carries a plain marker word (`WIPED`, `def-end`, ...) that
/// must survive sanitizing, so the test can tell the text was really drawn.
const HOSTILE_TERM: &str = r#"id: hostile
title: "Hostile\e]0;pwned\a Title\u202E"
aliases: ["evil\e[2Jalias"]
level: beginner
tags: ["tag\u009B31m"]
definition: "Def start \e]0;pwned\a one \e]52;c;aGVsbG8=\a two \e]8;;http://evil.example\e\\three\e]8;;\e\\ four \e[2JWIPED five \u009B31mC1 six \u202ERTL &#27;]0;pwned&#7; seven &#155;31m def-end"
analysis: "Analysis \e[31mred\e[0m &#27;]0;pwned&#7; entity &#x1b;[2JWIPED &#155;31m analysis-end"
faqs:
  - question: "Question \e]0;pwned\a \u202Equestion-end"
    answer: "Answer \e]52;c;aGVsbG8=\a clip \e]8;;http://evil.example\e\\link\e]8;;\e\\ \e[2JWIPED \u009B2J \u202Eanswer-end"
misconceptions:
  - myth: "Myth \e]0;pwned\a \u202Emyth-end"
    fact: "Fact \e]52;c;aGVsbG8=\a \e[2JWIPED fact-end"
    explanation: "Explanation \e]8;;http://evil.example\e\\x\e]8;;\e\\ \u009B31m \u202Eexplain-end"
related: [plain]
sources:
  - title: "Source \e]0;pwned\a source-end"
    url: "http://example.com/\u202Eurl"
"#;

const PLAIN_TERM: &str = r#"id: plain
title: Plain
level: beginner
definition: A plain neighbour of [[hostile]].
related: [hostile]
misconceptions:
  - myth: Plain myth.
    fact: Plain fact.
    explanation: Plain explanation.
"#;

const HOSTILE_JOURNEY: &str = r#"title: "Journey \e]0;pwned\a \u202Ejourney-end"
description: "Described \e[2JWIPED \u009B31m"
steps: [hostile, plain]
"#;

/// A file the loader rejects, with hostile text in what its diagnostics quote.
const BROKEN_TERM: &str = r#"id: broken
title: "Broken \e]0;pwned\a"
level: "\e]52;c;aGVsbG8=\abeginner\u202E"
definition: "See [[\e]8;;http://evil.example\e\\nowhere\u202E]]"
"#;

fn hostile_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary content folder");
    let terms = dir.path().join("terms");
    let journeys = dir.path().join("journeys");
    std::fs::create_dir_all(&terms).expect("terms/");
    std::fs::create_dir_all(&journeys).expect("journeys/");
    std::fs::write(terms.join("hostile.yaml"), HOSTILE_TERM).expect("write");
    std::fs::write(terms.join("plain.yaml"), PLAIN_TERM).expect("write");
    std::fs::write(journeys.join("hostile-path.yaml"), HOSTILE_JOURNEY).expect("write");
    dir
}

/// What of the hostile content is in `bytes`: every sequence the lesson's text holds, and
/// the payloads inside them. `ESC [2J` is the exception: ratatui itself writes it to clear
/// the screen (crossterm's `Clear(All)`), so what is looked for is the content's `ESC [2J`
/// followed by the text the content put right after it (`WIPED`).
fn hostile_bytes(bytes: &[u8]) -> Vec<&'static str> {
    let text = String::from_utf8_lossy(bytes);
    let mut found = Vec::new();
    for (name, needle) in [
        ("an OSC 0 (window title)", OSC_TITLE),
        ("an OSC 52 (clipboard)", OSC_CLIPBOARD),
        ("an OSC 8 (hyperlink)", OSC_HYPERLINK),
        ("the C1 CSI U+009B", C1_CSI),
        ("U+202E RIGHT-TO-LEFT OVERRIDE", RLO),
        ("the content's clear screen", b"\x1b[2JWIPED".as_slice()),
    ] {
        if find(bytes, needle).is_some() {
            found.push(name);
        }
    }
    // The payloads inside the removed sequences must not leak out as text either.
    for junk in ["pwned", "aGVsbG8", "evil.example"] {
        if text.contains(junk) {
            found.push(junk);
        }
    }
    found
}

fn assert_no_hostile_bytes(what: &str, bytes: &[u8]) {
    let found = hostile_bytes(bytes);
    assert!(
        found.is_empty(),
        "{what} holds {found:?}:\n{:?}",
        String::from_utf8_lossy(bytes)
    );
}

/// What is left on screen of a half-removed sequence (ratatui drops a lone ESC, so a
/// sanitizer that removed only ESC bytes would leave `[2J` or `]0;pwned` behind).
fn junk_on_screen(text: &str) -> Vec<&'static str> {
    [
        "[2J",
        "31m",
        "[0m",
        "]0;",
        "]52;",
        "]8;",
        "pwned",
        "aGVsbG8",
        "evil.example",
    ]
    .into_iter()
    .filter(|junk| text.contains(junk))
    .collect()
}

fn assert_no_junk(what: &str, text: &str) {
    let found = junk_on_screen(text);
    assert!(found.is_empty(), "{what} shows the leftovers {found:?}:\n{text}");
}

/// The checks above can fail: on the hostile strings as YAML decodes them, before
/// sanitizing, they find every kind of sequence.
#[test]
fn the_checks_find_every_hostile_sequence_in_unsanitized_text() {
    let raw: serde_yaml::Value = serde_yaml::from_str(HOSTILE_TERM).expect("the hostile YAML parses");
    let definition = raw["definition"].as_str().expect("a definition");
    assert_eq!(
        hostile_bytes(definition.as_bytes()),
        [
            "an OSC 0 (window title)",
            "an OSC 52 (clipboard)",
            "an OSC 8 (hyperlink)",
            "the C1 CSI U+009B",
            "U+202E RIGHT-TO-LEFT OVERRIDE",
            "the content's clear screen",
            "pwned",
            "aGVsbG8",
            "evil.example",
        ]
    );
    // What a sanitizer that dropped only control characters would leave.
    let controls_dropped: String = definition.chars().filter(|c| !c.is_control()).collect();
    assert_eq!(
        junk_on_screen(&controls_dropped),
        ["[2J", "31m", "]0;", "]52;", "]8;", "pwned", "aGVsbG8", "evil.example"]
    );
}

#[test]
fn hostile_content_never_reaches_the_terminal() {
    let content = hostile_folder();
    let dir = content.path().to_str().expect("a UTF-8 temporary path");
    let mut tui = Tui::spawn(&["--content", dir, "open", "hostile"], 100, 40);

    // Everything the screen showed along the way, to check the markers and the junk.
    let mut seen = String::new();
    tui.wait_for("def-end");
    tui.wait_for_stable();
    seen.push_str(&tui.screen());

    // Open the frequent question: 3 jumps to its section, Tab selects the question (the
    // first link in view), Enter opens its answer.
    tui.send_keys(b"3");
    tui.wait_for("question-end");
    tui.send_keys(keys::TAB);
    tui.send_keys(keys::ENTER);
    tui.wait_for("answer-end");
    seen.push_str(&tui.screen());

    // Page through the whole lesson from the top.
    tui.send_keys(b"g");
    tui.wait_for("def-end");
    for _ in 0..6 {
        tui.send_keys(b" ");
        tui.wait_for_stable();
        seen.push_str(&tui.screen());
    }
    tui.send_keys(b"G");
    tui.wait_for("source-end");
    seen.push_str(&tui.screen());

    // The check: one statement, the myth or the fact (never both: they share the
    // explanation); answer it and see the explanation.
    tui.send_keys(b"c");
    tui.wait_for("Statement 1 of 1");
    seen.push_str(&tui.screen());
    tui.send_keys(b"m");
    tui.wait_for("How sure are you?");
    tui.send_keys(b"7");
    tui.wait_for("to answer");
    tui.send_keys(keys::ENTER);
    tui.wait_for("explain-end");
    seen.push_str(&tui.screen());
    tui.send_keys(b"q");
    tui.wait_for("def-end");
    tui.send_keys(b"q");
    let status = tui.wait_exit(TIMEOUT);
    assert!(status.success(), "q exits 0, got {status:?}");

    for marker in [
        "Hostile Title",
        "WIPED",
        "def-end",
        "analysis-end",
        "question-end",
        "answer-end",
        "explain-end",
        "source-end",
    ] {
        assert!(seen.contains(marker), "{marker:?} was never shown:\n{seen}");
    }
    assert!(
        seen.contains("myth-end") || seen.contains("fact-end"),
        "the check showed no statement:\n{seen}"
    );
    assert_no_junk("the reader", &seen);

    let raw = tui.raw();
    assert_no_hostile_bytes("the reader's raw output", &raw);
    // ratatui writes `ESC [2J` (crossterm's `Clear(All)`) only when the terminal is resized,
    // which this session never does, so here there must be none at all.
    assert_eq!(
        count(&raw, CLEAR_SCREEN),
        0,
        "ESC [2J in the reader's output, with no resize: {:?}",
        String::from_utf8_lossy(&raw)
    );
}

fn lexicon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args(args)
        .env_remove("LEXICON_CONTENT")
        .env_remove("LEXICON_DATA_DIR")
        .env_remove("LEXICON_TEST_PANIC")
        .output()
        .expect("the binary runs")
}

#[test]
fn show_and_check_print_no_hostile_bytes() {
    let content = hostile_folder();
    let dir = content.path().to_str().expect("a UTF-8 temporary path");
    for format in ["text", "markdown", "json"] {
        let output = lexicon(&["--content", dir, "show", "hostile", "--format", format]);
        assert!(output.status.success(), "show --format {format}: {output:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("def-end"),
            "show --format {format} shows the lesson: {stdout}"
        );
        assert!(
            stdout.contains("answer-end"),
            "show --format {format} shows the answers: {stdout}"
        );
        assert_no_hostile_bytes(&format!("show --format {format}"), &output.stdout);
        assert_no_hostile_bytes(&format!("show --format {format} (stderr)"), &output.stderr);
        assert!(
            !output.stdout.contains(&0x1b),
            "show --format {format} writes no escape at all"
        );
        if format != "json" {
            assert_no_junk(&format!("show --format {format}"), &stdout);
        }
    }

    // `check` quotes content in its diagnostics: add a file it rejects.
    std::fs::write(content.path().join("terms/broken.yaml"), BROKEN_TERM).expect("write");
    let output = lexicon(&["--content", dir, "check"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "check fails on the broken file: {output:?}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("broken.yaml"), "check names the broken file: {stdout}");
    assert!(stdout.contains("invalid level"), "check quotes the bad level: {stdout}");
    assert_no_hostile_bytes("check", &output.stdout);
    assert_no_hostile_bytes("check (stderr)", &output.stderr);
    assert!(
        !output.stdout.contains(&0x1b),
        "check writes no escape at all: {stdout:?}"
    );
    assert_no_junk("check", &stdout);
}

// ---------------------------------------------------------------------------------------
// Every way out restores the terminal
// ---------------------------------------------------------------------------------------

/// Starts `lexicon ARGS` in an 80x24 pty with `env` set as well. A panic prints its short
/// message, which fits on the screen, whatever `RUST_BACKTRACE` the test run sets.
fn spawn(args: &[&str], env: &[(&str, &str)]) -> Tui {
    let env: Vec<(&str, &str)> = [("RUST_BACKTRACE", "0")]
        .into_iter()
        .chain(env.iter().copied())
        .collect();
    Tui::spawn_with_env(args, 80, 24, &env)
}

/// Checks that the reader had set the terminal up and left it as it found it: the same
/// line discipline modes (raw mode off), the alternate screen left after it was last
/// entered, mouse capture wholly off after it was last turned on. (The cursor is checked
/// apart, by [`assert_cursor_shown`].)
fn assert_restored(tui: &Tui, how: &str) {
    let raw = tui.raw();
    let text = String::from_utf8_lossy(&raw);
    assert_eq!(
        tui.terminal_modes(),
        tui.initial_terminal_modes(),
        "{how}: the terminal's modes differ from before the reader started (raw mode left on?)"
    );
    let entered = rfind(&raw, ENTER_ALTERNATE)
        .unwrap_or_else(|| panic!("{how}: the reader never entered the alternate screen:\n{text:?}"));
    let left = rfind(&raw, LEAVE_ALTERNATE);
    assert!(
        left.is_some_and(|left| left > entered),
        "{how}: the alternate screen was not left after it was entered:\n{text:?}"
    );
    let mouse_on =
        rfind(&raw, MOUSE_ON).unwrap_or_else(|| panic!("{how}: mouse capture was never turned on:\n{text:?}"));
    let mouse_off = rfind(&raw, MOUSE_OFF);
    assert!(
        mouse_off.is_some_and(|off| off > mouse_on),
        "{how}: mouse capture was not turned off after it was turned on:\n{text:?}"
    );
    tui.with_screen(|screen| {
        assert!(!screen.alternate_screen(), "{how}: still on the alternate screen");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "{how}: a mouse mode is still on"
        );
    });
}

/// Checks that the cursor, which ratatui hides while drawing, is shown again.
fn assert_cursor_shown(tui: &Tui, how: &str) {
    let raw = tui.raw();
    let hidden = rfind(&raw, b"\x1b[?25l");
    let shown = rfind(&raw, b"\x1b[?25h");
    assert!(
        hidden.is_none() || shown > hidden,
        "{how}: the cursor was hidden and never shown again"
    );
    assert!(
        !tui.with_screen(vt100::Screen::hide_cursor),
        "{how}: the cursor is still hidden"
    );
}

/// Starts the reader on a lesson and waits until it is up: drawn, and in raw mode.
fn running_reader() -> Tui {
    let tui = spawn(&["open", "backup-codes"], &[]);
    tui.wait_for("Definition");
    tui.wait_for_raw_mode();
    tui
}

#[test]
fn quitting_with_q_restores_the_terminal() {
    let mut tui = running_reader();
    tui.send_keys(b"q");
    let status = tui.wait_exit(TIMEOUT);
    assert_eq!((status.exit_code(), status.signal()), (0, None), "q exits 0");
    assert_restored(&tui, "q");
    assert_cursor_shown(&tui, "q");
}

/// Each signal that ends a process (INT and QUIT come only from outside: in raw mode Ctrl-C
/// is a key) restores the terminal and exits with 128 + the signal, as a shell expects.
fn a_signal_restores_the_terminal_and_exits(name: &str, number: i32) {
    let mut tui = running_reader();
    tui.signal(name);
    let status = tui.wait_exit(TIMEOUT);
    assert_eq!(
        (status.exit_code(), status.signal()),
        ((128 + number) as u32, None),
        "SIG{name} leaves the loop and exits 128 + {number}"
    );
    assert_restored(&tui, &format!("SIG{name}"));
    assert_cursor_shown(&tui, &format!("SIG{name}"));
}

#[test]
fn sigint_restores_the_terminal_and_exits_130() {
    a_signal_restores_the_terminal_and_exits("INT", 2);
}

#[test]
fn sigquit_restores_the_terminal_and_exits_131() {
    a_signal_restores_the_terminal_and_exits("QUIT", 3);
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    a_signal_restores_the_terminal_and_exits("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    a_signal_restores_the_terminal_and_exits("HUP", 1);
}

/// The state letter of a process in /proc: `T` when stopped.
#[cfg(target_os = "linux")]
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name in parentheses may hold spaces; the state follows the last ')'.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// Suspends the running reader with `how`, checks that it stopped with the terminal given
/// back clean, continues it, and checks that it took the terminal again and redrew the
/// lesson, then still answers keys.
#[cfg(target_os = "linux")]
fn suspend_and_resume(how: impl FnOnce(&Tui)) {
    let mut tui = running_reader();
    let pid = tui.pid();
    how(&tui);
    let start = Instant::now();
    while process_state(pid) != Some('T') {
        assert!(start.elapsed() < TIMEOUT, "the reader never stopped:\n{}", tui.screen());
        std::thread::sleep(POLL);
    }
    // What it wrote before stopping may still be on its way through the pty.
    let start = Instant::now();
    let left_after_entering = |raw: &[u8]| match (rfind(raw, LEAVE_ALTERNATE), rfind(raw, ENTER_ALTERNATE)) {
        (Some(left), Some(entered)) => left > entered,
        _ => false,
    };
    while !left_after_entering(&tui.raw()) && start.elapsed() < TIMEOUT {
        std::thread::sleep(POLL);
    }
    assert_restored(&tui, "suspended");
    assert_cursor_shown(&tui, "suspended");
    let before = tui.raw().len();

    tui.signal("CONT");
    tui.wait_for_raw_mode();
    let start = Instant::now();
    loop {
        let again = tui.raw()[before..].to_vec();
        let redrawn = tui.screen().contains("Definition");
        if find(&again, ENTER_ALTERNATE).is_some() && find(&again, MOUSE_ON).is_some() && redrawn {
            break;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "after SIGCONT the reader did not take the terminal again and redraw:\n{}",
            tui.screen()
        );
        std::thread::sleep(POLL);
    }
    tui.with_screen(|screen| {
        assert!(screen.alternate_screen(), "back on the alternate screen");
        assert_ne!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse on again"
        );
    });
    // Still alive and answering keys: `s` opens the stats screen.
    tui.send_keys(b"s");
    tui.wait_for("Your calibration");
    tui.send_keys(b"q");
    let status = tui.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 0);
    assert_restored(&tui, "q after resuming");
}

#[test]
#[cfg(target_os = "linux")]
fn ctrl_z_suspends_and_sigcont_resumes() {
    suspend_and_resume(|tui| tui.send_keys(b"\x1a"));
}

#[test]
#[cfg(target_os = "linux")]
fn an_outside_sigtstp_suspends_and_sigcont_resumes() {
    suspend_and_resume(|tui| tui.signal("TSTP"));
}

/// A loop that cannot see the signal (crossterm's reader spins forever on a terminal that
/// hung up; `LEXICON_TEST_PANIC=stuck` stands in for it) is ended by the watchdog, with the
/// terminal restored, instead of living on.
#[test]
#[cfg_attr(not(debug_assertions), ignore = "LEXICON_TEST_PANIC exists only in debug builds")]
fn a_stuck_reader_is_ended_after_a_hang_up() {
    let mut tui = spawn(&["open", "backup-codes"], &[("LEXICON_TEST_PANIC", "stuck")]);
    tui.wait_for("Backup Codes");
    tui.signal("HUP");
    let status = tui.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 129, "the watchdog ends the process as a hang-up");
    assert_restored(&tui, "the watchdog");
    assert_cursor_shown(&tui, "the watchdog");
}

/// A panic at `place` prints `message` and leaves the terminal as it was. (`LEXICON_TEST_PANIC`
/// exists only in debug builds, and the binary is built like the tests, so the tests that use
/// it are ignored in a release build.)
fn panic_restores_the_terminal(place: &str, message: &str) {
    let mut tui = spawn(&["open", "backup-codes"], &[("LEXICON_TEST_PANIC", place)]);
    let status = tui.wait_exit(TIMEOUT);
    let text = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(
        text.contains(message),
        "LEXICON_TEST_PANIC={place}: the panic message is printed:\n{text:?}"
    );
    assert_eq!(
        (status.exit_code(), status.signal()),
        (101, None),
        "a panic on the {place} thread exits 101"
    );
    assert_restored(&tui, &format!("LEXICON_TEST_PANIC={place}"));
    // The message is printed after the terminal is restored, so it is on the main screen.
    let screen = tui.screen();
    assert!(
        screen.contains(message),
        "the panic message is readable on the normal screen:\n{screen}"
    );
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "LEXICON_TEST_PANIC exists only in debug builds")]
fn a_panic_on_the_ui_thread_restores_the_terminal() {
    panic_restores_the_terminal("main", "test panic on the UI thread");
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "LEXICON_TEST_PANIC exists only in debug builds")]
fn a_panic_on_another_thread_restores_the_terminal() {
    panic_restores_the_terminal("thread", "test panic on a worker thread");
}

fn panic_shows_the_cursor(place: &str) {
    let mut tui = spawn(&["open", "backup-codes"], &[("LEXICON_TEST_PANIC", place)]);
    let status = tui.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 101);
    assert_cursor_shown(&tui, &format!("LEXICON_TEST_PANIC={place}"));
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "LEXICON_TEST_PANIC exists only in debug builds")]
fn a_panic_on_the_ui_thread_shows_the_cursor_again() {
    panic_shows_the_cursor("main");
}

#[test]
#[cfg_attr(not(debug_assertions), ignore = "LEXICON_TEST_PANIC exists only in debug builds")]
fn a_panic_on_another_thread_shows_the_cursor_again() {
    panic_shows_the_cursor("thread");
}

/// The errors a user can cause in `lexicon open` happen before the terminal is touched, so
/// the terminal is left exactly as it was, and the message is readable on the normal screen.
#[test]
fn an_error_before_the_reader_starts_leaves_the_terminal_alone() {
    let missing = Path::new("/nonexistent/lexicon-content");
    let cases: [(&[&str], &str); 2] = [
        (&["open", "no-such-term-anywhere"], "no-such-term-anywhere"),
        (
            &["--content", "/nonexistent/lexicon-content", "open", "x"],
            "/nonexistent/lexicon-content",
        ),
    ];
    assert!(!missing.exists());
    for (args, named) in cases {
        let mut tui = spawn(args, &[]);
        let status = tui.wait_exit(TIMEOUT);
        assert_eq!((status.exit_code(), status.signal()), (1, None), "{args:?} exits 1");
        let raw = tui.raw();
        let text = String::from_utf8_lossy(&raw);
        assert!(text.contains(named), "{args:?}: the error names {named:?}: {text:?}");
        assert!(!text.contains("panicked"), "{args:?}: no panic: {text:?}");
        assert!(find(&raw, ENTER_ALTERNATE).is_none(), "{args:?}: no alternate screen");
        assert!(find(&raw, MOUSE_ON).is_none(), "{args:?}: no mouse capture");
        assert_eq!(
            tui.terminal_modes(),
            tui.initial_terminal_modes(),
            "{args:?}: modes unchanged"
        );
    }
}

/// `TERM=dumb` got the full reader with mouse tracking; it cannot draw it, so it gets the
/// message instead, and the terminal is left as it was.
#[test]
fn a_dumb_terminal_gets_a_message_not_the_reader() {
    let mut tui = Tui::spawn_with_env(&[], 80, 24, &[("TERM", "dumb")]);
    tui.wait_for("the reader needs a terminal");
    let status = tui.wait_exit(std::time::Duration::from_secs(10));
    assert_eq!(status.exit_code(), 1);
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(
        !raw.contains("\u{1b}[?1049h"),
        "the alternate screen was entered: {raw:?}"
    );
    assert!(!raw.contains("\u{1b}[?1000h"), "mouse tracking was turned on: {raw:?}");
}

/// The reader started in a pty that is not its controlling terminal, in a process group of
/// its own, as another program would start it: closing the pty's other end (`master`)
/// signals nothing to anyone, so the reader can only notice its terminal is gone.
struct DetachedReader {
    master: rustix::fd::OwnedFd,
    child: std::process::Child,
    _data: tempfile::TempDir,
}

impl DetachedReader {
    fn spawn(args: &[&str], env: &[(&str, &str)]) -> DetachedReader {
        use rustix::fs::{Mode, OFlags};
        use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
        use std::os::unix::process::CommandExt;
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("a pty");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("the pty's name");
        let slave = rustix::fs::open(name.as_c_str(), OFlags::RDWR | OFlags::NOCTTY, Mode::empty()).expect("the pty");
        rustix::termios::tcsetwinsize(
            &slave,
            rustix::termios::Winsize {
                ws_row: 24,
                ws_col: 80,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )
        .expect("a size");
        let data = tempfile::tempdir().expect("tempdir");
        let slave = std::fs::File::from(slave);
        let child = Command::new(env!("CARGO_BIN_EXE_lexicon"))
            .arg("--data-dir")
            .arg(data.path())
            .args(args)
            .env("TERM", "xterm-256color")
            .envs(env.iter().copied())
            .stdin(slave.try_clone().expect("stdin"))
            .stdout(slave.try_clone().expect("stdout"))
            .stderr(slave)
            // The pty was opened without becoming anyone's controlling terminal, and the
            // reader has a process group of its own: closing the pty signals nothing.
            .process_group(0)
            .spawn()
            .expect("lexicon starts");
        DetachedReader {
            master,
            child,
            _data: data,
        }
    }

    /// Reads what the reader draws until it has drawn something and then nothing for
    /// `quiet`.
    fn wait_until_quiet(&self, quiet: Duration) {
        let mut drawn = 0;
        let mut buffer = [0u8; 4096];
        let quiet = rustix::event::Timespec {
            tv_sec: 0,
            tv_nsec: i64::try_from(quiet.as_nanos()).expect("under a second"),
        };
        loop {
            let mut ready = [rustix::event::PollFd::new(&self.master, rustix::event::PollFlags::IN)];
            if rustix::event::poll(&mut ready, Some(&quiet)).expect("poll") == 0 && drawn > 0 {
                break;
            }
            drawn += rustix::io::read(&self.master, &mut buffer).expect("the reader draws");
        }
    }

    /// Closes the pty's other end, as a terminal window closing does, and waits for the
    /// reader to end.
    fn close_terminal(self) -> std::process::ExitStatus {
        let DetachedReader { master, mut child, .. } = self;
        drop(master);
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return status;
            }
            if started.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                panic!("the reader lived on after its terminal closed");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A reader whose terminal goes away without a SIGHUP (it was started in a pty that is not
/// its controlling terminal, as by another program, and the pty's other end closed) ends as
/// if hung up, instead of spinning on the end of file crossterm keeps reading.
#[test]
fn a_reader_whose_terminal_vanishes_without_a_hangup_signal_ends() {
    let reader = DetachedReader::spawn(&[], &[]);
    // The reader has drawn its first frame and waits for keys once it has written something
    // and then nothing for a while.
    reader.wait_until_quiet(Duration::from_millis(500));
    let status = reader.close_terminal();
    assert_eq!(status.code(), Some(129), "ended as by SIGHUP: {status:?}");
}

/// A terminal that goes away while the reader starts, after it has taken the terminal and
/// before the first frame, ends the reader as a hang-up would. The first draw that fails
/// must not turn into a panic: reporting it on the terminal that is gone fails in turn, and
/// a panic while panicking aborts (as ratatui's restore and panic hook did: signal 6).
#[test]
fn a_terminal_that_vanishes_while_the_reader_starts_ends_it_as_a_hang_up() {
    let reader = DetachedReader::spawn(&[], &[("LEXICON_TEST_HOLD_ON_START", "1000")]);
    // The terminal is taken (the alternate screen entered) and then nothing is drawn while
    // the reader holds.
    reader.wait_until_quiet(Duration::from_millis(300));
    let status = reader.close_terminal();
    assert_eq!(
        status.code(),
        Some(129),
        "ended as by SIGHUP, not by an abort (signal 6) or an error: {status:?}"
    );
}
