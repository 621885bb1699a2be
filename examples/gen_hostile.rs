//! Writes content folders built to hurt the loader: the adversarial shapes of issue 16.
//!
//! ```sh
//! cargo run --release --example gen_hostile -- SHAPE N DIR
//! ```
//!
//! writes the shape `SHAPE` at size `N` to `DIR/terms/` (and `DIR/journeys/`). `DIR` must be
//! new or empty. The shapes, and what `N` counts:
//!
//! - `flow-seq`, `flow-map`: one file of `N` bytes (at most just under 1 MiB) nested as deep
//!   as it fits, `[[[…1]]]` or `{a: {a: …a}}`: refused by the flow pre-scan;
//! - `flow-seq-64`: one file of about `N` bytes holding as many flow sequences nested 64 deep
//!   (the most the pre-scan lets through) as fit: the parser's own work;
//! - `block-seq`: one file of about `N` bytes, a block sequence nested as deep as fits on one
//!   line, `- - - - … x`;
//! - `block-map`: one file of about `N` bytes, block mappings nested by indentation,
//!   `a:\n a:\n  a: …`;
//! - `one-way`: `N` small terms and a hub whose `related:` lists them all, none of them back
//!   (every link one-way); the ids are long, so at 10,000 the hub is just under 1 MiB;
//! - `mesh`: `N` terms, each related to every other;
//! - `hub`: `N` terms each related to one hub, which relates to none of them;
//! - `hub-aliases`: the same, the hub with `N` aliases;
//! - `keys`: one file of about `N` bytes that names `title` twice, then holds as many other
//!   top-level keys as fit: the parser stops at the second `title`, and the error is placed
//!   by the position scan, which sees every key;
//! - `links`: `N` small terms and one whose definition holds a `[[link]]` to each;
//! - `links-flow`: the same, the links in a flow mapping (`faqs: [{question: q, answer: …}]`)
//!   where the position scan cannot see them, so each is placed by a search of the text;
//! - `steps`: `N` small terms and one journey with a step for each;
//! - `compare`: `N` small terms and one that compares itself with each;
//! - `compared`: `N` small terms that each compare themselves with one term.
//!
//! The benchmark `benches/hostile.rs` and the tests in `src/content/work/tests.rs` include this
//! file as a module (`shape_files`, `write_files`), so the folders they load are exactly the
//! ones this command writes.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// Every shape, by the name the command takes.
pub const SHAPES: [&str; 15] = [
    "flow-seq",
    "flow-map",
    "flow-seq-64",
    "block-seq",
    "block-map",
    "one-way",
    "mesh",
    "hub",
    "hub-aliases",
    "keys",
    "links",
    "links-flow",
    "steps",
    "compare",
    "compared",
];

/// Just under the loader's 1 MiB cap, for the shapes sized in bytes.
pub const JUST_UNDER_1_MIB: usize = 1024 * 1024 - 64;

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = format!("usage: gen_hostile SHAPE N DIR\nshapes: {}", SHAPES.join(", "));
    let (Some(shape), Some(n), Some(dir)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("gen_hostile: N must be a whole number, not `{n}`\n{usage}");
        std::process::exit(2);
    };
    let Some(files) = shape_files(shape, n) else {
        eprintln!("gen_hostile: no shape `{shape}`\n{usage}");
        std::process::exit(2);
    };
    if let Err(error) = write_files(Path::new(dir), &files) {
        eprintln!("gen_hostile: {error}");
        std::process::exit(1);
    }
    let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
    eprintln!(
        "gen_hostile: wrote {shape} {n}: {} files, {bytes} bytes, to {dir}",
        files.len()
    );
}

/// Writes `files` under `dir`, which must be new or empty.
pub fn write_files(dir: &Path, files: &[(PathBuf, String)]) -> io::Result<()> {
    if dir.read_dir().is_ok_and(|mut items| items.next().is_some()) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} is not empty; choose a new or empty folder", dir.display()),
        ));
    }
    for sub in ["terms", "journeys"] {
        std::fs::create_dir_all(dir.join(sub))?;
    }
    for (path, text) in files {
        std::fs::write(dir.join(path), text)?;
    }
    Ok(())
}

