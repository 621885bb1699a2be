//! The home screen's rows: where to continue, the journeys with their progress, and every
//! term grouped by level or by tag.
//!
//! The rows are derived from the library and progress, and rebuilt only when one of those
//! or the grouping changes, never per frame.
//!
//! While a large folder loads, the home is drawn from the parsed cache's [`LibrarySummary`]
//! instead, the home's preview ([`PreviewedHome`]): [`HomeContent`] is what the drawing needs
//! of either, and [`preview_rows`] lays out the summary's rows as [`home_rows`] lays out the
//! library's (the first terms by level, as many as the summary holds).

use super::app::{App, Place, Progress, load_notice, setting};
use super::keymap::Action;
use crate::content::summary::LibrarySummary;
use crate::content::{Level, Library};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the home screen shows of a library: the loaded [`Library`], or a cache's
/// [`LibrarySummary`] while the library loads. The rows' [`HomeRow::Term`] indices are the
/// content's own: into the library's entries, or the summary's terms.
pub trait HomeContent {
    fn lesson_count(&self) -> usize;
    fn title_of(&self, id: &str) -> Option<&str>;
    fn journeys(&self) -> Vec<JourneyShown<'_>>;
    fn term(&self, index: usize) -> TermShown<'_>;
}

/// A journey as a home row shows it.
pub struct JourneyShown<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub steps: &'a [String],
}

/// A term as a home row shows it.
pub struct TermShown<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub level: Level,
    pub definition: &'a str,
}

impl HomeContent for Library {
    fn lesson_count(&self) -> usize {
        self.entries().len()
    }

    fn title_of(&self, id: &str) -> Option<&str> {
        self.get(id).map(|entry| entry.title.as_str())
    }

    fn journeys(&self) -> Vec<JourneyShown<'_>> {
        Library::journeys(self)
            .iter()
            .map(|journey| JourneyShown {
                id: &journey.id,
                title: &journey.title,
                description: &journey.description,
                steps: &journey.steps,
            })
            .collect()
    }

    fn term(&self, index: usize) -> TermShown<'_> {
        let entry = &self.entries()[index];
        TermShown {
            id: &entry.id,
            title: &entry.title,
            level: entry.level,
            definition: &entry.definition,
        }
    }
}

impl HomeContent for LibrarySummary {
    fn lesson_count(&self) -> usize {
        self.lessons
    }

    fn title_of(&self, id: &str) -> Option<&str> {
        LibrarySummary::title_of(self, id)
    }

    fn journeys(&self) -> Vec<JourneyShown<'_>> {
        self.journeys
            .iter()
            .map(|journey| JourneyShown {
                id: &journey.id,
                title: &journey.title,
                description: &journey.description,
                steps: &journey.steps,
            })
            .collect()
    }

    fn term(&self, index: usize) -> TermShown<'_> {
        let term = &self.terms[index];
        TermShown {
            id: &term.id,
            title: &term.title,
            level: term.level,
            definition: &term.definition,
        }
    }
}

/// What a lesson's row shows of your progress with it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LessonProgress {
    /// Read to its end, from anywhere.
    pub read: bool,
    /// The last check of its statements: how many were right, of how many.
    pub last_check: Option<(usize, usize)>,
    /// How many of its statements are due for review.
    pub due: usize,
}

