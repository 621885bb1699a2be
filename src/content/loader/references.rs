//! Pass 3: every name an entry or journey uses must name an entry, and the warnings that need
//! the whole library.
//!
//! [`resolve_entry`] reports wiki links that name nothing and turns `related` and `compare`
//! names into ids in place; [`check_journey`] does the same for journey steps. Then
//! [`warn_about_links`] raises the warnings: orphans (nothing links to them), one-way
//! `related` links, and entries without misconceptions (so without a check).
//!
//! Every pass here is linear in the number of references: names are resolved to library
//! indices once, through the name maps, and from then on compared as integers or looked up
//! in hash sets, never found by scanning another entry's list. The lists are walked through
//! [`counted`], so the tests below hold each shape that used to be quadratic to a count.

use super::FileFindings;
use super::places::{JourneyFile, LineColumn, Places, Targets, or_start};
use super::validate::is_valid_id;
use crate::content::Library;
use crate::content::diagnostic::Diagnostic;
use crate::content::model::{Body, BodySlot, Journey};
use crate::content::work::{counted, visited};
use std::collections::{HashMap, HashSet};

/// Each `related` item of an entry that names another entry: the library index of that
/// entry, and where the item is written if it was found as written.
pub(super) type RelatedWritten = Vec<(usize, Option<LineColumn>)>;

/// Pass 3 for one entry (by its index in the library): checks its wiki links and resolves
/// `related` and `compare` targets to ids. Returns the indices its wiki links resolve to, so
/// that the markdown is parsed once per load, and where its `related` items are written, by
/// the entry each resolved to, for the one-way check.
pub(super) fn resolve_entry(
    library: &mut Library,
    index: usize,
    places: &Places,
    (targets, links): (&Targets, &[(u32, LineColumn)]),
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<usize>, RelatedWritten) {
    let path = library.entries[index].path.clone();
    let id = library.entries[index].id.clone();

    let resolved: Vec<Option<usize>> = counted(targets.iter()).map(|target| library.position(target)).collect();
    if resolved.iter().any(Option::is_none) {
        let texts: Vec<&str> = targets.iter().collect();
        for &(target, at) in counted(links) {
            let target = target as usize;
            if resolved.get(target).is_some_and(Option::is_none) {
                diagnostics.push(Diagnostic::error(
                    &path,
                    at.get(),
                    format!("link [[{}]] does not name any entry", texts[target]),
                ));
            }
        }
    }
    let linked = resolved.into_iter().flatten().collect();

    // Where a `related` item is reported when nothing is found as written: its key.
    let related_at = |item: usize| or_start(places.related().get(item).copied().flatten().or(places.related_key));
    let names = std::mem::take(&mut library.entries[index].related);
    let mut related = Vec::new();
    let mut related_indices = HashSet::new();
    let mut written = Vec::new();
    for (item, name) in counted(names.iter()).enumerate() {
        match library.position(name) {
            Some(other) if library.entries[other].id == id => {
                diagnostics.push(Diagnostic::error(
                    &path,
                    related_at(item),
                    format!("related term `{name}` is this entry itself"),
                ));
            }
            Some(other) => {
                written.push((other, places.related().get(item).copied().flatten()));
                if related_indices.insert(other) {
                    related.push(library.entries[other].id.clone());
                }
            }
            None => {
                diagnostics.push(Diagnostic::error(
                    &path,
                    related_at(item),
                    format!("related term `{name}` does not name any entry"),
                ));
            }
        }
    }
    related.shrink_to_fit();
    library.entries[index].related = related;

    let mut compared = Vec::new();
    for (item, with) in counted(std::mem::take(&mut library.entries[index].compared)).enumerate() {
        match library.position(&with) {
            Some(other) => compared.push(library.entries[other].id.clone()),
            None => {
                let at = or_start(places.compare().get(item).copied().flatten());
                diagnostics.push(Diagnostic::error(
                    &path,
                    at,
                    format!("compare target `{with}` does not name any entry"),
                ));
            }
        }
    }
    compared.shrink_to_fit();
    library.entries[index].compared = compared;
    // A body held in memory has just been made, so it is not shared yet and is resolved in
    // place; one left on disk is resolved the same way when it is read.
    let mut slot = std::mem::take(&mut library.entries[index].body);
    if let BodySlot::Held(body) = &mut slot {
        resolve_comparisons(std::sync::Arc::make_mut(body), library);
    }
    library.entries[index].body = slot;
    (linked, written)
}

/// Points each comparison at its entry's id, dropping those that name no entry (pass 3 has
/// reported them), so a body agrees with its entry's `compared`.
pub(super) fn resolve_comparisons(body: &mut Body, library: &Library) {
    body.compare.retain_mut(|comparison| {
        visited(1);
        match library.position(&comparison.with) {
            Some(other) => {
                comparison.with.clone_from(&library.entries[other].id);
                true
            }
            None => false,
        }
    });
}

