//! The validating loader and `lexicon check`: every error and warning kind, reported at the
//! right file, line and column with the right severity; hostile and malformed input; link
//! resolution; and sanitization of what the loader hands on.
//!
//! YAML is written inline as a list of lines, so the line number of every key can be read
//! straight off the test: `yaml(&[...])[n]` is line `n + 1`.

use lexicon::content::loader::{FileKind, MAX_FILE_BYTES, read_folder};
use lexicon::content::sanitize::is_bidi_control;
use lexicon::content::{BodyError, Contents, Diagnostic, LoadReport, Severity, SourceFile, load};
use lexicon::lesson;
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

// ---------------------------------------------------------------------------------------
// Helpers

/// Joins lines into a YAML document with LF line ends.
fn yaml(lines: &[&str]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn term(path: &str, text: &str) -> SourceFile {
    term_bytes(path, text.as_bytes().to_vec())
}

fn term_bytes(path: &str, bytes: Vec<u8>) -> SourceFile {
    SourceFile {
        path: path.to_owned(),
        kind: FileKind::Term,
        contents: Contents::Bytes(Ok(bytes)),
    }
}

fn journey(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.to_owned(),
        kind: FileKind::Journey,
        contents: Contents::Bytes(Ok(text.as_bytes().to_vec())),
    }
}

/// A complete, valid entry with one misconception, so it raises no warning of its own
/// beyond orphan and one-way checks.
fn entry(id: &str, title: &str, extra: &[&str]) -> String {
    let title_line = format!("title: {title}");
    let id_line = format!("id: {id}");
    let mut lines = vec![
        id_line.as_str(),
        title_line.as_str(),
        "level: beginner",
        "definition: A short definition.",
        "misconceptions:",
        "  - myth: A myth.",
        "    fact: A fact.",
        "    explanation: Why.",
    ];
    lines.extend_from_slice(extra);
    yaml(&lines)
}

fn all_diagnostics(report: &LoadReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| format!("  {d}\n"))
        .collect::<String>()
}

/// The single diagnostic whose message contains `needle`.
fn only<'a>(report: &'a LoadReport, needle: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one diagnostic containing {needle:?}, got:\n{}",
        all_diagnostics(report)
    );
    found[0]
}

/// Every diagnostic whose message contains `needle`, in order.
fn matching<'a>(report: &'a LoadReport, needle: &str) -> Vec<&'a Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains(needle))
        .collect()
}

fn none_matching(report: &LoadReport, needle: &str) {
    assert!(
        matching(report, needle).is_empty(),
        "expected no diagnostic containing {needle:?}, got:\n{}",
        all_diagnostics(report)
    );
}

#[track_caller]
fn assert_at(diagnostic: &Diagnostic, path: &str, line: usize, column: usize, severity: Severity) {
    assert_eq!(
        (
            diagnostic.path.as_str(),
            diagnostic.line,
            diagnostic.column,
            diagnostic.severity
        ),
        (path, line, column, severity),
        "diagnostic: {diagnostic}"
    );
}

fn ids(report: &LoadReport) -> Vec<&str> {
    let mut ids: Vec<&str> = report.library.entries().iter().map(|e| e.id.as_str()).collect();
    ids.sort_unstable();
    ids
}

/// Loads on another thread and fails (rather than hanging the suite) if it takes too long
/// or panics.
fn load_in_time(files: Vec<SourceFile>) -> LoadReport {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(load(files));
    });
    receiver
        .recv_timeout(Duration::from_secs(30))
        .expect("load returned within 30 s without panicking")
}

fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi_control(c)
}

// ---------------------------------------------------------------------------------------
// Errors found in one file

