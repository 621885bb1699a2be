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
    // And it points at each placeholder still to write, such as the definition's, but not
    // at the comments that mention one.
    let definition_line = text
        .lines()
        .position(|line| line.trim_start().starts_with("TODO: what this is"))
        .expect("the definition's placeholder")
        + 1;
    let left = format!("alpha-keys.yaml:{definition_line}:3: warning: a TODO from `lexicon new` is left here");
    assert!(stdout(&output).contains(&left), "{}", stdout(&output));
    let comment_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.trim_start().starts_with('#'))
        .map(|(number, _)| number + 1)
        .collect();
    for line in stdout(&output)
        .lines()
        .filter(|line| line.contains("alpha-keys.yaml:") && line.contains("a TODO from"))
    {
        let number: usize = line
            .split(':')
            .nth(1)
            .and_then(|n| n.parse().ok())
            .expect("a line number");
        assert!(
            !comment_lines.contains(&number),
            "a comment is not a placeholder: {line}"
        );
    }

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

/// Every link in a Markdown file: its text and where it points.
fn links(markdown: &str) -> Vec<(String, String)> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut found = Vec::new();
    let mut open: Option<(String, String)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => open = Some((String::new(), dest_url.to_string())),
            Event::Text(text) | Event::Code(text) => {
                if let Some((label, _)) = &mut open {
                    label.push_str(&text);
                }
            }
            Event::End(TagEnd::Link) => found.extend(open.take()),
            _ => {}
        }
    }
    found
}

#[test]
fn the_markdown_export_of_the_bundled_lessons_links_only_to_pages_it_wrote() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("book/src");
    let output = lexicon_in(dir.path(), &["export", "markdown", "book/src"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let library = lexicon::content::load_bundled().library;
    let lessons = library.entries().len();
    assert_eq!(
        stdout(&output),
        format!("wrote {lessons} lessons, index.md and SUMMARY.md to book/src\n")
    );
    let mut pages = 0;
    let mut relative = 0;
    for file in std::fs::read_dir(&out).expect("out") {
        let path = file.expect("file").path();
        let text = std::fs::read_to_string(&path).expect("read");
        pages += 1;
        assert!(!text.contains("[["), "{} keeps a wiki link", path.display());
        for (label, target) in links(&text) {
            if target.starts_with("https://") || target.starts_with("http://") {
                continue;
            }
            relative += 1;
            assert!(out.join(&target).is_file(), "{}: [{label}]({target})", path.display());
        }
    }
    assert_eq!(pages, lessons + 2);
    assert!(relative > lessons * 3, "{relative} relative links");
    let summary = std::fs::read_to_string(out.join("SUMMARY.md")).expect("SUMMARY.md");
    assert!(
        summary.starts_with("# Summary\n\n[Glossary](index.md)\n\n# Beginner\n\n- ["),
        "{summary}"
    );
    assert_eq!(links(&summary).len(), lessons + 1);
    let page = std::fs::read_to_string(out.join("backup-codes.md")).expect("page");
    assert!(page.contains("\n## Misconceptions\n\n### Myth: "), "{page}");
    assert!(page.contains("\n## Sources\n\n- ["), "{page}");
}

/// A folder with one lesson written to break things: markup in its title and its texts.
fn hostile_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("terms")).expect("terms");
    let yaml = r#"id: odd
title: "Keys [and] <b>locks</b>"
level: beginner
tags: [two words, x]
definition: What <script>alert(1)</script> is.
faqs:
  - question: "Why <script>alert('q')</script>?"
    answer: "Because\ttabs.\n\nA <i>new</i> paragraph."
misconceptions:
  - myth: "<script>alert('myth')</script>"
    fact: A "quoted" fact & more.
    explanation: See <img src=x onerror=alert(1)>.
    source: Book
sources:
  - title: Book
    url: "javascript:alert(1)"
"#;
    std::fs::write(dir.path().join("terms/odd.yaml"), yaml).expect("write");
    dir
}

