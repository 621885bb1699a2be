//! The parsed cache of a content folder: used only while the folder is exactly as it was,
//! never shown stale, and never in the way when it is damaged.

use lexicon::cache::{CacheUse, load_folder, load_folder_previewing, searchable_folder};
use lexicon::content::summary::LibrarySummary;
use lexicon::content::{Entry, LoadReport};
use lexicon::search::SearchIndex;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

fn yaml(lines: &[&str]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// A folder of three terms and a journey, with a one-way related link (a warning) so the
/// cache has a diagnostic to keep, all written an hour ago.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let terms = dir.path().join("terms");
    std::fs::create_dir_all(&terms).expect("terms/");
    std::fs::create_dir_all(dir.path().join("journeys")).expect("journeys/");
    let term = |id: &str, title: &str, extra: &[&str]| {
        let mut lines = vec![
            format!("id: {id}"),
            format!("title: {title}"),
            "level: beginner".to_owned(),
            format!("definition: What {title} is, in a sentence."),
            "misconceptions:".to_owned(),
            "  - myth: A myth.".to_owned(),
            "    fact: A fact.".to_owned(),
            "    explanation: Why.".to_owned(),
        ];
        lines.extend(extra.iter().map(|line| (*line).to_owned()));
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        std::fs::write(terms.join(format!("{id}.yaml")), yaml(&lines)).expect("write");
    };
    term(
        "alpha",
        "Alpha",
        &[
            "analysis: Alpha is unlike [[Beta]].",
            "related: [beta, gamma]",
            "compare:",
            "  - with: Beta",
            "    points:",
            "      - {aspect: speed, this: fast, that: slow}",
        ],
    );
    term("beta", "Beta", &["related: [alpha]"]);
    term("gamma", "Gamma", &["aliases: [Third]"]);
    std::fs::write(
        dir.path().join("journeys/path.yaml"),
        yaml(&[
            "title: A path",
            "description: Three steps.",
            "steps: [alpha, beta, gamma]",
        ]),
    )
    .expect("write");
    age(dir.path());
    dir
}

/// Sets a file's modification time.
fn set_mtime(path: &Path, modified: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(modified))
        .expect("set mtime");
}

/// Sets every content file's modification time an hour back, out of the racy window.
fn age(dir: &Path) {
    let past = SystemTime::now() - Duration::from_secs(3600);
    for sub in ["terms", "journeys"] {
        for file in std::fs::read_dir(dir.join(sub)).expect("listed") {
            let path = file.expect("entry").path();
            set_mtime(&path, past);
        }
    }
}

fn ids(report: &LoadReport) -> Vec<&str> {
    report.library.entries().iter().map(|entry| entry.id.as_str()).collect()
}

fn linked_from<'a>(report: &'a LoadReport, id: &str) -> Vec<&'a str> {
    report
        .library
        .linked_from(id)
        .into_iter()
        .map(|entry: &Entry| entry.id.as_str())
        .collect()
}

#[test]
fn an_unchanged_folder_comes_back_from_the_cache_exactly_as_loaded() {
    let dir = folder();
    let cache = tempfile::tempdir().expect("cache dir");
    let (fresh, first) = load_folder(dir.path(), Some(cache.path())).expect("loads");
    assert_eq!(first, CacheUse::Written);
    assert!(fresh.warnings() > 0, "the folder has a warning to keep");
    let (cached, second) = load_folder(dir.path(), Some(cache.path())).expect("loads");
    assert_eq!(second, CacheUse::Hit);

    assert_eq!(cached.library.entries(), fresh.library.entries());
    assert_eq!(cached.library.journeys(), fresh.library.journeys());
    assert_eq!(cached.diagnostics, fresh.diagnostics);
    assert_eq!(cached.skipped_files, fresh.skipped_files);
    for id in ["alpha", "beta", "gamma"] {
        assert_eq!(linked_from(&cached, id), linked_from(&fresh, id), "linked from {id}");
    }
    assert_eq!(linked_from(&cached, "beta"), ["alpha"]);
    assert_eq!(cached.library.resolve("third").map(|e| e.id.as_str()), Some("gamma"));
    // A lesson body is still read from its file.
    let alpha = cached.library.get("alpha").expect("alpha");
    let body = cached.library.body(alpha).expect("unchanged file");
    assert_eq!(body.analysis, "Alpha is unlike [[Beta]].");
    assert_eq!(body.compare[0].with, "beta");
}