/// The files of `shape` at size `n`, as (path relative to the content folder, YAML text);
/// `None` for a shape not in [`SHAPES`].
pub fn shape_files(shape: &str, n: usize) -> Option<Vec<(PathBuf, String)>> {
    let files = match shape {
        "flow-seq" => vec![term_file("flow-seq", &flow_seq(n))],
        "flow-map" => vec![term_file("flow-map", &flow_map(n))],
        "flow-seq-64" => vec![term_file("flow-seq-64", &flow_seq_64(n))],
        "block-seq" => vec![term_file("block-seq", &block_seq(n))],
        "block-map" => vec![term_file("block-map", &block_map(n))],
        "one-way" => one_way(n),
        "mesh" => mesh(n),
        "hub" => hub(n, false),
        "hub-aliases" => hub(n, true),
        "keys" => vec![term_file("keys", &keys(n))],
        "links" => links(n, false),
        "links-flow" => links(n, true),
        "steps" => steps(n),
        "compare" => compare(n),
        "compared" => compared(n),
        _ => return None,
    };
    Some(files)
}

fn term_file(id: &str, text: &str) -> (PathBuf, String) {
    (PathBuf::from("terms").join(format!("{id}.yaml")), text.to_owned())
}

/// A valid small term, with `extra` YAML after its required fields.
fn small_term(id: &str, extra: &str) -> String {
    format!("id: {id}\ntitle: Title {id}\nlevel: beginner\ndefinition: A small term.\n{extra}")
}

const HEAD: &str = "level: beginner\ndefinition: ";

/// `definition: [[[…1]]]`, `bytes` long, the issue's first shape.
fn flow_seq(bytes: usize) -> String {
    let head = format!("title: deep sequences\n{HEAD}");
    let depth = bytes.min(JUST_UNDER_1_MIB).saturating_sub(head.len() + 2) / 2;
    format!("{head}{}1{}\n", "[".repeat(depth), "]".repeat(depth))
}

/// `definition: {a: {a: …a}}`, `bytes` long.
fn flow_map(bytes: usize) -> String {
    let head = format!("title: deep mappings\n{HEAD}");
    let depth = bytes.min(JUST_UNDER_1_MIB).saturating_sub(head.len() + 2) / 5;
    format!("{head}{}a{}\n", "{a: ".repeat(depth), "}".repeat(depth))
}

/// Lines of `- [[[…]]]` 64 deep under an unknown key: the deepest the pre-scan lets through,
/// as often as fits in `bytes`. The file parses, then fails the schema.
fn flow_seq_64(bytes: usize) -> String {
    let item = format!("- {}1{}\n", "[".repeat(64), "]".repeat(64));
    let mut text = format!("title: wide and deep\n{HEAD}x\nnested:\n");
    while text.len() + item.len() <= bytes.min(JUST_UNDER_1_MIB) {
        text.push_str(&item);
    }
    text
}

/// `definition:` then `- - - … x`, one line `bytes` long.
fn block_seq(bytes: usize) -> String {
    let head = format!("title: deep block sequence\n{HEAD}x\nnested:\n");
    let depth = bytes.min(JUST_UNDER_1_MIB).saturating_sub(head.len() + 2) / 2;
    format!("{head}{}x\n", "- ".repeat(depth))
}

/// `nested:` then `a:` indented one more space per level, about `bytes` long.
fn block_map(bytes: usize) -> String {
    let mut text = format!("title: deep block mapping\n{HEAD}x\nnested:\n");
    let mut depth = 1;
    // Room for this level's line and the last line, `x` one level deeper.
    while text.len() + (depth + 3) + (depth + 3) <= bytes.min(JUST_UNDER_1_MIB) {
        text.push_str(&" ".repeat(depth));
        text.push_str("a:\n");
        depth += 1;
    }
    text.push_str(&" ".repeat(depth));
    text.push_str("x\n");
    text
}

