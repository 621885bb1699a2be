//! The terminal front end: the only part of lexicon that knows ratatui and crossterm.
//!
//! It follows the Elm shape: [`app::App`] is the state, [`keymap`] turns keys into
//! [`keymap::Action`]s, [`app::App::update`] carries them out, and [`view::draw`] draws the
//! state without changing it. [`run`] owns the terminal and restores it on every way out;
//! [`signals`] is how it hears INT, TERM, HUP, QUIT and TSTP, and [`effects`] carries out the
//! effects `update` asks for (saving on the store's writer thread, the browser, the
//! clipboard), and [`reload`] swaps in a `--content` folder loaded again after a save.
//!
//! Each screen keeps its state and keys in a file of its own ([`home`], [`lesson`],
//! [`search`], [`compare`], [`map`], [`check`]) and its drawing in the file of the same name
//! under [`view`]; [`layout`] says where things sit, for both.

pub mod app;
pub mod bodies;
pub mod check;
pub mod compare;
pub mod effects;
pub mod home;
pub mod keymap;
pub mod layout;
pub mod lesson;
pub mod map;
pub mod reload;
pub mod review;
pub mod search;
pub mod settings;
pub mod signals;
pub mod theme;
pub mod view;

use crate::content::LoadReport;
use crate::content::summary::LibrarySummary;
use crate::search::BackgroundSearch;
use app::App;
use effects::{EffectRunner, StoredProgress};
use home::PreviewedHome;
use ratatui::crossterm::event::{self, Event, KeyEvent, KeyEventKind};
use reload::LiveReload;
use signals::Signals;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How often the loading screen is redrawn (its clock) and keys are looked at.
const LOADING_REDRAW: Duration = Duration::from_millis(50);

/// How often the loop looks for a background search's answer, or a write's, while one is
/// awaited: well inside a 60 Hz frame.
const QUICK_POLL: Duration = Duration::from_millis(2);

/// From this many entries on, matching runs off the UI thread: below it, a whole search takes
/// less than a frame (see docs/PERFORMANCE.md), and answering inline keeps the loop simple.
const BACKGROUND_SEARCH_FROM: usize = 5_000;

/// How many keys typed on the loading screen are kept for the reader: enough for any query,
/// not a buffer a stuck key could fill without end.
const TYPED_AHEAD_KEYS: usize = 256;

/// Runs `reader` on the terminal, taken for it (raw mode, the alternate screen, mouse
/// reporting), and gives the terminal back however `reader` ends: a return, an error, or a
/// panic on any thread, which then ends the process (the reader cannot go on drawing on a
/// terminal restored under it).
///
/// This is `ratatui::run` without its printing. ratatui's restore, its panic hook and its
/// `Terminal`'s drop each report a failure with `eprintln!`, which panics when stderr is
/// gone, and stderr is the terminal: a window closed while the reader starts would make the
/// restore after the first failed read panic, and its panic hook panic again, which aborts.
fn in_terminal<R>(reader: impl FnOnce(&mut ratatui::DefaultTerminal) -> io::Result<R>) -> io::Result<R> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // The panic is printed on the main screen, in cooked mode.
        let _ = signals::leave_terminal();
        previous(info);
        std::process::exit(101);
    }));
    if let Err(error) = signals::enter_terminal() {
        let _ = signals::leave_terminal();
        return Err(error);
    }
    let result =
        ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout())).and_then(|mut terminal| {
            let result = reader(&mut terminal);
            // A `Terminal` that counts the cursor hidden shows it in its drop, and prints if
            // that fails: it is shown here, and a terminal that cannot show it (it is gone)
            // is forgotten rather than dropped. `leave_terminal` shows it again regardless.
            if terminal.show_cursor().is_err() {
                std::mem::forget(terminal);
            }
            result
        });
    // Nothing useful can be done if this fails while leaving.
    let _ = signals::leave_terminal();
    result
}

