//! The calibration check on screen: one statement at a time, Myth or Fact, then how sure,
//! then the reveal with its explanation, and a summary at the end.
//!
//! The state lives in [`CheckState`]; [`App`] carries out check actions here. Every answer
//! is recorded the moment it is given: in memory (so the home screen's due count and the
//! stats move at once) and as an [`Effect`] the event loop writes to the store.

use super::app::{App, Effect, Place, Screen, scrolled};
use super::bodies::ThenDo;
use super::keymap::Action;
use super::layout::{check_areas, max_scroll};
use super::review::ReviewScope;
use super::theme::Theme;
use crate::content::markdown::render;
use crate::content::{Body, BodyError, Entry};
use crate::document::{Document, LinkTarget, Wrapped};
use crate::quiz::{
    AnswerRecord, Calibration, Confidence, Statement, StatementKey, Verdict, brier_contribution, card_after,
    fewest_answered_first, one_side_each, shuffle, statement_for_key, statements_for,
};
use crate::store::Recorded;
use std::collections::HashMap;
use std::sync::Arc;

/// Where a check is in its cycle for the current statement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CheckPhase {
    /// Waiting for Myth or Fact.
    Judge,
    /// Myth or Fact given; waiting for how sure, then Enter. Until Enter, another
    /// confidence key replaces `chosen`, and m or f changes `answer`.
    Confidence {
        answer: Verdict,
        chosen: Option<Confidence>,
    },
    /// Answered: showing whether it was right, and why.
    Reveal {
        answer: Verdict,
        confidence: Confidence,
        correct: bool,
    },
    /// Every statement answered.
    Summary,
}

/// A running check: a lesson's statements, or a review of what is due.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckState {
    /// "Backup Codes" for a lesson's check, "Review" for due statements.
    pub title: String,
    pub statements: Vec<Statement>,
    pub index: usize,
    pub phase: CheckPhase,
    /// The answers given in this check, in order.
    pub answers: Vec<AnswerRecord>,
    /// Names this check in the store, so its answers can be told from other checks'.
    pub session: String,
    /// The reveal's explanation, laid out at the screen's width.
    pub explanation: Document,
    pub explanation_wrapped: Wrapped,
    pub selected_link: Option<usize>,
    pub scroll: usize,
    /// At the reveal: whether the statement's other side has been answered before, so it
    /// can be shown without giving anything away.
    pub other_side_answered: bool,
    /// A review: its statements come from several lessons, so each says which.
    pub names_lessons: bool,
    /// Practice: a retry of the statements a check got wrong. Its answers are kept as the
    /// repeats they are, and move no review schedule.
    pub practice: bool,
}

impl CheckState {
    fn new(title: String, statements: Vec<Statement>, session: String) -> CheckState {
        CheckState {
            title,
            statements,
            index: 0,
            phase: CheckPhase::Judge,
            answers: Vec::new(),
            session,
            other_side_answered: false,
            names_lessons: false,
            practice: false,
            explanation: Document::default(),
            explanation_wrapped: Wrapped::default(),
            selected_link: None,
            scroll: 0,
        }
    }

    pub fn current(&self) -> Option<&Statement> {
        self.statements.get(self.index)
    }

    /// This check's calibration so far.
    pub fn calibration(&self) -> Calibration {
        Calibration::from_outcomes(self.answers.iter().map(AnswerRecord::outcome))
    }

    /// How many of this check's answers were first attempts at their statement.
    pub fn first_attempts(&self) -> usize {
        self.answers.iter().filter(|answer| answer.is_first_attempt()).count()
    }

    /// Lays the explanation out again at `width` if it changed.
    pub fn rewrap(&mut self, width: usize) {
        if self.explanation_wrapped.width != width.max(1) {
            self.explanation_wrapped = self.explanation.wrap(width);
        }
    }
}

/// A name for a new check, unique enough to tell checks apart in one store: when it began,
/// and in which process.
fn session_id(now: chrono::DateTime<chrono::Utc>) -> String {
    format!("{:x}-{:x}", now.timestamp_millis(), std::process::id())
}

/// A seed for the shuffle that differs from one check to the next.
fn shuffle_seed(app: &App) -> u64 {
    let millis = u64::try_from(app.now.timestamp_millis()).unwrap_or(0);
    millis ^ (app.progress.answers.len() as u64).rotate_left(32)
}

