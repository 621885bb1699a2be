//! The semantic map: a term in the centre, the terms it relates to on the right and the
//! terms that link to it on the left; arrows move between them and Enter opens one.

use super::app::App;
use super::keymap::Action;
use crate::content::Library;
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
    pub selected: MapNode,
}

impl MapView {
    pub fn new(library: &Library, id: &str) -> Option<MapView> {
        let entry = library.get(id)?;
        let related = entry.related.clone();
        // A set: a hub related to tens of thousands of terms froze the map for seconds when
        // each backlink scanned the list.
        let listed: HashSet<&str> = related.iter().map(String::as_str).collect();
        let linked_from = library
            .linked_from(id)
            .into_iter()
            .filter(|other| !listed.contains(other.id.as_str()))
            .map(|other| other.id.clone())
            .collect();
        Some(MapView {
            centre: id.to_owned(),
            related,
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
