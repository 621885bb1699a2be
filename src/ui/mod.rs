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
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use std::io;

/// Turns mouse capture off when dropped, so every way out of the reader (a normal return,
/// an error, a panic unwinding) leaves the terminal's mouse reporting as it found it.
struct MouseCapture;

impl MouseCapture {
    fn enable() -> io::Result<MouseCapture> {
        ratatui::crossterm::execute!(io::stdout(), EnableMouseCapture)?;
        Ok(MouseCapture)
    }
}

impl Drop for MouseCapture {
    fn drop(&mut self) {
        // Nothing useful can be done if this fails while leaving.
        let _ = ratatui::crossterm::execute!(io::stdout(), DisableMouseCapture);
    }
}

/// Chains a panic hook that turns mouse capture off before anything is printed; ratatui's
/// own hook (installed by `ratatui::run`) leaves raw mode and the alternate screen.
fn install_mouse_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::crossterm::execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
}

/// Runs the reader until the user quits. `start` opens that lesson first.
pub fn run(report: LoadReport, start: Option<String>) -> io::Result<()> {
    let mut app = App::new(report, start);
    // `ratatui::run` enters raw mode and the alternate screen, installs a panic hook that
    // leaves them, and restores the terminal when the closure returns, error or not.
    ratatui::run(|terminal| -> io::Result<()> {
        install_mouse_panic_hook();
        let _mouse = MouseCapture::enable()?;
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
                Event::Mouse(mouse) => {
                    if let Some(action) = keymap::action_for_mouse(mouse) {
                        app.notice = None;
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
