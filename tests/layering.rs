//! A content folder layered on the bundled lessons (`--with-bundled`, or `with_bundled` in
//! the configuration): its lessons link to bundled ones, clash with them only on purpose
//! (`replaces:`), and a replacement takes the bundled lesson's place with a check history of
//! its own. Run as a user would, through the real binary, and in a pseudo-terminal.

mod common;

use common::Tui;
use lexicon::content::loader::{load_layered, read_folder};
use lexicon::content::{LoadReport, bundled_files, folder_name, load_bundled};
use lexicon::quiz::statements_for;
use std::path::Path;
use std::process::{Command, Output};

/// A content folder named `acme` holding `files` (path under the folder, YAML).
fn folder(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let parent = tempfile::tempdir().expect("tempdir");
    let dir = parent.path().join("acme");
    std::fs::create_dir_all(dir.join("terms")).expect("terms/");
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    (parent, dir)
}

/// `lexicon ARGS` with no configuration file of the user's in the way (an empty one).
fn lexicon(args: &[&str]) -> Output {
    lexicon_configured(args, "")
}

/// `lexicon ARGS` with `config` as the configuration file.
fn lexicon_configured(args: &[&str], config: &str) -> Output {
    let home = tempfile::tempdir().expect("tempdir");
    let config_file = home.path().join("config.toml");
    std::fs::write(&config_file, config).expect("write config");
    Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args(args)
        .env("LEXICON_CONFIG", &config_file)
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env_remove("LEXICON_CONTENT")
        .env_remove("LEXICON_DATA_DIR")
        .env_remove("LEXICON_CACHE_DIR")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8")
}

fn path_of(dir: &Path) -> &str {
    dir.to_str().expect("a UTF-8 path")
}

/// The line of `check`'s output `said` on the file `file` of the folder `dir` that goes on,
/// after the file's path, with `rest` (`LINE:COL: error: …`); the whole output otherwise.
fn line_on<'a>(said: &'a str, dir: &Path, file: &str, rest: &str) -> &'a str {
    let start = format!("{}:{rest}", dir.join(file).display());
    said.lines()
        .find(|line| line.starts_with(&start))
        .unwrap_or_else(|| panic!("no line starting {start:?} in\n{said}"))
}

/// What `lexicon check --content DIR --with-bundled` says of a folder of `files`, which must
/// fail it; with the folder, kept while the answer is looked at.
fn failed_check(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let (keep, dir) = folder(files);
    let checked = lexicon(&["check", "--content", path_of(&dir), "--with-bundled"]);
    let said = stdout(&checked);
    assert_eq!(checked.status.code(), Some(1), "{said}");
    (keep, dir, said)
}

/// A lesson of the folder's own that links to the bundled Backup Codes and relates to it.
const VAULT: &str = "\
title: Code Vault
level: beginner
definition: Where Acme keeps its [[backup-codes]].
related: [backup-codes, acme-onboarding-lesson]
misconceptions:
  - myth: The vault is optional.
    fact: Every Acme account keeps its codes in the vault.
    explanation: Policy.
";

/// A second lesson, so the first is linked from something of the folder.
const ONBOARDING: &str = "\
id: acme-onboarding-lesson
title: Acme Onboarding
level: beginner
definition: Start with the [[code-vault]], then [[two-factor-authentication]].
related: [code-vault]
misconceptions:
  - myth: Onboarding can wait.
    fact: Onboarding comes first.
    explanation: Policy.
";

/// A lesson that takes the bundled Backup Codes' place, under a file name of its own.
const REPLACEMENT: &str = "\
replaces: backup-codes
title: Backup Codes at Acme
level: beginner
definition: At Acme, backup codes live in the [[code-vault]] and nowhere else.
related: [code-vault]
misconceptions:
  - myth: Acme support may ask for a backup code.
    fact: Acme support never asks for a backup code.
    explanation: Policy.