/// Loads through the cache, keeping the previews handed over on the way.
fn load_previewing(dir: &Path, cache: &Path) -> (LoadReport, CacheUse, Vec<LibrarySummary>) {
    let mut previews = Vec::new();
    let (report, used) = load_folder_previewing(dir, Some(cache), |preview| previews.push(preview)).expect("loads");
    (report, used, previews)
}

/// The home's preview comes from a cache only while the cache matches the folder, and is the
/// preview of the library the load then returns.
#[test]
fn a_preview_of_the_home_comes_only_from_a_current_cache() {
    let dir = folder();
    let cache = tempfile::tempdir().expect("cache dir");
    let (fresh, used, previews) = load_previewing(dir.path(), cache.path());
    assert_eq!(
        (used, previews.len()),
        (CacheUse::Written, 0),
        "a full load has no preview"
    );

    let (cached, used, previews) = load_previewing(dir.path(), cache.path());
    assert_eq!(used, CacheUse::Hit);
    assert_eq!(previews, [LibrarySummary::of(&fresh)]);
    assert_eq!(previews, [LibrarySummary::of(&cached)]);
    assert_eq!(previews[0].title_of("gamma"), Some("Gamma"));
    assert_eq!(previews[0].journeys[0].steps, ["alpha", "beta", "gamma"]);

    // A touched file: the cache is stale, so there is no preview, only a full load.
    set_mtime(
        &dir.path().join("terms/beta.yaml"),
        SystemTime::now() - Duration::from_secs(60),
    );
    let (_, used, previews) = load_previewing(dir.path(), cache.path());
    assert_eq!((used, previews.len()), (CacheUse::Written, 0));
    assert_eq!(load_previewing(dir.path(), cache.path()).2.len(), 1);
}

#[test]
fn any_change_to_the_folder_means_a_full_load() {
    let dir = folder();
    let cache = tempfile::tempdir().expect("cache dir");
    let load = || load_folder(dir.path(), Some(cache.path())).expect("loads");
    assert_eq!(load().1, CacheUse::Written);
    assert_eq!(load().1, CacheUse::Hit);
    let gamma = dir.path().join("terms/gamma.yaml");

    // Edited (a different size).
    let text = std::fs::read_to_string(&gamma).expect("read");
    std::fs::write(&gamma, text.replace("What Gamma is", "What Gamma really is")).expect("write");
    age(dir.path());
    let (report, used) = load();
    assert_eq!(used, CacheUse::Written, "a changed file is parsed again");
    let definition = &report.library.get("gamma").expect("gamma").definition;
    assert!(definition.contains("really"), "{definition}");
    assert_eq!(load().1, CacheUse::Hit);

    // Touched: the same bytes, another modification time.
    set_mtime(&gamma, SystemTime::now() - Duration::from_secs(60));
    assert_eq!(load().1, CacheUse::Written);

    // A file added, then one removed.
    std::fs::write(
        dir.path().join("terms/delta.yaml"),
        yaml(&[
            "title: Delta",
            "level: beginner",
            "definition: The fourth.",
            "related: [alpha]",
        ]),
    )
    .expect("write");
    age(dir.path());
    let (report, used) = load();
    assert_eq!(used, CacheUse::Written);
    assert_eq!(ids(&report), ["alpha", "beta", "delta", "gamma"]);
    std::fs::remove_file(dir.path().join("terms/delta.yaml")).expect("remove");
    let (report, used) = load();
    assert_eq!(used, CacheUse::Written);
    assert_eq!(ids(&report), ["alpha", "beta", "gamma"]);
}

/// The ids and titles `query` finds in the folder, best first, the way `lexicon search` finds
/// them, and what the search cache did.
fn search(dir: &Path, cache: &Path, query: &str) -> (Vec<(String, String)>, CacheUse) {
    let (searchable, used) = searchable_folder(dir, Some(cache)).expect("the folder lists");
    let found = searchable
        .index
        .search(query)
        .iter()
        .map(|hit| searchable.names[hit.index].clone())
        .collect();
    (found, used)
}

fn pair(id: &str, title: &str) -> (String, String) {
    (id.to_owned(), title.to_owned())
}

