//! An open lesson: its laid-out document, the scroll, the selected link, which questions
//! are open, and the journey it is read in; the keys that move through it.

use super::app::{App, Effect, Place, Screen};
use super::keymap::Action;
use super::map::MapView;
use crate::content::{Body, BodyError};
use crate::document::{Document, LinkTarget, Wrapped};
use crate::lesson::lesson_document_with;
use std::sync::Arc;

/// A lesson read as a step of a journey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JourneyStep {
    pub journey: String,
    /// 0-based.
    pub step: usize,
}

/// An open lesson.
#[derive(Debug, Clone)]
pub struct LessonView {
    pub id: String,
    /// The rest of the lesson as read when it opened (or why it could not be): the page keeps
    /// showing that, and opening or closing a question does not read the file again.
    pub body: Result<Arc<Body>, BodyError>,
    pub document: Document,
    pub wrapped: Wrapped,
    /// The first visible line.
    pub scroll: usize,
    pub selected_link: Option<usize>,
    pub faq_open: Vec<bool>,
    pub journey: Option<JourneyStep>,
    /// The section last jumped to (1-7, `[`, `]`), while the page has not moved since: on a
    /// page too short to bring it to the top, it is still the section the outline marks and
    /// `[` `]` move from.
    pub section: Option<usize>,
    /// The link hints on screen after `f`, if any.
    pub hints: Option<Hints>,
}

/// Letters beside each link in sight (`f`), as vimium and qutebrowser put them: typing a
/// link's letters follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hints {
    /// Each link in sight, by its index in the document, with its letters.
    pub labels: Vec<(String, usize)>,
    /// The letters typed so far.
    pub typed: String,
}

/// The letters hints are made of: the home row first, where the fingers rest.
const HINT_LETTERS: &str = "asdfghjklqwertyuiopzxcvbnm";

impl Hints {
    /// Hints for `links` (document indices, in reading order): one letter each while there
    /// are few enough, else two each, so that no label is the start of another.
    pub fn new(links: Vec<usize>) -> Hints {
        let letters: Vec<char> = HINT_LETTERS.chars().collect();
        let labels = if links.len() <= letters.len() {
            links
                .into_iter()
                .zip(&letters)
                .map(|(link, letter)| (letter.to_string(), link))
                .collect()
        } else {
            let pairs = letters
                .iter()
                .flat_map(|first| letters.iter().map(move |second| format!("{first}{second}")));
            links
                .into_iter()
                .zip(pairs)
                .map(|(link, label)| (label, link))
                .collect()
        };
        Hints {
            labels,
            typed: String::new(),
        }
    }

    /// The labels that still start with what was typed.
    pub fn matching(&self) -> impl Iterator<Item = &(String, usize)> {
        self.labels.iter().filter(|(label, _)| label.starts_with(&self.typed))
    }
}

impl LessonView {
    /// The section the outline marks and `[` `]` move from: the one jumped to, else the one
    /// at the top of the view.
    pub fn current_section(&self) -> Option<usize> {
        self.section
            .or_else(|| self.wrapped.anchor_at(&self.document, self.scroll))
    }

    /// True when link `link` starts on the page of `page` lines shown.
    fn link_in_sight(&self, link: usize, page: usize) -> bool {
        self.wrapped
            .link_lines
            .get(link)
            .copied()
            .flatten()
            .is_some_and(|line| line >= self.scroll && line < self.scroll + page)
    }

    /// The block at the top of the view, which is what stays put across re-wraps.
    pub(super) fn top_block(&self) -> usize {
        self.wrapped
            .block_lines
            .partition_point(|&start| start <= self.scroll)
            .saturating_sub(1)
    }
}

impl App {
    pub fn open_lesson(&mut self, id: &str) {
        // Following a link out of a journey says so, and n or p lead back to the step left.
        let left = self
            .lesson
            .as_ref()
            .filter(|lesson| self.screen == Screen::Lesson && lesson.id != id)
            .and_then(|lesson| lesson.journey.clone());
        self.navigate(Place::lesson(id));
        if let Some(left) = left {
            let title = self
                .library
                .journey(&left.journey)
                .map_or(left.journey.clone(), |j| j.title.clone());
            self.notice = Some(format!(
                "left the journey {title} at step {}; n or p returns to it",
                left.step + 1
            ));
            self.left_journey = Some(left);
        }
    }

    /// Opens step `step` of a journey.
    pub fn open_journey_step(&mut self, journey: &str, step: usize) {
        let Some(id) = self.library.journey(journey).and_then(|j| j.steps.get(step)).cloned() else {
            return;
        };
        let journey = Some(JourneyStep {
            journey: journey.to_owned(),
            step,
        });
        self.navigate(Place::Lesson {
            id,
            top_block: 0,
            selected_link: None,
            faq_open: Vec::new(),
            journey,
        });
    }

