//! The reader's `update`: actions in, state out, with no terminal. These drive the same
//! actions the keys produce and assert on what the user would see next.

use lexicon::content::load_bundled;
use lexicon::document::LinkTarget;
use lexicon::ui::app::{App, Effect, Remembered, Screen};
use lexicon::ui::bodies::read_wanted_bodies;
use lexicon::ui::home::HomeRow;
use lexicon::ui::keymap::Action;

mod driving;
use driving::select_home_row;

fn app_on(id: Option<&str>) -> App {
    let mut app = App::new(load_bundled(), id.map(str::to_owned));
    app.resize(100, 30);
    app
}

/// The screen `app` draws at its size, row by row.
fn drawn_rows(app: &App) -> Vec<String> {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.size().0, app.size().1)).expect("terminal");
    terminal
        .draw(|frame| lexicon::ui::view::draw(app, frame))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    let (width, height) = app.size();
    (0..height)
        .map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect())
        .collect()
}

fn lesson_id(app: &App) -> &str {
    assert_eq!(app.screen(), Screen::Lesson);
    &app.lesson().expect("a lesson is open").id
}

/// Types `text` into the search box, one key at a time.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Type(c));
    }
}

/// The reader on the home with search open and `query` typed.
fn searching(query: &str) -> App {
    let mut app = app_on(None);
    app.update(Action::OpenSearch);
    type_text(&mut app, query);
    app
}

/// Selects the link leading to `id` by pressing Tab until it is selected.
fn tab_to(app: &mut App, target: &LinkTarget) {
    for _ in 0..500 {
        app.update(Action::NextLink);
        let lesson = app.lesson().expect("lesson");
        if lesson.selected_link.map(|i| &lesson.document.links[i].target) == Some(target) {
            return;
        }
    }
    panic!("no link to {target:?}");
}

#[test]
fn following_a_link_and_going_back_restores_the_scroll_position() {
    let mut app = app_on(Some("backup-codes"));
    app.update(Action::Section(4));
    let scroll_before = app.lesson().map(|l| l.scroll).expect("lesson");
    assert!(scroll_before > 0, "the Related terms section is below the top");
    tab_to(&mut app, &LinkTarget::Entry("two-factor-authentication".into()));
    let scroll_with_selection = app.lesson().map(|l| l.scroll).expect("lesson");
    app.update(Action::Activate);
    assert_eq!(lesson_id(&app), "two-factor-authentication");
    assert_eq!(app.lesson().map(|l| l.scroll), Some(0), "a new page opens at the top");

    app.update(Action::Back);
    assert_eq!(lesson_id(&app), "backup-codes");
    let lesson = app.lesson().expect("lesson");
    assert_eq!(lesson.scroll, scroll_with_selection, "Back returns to where we were");
    assert!(lesson.selected_link.is_some(), "and the link stays selected");

    app.update(Action::Forward);
    assert_eq!(lesson_id(&app), "two-factor-authentication");
    app.update(Action::Forward);
    assert_eq!(lesson_id(&app), "two-factor-authentication", "nothing further forward");
    assert!(app.notice().is_some());
}

#[test]
fn escape_goes_home_and_back_returns_to_the_lesson() {
    let mut app = app_on(Some("totp"));
    app.update(Action::Escape);
    assert_eq!(app.screen(), Screen::Home);
    app.update(Action::Back);
    assert_eq!(lesson_id(&app), "totp");
}

#[test]
fn search_narrows_as_you_type_and_opens_the_selection() {
    let mut app = app_on(None);
    app.update(Action::OpenSearch);
    let all = app.search().map(|s| s.results.len()).expect("search open");
    assert_eq!(all, app.library().entries().len(), "an empty query lists everything");
    type_text(&mut app, "backup");
    let search = app.search().expect("search open");
    assert!(search.results.len() < all);
    assert_eq!(
        app.library().entries()[search.results.ranked()[0].index].id,
        "backup-codes"
    );
    app.update(Action::Erase);
    assert_eq!(app.search().map(|s| s.query.as_str()), Some("backu"));
    app.update(Action::Activate);
    assert!(app.search().is_none(), "opening a result closes search");
    assert_eq!(lesson_id(&app), "backup-codes");
}

/// With matching off the UI thread, a keystroke only asks for a search: the old hits stay
/// until the answer for the query in the box arrives, and answers for older queries are
/// dropped. Enter before the answer still opens the best hit of what was typed.
#[test]
fn a_background_search_shows_only_the_answer_for_the_query_in_the_box() {
    let mut app = app_on(None);
    app.search_off_thread();
    app.update(Action::OpenSearch);
    let all = app.search().map(|s| s.results.clone()).expect("search open");
    type_text(&mut app, "back");
    assert_eq!(app.take_search_request().as_deref(), Some("back"));
    let search = app.search().expect("search open");
    assert!(search.pending);
    assert_eq!(search.results, all, "nothing is matched on the UI thread");

    let answer = |query: &str| {
        lexicon::search::Results::complete(query, lexicon::search::SearchIndex::new(app.library()).search(query))
    };
    let stale = answer("bac");
    let current = answer("back");
    app.receive_search("bac", stale);
    assert!(app.search().is_some_and(|s| s.pending), "an older answer is dropped");
    app.receive_search("back", current.clone());
    let search = app.search().expect("search open");
    assert!(!search.pending);
    assert_eq!(search.results, current);

    app.update(Action::Type('u'));
    app.update(Action::Activate);
    assert_eq!(lesson_id(&app), "backup-codes");
}

#[test]
fn search_selection_stays_inside_the_results() {
    let mut app = searching("totp");
    let count = app.search().map(|s| s.results.len()).expect("search");
    for _ in 0..count + 5 {
        app.update(Action::Down);
    }
    assert_eq!(app.search().map(|s| s.selected), Some(count - 1));
    app.update(Action::Escape);
    assert!(app.search().is_none());
    assert_eq!(app.screen(), Screen::Home);
}

