//! Hardening at the library level, and the errors a user can cause.
//!
//! - Resource bounds: a content folder of 10,000 files plus one of just under 1 MiB, one just
//!   over it and an alias bomb loads (or reports) within a generous time; a 100,000-character
//!   line renders and wraps in linear time; markdown nested 1,000 levels deep renders with
//!   bounded indentation; inputs that are pathological for markdown parsers finish quickly.
//! - Errors: a missing content folder, an unreadable file, an unknown term, bad arguments and
//!   an unwritable data folder each give a clear message and the right exit code, never a
//!   panic.
//!
//! The time bounds are generous (they hold in a debug build on a slow, shared machine); what
//! they catch is a hang or a quadratic blow-up, not a few slow milliseconds.

mod common;

use lexicon::content::loader::{self, FileKind};
use lexicon::content::{Contents, LoadReport, SourceFile, load, markdown};
use lexicon::document::{Document, Wrapped};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

/// Runs `work` on its own thread and fails the test if it takes longer than `limit`. (A
/// runaway thread is left behind; the test binary ends with the failed test.)
fn within<T: Send + 'static>(what: &str, limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> (T, Duration) {
    let (send, receive) = mpsc::channel();
    let start = Instant::now();
    std::thread::Builder::new()
        .name(what.to_owned())
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let _ = send.send(work());
        })
        .expect("a worker thread");
    match receive.recv_timeout(limit) {
        Ok(value) => (value, start.elapsed()),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what} did not finish within {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what} panicked"),
    }
}

fn term(id: &str, definition: &str) -> String {
    format!("id: {id}\ntitle: Term {id}\nlevel: beginner\ndefinition: {definition}\n")
}

