//! The terminal front end: the only part of lexicon that knows ratatui and crossterm.
//!
//! It follows the Elm shape: [`app::App`] is the state, [`keymap`] turns keys into
//! [`keymap::Action`]s, [`app::App::update`] carries them out, and [`view::draw`] draws the
//! state without changing it. [`run`] owns the terminal and restores it on every way out.

pub mod app;
pub mod home;
pub mod keymap;
pub mod theme;
pub mod view;

use crate::content::LoadReport;
use app::App;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use std::io;

/// Runs the reader until the user quits. `start` opens that lesson first.
pub fn run(report: LoadReport, start: Option<String>) -> io::Result<()> {
    let mut app = App::new(report, start);
    // `ratatui::run` enters raw mode and the alternate screen, installs a panic hook that
    // leaves them, and restores the terminal when the closure returns, error or not.
    ratatui::run(|terminal| -> io::Result<()> {
        loop {
            let size = terminal.size()?;
            app.resize(size.width, size.height);
            terminal.draw(|frame| view::draw(&app, frame))?;
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    // A key press clears the last notice; the action may set a new one.
                    app.notice = None;
                    if let Some(action) = keymap::action_for(app.key_layer(), key) {
                        app.update(action);
                    }
                }
                _ => {}
            }
            if app.should_quit {
                return Ok(());
            }
        }
    })
}