/// Ctrl-w erases the last word and the spaces after it, Ctrl-u the whole query, as in a
/// shell; the results are those of the query left in the box.
#[test]
fn search_erases_a_word_or_the_whole_query() {
    let mut app = searching("seed  phr");
    let index = lexicon::search::SearchIndex::new(app.library());
    app.update(Action::EraseWord);
    let search = app.search().expect("search open");
    assert_eq!(search.query, "seed  ");
    assert_eq!(search.results.ranked(), index.search("seed"));
    app.update(Action::EraseWord);
    let search = app.search().expect("search open");
    assert_eq!(search.query, "");
    assert_eq!(
        search.results.len(),
        app.library().entries().len(),
        "an empty box lists everything"
    );
    app.update(Action::EraseWord);
    assert_eq!(
        app.search().map(|s| s.query.as_str()),
        Some(""),
        "nothing left to erase"
    );

    type_text(&mut app, "two factor");
    app.update(Action::ClearQuery);
    let search = app.search().expect("search open");
    assert_eq!(search.query, "");
    assert_eq!(search.results.len(), app.library().entries().len());
}

/// The mouse in search: a click on a drawn result selects it, a second click opens it, and
/// the wheel moves the selection three rows a notch, never past the results.
#[test]
fn a_click_selects_then_opens_a_search_result_and_the_wheel_moves_the_selection() {
    let mut app = searching("back");
    let hits = app.search().map(|s| s.results.ranked().to_vec()).expect("search open");
    assert!(hits.len() >= 3, "`back` matches several terms");
    let second = app.library().entries()[hits[1].index].clone();

    // Where the second result is on screen, read from the drawn frame.
    let row = drawn_rows(&app)
        .iter()
        .position(|line| line.contains(&format!("  {}  ", second.title)))
        .and_then(|row| u16::try_from(row).ok())
        .expect("the second result is drawn");

    // A click outside the results (on the query row) changes nothing.
    app.update(Action::Click { x: 4, y: 1 });
    assert_eq!(app.search().map(|s| s.selected), Some(0));
    app.update(Action::Click { x: 10, y: row });
    assert_eq!(app.search().map(|s| s.selected), Some(1), "the first click selects");
    assert!(app.search().is_some(), "and keeps search open");

    app.update(Action::ScrollDown);
    let last = hits.len() - 1;
    assert_eq!(app.search().map(|s| s.selected), Some(4.min(last)));
    for _ in 0..hits.len() {
        app.update(Action::ScrollDown);
    }
    assert_eq!(app.search().map(|s| s.selected), Some(last));
    for _ in 0..hits.len() {
        app.update(Action::ScrollUp);
    }
    assert_eq!(app.search().map(|s| s.selected), Some(0));

    app.update(Action::Click { x: 10, y: row });
    app.update(Action::Click { x: 10, y: row });
    assert!(app.search().is_none(), "the second click opens the result");
    assert_eq!(lesson_id(&app), second.id);
}

/// While a background search's answer is on its way, the results on screen are those of the
/// query before: a click opens the one clicked, as drawn, not the best hit of the new query.
#[test]
fn a_click_opens_the_result_drawn_while_a_search_is_pending() {
    let mut app = app_on(None);
    app.search_off_thread();
    app.update(Action::OpenSearch);
    type_text(&mut app, "back");
    let search = app.search().expect("search open");
    assert!(search.pending);
    let drawn = app.library().entries()[search.results.ranked()[1].index].clone();
    let (list, offset) = lexicon::ui::layout::search_list_area(app.size().0, app.size().1, search.selected);
    assert_eq!(offset, 0);
    let y = list.y + 1;
    app.update(Action::Click { x: list.x + 2, y });
    app.update(Action::Click { x: list.x + 2, y });
    assert!(app.search().is_none());
    assert_eq!(lesson_id(&app), drawn.id);
    assert_ne!(drawn.id, "backup-codes", "the best hit for `back` is another term");
}

#[test]
fn enter_on_a_question_folds_and_unfolds_its_answer() {
    let mut app = app_on(Some("backup-codes"));
    tab_to(&mut app, &LinkTarget::ToggleFaq(0));
    let lines_open = app.lesson().map(|l| l.wrapped.lines.len()).expect("lesson");
    app.update(Action::Activate);
    let lesson = app.lesson().expect("lesson");
    assert!(!lesson.faq_open[0], "the first question is folded");
    assert!(lesson.wrapped.lines.len() < lines_open, "the answer's lines are gone");
    app.update(Action::Activate);
    let lesson = app.lesson().expect("lesson");
    assert!(lesson.faq_open[0]);
    assert_eq!(lesson.wrapped.lines.len(), lines_open);
}

#[test]
fn a_journey_walks_its_steps_in_order_and_counts_what_was_read() {
    let mut app = app_on(None);
    let journey = app.library().journeys()[0].clone();
    let row = app
        .home_rows()
        .iter()
        .position(|row| matches!(row, HomeRow::Journey { id, .. } if *id == journey.id))
        .expect("the journey is on the home screen");
    select_home_row(&mut app, row);
    app.update(Action::Activate);
    assert_eq!(lesson_id(&app), journey.steps[0]);
    // A step counts as read once its end has been in view.
    app.update(Action::Bottom);
    app.update(Action::NextStep);
    assert_eq!(lesson_id(&app), journey.steps[1]);
    app.update(Action::Bottom);
    let depth = app.history().trail().len();
    app.update(Action::PreviousStep);
    assert_eq!(lesson_id(&app), journey.steps[0]);
    assert_eq!(
        app.history().trail().len(),
        depth - 1,
        "p went back rather than adding to history"
    );
    assert!(app.history().can_go_forward(), "Alt-→ returns to the next step");
    app.update(Action::PreviousStep);
    assert_eq!(lesson_id(&app), journey.steps[0], "there is no step before the first");
    app.update(Action::NextStep);
    // The third step is opened but not read to its end.
    app.update(Action::NextStep);
    let third = app.lesson().expect("the third step");
    assert!(
        third.wrapped.lines.len() > app.body_height(),
        "a step longer than the page"
    );
    app.update(Action::Escape);
    let read = app.home_rows().iter().find_map(|row| match row {
        HomeRow::Journey { id, read, .. } if *id == journey.id => Some(*read),
        _ => None,
    });
    assert_eq!(
        read,
        Some(2),
        "two distinct steps were read to their end; the third only opened"
    );
    // Opening the journey again resumes at the first unread step.
    let row = app
        .home_rows()
        .iter()
        .position(|row| matches!(row, HomeRow::Journey { id, .. } if *id == journey.id));
    select_home_row(&mut app, row.expect("journey row"));
    app.update(Action::Activate);
    assert_eq!(lesson_id(&app), journey.steps[2]);
}

