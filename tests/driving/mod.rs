//! Driving an [`App`] through actions, as someone at the keyboard would, for the tests that
//! run it in process.

use lexicon::ui::app::App;
use lexicon::ui::keymap::Action;

/// Moves the home's selection to `row` with the arrow keys, as someone would.
pub fn select_home_row(app: &mut App, row: usize) {
    for _ in 0..app.home_rows().len() {
        if app.home_selected() == row {
            break;
        }
        app.update(if app.home_selected() < row {
            Action::Down
        } else {
            Action::Up
        });
    }
    assert_eq!(app.home_selected(), row, "the arrow keys reach row {row}");
}
