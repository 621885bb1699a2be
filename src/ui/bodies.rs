//! Lesson bodies for `update`, which never reads a file.
//!
//! The bundled lessons hold their bodies in memory; a `--content` folder's lessons leave
//! theirs in their files (see [`BodySlot`]). When `update` needs a body that is only on disk
//! (to open a lesson, start its check or a review, compare two terms), it asks for it
//! (`App::want_bodies`) with what it was doing (`ThenDo`), and stops there. The event
//! loop then reads the files ([`read_wanted_bodies`]) and hands the bodies back
//! ([`App::supply_bodies`]), which carries on from where `update` stopped, before the next
//! frame is drawn. Bodies are kept only for that step: the next time a lesson opens its file
//! is read again, so an edit shows.

use super::app::{App, Place};
use super::review::ReviewScope;
use crate::content::{Body, BodyError, BodySlot, Entry};
use std::collections::HashMap;
use std::sync::Arc;

/// What `update` was doing when it found a body it needed only on disk.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::ui) enum ThenDo {
    /// Show this place (a lesson), at this line when given rather than at the top of the
    /// place's block.
    Show { place: Place, scroll: Option<usize> },
    /// Start the check of this lesson.
    Check(String),
    /// Start a review.
    Review(ReviewScope),
    /// Compare the open lesson with its first partner.
    Compare,
}

/// Bodies asked for and bodies read, for the step under way.
#[derive(Debug, Clone, Default)]
pub(in crate::ui) struct Bodies {
    /// Entry ids whose bodies `update` asked for.
    wanted: Vec<String>,
    then: Option<ThenDo>,
    /// Bodies the event loop read, by entry id.
    read: HashMap<String, Result<Arc<Body>, BodyError>>,
}

impl App {
    /// `entry`'s body if it is at hand: held in memory, or read for this step. `None` when
    /// it is only in its file.
    pub(in crate::ui) fn body_at_hand(&self, entry: &Entry) -> Option<Result<Arc<Body>, BodyError>> {
        match &entry.body {
            BodySlot::Held(body) => Some(Ok(Arc::clone(body))),
            BodySlot::OnDisk(_) => self.bodies.read.get(&entry.id).cloned(),
        }
    }

    /// Asks the event loop for the bodies of `ids`, to go on with `then` once they are read.
    pub(in crate::ui) fn want_bodies(&mut self, ids: Vec<String>, then: ThenDo) {
        self.bodies.wanted = ids;
        self.bodies.then = Some(then);
    }

    /// Shows `place` (a lesson) scrolled to line `scroll`, now or once its body is read.
    pub(in crate::ui) fn show_place_scrolled(&mut self, place: Place, scroll: usize) {
        self.show_place(place);
        if let Some(ThenDo::Show { scroll: wanted, .. }) = &mut self.bodies.then {
            *wanted = Some(scroll);
            return;
        }
        if let Some(lesson) = &mut self.lesson {
            lesson.scroll = scroll;
        }
        self.clamp_scroll();
    }

    /// The entry ids whose bodies `update` asked for and the event loop has not read yet.
    pub fn wanted_bodies(&self) -> &[String] {
        &self.bodies.wanted
    }

    /// Takes the bodies read for [`App::wanted_bodies`] and carries on from where `update`
    /// stopped. Returns true when that asked for more bodies.
    pub fn supply_bodies(&mut self, read: HashMap<String, Result<Arc<Body>, BodyError>>) -> bool {
        self.bodies.wanted.clear();
        self.bodies.read.extend(read);
        if let Some(then) = self.bodies.then.take() {
            match then {
                ThenDo::Show { place, scroll: None } => self.show_place(place),
                ThenDo::Show {
                    place,
                    scroll: Some(scroll),
                } => self.show_place_scrolled(place, scroll),
                ThenDo::Check(id) => self.start_check(&id),
                ThenDo::Review(scope) => self.start_review_of(&scope),
                ThenDo::Compare => self.open_compare(),
            }
        }
        let more = !self.bodies.wanted.is_empty();
        if !more {
            // Kept only for the step: a lesson opened later reads its file afresh.
            self.bodies.read.clear();
        }
        more
    }
}

/// Reads the bodies `update` asked for from their files and hands them to the app, as many
/// times as carrying on asks for more (each round reads what the last one could not know
/// it needed). This is the reading `update` leaves to the event loop; tests that drive a
/// folder's lessons call it after each action, as the loop does.
pub fn read_wanted_bodies(app: &mut App) {
    // Each round reads at least one body, and every body stays at hand until the last:
    // more rounds than lessons cannot happen.
    for _ in 0..=app.library().entries().len() {
        if app.wanted_bodies().is_empty() {
            return;
        }
        let library = Arc::clone(app.library());
        let read = app
            .wanted_bodies()
            .iter()
            .filter_map(|id| {
                let entry = library.get(id)?;
                Some((id.clone(), library.body(entry)))
            })
            .collect();
        if !app.supply_bodies(read) {
            return;
        }
    }
}