";

fn linking_folder() -> (tempfile::TempDir, std::path::PathBuf) {
    folder(&[
        ("terms/code-vault.yaml", VAULT),
        ("terms/acme-onboarding-lesson.yaml", ONBOARDING),
    ])
}

/// The linking folder with a replacement for Backup Codes.
fn replacing_folder() -> (tempfile::TempDir, std::path::PathBuf) {
    folder(&[
        ("terms/code-vault.yaml", VAULT),
        ("terms/acme-onboarding-lesson.yaml", ONBOARDING),
        ("terms/acme-backup-codes.yaml", REPLACEMENT),
    ])
}

#[test]
fn a_folder_lesson_linking_a_bundled_one_passes_check_only_with_bundled() {
    let (_keep, dir) = linking_folder();
    let alone = lexicon(&["check", "--content", path_of(&dir)]);
    assert_eq!(alone.status.code(), Some(1), "{}", stdout(&alone));
    let said = stdout(&alone);
    line_on(
        &said,
        &dir,
        "terms/code-vault.yaml",
        "3:34: error: link [[backup-codes]] does not name any entry",
    );

    let layered = lexicon(&["check", "--content", path_of(&dir), "--with-bundled"]);
    let said = stdout(&layered);
    assert_eq!(layered.status.code(), Some(0), "{said}");
    // Nothing is said of the bundled files, the folder's author cannot change them: not
    // even that Backup Codes does not relate back to Code Vault.
    assert!(!said.contains("content/terms/"), "{said}");
    assert!(!said.contains("one-way"), "{said}");
    assert!(said.contains(": 0 errors"), "{said}");
}

#[test]
fn with_bundled_the_library_holds_both_and_searches_both() {
    let (_keep, dir) = linking_folder();
    let list = lexicon(&["list", "--content", path_of(&dir), "--with-bundled"]);
    let listed = stdout(&list);
    assert!(listed.lines().any(|line| line == "code-vault\tCode Vault"), "{listed}");
    assert!(
        listed.lines().any(|line| line == "backup-codes\tBackup Codes"),
        "{listed}"
    );
    assert_eq!(listed.lines().count(), stdout(&lexicon(&["list"])).lines().count() + 2);
    // Without the flag, the folder alone, as before.
    let alone = stdout(&lexicon(&["list", "--content", path_of(&dir)]));
    assert_eq!(alone.lines().count(), 2, "{alone}");

    let found = lexicon(&["search", "code", "--content", path_of(&dir), "--with-bundled"]);
    let found = stdout(&found);
    assert!(found.contains("code-vault\tCode Vault"), "{found}");
    assert!(found.contains("backup-codes\tBackup Codes"), "{found}");
}

