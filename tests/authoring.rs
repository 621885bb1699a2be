//! The authoring commands, run as an author would: the real binary in a scratch folder.

use std::path::Path;
use std::process::{Command, Output};

/// The binary run in `dir`, with no content folder or data folder from the environment.
fn lexicon_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args(args)
        .current_dir(dir)
        .env_remove("LEXICON_CONTENT")
        .env_remove("LEXICON_DATA_DIR")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `lexicon new` with `args` in `dir` and returns the path it printed.
fn new(dir: &Path, args: &[&str]) -> std::path::PathBuf {
    let output = lexicon_in(dir, &[&["new"], args].concat());
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    dir.join(printed.trim_end())
}

/// What an author types over the placeholders of a lesson: real words, and links both ways.
fn fill_term(text: &str, related: &str) -> String {
    text.replace("TODO source title", "NIST SP 800-63B")
        .replace("https://example.com/TODO", "https://pages.nist.gov/800-63-4/")
        .replace("related: []", &format!("related: [{related}]"))
        .replace("TODO", "Written by the author")
}

#[test]
fn new_writes_every_field_and_a_filled_scaffold_passes_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().to_str().expect("UTF-8 path");
    let alpha = new(dir.path(), &["Alpha Keys", "--content", content]);
    let beta = new(dir.path(), &["--content", content, "Clé de sécurité"]);
    let journey = new(dir.path(), &["--journey", "Getting started", "--content", content]);
    assert_eq!(alpha, dir.path().join("terms/alpha-keys.yaml"));
    assert_eq!(beta, dir.path().join("terms/cle-de-securite.yaml"));
    assert_eq!(journey, dir.path().join("journeys/getting-started.yaml"));

    let text = std::fs::read_to_string(&alpha).expect("read");
    assert!(
        text.starts_with("# yaml-language-server: $schema=../term.schema.json\n"),
        "{text}"
    );
    // That it has every field is tested against the schema, in tests/schema.rs.

    // As written, the journey's steps name no lesson: check says so.
    let output = lexicon_in(dir.path(), &["check", "--content", content, "--no-cache"]);
    assert!(!output.status.success());
    assert!(
        stdout(&output).contains("journey step `TODO-first-lesson` does not name any entry"),
        "{}",
        stdout(&output)
    );

    std::fs::write(&alpha, fill_term(&text, "cle-de-securite")).expect("write");
    let text = std::fs::read_to_string(&beta).expect("read");
    assert!(text.contains("title: Clé de sécurité\n"), "{text}");
    std::fs::write(&beta, fill_term(&text, "alpha-keys")).expect("write");
    let text = std::fs::read_to_string(&journey).expect("read");
    let filled = text
        .replace("TODO-first-lesson", "alpha-keys")
        .replace("TODO-second-lesson", "Clé de sécurité")
        .replace("TODO", "Written by the author");
    std::fs::write(&journey, filled).expect("write");

    let output = lexicon_in(dir.path(), &["check", "--content", content, "--no-cache"]);
    assert_eq!(
        stdout(&output),
        "2 entries, 1 journey: 0 errors, 0 warnings\n",
        "{}",
        stderr(&output)
    );
    assert!(output.status.success());
    let output = lexicon_in(dir.path(), &["show", "alpha-keys", "--content", content, "--no-cache"]);
    assert!(stdout(&output).contains("Written by the author"), "{}", stdout(&output));
}

#[test]
fn new_without_content_writes_under_the_current_folder_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = lexicon_in(dir.path(), &["new", "Backup Codes"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "./terms/backup-codes.yaml\n");
    assert!(
        stderr(&output).contains("no --content folder given"),
        "{}",
        stderr(&output)
    );
    assert!(dir.path().join("terms/backup-codes.yaml").is_file());
    let output = lexicon_in(dir.path(), &["new", "--journey", "Basics"]);
    assert_eq!(stdout(&output), "./journeys/basics.yaml\n");
}

#[test]
fn new_never_writes_over_an_existing_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = new(dir.path(), &["Backup Codes"]);
    std::fs::write(&path, "mine\n").expect("write");
    let output = lexicon_in(dir.path(), &["new", "backup codes"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("already exists"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "mine\n");
    let output = lexicon_in(dir.path(), &["new", "?!"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("gives no id"), "{}", stderr(&output));
}