/// The search cache finds what a search of the loaded library finds, and is used only while
/// the folder is exactly as it was.
#[test]
fn the_search_cache_finds_what_the_library_does_while_it_is_current() {
    let dir = folder();
    let cache = tempfile::tempdir().expect("cache dir");
    let (report, _) = load_folder(dir.path(), Some(cache.path())).expect("loads");
    let index = SearchIndex::new(&report.library);
    assert_eq!(search(dir.path(), cache.path(), "a").1, CacheUse::Written);
    for query in ["a", "gam", "third", "in a sentence", "zzz"] {
        let loaded: Vec<(String, String)> = index
            .search(query)
            .iter()
            .map(|hit| {
                let entry = &report.library.entries()[hit.index];
                pair(&entry.id, &entry.title)
            })
            .collect();
        assert_eq!(
            search(dir.path(), cache.path(), query),
            (loaded, CacheUse::Hit),
            "{query}"
        );
    }
    assert_eq!(search(dir.path(), cache.path(), "gam").0, [pair("gamma", "Gamma")]);

    let gamma = dir.path().join("terms/gamma.yaml");
    let text = std::fs::read_to_string(&gamma).expect("read");
    std::fs::write(&gamma, text.replace("title: Gamma", "title: Gamut")).expect("write");
    age(dir.path());
    assert_eq!(
        search(dir.path(), cache.path(), "gam"),
        (vec![pair("gamma", "Gamut")], CacheUse::Written),
        "a changed file: loaded again, never the stale index"
    );
    assert_eq!(
        search(dir.path(), cache.path(), "gam"),
        (vec![pair("gamma", "Gamut")], CacheUse::Hit)
    );
}

/// A search cache that was damaged, or altered to hold an escape sequence in a title it
/// prints, is not used: the folder is searched as loaded, and the cache written again.
#[test]
fn a_damaged_or_altered_search_cache_is_not_used() {
    let dir = folder();
    let cache = tempfile::tempdir().expect("cache dir");
    let (expected, used) = search(dir.path(), cache.path(), "alp");
    assert_eq!(
        (expected.as_slice(), used),
        (&[pair("alpha", "Alpha")][..], CacheUse::Written)
    );
    let file = std::fs::read_dir(cache.path())
        .expect("listed")
        .map(|item| item.expect("entry").path())
        .find(|path| path.extension().is_some_and(|extension| extension == "search"))
        .expect("a search cache");
    let bytes = std::fs::read(&file).expect("read");
    let mut altered = bytes.clone();
    let at = altered
        .windows(5)
        .position(|window| window == b"Alpha")
        .expect("the title is saved");
    altered[at..at + 5].copy_from_slice(b"\x1b[31m");
    for damaged in [
        b"not a cache".to_vec(),
        bytes[..bytes.len() / 2].to_vec(),
        bytes.iter().map(|b| b ^ 0x5a).collect(),
        altered,
    ] {
        std::fs::write(&file, damaged).expect("write");
        assert_eq!(
            search(dir.path(), cache.path(), "alp"),
            (expected.clone(), CacheUse::Written)
        );
        assert_eq!(search(dir.path(), cache.path(), "alp").1, CacheUse::Hit);
    }
}

#[test]
fn a_recently_modified_file_is_not_cached_until_it_settles() {
    let dir = folder();
    let cache = tempfile::tempdir().expect("cache dir");
    // Written just now: it could change again within its timestamp's resolution.
    let beta = dir.path().join("terms/beta.yaml");
    let text = std::fs::read_to_string(&beta).expect("read");
    std::fs::write(&beta, text).expect("write");
    let load = || load_folder(dir.path(), Some(cache.path())).expect("loads");
    assert_eq!(load().1, CacheUse::NotWritten);
    assert_eq!(load().1, CacheUse::NotWritten, "still no cache to hit");
    age(dir.path());
    assert_eq!(load().1, CacheUse::Written);
    assert_eq!(load().1, CacheUse::Hit);
}

