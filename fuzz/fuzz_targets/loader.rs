//! The content loader on arbitrary bytes.
//!
//! The input is loaded twice through `lexicon::content::load`:
//! 1. whole, as one term file;
//! 2. split at 0xFF bytes (never part of valid UTF-8, so seeds can hold real YAML on either
//!    side): the first part is a term file, the second a journey file, and up to two more
//!    parts are further term files, so cross-file checks (duplicates, links, related,
//!    compare, journey steps) are reached.
//!
//! Neither may panic, and nothing that survives loading may hold a control character (other
//! than a newline) or a bidi control in any string field of an entry or journey, nor in a
//! diagnostic's message: those strings reach the terminal.
#![no_main]

use lexicon::content::loader::FileKind;
use lexicon::content::{Contents, Entry, Journey, LoadReport, SourceFile, load};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check(&load(vec![file("terms/whole.yaml", FileKind::Term, data)]));

    let mut parts = data.split(|&byte| byte == 0xFF);
    let mut files = Vec::new();
    if let Some(term) = parts.next() {
        files.push(file("terms/first.yaml", FileKind::Term, term));
    }
    if let Some(journey) = parts.next() {
        files.push(file("journeys/path.yaml", FileKind::Journey, journey));
    }
    for (part, name) in parts.zip(["terms/second.yaml", "terms/third.yaml"]) {
        files.push(file(name, FileKind::Term, part));
    }
    if files.len() > 1 {
        check(&load(files));
    }
});

fn file(path: &str, kind: FileKind, bytes: &[u8]) -> SourceFile {
    SourceFile {
        path: path.to_owned(),
        kind,
        contents: Contents::Bytes(Ok(bytes.to_vec())),
    }
}

/// The characters that must never reach the terminal, defined here rather than taken from
/// the sanitizer under test: every control character except newline (so tabs and CR too),
/// and the bidi controls U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069.
fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_clean(field: &str, text: &str) {
    if let Some(bad) = text.chars().find(|&c| is_forbidden(c)) {
        panic!("{field} holds the forbidden character {bad:?}: {text:?}");
    }
}

fn check(report: &LoadReport) {
    for entry in report.library.entries() {
        check_entry(entry);
    }
    for journey in report.library.journeys() {
        check_journey(journey);
    }
    for diagnostic in &report.diagnostics {
        assert_clean("diagnostic message", &diagnostic.message);
    }
}

fn check_entry(entry: &Entry) {
    assert_clean("id", &entry.id);
    assert_clean("title", &entry.title);
    entry.aliases.iter().for_each(|alias| assert_clean("alias", alias));
    entry.tags.iter().for_each(|tag| assert_clean("tag", tag));
    if let Some(verified) = &entry.verified {
        assert_clean("verified", verified);
    }
    assert_clean("definition", &entry.definition);
    entry.compared.iter().for_each(|id| assert_clean("compared", id));
    // Files given as bytes keep their bodies in memory.
    let body = entry.held_body().expect("a body held in memory");
    assert_clean("analysis", &body.analysis);
    for faq in &body.faqs {
        assert_clean("faq question", &faq.question);
        assert_clean("faq answer", &faq.answer);
    }
    for misconception in &body.misconceptions {
        assert_clean("myth", &misconception.myth);
        assert_clean("fact", &misconception.fact);
        assert_clean("explanation", &misconception.explanation);
    }
    entry
        .related
        .iter()
        .for_each(|related| assert_clean("related", related));
    for comparison in &body.compare {
        assert_clean("compare with", &comparison.with);
        for point in &comparison.points {
            assert_clean("compare aspect", &point.aspect);
            assert_clean("compare this", &point.this);
            assert_clean("compare that", &point.that);
        }
    }
    for source in &body.sources {
        assert_clean("source title", &source.title);
        if let Some(url) = &source.url {
            assert_clean("source url", url);
        }
    }
}

fn check_journey(journey: &Journey) {
    assert_clean("journey id", &journey.id);
    assert_clean("journey title", &journey.title);
    assert_clean("journey description", &journey.description);
    journey.steps.iter().for_each(|step| assert_clean("journey step", step));
}