/// A billion-laughs document: nine levels of nine aliases each, 9^9 strings if expanded.
fn alias_bomb() -> String {
    let mut yaml = String::from("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for level in 1..=9 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 9].join(",");
        yaml.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    yaml.push_str("title: *a9\nlevel: beginner\ndefinition: boom\n");
    yaml
}

#[test]
fn a_huge_content_folder_loads_in_bounded_time() {
    const SMALL: usize = 10_000;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let terms = dir.path().join("terms");
    std::fs::create_dir_all(&terms).expect("terms/");
    for index in 0..SMALL {
        let id = format!("t{index:05}");
        std::fs::write(terms.join(format!("{id}.yaml")), term(&id, "A small term.")).expect("write");
    }
    // Just under the 1 MiB limit: a valid term with a long markdown definition.
    let line = "Lorem ipsum dolor sit amet, **consectetur** [[t00001]] adipiscing elit.\n";
    let mut big = String::from("id: big\ntitle: Big\nlevel: beginner\ndefinition: |\n");
    while big.len() + line.len() + 2 < loader::MAX_FILE_BYTES as usize - 64 {
        big.push_str("  ");
        big.push_str(line);
    }
    assert!(big.len() < loader::MAX_FILE_BYTES as usize && big.len() > 1_000_000);
    std::fs::write(terms.join("big.yaml"), &big).expect("write");
    // Just over it: refused before parsing.
    let huge = "x".repeat(loader::MAX_FILE_BYTES as usize + 1);
    std::fs::write(terms.join("huge.yaml"), huge).expect("write");
    std::fs::write(terms.join("bomb.yaml"), alias_bomb()).expect("write");

    let path = dir.path().to_owned();
    let (report, took): (LoadReport, _) = within("loading 10,003 files", Duration::from_secs(60), move || {
        load(loader::read_folder(&path).expect("the folder reads"))
    });
    eprintln!("loaded {} entries in {took:?}", report.library.entries().len());

    assert_eq!(
        report.library.entries().len(),
        SMALL + 1,
        "every small term and the big one load"
    );
    let big = report.library.get("big").expect("the big term loads");
    assert!(big.definition.len() > 1_000_000);
    let errors_for = |name: &str| -> Vec<String> {
        report
            .diagnostics
            .iter()
            .filter(|d| d.is_error() && d.path.ends_with(name))
            .map(|d| d.message.clone())
            .collect()
    };
    let huge = errors_for("huge.yaml");
    assert!(
        huge.iter().any(|message| message.contains("at most")),
        "the file over 1 MiB is refused with its size: {huge:?}"
    );
    let bomb = errors_for("bomb.yaml");
    assert!(!bomb.is_empty(), "the alias bomb is reported as an error");
    assert_eq!(report.skipped_files, 2, "the huge file and the bomb are skipped");
}

#[test]
fn an_alias_bomb_alone_is_reported_quickly() {
    let (report, _) = within("an alias bomb", Duration::from_secs(20), || {
        load(vec![SourceFile {
            path: "terms/bomb.yaml".into(),
            kind: FileKind::Term,
            contents: Contents::Bytes(Ok(alias_bomb().into_bytes())),
        }])
    });
    assert!(report.library.entries().is_empty());
    assert_eq!(report.errors(), 1, "{:?}", report.diagnostics);
}

fn no_links(_: &str) -> Option<(String, String)> {
    None
}

fn render_and_wrap(text: &str, width: usize) -> (Document, Wrapped) {
    let document = markdown::render(text, &no_links);
    let wrapped = document.wrap(width);
    (document, wrapped)
}

fn line_text(line: &[lexicon::document::StyledText]) -> String {
    line.iter().map(|span| span.text.as_str()).collect()
}

/// The time one render and wrap of `text` takes, measured over `repeat` runs in a row.
fn time_per_run(text: &str, repeat: u32) -> Duration {
    let start = Instant::now();
    for _ in 0..repeat {
        let (_, wrapped) = render_and_wrap(text, 80);
        std::hint::black_box(wrapped);
    }
    start.elapsed() / repeat
}

/// How many times longer `long` (ten times `short`) takes than `short`. On a shared machine
/// a test may get a small, changing share of a CPU, so the short text is run ten times in a
/// row (each measurement then spans about as much wall time as one run of the long text),
/// the two are measured in turn, and the fastest of five measurements of each is used.
fn time_ratio(short: &str, long: &str) -> (Duration, Duration, f64) {
    let mut short_time = Duration::MAX;
    let mut long_time = Duration::MAX;
    for _ in 0..5 {
        short_time = short_time.min(time_per_run(short, 10));
        long_time = long_time.min(time_per_run(long, 1));
    }
    let ratio = long_time.as_secs_f64() / short_time.as_secs_f64().max(1e-9);
    (short_time, long_time, ratio)
}

#[test]
fn a_100000_character_line_wraps_in_linear_time() {
    // Four-letter words: 16 words (79 columns) fit in 80, so 20,000 words make 1,250 lines.
    let words = "word ".repeat(20_000);
    let words = words.trim_end().to_owned();
    assert_eq!(words.chars().count(), 99_999);
    let (wrapped, took) = within("a 100,000-character line", Duration::from_secs(30), move || {
        render_and_wrap(&words, 80).1
    });
    eprintln!("100,000 characters of words: {took:?}");
    assert_eq!(wrapped.lines.len(), 1_250);
    assert!(wrapped.lines.iter().all(|line| line_text(line).width() <= 80));

    // One word of 100,000 characters is cut at the width: exactly 1,250 full lines.
    let word = "x".repeat(100_000);
    let (wrapped, took) = within("a 100,000-character word", Duration::from_secs(30), move || {
        render_and_wrap(&word, 80).1
    });
    eprintln!("one 100,000-character word: {took:?}");
    assert_eq!(wrapped.lines.len(), 1_250);
    assert!(wrapped.lines.iter().all(|line| line_text(line).width() == 80));

    // Ten times the text may take ten times as long, not a hundred.
    for (name, unit) in [("words", "word "), ("one word", "xxxxx"), ("wide", "備用碼 🔑")] {
        let short = unit.repeat(10_000 / unit.chars().count());
        let long = unit.repeat(100_000 / unit.chars().count());
        let (short_time, long_time, ratio) = time_ratio(&short, &long);
        eprintln!("{name}: 10,000 chars {short_time:?}, 100,000 chars {long_time:?}, ratio {ratio:.1}");
        assert!(
            ratio < 30.0,
            "{name}: 10x the text took {ratio:.1}x the time: quadratic?"
        );
    }
}

/// Nesting 1,000 levels deep: no panic, the deepest text is still shown, and it is indented
/// by a bounded amount (the renderer caps visible nesting) so it keeps most of the width.
#[test]
fn markdown_nested_a_thousand_levels_renders_with_bounded_indentation() {
    const DEPTH: usize = 1_000;
    let mut lists = String::new();
    for level in 0..DEPTH {
        lists.push_str(&"  ".repeat(level));
        lists.push_str(&format!("- level{level}\n"));
    }
    lists.push_str(&"  ".repeat(DEPTH));
    lists.push_str("deepest list text\n");
    let quotes = format!("{} deepest quote text\n", "> ".repeat(DEPTH));
    let emphasis = format!("{}deepest emphasis text{}\n", "*".repeat(DEPTH), "*".repeat(DEPTH));
    let mixed = format!("{}deepest mixed text\n", "> - ".repeat(DEPTH));
    let ordered: String = (0..DEPTH)
        .map(|level| format!("{}1. n{level}\n", "   ".repeat(level)))
        .collect();
    let links = format!("{}deepest link text{}\n", "[".repeat(DEPTH), "](x)".repeat(DEPTH));

    for (name, text, marker) in [
        ("lists", lists, "deepest list text"),
        ("quotes", quotes, "deepest quote text"),
        ("emphasis", emphasis, "deepest emphasis text"),
        ("quotes and lists", mixed, "deepest mixed text"),
        ("ordered lists", ordered, "n999"),
        ("links", links, "deepest link text"),
    ] {
        let ((_, wrapped), took) = within(name, Duration::from_secs(30), move || render_and_wrap(&text, 80));
        eprintln!("{name} nested {DEPTH} deep: {took:?}, {} lines", wrapped.lines.len());
        let lines: Vec<String> = wrapped.lines.iter().map(|line| line_text(line)).collect();
        let deepest = lines
            .iter()
            .find(|line| line.contains(marker))
            .unwrap_or_else(|| panic!("{name}: {marker:?} is not in the output"));
        let column = deepest[..deepest.find(marker).unwrap_or(0)].width();
        assert!(
            column <= 40,
            "{name}: the deepest text starts at column {column}, indentation is not bounded: {deepest:?}"
        );
        for line in &lines {
            assert!(line.width() <= 80, "{name}: a line is wider than 80: {line:?}");
        }
    }
}

/// Inputs of the kinds pulldown-cmark's fuzzer found slow (long runs of brackets,
/// emphasis delimiters, backticks, link openers, HTML openers, wiki-link openers), each
/// 50,000 or so bytes, must render and wrap within a generous bound.
#[test]
fn pathological_markdown_finishes_quickly() {
    let cases: Vec<(&str, String)> = vec![
        ("open brackets", "[".repeat(50_000)),
        ("wiki-link openers", "[[".repeat(25_000)),
        ("wiki-link openers with text", "[[a|".repeat(12_500)),
        ("image openers", "![".repeat(25_000)),
        ("link openers", "[a](".repeat(12_500)),
        ("emphasis delimiters", "*a".repeat(25_000)),
        ("mixed emphasis", "*_a**__".repeat(7_000)),
        ("underscores", "_a ".repeat(16_000)),
        ("strikethrough", "~~a".repeat(16_000)),
        (
            "growing backtick runs",
            (1..300).map(|n| format!("{}a", "`".repeat(n))).collect(),
        ),
        ("backticks", "`a``".repeat(12_500)),
        ("html openers", "<a ".repeat(16_000)),
        ("html comments", "<!--".repeat(12_500)),
        ("autolinks", "<http://a".repeat(5_000)),
        (
            "reference definitions",
            (0..5_000).map(|n| format!("[r{n}]: /u{n}\n")).collect(),
        ),
        ("reference uses", "[r][r]".repeat(8_000)),
        ("entities", "&#123456789".repeat(5_000)),
        ("table-like pipes", "|a".repeat(25_000)),
        ("quote and list markers", "> * ".repeat(12_500)),
        ("hard breaks", "a\\\n".repeat(16_000)),
    ];
    let mut total = Duration::ZERO;
    for (name, text) in cases {
        let bytes = text.len();
        let ((_, wrapped), took) = within(name, Duration::from_secs(20), move || render_and_wrap(&text, 80));
        total += took;
        assert!(
            wrapped.lines.iter().all(|line| line_text(line).width() <= 80),
            "{name}: a line is wider than 80"
        );
        eprintln!("{name} ({bytes} bytes): {took:?}");
    }
    eprintln!("all pathological inputs: {total:?}");
}

// ---------------------------------------------------------------------------------------
// Errors a user can cause
// ---------------------------------------------------------------------------------------

fn lexicon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args(args)
        .env_remove("LEXICON_CONTENT")
        .env_remove("LEXICON_DATA_DIR")
        .env_remove("LEXICON_TEST_PANIC")
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the binary runs")
}