#[test]
fn a_folder_journey_takes_in_bundled_lessons() {
    let (_keep, dir) = folder(&[
        ("terms/code-vault.yaml", VAULT),
        ("terms/acme-onboarding-lesson.yaml", ONBOARDING),
        (
            "journeys/acme-start.yaml",
            "title: Starting at Acme\nsteps:\n  - acme-onboarding-lesson\n  - backup-codes\n  - Code Vault\n",
        ),
    ]);
    let checked = lexicon(&["check", "--content", path_of(&dir), "--with-bundled"]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
    let report = load_layered(bundled_files(), read_folder(&dir).expect("listed"), "acme");
    let journey = report.library.journey("acme-start").expect("the folder's journey");
    assert_eq!(journey.steps, ["acme-onboarding-lesson", "backup-codes", "code-vault"]);
    assert!(
        report.library.journey("when-you-lose-access").is_some(),
        "and the bundled journeys"
    );
}

#[test]
fn a_clash_with_a_bundled_lesson_is_an_error_at_its_line() {
    let (_keep, dir, said) = failed_check(&[
        // Its id, from the file name, is a bundled lesson's.
        (
            "terms/backup-codes.yaml",
            "title: Our Codes\nlevel: beginner\ndefinition: Ours.\n",
        ),
        // Its alias is a bundled lesson's title.
        (
            "terms/token.yaml",
            "title: Token\naliases:\n  - Sturdy token\n  - TOTP\nlevel: beginner\ndefinition: A token.\n",
        ),
    ]);
    let line = line_on(
        &said,
        &dir,
        "terms/backup-codes.yaml",
        "1:1: error: duplicate id `backup-codes`",
    );
    assert!(
        line.contains("content/terms/backup-codes.yaml") && line.contains("add `replaces: backup-codes`"),
        "{line}"
    );
    let line = line_on(&said, &dir, "terms/token.yaml", "4:5: error: duplicate alias `totp`");
    assert!(line.contains("add `replaces: totp`"), "{line}");
    // The bundled lesson stays what it was.
    let shown = stdout(&lexicon(&[
        "show",
        "backup-codes",
        "--content",
        path_of(&dir),
        "--with-bundled",
    ]));
    assert!(shown.starts_with("Backup Codes\n"), "{shown}");
    assert!(!shown.contains("replaces the bundled lesson"), "{shown}");
}

#[test]
fn a_replacement_takes_the_bundled_lessons_place() {
    let (_keep, dir) = replacing_folder();
    let content = path_of(&dir);
    let checked = lexicon(&["check", "--content", content, "--with-bundled"]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));

    let shown = lexicon(&["show", "backup-codes", "--content", content, "--with-bundled"]);
    let shown = stdout(&shown);
    assert!(shown.starts_with("Backup Codes at Acme\n"), "{shown}");
    assert!(shown.contains("replaces the bundled lesson"), "{shown}");
    assert!(shown.contains("backup codes live in the Code Vault"), "{shown}");
    assert!(!shown.contains("single-use codes a service gives you"), "{shown}");
    // Bundled lessons that relate to backup-codes now lead to the replacement.
    let recovery = stdout(&lexicon(&[
        "show",
        "account-recovery",
        "--content",
        content,
        "--with-bundled",
    ]));
    assert!(recovery.contains("Backup Codes at Acme"), "{recovery}");
    let listed = stdout(&lexicon(&["list", "--content", content, "--with-bundled"]));
    assert!(
        listed.lines().any(|line| line == "backup-codes\tBackup Codes at Acme"),
        "{listed}"
    );
    assert!(
        !listed.lines().any(|line| line == "backup-codes\tBackup Codes"),
        "{listed}"
    );
}

#[test]
fn replaces_must_name_a_bundled_lesson_and_agree_with_the_id() {
    let (_keep, dir, said) = failed_check(&[
        (
            "terms/nothing.yaml",
            "title: Nothing\nlevel: beginner\nreplaces: no-such-lesson\ndefinition: Nothing.\n",
        ),
        (
            "terms/other.yaml",
            "id: other\ntitle: Other\nreplaces: totp\nlevel: beginner\ndefinition: Other.\n",
        ),
    ]);
    line_on(
        &said,
        &dir,
        "terms/nothing.yaml",
        "3:1: error: `replaces: no-such-lesson` names no bundled lesson",
    );
    line_on(
        &said,
        &dir,
        "terms/other.yaml",
        "3:1: error: a lesson that replaces `totp` takes its id",
    );
}

/// The folder's lessons as a layered load gives them, from the files of `dir`.
fn layered(dir: &Path) -> LoadReport {
    load_layered(bundled_files(), read_folder(dir).expect("listed"), &folder_name(dir))
}