#[test]
fn home_selection_skips_headings_and_stays_in_the_list() {
    let mut app = app_on(None);
    for _ in 0..500 {
        app.update(Action::Down);
        assert!(app.home_rows()[app.home_selected()].is_selectable());
    }
    assert_eq!(app.home_selected(), app.home_rows().len() - 1);
    for _ in 0..500 {
        app.update(Action::Up);
        assert!(app.home_rows()[app.home_selected()].is_selectable());
    }
    let before = app.home_rows().len();
    app.update(Action::ToggleGrouping);
    assert_ne!(
        app.home_rows().len(),
        before,
        "grouping by tag lists terms under each of their tags"
    );
    assert!(
        app.home_rows()
            .iter()
            .any(|row| matches!(row, HomeRow::Heading(title) if title.starts_with('#')))
    );
}

#[test]
fn clicking_a_link_follows_it_and_the_wheel_scrolls() {
    let mut app = app_on(Some("backup-codes"));
    app.update(Action::ScrollDown);
    assert_eq!(app.lesson().map(|l| l.scroll), Some(3), "one notch scrolls three lines");
    app.update(Action::ScrollUp);
    app.update(Action::Section(4));
    // Find where the link to Two-Factor Authentication is drawn.
    let lesson = app.lesson().expect("lesson");
    let on_screen = |index: usize| lesson.wrapped.link_lines[index].is_some_and(|line| line >= lesson.scroll);
    let link = (0..lesson.document.links.len())
        .find(|&i| {
            on_screen(i) && lesson.document.links[i].target == LinkTarget::Entry("two-factor-authentication".into())
        })
        .expect("a link to 2FA on screen");
    let line = lesson.wrapped.link_lines[link].expect("drawn");
    let column: usize = lesson.wrapped.lines[line]
        .iter()
        .take_while(|span| span.link != Some(link))
        .map(|s| s.width())
        .sum();
    let (body, _) = lexicon::ui::layout::lesson_click_areas(app.size().0, app.size().1);
    let x = body.x + u16::try_from(column).expect("fits");
    let y = body.y + u16::try_from(line - lesson.scroll).expect("on screen");
    // A click just left of the link, on plain text, does nothing.
    if column > 0 {
        app.update(Action::Click {
            x: x - 1,
            y: y.saturating_sub(1),
        });
    }
    app.update(Action::Click { x, y });
    assert_eq!(lesson_id(&app), "two-factor-authentication");
}

#[test]
fn the_map_moves_between_columns_and_opens_the_selected_term() {
    let mut app = app_on(Some("backup-codes"));
    app.update(Action::OpenMap);
    assert_eq!(app.screen(), Screen::Map);
    let map = app.map().cloned().expect("map");
    assert_eq!(
        map.related.first().map(String::as_str),
        Some("two-factor-authentication")
    );
    app.update(Action::Right);
    app.update(Action::Down);
    app.update(Action::Activate);
    assert_eq!(lesson_id(&app), map.related[1]);
    app.update(Action::Back);
    assert_eq!(app.screen(), Screen::Map, "Back returns to the map");
    app.update(Action::Back);
    assert_eq!(lesson_id(&app), "backup-codes");
}

#[test]
fn v_opens_the_comparison_and_scrolling_stays_inside_it() {
    let mut app = app_on(Some("backup-codes"));
    app.update(Action::OpenCompare);
    assert_eq!(app.screen(), Screen::Compare);
    let compare = app.compare().expect("compare");
    assert_eq!(
        (compare.left.as_str(), compare.right.as_str()),
        ("backup-codes", "recovery-phrase")
    );
    for _ in 0..1000 {
        app.update(Action::Down);
    }
    let scroll = app.compare().map(|c| c.scroll).expect("compare");
    assert!(scroll < 200, "scroll is clamped to the table, got {scroll}");
    // An entry compared only from the other side still opens its comparison.
    let mut app = app_on(Some("hotp"));
    app.update(Action::OpenCompare);
    assert_eq!(app.compare().map(|c| c.right.as_str()), Some("totp"));
}

mod check {
    use super::*;
    use chrono::TimeZone;
    use lexicon::ui::app::Effect;
    use lexicon::ui::check::CheckPhase;

    fn answer_current(app: &mut App, right: bool, confidence_key: char) {
        let check = app.check().expect("a check is running");
        let truth = check.current().expect("a statement").answer;
        let answer = if right {
            truth
        } else {
            match truth {
                lexicon::quiz::Verdict::Myth => lexicon::quiz::Verdict::Fact,
                lexicon::quiz::Verdict::Fact => lexicon::quiz::Verdict::Myth,
            }
        };
        app.update(Action::Judge(answer));
        let confidence = lexicon::quiz::Confidence::from_key(confidence_key).expect("a confidence key");
        app.update(Action::Confidence(confidence));
        app.update(Action::Activate);
    }