/// The progress of every lesson that has any, by id: read ones from `journey_read` (a lesson
/// read anywhere counts in every journey that holds it), the last check from `progress`'s
/// answers (the answers of the newest check, its session, that asked the lesson's
/// statements), and `due`, the statements due now.
pub fn progress_by_lesson(
    progress: &Progress,
    journey_read: &HashMap<String, HashSet<String>>,
    due: &[crate::quiz::StatementKey],
) -> HashMap<String, LessonProgress> {
    let mut by_lesson: HashMap<String, LessonProgress> = HashMap::new();
    for id in journey_read.values().flatten() {
        by_lesson.entry(id.clone()).or_default().read = true;
    }
    for key in due {
        by_lesson.entry(key.entry_id.clone()).or_default().due += 1;
    }
    // The newest answer of each lesson names its last check; answers saved before sessions
    // were recorded count by the day they were given.
    let check_of = |answer: &crate::quiz::AnswerRecord| {
        (
            answer.session.clone(),
            answer.session.is_none().then(|| answer.answered_at.date_naive()),
        )
    };
    let mut newest: HashMap<&str, &crate::quiz::AnswerRecord> = HashMap::new();
    for answer in &progress.answers {
        let kept = newest.entry(answer.entry_id()).or_insert(answer);
        if answer.answered_at >= kept.answered_at {
            *kept = answer;
        }
    }
    let last_checks: HashMap<&str, _> = newest.iter().map(|(id, answer)| (*id, check_of(answer))).collect();
    for answer in &progress.answers {
        let id = answer.entry_id();
        if last_checks.get(id) == Some(&check_of(answer)) {
            let (right, asked) = by_lesson
                .entry(id.to_owned())
                .or_default()
                .last_check
                .get_or_insert((0, 0));
            *asked += 1;
            if answer.correct {
                *right += 1;
            }
        }
    }
    by_lesson
}

/// Which lessons the home lists, when not all of them (`f` cycles through these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Lessons not yet read to their end.
    Unread,
    /// Lessons with statements due for review.
    Due,
    /// The lessons with the lowest share of right answers (the stats' weakest terms).
    Weakest,
}

impl Filter {
    /// The filter after `current` in the cycle: all, unread, due, weakest, all again.
    pub fn after(current: Option<Filter>) -> Option<Filter> {
        match current {
            None => Some(Filter::Unread),
            Some(Filter::Unread) => Some(Filter::Due),
            Some(Filter::Due) => Some(Filter::Weakest),
            Some(Filter::Weakest) => None,
        }
    }

    /// What the home's header says of it.
    pub fn label(self) -> &'static str {
        match self {
            Filter::Unread => "unread",
            Filter::Due => "due",
            Filter::Weakest => "weakest",
        }
    }
}

/// How the home screen groups terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    #[default]
    Level,
    Tag,
}

