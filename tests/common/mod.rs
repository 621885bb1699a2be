//! A real pseudo-terminal for end-to-end tests, modelled on television's
//! `tests/common/mod.rs`: the real `lexicon` binary runs in a pty of a chosen size, a reader
//! thread feeds everything it writes into a `vt100` terminal emulator, and the tests type
//! keys and read the emulated screen as a user would.
//!
//! Nothing here sleeps to make an assertion true: every wait polls the screen until what is
//! expected shows up or a generous timeout passes, then panics with the whole screen.
//! Dropping a [`Tui`] ends the child and the reader thread, so a failing test never hangs.

// Each test file that uses the harness compiles its own copy and uses only part of it.
#![allow(dead_code)]

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::process::Command;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long to wait for the app to show something. Generous: CI machines are slow.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How often the screen is looked at while waiting.
pub const POLL: Duration = Duration::from_millis(15);
/// How long the screen must stay unchanged, with no new output, to count as settled.
const QUIET: Duration = Duration::from_millis(250);

/// Keys as the bytes a terminal sends for them.
pub mod keys {
    pub const TAB: &[u8] = b"\t";
    pub const ENTER: &[u8] = b"\r";
    pub const BACKSPACE: &[u8] = b"\x7f";
    pub const ESC: &[u8] = b"\x1b";
    pub const ALT_LEFT: &[u8] = b"\x1b[1;3D";
    pub const ALT_RIGHT: &[u8] = b"\x1b[1;3C";
}

/// The query crossterm sends to learn the cursor position, and the reply it waits for.
const CURSOR_QUERY: &[u8] = b"\x1b[6n";
const CURSOR_REPLY: &[u8] = b"\x1b[1;1R";

/// What the reader thread shares with the test.
struct Output {
    parser: vt100::Parser,
    /// Every byte the app wrote, in order.
    raw: Vec<u8>,
    /// The pty was closed: the app and everything it started have exited.
    closed: bool,
}

type Writer = Arc<Mutex<Box<dyn Write + Send>>>;

