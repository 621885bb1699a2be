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

/// A cycle in `edges` (module to the modules it names), as the path around it, if any.
fn cycle_in(edges: &[(String, Vec<String>)]) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &[(String, Vec<String>)],
        path: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|seen| seen == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.iter().any(|finished| finished == node) {
            return None;
        }
        path.push(node.to_owned());
        let named = edges.iter().find(|(from, _)| from == node).map(|(_, to)| to.as_slice());
        for next in named.unwrap_or_default() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.push(node.to_owned());
        None
    }
    let mut done = Vec::new();
    edges
        .iter()
        .find_map(|(node, _)| visit(node, edges, &mut Vec::new(), &mut done))
}

/// The map has no cycle: the core is layered, so each module can be read knowing only the
/// ones below it.
#[test]
fn the_core_modules_form_no_cycle() {
    let edges: Vec<(String, Vec<String>)> = ALLOWED
        .iter()
        .map(|(module, allowed)| {
            (
                module.to_string(),
                allowed.iter().map(|other| other.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(cycle_in(&edges), None, "a cycle among the core modules");
}

/// The reader's screens, each a state file `src/ui/<screen>.rs` and a drawing file
/// `src/ui/view/<screen>.rs`.
const SCREENS: &[&str] = &["home", "lesson", "search", "map", "compare", "check", "review"];

/// No two of the reader's screens depend on each other, directly or through others: the
/// screens a screen's state or drawing names, read from the sources, form no cycle.
#[test]
fn the_screens_form_no_cycle() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let edges: Vec<(String, Vec<String>)> = SCREENS
        .iter()
        .map(|screen| {
            let mut named = Vec::new();
            let files = [
                ui.join(format!("{screen}.rs")),
                ui.join("view").join(format!("{screen}.rs")),
            ];
            for path in files.iter().filter(|path| path.exists()) {
                for (_, line) in code_lines(path) {
                    for other in SCREENS.iter().filter(|other| *other != screen) {
                        // A state file names another state as `super::map`, a drawing file
                        // another drawing the same way; either reaches a state by its path.
                        let names_it = [
                            format!("super::{other}"),
                            format!("crate::ui::{other}"),
                            format!("ui::view::{other}"),
                        ]
                        .iter()
                        .any(|path| line.contains(path.as_str()));
                        if names_it && !named.contains(&other.to_string()) {
                            named.push(other.to_string());
                        }
                    }
                }
            }
            (screen.to_string(), named)
        })
        .collect();
    assert_eq!(cycle_in(&edges), None, "a cycle among the screens: {edges:?}");
}

/// The files of `src/ui` that may read or write outside the app: the event loop and what it
/// does between two calls of `update` (reading lesson bodies, saving, signals, live reload,
/// the configuration file).
const UI_INPUT_OUTPUT: &[&str] = &[
    "mod.rs",
    "bodies.rs",
    "effects.rs",
    "signals.rs",
    "reload.rs",
    "settings.rs",
];

/// `update` never does I/O: no other file of `src/ui` (state, update, layout, drawing) opens
/// a file, reads a lesson body from its file, or starts a program.
#[test]
fn only_the_event_loop_of_the_ui_does_input_and_output() {
    let mut wrong = Vec::new();
    for path in files_of("ui") {
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        let in_ui_folder = path.parent().is_some_and(|folder| folder.ends_with("src/ui"));
        if in_ui_folder && UI_INPUT_OUTPUT.contains(&name) {
            continue;
        }
        for (number, line) in code_lines(&path) {
            for io in [
                "std::fs",
                "File::open",
                "File::create",
                ".body(",
                "open::",
                "Command::new",
            ] {
                if line.contains(io) {
                    wrong.push(format!("{}:{number}: {io}: {line}", path.display()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "input or output outside the event loop:\n{}",
        wrong.join("\n")
    );
}