#[test]
fn a_damaged_cache_is_ignored_and_replaced() {
    let dir = folder();
    let cache = tempfile::tempdir().expect("cache dir");
    let (fresh, _) = load_folder(dir.path(), Some(cache.path())).expect("loads");
    let files: Vec<_> = std::fs::read_dir(cache.path())
        .expect("cache listed")
        .map(|file| file.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "one cache file per folder: {files:?}");
    let bytes = std::fs::read(&files[0]).expect("read");
    for damaged in [
        b"not a cache".to_vec(),
        bytes[..bytes.len() / 2].to_vec(),
        bytes.iter().map(|b| b ^ 0x5a).collect(),
    ] {
        std::fs::write(&files[0], damaged).expect("write");
        let (report, used) = load_folder(dir.path(), Some(cache.path())).expect("loads");
        assert_eq!(used, CacheUse::Written, "a full load replaces the damaged cache");
        assert_eq!(report.library.entries(), fresh.library.entries());
        assert_eq!(
            load_folder(dir.path(), Some(cache.path())).expect("loads").1,
            CacheUse::Hit
        );
    }
}

#[test]
fn without_a_cache_folder_nothing_is_written() {
    let dir = folder();
    let (report, used) = load_folder(dir.path(), None).expect("loads");
    assert_eq!(used, CacheUse::Off);
    assert_eq!(ids(&report), ["alpha", "beta", "gamma"]);
}

/// The binary's commands give the same answers from the cache as from the YAML, and
/// `--no-cache` neither reads nor writes one.
#[test]
fn commands_answer_the_same_from_the_cache() {
    let dir = folder();
    let cache = tempfile::tempdir().expect("cache dir");
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_lexicon"))
            .args(args)
            .arg("--content")
            .arg(dir.path())
            .arg("--cache-dir")
            .arg(cache.path())
            .env_remove("LEXICON_CONTENT")
            .env_remove("LEXICON_DATA_DIR")
            .env_remove("LEXICON_CACHE_DIR")
            .output()
            .expect("the binary runs");
        (
            String::from_utf8_lossy(&output.stdout).into_owned(),
            output.status.code(),
        )
    };
    let cache_files = || std::fs::read_dir(cache.path()).expect("listed").count();
    let uncached = run(&["check", "--no-cache"]);
    assert_eq!(cache_files(), 0, "--no-cache writes nothing");
    for args in [&["check"][..], &["list"], &["show", "alpha"], &["search", "gam"]] {
        let first = run(args);
        // The parsed cache, and for a search the search cache beside it.
        assert_eq!(cache_files(), if args[0] == "search" { 2 } else { 1 }, "{args:?}");
        let second = run(args);
        assert_eq!(first, second, "{args:?} from the cache");
        assert_eq!(second.1, Some(0), "{args:?}: {}", second.0);
    }
    assert_eq!(run(&["check"]), uncached);
    assert!(
        run(&["show", "alpha"]).0.contains("fast"),
        "the body is read from the file"
    );
}

/// What the loader removed cannot come back through an altered cache: a cache holding an
/// escape sequence is not used.
#[test]
fn a_cache_altered_to_hold_control_sequences_is_not_used() {
    let dir = folder();
    let cache = tempfile::tempdir().expect("cache dir");
    assert_eq!(
        load_folder(dir.path(), Some(cache.path())).expect("loads").1,
        CacheUse::Written
    );
    let file = std::fs::read_dir(cache.path())
        .expect("listed")
        .next()
        .expect("a cache file")
        .expect("entry")
        .path();
    // Same length, so the cache still decodes: "Alpha" becomes ESC [ 3 1 m.
    let mut bytes = std::fs::read(&file).expect("read");
    let mut replaced = 0;
    for at in 0..bytes.len().saturating_sub(5) {
        if &bytes[at..at + 5] == b"Alpha" {
            bytes[at..at + 5].copy_from_slice(b"\x1b[31m");
            replaced += 1;
        }
    }
    assert!(replaced >= 2, "the title and the definition name Alpha");
    std::fs::write(&file, bytes).expect("write");

    let (report, used, previews) = load_previewing(dir.path(), cache.path());
    assert_eq!(used, CacheUse::Written, "the altered cache is parsed over");
    assert_eq!(previews, [], "nor is its preview shown");
    let alpha = report.library.get("alpha").expect("alpha");
    assert_eq!(alpha.title, "Alpha");
    assert!(!alpha.definition.contains('\u{1b}'));
}