/// The exit code, the message on stderr, and no sign of a panic.
fn fails_with(args: &[&str], code: i32) -> String {
    let output = lexicon(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?} should exit {code}: {stderr}"
    );
    for panic in ["panicked", "stack backtrace", "RUST_BACKTRACE"] {
        assert!(!stderr.contains(panic), "{args:?} printed a panic: {stderr}");
    }
    assert!(!stderr.trim().is_empty(), "{args:?} explains the error on stderr");
    stderr
}

#[test]
fn a_missing_content_folder_names_the_path() {
    let stderr = fails_with(&["--content", "/nonexistent/lexicon-folder", "list"], 1);
    assert!(stderr.contains("/nonexistent/lexicon-folder"), "{stderr}");
    // A folder without terms/ says what it expected.
    let empty = tempfile::tempdir().expect("a temporary folder");
    let dir = empty.path().to_str().expect("UTF-8");
    let stderr = fails_with(&["--content", dir, "list"], 1);
    assert!(stderr.contains(dir) && stderr.contains("terms/"), "{stderr}");
}

#[test]
fn an_unreadable_file_is_reported_by_path() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let terms = dir.path().join("terms");
    std::fs::create_dir_all(&terms).expect("terms/");
    std::fs::write(terms.join("good.yaml"), term("good", "Fine.")).expect("write");
    // A folder named like a content file: it cannot be read as a file, even by root.
    std::fs::create_dir(terms.join("folder.yaml")).expect("a folder named folder.yaml");

    // A file without read permission, where permissions are enforced (not as root).
    let locked = terms.join("locked.yaml");
    std::fs::write(&locked, term("locked", "Secret.")).expect("write");
    let enforced = lock(&locked);
    if !enforced {
        eprintln!(
            "note: running as root (or on a file system that ignores modes): a chmod 000 file \
             can still be read, so only the unreadable folder-named-like-a-file case is tested"
        );
        std::fs::remove_file(&locked).expect("remove");
    }

    let dir_text = dir.path().to_str().expect("UTF-8");
    let output = lexicon(&["--content", dir_text, "check"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "check fails: {stdout}");
    let line = stdout
        .lines()
        .find(|line| line.contains("folder.yaml"))
        .unwrap_or_else(|| panic!("check names terms/folder.yaml: {stdout}"));
    assert!(
        line.contains("error") && line.contains("not a regular file: directory"),
        "{line}"
    );
    if enforced {
        let line = stdout
            .lines()
            .find(|line| line.contains("locked.yaml"))
            .unwrap_or_else(|| panic!("check names terms/locked.yaml: {stdout}"));
        assert!(line.contains("cannot read") && line.contains("ermission"), "{line}");
    }
    // The good file still loads: a bad file is skipped, never fatal.
    let output = lexicon(&["--content", dir_text, "list"]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("good\tTerm good"));
}