/// A hidden way to panic, for the tests that prove the terminal is restored. It exists only
/// in debug builds: `LEXICON_TEST_PANIC=main` panics on the UI thread after the first frame,
/// `LEXICON_TEST_PANIC=thread` on another thread, and `LEXICON_TEST_PANIC=stuck` never returns
/// to the loop, as when crossterm's reader spins on a terminal that hung up.
fn test_panic_after_first_frame() {
    if !cfg!(debug_assertions) {
        return;
    }
    match std::env::var("LEXICON_TEST_PANIC").as_deref() {
        Ok("main") => panic!("test panic on the UI thread (LEXICON_TEST_PANIC=main)"),
        Ok("thread") => {
            let worker = std::thread::spawn(|| panic!("test panic on a worker thread (LEXICON_TEST_PANIC=thread)"));
            let _ = worker.join();
        }
        Ok("stuck") => loop {
            std::thread::park();
        },
        _ => {}
    }
}

/// Hidden ways to hold a load back, in debug builds only, so that the tests of what the
/// reader shows meanwhile do not depend on how fast the machine is: `LEXICON_TEST_SLOW_LOAD=MS`
/// before the load starts (keys typed on the loading screen), `LEXICON_TEST_HOLD_AFTER_PREVIEW=MS`
/// once the load has handed over its preview (the home drawn from one), and
/// `LEXICON_TEST_HOLD_ON_START=MS` once the terminal is taken, before anything is drawn (the
/// terminal closed while the reader starts).
const TEST_SLOW_LOAD: &str = "LEXICON_TEST_SLOW_LOAD";
const TEST_HOLD_AFTER_PREVIEW: &str = "LEXICON_TEST_HOLD_AFTER_PREVIEW";
const TEST_HOLD_ON_START: &str = "LEXICON_TEST_HOLD_ON_START";

/// Sleeps for the milliseconds the environment variable `name` gives, in debug builds only
/// (see [`TEST_SLOW_LOAD`]).
fn test_hold(name: &str) {
    if !cfg!(debug_assertions) {
        return;
    }
    if let Some(millis) = std::env::var(name).ok().and_then(|value| value.parse().ok()) {
        std::thread::sleep(Duration::from_millis(millis));
    }
}

/// Where the reader starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    Home,
    Lesson(String),
    /// A lesson's calibration check.
    Check(String),
    /// A review of every statement that is due.
    Review,
}

/// Where the content comes from: already loaded, or still to load.
pub enum Content {
    Loaded(LoadReport),
    /// Loaded on another thread while the reader shows that it is loading; `what` names the
    /// source on that screen. For large folders, so the first frame never waits for them.
    Loading {
        what: String,
        load: Load,
    },
}

/// A load to run on another thread. It may hand over a [`LibrarySummary`] before it is done
/// (from a parsed cache that matched the folder), and the reader then draws the home from it
/// until the library is in.
pub type Load = Box<dyn FnOnce(&mut dyn FnMut(LibrarySummary)) -> Result<LoadReport, String> + Send>;

/// What the reader starts from: the content, the keys typed while it loaded, and the store.
struct ReaderSetup {
    report: LoadReport,
    typed_ahead: Vec<KeyEvent>,
    effects: EffectRunner,
    stored: StoredProgress,
}

/// What the loading thread sends the reader.
enum LoadMessage {
    Preview(LibrarySummary),
    Done(Result<LoadReport, String>),
}

/// Whether the reader can run here: standard input and output are a terminal, and the
/// terminal is not `TERM=dumb`, which cannot draw it. Checked before anything is written to
/// the terminal, so that `lexicon > file` or a job without a terminal gets a message, not a
/// screen of escape sequences or a panic.
pub fn has_terminal() -> bool {
    use std::io::IsTerminal;
    io::stdin().is_terminal()
        && io::stdout().is_terminal()
        && std::env::var_os("TERM").is_none_or(|term| term != "dumb")
}

