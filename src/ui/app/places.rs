//! Where the reader is: a [`Place`] in the history is enough to come back to exactly what
//! was on screen, and these are the ways to go to one (`navigate`, which records where it
//! left, and `show_place`, which does not) and to say where the reader is now (`place`).

use super::{App, Screen, setting};
use crate::lesson::lesson_document_with;
use crate::ui::bodies::ThenDo;
use crate::ui::check::CheckState;
use crate::ui::compare::CompareView;
use crate::ui::home::HomeRow;
use crate::ui::layout;
use crate::ui::lesson::{JourneyStep, LessonView};
use crate::ui::map::MapView;

/// A place in the history: enough to come back to exactly what was on screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// Home, with the row that was selected (rows move as progress changes, so the row
    /// itself is kept, not its position).
    Home {
        row: Option<HomeRow>,
    },
    Lesson {
        id: String,
        top_block: usize,
        selected_link: Option<usize>,
        faq_open: Vec<bool>,
        journey: Option<JourneyStep>,
    },
    Compare(CompareView),
    Map(MapView),
    Check(Box<CheckState>),
    Stats,
}

impl Place {
    /// The top of a lesson, with every question open.
    pub fn lesson(id: &str) -> Place {
        Place::Lesson {
            id: id.to_owned(),
            top_block: 0,
            selected_link: None,
            faq_open: Vec::new(),
            journey: None,
        }
    }
}

impl App {
    /// Esc on a view opened from somewhere (the map, a comparison, the stats): back to
    /// where it was opened from, as lazygit and helix close a panel; home if nothing is.
    pub(in crate::ui) fn close_view(&mut self) {
        let current = self.place();
        match self.history.back(current) {
            Some(place) => self.show_place(place),
            None => self.navigate(self.home_place()),
        }
    }

    pub(in crate::ui) fn home_place(&self) -> Place {
        Place::Home {
            row: self.home_rows.get(self.home_selected).cloned(),
        }
    }

    /// The current place, for the history.
    pub(in crate::ui) fn place(&self) -> Place {
        match (&self.screen, &self.lesson) {
            (Screen::Lesson, Some(lesson)) => Place::Lesson {
                id: lesson.id.clone(),
                top_block: lesson.top_block(),
                selected_link: lesson.selected_link,
                faq_open: lesson.faq_open.clone(),
                journey: lesson.journey.clone(),
            },
            (Screen::Compare, _) if let Some(view) = &self.compare => Place::Compare(view.clone()),
            (Screen::Map, _) if let Some(view) = &self.map => Place::Map(view.clone()),
            (Screen::Check, _) if let Some(check) = &self.check => Place::Check(check.clone()),
            (Screen::Stats, _) => Place::Stats,
            _ => self.home_place(),
        }
    }

    pub(in crate::ui) fn show_place(&mut self, place: Place) {
        match place {
            Place::Check(check) => {
                self.check = Some(check);
                self.screen = Screen::Check;
            }
            Place::Stats => {
                self.screen = Screen::Stats;
                self.stats_scroll = 0;
            }
            Place::Compare(mut view) => {
                view.lay_out(
                    &self.library,
                    usize::from(layout::compare_area(self.width, self.height).width),
                );
                self.compare = Some(view);
                self.screen = Screen::Compare;
            }
            Place::Map(view) => {
                self.map = Some(view);
                self.screen = Screen::Map;
            }
            Place::Home { row } => {
                self.screen = Screen::Home;
                self.rebuild_home_selecting(row);
            }
            Place::Lesson {
                id,
                top_block,
                selected_link,
                faq_open,
                journey,
            } => {
                let Some(entry) = self.library.get(&id) else {
                    self.notice = Some(format!("no lesson named `{id}`"));
                    return;
                };
                let Some(body) = self.body_at_hand(entry) else {
                    let wanted = vec![entry.id.clone()];
                    self.want_bodies(
                        wanted,
                        ThenDo::Show {
                            place: Place::Lesson {
                                id,
                                top_block,
                                selected_link,
                                faq_open,
                                journey,
                            },
                            scroll: None,
                        },
                    );
                    return;
                };
                let faqs = body.as_ref().map_or(0, |body| body.faqs.len());
                let faq_open = if faq_open.len() == faqs {
                    faq_open
                } else {
                    vec![true; faqs]
                };
                let document = lesson_document_with(entry, body.as_deref(), &self.library, &|index| {
                    faq_open.get(index).copied().unwrap_or(true)
                });
                let wrapped = document.wrap(self.body_width);
                let scroll = wrapped.block_lines.get(top_block).copied().unwrap_or(0);
                if self.last_lesson.as_deref() != Some(id.as_str()) {
                    self.last_lesson = Some(id.clone());
                    self.remember(setting::LAST_LESSON, id.clone());
                }
                self.lesson = Some(LessonView {
                    id,
                    body,
                    document,
                    wrapped,
                    scroll,
                    selected_link,
                    faq_open,
                    journey,
                    section: None,
                    hints: None,
                });
                self.screen = Screen::Lesson;
                self.clamp_scroll();
            }
        }
    }

    /// Goes to a new place, recording the current one in the history.
    pub(in crate::ui) fn navigate(&mut self, place: Place) {
        let current = self.place();
        if current == place {
            return;
        }
        self.history.visit(current);
        self.show_place(place);
    }
}