#[test]
fn a_replacements_statements_keep_a_history_of_their_own() {
    let (_keep, dir) = replacing_folder();
    let report = layered(&dir);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    let library = &report.library;
    let replacement = library.get("backup-codes").expect("the replacement");
    let keys: Vec<String> = statements_for(replacement, &library.body(replacement).expect("body"))
        .iter()
        .map(|statement| statement.key.to_string())
        .collect();
    assert_eq!(keys, ["acme:backup-codes#0/myth", "acme:backup-codes#0/fact"]);

    let bundled = load_bundled().library;
    let original = bundled.get("backup-codes").expect("the bundled lesson");
    let original_keys: Vec<String> = statements_for(original, &bundled.body(original).expect("body"))
        .iter()
        .map(|statement| statement.key.to_string())
        .collect();
    assert!(original_keys.contains(&"backup-codes#0/myth".to_owned()));
    assert!(
        keys.iter().all(|key| !original_keys.contains(key)),
        "{keys:?} and {original_keys:?}"
    );
    // A lesson of the folder that replaces nothing keys its statements as always.
    let vault = library.get("code-vault").expect("vault");
    let vault_key = statements_for(vault, &library.body(vault).expect("body"))[0]
        .key
        .to_string();
    assert_eq!(vault_key, "code-vault#0/myth");
}

#[test]
fn the_configuration_layers_a_folder_and_the_flags_win() {
    let (_keep, dir) = linking_folder();
    let content = path_of(&dir);
    let configured = lexicon_configured(&["check", "--content", content], "with_bundled = true\n");
    assert_eq!(configured.status.code(), Some(0), "{}", stdout(&configured));
    let overridden = lexicon_configured(
        &["check", "--content", content, "--without-bundled"],
        "with_bundled = true\n",
    );
    assert_eq!(overridden.status.code(), Some(1), "{}", stdout(&overridden));

    let shown = stdout(&lexicon_configured(&["config"], "with_bundled = true\n"));
    assert!(
        shown
            .lines()
            .any(|line| line.starts_with("with_bundled = true  # from ")),
        "{shown}"
    );
    let shown = stdout(&lexicon(&["config"]));
    assert!(
        shown.lines().any(|line| line == "with_bundled = false  # default"),
        "{shown}"
    );
    // A configuration with a problem is set aside, and the folder loads alone: said, not
    // silent.
    let broken = lexicon_configured(&["check", "--content", content], "with_bundled = true\nthme = 1\n");
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stderr(&broken).contains("loads without the bundled lessons"),
        "{}",
        stderr(&broken)
    );
}