    #[test]
    fn until_enter_another_confidence_key_replaces_the_one_given() {
        let mut app = app_on(Some("totp"));
        app.update(Action::StartCheck);
        let truth = app.check().and_then(|c| c.current()).expect("a statement").answer;
        app.update(Action::Judge(truth));
        // Enter before saying how sure answers nothing.
        app.update(Action::Activate);
        assert!(
            app.take_notice().is_some(),
            "Enter without a confidence says what is missing"
        );
        assert!(app.progress().answers.is_empty());
        let key = |c| lexicon::quiz::Confidence::from_key(c).expect("a confidence key");
        app.update(Action::Confidence(key('9')));
        app.update(Action::Confidence(key('6')));
        assert!(app.progress().answers.is_empty(), "nothing is recorded before Enter");
        app.update(Action::Activate);
        let phase = app.check().map(|c| c.phase).expect("check");
        assert!(
            matches!(phase, CheckPhase::Reveal { confidence, .. } if confidence == key('6')),
            "{phase:?}"
        );
        let recorded: Vec<u8> = app.progress().answers.iter().map(|a| a.confidence.percent()).collect();
        assert_eq!(recorded, [60], "the last key before Enter counts");
        assert!(app.progress().answers[0].is_first_attempt());
    }

    #[test]
    fn a_lesson_check_asks_every_statement_records_each_answer_and_sums_up() {
        let mut app = app_on(Some("backup-codes"));
        app.set_now(chrono::Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap());
        app.update(Action::StartCheck);
        assert_eq!(app.screen(), Screen::Check);
        let total = app.check().map(|c| c.statements.len()).expect("check");
        let entry = app.library().get("backup-codes").expect("entry");
        assert_eq!(
            total,
            app.library().body(entry).expect("held").misconceptions.len(),
            "one side of each misconception"
        );

        // Confidence before a verdict is refused.
        app.update(Action::Confidence(lexicon::quiz::Confidence::HUNDRED));
        assert_eq!(app.check().map(|c| c.phase), Some(CheckPhase::Judge));
        assert!(app.notice().is_some());

        for index in 0..total {
            // One wrong answer on purpose, at 90%.
            answer_current(&mut app, index != 0, if index == 0 { '9' } else { '0' });
            let phase = app.check().map(|c| c.phase).expect("check");
            assert!(matches!(phase, CheckPhase::Reveal { correct, .. } if correct == (index != 0)));
            app.update(Action::Activate);
        }
        let check = app.check().expect("check");
        assert_eq!(check.phase, CheckPhase::Summary);
        let calibration = check.calibration();
        assert_eq!((calibration.answered, calibration.correct), (total, total - 1));
        // One wrong at 90%: (0.9)² = 0.81; the rest right at 100% score 0.
        let expected = 0.81 / total as f64;
        assert!((calibration.brier.expect("brier") - expected).abs() < 1e-9);

        let recorded = app
            .effects()
            .iter()
            .filter(|e| matches!(e, Effect::RecordAnswer(_)))
            .count();
        assert_eq!(recorded, total, "every answer is recorded as it is given");
        assert_eq!(app.progress().answers.len(), total);
        assert_eq!(app.progress().cards.len(), total, "every statement gets a review card");

        app.update(Action::Activate);
        assert_eq!(lesson_id(&app), "backup-codes", "finishing returns to the lesson");
    }

    #[test]
    fn leaving_midway_keeps_what_was_answered_and_wrong_answers_come_back() {
        let (mut app, start) = one_wrong_answer_to_totp();
        app.update(Action::Escape);
        assert_eq!(lesson_id(&app), "totp");
        assert_eq!(app.progress().answers.len(), 1, "the answer given is kept");
        // A wrong answer (rated Again) is due again soon; a day later it certainly is.
        app.set_now(start + chrono::Duration::days(1));
        assert_eq!(app.due_keys().len(), 1);
        app.update(Action::Home);
        app.update(Action::StartReview);
        let check = app.check().expect("a review");
        assert_eq!(check.title, "Review");
        assert_eq!(check.statements.len(), 1);
    }

    /// The terms the home lists, by id.
    fn listed_terms(app: &App) -> Vec<String> {
        app.home_rows()
            .iter()
            .filter_map(|row| match row {
                HomeRow::Term(index) => Some(app.library().entries()[*index].id.clone()),
                _ => None,
            })
            .collect()
    }

    /// Every lesson row can say what you did with it: read, the last check's result, and
    /// statements due; `f` lists only the unread, due or weakest lessons, then all again.
    #[test]
    fn lesson_rows_show_progress_and_f_filters_the_home() {
        let mut app = app_on(Some("totp"));
        let start = chrono::Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        app.set_now(start);
        app.update(Action::StartCheck);
        let total = app.check().map(|c| c.statements.len()).expect("a check");
        for index in 0..total {
            answer_current(&mut app, index != 0, '9');
            app.update(Action::Activate);
        }
        app.update(Action::Activate);
        assert_eq!(lesson_id(&app), "totp");
        let totp = app.lesson_progress().get("totp").copied().expect("TOTP has progress");
        assert_eq!(totp.last_check, Some((total - 1, total)), "the check just taken");
        assert!(!totp.read, "not scrolled to its end yet");
        app.update(Action::Bottom);
        assert!(app.lesson_progress()["totp"].read, "read once its end was in view");

        app.update(Action::Home);
        let everything = listed_terms(&app);
        assert_eq!(everything.len(), app.library().entries().len());
        let index = app.library().index_of("totp").expect("TOTP");
        let totp_row = app
            .home_rows()
            .iter()
            .position(|row| *row == HomeRow::Term(index))
            .expect("TOTP's row");
        select_home_row(&mut app, totp_row);
        let row = drawn_rows(&app)
            .into_iter()
            .find(|line| line.contains("TOTP"))
            .expect("TOTP's row is drawn");
        let result = format!("{}/{total}", total - 1);
        assert!(row.contains(&format!("✓ {result:>5}")), "{row:?}");

        app.update(Action::CycleFilter);
        let unread = listed_terms(&app);
        assert!(!unread.contains(&"totp".to_owned()) && unread.len() == everything.len() - 1);

        app.set_now(start + chrono::Duration::days(1));
        app.update(Action::CycleFilter);
        assert_eq!(listed_terms(&app), ["totp"], "only TOTP has a statement due");

        app.update(Action::CycleFilter);
        let weakest: Vec<String> = app.stats().weakest.iter().map(|weak| weak.entry_id.clone()).collect();
        assert_eq!(listed_terms(&app), weakest);

        app.update(Action::CycleFilter);
        assert_eq!(listed_terms(&app), everything, "all again");
    }