/// The app running in a pseudo-terminal.
pub struct Tui {
    output: Arc<Mutex<Output>>,
    writer: Writer,
    child: Box<dyn Child + Send + Sync>,
    status: Option<ExitStatus>,
    master: Option<Box<dyn MasterPty + Send>>,
    reader: Option<JoinHandle<()>>,
    cols: u16,
    rows: u16,
    /// The terminal's modes before the app started, see [`Tui::terminal_modes`].
    initial_modes: Option<String>,
    /// Home, data and working directory of the child, removed after it has exited.
    _home: tempfile::TempDir,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in another thread holding the lock must not hide the real failure.
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Tui {
    /// Starts `lexicon ARGS` in a `cols`x`rows` pty with TERM=xterm-256color, colour on, the
    /// bundled lessons, and a fresh empty home and data folder.
    pub fn spawn(args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::spawn_with_env(args, cols, rows, &[])
    }

    /// [`Tui::spawn`] with these environment variables set as well; they win over the ones it
    /// clears, such as `LEXICON_TEST_PANIC`.
    pub fn spawn_with_env(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Tui {
        let home = tempfile::tempdir().expect("a temporary home folder");
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let initial_modes = modes(pair.master.as_ref());
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_lexicon"));
        command.args(args);
        command.cwd(home.path());
        command.env("TERM", "xterm-256color");
        command.env("HOME", home.path());
        command.env("XDG_DATA_HOME", home.path().join("data"));
        command.env("XDG_CONFIG_HOME", home.path().join("config"));
        command.env("XDG_CACHE_HOME", home.path().join("cache"));
        command.env("LEXICON_DATA_DIR", home.path().join("lexicon"));
        for name in [
            "NO_COLOR",
            "LEXICON_CONTENT",
            "LEXICON_CACHE_DIR",
            "LEXICON_TEST_PANIC",
            "LEXICON_TEST_SLOW_LOAD",
            "LEXICON_TEST_HOLD_AFTER_PREVIEW",
            "COLUMNS",
            "LINES",
            "TMUX",
        ] {
            command.env_remove(name);
        }
        for (name, value) in env {
            command.env(name, value);
        }
        let child = pair.slave.spawn_command(command).expect("lexicon starts");
        // Only the child may hold the terminal side open, so that reading ends when it exits.
        drop(pair.slave);

        let mut reader = pair.master.try_clone_reader().expect("a pty reader");
        let writer: Writer = Arc::new(Mutex::new(pair.master.take_writer().expect("a pty writer")));
        let output = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
            closed: false,
        }));
        let reader = {
            let output = Arc::clone(&output);
            let writer = Arc::clone(&writer);
            std::thread::spawn(move || {
                let mut buffer = [0u8; 8192];
                loop {
                    // EOF or EIO: the terminal side is closed, the app is gone.
                    let count = match reader.read(&mut buffer) {
                        Ok(0) | Err(_) => break,
                        Ok(count) => count,
                    };
                    let mut output = lock(&output);
                    // Look for the cursor query in the new bytes, including one split across reads.
                    let from = output.raw.len().saturating_sub(CURSOR_QUERY.len() - 1);
                    output.raw.extend_from_slice(&buffer[..count]);
                    let queries = output.raw[from..]
                        .windows(CURSOR_QUERY.len())
                        .filter(|window| *window == CURSOR_QUERY)
                        .count();
                    output.parser.process(&buffer[..count]);
                    drop(output);
                    for _ in 0..queries {
                        let mut writer = lock(&writer);
                        let _ = writer.write_all(CURSOR_REPLY);
                        let _ = writer.flush();
                    }
                }
                lock(&output).closed = true;
            })
        };
        Tui {
            output,
            writer,
            child,
            status: None,
            master: Some(pair.master),
            reader: Some(reader),
            cols,
            rows,
            initial_modes,
            _home: home,
        }
    }

    /// Types raw bytes, as a terminal sends them for keys: "\t", "\r", "\x7f", "\x1b", "5".
    pub fn send_keys(&self, bytes: &[u8]) {
        let mut writer = lock(&self.writer);
        writer.write_all(bytes).expect("keys reach the pty");
        writer.flush().expect("keys reach the pty");
    }

    /// The screen as text, rows joined by newlines, trailing spaces trimmed.
    pub fn screen(&self) -> String {
        lock(&self.output).parser.screen().contents()
    }

    /// Row `row` (0-based) of the screen, trailing spaces trimmed.
    pub fn row(&self, row: u16) -> String {
        self.with_screen(|screen| row_text(screen, row))
    }

    /// Every byte the app has written so far.
    pub fn raw(&self) -> Vec<u8> {
        lock(&self.output).raw.clone()
    }

    /// Runs `look` on the emulated screen.
    pub fn with_screen<T>(&self, look: impl FnOnce(&vt100::Screen) -> T) -> T {
        look(lock(&self.output).parser.screen())
    }

    /// The pty's line discipline flags (echo, canonical mode, ...) as text, or `None` where
    /// they cannot be read.
    pub fn terminal_modes(&self) -> Option<String> {
        self.master.as_deref().and_then(modes)
    }

    /// [`Tui::terminal_modes`] as they were before the app started.
    pub fn initial_terminal_modes(&self) -> Option<String> {
        self.initial_modes.clone()
    }

    /// Waits until the terminal's modes differ from those before the app started, which
    /// proves the app has put it in raw mode. Returns at once where modes cannot be read.
    pub fn wait_for_raw_mode(&self) {
        if self.initial_modes.is_none() {
            return;
        }
        let start = Instant::now();
        while self.terminal_modes() == self.initial_modes {
            if start.elapsed() > TIMEOUT {
                panic!("the app never entered raw mode within {TIMEOUT:?}\n{}", self.dump());
            }
            std::thread::sleep(POLL);
        }
    }

    /// The app's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child's pid")
    }

    /// Sends the app the signal `name` (`INT`, `TSTP`, `CONT`, ...), as `kill -NAME` does.
    pub fn signal(&self, name: &str) {
        let pid = self.pid();
        // The `kill` command: calling libc's `kill` would need `unsafe`, which this crate forbids.
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pid.to_string())
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{name} {pid} failed");
    }

    /// The screen with row numbers, for failure messages.
    pub fn dump(&self) -> String {
        self.with_screen(|screen| {
            let mut text = format!("screen {}x{}:\n", self.cols, self.rows);
            for row in 0..self.rows {
                let _ = writeln!(text, "{row:>2}|{}", row_text(screen, row));
            }
            text
        })
    }

    /// Waits until `ready` holds for the screen; panics with `what` and the screen if it does
    /// not within [`TIMEOUT`].
    pub fn wait_until(&self, what: &str, ready: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        loop {
            // Read `closed` first: once it is set, the screen can no longer change.
            let closed = lock(&self.output).closed;
            if self.with_screen(&ready) {
                return;
            }
            if closed {
                panic!("lexicon exited while waiting for {what}\n{}", self.dump());
            }
            if start.elapsed() > TIMEOUT {
                panic!("timed out after {TIMEOUT:?} waiting for {what}\n{}", self.dump());
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the screen contains `text`.
    pub fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?} on the screen"), |screen| {
            screen.contents().contains(text)
        });
    }

    /// Waits until row `row` contains `text`.
    pub fn wait_for_row(&self, row: u16, text: &str) {
        self.wait_until(&format!("{text:?} on row {row}"), |screen| {
            row_text(screen, row).contains(text)
        });
    }

    /// Waits until some run of reverse-video cells (a selection) contains `text`.
    pub fn wait_for_selected(&self, text: &str) {
        self.wait_until(&format!("{text:?} shown selected (reversed)"), |screen| {
            reversed_runs(screen).iter().any(|run| run.contains(text))
        });
    }

    /// Waits until the screen settles: two identical frames, `QUIET` apart, with no output in
    /// between. Use it before asserting that something is absent.
    pub fn wait_for_stable(&self) {
        let start = Instant::now();
        let snapshot = |tui: &Tui| {
            let output = lock(&tui.output);
            (output.raw.len(), output.parser.screen().contents_formatted())
        };
        let mut last = snapshot(self);
        let mut since = Instant::now();
        loop {
            std::thread::sleep(POLL);
            let now = snapshot(self);
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() >= QUIET {
                return;
            }
            if start.elapsed() > TIMEOUT {
                panic!("the screen never settled within {TIMEOUT:?}\n{}", self.dump());
            }
        }
    }

    /// Waits for the app to exit by itself, and for the pty to deliver everything it wrote.
    /// Panics if it is still running after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = &self.status {
                break status.clone();
            }
            match self.child.try_wait() {
                Ok(Some(status)) => self.status = Some(status),
                Ok(None) if start.elapsed() > timeout => {
                    panic!(
                        "lexicon still runs {timeout:?} after it was asked to quit\n{}",
                        self.dump()
                    );
                }
                Ok(None) => std::thread::sleep(POLL),
                Err(error) => panic!("could not wait for lexicon: {error}"),
            }
        };
        // The bytes written just before exiting may still be in the pty: read to the end.
        while !lock(&self.output).closed {
            if start.elapsed() > timeout + TIMEOUT {
                panic!("the pty stayed open after lexicon exited");
            }
            std::thread::sleep(POLL);
        }
        status
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.status.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            // SIGHUP first, then SIGKILL if it lingers (portable-pty's kill does both).
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        drop(self.master.take());
        // With the child gone the reader sees EOF; do not let a stuck read hang the test.
        if let Some(reader) = self.reader.take() {
            let start = Instant::now();
            while !reader.is_finished() && start.elapsed() < Duration::from_secs(2) {
                std::thread::sleep(POLL);
            }
            if reader.is_finished() {
                let _ = reader.join();
            }
        }
    }
}