impl App {
    /// Starts the check of one lesson: one side of each misconception, shuffled.
    pub fn start_check(&mut self, entry_id: &str) {
        let Some(entry) = self.library.get(entry_id) else {
            return;
        };
        let Some(body) = self.body_at_hand(entry) else {
            self.want_bodies(vec![entry.id.clone()], ThenDo::Check(entry.id.clone()));
            return;
        };
        let body = match body {
            Ok(body) => body,
            Err(error) => {
                self.notice = Some(format!("no check: {}", error.brief()));
                return;
            }
        };
        let all = statements_for(entry, &body);
        if all.is_empty() {
            self.notice = Some(format!("{} has no misconceptions to check", entry.title));
            return;
        }
        // One side of each misconception: the two share an explanation.
        let mut statements = one_side_each(all, &self.answered_today(), shuffle_seed(self).rotate_left(17));
        shuffle(&mut statements, shuffle_seed(self));
        // A lesson with many misconceptions is checked a few at a time, the least practised
        // first.
        let mut times_answered: HashMap<&StatementKey, usize> = HashMap::new();
        for answer in &self.progress.answers {
            *times_answered.entry(&answer.key).or_default() += 1;
        }
        let statements = fewest_answered_first(statements, |key| times_answered.get(key).copied().unwrap_or(0));
        let state = CheckState::new(entry.title.clone(), statements, session_id(self.now));
        self.navigate(Place::Check(Box::new(state)));
    }

    /// Starts a review of every statement that is due, most overdue first.
    pub fn start_review(&mut self) {
        self.start_review_of(&ReviewScope::All);
    }

    /// Reviews the due statements `scope` takes in.
    pub(super) fn start_review_of(&mut self, scope: &ReviewScope) {
        let mut due: Vec<(StatementKey, &Entry)> = Vec::new();
        for key in self.due_keys() {
            let Some(entry) = self.library.get(&key.entry_id) else {
                continue;
            };
            let in_scope = match scope {
                ReviewScope::All => true,
                ReviewScope::Lesson(id) => entry.id == *id,
                ReviewScope::Tag(tag) => entry.tags.contains(tag),
            };
            if in_scope {
                due.push((key, entry));
            }
        }
        // Each lesson's body is needed once, however many of its statements are due.
        let mut bodies: HashMap<&str, Option<Result<Arc<Body>, BodyError>>> = HashMap::new();
        for (_, entry) in &due {
            bodies
                .entry(entry.id.as_str())
                .or_insert_with(|| self.body_at_hand(entry));
        }
        let mut wanted: Vec<String> = bodies
            .iter()
            .filter(|(_, body)| body.is_none())
            .map(|(id, _)| (*id).to_owned())
            .collect();
        if !wanted.is_empty() {
            wanted.sort_unstable();
            self.want_bodies(wanted, ThenDo::Review(scope.clone()));
            return;
        }
        let mut unreadable = 0;
        let mut statements: Vec<Statement> = Vec::new();
        for (key, entry) in &due {
            match bodies.get(entry.id.as_str()) {
                Some(Some(Ok(body))) => statements.extend(statement_for_key(entry, body, key)),
                _ => unreadable += 1,
            }
        }
        if statements.is_empty() {
            self.notice = Some(if unreadable > 0 {
                format!(
                    "{unreadable} due statements could not be read: their lesson files changed since lexicon started"
                )
            } else {
                match scope {
                    ReviewScope::All => "nothing is due for review; take a lesson's check with c".to_owned(),
                    _ => format!("nothing of {} is due for review", self.scope_name(scope)),
                }
            });
            return;
        }
        let title = match scope {
            ReviewScope::All => "Review".to_owned(),
            _ => format!("Review: {}", self.scope_name(scope)),
        };
        let mut state = CheckState::new(title, statements, session_id(self.now));
        state.names_lessons = true;
        self.navigate(Place::Check(Box::new(state)));
        if unreadable > 0 {
            self.notice = Some(format!(
                "{unreadable} due statements were left out: their lesson files changed since lexicon started"
            ));
        }
    }