    /// `r` on a lesson reviews that lesson's due statements only, and on the home grouped by
    /// tag the selected tag's; a review's statements say which lesson they are from.
    #[test]
    fn r_reviews_the_lesson_or_tag_it_is_pressed_on() {
        let (mut app, start) = one_wrong_answer_to_totp();
        app.update(Action::Escape);
        app.set_now(start + chrono::Duration::days(1));
        assert_eq!(app.due_keys().len(), 1);

        app.open_lesson("backup-codes");
        app.update(Action::StartReview);
        assert_eq!(app.screen(), Screen::Lesson, "nothing of Backup Codes is due");
        assert!(app.notice().is_some_and(|notice| notice.contains("Backup Codes")));

        app.open_lesson("totp");
        app.update(Action::StartReview);
        let check = app.check().expect("a review of TOTP");
        let title = app.library().get("totp").expect("TOTP").title.clone();
        assert_eq!(check.title, format!("Review: {title}"));
        assert_eq!(check.statements.len(), 1);
        assert!(
            drawn_rows(&app)
                .iter()
                .any(|row| row.contains(&format!("(from {title})"))),
            "the statement names its lesson"
        );
        app.update(Action::Escape);

        // Grouped by tag, on a term under one of TOTP's tags, and then under another tag.
        app.update(Action::Home);
        app.update(Action::ToggleGrouping);
        let totp_tag = app.library().get("totp").expect("TOTP").tags[0].clone();
        let heading = |app: &App, tag: &str| {
            app.home_rows()
                .iter()
                .position(|row| *row == HomeRow::Heading(format!("#{tag}")))
                .expect("the tag's heading")
        };
        let totp_row = heading(&app, &totp_tag) + 1;
        select_home_row(&mut app, totp_row);
        app.update(Action::StartReview);
        assert_eq!(
            app.check().map(|c| c.title.clone()),
            Some(format!("Review: #{totp_tag}"))
        );
        app.update(Action::Escape);
        let other = app
            .library()
            .entries()
            .iter()
            .flat_map(|entry| &entry.tags)
            .find(|tag| !app.library().get("totp").expect("TOTP").tags.contains(tag))
            .expect("a tag TOTP does not have")
            .clone();
        app.update(Action::Home);
        let other_row = heading(&app, &other) + 1;
        select_home_row(&mut app, other_row);
        app.update(Action::StartReview);
        assert_eq!(app.screen(), Screen::Home, "nothing under #{other} is due");
    }

    /// The summary offers to retry what was answered wrong, as practice: the retries are
    /// kept as repeats and move no review card.
    #[test]
    fn r_at_the_summary_retries_the_wrong_ones_as_practice() {
        let mut app = app_on(Some("totp"));
        app.set_now(chrono::Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap());
        app.update(Action::StartCheck);
        let total = app.check().map(|c| c.statements.len()).expect("a check");
        assert!(total >= 2);
        for index in 0..total {
            answer_current(&mut app, index >= 2, '8');
            app.update(Action::Activate);
        }
        let check = app.check().expect("the summary");
        assert_eq!(check.phase, CheckPhase::Summary);
        let wrong: Vec<_> = check.statements[..2].iter().map(|s| s.key.clone()).collect();
        let cards_before = app.progress().cards.clone();
        app.take_effects();

        app.update(Action::RetryWrong);
        let practice = app.check().expect("a practice check");
        assert!(practice.practice && practice.title.starts_with("Practice: "));
        let keys: Vec<_> = practice.statements.iter().map(|s| s.key.clone()).collect();
        assert_eq!(keys, wrong, "only the ones answered wrong");
        for _ in 0..2 {
            answer_current(&mut app, true, '9');
            app.update(Action::Activate);
        }
        assert_eq!(app.check().map(|c| c.phase), Some(CheckPhase::Summary));
        assert_eq!(app.progress().cards, cards_before, "practice moved no card");
        let practised: Vec<_> = app
            .effects()
            .iter()
            .filter_map(|effect| match effect {
                Effect::RecordPractice(record) => Some(record.key.clone()),
                Effect::RecordAnswer(_) => panic!("a practice answer was scheduled"),
                _ => None,
            })
            .collect();
        assert_eq!(practised, wrong);
        assert!(
            app.progress()
                .answers
                .iter()
                .rev()
                .take(2)
                .all(|answer| !answer.is_first_attempt())
        );
        assert_eq!(app.stats().repeats.answered, 2, "counted apart, as repeats");
    }

    /// The TOTP lesson's check started at noon and its first statement answered wrong at
    /// 80%, with the time it was answered.
    fn one_wrong_answer_to_totp() -> (App, chrono::DateTime<chrono::Utc>) {
        let mut app = app_on(Some("totp"));
        let start = chrono::Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        app.set_now(start);
        app.update(Action::StartCheck);
        answer_current(&mut app, false, '8');
        (app, start)
    }

    /// A statement's pair (the myth's fact, or the reverse) is shown at the reveal only once
    /// both sides have been answered: before that it would give the other answer away.
    #[test]
    fn the_pair_shows_only_once_both_sides_are_answered() {
        let mut app = app_on(Some("totp"));
        let start = chrono::Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        let mut seen_pair = false;
        for day in 0..30 {
            app.set_now(start + chrono::Duration::days(day));
            app.update(Action::StartCheck);
            let total = app.check().map(|c| c.statements.len()).expect("a check");
            for _ in 0..total {
                let check = app.check().expect("a check");
                let key = check.current().expect("a statement").key.clone();
                let other = lexicon::quiz::other_side(&key);
                let answered_before = app.progress().answers.iter().any(|answer| answer.key == other);
                answer_current(&mut app, true, '9');
                let check = app.check().expect("a check");
                assert_eq!(check.other_side_answered, answered_before, "{key}");
                seen_pair |= answered_before;
                app.update(Action::Activate);
            }
            app.update(Action::Activate);
            if seen_pair {
                return;
            }
        }
        panic!("in 30 days of checks no statement's other side came up");
    }