/// How the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit.
    Quit,
    /// A terminating signal (INT, QUIT, TERM or HUP) came: the process should exit with
    /// [`signals::exit_code`] of it, as a shell expects of a process a signal ended.
    Signal(i32),
}

/// How the reader ended, and what could not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub ending: Ending,
    /// Says how many answers could not be written before the reader ended (the progress
    /// file stayed busy), for stderr once the terminal is restored.
    pub unsaved: Option<String>,
}

/// Runs the reader until the user quits or a signal ends it, and restores the terminal.
///
/// `content_dir` is the folder the content came from, if any, which the notice after a load
/// with problems names in the command it suggests. `config` is the configuration read, which
/// sets the theme, the navigation keys and the home's first grouping. With `reload`, the
/// folder is watched and loaded again with it after each save (live reload).
pub fn run(
    content: Content,
    start: Start,
    data_dir: Option<PathBuf>,
    content_dir: Option<&Path>,
    mut config: crate::config::LoadedConfig,
    reload: Option<reload::Reload>,
) -> io::Result<Finished> {
    let settings = settings::Settings::from_config(&mut config);
    let signals = Signals::install()?;
    signals.watch()?;
    let left = |signals: &Signals| Finished {
        ending: signals.terminated().map_or(Ending::Quit, Ending::Signal),
        unsaved: None,
    };
    let finished = in_terminal(|terminal| -> io::Result<Finished> {
        test_hold(TEST_HOLD_ON_START);
        let ReaderSetup {
            report,
            typed_ahead,
            mut effects,
            stored,
        } = match content {
            Content::Loaded(report) => {
                let (effects, stored) = EffectRunner::open(data_dir);
                ReaderSetup {
                    report,
                    typed_ahead: Vec::new(),
                    effects,
                    stored,
                }
            }
            Content::Loading { what, load } => {
                match wait_for_load(terminal, &what, load, data_dir, content_dir, &signals, &settings)? {
                    Some(ready) => ready,
                    None => return Ok(left(&signals)),
                }
            }
        };
        let lesson = match &start {
            Start::Lesson(id) => Some(id.clone()),
            _ => None,
        };
        // `App::new` is not told the content folder, which the load's notice names.
        let notice = app::load_notice(report.skipped_files, report.errors(), content_dir);
        let baseline = report.diagnostics.clone();
        let mut app = App::new(report, lesson);
        app.notice = notice;
        settings.apply(&mut app);
        stored.into_app(&mut app);
        match start {
            Start::Check(id) => app.start_check(&id),
            Start::Review => app.start_review(),
            Start::Home | Start::Lesson(_) => {}
        }
        // `update` reads no files: the lesson bodies the start asked for are read here, as
        // after every input.
        bodies::read_wanted_bodies(&mut app);
        effects.apply(&mut app);
        let mut live = match (reload, content_dir) {
            (Some(reload), Some(folder)) => match LiveReload::start(folder, reload, baseline) {
                Ok(live) => Some(live),
                Err(notice) => {
                    app.add_notice(notice);
                    None
                }
            },
            _ => None,
        };
        let mut background = if app.library.entries().len() >= BACKGROUND_SEARCH_FROM {
            let started = BackgroundSearch::start(Arc::clone(&app.search_index))?;
            app.search_in_background = true;
            Some(started)
        } else {
            None
        };
        // Keys typed while the folder loaded are played now, as if typed on the home.
        for key in typed_ahead {
            press(&mut app, key);
        }
        let ending = frames(terminal, &mut app, &mut background, &mut effects, &signals, &mut live);
        // Whatever ended the loop, answers still queued get one last try.
        let unsaved = effects.finish();
        Ok(Finished {
            ending: ending.or_else(|error| signals.ended_by_hang_up(error).map(Ending::Signal))?,
            unsaved,
        })
    });
    finished.or_else(|error| {
        Ok(Finished {
            ending: Ending::Signal(signals.ended_by_hang_up(error)?),
            unsaved: None,
        })
    })
}