    /// A review's scope in words: a lesson's title, or `#tag`.
    fn scope_name(&self, scope: &ReviewScope) -> String {
        match scope {
            ReviewScope::All => "everything".to_owned(),
            ReviewScope::Lesson(id) => self.library.get(id).map_or(id.clone(), |entry| entry.title.clone()),
            ReviewScope::Tag(tag) => format!("#{tag}"),
        }
    }

    pub(super) fn update_check(&mut self, action: Action) {
        let [_, body, _] = check_areas(ratatui::layout::Rect::new(0, 0, self.width, self.height));
        let width = usize::from(body.width);
        let page = usize::from(body.height).max(1);
        let now = self.now;
        // The summary scrolls: measured against its lines as drawn at this width.
        if let Some(check) = self.check.as_deref()
            && check.phase == CheckPhase::Summary
            && !matches!(action, Action::Activate | Action::Escape | Action::RetryWrong)
        {
            let lines = super::view::check::summary_lines(self, check, width, Theme::PLAIN).len();
            let scroll = scrolled(check.scroll, action, page, max_scroll(lines, page));
            if let Some(check) = self.check.as_deref_mut() {
                check.scroll = scroll;
            }
            return;
        }
        let Some(check) = self.check.as_deref_mut() else { return };
        match (check.phase, action) {
            (_, Action::Escape) => {
                self.leave_check();
            }
            (CheckPhase::Judge, Action::Judge(answer)) => check.phase = CheckPhase::Confidence { answer, chosen: None },
            (CheckPhase::Confidence { chosen, .. }, Action::Judge(answer)) => {
                check.phase = CheckPhase::Confidence { answer, chosen }
            }
            (CheckPhase::Confidence { answer, .. }, Action::Confidence(confidence)) => {
                check.phase = CheckPhase::Confidence {
                    answer,
                    chosen: Some(confidence),
                }
            }
            (CheckPhase::Confidence { chosen: None, .. }, Action::Activate) => {
                self.notice = Some("first say how sure: 5-9 for 50-90%, 1 for 95%, 2 for 99%, 0 for 100%".to_owned());
            }
            (
                CheckPhase::Confidence {
                    answer,
                    chosen: Some(confidence),
                },
                Action::Activate,
            ) => {
                let Some(statement) = check.current().cloned() else {
                    return;
                };
                let correct = statement.is_right(answer);
                let other = crate::quiz::other_side(&statement.key);
                check.other_side_answered = self.progress.answers.iter().any(|earlier| earlier.key == other);
                check.phase = CheckPhase::Reveal {
                    answer,
                    confidence,
                    correct,
                };
                let resolve = |name: &str| self.library.resolve(name).map(|e| (e.id.clone(), e.title.clone()));
                // The source that settles the answer, below the explanation.
                let explanation = match &statement.source {
                    Some(source) => {
                        let url = source.url.as_deref().map(|url| format!(" ({url})")).unwrap_or_default();
                        format!("{}\n\nSource: {}{url}", statement.explanation.trim_end(), source.title)
                    }
                    None => statement.explanation.clone(),
                };
                check.explanation = render(&explanation, &resolve);
                check.explanation_wrapped = check.explanation.wrap(width);
                check.selected_link = None;
                check.scroll = 0;
                let attempt = 1 + self
                    .progress
                    .answers
                    .iter()
                    .filter(|earlier| earlier.key == statement.key)
                    .count();
                let record = AnswerRecord::new(
                    &statement,
                    (answer, confidence),
                    now,
                    &check.session,
                    u32::try_from(attempt).unwrap_or(u32::MAX),
                );
                check.answers.push(record.clone());
                self.remember_answer(record);
            }
            (CheckPhase::Judge, Action::Confidence(_)) => {
                self.notice = Some("first say m (Myth) or f (Fact)".to_owned());
            }
            (CheckPhase::Reveal { .. }, Action::NextLink | Action::PreviousLink) => {
                let count = check.explanation.links.len();
                if count == 0 {
                    self.notice = Some("this explanation has no links".to_owned());
                    return;
                }
                check.selected_link = Some(match (check.selected_link, action) {
                    (None, Action::NextLink) => 0,
                    (None, _) => count - 1,
                    (Some(current), Action::NextLink) => (current + 1) % count,
                    (Some(current), _) => (current + count - 1) % count,
                });
                if let Some(line) = check
                    .selected_link
                    .and_then(|l| check.explanation_wrapped.link_lines[l])
                {
                    check.scroll = line.saturating_sub(page / 2).min(check.scroll.max(line));
                }
            }
            (CheckPhase::Reveal { .. }, Action::Up) => check.scroll = check.scroll.saturating_sub(1),
            (CheckPhase::Reveal { .. }, Action::Down) => {
                let max = check.explanation_wrapped.lines.len().saturating_sub(1);
                check.scroll = (check.scroll + 1).min(max);
            }
            (CheckPhase::Reveal { .. }, Action::Activate) => {
                let link = check.selected_link.and_then(|index| check.explanation.links.get(index));
                if let Some(LinkTarget::Entry(id)) = link.map(|link| link.target.clone()) {
                    self.open_lesson(&id);
                    return;
                }
                check.index += 1;
                check.selected_link = None;
                check.scroll = 0;
                check.phase = if check.index < check.statements.len() {
                    CheckPhase::Judge
                } else {
                    CheckPhase::Summary
                };
            }
            (CheckPhase::Summary, Action::Activate) => self.leave_check(),
            (CheckPhase::Summary, Action::RetryWrong) => {
                let wrong: Vec<Statement> = check
                    .statements
                    .iter()
                    .zip(&check.answers)
                    .filter(|(_, answer)| !answer.correct)
                    .map(|(statement, _)| statement.clone())
                    .collect();
                if wrong.is_empty() {
                    self.notice = Some("nothing to retry: every answer was right".to_owned());
                    return;
                }
                let title = format!("Practice: {}", check.title.trim_start_matches("Practice: "));
                let mut practice = CheckState::new(title, wrong, session_id(now));
                practice.practice = true;
                practice.names_lessons = check.names_lessons;
                // In place of the summary: Back from the practice goes where the check came from.
                self.check = Some(Box::new(practice));
            }

            _ => {}
        }
    }