    /// The home's Review row was stale: cards fell due and it still said "nothing due"
    /// until a key was pressed. The clock's tick redraws it when a card falls due.
    #[test]
    fn the_review_row_changes_when_a_card_falls_due_without_a_key() {
        let (mut app, start) = one_wrong_answer_to_totp();
        app.update(Action::Escape);
        app.update(Action::Home);
        let review = |app: &App| {
            app.home_rows().iter().find_map(|row| {
                if let HomeRow::Review(due) = row {
                    Some(*due)
                } else {
                    None
                }
            })
        };
        assert_eq!(review(&app), Some(0), "a wrong answer comes back in a minute, not now");
        let due = app.next_due().expect("the wrong answer comes back");
        assert!(!app.tick(start + chrono::Duration::seconds(1)), "nothing to redraw yet");
        assert!(app.tick(due), "the card fell due: redraw");
        assert_eq!(review(&app), Some(1));
        assert_eq!(app.due_keys().len(), 1, "the row and r agree");
    }

    /// With a lesson's file gone (skipped as bad), its statements neither count on the
    /// Review row nor come back in `r`: one source of truth for both.
    #[test]
    fn statements_of_a_lesson_that_did_not_load_are_not_due() {
        let (mut app, start) = one_wrong_answer_to_totp();
        let mut key = app.progress().answers[0].key.clone();
        let card = app.progress().cards[&key].clone();
        key.entry_id = "no-such-lesson".to_owned();
        // Saved progress with a card for a lesson that is not in the library.
        let mut progress = app.progress().clone();
        progress.cards.insert(key, card);
        let journey_read = app.journey_read().clone();
        app.load_progress(progress, journey_read, Remembered::default());
        app.set_now(start + chrono::Duration::days(1));
        assert_eq!(app.due_keys().len(), 1, "only the loaded lesson's statement");
        app.update(Action::Escape);
        app.update(Action::Home);
        app.update(Action::StartReview);
        assert_eq!(app.check().map(|check| check.statements.len()), Some(1));
    }

    #[test]
    fn links_in_the_reveal_open_lessons_and_back_returns_to_the_check() {
        let mut app = app_on(Some("backup-codes"));
        app.update(Action::StartCheck);
        // Answer until a reveal has a link to follow.
        for _ in 0..20 {
            answer_current(&mut app, true, '7');
            let links = app.check().map(|c| c.explanation.links.len()).unwrap_or(0);
            if links > 0 {
                break;
            }
            app.update(Action::Activate);
        }
        let before = app.check().map(|c| (c.index, c.phase)).expect("check");
        app.update(Action::NextLink);
        app.update(Action::Activate);
        assert_eq!(app.screen(), Screen::Lesson, "the link opened a lesson");
        app.update(Action::Back);
        assert_eq!(app.screen(), Screen::Check);
        assert_eq!(app.check().map(|c| (c.index, c.phase)), Some(before), "the same reveal");
    }
}

/// A lesson of a content folder whose file changed after loading: an edit to its text shows
/// when it opens again (checked again as at load); an edit to its title, which the lists
/// were built from, is not shown, its check does not start, and the page says to restart.
#[test]
fn a_lesson_whose_file_changed_is_read_again_or_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("terms")).expect("terms/");
    let path = dir.path().join("terms/alpha.yaml");
    let text = "title: Alpha\nlevel: beginner\ndefinition: The first.\nanalysis: Original analysis.\n\
                faqs:\n  - question: Why?\n    answer: Because.\n\
                misconceptions:\n  - myth: A myth.\n    fact: A fact.\n    explanation: Why.\n";
    std::fs::write(&path, text).expect("write");
    let files = lexicon::content::loader::read_folder(dir.path()).expect("reads");
    let mut app = App::new(lexicon::content::load(files), None);
    app.resize(100, 30);

    // Unchanged, the lesson opens with its analysis and its check starts.
    app.open_lesson("alpha");
    read_wanted_bodies(&mut app);
    let page = app.lesson().expect("lesson").wrapped.to_plain_text();
    assert!(page.contains("Original analysis."), "{page}");
    app.update(Action::StartCheck);
    read_wanted_bodies(&mut app);
    assert_eq!(app.screen(), Screen::Check);
    app.update(Action::Escape);
    read_wanted_bodies(&mut app);

    std::fs::write(&path, text.replace("Original", "Rewritten")).expect("write");
    // A page already open keeps what it read when it opened: folding a question does not
    // read the file again.
    tab_to(&mut app, &LinkTarget::ToggleFaq(0));
    app.update(Action::Activate);
    let lesson = app.lesson().expect("lesson");
    assert!(!lesson.faq_open[0], "the question is folded");
    let page = lesson.wrapped.to_plain_text();
    assert!(
        page.contains("Original analysis.") && !page.contains("Because."),
        "{page}"
    );
    // Opened afresh, it reads the file again: the new text, and its check starts.
    app.update(Action::Home);
    app.open_lesson("alpha");
    read_wanted_bodies(&mut app);
    let page = app.lesson().expect("lesson").wrapped.to_plain_text();
    assert!(page.contains("Rewritten analysis."), "{page}");
    app.update(Action::StartCheck);
    read_wanted_bodies(&mut app);
    assert_eq!(app.screen(), Screen::Check);
    app.update(Action::Escape);
    read_wanted_bodies(&mut app);

    // The title changed: the page shows neither analysis, and the check does not start.
    std::fs::write(&path, text.replace("title: Alpha", "title: Omega")).expect("write");
    app.update(Action::Home);
    app.open_lesson("alpha");
    read_wanted_bodies(&mut app);
    let page = app.lesson().expect("lesson").wrapped.to_plain_text();
    assert!(page.contains("The first."), "the definition is still there:\n{page}");
    assert!(page.contains("could not be read"), "{page}");
    assert!(!page.contains("analysis."), "neither analysis is shown:\n{page}");
    app.update(Action::StartCheck);
    read_wanted_bodies(&mut app);
    assert_ne!(app.screen(), Screen::Check);
    let notice = app.notice().unwrap_or_default();
    assert!(notice.contains("restart"), "{notice}");
}