/// Pass 3 for one journey: a journey with an invalid id, or with no step that names an
/// entry, is skipped; a step that names none is reported and dropped.
pub(super) fn check_journey(
    journey: JourneyFile,
    library: &Library,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Journey> {
    let path = &journey.path;
    if !is_valid_id(&journey.id) {
        diagnostics.push(Diagnostic::error(
            path,
            or_start(journey.id_key),
            format!(
                "invalid journey id `{}`: use lowercase letters, digits and dashes",
                journey.id
            ),
        ));
        return None;
    }
    let mut steps = Vec::new();
    for (step, at) in counted(journey.steps.iter().zip(&journey.steps_at)) {
        match library.resolve(step) {
            Some(entry) => steps.push(entry.id.clone()),
            None => {
                diagnostics.push(Diagnostic::error(
                    path,
                    at.get(),
                    format!("journey step `{step}` does not name any entry"),
                ));
            }
        }
    }
    if steps.is_empty() {
        diagnostics.push(Diagnostic::error(
            path,
            or_start(journey.steps_key),
            "journey has no steps",
        ));
        return None;
    }
    Some(Journey {
        id: journey.id,
        title: journey.title,
        description: journey.description,
        steps,
        path: journey.path,
    })
}

/// Orphans, one-way related links and entries without misconceptions, in path order
/// (`order`). `wiki` holds, for each entry by library index, the entries its wiki links
/// resolved to, and `related_written` where its `related` items are written.
pub(super) fn warn_about_links(
    library: &Library,
    order: &[usize],
    findings: &[FileFindings],
    wiki: &[Vec<usize>],
    related_written: &[RelatedWritten],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let entries = &library.entries;
    // Ids are unique by now, so an entry links to another exactly when the index differs.
    let mut linked = vec![false; entries.len()];
    for (index, entry) in entries.iter().enumerate() {
        let related = related_written[index].iter().map(|&(target, _)| target);
        let compared = entry.compared.iter().filter_map(|id| library.index_of(id));
        let targets = related.chain(compared).chain(wiki[index].iter().copied());
        for target in counted(targets) {
            if target != index {
                linked[target] = true;
            }
        }
    }
    for journey in &library.journeys {
        for step in counted(&journey.steps) {
            if let Some(target) = library.index_of(step) {
                linked[target] = true;
            }
        }
    }

    // What each entry's related list names, by library index, sorted: whether the other
    // entry links back is then a binary search of its list, not a scan of it, which is
    // quadratic for a hub related to every entry.
    let links_to: Vec<Vec<usize>> = related_written
        .iter()
        .map(|written| {
            let mut targets: Vec<usize> = counted(written).map(|&(target, _)| target).collect();
            targets.sort_unstable();
            targets.dedup();
            targets
        })
        .collect();
    let links_back = |from: usize, to: usize| links_to[from].binary_search(&to).is_ok();
    // Which entry last warned about each other entry, so an entry named twice in one list
    // is warned about once, without a set per entry.
    let mut warned_by = vec![usize::MAX; entries.len()];

    for &index in order {
        // Under a layered folder, the bundled lessons are not the author's to change: they
        // are warned about neither for themselves nor as the far end of a one-way link.
        if findings[index].bundled {
            continue;
        }
        let entry = &entries[index];
        let places = &findings[index].places;
        if entries.len() > 1 && !linked[index] {
            diagnostics.push(Diagnostic::warning(
                &entry.path,
                or_start(places.title_key),
                format!("nothing links to `{}` (orphan entry)", entry.id),
            ));
        }
        // Where the first item naming each entry is written in this entry's list, worked
        // out once, and only if some link is one-way.
        let mut written: Option<HashMap<usize, LineColumn>> = None;
        for &(other_index, _) in counted(&related_written[index]) {
            if warned_by[other_index] != index && !findings[other_index].bundled && !links_back(other_index, index) {
                warned_by[other_index] = index;
                let other_id = &entries[other_index].id;
                let written = written.get_or_insert_with(|| {
                    let mut first: HashMap<usize, LineColumn> = HashMap::new();
                    for &(other, at) in counted(&related_written[index]) {
                        if let Some(at) = at {
                            let slot = first.entry(other).or_insert(at);
                            *slot = (*slot).min(at);
                        }
                    }
                    first
                });
                // The list may name the other entry by its id, title or an alias: the first
                // item written that resolved to it.
                let at = or_start(written.get(&other_index).copied().or(places.related_key));
                diagnostics.push(Diagnostic::warning(
                    &entry.path,
                    at,
                    format!(
                        "related link to `{other_id}` is one-way: add `{}` to its related list",
                        entry.id
                    ),
                ));
            }
        }
        if places.no_misconceptions {
            let at = or_start(places.misconceptions_key.or(places.title_key));
            diagnostics.push(Diagnostic::warning(
                &entry.path,
                at,
                format!("`{}` has no misconceptions, so it has no check", entry.id),
            ));
        }
    }
}
