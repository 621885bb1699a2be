//! The semantic map: a term in the centre, the terms it relates to on the right and the
//! terms that link to it on the left; arrows move between them and Enter opens one.

use super::app::App;
use super::keymap::Action;
use crate::content::Library;
use crate::content::work::counted;
use std::collections::HashSet;

/// A node of the semantic map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapNode {
    Centre,
    Related(usize),
    LinkedFrom(usize),
}

/// A term and its neighbourhood: its related terms, and the terms that link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapView {
    pub centre: String,
    pub related: Vec<String>,
    /// Terms that link here but are not already among `related`.
    pub linked_from: Vec<String>,
    /// Whether terms link here and every one of them is among `related`, so that
    /// `linked_from` is empty for that reason and not because nothing links here.
    pub linking_all_related: bool,
    pub selected: MapNode,
}

impl MapView {
    pub fn new(library: &Library, id: &str) -> Option<MapView> {
        let entry = library.get(id)?;
        let related = entry.related.clone();
        // A set: a hub related to tens of thousands of terms froze the map for seconds when
        // each backlink scanned the list.
        let listed: HashSet<&str> = counted(&related).map(String::as_str).collect();
        let linking = library.linked_from(id);
        let linking_any = !linking.is_empty();
        let linked_from: Vec<String> = counted(linking)
            .filter(|other| !listed.contains(other.id.as_str()))
            .map(|other| other.id.clone())
            .collect();
        Some(MapView {
            centre: id.to_owned(),
            related,
            linking_all_related: linking_any && linked_from.is_empty(),
            linked_from,
            selected: MapNode::Centre,
        })
    }

    /// The id of the selected node.
    pub fn selected_id(&self) -> Option<&str> {
        match self.selected {
            MapNode::Centre => Some(&self.centre),
            MapNode::Related(i) => self.related.get(i).map(String::as_str),
            MapNode::LinkedFrom(i) => self.linked_from.get(i).map(String::as_str),
        }
    }

    /// Moves the selection: Left goes to the "linked from" column, Right to "related",
    /// Up and Down within a column; from a side column, the opposite arrow returns to the
    /// centre.
    fn step(&mut self, action: Action) {
        let clamp = |i: usize, len: usize| i.min(len.saturating_sub(1));
        self.selected = match (self.selected, action) {
            (MapNode::Centre, Action::Right) if !self.related.is_empty() => MapNode::Related(0),
            (MapNode::Centre, Action::Left) if !self.linked_from.is_empty() => MapNode::LinkedFrom(0),
            (MapNode::Related(_), Action::Left) | (MapNode::LinkedFrom(_), Action::Right) => MapNode::Centre,
            (MapNode::Related(i), Action::Up) => MapNode::Related(i.saturating_sub(1)),
            (MapNode::Related(i), Action::Down) => MapNode::Related(clamp(i + 1, self.related.len())),
            (MapNode::LinkedFrom(i), Action::Up) => MapNode::LinkedFrom(i.saturating_sub(1)),
            (MapNode::LinkedFrom(i), Action::Down) => MapNode::LinkedFrom(clamp(i + 1, self.linked_from.len())),
            (node, _) => node,
        };
    }
}

impl App {
    pub(super) fn update_map(&mut self, action: Action) {
        let Some(view) = &mut self.map else { return };
        match action {
            Action::Escape => self.close_view(),
            Action::Activate => {
                if let Some(id) = view.selected_id().map(str::to_owned) {
                    self.open_lesson(&id);
                }
            }
            Action::Up | Action::Down | Action::Left | Action::Right => view.step(action),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Entry;
    use crate::content::work::visits_during;

    fn entry(id: &str, related: Vec<String>) -> Entry {
        Entry {
            id: id.to_owned(),
            title: format!("Title {id}"),
            related,
            path: format!("terms/{id}.yaml"),
            ..Entry::default()
        }
    }

    /// A hub related to `n` terms that each relate back, and `n` more that link to it one
    /// way: the map's "linked from" column is the second `n`, its filter the work counted.
    fn hub_map(n: usize) -> (MapView, u64) {
        let listed: Vec<String> = (0..n).map(|i| format!("r{i:05}")).collect();
        let mut entries = vec![entry("hub", listed.clone())];
        entries.extend(listed.iter().map(|id| entry(id, vec!["hub".to_owned()])));
        entries.extend((0..n).map(|i| entry(&format!("o{i:05}"), vec!["hub".to_owned()])));
        let library = Library::new(entries, Vec::new());
        visits_during(|| MapView::new(&library, "hub").expect("the hub"))
    }

    #[test]
    fn the_map_of_a_hub_is_linear_in_its_links() {
        // Scanning the related list for each backlink made this quadratic: a hub related to
        // 10,000 terms froze the map for seconds.
        let (small, small_visits) = hub_map(500);
        let (large, large_visits) = hub_map(1_000);
        assert_eq!((small.related.len(), small.linked_from.len()), (500, 500));
        assert_eq!((large.related.len(), large.linked_from.len()), (1_000, 1_000));
        assert!(
            large.linked_from.iter().all(|id| id.starts_with('o')),
            "only the one-way links"
        );
        assert!(
            large_visits <= 2 * small_visits + 16 && large_visits <= 4 * 2_000,
            "{small_visits} visits at 500, {large_visits} at 1,000"
        );
    }
}
