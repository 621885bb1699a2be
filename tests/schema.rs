//! `lexicon schema`: the JSON Schema generated from the loader's types agrees with `check`.
//!
//! The schema is what an editor checks as you type; `check` is what lexicon loads. Each file
//! here goes through both: the schema (with the `jsonschema` crate, on the YAML read as JSON)
//! and the loader, and they must say the same thing about it. (One difference is known and
//! left: serde_yaml reads a bare number or `true` where text goes as that text, and the
//! schema, which says text, flags it; an editor's hint there is worth more than agreement.)

use lexicon::content::loader::{FileKind, json_schema};
use lexicon::content::{SourceFile, load};
use std::path::Path;
use std::process::Command;

/// A file's YAML as the JSON value an editor's schema sees.
fn as_json(yaml: &str) -> serde_json::Value {
    serde_yaml::from_str(yaml).expect("YAML")
}

fn validator(kind: FileKind) -> jsonschema::Validator {
    jsonschema::validator_for(&json_schema(kind)).expect("a valid schema")
}

/// The schema's complaints about `yaml`, one line each.
fn schema_errors(kind: FileKind, yaml: &str) -> Vec<String> {
    let instance = as_json(yaml);
    validator(kind)
        .iter_errors(&instance)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

/// The errors `check` reports about the file at `path` when it is loaded beside `others`.
fn check_errors(path: &str, kind: FileKind, yaml: &str, others: &[(&str, FileKind, &str)]) -> Vec<String> {
    let mut files = vec![SourceFile::in_memory(path, kind, yaml.as_bytes().to_vec())];
    for (path, kind, yaml) in others {
        files.push(SourceFile::in_memory(*path, *kind, yaml.as_bytes().to_vec()));
    }
    load(files)
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error() && diagnostic.path == path)
        .map(ToString::to_string)
        .collect()
}

