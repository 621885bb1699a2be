//! Signals, as a terminal program must take them: a request to end (INT, QUIT, TERM, HUP)
//! restores the terminal and exits with 128 + the signal, and a request to stop (TSTP from
//! outside, or Ctrl-Z, which raw mode delivers as a key) leaves the terminal clean, stops,
//! and on SIGCONT sets it up again and redraws, the way helix and gitui suspend.
//!
//! The handlers only set flags (signal-hook's registration is async-signal-safe and needs
//! no unsafe); the event loop looks at them between frames and acts on the UI thread, the
//! one that owns the terminal.

use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute, terminal};
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// How often the loop wakes without input to notice a signal.
pub const POLL: Duration = Duration::from_millis(100);

/// How long the loop has to leave on its own after a termination signal before the watchdog
/// ([`Signals::watch`]) ends the process.
pub const GRACE: Duration = Duration::from_secs(2);

/// The signals that end the reader. Ctrl-C in raw mode is a key, not SIGINT, so these come
/// from outside: `kill`, a closed terminal window, a job control shell.
#[cfg(unix)]
const TERMINATING: [i32; 4] = [
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
];

/// What the signal handlers have seen, for the loop to act on.
#[derive(Clone)]
pub struct Signals {
    /// The number of the terminating signal that came, 0 while none has.
    terminated: Arc<AtomicUsize>,
    /// A SIGTSTP came and the reader has not yet stopped for it.
    stop: Arc<AtomicBool>,
    /// A SIGCONT came: whoever stopped the process, the terminal may have been changed
    /// meanwhile (a shell resets its modes), so it is set up again and redrawn.
    continued: Arc<AtomicBool>,
    /// Whether the reader's input was a terminal when it started. Only a terminal's hang-up
    /// ends the reader: input piped in (crossterm then reads the terminal itself) may well
    /// reach its end.
    input_is_terminal: bool,
}

impl Signals {
    /// Installs the handlers. From now on these signals no longer end or stop the process
    /// by themselves: the loop must look at [`Signals::terminated`] and [`Signals::take_stop`].
    pub fn install() -> io::Result<Signals> {
        let signals = Signals {
            terminated: Arc::new(AtomicUsize::new(0)),
            stop: Arc::new(AtomicBool::new(false)),
            continued: Arc::new(AtomicBool::new(false)),
            input_is_terminal: std::io::IsTerminal::is_terminal(&std::io::stdin()),
        };
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGCONT, SIGTSTP};
            for signal in TERMINATING {
                // The signal numbers are small and positive, so the cast is exact.
                signal_hook::flag::register_usize(signal, Arc::clone(&signals.terminated), signal as usize)?;
            }
            signal_hook::flag::register(SIGTSTP, Arc::clone(&signals.stop))?;
            signal_hook::flag::register(SIGCONT, Arc::clone(&signals.continued))?;
        }
        Ok(signals)
    }

    /// The terminating signal that came, if one did.
    pub fn terminated(&self) -> Option<i32> {
        match self.terminated.load(Ordering::Relaxed) {
            0 => None,
            signal => i32::try_from(signal).ok(),
        }
    }

    /// What an error of the terminal's means: when a terminating signal has come, or the
    /// terminal has hung up (its window closed), the error is only how the reader found out,
    /// and the signal (SIGHUP for a hang-up) is what ended it. Otherwise the error stands.
    pub fn ended_by_hang_up(&self, error: io::Error) -> io::Result<i32> {
        if let Some(signal) = self.terminated() {
            return Ok(signal);
        }
        #[cfg(unix)]
        if self.input_is_terminal && hung_up(&std::io::stdin()) {
            return Ok(signal_hook::consts::SIGHUP);
        }
        Err(error)
    }

    /// True once for each SIGTSTP.
    pub fn take_stop(&self) -> bool {
        self.stop.swap(false, Ordering::Relaxed)
    }

    /// True once for each SIGCONT.
    pub fn take_continued(&self) -> bool {
        self.continued.swap(false, Ordering::Relaxed)
    }

    /// Starts the watchdog: it ends the process if the loop has not left within [`GRACE`]
    /// of a termination signal. When the terminal hangs up (its window closed), crossterm's
    /// reader retries a read that keeps reporting end of file and never returns
    /// (crossterm-rs/crossterm#793), so the loop cannot see the flag; without this the
    /// reader would live on, spinning, after its terminal is gone. A terminal can also go
    /// without a SIGHUP (a process that does not have it as its controlling terminal, such
    /// as one started in a pty by another program): the watchdog then sees the hang-up on
    /// the terminal itself and takes it as one. Whatever can still be restored is restored
    /// first. Progress is safe: every answer is committed when it is written.
    pub fn watch(&self) -> io::Result<()> {
        let signals = self.clone();
        std::thread::Builder::new()
            .name("lexicon-signal-watch".to_owned())
            .spawn(move || {
                let signal = loop {
                    if let Some(signal) = signals.terminated() {
                        break signal;
                    }
                    #[cfg(unix)]
                    if signals.input_is_terminal && hung_up(&std::io::stdin()) {
                        let hangup = signal_hook::consts::SIGHUP;
                        // Small and positive, so the cast is exact.
                        signals.terminated.store(hangup as usize, Ordering::Relaxed);
                        break hangup;
                    }
                    std::thread::sleep(POLL);
                };
                std::thread::sleep(GRACE);
                let _ = leave_terminal();
                std::process::exit(exit_code(signal));
            })?;
        Ok(())
    }
}

/// Whether the terminal `input` reads from has hung up: its other end closed.
#[cfg(unix)]
fn hung_up(input: &impl std::os::fd::AsFd) -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let mut polled = [PollFd::new(input, PollFlags::IN)];
    let now = Timespec { tv_sec: 0, tv_nsec: 0 };
    poll(&mut polled, Some(&now)).is_ok() && polled[0].revents().contains(PollFlags::HUP)
}

/// The exit status of a process a signal ended, as a shell reports it: 128 + the signal.
pub fn exit_code(signal: i32) -> i32 {
    128 + signal
}

/// Gives the terminal back as the reader found it: mouse reporting off, the main screen,
/// the cursor shown, raw mode off. Every step is tried even when one fails.
pub fn leave_terminal() -> io::Result<()> {
    let shown = execute!(io::stdout(), DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let cooked = terminal::disable_raw_mode();
    shown.and(cooked)
}

/// Takes the terminal for the reader again: raw mode, the alternate screen, mouse reporting.
/// (ratatui hides the cursor again on its next draw.)
pub fn enter_terminal() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)
}

/// Suspends the reader: leaves the terminal clean, stops the process, and once it is
/// continued (`fg`) takes the terminal again and has the next frame drawn whole.
///
/// The process stops itself with SIGSTOP rather than SIGTSTP: its handler is ours, and the
/// kernel discards SIGTSTP's stop for a process group with no parent in the session (an
/// orphaned group), while SIGSTOP always stops.
pub fn suspend(terminal: &mut ratatui::DefaultTerminal) -> io::Result<()> {
    leave_terminal()?;
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    resume(terminal)
}

/// Sets the terminal up again after the process was continued, and forgets what ratatui
/// last drew, so the next frame repaints every cell.
pub fn resume(terminal: &mut ratatui::DefaultTerminal) -> io::Result<()> {
    enter_terminal()?;
    terminal.clear()
}