/// The reader's event loop: draws, waits for input, a search's answer, the writer, a live
/// reload, the clock or a signal, and carries out what comes, until the user quits or a
/// signal ends it.
fn frames(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    background: &mut Option<BackgroundSearch>,
    effects: &mut EffectRunner,
    signals: &Signals,
    live: &mut Option<LiveReload>,
) -> io::Result<Ending> {
    match after_input(app, background.as_ref(), effects) {
        Next::Quit => return Ok(Ending::Quit),
        Next::Suspend => signals::suspend(terminal)?,
        Next::Continue => {}
    }
    let mut first_frame = true;
    'frames: loop {
        let size = terminal.size()?;
        app.resize(size.width, size.height);
        terminal.draw(|frame| view::draw(app, frame))?;
        if std::mem::take(&mut first_frame) {
            test_panic_after_first_frame();
        }
        // Wait for input or a search's answer, waking now and then to notice a signal
        // or the clock.
        loop {
            let awaiting = app.awaits_search();
            if awaiting && let Some(found) = background.as_ref().and_then(BackgroundSearch::try_answer) {
                app.receive_search(&found.query, found.results);
                continue 'frames;
            }
            let soon = awaiting || effects.expects_soon(app);
            if event::poll(if soon { QUICK_POLL } else { signals::POLL })? {
                break;
            }
            if effects.receive(app) {
                continue 'frames;
            }
            if let Some(watching) = live.as_ref() {
                let (changed, still_on) = watching.receive(app);
                bodies::read_wanted_bodies(app);
                if !still_on {
                    *live = None;
                }
                if changed {
                    // The search thread holds the old library's index: its answers would
                    // name the old library's entries.
                    if background.is_some() {
                        *background = Some(BackgroundSearch::start(Arc::clone(&app.search_index))?);
                    }
                    if let (Some(query), Some(background)) = (app.search_request.take(), background.as_ref()) {
                        background.request(&query);
                    }
                    continue 'frames;
                }
            }
            if app.tick(chrono::Utc::now()) {
                continue 'frames;
            }
            if let Some(signal) = signals.terminated() {
                return Ok(Ending::Signal(signal));
            }
            if signals.take_stop() {
                signals::suspend(terminal)?;
                signals.take_continued();
                continue 'frames;
            }
            if signals.take_continued() {
                // Stopped by someone else (SIGSTOP): the terminal may have changed.
                signals::resume(terminal)?;
                continue 'frames;
            }
        }
        match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => press(app, key),
            Event::Mouse(mouse) => {
                if let Some(action) = keymap::action_for_mouse(mouse) {
                    app.notice = None;
                    carry_out(app, action);
                }
            }
            _ => {}
        }
        match after_input(app, background.as_ref(), effects) {
            Next::Quit => return Ok(Ending::Quit),
            Next::Suspend => {
                signals::suspend(terminal)?;
                signals.take_continued();
            }
            Next::Continue => {}
        }
    }
}

/// What the loop does after input.
enum Next {
    Continue,
    Quit,
    /// Ctrl-Z: stop until `fg`.
    Suspend,
}

/// What follows input, whether a key, a click or keys typed ahead: the newest query goes to
/// the search thread and what changed is saved.
fn after_input(app: &mut App, background: Option<&BackgroundSearch>, effects: &mut EffectRunner) -> Next {
    if let (Some(query), Some(background)) = (app.search_request.take(), background) {
        background.request(&query);
    }
    let suspend = app.take_suspend();
    effects.apply(app);
    if app.should_quit {
        Next::Quit
    } else if suspend {
        Next::Suspend
    } else {
        Next::Continue
    }
}