    pub(super) fn update_lesson(&mut self, action: Action) {
        let page = self.body_height.max(1);
        let Some(lesson) = &mut self.lesson else { return };
        if let Some(hints) = lesson.hints.take() {
            // While hints show, letters pick a link and any other key puts them away.
            let Action::Type(letter) = action else { return };
            let mut hints = hints;
            hints.typed.push(letter);
            let matching: Vec<(String, usize)> = hints.matching().cloned().collect();
            match matching.as_slice() {
                [(label, link)] if *label == hints.typed => {
                    lesson.selected_link = Some(*link);
                    reveal_link(lesson, page);
                    self.update_lesson(Action::Activate);
                }
                [] => self.notice = Some("no link has those letters".to_owned()),
                // More letters to come.
                _ => lesson.hints = Some(hints),
            }
            return;
        }
        let scroll_before = lesson.scroll;
        match action {
            Action::ShowHints => {
                let in_sight: Vec<usize> = (0..lesson.document.links.len())
                    .filter(|&link| lesson.link_in_sight(link, page))
                    .collect();
                if in_sight.is_empty() {
                    self.notice = Some("no links in sight".to_owned());
                } else {
                    lesson.hints = Some(Hints::new(in_sight));
                    self.notice = Some("type the letters beside a link to follow it; any other key cancels".to_owned());
                }
                return;
            }
            Action::Escape => {
                self.navigate(self.home_place());
                return;
            }
            Action::Up => lesson.scroll = lesson.scroll.saturating_sub(1),
            Action::Down => lesson.scroll += 1,
            Action::PageUp => lesson.scroll = lesson.scroll.saturating_sub(page.saturating_sub(1).max(1)),
            Action::PageDown => lesson.scroll += page.saturating_sub(1).max(1),
            Action::HalfPageUp => lesson.scroll = lesson.scroll.saturating_sub((page / 2).max(1)),
            Action::HalfPageDown => lesson.scroll += (page / 2).max(1),
            Action::Top => lesson.scroll = 0,
            Action::Bottom => lesson.scroll = usize::MAX,
            Action::OpenCompare => {
                self.open_compare();
                return;
            }
            Action::StartCheck => {
                let id = lesson.id.clone();
                self.start_check(&id);
                return;
            }
            Action::OpenMap => {
                let id = lesson.id.clone();
                if let Some(view) = MapView::new(&self.library, &id) {
                    self.navigate(Place::Map(view));
                }
                return;
            }
            Action::NextStep | Action::PreviousStep => {
                let Some(JourneyStep { journey, step }) = lesson.journey.clone() else {
                    match self.left_journey.take() {
                        Some(left) => self.open_journey_step(&left.journey, left.step),
                        None => self.notice = Some("n and p move through a journey; open one from home".to_owned()),
                    }
                    return;
                };
                let total = self.library.journey(&journey).map_or(0, |j| j.steps.len());
                let target = if action == Action::NextStep {
                    step + 1
                } else {
                    step.wrapping_sub(1)
                };
                if target >= total {
                    self.notice = Some(if action == Action::NextStep {
                        "that was the last step of this journey".to_owned()
                    } else {
                        "this is the first step".to_owned()
                    });
                    return;
                }
                // p returns to the step read just before, as Back would, rather than adding
                // it to history again.
                let came_from_there = action == Action::PreviousStep
                    && matches!(
                        self.history.trail().last(),
                        Some(Place::Lesson { journey: Some(earlier), .. })
                            if earlier.journey == journey && earlier.step == target
                    );
                if came_from_there {
                    self.update(Action::Back);
                } else {
                    self.open_journey_step(&journey, target);
                }
                return;
            }
            Action::NextLink | Action::PreviousLink => {
                let count = lesson.document.links.len();
                if count == 0 {
                    self.notice = Some("this lesson has no links".to_owned());
                    return;
                }
                // Tab starts from what is on screen, as browsers and less do: a selection
                // scrolled out of sight (after a jump to a section, or g) is forgotten.
                let selected = lesson.selected_link.filter(|&link| lesson.link_in_sight(link, page));
                lesson.selected_link = Some(match (selected, action) {
                    (None, Action::NextLink) => first_link_from(&lesson.wrapped, lesson.scroll).unwrap_or(0),
                    (None, _) => last_link_before(&lesson.wrapped, lesson.scroll + page).unwrap_or(count - 1),
                    (Some(current), Action::NextLink) => (current + 1) % count,
                    (Some(current), _) => (current + count - 1) % count,
                });
                reveal_link(lesson, page);
            }
            Action::Activate => {
                let Some(link) = lesson.selected_link.and_then(|index| lesson.document.links.get(index)) else {
                    self.notice = Some("press Tab to select a link first".to_owned());
                    return;
                };
                match link.target.clone() {
                    LinkTarget::Entry(id) => self.open_lesson(&id),
                    LinkTarget::Broken(name) => self.notice = Some(format!("no lesson named `{name}`")),
                    LinkTarget::ToggleFaq(index) => self.toggle_faq(index),
                    LinkTarget::Url(url) => self.open_url(url),
                }
                return;
            }
            Action::OpenLink | Action::CopyLink => {
                let url = lesson
                    .selected_link
                    .and_then(|index| lesson.document.links.get(index))
                    .and_then(|link| match &link.target {
                        LinkTarget::Url(url) => Some(url.clone()),
                        _ => None,
                    });
                match (url, action) {
                    (Some(url), Action::OpenLink) => self.open_url(url),
                    (Some(url), _) => {
                        self.notice = Some(format!("copied {url}"));
                        self.effects.push(Effect::Copy(url));
                    }
                    (None, _) => {
                        self.notice = Some("select a source's address with Tab first (section 7, Sources)".to_owned());
                    }
                }
                return;
            }
            Action::NextSection | Action::PreviousSection | Action::Section(_) => {
                let anchors = lesson.document.anchors.len();
                let current = lesson.current_section().unwrap_or(0);
                let at_current_start = lesson.section.is_some()
                    || lesson.wrapped.anchor_line(&lesson.document, current) == Some(lesson.scroll);
                let target = match action {
                    Action::NextSection => (current + 1).min(anchors.saturating_sub(1)),
                    Action::PreviousSection if at_current_start => current.saturating_sub(1),
                    Action::PreviousSection => current,
                    Action::Section(n) => {
                        let title = crate::lesson::SECTIONS.get(n).copied().unwrap_or_default();
                        match lesson.document.anchors.iter().position(|anchor| anchor.title == title) {
                            Some(found) => found,
                            None => {
                                self.notice = Some(format!("this lesson has no {title} section"));
                                return;
                            }
                        }
                    }
                    _ => current,
                };
                if let Some(line) = lesson.wrapped.anchor_line(&lesson.document, target) {
                    lesson.scroll = line;
                }
                lesson.section = Some(target);
                self.clamp_scroll();
                return;
            }
            _ => {}
        }
        self.clamp_scroll();
        // Any other move of the page: the outline follows the top of the view again.
        if let Some(lesson) = &mut self.lesson
            && lesson.scroll != scroll_before
        {
            lesson.section = None;
        }
    }

