//! The command line, run as a user would: the real binary, its stdout and exit code.

use lexicon::quiz::{AnswerRecord, Confidence, Verdict};
use std::process::{Command, Output};

fn lexicon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args(args)
        .env_remove("LEXICON_CONTENT")
        .env_remove("LEXICON_DATA_DIR")
        .output()
        .expect("the binary runs")
}

/// A content folder with one term file for each `(id, title, level, more YAML)`.
fn content_folder(terms: &[(&str, &str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("terms");
    std::fs::create_dir_all(&folder).expect("terms/");
    for (id, title, level, more) in terms {
        let yaml = format!("id: {id}\ntitle: {title}\nlevel: {level}\ndefinition: What {title} is.\n{more}");
        std::fs::write(folder.join(format!("{id}.yaml")), yaml).expect("write");
    }
    dir
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn list_prints_id_tab_title() {
    let output = lexicon(&["list"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.lines().count() >= 40);
    assert!(text.lines().any(|line| line == "backup-codes\tBackup Codes"), "{text}");
}

#[test]
fn search_ranks_the_best_match_first_and_respects_the_limit() {
    let output = lexicon(&["search", "backup", "--limit", "3"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert_eq!(text.lines().next(), Some("backup-codes\tBackup Codes"));
    assert_eq!(text.lines().count(), 3);
    let output = lexicon(&["search", "2fa"]);
    assert_eq!(
        stdout(&output).lines().next(),
        Some("two-factor-authentication\tTwo-Factor Authentication")
    );
}

#[test]
fn show_text_is_plain_and_has_every_section() {
    let output = lexicon(&["show", "backup"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(!text.contains('\u{1b}'), "no escape codes in text output");
    for section in [
        "Definition",
        "Analysis",
        "Frequent questions",
        "Misconceptions",
        "Related terms",
        "Compare",
        "Sources",
    ] {
        assert!(text.contains(section), "missing {section}");
    }
    assert!(
        text.lines()
            .all(|line| line.chars().count() <= 80 || (line.split_whitespace().count() == 1 && line.contains("://"))),
        "wrapped at 80 columns, but for whole web addresses"
    );
}

#[test]
fn show_json_uses_the_yaml_field_names_with_links_resolved_to_ids() {
    let output = lexicon(&["show", "Backup Codes", "--format", "json"]);
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["id"], "backup-codes");
    assert_eq!(json["level"], "beginner");
    assert!(
        json["related"]
            .as_array()
            .is_some_and(|r| r.iter().any(|id| id == "two-factor-authentication"))
    );
    assert!(json["misconceptions"][0]["myth"].is_string());
    assert!(json["compare"][0]["with"] == "recovery-phrase");
    // Every wiki link in the analysis names an id.
    let analysis = json["analysis"].as_str().expect("analysis");
    for link in analysis.split("[[").skip(1) {
        let target = link.split([']', '|']).next().unwrap_or_default();
        assert!(
            target
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{target}"
        );
    }
}

/// A wiki link in inline code or a code block is text, as the reader shows it: only real
/// links are resolved to ids.
#[test]
fn show_json_leaves_wiki_links_in_code_as_written() {
    let dir = content_folder(&[
        (
            "alpha",
            "Alpha",
            "beginner",
            "analysis: |\n  Type `[[Beta]]` to link, as in [[Beta]].\n\n  ```\n  [[Beta]]\n  ```\n",
        ),
        ("beta", "Beta", "beginner", "analysis: |\n  Plain.\n"),
    ]);
    let content = dir.path().to_str().expect("UTF-8 path");
    let output = lexicon(&["show", "alpha", "--format", "json", "--content", content, "--no-cache"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(
        json["analysis"],
        "Type `[[Beta]]` to link, as in [[beta|Beta]].\n\n```\n[[Beta]]\n```\n"
    );
}

#[test]
fn show_markdown_has_headings_and_a_compare_table() {
    let text = stdout(&lexicon(&["show", "totp", "--format", "markdown"]));
    assert!(text.starts_with("# TOTP\n"));
    assert!(text.contains("## Frequent questions"));
    assert!(text.contains("| Aspect | TOTP | HOTP |"));
}

/// Markdown output is standard Markdown: a wiki link becomes a link to the lesson's `id.md`,
/// showing its label or the lesson's title, or plain text when it names no lesson; text in
/// code keeps its brackets.
#[test]
fn show_markdown_writes_standard_links_and_leaves_code_alone() {
    let dir = content_folder(&[
        (
            "alpha",
            "Alpha",
            "beginner",
            "related: [beta]\nanalysis: |\n  Type `[[Beta]]` to link, as in [[beta]], [[Beta|the second]] or \
             [[Gone]].\n\n  ```\n  [[Beta]]\n  ```\n",
        ),
        ("beta", "Beta", "beginner", ""),
    ]);
    let content = dir.path().to_str().expect("UTF-8 path");
    let output = lexicon(&[
        "show",
        "alpha",
        "--format",
        "markdown",
        "--content",
        content,
        "--no-cache",
    ]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    assert!(
        text.contains(
            "Type `[[Beta]]` to link, as in [Beta](beta.md), [the second](beta.md) or Gone.\n\n```\n[[Beta]]\n```\n"
        ),
        "{text}"
    );
    assert!(text.contains("## Related terms\n\n- [Beta](beta.md)\n"), "{text}");
    // Outside the code, no wiki link is left, in any bundled lesson's page either.
    assert_eq!(text.matches("[[").count(), 2, "{text}");
    let bundled = stdout(&lexicon(&["show", "backup-codes", "--format", "markdown"]));
    assert!(!bundled.contains("[["), "{bundled}");
}

#[test]
fn compare_prints_a_table_from_either_side() {
    let output = lexicon(&["compare", "hotp", "totp", "--width", "80"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.starts_with("HOTP vs TOTP"));
    assert!(text.contains("Aspect"));
    assert!(
        text.lines()
            .all(|line| unicode_width::UnicodeWidthStr::width(line) <= 80)
    );
    // A definition's Markdown reads as plain text beside the other's: Authorization's
    // `[[authentication]]` shows its words, not its brackets.
    let text = stdout(&lexicon(&[
        "compare",
        "authentication",
        "authorization",
        "--width",
        "200",
    ]));
    assert!(text.contains("once authentication has established"), "{text}");
    assert!(!text.contains("[["), "{text}");
    let output = lexicon(&["compare", "hotp", "phishing"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("HOTP is compared with: TOTP"));
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let output = lexicon(&["completions", shell]);
        assert!(output.status.success(), "{shell}");
        let text = stdout(&output);
        assert!(text.contains("lexicon") && text.contains("compare"), "{shell}: {text}");
    }
}

#[test]
fn usage_errors_exit_2_and_unknown_terms_exit_1() {
    assert_eq!(lexicon(&["no-such-command"]).status.code(), Some(2));
    let output = lexicon(&["show", "zzzzqqqq"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("zzzzqqqq"));
}

/// A data folder whose store holds one answer for each `(statement key, answer, percent
/// sure, right, attempt)`, a minute apart on one day.
fn data_with(answers: &[(&str, Verdict, u8, bool, u32)]) -> tempfile::TempDir {
    use chrono::{TimeZone, Utc};
    let data = tempfile::tempdir().expect("tempdir");
    let mut store = lexicon::store::Store::open(data.path().join(lexicon::store::FILE_NAME))
        .expect("a store")
        .into_store()
        .expect("a writable store");
    for (minute, &(key, answer, percent, correct, attempt)) in (0..).zip(answers) {
        let record = AnswerRecord {
            answered_at: Utc.with_ymd_and_hms(2026, 3, 2, 9, minute, 0).unwrap(),
            key: key.parse().expect("a key"),
            answer,
            confidence: Confidence::from_percent(percent).expect("a level"),
            correct,
            attempt,
            session: Some("test".to_owned()),
        };
        store.record_answer(&record).expect("recorded");
    }
    data
}

/// Figures in `stats --format json` are rounded for reading: a Brier score of 0.94 / 3 is
/// 0.3133, not 0.31333333333333335. Only p-values keep more (4 significant digits).
#[test]
fn stats_json_rounds_its_figures() {
    // Wrong at 90%, right at 80% and at 70%: (0.81 + 0.04 + 0.09) / 3.
    let data = data_with(&[
        ("totp#0/myth", Verdict::Fact, 90, false, 1),
        ("totp#1/fact", Verdict::Fact, 80, true, 1),
        ("hotp#0/myth", Verdict::Myth, 70, true, 1),
    ]);
    let data_dir = data.path().to_str().expect("UTF-8 path");
    let output = lexicon(&["--data-dir", data_dir, "stats", "--format", "json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(json["first_attempts"]["brier"], 0.3133);
    // Every other figure has at most 4 decimals too.
    fn figures<'a>(value: &'a serde_json::Value, key: &'a str, out: &mut Vec<(&'a str, f64)>) {
        match value {
            serde_json::Value::Number(number) => {
                out.extend(number.as_f64().filter(|_| number.is_f64()).map(|x| (key, x)))
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| figures(item, key, out)),
            serde_json::Value::Object(fields) => fields.iter().for_each(|(key, field)| figures(field, key, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    figures(&json, "", &mut found);
    assert!(found.len() >= 10, "{found:?}");
    for (key, figure) in found.into_iter().filter(|(key, _)| *key != "p_value") {
        let decimals = figure.to_string().split('.').nth(1).map_or(0, str::len);
        assert!(decimals <= 4, "{key}: {figure}");
    }
}

/// The `id<TAB>title` lines of a text listing, as pairs.
fn names(output: &Output) -> Vec<(String, String)> {
    stdout(output)
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(id, title)| (id.to_owned(), title.to_owned()))
        .collect()
}

/// The `{"id", "title"}` objects of a JSON listing, as pairs; each object has just those two.
fn json_names(output: &Output) -> Vec<(String, String)> {
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    json.as_array()
        .expect("an array")
        .iter()
        .map(|item| {
            assert_eq!(item.as_object().map(serde_json::Map::len), Some(2), "{item}");
            let field = |name: &str| item[name].as_str().expect("a string").to_owned();
            (field("id"), field("title"))
        })
        .collect()
}

#[test]
fn list_and_search_as_json_give_the_same_terms_in_the_same_order() {
    let text = lexicon(&["list"]);
    let json = lexicon(&["list", "--format", "json"]);
    assert!(json.status.success());
    assert_eq!(json_names(&json), names(&text));
    let text = lexicon(&["search", "key", "--limit", "5"]);
    let json = lexicon(&["search", "key", "--limit", "5", "--format", "json"]);
    assert!(json.status.success());
    let found = json_names(&json);
    assert_eq!(found.len(), 5);
    assert_eq!(found, names(&text), "rank order");
    let json = lexicon(&["search", "backup", "--format", "json"]);
    assert_eq!(
        json_names(&json).first(),
        Some(&("backup-codes".to_owned(), "Backup Codes".to_owned()))
    );
}

#[test]
fn list_filters_by_level_and_tag_together() {
    let dir = content_folder(&[
        ("alpha", "Alpha", "beginner", "tags: [mfa, codes]\n"),
        ("beta", "Beta", "advanced", "tags: [MFA]\n"),
        ("gamma", "Gamma", "advanced", "tags: [wallets]\n"),
    ]);
    let content = dir.path().to_str().expect("UTF-8 path");
    let list = |filters: &[&str]| {
        let output = lexicon(&[&["list", "--content", content, "--no-cache"], filters].concat());
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        names(&output).into_iter().map(|(id, _)| id).collect::<Vec<_>>()
    };
    assert_eq!(list(&[]), ["alpha", "beta", "gamma"]);
    assert_eq!(list(&["--level", "advanced"]), ["beta", "gamma"]);
    assert_eq!(list(&["--tag", "mfa"]), ["alpha", "beta"], "tags match in any case");
    assert_eq!(list(&["--level", "advanced", "--tag", "mfa"]), ["beta"]);
    assert_eq!(lexicon(&["list", "--level", "expert"]).status.code(), Some(2));

    // Filters that list nothing fail, as a search without a match does, and say why: a tag no
    // lesson has (a typo, most likely) with the tags there are, or none at the level asked.
    let nothing = |filters: &[&str]| {
        let output = lexicon(&[&["list", "--content", content, "--no-cache"], filters].concat());
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        assert!(output.stdout.is_empty(), "{output:?}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    assert_eq!(
        nothing(&["--tag", "wallet"]),
        "lexicon: no lesson has the tag `wallet`; the tags are: codes, mfa, wallets\n"
    );
    assert_eq!(
        nothing(&["--level", "beginner", "--tag", "wallets"]),
        "lexicon: no beginner lesson has the tag `wallets`\n"
    );
}

/// As with grep: no match is exit 1 with nothing printed, a bad command line exit 2.
#[test]
fn search_without_a_match_exits_1_and_prints_nothing() {
    let output = lexicon(&["search", "zzzzqqqq"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    // JSON stays JSON: an empty array.
    let output = lexicon(&["search", "zzzzqqqq", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(json_names(&output).is_empty());
    // A folder is searched through its cache, and ends the same way.
    let dir = content_folder(&[("alpha", "Alpha", "beginner", "")]);
    let cache = tempfile::tempdir().expect("tempdir");
    let (content, cache) = (
        dir.path().to_str().expect("UTF-8 path"),
        cache.path().to_str().expect("UTF-8 path"),
    );
    let folder = |query: &str| lexicon(&["search", query, "--content", content, "--cache-dir", cache]);
    let output = folder("zzzzqqqq");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    assert_eq!(stdout(&folder("alpha")), "alpha\tAlpha\n");
    assert_eq!(lexicon(&["search"]).status.code(), Some(2));
    assert_eq!(lexicon(&["search", "backup", "--limit", "some"]).status.code(), Some(2));
}

/// One of a thing is "1 answer", not "1 answers", in the counts `stats` writes itself.
#[test]
fn stats_text_says_one_answer_not_one_answers() {
    let data = data_with(&[
        ("totp#0/myth", Verdict::Myth, 80, true, 1),
        ("totp#0/myth", Verdict::Myth, 90, true, 2),
    ]);
    let data_dir = data.path().to_str().expect("UTF-8 path");
    let output = lexicon(&["--data-dir", data_dir, "stats"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    assert!(text.contains("Answered: 2 (1 first attempt, 1 repeat)\n"), "{text}");
    assert!(text.contains("Repeats:  1 answer, 1 right,"), "{text}");
    assert!(text.contains("    1 answer   bias"), "{text}");
}

#[test]
fn check_counts_one_entry_as_one_entry() {
    let dir = content_folder(&[("alpha", "Alpha", "beginner", "")]);
    let content = dir.path().to_str().expect("UTF-8 path");
    let output = lexicon(&["check", "--content", content, "--no-cache"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        stdout(&output).ends_with("1 entry, 0 journeys: 0 errors, 1 warning\n"),
        "{}",
        stdout(&output)
    );
}

/// An option set through the environment is not shown as if it were required: with
/// `LEXICON_DATA_DIR` and `LEXICON_CONTENT` set, a missing term gives the usage of what was
/// typed, still with exit 2.
#[test]
fn usage_errors_do_not_show_options_from_the_environment() {
    let output = Command::new(env!("CARGO_BIN_EXE_lexicon"))
        .args(["show"])
        .env("LEXICON_DATA_DIR", "/nonexistent/data")
        .env("LEXICON_CONTENT", "/nonexistent/content")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Usage: lexicon show <TERM>\n"), "{stderr}");
    assert!(
        !stderr.contains("--data-dir") && !stderr.contains("--content"),
        "{stderr}"
    );
}

/// `show` wraps at `--width` (80 in a pipe, as here) and never cuts a web address: one
/// longer than a line is printed whole on a line of its own. `compare` follows the same rule.
#[test]
fn show_wraps_at_the_width_and_never_cuts_a_web_address() {
    let library = lexicon::content::load_bundled().library;
    let entry = library.get("backup-codes").expect("Backup Codes");
    let urls: Vec<String> = library
        .body(entry)
        .expect("bundled")
        .sources
        .iter()
        .filter_map(|source| source.url.clone())
        .collect();
    assert!(
        urls.iter().any(|url| url.chars().count() > 40),
        "a long address to test with"
    );
    for (args, width) in [
        (&["show", "backup-codes"][..], 80),
        (&["show", "backup-codes", "--width", "40"][..], 40),
    ] {
        let output = lexicon(args);
        assert!(output.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&output.stdout);
        for url in &urls {
            assert!(text.contains(url.as_str()), "{args:?}: {url} is whole:\n{text}");
        }
        for line in text.lines() {
            let columns = unicode_width::UnicodeWidthStr::width(line);
            let a_whole_address = line.split_whitespace().count() == 1 && line.contains("://");
            assert!(
                columns <= width || a_whole_address,
                "{args:?}: {line:?} is {columns} wide"
            );
        }
    }
    let table = lexicon(&["compare", "hotp", "totp"]);
    let widest = String::from_utf8_lossy(&table.stdout)
        .lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0);
    assert!(widest <= 80 && widest > 40, "compare in a pipe is 80 wide: {widest}");
}