/// Carries out one key press.
fn press(app: &mut App, key: KeyEvent) {
    // A key press clears the last notice; the action may set a new one.
    app.notice = None;
    if let Some(action) = keymap::action_for(&app.keymap, app.key_layer(), key) {
        carry_out(app, action);
    }
}

/// Carries out one action of a key or a click, at the time it came: `update`, then the
/// lesson bodies it asked for, read from their files.
fn carry_out(app: &mut App, action: keymap::Action) {
    app.now = chrono::Utc::now();
    app.update(action);
    bodies::read_wanted_bodies(app);
}

/// Shows the loading screen until `load`, run on another thread, is done, or the home drawn
/// from the preview the load hands over, and returns the library with the keys typed
/// meanwhile (at most [`TYPED_AHEAD_KEYS`]) and the store, opened meanwhile. `None` when the
/// user quit (q, Esc or Ctrl-C) or a termination signal came first; the load is then left to
/// end with the process.
fn wait_for_load(
    terminal: &mut ratatui::DefaultTerminal,
    what: &str,
    load: Load,
    data_dir: Option<PathBuf>,
    content_dir: Option<&Path>,
    signals: &Signals,
    settings: &settings::Settings,
) -> io::Result<Option<ReaderSetup>> {
    let mut typed = Vec::new();
    let (send, loaded) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("lexicon-load".to_owned())
        .spawn(move || {
            test_hold(TEST_SLOW_LOAD);
            // The reader may have quit already; then nobody wants what is sent.
            let report = load(&mut |preview| {
                let _ = send.send(LoadMessage::Preview(preview));
                test_hold(TEST_HOLD_AFTER_PREVIEW);
            });
            let _ = send.send(LoadMessage::Done(report));
        })?;
    let started = std::time::Instant::now();
    let mut preview = None;
    let draw = |terminal: &mut ratatui::DefaultTerminal, preview: &Option<PreviewedHome>, typed: usize| {
        terminal
            .draw(|frame| match preview {
                Some(home) => view::draw_home_preview(frame, home, typed, settings.theme, &settings.keymap),
                None => view::draw_loading(frame, what, started.elapsed(), typed, settings.theme),
            })
            .map(drop)
    };
    draw(terminal, &preview, 0)?;
    test_panic_after_first_frame();
    // The store opens while the folder loads, after the first frame.
    let (effects, stored) = EffectRunner::open(data_dir);
    loop {
        match loaded.recv_timeout(LOADING_REDRAW) {
            Ok(LoadMessage::Preview(shown)) => {
                preview = Some(PreviewedHome::new(
                    shown,
                    &stored.progress,
                    &stored.journey_read,
                    stored.remembered.last_lesson.as_deref(),
                    &stored.notices,
                    content_dir,
                    chrono::Utc::now(),
                ));
            }
            Ok(LoadMessage::Done(Ok(report))) => {
                return Ok(Some(ReaderSetup {
                    report,
                    typed_ahead: typed,
                    effects,
                    stored,
                }));
            }
            Ok(LoadMessage::Done(Err(message))) => return Err(io::Error::other(message)),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("loading the content failed"));
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
        }
        if signals.terminated().is_some() {
            return Ok(None);
        }
        if signals.take_stop() {
            signals::suspend(terminal)?;
            signals.take_continued();
        }
        if signals.take_continued() {
            signals::resume(terminal)?;
        }
        while event::poll(Duration::ZERO)? {
            if let Event::Key(key) = event::read()?
                && key.kind != KeyEventKind::Release
            {
                if keymap::is_quit_while_loading(key, !typed.is_empty()) {
                    return Ok(None);
                }
                if keymap::is_suspend(key) {
                    signals::suspend(terminal)?;
                    signals.take_continued();
                    continue;
                }
                if typed.len() < TYPED_AHEAD_KEYS {
                    typed.push(key);
                }
            }
        }
        draw(terminal, &preview, typed.len())?;
    }
}