    pub(super) fn toggle_faq(&mut self, index: usize) {
        let Some(lesson) = &mut self.lesson else { return };
        let Some(entry) = self.library.get(&lesson.id) else {
            return;
        };
        if let Some(open) = lesson.faq_open.get_mut(index) {
            *open = !*open;
        }
        let faq_open = lesson.faq_open.clone();
        let top_block = lesson.top_block();
        lesson.document = lesson_document_with(entry, lesson.body.as_deref(), &self.library, &|i| {
            faq_open.get(i).copied().unwrap_or(true)
        });
        lesson.wrapped = lesson.document.wrap(self.body_width);
        lesson.scroll = lesson.wrapped.block_lines.get(top_block).copied().unwrap_or(0);
        self.clamp_scroll();
    }

    pub(super) fn clamp_scroll(&mut self) {
        let height = self.body_height.max(1);
        if let Some(lesson) = &mut self.lesson {
            let max = lesson.wrapped.lines.len().saturating_sub(height);
            lesson.scroll = lesson.scroll.min(max);
        }
    }
}

/// The first link at or below `line`.
fn first_link_from(wrapped: &Wrapped, line: usize) -> Option<usize> {
    wrapped.link_lines.iter().position(|at| at.is_some_and(|at| at >= line))
}

impl App {
    /// Asks the event loop to open `url` in the browser.
    fn open_url(&mut self, url: String) {
        self.notice = Some(format!("opening {url} in your browser"));
        self.effects.push(Effect::OpenUrl(url));
    }
}

/// The last link that starts before line `end` (the first line below the page).
fn last_link_before(wrapped: &Wrapped, end: usize) -> Option<usize> {
    wrapped.link_lines.iter().rposition(|at| at.is_some_and(|at| at < end))
}

/// Scrolls so the selected link is on screen, with a line of context when possible.
fn reveal_link(lesson: &mut LessonView, page: usize) {
    let Some(line) = lesson
        .selected_link
        .and_then(|link| lesson.wrapped.link_lines.get(link).copied().flatten())
    else {
        return;
    };
    if line < lesson.scroll {
        lesson.scroll = line.saturating_sub(1);
    } else if line >= lesson.scroll + page {
        lesson.scroll = (line + 2).saturating_sub(page);
    }
}

#[cfg(test)]
mod tests {
    use super::Hints;

    #[test]
    fn a_few_links_get_one_letter_each_and_many_get_two() {
        let few = Hints::new(vec![4, 7, 9]);
        let labels: Vec<&str> = few.labels.iter().map(|(label, _)| label.as_str()).collect();
        assert_eq!(labels, ["a", "s", "d"]);
        assert_eq!(few.labels[1].1, 7);

        let many = Hints::new((0..30).collect());
        assert!(many.labels.iter().all(|(label, _)| label.chars().count() == 2));
        let mut distinct: Vec<&String> = many.labels.iter().map(|(label, _)| label).collect();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 30, "every link has its own label");
    }

    #[test]
    fn typed_letters_narrow_the_hints() {
        let mut hints = Hints::new((0..30).collect());
        hints.typed.push('s');
        assert!(hints.matching().all(|(label, _)| label.starts_with('s')));
        // Thirty links use the 26 labels from `a` and the first 4 from `s`.
        assert_eq!(hints.matching().count(), 4);
    }
}