/// `update` reads no file: a folder's lesson, its check and a review ask the event loop for
/// the bodies they need, and go on once it has read them.
#[test]
fn update_asks_for_a_folders_lesson_bodies_rather_than_reading_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("terms")).expect("terms/");
    let text = "title: Alpha\nlevel: beginner\ndefinition: The first.\nanalysis: Original analysis.\n\
                misconceptions:\n  - myth: A myth.\n    fact: A fact.\n    explanation: Why.\n";
    std::fs::write(dir.path().join("terms/alpha.yaml"), text).expect("write");
    let files = lexicon::content::loader::read_folder(dir.path()).expect("reads");
    let mut app = App::new(lexicon::content::load(files), None);
    app.resize(100, 30);

    app.open_lesson("alpha");
    assert_eq!(app.wanted_bodies(), ["alpha"], "the body is asked for");
    assert_eq!(app.screen(), Screen::Home, "nothing shows before it is read");
    read_wanted_bodies(&mut app);
    assert!(app.wanted_bodies().is_empty());
    assert_eq!(app.screen(), Screen::Lesson);
    let page = app.lesson().expect("lesson").wrapped.to_plain_text();
    assert!(page.contains("Original analysis."), "{page}");

    // The check asks again: the page's copy is not reused, the file is read afresh.
    app.update(Action::StartCheck);
    assert_eq!(app.wanted_bodies(), ["alpha"]);
    assert_eq!(app.screen(), Screen::Lesson);
    read_wanted_bodies(&mut app);
    assert_eq!(app.screen(), Screen::Check);
}

/// A check can be taken before the lesson is read: `c` on a term of the home list.
#[test]
fn c_on_the_home_takes_the_selected_terms_check_before_reading_it() {
    let mut app = app_on(None);
    let index = app.library().index_of("totp").expect("TOTP is bundled");
    let row = app
        .home_rows()
        .iter()
        .position(|row| *row == HomeRow::Term(index))
        .expect("TOTP is on the home list");
    select_home_row(&mut app, row);
    app.update(Action::StartCheck);
    assert_eq!(app.screen(), Screen::Check);
    assert_eq!(app.check().map(|check| check.title.as_str()), Some("TOTP"));
    assert!(app.lesson().is_none(), "the lesson was not opened first");
    // On a journey row there is no single term to check.
    let mut app = app_on(None);
    let journey_row = app
        .home_rows()
        .iter()
        .position(|row| matches!(row, HomeRow::Journey { .. }))
        .expect("a journey row");
    select_home_row(&mut app, journey_row);
    app.update(Action::StartCheck);
    assert_eq!(app.screen(), Screen::Home);
    assert!(app.notice().is_some());
}

/// Esc closes a view opened from a lesson (the map, the comparison, the stats) and returns
/// to the lesson, as lazygit and helix close a panel; H goes home from anywhere.
#[test]
fn esc_closes_a_view_and_returns_to_where_it_was_opened() {
    for open in [Action::OpenMap, Action::OpenCompare, Action::OpenStats] {
        let mut app = app_on(Some("backup-codes"));
        app.update(open);
        assert_ne!(app.screen(), Screen::Lesson, "{open:?} opened a view");
        app.update(Action::Escape);
        assert_eq!(lesson_id(&app), "backup-codes", "Esc after {open:?}");
    }
    let mut app = app_on(Some("backup-codes"));
    app.update(Action::OpenMap);
    app.update(Action::Home);
    assert_eq!(app.screen(), Screen::Home);
}

/// After a jump to a section (or g), Tab jumped back to the link selected far away: it now
/// starts from the page on screen, and Shift-Tab from its bottom.
#[test]
fn tab_starts_from_the_page_on_screen() {
    let mut app = app_on(Some("backup-codes"));
    app.update(Action::NextLink);
    let first = app.lesson().and_then(|lesson| lesson.selected_link).expect("a link");
    // Related terms: a section far below the first link.
    app.update(Action::Section(4));
    app.update(Action::NextLink);
    let lesson = app.lesson().expect("the lesson");
    let selected = lesson.selected_link.expect("a link");
    assert!(selected > first + 1, "Tab did not go back to the link near the top");
    let line = lesson.wrapped.link_lines[selected].expect("a link line");
    assert!(
        line >= lesson.scroll && line < lesson.scroll + app.body_height(),
        "on screen"
    );
    // g goes to the top; Shift-Tab picks the last link on that page, not one far below.
    app.update(Action::Top);
    app.update(Action::PreviousLink);
    let lesson = app.lesson().expect("the lesson");
    let line = lesson.wrapped.link_lines[lesson.selected_link.expect("a link")].expect("a link line");
    assert!(
        line < app.body_height(),
        "Shift-Tab from the top page picks a link on it: line {line}"
    );
}