/// The terminal's input, output, control and local flags, e.g. whether it echoes and edits
/// lines (cooked) or passes every key straight through (raw).
fn modes(master: &(dyn MasterPty + Send)) -> Option<String> {
    #[cfg(unix)]
    {
        let termios = master.get_termios()?;
        Some(format!(
            "{:?} {:?} {:?} {:?}",
            termios.input_flags, termios.output_flags, termios.control_flags, termios.local_flags
        ))
    }
    #[cfg(not(unix))]
    {
        let _ = master;
        None
    }
}

/// One row of the screen, trailing spaces trimmed.
pub fn row_text(screen: &vt100::Screen, row: u16) -> String {
    let (_, cols) = screen.size();
    screen.contents_between(row, 0, row, cols).trim_end().to_owned()
}

/// The text of every run of reverse-video cells, row by row.
pub fn reversed_runs(screen: &vt100::Screen) -> Vec<String> {
    let (rows, cols) = screen.size();
    let mut runs = Vec::new();
    for row in 0..rows {
        let mut run = String::new();
        for col in 0..cols {
            match screen.cell(row, col) {
                Some(cell) if cell.inverse() => {
                    run.push_str(if cell.has_contents() { cell.contents() } else { " " });
                }
                _ if !run.is_empty() => runs.push(std::mem::take(&mut run)),
                _ => {}
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
    }
    runs
}

/// Writes `record` to the progress store in the data folder `data`, as the reader would.
pub fn record_answer(data: &std::path::Path, record: &lexicon::quiz::AnswerRecord) {
    lexicon::store::Store::open(data.join(lexicon::store::FILE_NAME))
        .expect("the store opens")
        .into_store()
        .expect("a writable store")
        .record_answer(record)
        .expect("the answer is written");
}