/// Caches of folders not loaded for a month are removed when a cache is written, and a cache
/// that is used is marked so; nothing else in the cache folder is touched.
#[test]
fn unused_caches_are_pruned_and_used_ones_kept() {
    let dir = folder();
    let cache = tempfile::tempdir().expect("cache dir");
    let month_and_more = SystemTime::now() - Duration::from_secs(40 * 24 * 60 * 60);
    let write_aged = |name: &str, modified: SystemTime| {
        let path = cache.path().join(name);
        std::fs::write(&path, b"old").expect("write");
        set_mtime(&path, modified);
        path
    };
    let stale = write_aged("folder-0000000000000000.cache", month_and_more);
    let left_by_a_crash = write_aged("folder-0000000000000001.tmp-4242", month_and_more);
    let recent = write_aged("folder-0000000000000002.cache", SystemTime::now());
    let not_ours = write_aged("notes.txt", month_and_more);

    assert_eq!(
        load_folder(dir.path(), Some(cache.path())).expect("loads").1,
        CacheUse::Written
    );
    assert!(!stale.exists() && !left_by_a_crash.exists(), "a month unused: removed");
    assert!(recent.exists(), "recently used: kept");
    assert!(not_ours.exists(), "not a cache: never touched");

    // The folder's own cache, a month old but used now, is marked and survives the next prune.
    let own = std::fs::read_dir(cache.path())
        .expect("listed")
        .map(|item| item.expect("entry").path())
        .find(|path| path != &recent && path.extension().is_some_and(|ext| ext == "cache"))
        .expect("the folder's cache");
    set_mtime(&own, month_and_more);
    assert_eq!(
        load_folder(dir.path(), Some(cache.path())).expect("loads").1,
        CacheUse::Hit
    );
    let modified = std::fs::metadata(&own).and_then(|m| m.modified()).expect("mtime");
    assert!(modified > SystemTime::now() - Duration::from_secs(60), "marked as used");
}

/// Random bit flips were sometimes accepted and shown as fact (mangled titles, related ids).
/// Every cache file now ends with a checksum, and its head carries one of its own, so a
/// flipped bit anywhere means a full load, with the same library as ever.
#[test]
fn a_flipped_bit_anywhere_in_the_cache_means_a_full_load() {
    let dir = folder();
    let cache = tempfile::tempdir().expect("cache dir");
    let (fresh, _) = load_folder(dir.path(), Some(cache.path())).expect("loads");
    let file = std::fs::read_dir(cache.path())
        .expect("cache listed")
        .map(|file| file.expect("entry").path())
        .next()
        .expect("a cache file");
    let bytes = std::fs::read(&file).expect("read");
    // Every 7th byte, and each of its 8 bits in turn: several hundred flips.
    for (flip, at) in (0..bytes.len()).step_by(7).enumerate() {
        let mut damaged = bytes.clone();
        damaged[at] ^= 1 << (flip % 8);
        std::fs::write(&file, &damaged).expect("write");
        let (report, used, previews) = load_previewing(dir.path(), cache.path());
        assert_eq!(
            used,
            CacheUse::Written,
            "a flip at byte {at} was taken for a current cache"
        );
        // A flip after the head leaves the preview intact; one inside it shows none.
        for preview in &previews {
            assert_eq!(
                preview,
                &LibrarySummary::of(&fresh),
                "a flip at byte {at} was previewed"
            );
        }
        assert_eq!(report.library.entries(), fresh.library.entries(), "flip at byte {at}");
    }
}

/// An edit that keeps the size and the modification time (`touch -d` back to the old time,
/// or a tool that preserves it) used to go unseen: the list showed the old title while the
/// lesson showed the new text. The change time, which no one can set back, is stamped too.
#[test]
fn an_edit_that_keeps_size_and_mtime_is_still_seen() {
    let dir = folder();
    let cache = tempfile::tempdir().expect("cache dir");
    let load = || load_folder(dir.path(), Some(cache.path())).expect("loads");
    assert_eq!(load().1, CacheUse::Written);
    assert_eq!(load().1, CacheUse::Hit);
    let gamma = dir.path().join("terms/gamma.yaml");
    let before = std::fs::metadata(&gamma).expect("stat").modified().expect("mtime");
    let text = std::fs::read_to_string(&gamma).expect("read");
    // The same length: one letter for another.
    std::fs::write(&gamma, text.replace("title: Gamma", "title: Gamme")).expect("write");
    set_mtime(&gamma, before);
    assert_eq!(std::fs::metadata(&gamma).expect("stat").len(), text.len() as u64);
    let (report, used) = load();
    assert_ne!(used, CacheUse::Hit, "the edit was not seen");
    assert_eq!(
        report.library.get("gamma").map(|entry| entry.title.as_str()),
        Some("Gamme")
    );
}
