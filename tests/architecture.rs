//! The direction of dependencies ARCHITECTURE.md draws, checked by reading the sources: each
//! core module names only the modules it may depend on, and only `ui` knows the terminal.
//! A grep, not a compiler pass: a `use` or a path to a forbidden module anywhere outside a
//! comment fails it.

use std::path::{Path, PathBuf};

/// The crate's top-level modules.
const MODULES: &[&str] = &[
    "authoring",
    "cache",
    "compare",
    "config",
    "content",
    "dirs",
    "document",
    "history",
    "lesson",
    "quiz",
    "search",
    "store",
    "ui",
    "watch",
];

/// Each core module and the crate modules it may name (besides itself).
const ALLOWED: &[(&str, &[&str])] = &[
    ("document", &[]),
    ("history", &[]),
    ("dirs", &[]),
    ("content", &["document"]),
    ("compare", &["content", "document"]),
    ("lesson", &["content", "document", "compare"]),
    ("search", &["content"]),
    ("cache", &["content", "search"]),
    ("quiz", &["content", "document"]),
    ("store", &["quiz", "dirs"]),
    ("config", &["content", "dirs"]),
    ("authoring", &["content", "quiz", "lesson", "compare", "document"]),
    ("watch", &["content"]),
];

/// The `.rs` files of module `name`: `src/name.rs` or everything under `src/name/`.
fn files_of(name: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let file = src.join(format!("{name}.rs"));
    if file.exists() {
        return vec![file];
    }
    let mut files = Vec::new();
    let mut folders = vec![src.join(name)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a module folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The lines of `path` that are code, not comments, and not tests: a unit test may use any
/// module to set up its case (a `tests.rs` file, or a `mod tests` and what follows it).
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    if path.file_name().is_some_and(|name| name == "tests.rs") {
        return Vec::new();
    }
    std::fs::read_to_string(path)
        .expect("a source file")
        .lines()
        .enumerate()
        .take_while(|(_, line)| !line.trim_start().starts_with("mod tests"))
        .filter(|(_, line)| !line.trim_start().starts_with("//"))
        .map(|(number, line)| (number + 1, line.to_owned()))
        .collect()
}

#[test]
fn core_modules_depend_only_on_what_the_map_draws() {
    let mut wrong = Vec::new();
    for (module, allowed) in ALLOWED {
        for path in files_of(module) {
            for (number, line) in code_lines(&path) {
                for other in MODULES
                    .iter()
                    .filter(|other| *other != module && !allowed.contains(other))
                {
                    if line.contains(&format!("crate::{other}::")) || line.contains(&format!("crate::{other};")) {
                        wrong.push(format!("{}:{number}: {module} names {other}: {line}", path.display()));
                    }
                }
                for terminal in ["ratatui", "crossterm"] {
                    if line.contains(terminal) {
                        wrong.push(format!("{}:{number}: {module} names {terminal}", path.display()));
                    }
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "dependencies the map does not draw:\n{}",
        wrong.join("\n")
    );
}

/// The check above is only as good as its list: every module of the crate is in it.
#[test]
fn every_module_is_on_the_map() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).expect("lib.rs");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.strip_prefix("pub mod ")?.strip_suffix(';'))
        .collect();
    assert_eq!(declared, MODULES, "lib.rs declares these modules");
    for module in MODULES.iter().filter(|module| **module != "ui") {
        assert!(
            ALLOWED.iter().any(|(name, _)| name == module),
            "{module} has no entry in ALLOWED"
        );
    }
}