#[test]
fn yaml_syntax_error_is_reported_at_its_line_and_column() {
    let text = yaml(&[
        "title: A",
        "level: beginner",
        "definition: d",
        "tags:",
        "  - x",
        "  y: [",
    ]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    assert_eq!(report.diagnostics.len(), 1, "{}", all_diagnostics(&report));
    let d = &report.diagnostics[0];
    assert_at(d, "terms/a.yaml", 6, 3, Severity::Error);
    // The location is in the prefix; serde_yaml's own " at line N column M" is cut.
    assert!(!d.message.contains(" at line "), "{d}");
    assert_eq!(report.skipped_files, 1);
    assert!(report.library.entries().is_empty());
}

#[test]
fn unknown_field_typo_is_reported_at_the_key() {
    let text = yaml(&["title: A", "level: beginner", "definiton: d"]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    let d = only(&report, "unknown field `definiton`");
    assert_at(d, "terms/a.yaml", 3, 1, Severity::Error);
    assert_eq!(report.skipped_files, 1);

    // In a nested mapping too, with the path to the mapping in the message.
    let text = yaml(&[
        "title: A",
        "level: beginner",
        "definition: d",
        "faqs:",
        "  - question: q",
        "    answer: a",
        "    answr: b",
    ]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    let d = only(&report, "unknown field `answr`");
    assert_at(d, "terms/a.yaml", 7, 5, Severity::Error);
    assert!(d.message.contains("faqs[0]"), "{d}");
}

#[test]
fn missing_required_fields_are_errors() {
    let all = ["title: A", "level: beginner", "definition: d"];
    for (index, field) in ["title", "level", "definition"].into_iter().enumerate() {
        let mut lines = all.to_vec();
        lines.remove(index);
        let report = load(vec![term("terms/a.yaml", &yaml(&lines))]);
        let d = only(&report, &format!("missing field `{field}`"));
        // A missing key has no line of its own: the mapping it belongs in starts at 1:1.
        assert_at(d, "terms/a.yaml", 1, 1, Severity::Error);
        assert_eq!(report.skipped_files, 1, "{field}");
        assert!(report.library.entries().is_empty(), "{field}");
    }

    // A missing field in a nested mapping points at that mapping.
    let text = yaml(&[
        "title: A",
        "level: beginner",
        "definition: d",
        "misconceptions:",
        "  - myth: m",
        "    explanation: e",
    ]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    let d = only(&report, "missing field `fact`");
    assert_at(d, "terms/a.yaml", 5, 5, Severity::Error);
}

#[test]
fn empty_title_and_definition_are_errors_at_their_keys() {
    let text = yaml(&["title: \"  \"", "level: beginner", "definition: \"\""]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    assert_at(only(&report, "title is empty"), "terms/a.yaml", 1, 1, Severity::Error);
    assert_at(
        only(&report, "definition is empty"),
        "terms/a.yaml",
        3,
        1,
        Severity::Error,
    );
    assert_eq!(report.skipped_files, 1);
}

#[test]
fn bad_level_is_reported_at_the_level_key() {
    let text = yaml(&["id: a", "title: A", "definition: d", "level: expert"]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    let d = only(&report, "invalid level `expert`");
    assert_at(d, "terms/a.yaml", 4, 1, Severity::Error);
    assert_eq!(report.skipped_files, 1);
    assert!(report.library.entries().is_empty());
}

#[test]
fn bad_id_is_reported_at_the_id_key() {
    for bad in ["Backup-Codes", "backup codes", "backup_codes", "\"\""] {
        let id_line = format!("id: {bad}");
        let text = yaml(&["title: A", "level: beginner", &id_line, "definition: d"]);
        let report = load(vec![term("terms/a.yaml", &text)]);
        let d = only(&report, "invalid id");
        assert_at(d, "terms/a.yaml", 3, 1, Severity::Error);
        assert_eq!(report.skipped_files, 1, "{bad}");
        assert!(report.library.entries().is_empty(), "{bad}");
    }
}

#[test]
fn id_is_taken_from_the_file_stem_when_omitted() {
    let text = yaml(&["title: Backup Codes", "level: beginner", "definition: d"]);
    let report = load(vec![term("content/terms/backup-codes.yaml", &text)]);
    assert_eq!(report.errors(), 0, "{}", all_diagnostics(&report));
    assert_eq!(ids(&report), ["backup-codes"]);
    assert_eq!(report.library.entries()[0].path, "content/terms/backup-codes.yaml");

    // An explicit id wins over the stem.
    let text = entry("totp", "TOTP", &[]);
    let report = load(vec![term("terms/something-else.yaml", &text)]);
    assert_eq!(ids(&report), ["totp"]);

    // A stem that is not a valid id is reported, naming the file name as the source.
    let text = yaml(&["title: A", "level: beginner", "definition: d"]);
    let report = load(vec![term("terms/Backup Codes.yaml", &text)]);
    let d = only(&report, "invalid file name");
    assert_at(d, "terms/Backup Codes.yaml", 1, 1, Severity::Error);
    assert!(d.message.contains("Backup Codes"), "{d}");
    assert_eq!(report.skipped_files, 1);
}

#[test]
fn bad_verified_date_is_an_error_but_the_entry_loads() {
    for bad in [
        "2026-13-01",
        "2026-02-30",
        "2025-02-29",
        "20260526",
        "May 26, 2026",
        "2026-5-26",
    ] {
        let date_line = format!("verified: \"{bad}\"");
        let text = yaml(&["title: A", "level: beginner", "definition: d", &date_line]);
        let report = load(vec![term("terms/a.yaml", &text)]);
        let d = only(&report, "invalid date");
        assert_at(d, "terms/a.yaml", 4, 1, Severity::Error);
        assert!(d.message.contains(bad), "{d}");
        assert_eq!(ids(&report), ["a"], "{bad}");
        assert_eq!(report.library.entries()[0].verified, None, "{bad}");
    }
    // A real date, leap day included, unquoted as in the format's example.
    let text = yaml(&["title: A", "level: beginner", "definition: d", "verified: 2024-02-29"]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    none_matching(&report, "invalid date");
    assert_eq!(report.library.entries()[0].verified.as_deref(), Some("2024-02-29"));
}

// ---------------------------------------------------------------------------------------
// Errors across files

#[test]
fn duplicate_id_is_reported_on_the_second_file_which_is_skipped() {
    let first = entry("totp", "TOTP", &[]);
    let second = yaml(&[
        "title: Time-based codes",
        "level: beginner",
        "id: totp",
        "definition: d",
    ]);
    let report = load(vec![term("terms/a.yaml", &first), term("terms/b.yaml", &second)]);
    let d = only(&report, "duplicate id `totp`");
    assert_at(d, "terms/b.yaml", 3, 1, Severity::Error);
    assert!(d.message.contains("terms/a.yaml"), "names the other file: {d}");
    assert_eq!(report.skipped_files, 1);
    assert_eq!(report.library.entries().len(), 1);
    assert_eq!(report.library.entries()[0].title, "TOTP");
}

#[test]
fn duplicate_title_is_found_ignoring_case() {
    let first = entry("backup-codes", "Backup Codes", &[]);
    let second = yaml(&["id: codes", "level: beginner", "definition: d", "title: backup CODES"]);
    let report = load(vec![term("terms/a.yaml", &first), term("terms/b.yaml", &second)]);
    let d = only(&report, "duplicate title");
    assert_at(d, "terms/b.yaml", 4, 8, Severity::Error);
    assert!(d.message.contains("terms/a.yaml"), "{d}");
}

#[test]
fn duplicate_alias_is_reported_at_the_alias() {
    let first = entry("a", "Alpha", &["aliases: [Recovery Codes]"]);
    let second = entry("b", "Beta", &["aliases:", "  - First", "  - recovery codes"]);
    let report = load(vec![term("terms/a.yaml", &first), term("terms/b.yaml", &second)]);
    let d = only(&report, "duplicate alias");
    assert_at(d, "terms/b.yaml", 11, 5, Severity::Error);
    assert!(d.message.contains("terms/a.yaml"), "{d}");
}

#[test]
fn alias_equal_to_another_entrys_title_is_a_duplicate() {
    let first = entry("a", "Backup Codes", &[]);
    let second = entry("b", "Beta", &["aliases: [Spare, BACKUP codes]"]);
    let report = load(vec![term("terms/a.yaml", &first), term("terms/b.yaml", &second)]);
    let d = only(&report, "duplicate alias");
    assert_at(d, "terms/b.yaml", 9, 18, Severity::Error);
    assert!(d.message.contains("title of terms/a.yaml"), "{d}");

    // An alias equal to the entry's own title is harmless.
    let own = entry("c", "Gamma", &["aliases: [gamma]"]);
    let report = load(vec![term("terms/c.yaml", &own)]);
    assert_eq!(report.errors(), 0, "{}", all_diagnostics(&report));
}

#[test]
fn id_equal_to_another_entrys_alias_does_not_depend_on_file_order() {
    let alias_holder = entry("multi-factor", "Multi-Factor Authentication", &["aliases: [mfa]"]);
    let id_holder = entry("mfa", "MFA Fatigue", &[]);
    let forward = load(vec![
        term("terms/a.yaml", &alias_holder),
        term("terms/mfa.yaml", &id_holder),
    ]);
    let backward = load(vec![
        term("terms/mfa.yaml", &id_holder),
        term("terms/a.yaml", &alias_holder),
    ]);
    assert_eq!(ids(&forward), ids(&backward), "forward:\n{}", all_diagnostics(&forward));
    assert_eq!(forward.skipped_files, backward.skipped_files);
    none_matching(&forward, "duplicate id");
    // Both load; the clash is reported once, on the later path, the same either way, and
    // says which entry a link to the name opens (an id comes before an alias).
    assert_eq!(ids(&forward), ["mfa", "multi-factor"]);
    assert_eq!(forward.diagnostics, backward.diagnostics);
    let d = only(&forward, "id `mfa`");
    assert_at(d, "terms/mfa.yaml", 1, 1, Severity::Error);
    assert!(
        d.message.contains("alias of terms/a.yaml") && d.message.contains("open this entry"),
        "{d}"
    );
    assert_eq!(
        forward.library.resolve("mfa").map(|e| e.id.as_str()),
        Some("mfa"),
        "as the message says"
    );
}

#[test]
fn a_duplicate_id_is_found_even_after_an_alias_took_the_name() {
    let alias_holder = entry("a", "Alpha", &["aliases: [mfa]"]);
    let first = entry("mfa", "MFA One", &[]);
    let second = entry("mfa", "MFA Two", &[]);
    let report = load(vec![
        term("terms/c.yaml", &second),
        term("terms/a.yaml", &alias_holder),
        term("terms/b.yaml", &first),
    ]);
    let d = only(&report, "duplicate id `mfa`");
    assert_at(d, "terms/c.yaml", 1, 1, Severity::Error);
    assert!(d.message.contains("terms/b.yaml"), "{d}");
    assert_eq!(ids(&report), ["a", "mfa"]);
}

#[test]
fn duplicate_key_in_one_mapping_is_an_error_and_skips_the_file() {
    let text = yaml(&["title: A", "level: beginner", "definition: d", "title: B"]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    let d = only(&report, "duplicate field `title`");
    assert_eq!((d.path.as_str(), d.severity), ("terms/a.yaml", Severity::Error));
    assert_eq!(report.skipped_files, 1);
    assert!(report.library.entries().is_empty());
}

#[test]
fn duplicate_key_is_reported_at_the_repeated_key() {
    let text = yaml(&["title: A", "level: beginner", "definition: d", "title: B"]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    assert_at(
        only(&report, "duplicate field `title`"),
        "terms/a.yaml",
        4,
        1,
        Severity::Error,
    );

    let text = yaml(&[
        "title: A",
        "level: beginner",
        "definition: d",
        "faqs:",
        "  - question: q",
        "    answer: a",
        "    question: r",
    ]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    assert_at(
        only(&report, "duplicate field `question`"),
        "terms/a.yaml",
        7,
        5,
        Severity::Error,
    );
}

// ---------------------------------------------------------------------------------------
// References that do not resolve

#[test]
fn each_occurrence_of_a_broken_wiki_link_is_reported_at_its_own_line() {
    let text = entry(
        "a",
        "Alpha",
        &[
            "analysis: |",
            "  First see [[nowhere]].",
            "",
            "  A good link: [[a]].",
            "  Then again [[nowhere|elsewhere]].",
            "faqs:",
            "  - question: Where?",
            "    answer: Also [[Nowhere Else]].",
        ],
    );
    let report = load(vec![term("terms/a.yaml", &text)]);
    let broken = matching(&report, "link [[nowhere]] does not name any entry");
    assert_eq!(broken.len(), 2, "{}", all_diagnostics(&report));
    assert_at(broken[0], "terms/a.yaml", 10, 13, Severity::Error);
    assert_at(broken[1], "terms/a.yaml", 13, 14, Severity::Error);
    let other = only(&report, "link [[Nowhere Else]]");
    assert_at(other, "terms/a.yaml", 16, 18, Severity::Error);
    none_matching(&report, "[[a]]");
    // The entry still loads: a broken link is drawn, it just cannot be followed.
    assert_eq!(ids(&report), ["a"]);
}

#[test]
fn broken_links_across_markdown_fields_are_located_in_the_file() {
    let text = entry(
        "a",
        "Alpha",
        &[
            "analysis: See [[gone]] here.",
            "faqs:",
            "  - question: q",
            "    answer: |",
            "      Answer with [[gone]].",
        ],
    );
    let report = load(vec![term("terms/a.yaml", &text)]);
    let broken = matching(&report, "[[gone]]");
    assert_eq!(broken.len(), 2, "{}", all_diagnostics(&report));
    let mut lines: Vec<usize> = broken.iter().map(|d| d.line).collect();
    lines.sort_unstable();
    assert_eq!(lines, [9, 13]);
}

#[test]
fn broken_link_is_not_located_at_a_code_span_that_looks_like_it() {
    let text = yaml(&[
        "title: A",
        "level: beginner",
        "definition: |",
        "  `[[nope]]` is how a link is written.",
        "analysis: |",
        "  See [[nope]].",
    ]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    assert_at(only(&report, "[[nope]]"), "terms/a.yaml", 6, 7, Severity::Error);
}

#[test]
fn broken_link_with_inner_spaces_is_located() {
    let text = yaml(&[
        "title: A",
        "level: beginner",
        "definition: d",
        "analysis: |",
        "  See [[ nope ]].",
        "  And [[nope]].",
    ]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    let broken = matching(&report, "[[nope]]");
    assert_eq!(broken.len(), 2, "{}", all_diagnostics(&report));
    assert_eq!((broken[0].line, broken[1].line), (5, 6), "{}", all_diagnostics(&report));
}

#[test]
fn broken_links_are_located_in_every_kind_of_markdown_value() {
    let text = yaml(&[
        "title: A",
        "level: beginner",
        "definition: >",
        "  Folded, [[one]]",
        "  and on.",
        "analysis: |",
        "  Example:",
        "",
        "      [[two]] in an indented code block is not a link",
        "",
        "  - a list item with [[two]]",
        "faqs:",
        "  - question: q",
        "    answer: A plain value",
        "      continued with [[three]].",
        "misconceptions:",
        "  - myth: m",
        "    fact: f",
        "    explanation: \"Quoted [[four]]\"",
    ]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    assert_at(only(&report, "[[one]]"), "terms/a.yaml", 4, 11, Severity::Error);
    assert_at(only(&report, "[[two]]"), "terms/a.yaml", 11, 22, Severity::Error);
    assert_at(only(&report, "[[three]]"), "terms/a.yaml", 15, 22, Severity::Error);
    assert_at(only(&report, "[[four]]"), "terms/a.yaml", 19, 26, Severity::Error);
}

#[test]
fn unresolved_related_term_is_reported_at_its_name() {
    let a = entry("a", "Alpha", &["related: [b, nowhere]"]);
    let b = entry("b", "Beta", &["related:", "  - a", "  - missing-term"]);
    let report = load(vec![term("terms/a.yaml", &a), term("terms/b.yaml", &b)]);
    assert_at(only(&report, "`nowhere`"), "terms/a.yaml", 9, 14, Severity::Error);
    assert_at(only(&report, "`missing-term`"), "terms/b.yaml", 11, 5, Severity::Error);
    assert!(only(&report, "`nowhere`").message.contains("related term"));
    // The entries load, keeping the related terms that do resolve.
    assert_eq!(report.library.get("a").expect("a loads").related, ["b"]);
    assert_eq!(report.library.get("b").expect("b loads").related, ["a"]);
}

#[test]
fn unresolved_related_term_is_not_located_inside_a_longer_name() {
    let a = entry("a", "Alpha", &["related:", "  - authentication", "  - auth"]);
    let auth = entry("authentication", "Authentication", &["related: [a]"]);
    let report = load(vec![term("terms/a.yaml", &a), term("terms/authentication.yaml", &auth)]);
    assert_at(only(&report, "`auth`"), "terms/a.yaml", 11, 5, Severity::Error);
}

#[test]
fn names_are_located_as_whole_items_in_any_style() {
    let a = entry(
        "a",
        "Alpha",
        &[
            "related: [\"authentication\", 'auth', b]  # a comment naming auth",
            "compare:",
            "  - {with: authentication, points: [{aspect: auth, this: y, that: z}]}",
            "  - {with: auth, points: [{aspect: x, this: y, that: z}]}",
        ],
    );
    let b = entry("b", "Beta", &["related: [a]"]);
    let auth = entry("authentication", "Authentication", &["related: [a]"]);
    let report = load(vec![
        term("terms/a.yaml", &a),
        term("terms/authentication.yaml", &auth),
        term("terms/b.yaml", &b),
    ]);
    // The quoted item is reported at its opening quote.
    assert_at(
        only(&report, "related term `auth`"),
        "terms/a.yaml",
        9,
        29,
        Severity::Error,
    );
    // Only `with:` values count as compare targets, not `aspect: auth`.
    assert_at(
        only(&report, "compare target `auth`"),
        "terms/a.yaml",
        12,
        12,
        Severity::Error,
    );
}

#[test]
fn unresolved_compare_target_is_reported_at_its_with() {
    let a = entry(
        "a",
        "Alpha",
        &[
            "related: [b]",
            "compare:",
            "  - with: Beta",
            "    points:",
            "      - {aspect: x, this: y, that: z}",
            "  - with: nowhere",
            "    points:",
            "      - {aspect: x, this: y, that: z}",
        ],
    );
    let b = entry("b", "Beta", &["related: [a]"]);
    let report = load(vec![term("terms/a.yaml", &a), term("terms/b.yaml", &b)]);
    let d = only(&report, "compare target `nowhere`");
    assert_at(d, "terms/a.yaml", 14, 11, Severity::Error);
    let loaded = report.library.get("a").expect("a loads");
    assert_eq!(loaded.compared, ["b"], "the good comparison stays, resolved to an id");
    let body = report.library.body(loaded).expect("held");
    let targets: Vec<&str> = body.compare.iter().map(|c| c.with.as_str()).collect();
    assert_eq!(targets, ["b"], "and its body agrees");
}

#[test]
fn unresolved_journey_step_is_reported_at_its_name() {
    let a = entry("a", "Alpha", &[]);
    let path = yaml(&[
        "title: A path",
        "description: Read these.",
        "steps:",
        "  - a",
        "  - nowhere",
    ]);
    let report = load(vec![term("terms/a.yaml", &a), journey("journeys/path.yaml", &path)]);
    let d = only(&report, "journey step `nowhere`");
    assert_at(d, "journeys/path.yaml", 5, 5, Severity::Error);
    let loaded = report
        .library
        .journey("path")
        .expect("the journey loads, id from the stem");
    assert_eq!(loaded.steps, ["a"]);

    // A journey with no step that resolves is skipped.
    let empty = yaml(&["title: Nothing", "steps: [nowhere]"]);
    let report = load(vec![term("terms/a.yaml", &a), journey("journeys/empty.yaml", &empty)]);
    assert_at(
        only(&report, "journey step `nowhere`"),
        "journeys/empty.yaml",
        2,
        9,
        Severity::Error,
    );
    assert_at(only(&report, "no steps"), "journeys/empty.yaml", 2, 1, Severity::Error);
    assert!(report.library.journeys().is_empty());
    assert_eq!(report.skipped_files, 1);
}

// ---------------------------------------------------------------------------------------
// Warnings

#[test]
fn orphan_entry_is_a_warning_at_its_title() {
    let a = entry("a", "Alpha", &["related: [b]"]);
    let b = entry("b", "Beta", &["related: [a]"]);
    let c = entry("c", "Gamma", &[]);
    let report = load(vec![
        term("terms/a.yaml", &a),
        term("terms/b.yaml", &b),
        term("terms/c.yaml", &c),
    ]);
    let d = only(&report, "orphan");
    assert_at(d, "terms/c.yaml", 2, 1, Severity::Warning);
    assert!(d.message.contains("`c`"), "{d}");
    assert_eq!(report.errors(), 0, "{}", all_diagnostics(&report));

    // A wiki link, a comparison or a journey step is enough to adopt it.
    for adopter in [
        entry("d", "Delta", &["related: [a]", "analysis: See [[Gamma]]."]),
        entry(
            "d",
            "Delta",
            &[
                "related: [a]",
                "compare:",
                "  - with: c",
                "    points: [{aspect: x, this: y, that: z}]",
            ],
        ),
    ] {
        let a = entry("a", "Alpha", &["related: [b, d]"]);
        let report = load(vec![
            term("terms/a.yaml", &a),
            term("terms/b.yaml", &b),
            term("terms/c.yaml", &c),
            term("terms/d.yaml", &adopter),
        ]);
        none_matching(&report, "`c` (orphan");
    }
    let path = yaml(&["title: P", "steps: [a, c]"]);
    let report = load(vec![
        term("terms/a.yaml", &a),
        term("terms/b.yaml", &b),
        term("terms/c.yaml", &c),
        journey("journeys/p.yaml", &path),
    ]);
    none_matching(&report, "orphan");
}

#[test]
fn one_way_related_link_is_a_warning_at_the_link() {
    let a = entry("alpha", "Alpha", &["related:", "  - beta"]);
    let b = entry("beta", "Beta", &["analysis: Back to [[alpha]]."]);
    let report = load(vec![term("terms/alpha.yaml", &a), term("terms/beta.yaml", &b)]);
    let d = only(&report, "one-way");
    assert_at(d, "terms/alpha.yaml", 10, 5, Severity::Warning);
    assert!(d.message.contains("`beta`") && d.message.contains("`alpha`"), "{d}");
    assert_eq!(report.errors(), 0, "{}", all_diagnostics(&report));

    // Returned, it is not reported.
    let b = entry("beta", "Beta", &["related: [Alpha]"]);
    let report = load(vec![term("terms/alpha.yaml", &a), term("terms/beta.yaml", &b)]);
    none_matching(&report, "one-way");
}

#[test]
fn entry_without_misconceptions_is_a_warning() {
    let text = yaml(&["title: A", "level: beginner", "definition: d"]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    let d = only(&report, "no misconceptions");
    assert_at(d, "terms/a.yaml", 1, 1, Severity::Warning);
    assert_eq!(report.errors(), 0);
    assert_eq!(ids(&report), ["a"], "a warning does not skip the entry");

    // An explicit empty list is reported at its key.
    let text = yaml(&["title: A", "level: beginner", "definition: d", "misconceptions: []"]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    assert_at(
        only(&report, "no misconceptions"),
        "terms/a.yaml",
        4,
        1,
        Severity::Warning,
    );

    // And an entry that has one gets no such warning.
    let report = load(vec![term("terms/a.yaml", &entry("a", "A", &[]))]);
    none_matching(&report, "no misconceptions");
}

// ---------------------------------------------------------------------------------------
// Bad input

#[test]
fn file_over_one_mib_is_refused_before_parsing() {
    // Broken YAML: if it were parsed, the error would be a syntax error instead.
    let mut huge = b"title: [unclosed\n".to_vec();
    huge.resize(usize::try_from(MAX_FILE_BYTES).expect("fits") + 1, b'#');
    let good = entry("a", "Alpha", &[]);
    let report = load(vec![term_bytes("terms/huge.yaml", huge), term("terms/a.yaml", &good)]);
    let d = only(&report, "1 MiB");
    assert_at(d, "terms/huge.yaml", 1, 1, Severity::Error);
    assert_eq!(
        report
            .diagnostics
            .iter()
            .filter(|d| d.path == "terms/huge.yaml")
            .count(),
        1
    );
    assert_eq!(report.skipped_files, 1);
    assert_eq!(ids(&report), ["a"]);
}

#[test]
fn file_of_exactly_one_mib_is_accepted() {
    let mut text = entry("a", "Alpha", &[]).into_bytes();
    let limit = usize::try_from(MAX_FILE_BYTES).expect("fits");
    text.extend_from_slice(b"# padding ");
    text.resize(limit - 1, b'x');
    text.push(b'\n');
    assert_eq!(text.len() as u64, MAX_FILE_BYTES);
    let report = load(vec![term_bytes("terms/a.yaml", text)]);
    assert_eq!(report.errors(), 0, "{}", all_diagnostics(&report));
    assert_eq!(ids(&report), ["a"]);
}

#[test]
fn file_over_one_mib_in_a_folder_is_refused_with_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let terms = dir.path().join("terms");
    std::fs::create_dir(&terms).expect("terms/");
    let huge = terms.join("huge.yaml");
    std::fs::write(&huge, vec![b'#'; usize::try_from(MAX_FILE_BYTES).expect("fits") + 1]).expect("write");
    std::fs::write(terms.join("a.yaml"), entry("a", "Alpha", &[])).expect("write");
    let files = read_folder(dir.path()).expect("folder reads");
    let report = load(files);
    let d = only(&report, "1 MiB");
    assert_at(d, &huge.display().to_string(), 1, 1, Severity::Error);
    assert_eq!(report.skipped_files, 1);
    assert_eq!(ids(&report), ["a"]);
}

#[test]
fn non_utf8_bytes_are_reported_with_the_file_and_line() {
    let mut bytes = b"title: A\nlevel: beginner\ndefinition: caf".to_vec();
    bytes.push(0xff);
    bytes.extend_from_slice(b"\n");
    let good = entry("b", "Beta", &[]);
    let report = load(vec![term_bytes("terms/a.yaml", bytes), term("terms/b.yaml", &good)]);
    let d = only(&report, "UTF-8");
    assert_at(d, "terms/a.yaml", 3, 16, Severity::Error);
    assert_eq!(report.skipped_files, 1);
    assert_eq!(ids(&report), ["b"]);
}

#[test]
fn leading_byte_order_mark_is_stripped() {
    let text = format!(
        "\u{feff}{}",
        yaml(&["title: Alpha", "level: beginner", "definition: d"])
    );
    let report = load(vec![term("terms/alpha.yaml", &text)]);
    assert_eq!(report.errors(), 0, "{}", all_diagnostics(&report));
    let loaded = &report.library.entries()[0];
    assert_eq!((loaded.id.as_str(), loaded.title.as_str()), ("alpha", "Alpha"));

    // Positions are unaffected by the mark.
    let text = format!("\u{feff}{}", yaml(&["title: Alpha", "level: expert", "definition: d"]));
    let report = load(vec![term("terms/alpha.yaml", &text)]);
    assert_at(
        only(&report, "invalid level"),
        "terms/alpha.yaml",
        2,
        1,
        Severity::Error,
    );
}

#[test]
fn crlf_line_endings_load_like_lf() {
    let lf = entry(
        "a",
        "Alpha",
        &[
            "analysis: |",
            "  Line one.",
            "  Line two with [[a]].",
            "verified: 2026-05-26",
        ],
    );
    let crlf = lf.replace('\n', "\r\n");
    let from_lf = load(vec![term("terms/a.yaml", &lf)]);
    let from_crlf = load(vec![term("terms/a.yaml", &crlf)]);
    assert_eq!(from_crlf.errors(), 0, "{}", all_diagnostics(&from_crlf));
    assert_eq!(from_crlf.library.entries(), from_lf.library.entries());
    let loaded = &from_crlf.library.entries()[0];
    let analysis = &from_crlf.library.body(loaded).expect("held").analysis;
    assert!(!analysis.contains('\r'), "{analysis:?}");
    assert_eq!(analysis, "Line one.\nLine two with [[a]].\n");

    // Diagnostics keep their lines and columns.
    let text = yaml(&[
        "title: A",
        "level: beginner",
        "definition: |",
        "  See [[nope]]",
        "  and [[nope]].",
        "related: [nothing]",
    ])
    .replace('\n', "\r\n");
    let report = load(vec![term("terms/a.yaml", &text)]);
    let links = matching(&report, "[[nope]]");
    assert_eq!(links.len(), 2, "{}", all_diagnostics(&report));
    assert_at(links[0], "terms/a.yaml", 4, 7, Severity::Error);
    assert_at(links[1], "terms/a.yaml", 5, 7, Severity::Error);
    assert_at(only(&report, "`nothing`"), "terms/a.yaml", 6, 11, Severity::Error);
}

#[test]
fn crlf_file_with_non_ascii_text_locates_related_without_panicking() {
    let text = yaml(&["title: A", "level: beginner", "definition: café", "related: [nothing]"]).replace('\n', "\r\n");
    let report = load_in_time(vec![term("terms/a.yaml", &text)]);
    assert_at(only(&report, "`nothing`"), "terms/a.yaml", 4, 11, Severity::Error);
}

#[test]
fn empty_file_is_an_error() {
    for (name, bytes) in [
        ("empty", Vec::new()),
        ("blank", b"  \n\n\t\n".to_vec()),
        ("bom-only", "\u{feff}".as_bytes().to_vec()),
    ] {
        let path = format!("terms/{name}.yaml");
        let report = load(vec![
            term_bytes(&path, bytes),
            term("terms/a.yaml", &entry("a", "A", &[])),
        ]);
        let d = only(&report, "empty");
        assert_at(d, &path, 1, 1, Severity::Error);
        assert_eq!(report.skipped_files, 1, "{name}");
        assert_eq!(ids(&report), ["a"], "{name}");
    }
}

#[test]
fn alias_bomb_is_an_error_not_a_hang() {
    let mut lines = vec![
        "level: beginner".to_owned(),
        "definition: d".to_owned(),
        "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_owned(),
    ];
    for level in 1..12 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 10].join(", ");
        lines.push(format!("a{level}: &a{level} [{items}]"));
    }
    lines.push("title: *a11".to_owned());
    let bomb = lines.join("\n");
    // The same bomb where only known fields hold it.
    let mut known = vec!["level: beginner".to_owned(), "definition: d".to_owned()];
    known.push("tags: &t0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_owned());
    known.push(format!("aliases: &t1 [{}]", ["*t0"; 10].join(", ")));
    known.push(format!("related: &t2 [{}]", ["*t1"; 10].join(", ")));
    known.push(format!("title: [{}]", ["*t2"; 10].join(", ")));
    let known = known.join("\n");

    let report = load_in_time(vec![
        term("terms/bomb.yaml", &bomb),
        term("terms/known.yaml", &known),
        journey("journeys/bomb.yaml", &bomb),
        term("terms/a.yaml", &entry("a", "A", &[])),
    ]);
    // Every problem of a file is reported, once: the bomb held by known fields gives one for
    // each field it makes a list of lists.
    for (path, problems) in [
        ("terms/bomb.yaml", 1),
        ("terms/known.yaml", 3),
        ("journeys/bomb.yaml", 1),
    ] {
        let errors: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| d.path == path).collect();
        assert_eq!(errors.len(), problems, "{path}:\n{}", all_diagnostics(&report));
        assert!(errors.iter().all(|error| error.severity == Severity::Error));
    }
    assert_eq!(report.skipped_files, 3);
    assert_eq!(ids(&report), ["a"]);
}

#[test]
fn alias_amplification_of_a_long_string_is_refused() {
    let mut text = yaml(&["title: A", "level: beginner"]);
    text.push_str(&format!("definition: &d \"{}\"\n", "x".repeat(100_000)));
    text.push_str(&format!("aliases: [{}]\n", ["*d"; 1000].join(", ")));
    assert!((text.len() as u64) < MAX_FILE_BYTES);
    let report = load_in_time(vec![term("terms/a.yaml", &text)]);
    let loaded: usize = report
        .library
        .entries()
        .iter()
        .flat_map(|e| e.aliases.iter().chain([&e.definition]))
        .map(String::len)
        .sum();
    assert!(
        loaded <= 4 * usize::try_from(MAX_FILE_BYTES).expect("fits"),
        "a {} byte file loaded {loaded} bytes of text",
        text.len()
    );
    let errors: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{}", all_diagnostics(&report));
    // Reported at the first alias, saying why.
    assert_at(errors[0], "terms/a.yaml", 4, 11, Severity::Error);
    assert!(errors[0].message.contains("aliases"), "{}", errors[0]);
    assert_eq!(report.skipped_files, 1);
}

#[test]
fn a_few_aliases_of_a_long_string_are_fine() {
    let mut text = entry("a", "Alpha", &[]);
    text.push_str(&format!("analysis: &d \"{}\"\n", "x".repeat(100_000)));
    text.push_str("aliases: [*d, *d, *d]\n");
    let report = load_in_time(vec![term("terms/a.yaml", &text)]);
    assert_eq!(report.errors(), 0, "{}", all_diagnostics(&report));
    assert_eq!(report.library.entries()[0].aliases.len(), 3);
}

#[test]
fn many_problems_in_one_file_are_located_in_linear_time() {
    // Thousands of missing names on one long non-ASCII line, and thousands of broken links:
    // locating each must not rescan the file.
    let count = 30_000;
    let names: Vec<String> = (0..count).map(|i| format!("né{i}")).collect();
    let links: String = (0..count).map(|i| format!("[[gone{i}]] ")).collect();
    let related = format!("related: [{}]", names.join(", "));
    let analysis = format!("  {links}");
    let text = yaml(&[
        "title: A",
        "level: beginner",
        "definition: d",
        &related,
        "analysis: |",
        &analysis,
    ]);
    assert!((text.len() as u64) < MAX_FILE_BYTES);
    let report = load_in_time(vec![term("terms/a.yaml", &text)]);
    assert_eq!(matching(&report, "related term").len(), count);
    assert_eq!(matching(&report, "does not name any entry").len(), 2 * count);
    let last = &names[count - 1];
    let column = format!("related: [{}, ", names[..count - 1].join(", ")).chars().count() + 1;
    assert_at(
        only(&report, &format!("`{last}`")),
        "terms/a.yaml",
        4,
        column,
        Severity::Error,
    );
    let link_column = links.len() - "[[gone29999]] ".len() + 3;
    assert_at(
        only(&report, "[[gone29999]]"),
        "terms/a.yaml",
        6,
        link_column,
        Severity::Error,
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 10_000;
    let cases = [
        ("terms/open.yaml", "[".repeat(depth)),
        (
            "terms/closed.yaml",
            format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        ),
        (
            "terms/field.yaml",
            format!(
                "title: {}{}\nlevel: beginner\ndefinition: d\n",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        ),
        (
            "terms/maps.yaml",
            format!("{}{}", "{a: ".repeat(depth), "}".repeat(depth)),
        ),
        ("terms/block.yaml", format!("{}x", "- ".repeat(depth))),
    ];
    let mut files: Vec<SourceFile> = cases.iter().map(|(path, text)| term(path, text)).collect();
    files.push(term("terms/a.yaml", &entry("a", "A", &[])));
    let report = load_in_time(files);
    for (path, _) in &cases {
        let errors: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| d.path == *path).collect();
        assert_eq!(errors.len(), 1, "{path}:\n{}", all_diagnostics(&report));
        assert_eq!(errors[0].severity, Severity::Error);
    }
    assert_eq!(report.skipped_files, cases.len());
    assert_eq!(ids(&report), ["a"]);
}

#[test]
fn one_bad_file_never_stops_the_rest() {
    let a = entry("a", "Alpha", &["related: [c]"]);
    let broken = yaml(&["title: B", "level: beginner", "definition: [unclosed"]);
    let c = entry("c", "Gamma", &["related: [a]"]);
    let report = load(vec![
        term("terms/a.yaml", &a),
        term("terms/b.yaml", &broken),
        term("terms/c.yaml", &c),
    ]);
    assert_eq!(ids(&report), ["a", "c"]);
    assert_eq!(report.skipped_files, 1);
    assert_eq!(report.errors(), 1, "{}", all_diagnostics(&report));
    assert!(
        report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .all(|d| d.path == "terms/b.yaml")
    );

    // Several problems in several files are all collected, not just the first.
    let bad_level = yaml(&["title: D", "level: expert", "definition: d"]);
    let typo = yaml(&["title: E", "level: beginner", "definiton: d"]);
    let report = load(vec![
        term("terms/a.yaml", &a),
        term("terms/b.yaml", &broken),
        term("terms/c.yaml", &c),
        term("terms/d.yaml", &bad_level),
        term("terms/e.yaml", &typo),
    ]);
    assert_eq!(ids(&report), ["a", "c"]);
    assert_eq!(report.skipped_files, 3);
    assert_eq!(report.errors(), 3, "{}", all_diagnostics(&report));
}

#[test]
fn file_that_cannot_be_read_is_reported_and_skipped() {
    let unreadable = SourceFile {
        path: "terms/locked.yaml".to_owned(),
        kind: FileKind::Term,
        contents: Contents::Bytes(Err("cannot read file: permission denied".to_owned())),
    };
    let report = load(vec![unreadable, term("terms/a.yaml", &entry("a", "A", &[]))]);
    let d = only(&report, "permission denied");
    assert_at(d, "terms/locked.yaml", 1, 1, Severity::Error);
    assert_eq!(report.skipped_files, 1);
    assert_eq!(ids(&report), ["a"]);
}

// ---------------------------------------------------------------------------------------
// Resolution

#[test]
fn links_resolve_ignoring_case_by_id_title_or_alias() {
    let target = entry(
        "two-factor-authentication",
        "Two-Factor Authentication",
        &["aliases: [2FA, Second Factor]", "related: [a]"],
    );
    let a = entry(
        "a",
        "Alpha",
        &[
            "related: [TWO-FACTOR-AUTHENTICATION, two-factor AUTHENTICATION, 2fa, second factor]",
            "analysis: |",
            "  [[Two-Factor-Authentication]], [[two-factor authentication]], [[2fa|x]] and [[SECOND FACTOR]].",
            "compare:",
            "  - with: 2Fa",
            "    points: [{aspect: x, this: y, that: z}]",
        ],
    );
    let path = yaml(&["title: P", "steps: [A, Two-Factor Authentication, 2FA, ALPHA]"]);
    let report = load(vec![
        term("terms/a.yaml", &a),
        term("terms/2fa.yaml", &target),
        journey("journeys/p.yaml", &path),
    ]);
    assert_eq!(report.errors(), 0, "{}", all_diagnostics(&report));
    let a = report.library.get("a").expect("a");
    assert_eq!(a.related, ["two-factor-authentication"], "resolved and deduplicated");
    assert_eq!(a.compared, ["two-factor-authentication"]);
    assert_eq!(
        report.library.body(a).expect("held").compare[0].with,
        "two-factor-authentication"
    );
    let steps = &report.library.journey("p").expect("p").steps;
    assert_eq!(
        *steps,
        ["a", "two-factor-authentication", "two-factor-authentication", "a"]
    );
    for name in [
        "TWO-FACTOR-AUTHENTICATION",
        "two-factor authentication",
        "2fa",
        " Second Factor ",
    ] {
        assert_eq!(
            report.library.resolve(name).map(|e| e.id.as_str()),
            Some("two-factor-authentication"),
            "{name}"
        );
    }
}

#[test]
fn resolution_prefers_id_then_title_then_alias() {
    // These names clash on purpose (each clash is reported), but links still resolve in a
    // fixed order: an id beats a title, and a title beats an alias.
    let by_id = entry("mfa", "Multi-Factor Authentication", &[]);
    let by_title = entry("mfa-fatigue", "MFA", &["aliases: [push bombing]"]);
    let by_alias = entry(
        "push-approval",
        "Push Approval",
        &["aliases: [Push Bombing Attack, mfa]"],
    );
    let title_twin = entry("push-bombing", "Push Bombing", &[]);
    let report = load(vec![
        term("terms/a.yaml", &by_id),
        term("terms/b.yaml", &by_title),
        term("terms/c.yaml", &by_alias),
        term("terms/d.yaml", &title_twin),
    ]);
    assert!(report.errors() > 0, "the clashes are reported");
    assert_eq!(report.library.entries().len(), 4, "{}", all_diagnostics(&report));
    let resolved = |name: &str| report.library.resolve(name).map(|e| e.id.clone());
    assert_eq!(resolved("MFA").as_deref(), Some("mfa"), "id before title and alias");
    assert_eq!(
        resolved("push bombing").as_deref(),
        Some("push-bombing"),
        "title before alias"
    );
    assert_eq!(resolved("Push Bombing Attack").as_deref(), Some("push-approval"));
}

// ---------------------------------------------------------------------------------------
// Sanitization

#[test]
fn control_and_bidi_characters_are_removed_as_text_is_loaded() {
    // YAML cannot hold raw C0/C1 controls, but double-quoted escapes produce them.
    let evil = r#""A\e]0;evil\a B\e[31mC\u202ED\u009B31mE\u2066F\u0007""#;
    let a = yaml(&[
        &format!("title: {evil}"),
        "level: beginner",
        &format!("aliases: [{evil}]"),
        &format!("tags: [{evil}]"),
        &format!("definition: {evil}"),
        "analysis: \"Red \\e[31mtext\\e[0m and a \\e]8;;http://evil\\e\\\\link\\e]8;;\\e\\\\ here\"",
        "faqs:",
        &format!("  - question: {evil}"),
        &format!("    answer: {evil}"),
        "misconceptions:",
        &format!("  - myth: {evil}"),
        &format!("    fact: {evil}"),
        &format!("    explanation: {evil}"),
        "sources:",
        &format!("  - title: {evil}"),
        "    url: \"https://example.com/\\e[2J\"",
        "compare:",
        "  - with: a",
        &format!("    points: [{{aspect: {evil}, this: {evil}, that: {evil}}}]"),
    ]);
    let path = yaml(&[&format!("title: {evil}"), &format!("description: {evil}"), "steps: [a]"]);
    let report = load(vec![term("terms/a.yaml", &a), journey("journeys/p.yaml", &path)]);
    let loaded = report.library.get("a").expect("loads");
    assert_eq!(loaded.title, "A BCDEF");
    assert_eq!(
        report.library.body(loaded).expect("held").analysis,
        "Red text and a link here"
    );

    let body = report.library.body(loaded).expect("held");
    let mut strings = Vec::new();
    collect_strings(&serde_json::to_value(loaded).expect("serializes"), &mut strings);
    collect_strings(&serde_json::to_value(&*body).expect("serializes"), &mut strings);
    let path = report.library.journey("p").expect("journey loads");
    strings.extend([path.title.clone(), path.description.clone()]);
    assert!(strings.len() > 15, "{strings:?}");
    for text in &strings {
        assert!(!text.chars().any(is_unsafe_char), "unsafe character left in {text:?}");
    }
    // What `lexicon check` prints is clean too.
    for d in &report.diagnostics {
        assert!(!d.to_string().chars().any(is_unsafe_char), "{d:?}");
    }
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => out.push(text.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_strings(item, out)),
        serde_json::Value::Object(map) => map.values().for_each(|item| collect_strings(item, out)),
        _ => {}
    }
}

#[test]
fn diagnostics_quoting_content_are_sanitized() {
    let text = yaml(&[
        "id: \"Bad\\e]0;x\\aId\"",
        "title: \"\\e[31mA\"",
        "level: \"expert\\e[2J\"",
        "definition: d",
        "verified: \"2026\\u202E-01-01x\"",
    ]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    assert!(report.errors() >= 3, "{}", all_diagnostics(&report));
    for d in &report.diagnostics {
        assert!(!d.to_string().chars().any(is_unsafe_char), "{d:?}");
    }
}

#[test]
fn file_names_with_control_characters_do_not_reach_diagnostics() {
    let text = yaml(&["title: A", "level: beginner", "definition: d"]);
    let report = load(vec![term("terms/x\u{1b}]0;pwned\u{7}\u{202e}.yaml", &text)]);
    assert!(report.errors() >= 1, "{}", all_diagnostics(&report));
    for d in &report.diagnostics {
        assert!(!d.to_string().chars().any(is_unsafe_char), "{d:?}");
    }
    // The name is not silently cleaned into the valid id `x`: it is refused, and shown with
    // its control characters escaped so the file can still be found.
    let d = only(&report, "invalid file name");
    assert_eq!(d.path, "terms/x\\u{1b}]0;pwned\\u{7}\\u{202e}.yaml");
    assert!(d.message.contains("`x\\u{1b}]0;pwned\\u{7}\\u{202e}`"), "{d}");
    assert!(report.library.entries().is_empty());
}

// ---------------------------------------------------------------------------------------
// read_folder

#[test]
fn read_folder_lists_terms_and_journeys_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("terms")).expect("terms/");
    std::fs::create_dir_all(root.join("journeys")).expect("journeys/");
    std::fs::write(root.join("terms/b.yaml"), entry("b", "Beta", &["related: [a]"])).expect("write");
    std::fs::write(root.join("terms/a.yml"), entry("a", "Alpha", &["related: [b]"])).expect("write");
    std::fs::write(root.join("terms/notes.txt"), "not content").expect("write");
    std::fs::write(root.join("journeys/p.yaml"), yaml(&["title: P", "steps: [a, b]"])).expect("write");

    let files = read_folder(root).expect("reads");
    let names: Vec<(String, FileKind)> = files
        .iter()
        .map(|f| {
            let path = Path::new(&f.path);
            (
                path.strip_prefix(root)
                    .expect("inside the folder")
                    .display()
                    .to_string(),
                f.kind,
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("terms/a.yml".to_owned(), FileKind::Term),
            ("terms/b.yaml".to_owned(), FileKind::Term),
            ("journeys/p.yaml".to_owned(), FileKind::Journey),
        ]
    );
    let report = load(files);
    assert_eq!(report.errors(), 0, "{}", all_diagnostics(&report));
    assert_eq!(ids(&report), ["a", "b"]);
    assert_eq!(report.library.journeys().len(), 1);
}

#[test]
fn read_folder_without_terms_names_the_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let error = read_folder(dir.path()).expect_err("no terms/ folder");
    assert!(error.to_string().contains(&dir.path().display().to_string()), "{error}");
    let missing = dir.path().join("does-not-exist");
    let error = read_folder(&missing).expect_err("no folder at all");
    assert!(error.to_string().contains(&missing.display().to_string()), "{error}");
}

// ---------------------------------------------------------------------------------------
// Lesson bodies left on disk

/// Two entries in a folder: `a` has an analysis, a question and a comparison with `b` by
/// its title; `b` only names `a` as related.
fn two_term_folder() -> tempfile::TempDir {
    let a = entry(
        "a",
        "Alpha",
        &[
            "analysis: Alpha is unlike [[Beta]].",
            "faqs:",
            "  - question: Why?",
            "    answer: Because.",
            "related: [b]",
            "compare:",
            "  - with: Beta",
            "    points:",
            "      - {aspect: speed, this: fast, that: slow}",
        ],
    );
    let b = entry("b", "Beta", &["related: [a]"]);
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("terms")).expect("terms/");
    std::fs::write(dir.path().join("terms/a.yaml"), a).expect("write");
    std::fs::write(dir.path().join("terms/b.yaml"), b).expect("write");
    dir
}

#[test]
fn a_folder_leaves_lesson_bodies_on_disk_and_reads_them_back_as_loaded() {
    let dir = two_term_folder();
    let from_folder = load(read_folder(dir.path()).expect("reads"));
    assert_eq!(from_folder.errors(), 0, "{}", all_diagnostics(&from_folder));
    let a = from_folder.library.get("a").expect("a");
    assert!(a.held_body().is_none(), "a folder's bodies are not kept in memory");
    assert_eq!(a.compared, ["b"]);

    // The same files given as bytes keep their bodies: what is read back is the same.
    let text = |name: &str| std::fs::read_to_string(dir.path().join("terms").join(name)).expect("read");
    let in_memory = load(vec![
        term("terms/a.yaml", &text("a.yaml")),
        term("terms/b.yaml", &text("b.yaml")),
    ]);
    let held = in_memory.library.get("a").and_then(|a| a.held_body()).expect("held");
    let read_back = from_folder.library.body(a).expect("the file is unchanged");
    assert_eq!(*read_back, *held);
    assert_eq!(read_back.analysis, "Alpha is unlike [[Beta]].");
    assert_eq!(read_back.faqs.len(), 1);
    assert_eq!(
        read_back.compare[0].with, "b",
        "the comparison is resolved to an id again"
    );

    // The lesson page and the comparison come from the file.
    let page = lesson::plain_text(a, &from_folder.library, 80);
    assert!(page.contains("Because.") && page.contains("speed"), "{page}");
    let b = from_folder.library.get("b").expect("b");
    let side_by_side = lexicon::compare::between(&from_folder.library, b, a)
        .expect("readable")
        .expect("a compares itself with b");
    assert_eq!(
        side_by_side.rows,
        [("speed".to_owned(), "slow".to_owned(), "fast".to_owned())]
    );
    // The wiki link in a's analysis counts as a link to b, though the body is not held.
    assert_eq!(
        from_folder
            .library
            .linked_from("b")
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        ["a"]
    );
}

/// An edit to a lesson's text (here its analysis) used to be refused until a restart, and an
/// edit that kept the size and modification time was not seen at all. The body is read and
/// checked again each time it is needed, so the edit shows; only an edit to what the lists,
/// links and search were built from (the title here) waits for a restart, and says so.
#[test]
fn a_lesson_whose_text_changed_since_loading_shows_the_new_text() {
    let dir = two_term_folder();
    let report = load(read_folder(dir.path()).expect("reads"));
    let library = &report.library;
    let a = library.get("a").expect("a");
    let path = dir.path().join("terms/a.yaml");
    let original = std::fs::read_to_string(&path).expect("read");
    let mtime = std::fs::metadata(&path)
        .and_then(|meta| meta.modified())
        .expect("mtime");

    // The analysis edited, at the same size and with the old modification time put back.
    std::fs::write(&path, original.replace("unlike", "ulnike")).expect("write");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|file| file.set_modified(mtime))
        .expect("set mtime");
    let page = lesson::plain_text(a, library, 80);
    assert!(
        page.contains("ulnike") && !page.contains("unlike"),
        "the new text:\n{page}"
    );

    // The title edited: lists and links still show the old one, so the page says to restart.
    std::fs::write(&path, original.replace("title: Alpha", "title: Alphabet")).expect("write");
    let error = library.body(a).expect_err("the title changed");
    assert!(matches!(error, BodyError::Changed { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains(&path.display().to_string()) && message.contains("restart"),
        "{message}"
    );
    let page = lesson::plain_text(a, library, 80);
    assert!(
        page.contains("A short definition."),
        "the definition still shows:\n{page}"
    );
    assert!(page.contains("could not be read"), "{page}");
    assert!(
        !page.contains("unlike [[Beta]]") && !page.contains("Because."),
        "{page}"
    );

    // Gone.
    std::fs::remove_file(&path).expect("remove");
    let error = library.body(a).expect_err("the file is gone");
    assert!(matches!(error, BodyError::Unreadable { .. }), "{error:?}");
    assert!(error.to_string().contains(&path.display().to_string()), "{error}");
    // The other lesson is untouched.
    assert!(library.body(library.get("b").expect("b")).is_ok());
}

// ---------------------------------------------------------------------------------------
// `lexicon check`

fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .arg("check")
        .args(args)
        .env_remove("LEXICON_CONTENT")
        .env_remove("LEXICON_DATA_DIR")
        .output()
        .expect("the binary runs")
}

fn content_dir(terms: &[(&str, String)], journeys: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (folder, files) in [("terms", terms), ("journeys", journeys)] {
        std::fs::create_dir_all(dir.path().join(folder)).expect("folder");
        for (name, text) in files {
            std::fs::write(dir.path().join(folder).join(name), text).expect("write");
        }
    }
    dir
}

/// A `path:line:col: severity: message` line, taken apart.
#[derive(Debug)]
struct Printed {
    path: String,
    line: usize,
    column: usize,
    severity: String,
    message: String,
}

fn parse_diagnostic(line: &str) -> Option<Printed> {
    let (location, severity, message) = [": error: ", ": warning: "].iter().find_map(|marker| {
        line.split_once(marker)
            .map(|(location, message)| (location, marker.trim_matches([':', ' ']), message))
    })?;
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line_number = parts.next()?.parse().ok()?;
    let path = parts.next()?;
    Some(Printed {
        path: path.to_owned(),
        line: line_number,
        column,
        severity: severity.to_owned(),
        message: message.to_owned(),
    })
}

#[test]
fn check_prints_compiler_style_errors_and_exits_1() {
    let dir = content_dir(
        &[
            ("a.yaml", entry("a", "Alpha", &["related: [b]"])),
            ("b.yaml", entry("b", "Beta", &["related: [a, nowhere]"])),
            ("c.yaml", yaml(&["title: C", "definition: d", "level: expert"])),
        ],
        &[("p.yaml", yaml(&["title: P", "steps: [a, b]"]))],
    );
    let output = check(&["--content", dir.path().to_str().expect("UTF-8 path")]);
    let stdout = String::from_utf8(output.stdout.clone()).expect("UTF-8");
    assert_eq!(output.status.code(), Some(1), "stdout:\n{stdout}");

    let lines: Vec<&str> = stdout.lines().collect();
    let (summary, body) = lines.split_last().expect("some output");
    let printed: Vec<Printed> = body
        .iter()
        .map(|line| parse_diagnostic(line).unwrap_or_else(|| panic!("not a diagnostic line: {line:?}")))
        .collect();
    let terms = dir.path().join("terms");
    let find = |needle: &str| {
        printed
            .iter()
            .find(|p| p.message.contains(needle))
            .unwrap_or_else(|| panic!("no {needle:?} in:\n{stdout}"))
    };
    let related = find("`nowhere`");
    assert_eq!(
        (
            related.path.as_str(),
            related.line,
            related.column,
            related.severity.as_str()
        ),
        (terms.join("b.yaml").to_str().expect("UTF-8"), 9, 14, "error")
    );
    let level = find("invalid level");
    assert_eq!(
        (level.path.as_str(), level.line, level.column, level.severity.as_str()),
        (terms.join("c.yaml").to_str().expect("UTF-8"), 3, 1, "error")
    );
    let errors = printed.iter().filter(|p| p.severity == "error").count();
    let warnings = printed.iter().filter(|p| p.severity == "warning").count();
    assert_eq!(errors, 2, "{stdout}");
    assert!(
        summary.contains("2 entries")
            && summary.contains("1 journey")
            && summary.contains("2 errors")
            && summary.contains(&format!("{warnings} warning")),
        "summary: {summary:?}"
    );
}

#[test]
fn check_exits_0_with_only_warnings() {
    let dir = content_dir(
        &[
            ("a.yaml", entry("a", "Alpha", &["related: [b]"])),
            ("b.yaml", entry("b", "Beta", &["analysis: See [[a]]."])),
            ("c.yaml", yaml(&["title: C", "level: beginner", "definition: d"])),
        ],
        &[],
    );
    let output = check(&["--content", dir.path().to_str().expect("UTF-8 path")]);
    let stdout = String::from_utf8(output.stdout.clone()).expect("UTF-8");
    assert_eq!(output.status.code(), Some(0), "stdout:\n{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    let (summary, body) = lines.split_last().expect("some output");
    assert!(!body.is_empty(), "warnings are printed");
    for line in body {
        let printed = parse_diagnostic(line).unwrap_or_else(|| panic!("not a diagnostic line: {line:?}"));
        assert_eq!(printed.severity, "warning", "{line}");
        assert!(printed.path.starts_with(dir.path().to_str().expect("UTF-8")), "{line}");
        assert!(printed.line >= 1 && printed.column >= 1, "{line}");
    }
    let one_way = body
        .iter()
        .find(|line| line.contains("one-way"))
        .expect("one-way warning");
    let terms = dir.path().join("terms");
    assert!(
        one_way.starts_with(&format!("{}:9:11: warning: ", terms.join("a.yaml").display())),
        "{one_way}"
    );
    assert!(
        summary.contains("3 entries") && summary.contains("0 errors"),
        "summary: {summary:?}"
    );
}

#[test]
fn check_reads_lexicon_content_from_the_environment() {
    let dir = content_dir(
        &[("a.yaml", yaml(&["title: A", "level: expert", "definition: d"]))],
        &[],
    );
    let output = Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .arg("check")
        .env("LEXICON_CONTENT", dir.path())
        .env_remove("LEXICON_DATA_DIR")
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("a.yaml:2:1: error: invalid level `expert`"), "{stdout}");
}

#[test]
fn check_on_a_missing_folder_fails_naming_the_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no-such-content");
    let output = check(&["--content", missing.to_str().expect("UTF-8 path")]);
    assert!(!output.status.success());
    assert_ne!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(missing.to_str().expect("UTF-8")), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");

    // A folder that exists but holds no terms/ is refused the same way.
    let output = check(&["--content", dir.path().to_str().expect("UTF-8 path")]);
    assert_ne!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("terms"), "stderr: {stderr}");
}

#[test]
fn a_misconception_citing_a_source_the_entry_lacks_is_an_error_at_its_line() {
    let text = yaml(&[
        "title: Cited",
        "level: beginner",
        "definition: A short definition.",
        "misconceptions:",
        "  - myth: A myth.",
        "    fact: A fact.",
        "    explanation: Why.",
        "    source: NIST SP 800-63B-4",
        "  - myth: Another myth.",
        "    fact: Another fact.",
        "    explanation: Why.",
        "    source: RFC 9999",
        "sources:",
        "  - title: NIST SP 800-63B-4",
        "    url: https://pages.nist.gov/800-63-4/sp800-63b.html",
    ]);
    let report = load(vec![term("terms/cited.yaml", &text)]);
    let wrong = only(&report, "cites `RFC 9999`");
    assert_at(wrong, "terms/cited.yaml", 12, 13, Severity::Error);
    // The first cites its source by title, ignoring case, and is not reported.
    none_matching(&report, "cites `NIST");
    // A wrong citation does not cost the lesson: it still loads, with its source kept.
    let entry = report.library.get("cited").expect("the entry still loads");
    let body = entry.held_body().expect("bytes keep their body");
    assert_eq!(body.misconceptions[0].source.as_deref(), Some("NIST SP 800-63B-4"));
}

#[test]
fn a_misconception_that_cites_nothing_is_a_warning_at_its_myth() {
    let text = yaml(&[
        "title: Uncited",
        "level: beginner",
        "definition: A short definition.",
        "misconceptions:",
        "  - myth: A myth.",
        "    fact: A fact.",
        "    explanation: Why.",
        "    source: RFC 4226",
        "  - myth: Another myth.",
        "    fact: Another fact.",
        "    explanation: Why.",
        "sources:",
        "  - title: RFC 4226",
        "    url: https://www.rfc-editor.org/rfc/rfc4226",
    ]);
    let report = load(vec![term("terms/uncited.yaml", &text)]);
    let warning = only(&report, "misconception 2 cites no source");
    assert_at(warning, "terms/uncited.yaml", 9, 11, Severity::Warning);
    none_matching(&report, "misconception 1 cites no source");
    assert!(report.library.get("uncited").is_some(), "the entry loads");
}

/// Content comes from strangers: a source address the reader would refuse to open (not
/// http or https) is a warning at the address, and the lesson still loads.
#[test]
fn a_source_url_that_is_not_a_web_address_is_a_warning_at_it() {
    let text = yaml(&[
        "title: Odd Source",
        "level: beginner",
        "definition: A short definition.",
        "sources:",
        "  - title: Web",
        "    url: https://www.rfc-editor.org/rfc/rfc4226",
        "  - title: Local",
        "    url: file:///etc/passwd",
    ]);
    let report = load(vec![term("terms/odd-source.yaml", &text)]);
    let warning = only(&report, "is not an http or https address");
    assert_at(warning, "terms/odd-source.yaml", 8, 10, Severity::Warning);
    assert!(warning.message.contains("file:///etc/passwd"), "{}", warning.message);
    assert!(report.library.get("odd-source").is_some(), "the entry loads");
}

/// An alias or related item that is nothing but an escape sequence was accepted, empty, and
/// then resolved to an arbitrary entry. It is an error at its key now, and dropped.
#[test]
fn a_name_that_sanitizes_to_nothing_is_an_error_at_its_key() {
    let text = yaml(&[
        "title: Hollow",
        "level: beginner",
        "definition: A short definition.",
        "aliases: [\"\\u001b]0;title\\u0007\"]",
        "tags: [ok]",
        "related: [\"\\u001b[31m\"]",
    ]);
    let report = load(vec![term("terms/hollow.yaml", &text)]);
    let alias = only(&report, "an item of aliases is empty");
    assert_at(alias, "terms/hollow.yaml", 4, 1, Severity::Error);
    let related = only(&report, "an item of related is empty");
    assert_at(related, "terms/hollow.yaml", 6, 1, Severity::Error);
    let entry = report.library.get("hollow").expect("the entry still loads");
    assert!(entry.aliases.is_empty() && entry.related.is_empty());
    assert_eq!(report.library.resolve("").map(|entry| entry.id.as_str()), None);
}

/// A file refused for its fields is read again for all of them, but a file with the same
/// mistake thousands of times gets the first few and a count, not thousands of lines (each
/// is placed by a scan of the file).
#[test]
fn every_problem_of_a_file_is_reported_up_to_a_bound() {
    let mut lines = vec![
        "title: A".to_owned(),
        "level: beginner".to_owned(),
        "definition: d".to_owned(),
    ];
    lines.push("faqs:".to_owned());
    for index in 0..5000 {
        lines.push(format!("  - question: q{index}"));
        lines.push(format!("    answr{index}: a"));
    }
    let report = load(vec![term("terms/a.yaml", &lines.join("\n"))]);
    let errors: Vec<&Diagnostic> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 51, "{}", all_diagnostics(&report));
    assert_at(errors[0], "terms/a.yaml", 6, 5, Severity::Error);
    assert!(
        errors[0].message.starts_with("faqs[0]: unknown field `answr0`"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].message.starts_with("faqs[1]: unknown field `answr1`"),
        "{}",
        errors[1]
    );
    assert_at(errors[1], "terms/a.yaml", 8, 5, Severity::Error);
    assert!(
        errors[50].message.contains("more problems of these kinds"),
        "{}",
        errors[50]
    );
    assert_eq!(report.skipped_files, 1);
}

/// serde_yaml reads any scalar where text goes (`title: 2024`); the walk that finds every
/// problem of a file does too, so it reports only what serde refused, and the scalar is
/// checked as the text it is.
#[test]
fn the_walk_for_every_problem_takes_a_number_where_text_goes_as_serde_does() {
    let text = yaml(&[
        "title: 2024",
        "level: beginner",
        "definition:",
        "tags: [1, true]",
        "sourcez: x",
    ]);
    let report = load(vec![term("terms/a.yaml", &text)]);
    let messages: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "terms/a.yaml:3:1: error: definition is empty",
            "terms/a.yaml:5:1: error: unknown field `sourcez`; did you mean `sources`?",
            "terms/a.yaml:5:1: error: `sourcez` should be a list, not text",
        ]
    );
}
