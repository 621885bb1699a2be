//! When statements come back for review, as the home's Review row and `r` see it, and the
//! clock tick that keeps the home true while nobody presses a key; and what `r` reviews from
//! where it is pressed.

use super::app::{App, Screen};
use super::home::{Grouping, HomeRow};
use crate::quiz::StatementKey;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// Which due statements a review asks (`r`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewScope {
    All,
    /// One lesson's, by id.
    Lesson(String),
    /// The lessons with this tag (without its `#`).
    Tag(String),
}

impl App {
    /// What `r` reviews from here: on a lesson, its statements; on the home grouped by tag,
    /// the statements of the tag the selection is under; everywhere else, all that are due.
    pub(super) fn review_scope(&self) -> ReviewScope {
        match self.screen {
            Screen::Lesson => match &self.lesson {
                Some(lesson) => ReviewScope::Lesson(lesson.id.clone()),
                None => ReviewScope::All,
            },
            Screen::Home if self.grouping == Grouping::Tag => self
                .home_rows
                .get(..=self.home_selected)
                .and_then(|above| {
                    above.iter().rev().find_map(|row| match row {
                        HomeRow::Heading(heading) => Some(heading.strip_prefix('#').map(str::to_owned)),
                        _ => None,
                    })
                })
                .flatten()
                .map_or(ReviewScope::All, ReviewScope::Tag),
            _ => ReviewScope::All,
        }
    }

    /// When each statement with a review card comes back, as the home and `r` both see it:
    /// only statements of lessons in the library (a file that failed to load takes its
    /// statements with it), and a statement whose other side was answered today not before
    /// tomorrow. The one source of truth for the Review row, its "next in", and `r`.
    fn review_times(&self) -> Vec<(&StatementKey, DateTime<Utc>)> {
        use chrono::Local;
        let answered_today = self.answered_today();
        let tomorrow = (self.now.with_timezone(&Local).date_naive() + chrono::Days::new(1))
            .and_hms_opt(0, 0, 0)
            .and_then(|midnight| midnight.and_local_timezone(Local).earliest())
            .map_or(self.now + chrono::Duration::days(1), |midnight| {
                midnight.with_timezone(&Utc)
            });
        self.progress
            .cards
            .iter()
            // A statement whose answer is still being written is not due: its card is
            // computed when it is written.
            // A bundled lesson's statements are not due while a folder replaces it.
            .filter(|(key, _)| {
                self.library
                    .get(&key.entry_id)
                    .is_some_and(|entry| key.belongs_to(entry))
                    && !self.saving.is_pending(key)
            })
            .map(|(key, card)| {
                let due = card.due();
                let due = if crate::quiz::held_back(key, &answered_today) {
                    due.max(tomorrow)
                } else {
                    due
                };
                (key, due)
            })
            .collect()
    }

    /// When the next statement falls due, if none is due now.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.review_times()
            .into_iter()
            .map(|(_, due)| due)
            .filter(|due| *due > self.now)
            .min()
    }

    /// The statements due for review now, most overdue first.
    pub fn due_keys(&self) -> Vec<StatementKey> {
        let mut due: Vec<(&StatementKey, DateTime<Utc>)> = self
            .review_times()
            .into_iter()
            .filter(|(_, due)| *due <= self.now)
            .collect();
        due.sort_by(|(key_a, due_a), (key_b, due_b)| due_a.cmp(due_b).then_with(|| key_a.cmp(key_b)));
        due.into_iter().map(|(key, _)| key.clone()).collect()
    }

    /// Moves the clock to `now`. True when the screen should be drawn again: a statement fell
    /// due (the Review row and `r` change) or a minute passed (the row's "next in" counts
    /// down), so the home is never out of date while nobody presses a key.
    pub fn tick(&mut self, now: DateTime<Utc>) -> bool {
        let fell_due = self.next_due().is_some_and(|due| due <= now);
        let new_minute = now.timestamp().div_euclid(60) != self.now.timestamp().div_euclid(60);
        if !fell_due && !new_minute {
            return false;
        }
        self.now = now;
        if self.screen == Screen::Home {
            self.rebuild_home();
        }
        true
    }

    /// The statements answered since local midnight.
    pub fn answered_today(&self) -> HashSet<StatementKey> {
        use chrono::Local;
        let today = self.now.with_timezone(&Local).date_naive();
        self.progress
            .answers
            .iter()
            .rev()
            .take_while(|answer| answer.answered_at.with_timezone(&Local).date_naive() >= today)
            .map(|answer| answer.key.clone())
            .collect()
    }
}