/// Removes every permission from `path`; true when that keeps this process from reading it.
fn lock(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).expect("chmod 000");
        std::fs::read(path).is_err()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

#[test]
fn an_unknown_term_names_the_term() {
    for command in ["open", "show", "quiz"] {
        let stderr = fails_with(&[command, "no-such-term-xyzzy"], 1);
        assert!(stderr.contains("no-such-term-xyzzy"), "{command}: {stderr}");
        assert!(
            stderr.contains("lexicon list"),
            "{command} says how to find terms: {stderr}"
        );
    }
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        &["--no-such-flag"][..],
        &["no-such-command"],
        &["open"],
        &["show", "backup-codes", "--format", "nope"],
        &["search", "x", "--limit", "many"],
    ] {
        let stderr = fails_with(args, 2);
        assert!(
            stderr.contains("error:") && (stderr.contains("Usage:") || stderr.contains("--help")),
            "{args:?} says what is wrong and where the usage is: {stderr}"
        );
    }
}

#[test]
fn an_unwritable_data_dir_still_runs() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").expect("write");
    let data_dir = file.join("sub");
    let data_dir = data_dir.to_str().expect("UTF-8");

    let output = lexicon(&["--data-dir", data_dir, "stats"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "stats still runs: {stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("Answered: 0"));
    assert!(!stderr.contains("panicked"), "{stderr}");

    // The reader starts and says that progress is not being saved.
    let mut tui = common::Tui::spawn(&["--data-dir", data_dir], 100, 30);
    tui.wait_for("not being saved");
    tui.send_keys(b"q");
    let status = tui.wait_exit(Duration::from_secs(10));
    assert!(status.success(), "q exits 0: {status:?}");
}

/// A FIFO blocked the open forever and a link to /dev/zero read without end: only regular
/// files are read, each other kind is named in one error, and the rest of the folder loads.
#[test]
fn special_files_are_errors_not_hangs() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let terms = dir.path().join("terms");
    std::fs::create_dir(&terms).expect("terms/");
    std::fs::write(terms.join("a.yaml"), term("a", "A real lesson.")).expect("a.yaml");
    let fifo = terms.join("f.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success(), "mkfifo made {}", fifo.display());
    std::os::unix::fs::symlink("/dev/zero", terms.join("z.yaml")).expect("a link to /dev/zero");
    std::os::unix::fs::symlink("/dev/urandom", terms.join("u.yaml")).expect("a link to /dev/urandom");
    let folder = dir.path().to_owned();
    let (report, _) = within(
        "loading a folder of special files",
        Duration::from_secs(20),
        move || lexicon::cache::load_folder(&folder, None).expect("the folder loads"),
    );
    let report = report.0;
    let problems: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    for (file, kind) in [
        ("f.yaml", "FIFO"),
        ("z.yaml", "character device"),
        ("u.yaml", "character device"),
    ] {
        assert!(
            problems
                .iter()
                .any(|line| line.contains(file) && line.contains(&format!("not a regular file: {kind}"))),
            "{file}: {problems:#?}"
        );
    }
    assert!(
        report.library.get("a").is_some(),
        "the regular file still loads: {problems:#?}"
    );
}

/// With no terminal the reader panicked in its setup and wrote escape sequences to stdout;
/// now it says why on stderr and writes nothing. `TERM=dumb` cannot draw it either.
#[test]
fn the_reader_without_a_terminal_says_so_and_writes_nothing() {
    for args in [&[][..], &["open", "backup-codes"], &["quiz"]] {
        let output = lexicon(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("the reader needs a terminal"), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?} wrote to stdout");
    }
    // The commands that print still work without one.
    assert!(lexicon(&["list"]).status.success());
}

#[test]
fn a_huge_search_limit_and_a_huge_query_are_handled() {
    let output = lexicon(&["search", "backup", "--limit", &usize::MAX.to_string()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("backup-codes\t"));
    // The query is echoed back cut short, not 100,000 characters of it.
    let stderr = fails_with(&["show", &"x".repeat(100_000)], 1);
    assert!(stderr.len() < 300, "{} bytes of error", stderr.len());
    assert!(stderr.contains("xxx…"), "{stderr}");
}

/// Flow nesting cost the parser time growing with the square of its depth: a file just
/// under 1 MiB of `{a: {a: …` took minutes. A linear pre-scan now refuses it first, at the
/// line and column where it passes 64 levels.
#[test]
fn deep_flow_nesting_is_refused_before_the_parser() {
    let depth = (loader::MAX_FILE_BYTES as usize - 100) / 5;
    let maps = format!(
        "title: x\nlevel: beginner\ndefinition: {}a{}\n",
        "{a: ".repeat(depth),
        "}".repeat(depth)
    );
    let seqs = format!(
        "title: y\nlevel: beginner\ndefinition: {}1{}\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    for (name, text) in [("maps", maps), ("seqs", seqs)] {
        assert!(text.len() as u64 <= loader::MAX_FILE_BYTES, "{name} fits the size cap");
        let files = vec![SourceFile {
            path: format!("terms/{name}.yaml"),
            kind: FileKind::Term,
            contents: Contents::Bytes(Ok(text.into_bytes())),
        }];
        let (report, _) = within(&format!("loading nested {name}"), Duration::from_secs(10), move || {
            load(files)
        });
        let problems: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
        assert!(
            problems
                .iter()
                .any(|line| line.contains("nested more than 64 deep") && line.contains(":3:")),
            "{name}: {problems:?}"
        );
    }
}

/// A store the user can read but not write, in a folder they cannot write, made `stats`
/// say `"answered": 0`: SQLite could not create the WAL index a plain read needs. Its
/// history is shown, and it says once that new answers are not kept. (As root, where
/// permission bits are not enforced, the command runs as `nobody` through `setpriv`.)
#[test]
#[cfg(unix)]
fn a_read_only_data_folder_still_shows_its_history() {
    use lexicon::quiz::{AnswerRecord, Confidence, StatementKey};
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let data = dir.path().join("data");
    let store_path = data.join(lexicon::store::FILE_NAME);
    {
        let mut store = lexicon::store::Store::open(&store_path)
            .expect("the store opens")
            .into_store()
            .expect("a writable store");
        let key: StatementKey = "backup-codes#0/myth".parse().expect("a key");
        let record = AnswerRecord {
            answered_at: chrono::Utc::now(),
            answer: key.side,
            key,
            confidence: Confidence::from_percent(80).expect("80%"),
            correct: true,
            attempt: 1,
            session: None,
        };
        store.record_answer(&record).expect("the answer is written");
    }
    // Closing the last connection folded the WAL into the file and removed its index.
    assert!(!data.join(format!("{}-shm", lexicon::store::FILE_NAME)).exists());
    let chmod = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    };
    chmod(dir.path(), 0o755);
    chmod(&store_path, 0o444);
    chmod(&data, 0o555);
    let enforced = std::fs::write(data.join("probe"), "").is_err();
    let binary = env!("CARGO_BIN_EXE_lexicon");
    let mut command = if enforced {
        Command::new(binary)
    } else if Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
    {
        let _ = std::fs::remove_file(data.join("probe"));
        let mut command = Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups", binary]);
        command
    } else {
        chmod(&data, 0o755);
        eprintln!("skipped: permission bits are not enforced here and setpriv is missing");
        return;
    };
    let output = command
        .args(["--data-dir", data.to_str().expect("UTF-8"), "stats", "--format", "json"])
        .env_remove("LEXICON_CONTENT")
        .env_remove("LEXICON_DATA_DIR")
        .env("HOME", dir.path())
        .output()
        .expect("lexicon runs");
    chmod(&data, 0o755);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stdout.contains("\"answered\": 1"),
        "the history is shown: {stdout}\n{stderr}"
    );
    assert_eq!(stderr.matches("not being saved").count(), 1, "said once: {stderr}");
    assert!(stderr.contains("Your answers so far are shown"), "{stderr}");
}
