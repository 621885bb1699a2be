//! The passes over references hold to linear work on the shapes of issue 16 that were
//! quadratic: a hub whose `related` lists every entry one way, a full mesh, many entries
//! related to one hub, a term with a link to every entry, a journey through every entry and
//! a term compared with every entry, and one every entry compares itself with.
//!
//! Each shape is loaded at a size and at twice that size, counting the items the passes
//! visit ([`visits_during`]). Linear work at most about doubles; the quadratic forms these
//! replaced (a scan of the other entry's list for each related link, a search of the text for
//! each link, a scan of the partners found so far for each partner) quadruple it. The count is
//! also held to a small multiple of the references the shape holds.

use super::visits_during;
use crate::compare;
use crate::content::loader::read_folder;
use crate::content::{Library, LoadReport, load};

#[allow(dead_code)]
#[path = "../../../examples/gen_hostile.rs"]
mod gen_hostile;

/// Visits per reference the passes may make: resolving a name, noting a backlink, checking
/// the other side and placing a warning each look at it once or twice.
const PER_REFERENCE: u64 = 8;

/// A load of a shape, and the folder it was written to, which lesson bodies are read back
/// from.
struct Loaded {
    report: LoadReport,
    _folder: tempfile::TempDir,
}

/// The shape `shape` at size `n`, written to a folder and loaded from it as `--content`
/// loads, with the visits the load made.
fn load_counted(shape: &str, n: usize) -> (Loaded, u64) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let files = gen_hostile::shape_files(shape, n).expect("a known shape");
    gen_hostile::write_files(folder.path(), &files).expect("the shape is written");
    let (report, visits) = visits_during(|| load(read_folder(folder.path()).expect("the folder is listed")));
    (
        Loaded {
            report,
            _folder: folder,
        },
        visits,
    )
}

/// Loads `shape` at `n` and `2 n`, and checks that the work grew linearly and stayed within
/// [`PER_REFERENCE`] visits per reference; `references(n)` is how many the shape holds.
/// Returns the two loads for further checks.
fn assert_linear(shape: &str, n: usize, references: impl Fn(usize) -> usize) -> (Loaded, Loaded) {
    let (small, small_visits) = load_counted(shape, n);
    let (large, large_visits) = load_counted(shape, 2 * n);
    for (size, visits) in [(n, small_visits), (2 * n, large_visits)] {
        let bound = PER_REFERENCE * references(size) as u64;
        assert!(
            visits <= bound,
            "{shape} at {size}: {visits} visits for {} references (at most {bound})",
            references(size)
        );
    }
    eprintln!("{shape}: {small_visits} visits at {n}, {large_visits} at {}", 2 * n);
    // Twice the references: linear work at most about doubles, quadratic work quadruples.
    let ratio = large_visits as f64 / small_visits as f64;
    let growth = references(2 * n) as f64 / references(n) as f64;
    assert!(
        ratio <= 1.25 * growth,
        "{shape}: {small_visits} visits at {n}, {large_visits} at {} ({ratio:.2} times, the references {growth:.2} times)",
        2 * n
    );
    (small, large)
}

fn messages(report: &LoadReport, part: &str) -> usize {
    report
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.message.contains(part))
        .count()
}

#[test]
fn a_hub_related_one_way_to_every_entry_is_linear() {
    let (_, large) = assert_linear("one-way", 500, |n| n);
    // Every link is one-way, each reported once, where it is written.
    assert_eq!(messages(&large.report, "is one-way"), 1_000);
    let last = large
        .report
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.message.contains("is one-way"))
        .map(|diagnostic| diagnostic.line)
        .max();
    assert_eq!(
        last,
        Some(1_000 + 5),
        "the last item of the hub's list, below its key on line 5"
    );
}

