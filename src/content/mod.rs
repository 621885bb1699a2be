//! Content: the lesson model, its loader and diagnostics, its sanitizer, and markdown
//! rendering.
//!
//! A [`Library`] is the loaded, validated content: every entry and journey, with lookup by
//! id, title or alias. The bundled curriculum is compiled into the binary ([`bundled_files`])
//! so a copied binary works anywhere; `--content DIR` loads a folder instead
//! ([`crate::cache::load_folder`], through the folder's parsed cache, or [`loader::read_folder`] and
//! [`load`] directly), and with `--with-bundled` on top of the bundled curriculum
//! ([`load_with_bundled`]). A folder's lesson bodies stay in their files until
//! [`Library::body`] reads one.

pub mod diagnostic;
pub mod loader;
pub mod markdown;
pub mod model;
pub mod nesting;
pub mod sanitize;
pub mod summary;
pub(crate) mod work;

pub use diagnostic::{Diagnostic, Severity};
pub use loader::{BodyError, Contents, LoadReport, SourceFile, load};
pub use model::{Body, BodySlot, Comparison, Entry, Faq, Journey, Level, Misconception, Replacement, Source};

use include_dir::{Dir, include_dir};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use work::counted;

static BUNDLED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// The curriculum shipped inside the binary, as loader input.
pub fn bundled_files() -> Vec<SourceFile> {
    let mut files = Vec::new();
    for (folder, kind) in [
        ("terms", loader::FileKind::Term),
        ("journeys", loader::FileKind::Journey),
    ] {
        let Some(dir) = BUNDLED.get_dir(folder) else { continue };
        let mut found: Vec<_> = dir
            .files()
            .filter(|file| file.path().extension().is_some_and(|ext| ext == "yaml"))
            .collect();
        found.sort_by_key(|file| file.path());
        for file in found {
            files.push(SourceFile::in_memory(
                format!("content/{}", file.path().display()),
                kind,
                file.contents().to_vec(),
            ));
        }
    }
    files
}

/// Loads the bundled curriculum.
pub fn load_bundled() -> LoadReport {
    load(bundled_files())
}

/// Loads the content folder `dir` on top of the bundled curriculum (`--with-bundled`,
/// [`loader::load_layered`]). Fails only when the folder cannot be listed.
///
/// The folder's parsed cache ([`crate::cache`]) is neither read nor written: it holds the
/// folder loaded alone, whose links, names and diagnostics differ from the layered load's,
/// and a layered library holds the bundled bodies, which the cache does not keep. Each
/// layered load parses the folder's files.
pub fn load_with_bundled(dir: &Path) -> std::io::Result<LoadReport> {
    let folder = loader::read_folder(dir)?;
    Ok(loader::load_layered(bundled_files(), folder, &folder_name(dir)))
}

/// The name a layered folder's replacing entries carry in their statement keys: the
/// folder's own name (of its real path, so `.` has one), which survives a move of the
/// folder, cleaned of control characters; `folder` when there is none.
pub fn folder_name(dir: &Path) -> String {
    let real = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    real.file_name()
        .map(|name| sanitize::sanitize(&name.to_string_lossy()).trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "folder".to_owned())
}

impl Entry {
    /// True when `name` is this entry's id, title or one of its aliases, ignoring case.
    ///
    /// Search calls this for every entry on every keystroke, so it allocates only when a
    /// name outside ASCII has to be lowercased.
    pub fn matches_name(&self, name: &str) -> bool {
        let name = name.trim();
        self.id.eq_ignore_ascii_case(name)
            || same_lowercase(&self.title, name)
            || self.aliases.iter().any(|alias| same_lowercase(alias, name))
    }
}

