//! Content: the lesson model, its loader and diagnostics, its sanitizer, and markdown
//! rendering.
//!
//! A [`Library`] is the loaded, validated content: every entry and journey, with lookup by
//! id, title or alias. The bundled curriculum is compiled into the binary ([`bundled_files`])
//! so a copied binary works anywhere; `--content DIR` loads a folder instead
//! ([`loader::read_folder`]).

pub mod diagnostic;
pub mod loader;
pub mod markdown;
pub mod model;
pub mod sanitize;

pub use diagnostic::{Diagnostic, Severity};
pub use loader::{LoadReport, SourceFile, load};
pub use model::{Comparison, Entry, Faq, Journey, Level, Misconception, Source};

use include_dir::{Dir, include_dir};
use std::collections::HashMap;

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
            files.push(SourceFile {
                path: format!("content/{}", file.path().display()),
                kind,
                bytes: Ok(file.contents().to_vec()),
            });
        }
    }
    files
}

/// Loads the bundled curriculum.
pub fn load_bundled() -> LoadReport {
    load(bundled_files())
}

impl Entry {
    /// True when `name` is this entry's id, title or one of its aliases, ignoring case.
    pub fn matches_name(&self, name: &str) -> bool {
        let name = name.trim();
        self.id.eq_ignore_ascii_case(name)
            || self.title.to_lowercase() == name.to_lowercase()
            || self
                .aliases
                .iter()
                .any(|alias| alias.to_lowercase() == name.to_lowercase())
    }
}

/// Loaded content with lookup by name.
#[derive(Debug, Default, Clone)]
pub struct Library {
    /// Sorted by title, case-insensitively.
    entries: Vec<Entry>,
    journeys: Vec<Journey>,
    by_id: HashMap<String, usize>,
    by_title: HashMap<String, usize>,
    by_alias: HashMap<String, usize>,
}

impl Library {
    pub fn new(mut entries: Vec<Entry>, journeys: Vec<Journey>) -> Library {
        entries.sort_by_key(|entry| entry.title.to_lowercase());
        let mut library = Library {
            entries,
            journeys,
            ..Library::default()
        };
        for (index, entry) in library.entries.iter().enumerate() {
            library.by_id.entry(entry.id.clone()).or_insert(index);
            library.by_title.entry(entry.title.to_lowercase()).or_insert(index);
            for alias in &entry.aliases {
                library.by_alias.entry(alias.to_lowercase()).or_insert(index);
            }
        }
        library
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn journeys(&self) -> &[Journey] {
        &self.journeys
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&index| &self.entries[index])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn journey(&self, id: &str) -> Option<&Journey> {
        self.journeys.iter().find(|journey| journey.id == id)
    }

    /// Resolves a name the way links do: by id, then title, then alias, ignoring case.
    pub fn resolve(&self, name: &str) -> Option<&Entry> {
        let key = name.trim().to_lowercase();
        self.by_id
            .get(&key)
            .or_else(|| self.by_title.get(&key))
            .or_else(|| self.by_alias.get(&key))
            .map(|&index| &self.entries[index])
    }

    /// Entries whose related list, links or comparisons point at `id`.
    pub fn linked_from(&self, id: &str) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|entry| entry.id != id)
            .filter(|entry| {
                entry.related.iter().any(|r| r == id)
                    || entry.compare.iter().any(|c| c.with == id)
                    || [entry.definition.as_str(), entry.analysis.as_str()]
                        .into_iter()
                        .chain(entry.faqs.iter().map(|f| f.answer.as_str()))
                        .chain(entry.misconceptions.iter().map(|m| m.explanation.as_str()))
                        .flat_map(markdown::wiki_link_targets)
                        .any(|target| self.resolve(&target).is_some_and(|found| found.id == id))
            })
            .collect()
    }
}