fn bundled(folder: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content").join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("content folder")
        .map(|item| item.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("read");
            (path.display().to_string(), text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_schema_accepts_every_bundled_file() {
    let terms = bundled("terms");
    let journeys = bundled("journeys");
    assert!(terms.len() >= 40 && journeys.len() >= 5);
    for (kind, files) in [(FileKind::Term, terms), (FileKind::Journey, journeys)] {
        let validator = validator(kind);
        for (path, text) in files {
            let instance = as_json(&text);
            let errors: Vec<String> = validator.iter_errors(&instance).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{path}: {errors:?}");
        }
    }
}

#[test]
fn the_schema_rejects_a_typo_in_a_field_name_as_check_does() {
    let yaml = "title: Alpha\nlevel: beginner\ndefinton: What Alpha is.\n";
    let errors = schema_errors(FileKind::Term, yaml);
    assert!(errors.iter().any(|e| e.contains("definton")), "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("\"definition\" is a required property")),
        "{errors:?}"
    );
    assert!(!check_errors("terms/alpha.yaml", FileKind::Term, yaml, &[]).is_empty());
}

const GOOD_TERMS: &[&str] = &[
    "title: Alpha\nlevel: beginner\ndefinition: What Alpha is.\n",
    "id: alpha\ntitle: Alpha\naliases: [A]\nlevel: advanced\ntags: [x, y]\nverified: 2026-12-07\n\
     definition: >-\n  What Alpha is.\nanalysis: |\n  More.\n\
     faqs:\n  - question: Why?\n    answer: Because.\n\
     misconceptions:\n  - myth: A is B.\n    fact: A is not B.\n    explanation: See.\n    source: The Book\n\
     related: []\ncompare: []\nsources:\n  - title: The Book\n    url: https://example.com/book\n  - title: Notes\n",
    "title: Alpha\nlevel: intermediate\ndefinition: What Alpha is.\nverified:\n",
];

const BAD_TERMS: &[&str] = &[
    // A field misspelt, so a required one is missing.
    "title: Alpha\nlevel: beginner\ndefiniton: What Alpha is.\n",
    // A field no lesson has.
    "title: Alpha\nlevel: beginner\ndefinition: What Alpha is.\nauthor: me\n",
    // No title.
    "level: beginner\ndefinition: What Alpha is.\n",
    // A level that is none of the three.
    "title: Alpha\nlevel: beginer\ndefinition: What Alpha is.\n",
    // An id with capitals and an underscore.
    "id: Alpha_1\ntitle: Alpha\nlevel: beginner\ndefinition: What Alpha is.\n",
    // A date in another shape.
    "title: Alpha\nlevel: beginner\ndefinition: What Alpha is.\nverified: 7 Dec 2026\n",
    // A list given as one string.
    "title: Alpha\nlevel: beginner\ndefinition: What Alpha is.\ntags: security\n",
    // Misspelt fields inside list items.
    "title: Alpha\nlevel: beginner\ndefinition: What Alpha is.\nfaqs:\n  - questoin: Why?\n    answer: Because.\n",
    "title: Alpha\nlevel: beginner\ndefinition: What Alpha is.\nmisconceptions:\n  - myth: A.\n    explanation: B.\n",
    "title: Alpha\nlevel: beginner\ndefinition: What Alpha is.\nsources:\n  - title: T\n    link: https://example.com\n",
    "title: Alpha\nlevel: beginner\ndefinition: What Alpha is.\ncompare:\n  - with: beta\n    points:\n      - aspect: A\n        this: B\n",
];

#[test]
fn the_schema_and_check_agree_on_each_fixture() {
    for (yaml, good) in GOOD_TERMS
        .iter()
        .map(|yaml| (yaml, true))
        .chain(BAD_TERMS.iter().map(|yaml| (yaml, false)))
    {
        let schema = schema_errors(FileKind::Term, yaml);
        let check = check_errors("terms/alpha.yaml", FileKind::Term, yaml, &[]);
        assert_eq!(schema.is_empty(), good, "schema on\n{yaml}\n{schema:?}");
        assert_eq!(check.is_empty(), good, "check on\n{yaml}\n{check:?}");
    }
    let alpha = ("terms/alpha.yaml", FileKind::Term, GOOD_TERMS[0]);
    for (yaml, good) in [
        ("title: First\nsteps: [alpha]\n", true),
        (
            "id: first\ntitle: First\ndescription: Start here.\nsteps:\n  - Alpha\n",
            true,
        ),
        ("title: First\nstepz: [alpha]\n", false),
        ("title: First\nsteps: alpha\n", false),
        ("id: First!\ntitle: First\nsteps: [alpha]\n", false),
    ] {
        let schema = schema_errors(FileKind::Journey, yaml);
        let check = check_errors("journeys/first.yaml", FileKind::Journey, yaml, &[alpha]);
        assert_eq!(schema.is_empty(), good, "schema on\n{yaml}\n{schema:?}");
        assert_eq!(check.is_empty(), good, "check on\n{yaml}\n{check:?}");
    }
}

/// `lexicon new` writes every field the schema knows, and nothing it does not.
#[test]
fn a_new_scaffold_has_every_field_of_the_schema_and_passes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (kind, args) in [
        (FileKind::Term, &["new", "Alpha"][..]),
        (FileKind::Journey, &["new", "--journey", "First"][..]),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_lexicon"))
            .args(args)
            .current_dir(dir.path())
            .env_remove("LEXICON_CONTENT")
            .output()
            .expect("runs");
        assert!(output.status.success());
        let path = dir.path().join(String::from_utf8_lossy(&output.stdout).trim_end());
        let text = std::fs::read_to_string(path).expect("read");
        assert_eq!(schema_errors(kind, &text), Vec::<String>::new(), "{text}");
        let schema = json_schema(kind);
        let mut fields: Vec<&String> = schema["properties"].as_object().expect("properties").keys().collect();
        for definition in schema["definitions"].as_object().into_iter().flat_map(|d| d.values()) {
            fields.extend(definition["properties"].as_object().expect("properties").keys());
        }
        for field in fields {
            assert!(text.contains(&format!("{field}:")), "{field} is not in\n{text}");
        }
    }
}

/// The command prints the same schema, as JSON an editor can read.
#[test]
fn lexicon_schema_prints_the_schema() {
    for (kind, name) in [(FileKind::Term, "term"), (FileKind::Journey, "journey")] {
        let output = Command::new(env!("CARGO_BIN_EXE_lexicon"))
            .args(["schema", name])
            .output()
            .expect("runs");
        assert!(output.status.success());
        let printed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(printed, json_schema(kind));
        assert_eq!(printed["$schema"], "http://json-schema.org/draft-07/schema#");
    }
}