/// On a page too short to scroll a late section to the top, 7 left "Misconceptions" marked
/// in the outline and `]` never got past it: the section jumped to is the one marked, and
/// `[` `]` move from it.
#[test]
fn the_outline_marks_the_section_jumped_to_on_a_short_page() {
    // A lesson with all seven sections whose last one cannot be scrolled to the top at 200x60.
    let short = |id: &str| {
        let mut app = app_on(Some(id));
        app.resize(200, 60);
        let lesson = app.lesson().expect("the lesson");
        let anchors: Vec<String> = lesson
            .document
            .anchors
            .iter()
            .map(|anchor| anchor.title.clone())
            .collect();
        let last = lesson
            .wrapped
            .anchor_line(&lesson.document, anchors.len().saturating_sub(1))?;
        let cannot_reach_top = lesson.wrapped.lines.len() - last < app.body_height();
        (anchors.len() == 7 && cannot_reach_top).then_some((app, anchors))
    };
    let ids: Vec<String> = load_bundled()
        .library
        .entries()
        .iter()
        .map(|entry| entry.id.clone())
        .collect();
    let (mut app, anchors) = ids.iter().find_map(|id| short(id)).expect("a short lesson");
    let section = |app: &App| {
        let lesson = app.lesson().expect("the lesson");
        lesson.current_section().map(|index| anchors[index].clone())
    };
    app.update(Action::Section(6));
    assert_eq!(section(&app).as_deref(), Some("Sources"));
    app.update(Action::PreviousSection);
    assert_eq!(section(&app).as_deref(), Some("Compare"));
    app.update(Action::NextSection);
    app.update(Action::NextSection);
    assert_eq!(
        section(&app).as_deref(),
        Some("Sources"),
        "] reaches the last section and stays"
    );
    // Scrolling the page hands the outline back to the top of the view.
    app.update(Action::Top);
    assert_eq!(section(&app).as_deref(), Some("Definition"));
}

/// A source's web address can be selected with Tab, opened with o (or Enter) and copied with
/// y: each is asked of the event loop, never done by `update`.
#[test]
fn a_source_address_is_opened_or_copied_from_the_lesson() {
    let mut app = app_on(Some("backup-codes"));
    app.update(Action::OpenLink);
    assert!(
        app.take_notice().is_some_and(|notice| notice.contains("Tab")),
        "says how to select one"
    );
    app.update(Action::Section(6));
    let is_url = |app: &App| {
        let lesson = app.lesson().expect("the lesson");
        let link = lesson.selected_link.and_then(|index| lesson.document.links.get(index));
        match link.map(|link| &link.target) {
            Some(LinkTarget::Url(url)) => Some(url.clone()),
            _ => None,
        }
    };
    for _ in 0..40 {
        if is_url(&app).is_some() {
            break;
        }
        app.update(Action::NextLink);
    }
    let url = is_url(&app).expect("a source address to select");
    assert!(url.starts_with("https://"), "{url}");
    app.take_effects();
    app.update(Action::OpenLink);
    app.update(Action::CopyLink);
    app.update(Action::Activate);
    assert_eq!(
        app.effects(),
        [
            Effect::OpenUrl(url.clone()),
            Effect::Copy(url.clone()),
            Effect::OpenUrl(url.clone())
        ]
    );
    assert_eq!(lesson_id(&app), "backup-codes", "still reading");
}

/// Ctrl-d and Ctrl-u move half a page, b and Ctrl-b a page back, as in less and vim.
#[test]
fn half_pages_and_b_move_as_in_less() {
    use lexicon::ui::keymap::{Layer, action_for};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = app_on(Some("backup-codes"));
    let press = |app: &mut App, code: KeyCode, modifiers: KeyModifiers| {
        let action = action_for(app.keymap(), app.key_layer(), KeyEvent::new(code, modifiers)).expect("a bound key");
        app.update(action);
    };
    let scroll = |app: &App| app.lesson().expect("the lesson").scroll;
    let half = app.body_height() / 2;
    press(&mut app, KeyCode::Char('d'), KeyModifiers::CONTROL);
    assert_eq!(scroll(&app), half);
    press(&mut app, KeyCode::Char('d'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(scroll(&app), half);
    press(&mut app, KeyCode::Char('b'), KeyModifiers::NONE);
    assert_eq!(scroll(&app), 0);
    assert_eq!(app.key_layer(), Layer::Screen(Screen::Lesson));
}

/// A lesson read from anywhere (search, a link, the home) counts toward every journey that
/// holds it, once its end has been in view: a read lesson no longer shows as "0/9 read".
#[test]
fn a_lesson_read_anywhere_counts_in_every_journey_that_holds_it() {
    let library = load_bundled().library;
    let (id, holding) = library
        .entries()
        .iter()
        .map(|entry| {
            let holding: Vec<String> = library
                .journeys()
                .iter()
                .filter(|journey| journey.steps.contains(&entry.id))
                .map(|journey| journey.id.clone())
                .collect();
            (entry.id.clone(), holding)
        })
        .find(|(_, holding)| holding.len() >= 2)
        .expect("a lesson on two journeys");
    let mut app = app_on(Some(&id));
    app.update(Action::Top);
    let read_in = |app: &App| {
        holding
            .iter()
            .filter(|journey| app.journey_read().get(*journey).is_some_and(|read| read.contains(&id)))
            .count()
    };
    if app.lesson().expect("the lesson").wrapped.lines.len() > app.body_height() {
        assert_eq!(read_in(&app), 0, "not read before its end was in view");
    }
    app.update(Action::Bottom);
    assert_eq!(read_in(&app), holding.len(), "read in {holding:?}");
}

/// Following a link out of a journey says so, and n or p lead back to the step left.
#[test]
fn a_link_out_of_a_journey_says_so_and_n_returns_to_the_step() {
    let mut app = app_on(None);
    let journey = app.library().journeys()[0].clone();
    app.open_journey_step(&journey.id, 1);
    assert_eq!(lesson_id(&app), journey.steps[1]);
    // Follow the first link to another lesson.
    let target = {
        let lesson = app.lesson().expect("the step");
        lesson
            .document
            .links
            .iter()
            .find_map(|link| link.entry_id().filter(|id| *id != journey.steps[1]).map(str::to_owned))
            .expect("a link to another lesson")
    };
    tab_to(&mut app, &LinkTarget::Entry(target.clone()));
    app.update(Action::Activate);
    assert_eq!(lesson_id(&app), target);
    let notice = app.notice().expect("a notice");
    assert!(
        notice.contains("left the journey") && notice.contains("step 2"),
        "{notice}"
    );
    app.update(Action::NextStep);
    assert_eq!(lesson_id(&app), journey.steps[1], "n returned to the step left");
    let step = app
        .lesson()
        .and_then(|lesson| lesson.journey.clone())
        .expect("in the journey");
    assert_eq!(step.step, 1);
}