#[test]
fn with_bundled_needs_a_content_folder() {
    let output = lexicon(&["list", "--with-bundled"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--content"), "{}", stderr(&output));
}

#[test]
fn a_folder_journey_with_a_bundled_journeys_id_is_an_error() {
    let (_keep, dir, said) = failed_check(&[
        ("terms/code-vault.yaml", VAULT),
        ("terms/acme-onboarding-lesson.yaml", ONBOARDING),
        (
            "journeys/when-you-lose-access.yaml",
            "title: Ours\nsteps: [code-vault]\n",
        ),
    ]);
    line_on(
        &said,
        &dir,
        "journeys/when-you-lose-access.yaml",
        "1:1: error: journey id `when-you-lose-access`",
    );
}

#[test]
fn the_reader_marks_a_replacing_lesson_in_its_header() {
    let (_keep, dir) = replacing_folder();
    let mut tui = Tui::spawn(
        &["--content", path_of(&dir), "--with-bundled", "open", "backup-codes"],
        100,
        30,
    );
    tui.wait_for("Backup Codes at Acme");
    tui.wait_for("replaces the bundled lesson");
    assert!(tui.row(0).contains("replaces the bundled lesson"), "{}", tui.dump());
    tui.wait_for("backup codes live in the Code Vault");
    // A bundled lesson, opened from the same library, carries no mark.
    tui.send_keys(b"/");
    tui.wait_for("Search");
    tui.send_keys(b"account recovery");
    tui.send_keys(common::keys::ENTER);
    tui.wait_until("the Account Recovery lesson", |screen| {
        common::row_text(screen, 0).contains("Account Recovery")
    });
    assert!(!tui.row(0).contains("replaces the bundled lesson"), "{}", tui.dump());
    tui.send_keys(b"q");
    let status = tui.wait_exit(common::TIMEOUT);
    assert!(status.success(), "{status:?}");
}

/// The bundled Backup Codes' first statement answered wrong a month ago, so it is due.
fn data_with_a_due_bundled_statement() -> tempfile::TempDir {
    use lexicon::quiz::{AnswerRecord, Confidence, Verdict};
    let data = tempfile::tempdir().expect("a data folder");
    let record = AnswerRecord {
        answered_at: chrono::Utc::now() - chrono::Duration::days(30),
        key: "backup-codes#0/myth".parse().expect("a key"),
        answer: Verdict::Fact,
        confidence: Confidence::from_percent(80).expect("80%"),
        correct: false,
        attempt: 1,
        session: None,
    };
    common::record_answer(data.path(), &record);
    data
}

/// The reader's home on the folder `dir` on top of the bundled lessons, with the progress in
/// `data`: what its Review row says.
fn review_row(dir: &Path, data: &Path) -> String {
    let data_dir = data.to_str().expect("UTF-8");
    let mut tui = Tui::spawn_with_env(
        &["--content", path_of(dir), "--with-bundled"],
        100,
        30,
        &[("LEXICON_DATA_DIR", data_dir)],
    );
    tui.wait_for("Review: ");
    tui.wait_for_stable();
    let screen = tui.screen();
    tui.send_keys(b"q");
    let status = tui.wait_exit(common::TIMEOUT);
    assert!(status.success(), "{status:?}");
    screen
        .lines()
        .find(|line| line.contains("Review: "))
        .expect("a Review row")
        .to_owned()
}

/// A statement of the bundled lesson that fell due is not the replacement's to review: the
/// replacement's statements start with no history.
#[test]
fn the_bundled_lessons_history_does_not_reach_its_replacement() {
    let data = data_with_a_due_bundled_statement();
    let (_keep, linking) = linking_folder();
    let row = review_row(&linking, data.path());
    assert!(row.contains("1 statement due"), "{row}");
    let (_keep, replacing) = replacing_folder();
    let row = review_row(&replacing, data.path());
    assert!(!row.contains("due, press r"), "{row}");
    assert!(row.contains("nothing yet"), "{row}");
}

/// The parsed cache holds a folder loaded alone: a layered load neither writes it nor reads
/// it, so neither load is ever served the other's library.
#[test]
fn a_layered_load_never_uses_the_folders_cache() {
    let (_keep, dir) = replacing_folder();
    // Files changed in the last seconds are never cached (their times may not tell a change
    // yet): these were written an hour ago.
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for file in std::fs::read_dir(dir.join("terms")).expect("terms/") {
        let path = file.expect("a file").path();
        let file = std::fs::File::options().write(true).open(&path).expect("opened");
        file.set_modified(an_hour_ago).expect("its time set");
    }
    let cache = tempfile::tempdir().expect("a cache folder");
    let cached = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--content", path_of(&dir), "--cache-dir", path_of(cache.path())]);
        stdout(&lexicon(&all))
    };
    let files_in_cache = || std::fs::read_dir(cache.path()).map_or(0, |dir| dir.count());
    let layered = cached(&["list", "--with-bundled"]);
    assert!(layered.contains("backup-codes\tBackup Codes at Acme"), "{layered}");
    assert_eq!(files_in_cache(), 0, "a layered load writes no cache");
    // Loaded alone, twice: the second time from the cache it wrote.
    let alone = cached(&["list"]);
    assert_eq!(alone.lines().count(), 3, "{alone}");
    assert!(files_in_cache() > 0, "a load of the folder alone writes its cache");
    assert_eq!(cached(&["list"]), alone);
    assert_eq!(cached(&["list", "--with-bundled"]), layered);
}
