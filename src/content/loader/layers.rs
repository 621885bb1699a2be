//! A content folder layered on the bundled lessons (`--with-bundled`,
//! [`load_layered`](super::load_layered)): which bundled entries the folder replaces, and the
//! folder's journeys beside the bundled ones.
//!
//! Both layers load as one set of files, the bundled ones first, so the rest of the load
//! (names, links, journeys) treats them as one library. What this module adds runs at the
//! start of pass 2, before names are compared: a folder entry that says `replaces: <id>` has
//! that id already (pass 1 saw to it), so the bundled entry of that id is taken out and
//! every link to the id reaches the folder's entry. The bundled content links to other
//! lessons by id only, so a replacement with another title still receives all its links.

use super::places::{JourneyFile, or_start};
use super::{FileFindings, LoadReport};
use crate::content::diagnostic::Diagnostic;
use crate::content::model::{Entry, Replacement};
use std::collections::{HashMap, HashSet};

/// Which entries to take out (`true`): each bundled entry a folder entry replaces. The
/// replacing entries are marked with `folder`; a `replaces:` that names no bundled entry is
/// an error at its key, and the entry stays, as an entry of its own. Entries are in pass
/// 2's order, bundled first, so the first folder file to replace an id does; a second one
/// then has a duplicate id, which [`check_names`](super::names::check_names) reports.
pub(super) fn replace_bundled(
    entries: &mut [Entry],
    findings: &[FileFindings],
    folder: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<bool> {
    let bundled: HashMap<String, usize> = entries
        .iter()
        .zip(findings)
        .enumerate()
        .filter(|(_, (_, file))| file.bundled)
        .map(|(index, (entry, _))| (entry.id.clone(), index))
        .collect();
    let mut replaced = vec![false; entries.len()];
    for (entry, file) in entries.iter_mut().zip(findings) {
        let Some(at) = file.places.replaces_key.filter(|_| !file.bundled) else {
            continue;
        };
        match bundled.get(&entry.id) {
            Some(&index) => {
                if !replaced[index] {
                    replaced[index] = true;
                    entry.replaces = Some(Box::new(Replacement {
                        folder: folder.to_owned(),
                    }));
                }
            }
            None => diagnostics.push(Diagnostic::error(
                &entry.path,
                at.get(),
                format!(
                    "`replaces: {}` names no bundled lesson (`lexicon list`, without --content, lists them)",
                    entry.id
                ),
            )),
        }
    }
    replaced
}

/// The journeys of both layers, the bundled ones first; a folder journey with the id of a
/// bundled one is an error at its id, and is left out.
pub(super) fn journeys_of_both(journeys: Vec<(JourneyFile, bool)>, report: &mut LoadReport) -> Vec<JourneyFile> {
    let bundled: HashSet<String> = journeys
        .iter()
        .filter(|(_, bundled)| *bundled)
        .map(|(journey, _)| journey.id.clone())
        .collect();
    let (bundled_journeys, folder): (Vec<_>, Vec<_>) = journeys.into_iter().partition(|(_, bundled)| *bundled);
    let mut both: Vec<JourneyFile> = bundled_journeys.into_iter().map(|(journey, _)| journey).collect();
    for (journey, _) in folder {
        if bundled.contains(&journey.id) {
            report.diagnostics.push(Diagnostic::error(
                &journey.path,
                or_start(journey.id_key),
                format!(
                    "journey id `{}` is a bundled journey's: give this one another id",
                    journey.id
                ),
            ));
            report.skipped_files += 1;
        } else {
            both.push(journey);
        }
    }
    both
}