#[test]
fn a_title_with_brackets_stays_one_link_and_html_stays_text_in_markdown() {
    let dir = hostile_folder();
    let content = dir.path().to_str().expect("UTF-8 path");
    let output = lexicon_in(
        dir.path(),
        &["export", "markdown", "md", "--content", content, "--no-cache"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let index = std::fs::read_to_string(dir.path().join("md/index.md")).expect("index");
    assert_eq!(
        links(&index),
        vec![("Keys [and] <b>locks</b>".to_owned(), "odd.md".to_owned())],
        "{index}"
    );
    let page = std::fs::read_to_string(dir.path().join("md/odd.md")).expect("page");
    for event in pulldown_cmark::Parser::new(&page) {
        assert!(
            !matches!(
                event,
                pulldown_cmark::Event::Html(_) | pulldown_cmark::Event::InlineHtml(_)
            ),
            "{event:?} in\n{page}"
        );
    }
    assert!(page.contains("- Book\n"), "a javascript: source is no link: {page}");
}

#[test]
fn the_anki_export_has_one_note_per_statement_and_question_with_every_field_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = lexicon_in(dir.path(), &["export", "anki", "deck.txt"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let deck = std::fs::read_to_string(dir.path().join("deck.txt")).expect("deck");
    let library = lexicon::content::load_bundled().library;
    let expected: usize = library
        .entries()
        .iter()
        .map(|entry| {
            let body = library.body(entry).expect("body");
            2 * body.misconceptions.len() + body.faqs.len()
        })
        .sum();
    assert!(deck.starts_with(
        "#separator:tab\n#html:true\n#notetype:Basic\n#columns:Front\tBack\tTags\tGUID\n#tags column:3\n#guid column:4\n"
    ));
    let notes: Vec<&str> = deck.lines().filter(|line| !line.starts_with('#')).collect();
    assert_eq!(notes.len(), expected);
    assert_eq!(stdout(&output), format!("wrote {expected} notes to deck.txt\n"));
    for note in &notes {
        let fields: Vec<&str> = note.split('\t').collect();
        assert_eq!(fields.len(), 4, "{note}");
        assert!(
            fields[1].starts_with("<b>Myth</b><br>")
                || fields[1].starts_with("<b>Fact</b><br>")
                || fields[3].contains("#faq"),
            "{note}"
        );
        assert!(fields[2].contains("level::"), "{note}");
    }
    let guids: std::collections::HashSet<&str> = notes.iter().filter_map(|note| note.split('\t').nth(3)).collect();
    assert_eq!(guids.len(), notes.len(), "each note its own GUID");

    let dir = hostile_folder();
    let content = dir.path().to_str().expect("UTF-8 path");
    let output = lexicon_in(
        dir.path(),
        &["export", "anki", "odd.txt", "--content", content, "--no-cache"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let deck = std::fs::read_to_string(dir.path().join("odd.txt")).expect("deck");
    let notes: Vec<&str> = deck.lines().filter(|line| !line.starts_with('#')).collect();
    assert_eq!(notes.len(), 3, "{deck}");
    assert!(
        !deck.contains("<script") && !deck.contains("<img") && !deck.contains("javascript:"),
        "{deck}"
    );
    assert!(
        notes[0].starts_with("&lt;script&gt;alert(&#39;myth&#39;)&lt;/script&gt;\t<b>Myth</b><br>See &lt;img"),
        "{deck}"
    );
    assert!(
        notes[1].starts_with("A &quot;quoted&quot; fact &amp; more.\t<b>Fact</b>"),
        "{deck}"
    );
    assert!(notes[2].starts_with("Why &lt;script&gt;alert(&#39;q&#39;)&lt;/script&gt;?\tBecause tabs.<br><br>A &lt;i&gt;new&lt;/i&gt; paragraph.\t"), "{deck}");
    for note in notes {
        assert_eq!(note.split('\t').count(), 4, "{note}");
        assert!(note.contains("\ttwo_words x level::beginner\t"), "{note}");
    }
}

/// A file with three different mistakes gets three diagnostics, each at its own line, and
/// mistakes inside list items are placed at their own item.
#[test]
fn check_reports_every_problem_of_a_file_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("terms")).expect("terms");
    let three = "title: Alpha\nlevel: beginer\ndefiniton: What Alpha is.\nanalysis: |\n  See [[Nowhere]].\n";
    std::fs::write(dir.path().join("terms/alpha.yaml"), three).expect("write");
    let beta = "title: Beta\nlevel: beginner\ndefinition: Beta, not [[Alpha]].\n\
                faqs:\n  - question: Why?\n    answr: Because.\n  - questoin: How?\n    answer: So.\n\
                tags: security\nsources:\n  - title: Book\n    link: https://example.com\n";
    std::fs::write(dir.path().join("terms/beta.yaml"), beta).expect("write");
    let content = dir.path().to_str().expect("UTF-8 path");
    let output = lexicon_in(dir.path(), &["check", "--content", content, "--no-cache"]);
    assert_eq!(output.status.code(), Some(1));
    let printed = stdout(&output);
    let at = |file: &str| format!("{}/terms/{file}", dir.path().display());
    let errors: Vec<String> = printed
        .lines()
        .filter(|line| line.contains(": error: "))
        .map(|line| line.replace(&at(""), ""))
        .collect();
    assert_eq!(
        errors,
        [
            "alpha.yaml:2:1: error: invalid level `beginer`: expected beginner, intermediate or advanced",
            "alpha.yaml:3:1: error: unknown field `definiton`; did you mean `definition`?",
            "beta.yaml:6:5: error: faqs[0]: unknown field `answr`; did you mean `answer`?",
            "beta.yaml:7:5: error: faqs[1]: unknown field `questoin`; did you mean `question`?",
            "beta.yaml:9:1: error: `tags` should be a list, not text",
            "beta.yaml:12:5: error: sources[0]: unknown field `link`, expected one of `title`, `url`",
            "alpha.yaml:5:7: error: link [[Nowhere]] does not name any entry",
            "beta.yaml:3:23: error: link [[Alpha]] does not name any entry",
        ],
        "{printed}"
    );
    assert!(
        printed.ends_with("0 entries, 0 journeys: 8 errors, 0 warnings\n"),
        "{printed}"
    );
}

/// A journey file is read for every problem too, each at its own line, and is not loaded.
#[test]
fn check_reports_every_problem_of_a_journey_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    for folder in ["terms", "journeys"] {
        std::fs::create_dir_all(dir.path().join(folder)).expect("folder");
    }
    let alpha = "title: Alpha\nlevel: beginner\ndefinition: What Alpha is.\n";
    std::fs::write(dir.path().join("terms/alpha.yaml"), alpha).expect("write");
    let start = "id: start\ntitel: Start here\ndescription: Where to begin.\nsteps: alpha\nnotes: none\n";
    std::fs::write(dir.path().join("journeys/start.yaml"), start).expect("write");
    let content = dir.path().to_str().expect("UTF-8 path");
    let output = lexicon_in(dir.path(), &["check", "--content", content, "--no-cache"]);
    assert_eq!(output.status.code(), Some(1));
    let printed = stdout(&output);
    let folder = format!("{}/", dir.path().display());
    let errors: Vec<String> = printed
        .lines()
        .filter(|line| line.contains(": error: "))
        .map(|line| line.replace(&folder, ""))
        .collect();
    assert_eq!(
        errors,
        [
            "journeys/start.yaml:2:1: error: unknown field `titel`; did you mean `title`?",
            "journeys/start.yaml:4:1: error: `steps` should be a list, not text",
            "journeys/start.yaml:5:1: error: unknown field `notes`, expected one of `description`, `id`, `steps`, `title`",
        ],
        "{printed}"
    );
    assert!(
        printed.ends_with("1 entry, 0 journeys: 3 errors, 1 warning\n"),
        "{printed}"
    );
}

#[test]
fn check_stats_counts_what_an_author_needs_and_lists_the_lessons_to_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    for folder in ["terms", "journeys"] {
        std::fs::create_dir_all(dir.path().join(folder)).expect("folder");
    }
    let files = [
        (
            "terms/alpha.yaml",
            "title: Alpha\nlevel: beginner\ntags: [Keys, locks]\ndefinition: One two three.\n\
             related: [beta]\nmisconceptions:\n  - myth: Four five.\n    fact: Six.\n    explanation: Seven [[Gamma]].\n",
        ),
        (
            "terms/beta.yaml",
            "title: Beta\nlevel: advanced\ntags: [keys]\ndefinition: One.\nrelated: [alpha]\n\
             analysis: See [[Gamma]], [[Gamma]] and [[Delta]].\n",
        ),
        ("journeys/start.yaml", "title: Start\nsteps: [alpha]\n"),
    ];
    for (path, text) in files {
        std::fs::write(dir.path().join(path), text).expect("write");
    }
    let content = dir.path().to_str().expect("UTF-8 path");
    let output = lexicon_in(dir.path(), &["check", "--stats", "--content", content, "--no-cache"]);
    // The links to lessons not written yet are errors, and check says so.
    assert_eq!(output.status.code(), Some(1));
    let printed = stdout(&output);
    let stats = printed
        .split_once("\n\n")
        .map(|(_, stats)| stats)
        .expect("a blank line before the figures");
    assert_eq!(
        stats,
        "Lessons:        2 (1 beginner, 1 advanced)\n\
         Tags:           keys 2, locks 1\n\
         Words:          14 in all; per lesson median 8, fewest 6 (Beta), most 8 (Alpha)\n\
         Statements:     2 (two per misconception); 0 frequent questions\n\
         Without a check (1): Beta\n\
         On no journey (1): Beta\n\
         Lessons to write, linked but missing (2): [[Gamma]] from 2, [[Delta]] from 1\n",
        "{printed}"
    );
    let plain = lexicon_in(dir.path(), &["check", "--content", content, "--no-cache"]);
    assert!(!stdout(&plain).contains("Lessons:"), "{}", stdout(&plain));
}