/// Ids about 100 characters long, so a list of 10,000 of them is just under 1 MiB.
fn long_id(index: usize) -> String {
    format!("{}-{index:06}", "one-way-term-with-a-long-id".repeat(3))
}

/// `n` small terms with the ids `id(0)`, … and `extra` YAML each.
fn terms(n: usize, id: impl Fn(usize) -> String, extra: &str) -> Vec<(PathBuf, String)> {
    (0..n).map(|i| term_file(&id(i), &small_term(&id(i), extra))).collect()
}

/// `key:` and a block list of `item(i)` for each `i` in `items`.
fn block_list(key: &str, items: impl Iterator<Item = usize>, item: impl Fn(usize) -> String) -> String {
    let mut list = format!("{key}:\n");
    for i in items {
        let _ = writeln!(list, "- {}", item(i));
    }
    list
}

fn one_way(n: usize) -> Vec<(PathBuf, String)> {
    let mut files = terms(n, long_id, "");
    files.push(term_file(
        "hub",
        &small_term("hub", &block_list("related", 0..n, long_id)),
    ));
    files
}

fn mesh(n: usize) -> Vec<(PathBuf, String)> {
    let id = |i: usize| format!("m{i:05}");
    (0..n)
        .map(|i| {
            let related = block_list("related", (0..n).filter(|&other| other != i), id);
            term_file(&id(i), &small_term(&id(i), &related))
        })
        .collect()
}

fn hub(n: usize, aliases: bool) -> Vec<(PathBuf, String)> {
    let mut files = terms(n, |i| format!("h{i:06}"), "related: [hub]\n");
    let names = if aliases {
        block_list("aliases", 0..n, |i| format!("alias {i}"))
    } else {
        String::new()
    };
    files.push(term_file("hub", &small_term("hub", &names)));
    files
}

/// `title` twice, then top-level keys `k000000: x`, … to about `bytes`.
fn keys(bytes: usize) -> String {
    let mut text = format!("title: a\ntitle: b\n{HEAD}x\n");
    for index in 0.. {
        let line = format!("k{index:06}: x\n");
        if text.len() + line.len() > bytes.min(JUST_UNDER_1_MIB) {
            break;
        }
        text.push_str(&line);
    }
    text
}

fn links(n: usize, flow: bool) -> Vec<(PathBuf, String)> {
    let id = |i: usize| format!("l{i:06}");
    let mut files = terms(n, id, "");
    let mut body = String::new();
    for i in 0..n {
        let _ = write!(body, "[[{}]] ", id(i));
    }
    let text = if flow {
        format!("id: linker\ntitle: Linker\n{HEAD}x\nfaqs: [{{question: q, answer: \"{body}\"}}]\n")
    } else {
        format!("id: linker\ntitle: Linker\n{HEAD}|\n  {body}\n")
    };
    files.push(term_file("linker", &text));
    files
}

fn steps(n: usize) -> Vec<(PathBuf, String)> {
    let id = |i: usize| format!("s{i:06}");
    let mut files = terms(n, id, "");
    let journey = format!("id: long-walk\ntitle: A long walk\n{}", block_list("steps", 0..n, id));
    files.push((PathBuf::from("journeys/long-walk.yaml"), journey));
    files
}

fn compare(n: usize) -> Vec<(PathBuf, String)> {
    let id = |i: usize| format!("c{i:06}");
    let mut files = terms(n, id, "");
    let compared = block_list("compare", 0..n, |i| format!("with: {}\n  points: []", id(i)));
    files.push(term_file("comparer", &small_term("comparer", &compared)));
    files
}

fn compared(n: usize) -> Vec<(PathBuf, String)> {
    let mut files = terms(n, |i| format!("d{i:06}"), "compare:\n- with: target\n  points: []\n");
    files.push(term_file("target", &small_term("target", "")));
    files
}