/// Whether `a.to_lowercase() == b.to_lowercase()`, without allocating for ASCII text.
///
/// Outside ASCII `str::to_lowercase` is the reference: it lowercases a final sigma by its
/// context, which comparing character by character would not, and lengths can change.
fn same_lowercase(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// `name` trimmed and lowercased as the name index keys are, borrowed when it already is.
fn lookup_key(name: &str) -> Cow<'_, str> {
    let name = name.trim();
    if name.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
        Cow::Owned(name.to_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Each entry's index by id, by lowercase title and by lowercase alias; the first entry wins
/// where two share a name.
#[derive(Debug, Default, Clone)]
struct NameMaps {
    by_id: HashMap<String, usize>,
    by_title: HashMap<String, usize>,
    by_alias: HashMap<String, usize>,
}

impl NameMaps {
    fn of(entries: &[Entry]) -> NameMaps {
        // The three maps are independent: built side by side.
        let ((by_id, by_title), by_alias) = rayon::join(
            || {
                rayon::join(
                    || {
                        let mut by_id = HashMap::with_capacity(entries.len());
                        for (index, entry) in entries.iter().enumerate() {
                            by_id.entry(entry.id.clone()).or_insert(index);
                        }
                        by_id
                    },
                    || {
                        let mut by_title = HashMap::with_capacity(entries.len());
                        for (index, entry) in entries.iter().enumerate() {
                            by_title.entry(entry.title.to_lowercase()).or_insert(index);
                        }
                        by_title
                    },
                )
            },
            || {
                let mut by_alias = HashMap::new();
                for (index, entry) in entries.iter().enumerate() {
                    for alias in &entry.aliases {
                        by_alias.entry(alias.to_lowercase()).or_insert(index);
                    }
                }
                by_alias
            },
        );
        NameMaps {
            by_id,
            by_title,
            by_alias,
        }
    }
}

/// Loaded content with lookup by name.
#[derive(Debug, Default, Clone)]
pub struct Library {
    /// Sorted by title, case-insensitively.
    entries: Vec<Entry>,
    journeys: Vec<Journey>,
    /// Built the first time a name is looked up: listing or searching a library from the
    /// parsed cache never needs them.
    names: OnceLock<NameMaps>,
    /// What links to each entry, worked out once: the map asks on every visit, and finding
    /// it on demand means parsing the markdown of the whole library.
    ///
    /// Boxed, to keep `Library` small: it is moved by value, inside a `LoadReport`, into the
    /// reader.
    backlinks: Box<Backlinks>,
}

/// For each entry, by index, the entries whose related list, comparisons or wiki links
/// point at it, in library order. One flat list cut into runs
/// (`sources[starts[i]..starts[i + 1]]` for entry `i`) rather than a vector per entry, which
/// would cost an allocation each.
#[derive(Debug, Default, Clone)]
struct Backlinks {
    starts: Vec<usize>,
    sources: Vec<usize>,
}

impl Library {
    pub fn new(entries: Vec<Entry>, journeys: Vec<Journey>) -> Library {
        let mut library = Library::indexed(entries, journeys);
        let wiki: Vec<Vec<usize>> = library
            .entries
            .iter()
            .map(|entry| {
                markdown_fields(entry)
                    .flat_map(markdown::wiki_link_targets)
                    .filter_map(|target| library.position(&target))
                    .collect()
            })
            .collect();
        library.link_back(&wiki);
        library
    }

    /// The entries sorted and indexed by name, with no backlinks yet.
    fn indexed(entries: Vec<Entry>, journeys: Vec<Journey>) -> Library {
        let mut nothing = vec![(); entries.len()];
        Library::indexed_with(entries, &mut nothing, journeys)
    }

    /// [`Library::indexed`] for entries that each come with something of the caller's:
    /// `extras[i]` belongs to `entries[i]` and is moved along with it. The loader resolves
    /// references against this library and then calls [`Library::link_back`] with the wiki
    /// links it has already found, so the markdown is not parsed twice.
    fn indexed_with<T>(mut entries: Vec<Entry>, extras: &mut [T], journeys: Vec<Journey>) -> Library {
        // Lowercased once each rather than at every comparison; the sort is stable, so equal
        // titles keep the order they came in.
        let keys: Vec<String> = entries.iter().map(|entry| entry.title.to_lowercase()).collect();
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        drop(keys);
        debug_assert_eq!(extras.len(), entries.len(), "one extra per entry");
        apply_order(&mut entries, &order);
        apply_order(extras, &order);
        Library::in_order(entries, journeys)
    }

    /// The library of `entries`, which are in library order already.
    fn in_order(entries: Vec<Entry>, journeys: Vec<Journey>) -> Library {
        Library {
            entries,
            journeys,
            names: OnceLock::new(),
            backlinks: Box::default(),
        }
    }

    /// The name maps, built on first use.
    fn names(&self) -> &NameMaps {
        self.names.get_or_init(|| NameMaps::of(&self.entries))
    }

    /// Fills in what links to what. `wiki[i]` holds the indices of the entries that the wiki
    /// links of entry `i` resolve to; related lists and comparisons are read from the entries,
    /// which hold resolved ids by now.
    fn link_back(&mut self, wiki: &[Vec<usize>]) {
        // Targets are taken by id, as `linked_from` is asked, so an id that two entries share
        // (possible only in a library built by hand) counts as its first entry.
        let names = self.names();
        let canonical: Vec<usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(index, entry)| names.by_id.get(&entry.id).copied().unwrap_or(index))
            .collect();
        // Each source's targets, one run per source in library order.
        let mut targets: Vec<usize> = Vec::new();
        let mut ends = Vec::with_capacity(self.entries.len());
        let mut counts = vec![0; self.entries.len() + 1];
        for (source, entry) in self.entries.iter().enumerate() {
            let start = targets.len();
            let by_name = entry.related.iter().chain(&entry.compared);
            targets.extend(counted(by_name).filter_map(|id| names.by_id.get(id).copied()));
            let linked = wiki.get(source).map_or(&[][..], Vec::as_slice);
            targets.extend(counted(linked).filter_map(|&target| canonical.get(target).copied()));
            let own = &mut targets[start..];
            own.sort_unstable();
            let mut kept = start;
            for at in start..targets.len() {
                let target = targets[at];
                let repeated = kept > start && targets[kept - 1] == target;
                // `target` is the first entry with its id, as is `canonical[source]` for
                // this entry's: equal exactly when the ids are.
                if !repeated && Some(&target) != canonical.get(source) {
                    targets[kept] = target;
                    kept += 1;
                    counts[target + 1] += 1;
                }
            }
            targets.truncate(kept);
            ends.push(kept);
        }
        // Counting sort by target: sources are visited in library order, so each target's
        // run comes out in library order too.
        for index in 1..counts.len() {
            counts[index] += counts[index - 1];
        }
        let starts = counts.clone();
        let mut sources = vec![0; targets.len()];
        let mut start = 0;
        for (source, &end) in ends.iter().enumerate() {
            for &target in &targets[start..end] {
                sources[counts[target]] = source;
                counts[target] += 1;
            }
            start = end;
        }
        *self.backlinks = Backlinks { starts, sources };
    }

    /// A library as [`crate::cache`] saved it: entries in library order and the backlinks worked
    /// out then. `None` when the parts do not fit together (a damaged cache).
    pub(crate) fn restored(
        entries: Vec<Entry>,
        journeys: Vec<Journey>,
        starts: Vec<usize>,
        sources: Vec<usize>,
    ) -> Option<Library> {
        let fits = starts.len() == entries.len() + 1
            && starts.windows(2).all(|pair| pair[0] <= pair[1])
            && starts.first() == Some(&0)
            && starts.last() == Some(&sources.len())
            && sources.iter().all(|&source| source < entries.len());
        if !fits {
            return None;
        }
        // Saved in library order, so not sorted again (a cache that was tampered with could
        // only list entries in another order).
        let mut library = Library::in_order(entries, journeys);
        *library.backlinks = Backlinks { starts, sources };
        Some(library)
    }

    /// The backlinks, for [`crate::cache`] to save.
    pub(crate) fn backlink_parts(&self) -> (&[usize], &[usize]) {
        (&self.backlinks.starts, &self.backlinks.sources)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entries, in library order, for a caller done with the rest.
    pub fn into_entries(self) -> Vec<Entry> {
        self.entries
    }

    pub fn journeys(&self) -> &[Journey] {
        &self.journeys
    }

    /// The entries' indices grouped by level, in [`Level::ALL`] order and library order within
    /// a level, leaving out levels no entry has.
    pub fn by_level(&self) -> Vec<(Level, Vec<usize>)> {
        Level::ALL
            .into_iter()
            .map(|level| {
                let members = (0..self.entries.len())
                    .filter(|&index| self.entries[index].level == level)
                    .collect::<Vec<_>>();
                (level, members)
            })
            .filter(|(_, members)| !members.is_empty())
            .collect()
    }

    /// The widest title, in terminal columns.
    pub fn widest_title(&self) -> usize {
        self.entries
            .iter()
            .map(|entry| unicode_width::UnicodeWidthStr::width(entry.title.as_str()))
            .max()
            .unwrap_or(0)
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.names().by_id.get(id).map(|&index| &self.entries[index])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.names().by_id.get(id).copied()
    }

    /// The rest of `entry`'s lesson: the body held in memory, or read back from its file.
    pub fn body(&self, entry: &Entry) -> Result<Arc<Body>, BodyError> {
        match &entry.body {
            BodySlot::Held(body) => Ok(Arc::clone(body)),
            BodySlot::OnDisk(path) => loader::read_body(entry, path, self).map(Arc::new),
        }
    }

    pub fn journey(&self, id: &str) -> Option<&Journey> {
        self.journeys.iter().find(|journey| journey.id == id)
    }

    /// Resolves a name the way links do: by id, then title, then alias, ignoring case.
    pub fn resolve(&self, name: &str) -> Option<&Entry> {
        self.position(name).map(|index| &self.entries[index])
    }

    /// The index of the entry [`Library::resolve`] finds.
    fn position(&self, name: &str) -> Option<usize> {
        let key = lookup_key(name);
        let key = key.as_ref();
        let names = self.names();
        names
            .by_id
            .get(key)
            .or_else(|| names.by_title.get(key))
            .or_else(|| names.by_alias.get(key))
            .copied()
    }

    /// Entries whose related list, links or comparisons point at `id`, in library order.
    pub fn linked_from(&self, id: &str) -> Vec<&Entry> {
        let Some(&target) = self.names().by_id.get(id) else {
            // No entry has this id, so no wiki link can reach it; a related list or comparison
            // may still name it in a library built by hand.
            return self
                .entries
                .iter()
                .filter(|entry| entry.id != id)
                .filter(|entry| entry.related.iter().any(|r| r == id) || entry.compared.iter().any(|c| c == id))
                .collect();
        };
        let (Some(&start), Some(&end)) = (self.backlinks.starts.get(target), self.backlinks.starts.get(target + 1))
        else {
            return Vec::new();
        };
        self.backlinks.sources[start..end]
            .iter()
            .map(|&source| &self.entries[source])
            .collect()
    }
}

/// Puts `items` in `order`, where `order[i]` is the index of the item that goes to `i`. Each
/// item is moved in place, following the permutation's cycles, so nothing is copied into a
/// second vector: the loader's vectors hold a whole library.
fn apply_order<T>(items: &mut [T], order: &[usize]) {
    let mut done = vec![false; items.len()];
    for start in 0..items.len() {
        let mut at = start;
        while !done[at] {
            done[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// Every markdown field of an entry, the ones that may hold wiki links: the definition, and
/// the body's when it is held in memory. (The loader finds the wiki links of every entry while
/// its body is still held.)
fn markdown_fields(entry: &Entry) -> impl Iterator<Item = &str> {
    markdown_fields_with(entry, entry.held_body())
}

/// [`markdown_fields`] with the body given, for a body read back from its file.
pub(crate) fn markdown_fields_with<'a>(entry: &'a Entry, body: Option<&'a Body>) -> impl Iterator<Item = &'a str> {
    std::iter::once(entry.definition.as_str())
        .chain(body.map(|body| body.analysis.as_str()))
        .chain(
            body.into_iter()
                .flat_map(|body| body.faqs.iter().map(|faq| faq.answer.as_str())),
        )
        .chain(
            body.into_iter()
                .flat_map(|body| body.misconceptions.iter().map(|m| m.explanation.as_str())),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `linked_from` as it was before backlinks were worked out once: every entry's related
    /// list, comparisons and wiki links, looked at on each call.
    fn linked_from_by_scanning<'a>(library: &'a Library, id: &str) -> Vec<&'a Entry> {
        library
            .entries()
            .iter()
            .filter(|entry| entry.id != id)
            .filter(|entry| {
                entry.related.iter().any(|r| r == id)
                    || entry.compared.iter().any(|c| c == id)
                    || markdown_fields(entry)
                        .flat_map(markdown::wiki_link_targets)
                        .any(|target| library.resolve(&target).is_some_and(|found| found.id == id))
            })
            .collect()
    }

    fn ids<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Vec<&'a str> {
        entries.into_iter().map(|entry| entry.id.as_str()).collect()
    }

    #[test]
    fn linked_from_matches_a_scan_of_the_bundled_library() {
        let report = load_bundled();
        let library = &report.library;
        let mut linked = 0;
        for entry in library.entries() {
            let expected = ids(linked_from_by_scanning(library, &entry.id));
            assert_eq!(
                ids(library.linked_from(&entry.id)),
                expected,
                "linked from {}",
                entry.id
            );
            linked += expected.len();
        }
        assert!(
            linked > library.entries().len(),
            "the bundled lessons link to each other"
        );
        // Rebuilt by hand from the loaded entries, the library finds the same backlinks by
        // parsing the markdown itself.
        let rebuilt = Library::new(library.entries().to_vec(), Vec::new());
        for entry in library.entries() {
            assert_eq!(
                ids(rebuilt.linked_from(&entry.id)),
                ids(library.linked_from(&entry.id)),
                "rebuilt, linked from {}",
                entry.id
            );
        }
    }

    fn entry(id: &str, title: &str, definition: &str, related: &[&str]) -> Entry {
        Entry {
            id: id.to_owned(),
            title: title.to_owned(),
            aliases: vec![format!("{title} alias")],
            definition: definition.to_owned(),
            related: related.iter().map(|r| (*r).to_owned()).collect(),
            path: format!("terms/{id}.yaml"),
            ..Entry::default()
        }
    }

    #[test]
    fn linked_from_matches_a_scan_of_a_library_built_by_hand() {
        // Unresolved related names, a shared id, self links, repeated links and names in
        // other cases: whatever a hand-built library holds, the answer is the scan's.
        let compared = entry(
            "c",
            "Gamma",
            "See [[b]] and [[B]] and [[beta alias]].",
            &["a", "nowhere"],
        )
        .with_body(Body {
            compare: vec![Comparison {
                with: "a".to_owned(),
                points: Vec::new(),
            }],
            ..Body::default()
        });
        let entries = vec![
            entry(
                "a",
                "Alpha",
                "Links to [[Beta]], [[a]] itself and [[missing]].",
                &["b", "Beta"],
            ),
            entry("b", "Beta", "Links to [[ALPHA ALIAS]] and [[Delta]].", &["a"]),
            compared,
            entry("d", "Delta", "Links to [[gamma]], a title in lowercase.", &["nowhere"]),
            entry("b", "Beta two", "A second `b`, linking to [[c]].", &[]),
        ];
        let library = Library::new(entries, Vec::new());
        for id in ["a", "b", "c", "d", "nowhere", "Beta", ""] {
            assert_eq!(
                ids(library.linked_from(id)),
                ids(linked_from_by_scanning(&library, id)),
                "linked from {id:?}"
            );
        }
        assert_eq!(ids(library.linked_from("a")), ["b", "c"]);
        assert_eq!(ids(library.linked_from("nowhere")), ["d", "c"]);
    }

    #[test]
    fn apply_order_moves_each_item_to_its_place() {
        // Every permutation of five items, by a simple walk through them.
        let mut order: Vec<usize> = (0..5).collect();
        let mut seen = 0;
        loop {
            let mut items: Vec<String> = (0..5).map(|i| i.to_string()).collect();
            apply_order(&mut items, &order);
            let expected: Vec<String> = order.iter().map(usize::to_string).collect();
            assert_eq!(items, expected, "order {order:?}");
            seen += 1;
            // The next permutation in lexicographic order, if any.
            let Some(pivot) = (0..4).rev().find(|&i| order[i] < order[i + 1]) else {
                break;
            };
            let Some(swap) = (pivot + 1..5).rev().find(|&j| order[j] > order[pivot]) else {
                break;
            };
            order.swap(pivot, swap);
            order[pivot + 1..].reverse();
        }
        assert_eq!(seen, 120);
    }

    #[test]
    fn matches_name_ignores_case_and_surrounding_space() {
        let mut e = entry("totp", "TOTP", "", &[]);
        e.aliases = vec!["Time-based one-time password".to_owned(), "ΟΔΟΣ".to_owned()];
        assert!(e.matches_name("totp"));
        assert!(e.matches_name(" TOTP "));
        assert!(e.matches_name("time-based ONE-TIME password"));
        assert!(e.matches_name("οδος"));
        assert!(!e.matches_name("tot"));
        assert!(!e.matches_name(""));
        // As `str::to_lowercase` has it: a final sigma lowercases to ς, so σ at the end of a
        // word is a different name.
        assert!(!e.matches_name("οδοσ"));
    }
}