    /// Leaves the check for wherever it was started from (or home). Answers are already
    /// recorded, so nothing is lost.
    fn leave_check(&mut self) {
        let current = self.place();
        match self.history.back(current) {
            Some(place) => self.show_place(place),
            None => {
                self.check = None;
                self.screen = Screen::Home;
                self.rebuild_home();
            }
        }
    }

    /// Records an answer in memory and asks the event loop to store it. Until the store
    /// answers ([`App::adopt_recorded`]), memory schedules the card and numbers the attempt
    /// itself, so the screen moves at once even when nothing is saved.
    fn remember_answer(&mut self, record: AnswerRecord) {
        if self.check.as_ref().is_some_and(|check| check.practice) {
            // Practice moves no schedule: the answer is only kept.
            self.progress.answers.push(record.clone());
            self.refresh_stats();
            self.effects.push(Effect::RecordPractice(record));
            return;
        }
        let card = card_after(self.progress.cards.get(&record.key), &record);
        self.progress.cards.insert(record.key.clone(), card);
        self.progress.answers.push(record.clone());
        self.refresh_stats();
        self.effects.push(Effect::RecordAnswer(record));
    }

    /// Takes the card and attempt number the store recorded for `record`: the store is the
    /// scheduler of record, and knows answers other processes gave.
    pub(super) fn adopt_recorded(&mut self, record: &AnswerRecord, recorded: Recorded) {
        self.progress.cards.insert(record.key.clone(), recorded.card);
        self.adopt_attempt(record, recorded.attempt);
    }

    /// Takes the attempt number the store gave `record`.
    pub(super) fn adopt_attempt(&mut self, record: &AnswerRecord, attempt: u32) {
        let remembered = self
            .progress
            .answers
            .iter_mut()
            .rev()
            .find(|answer| answer.key == record.key && answer.answered_at == record.answered_at);
        if let Some(answer) = remembered
            && answer.attempt != attempt
        {
            answer.attempt = attempt;
            if let Some(check) = self.check.as_deref_mut()
                && let Some(in_check) = check
                    .answers
                    .iter_mut()
                    .find(|answer| answer.key == record.key && answer.answered_at == record.answered_at)
            {
                in_check.attempt = attempt;
            }
            self.refresh_stats();
        }
    }
}

/// The Brier score of one revealed answer, for the reveal line.
pub fn reveal_brier(confidence: Confidence, correct: bool) -> f64 {
    brier_contribution(confidence, correct)
}