impl Grouping {
    /// The name a setting keeps it under.
    pub fn as_str(self) -> &'static str {
        match self {
            Grouping::Level => "level",
            Grouping::Tag => "tag",
        }
    }

    pub fn parse(name: &str) -> Option<Grouping> {
        [Grouping::Level, Grouping::Tag]
            .into_iter()
            .find(|grouping| grouping.as_str() == name)
    }

    pub fn toggled(self) -> Grouping {
        match self {
            Grouping::Level => Grouping::Tag,
            Grouping::Tag => Grouping::Level,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HomeRow {
    /// A group title; not selectable.
    Heading(String),
    /// The lesson that was open last.
    Continue(String),
    /// How many check statements are due for review.
    Review(usize),
    /// A journey: its id, and how many of its steps have been read.
    Journey { id: String, read: usize, total: usize },
    /// A term, by index into the library's entries.
    Term(usize),
}

impl HomeRow {
    pub fn is_selectable(&self) -> bool {
        !matches!(self, HomeRow::Heading(_))
    }
}

/// Builds the rows. `read_steps(journey)` gives the step ids read in a journey; only the
/// terms `listed(index)` allows are listed, and a group left empty is not shown.
pub fn home_rows(
    library: &Library,
    grouping: Grouping,
    last_lesson: Option<&str>,
    due: usize,
    read_steps: &dyn Fn(&str) -> HashSet<String>,
    listed: &dyn Fn(usize) -> bool,
) -> Vec<HomeRow> {
    let mut rows = leading_rows(library, last_lesson, due, read_steps);
    let entries = library.entries();
    let group = |rows: &mut Vec<HomeRow>, heading: String, members: Vec<usize>| {
        let members: Vec<HomeRow> = members
            .into_iter()
            .filter(|&index| listed(index))
            .map(HomeRow::Term)
            .collect();
        if !members.is_empty() {
            rows.push(HomeRow::Heading(heading));
            rows.extend(members);
        }
    };
    match grouping {
        Grouping::Level => {
            for (level, members) in library.by_level() {
                group(&mut rows, level_heading(level), members);
            }
        }
        Grouping::Tag => {
            let mut by_tag: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            let mut untagged = Vec::new();
            for (index, entry) in entries.iter().enumerate() {
                if entry.tags.is_empty() {
                    untagged.push(index);
                }
                for tag in &entry.tags {
                    by_tag.entry(tag.as_str()).or_default().push(index);
                }
            }
            for (tag, members) in by_tag {
                group(&mut rows, format!("#{tag}"), members);
            }
            group(&mut rows, "Untagged".to_owned(), untagged);
        }
    }
    rows
}

/// The rows a preview shows, as [`home_rows`] lays out the library's by level (a preview is
/// only ever shown before the grouping can be changed), with the number of rows the library's
/// home will have: the preview holds only the first terms.
pub fn preview_rows(
    preview: &LibrarySummary,
    last_lesson: Option<&str>,
    due: usize,
    read_steps: &dyn Fn(&str) -> HashSet<String>,
) -> (Vec<HomeRow>, usize) {
    let mut rows = leading_rows(preview, last_lesson, due, read_steps);
    // Saturating: the counts come from a file (checked by `LibrarySummary::is_sound` too).
    let total = preview.level_counts.iter().fold(rows.len(), |total, (_, count)| {
        total.saturating_add(count.saturating_add(1))
    });
    let mut first_term = 0;
    for &(level, count) in &preview.level_counts {
        if first_term >= preview.terms.len() {
            break;
        }
        rows.push(HomeRow::Heading(level_heading(level)));
        let last_term = (first_term + count).min(preview.terms.len());
        rows.extend((first_term..last_term).map(HomeRow::Term));
        first_term = last_term;
    }
    (rows, total)
}

/// The rows above the terms: review, where to continue, and the journeys.
fn leading_rows(
    content: &impl HomeContent,
    last_lesson: Option<&str>,
    due: usize,
    read_steps: &dyn Fn(&str) -> HashSet<String>,
) -> Vec<HomeRow> {
    let mut rows = vec![HomeRow::Review(due)];
    if let Some(id) = last_lesson.filter(|id| content.title_of(id).is_some()) {
        rows.push(HomeRow::Continue(id.to_owned()));
    }
    let journeys = content.journeys();
    if !journeys.is_empty() {
        rows.push(HomeRow::Heading("Journeys".to_owned()));
        for journey in journeys {
            let read = read_steps(journey.id);
            let done = journey.steps.iter().filter(|step| read.contains(*step)).count();
            rows.push(HomeRow::Journey {
                id: journey.id.to_owned(),
                read: done,
                total: journey.steps.len(),
            });
        }
    }
    rows
}

/// A level's heading: its name, capitalized.
fn level_heading(level: Level) -> String {
    let name = level.as_str();
    format!("{}{}", name[..1].to_uppercase(), &name[1..])
}

/// The home drawn from a [`LibrarySummary`] while the library loads: the summary, its rows, and
/// what saved progress adds to them, as [`super::app::App`] would show them.
#[derive(Debug, Clone)]
pub struct PreviewedHome {
    pub preview: LibrarySummary,
    pub rows: Vec<HomeRow>,
    /// What the terms' rows show of progress, as [`App::lesson_progress`] holds it.
    pub lesson_progress: HashMap<String, LessonProgress>,
    /// How many rows the home will have once the library is in.
    pub total_rows: usize,
    pub selected: usize,
    /// How long until the next review falls due, when none is due now.
    pub until_next_due: Option<chrono::TimeDelta>,
    pub notice: Option<String>,
}

impl PreviewedHome {
    /// `notices` are the store's, which the home shows after the load's own, which names
    /// `content_dir` in the command it suggests.
    pub fn new(
        preview: LibrarySummary,
        progress: &Progress,
        journey_read: &HashMap<String, HashSet<String>>,
        last_lesson: Option<&str>,
        notices: &[String],
        content_dir: Option<&std::path::Path>,
        now: DateTime<Utc>,
    ) -> PreviewedHome {
        let due = progress.due_keys(now);
        let (rows, total_rows) = preview_rows(&preview, last_lesson, due.len(), &|journey| {
            journey_read.get(journey).cloned().unwrap_or_default()
        });
        let notice = load_notice(preview.skipped_files, preview.errors, content_dir)
            .into_iter()
            .chain(notices.iter().cloned())
            .reduce(|all, notice| format!("{all} · {notice}"));
        PreviewedHome {
            lesson_progress: progress_by_lesson(progress, journey_read, &due),
            selected: first_selectable(&rows),
            until_next_due: progress.next_due(now).map(|next| next - now),
            preview,
            rows,
            total_rows,
            notice,
        }
    }
}

/// The first selectable row at or after `from` in direction `step` (+1 or -1), or `from`
/// itself when there is none that way.
pub fn next_selectable(rows: &[HomeRow], from: usize, step: isize) -> usize {
    let mut index = from;
    loop {
        let Some(next) = index.checked_add_signed(step).filter(|&n| n < rows.len()) else {
            return if rows.get(from).is_some_and(HomeRow::is_selectable) {
                from
            } else {
                first_selectable(rows)
            };
        };
        index = next;
        if rows[index].is_selectable() {
            return index;
        }
    }
}

pub fn first_selectable(rows: &[HomeRow]) -> usize {
    rows.iter().position(HomeRow::is_selectable).unwrap_or(0)
}

impl App {
    pub(super) fn update_home(&mut self, action: Action) {
        let rows = &self.home_rows;
        if rows.is_empty() {
            return;
        }
        let page = usize::from(self.height.saturating_sub(6)).max(1);
        let move_by = |count: usize, step: isize| {
            let mut at = self.home_selected;
            for _ in 0..count {
                at = next_selectable(rows, at, step);
            }
            at
        };
        match action {
            Action::Up => self.home_selected = move_by(1, -1),
            Action::Down => self.home_selected = move_by(1, 1),
            Action::PageUp => self.home_selected = move_by(page, -1),
            Action::PageDown => self.home_selected = move_by(page, 1),
            Action::HalfPageUp => self.home_selected = move_by((page / 2).max(1), -1),
            Action::HalfPageDown => self.home_selected = move_by((page / 2).max(1), 1),
            Action::Top => self.home_selected = first_selectable(rows),
            Action::Bottom => self.home_selected = move_by(rows.len(), 1),
            Action::ToggleGrouping => {
                self.grouping = self.grouping.toggled();
                self.remember(setting::GROUPING, self.grouping.as_str().to_owned());
                self.rebuild_home();
            }
            Action::CycleFilter => {
                self.home_filter = Filter::after(self.home_filter);
                self.rebuild_home();
            }
            Action::Activate => match self.home_rows.get(self.home_selected).cloned() {
                // Back where it was left, not at its top.
                Some(HomeRow::Continue(id)) => self.navigate(Place::Lesson {
                    id,
                    top_block: self.last_lesson_block,
                    selected_link: None,
                    faq_open: Vec::new(),
                    journey: None,
                }),
                Some(HomeRow::Term(index)) => {
                    let id = self.library.entries()[index].id.clone();
                    self.open_lesson(&id);
                }
                Some(HomeRow::Journey { id, .. }) => {
                    // Resume at the first unread step.
                    let read = self.journey_read.get(&id).cloned().unwrap_or_default();
                    let step = self
                        .library
                        .journey(&id)
                        .and_then(|journey| journey.steps.iter().position(|step| !read.contains(step)))
                        .unwrap_or(0);
                    self.open_journey_step(&id, step);
                }
                Some(HomeRow::Review(_)) => self.start_review(),
                Some(HomeRow::Heading(_)) | None => {}
            },
            // A check taken before the lesson is read tests what the reader already knew.
            Action::StartCheck => match self.home_rows.get(self.home_selected).cloned() {
                Some(HomeRow::Term(index)) => {
                    let id = self.library.entries()[index].id.clone();
                    self.start_check(&id);
                }
                Some(HomeRow::Continue(id)) => self.start_check(&id),
                _ => self.notice = Some("select a term to take its check".to_owned()),
            },
            _ => {}
        }
    }
}