#[test]
fn a_full_mesh_is_linear_in_its_links() {
    // n (n - 1) related links, every one answered: no warning about them.
    let (_, large) = assert_linear("mesh", 30, |n| n * (n - 1));
    assert_eq!(messages(&large.report, "is one-way"), 0);
    assert_eq!(messages(&large.report, "orphan"), 0);
}

#[test]
fn many_entries_related_to_one_hub_are_linear() {
    let (_, large) = assert_linear("hub", 500, |n| n);
    assert_eq!(messages(&large.report, "is one-way"), 1_000);
    let library = &large.report.library;
    assert_eq!(library.linked_from("hub").len(), 1_000);
}

#[test]
fn many_entries_related_to_a_hub_with_many_aliases_are_linear() {
    // Each one-way warning is placed where the hub is named: once per list, not once per
    // alias of the hub.
    let (_, large) = assert_linear("hub-aliases", 500, |n| 2 * n);
    assert_eq!(messages(&large.report, "is one-way"), 1_000);
}

#[test]
fn a_term_linking_to_every_entry_is_linear() {
    let (_, large) = assert_linear("links", 500, |n| n);
    assert_eq!(large.report.library.linked_from("l000999").len(), 1);
    assert_eq!(
        messages(&large.report, "orphan"),
        1,
        "only the linking term: {:?}",
        large.report.diagnostics.first()
    );
}

#[test]
fn links_the_position_scan_cannot_see_are_placed_in_linear_time() {
    // In a flow mapping, each link is placed by a search of the text: one pass for all.
    // The search counts the bytes it reads, so the measure is the links' text, `[[l000001]] `
    // twelve bytes each.
    let (small, _) = assert_linear("links-flow", 500, |n| 12 * n);
    assert_eq!(small.report.library.linked_from("l000499").len(), 1);
}

#[test]
fn a_journey_through_every_entry_is_linear() {
    let (_, large) = assert_linear("steps", 500, |n| n);
    assert_eq!(large.report.library.journeys()[0].steps.len(), 1_000);
    assert_eq!(messages(&large.report, "orphan"), 0);
}

#[test]
fn a_term_compared_with_every_entry_is_linear_to_load_and_to_lay_out() {
    let (small, large) = assert_linear("compare", 500, |n| n);
    // Laying out the comparisons of the term that holds them all, and of one it names.
    let count = |library: &Library, id: &str| {
        let entry = library.get(id).expect("the entry");
        let body = library.body(entry).expect("its body, held in memory");
        let (found, visits) = visits_during(|| compare::comparisons(library, entry, &body).len());
        (found, visits)
    };
    let (found_small, visits_small) = count(&small.report.library, "comparer");
    let (found_large, visits_large) = count(&large.report.library, "comparer");
    assert_eq!((found_small, found_large), (500, 1_000));
    assert!(
        visits_large <= 2 * visits_small + 16 && visits_large <= PER_REFERENCE * 1_000,
        "comparisons of the comparer: {visits_small} visits at 500, {visits_large} at 1000"
    );
    let (found, visits) = count(&large.report.library, "c000999");
    assert_eq!(found, 1, "from the other side");
    assert!(visits <= PER_REFERENCE * 1_000, "{visits} visits for one comparison");
}

#[test]
fn a_term_many_compare_themselves_with_is_linear_to_lay_out() {
    let (small, large) = assert_linear("compared", 500, |n| n);
    let count = |library: &Library| {
        let entry = library.get("target").expect("the entry");
        let body = library.body(entry).expect("its body, held in memory");
        visits_during(|| compare::comparisons(library, entry, &body).len())
    };
    let (found_small, visits_small) = count(&small.report.library);
    let (found_large, visits_large) = count(&large.report.library);
    assert_eq!((found_small, found_large), (500, 1_000), "each from the other side");
    assert!(
        visits_large <= 2 * visits_small + 16 && visits_large <= PER_REFERENCE * 1_000,
        "comparisons of the target: {visits_small} visits at 500, {visits_large} at 1000"
    );
}
