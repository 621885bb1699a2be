//! The `lexicon` binary: parse the command line, load content before touching the
//! terminal, then run a command or the reader.

// Panics are for bugs: fallible code returns errors. Unit tests may unwrap.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod authoring_commands;
mod cli;
mod commands;

use anyhow::{Context, Result};
use clap::builder::Resettable;
use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};
use cli::{Cli, Command, Format, ListFormat, StatsFormat};
use lexicon::content::{self, Level, LoadReport};
use lexicon::ui::{Content, Ending, Start, signals};
use lexicon::watch::Change;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut cli = parse();
    cli.with_bundled = with_bundled(&cli);
    match try_main(cli) {
        Ok(code) => code,
        Err(error) => {
            // A closed pipe (`lexicon list | head`) is not an error worth reporting.
            if error.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            // Not `eprintln!`, which panics when stderr is gone (a closed terminal).
            let _ = writeln!(std::io::stderr(), "lexicon: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The command line; on a usage error the process ends with clap's message and exit 2 (0 for
/// `--help` and `--version`).
///
/// After a missing argument, clap's usage line lists the options that have values, and counts
/// a value from the environment as typed: with `LEXICON_DATA_DIR` set, `lexicon show` said
/// `Usage: lexicon show --data-dir <DIR> <TERM>`, as if `--data-dir` were required. That error
/// is made again with the environment left out, which gives the usage of what was typed.
fn parse() -> Cli {
    Cli::try_parse().unwrap_or_else(|error| {
        let error = if error.kind() == ErrorKind::MissingRequiredArgument {
            Cli::command()
                .mut_args(|arg| arg.env(Resettable::Reset))
                .try_get_matches()
                .err()
                .filter(|again| again.kind() == error.kind())
                .unwrap_or(error)
        } else {
            error
        };
        error.exit()
    })
}

/// Whether the --content folder goes on top of the bundled lessons: `--with-bundled` or
/// `--without-bundled`, else the configuration's `with_bundled`; never without a folder.
/// A configuration with problems is set aside, as the reader sets it aside: that is said on
/// stderr, since the folder then loads alone.
fn with_bundled(cli: &Cli) -> bool {
    let Some(dir) = &cli.content else { return false };
    if cli.with_bundled || cli.without_bundled {
        return cli.with_bundled;
    }
    let loaded = lexicon::config::load(cli.config.as_deref());
    if let Some(problem) = loaded.problems.first() {
        eprintln!(
            "lexicon: {problem}; the configuration is not used, so {} loads without the bundled lessons \
             unless --with-bundled is given",
            dir.display()
        );
    }
    loaded.settings.with_bundled.value
}

/// One helper per command, as in tealdeer: each arm is one call, and every way into the
/// reader goes through [`reader`].
fn try_main(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        None => home(&cli),
        Some(Command::Open { term }) => open(&cli, term),
        Some(Command::Quiz { term }) => quiz(&cli, term.as_deref()),
        Some(Command::Show { term, format, width }) => show(&cli, term, *format, *width),
        Some(Command::List { level, tag, format }) => list(&cli, *level, tag.as_deref(), *format),
        Some(Command::Search { query, limit, format }) => search(&cli, query, *limit, *format),
        Some(Command::Compare { left, right, width }) => compare(&cli, left, right, *width),
        Some(Command::Stats { format }) => stats(&cli, *format),
        Some(Command::Config) => config(&cli),
        Some(Command::Check { stats, watch: false }) => check(&cli, *stats),
        Some(Command::Check { watch: true, .. }) => check_watch(&cli),
        Some(Command::New { title, journey }) => authoring_commands::new(cli.content.as_deref(), title, *journey),
        Some(Command::Schema { kind }) => authoring_commands::schema(kind.file_kind()),
        Some(Command::Export { format }) => print(&cli, |report, out| authoring_commands::export(report, format, out)),
        Some(Command::Completions { shell }) => completions(*shell),
    }
}

/// `lexicon`: the reader on the home screen.
fn home(cli: &Cli) -> Result<ExitCode> {
    let content = match &cli.content {
        Some(dir) => loading(cli, dir)?,
        None => Content::Loaded(content::load_bundled()),
    };
    reader(content, Start::Home, cli)
}

/// The content folder `dir`, to be loaded behind the reader's loading screen.
///
/// Home needs no lesson looked up first, so a folder loads behind a loading screen and the
/// first frame never waits for it. Only a folder that cannot be read at all is reported
/// before the terminal is touched.
fn loading(cli: &Cli, dir: &Path) -> Result<Content> {
    if !dir.join("terms").is_dir() {
        load_content(cli)?;
    }
    let folder = dir.to_owned();
    if cli.with_bundled {
        // No parsed cache, so no preview to draw first (`content::load_with_bundled`).
        let load = move |_: &mut dyn FnMut(content::summary::LibrarySummary)| {
            content::load_with_bundled(&folder).map_err(|error| format!("{}: {error}", unreadable(&folder)))
        };
        return Ok(Content::Loading {
            what: dir.display().to_string(),
            load: Box::new(load),
        });
    }
    let cache_dir = cli.cache_dir();
    let load = move |on_preview: &mut dyn FnMut(content::summary::LibrarySummary)| {
        lexicon::cache::load_folder_previewing(&folder, cache_dir.as_deref(), on_preview)
            .map(|(report, _)| report)
            .map_err(|error| format!("{}: {error}", unreadable(&folder)))
    };
    Ok(Content::Loading {
        what: dir.display().to_string(),
        load: Box::new(load),
    })
}

/// `lexicon open TERM`: the reader on one lesson.
fn open(cli: &Cli, term: &str) -> Result<ExitCode> {
    let report = load_content(cli)?;
    let start = Start::Lesson(commands::find(&report.library, term, commands::LIST_HINT)?.id.clone());
    reader(Content::Loaded(report), start, cli)
}

/// `lexicon quiz [TERM]`: the reader on one lesson's check, or on a review.
fn quiz(cli: &Cli, term: Option<&str>) -> Result<ExitCode> {
    let report = load_content(cli)?;
    let start = match term {
        Some(term) => Start::Check(commands::find(&report.library, term, commands::LIST_HINT)?.id.clone()),
        None => Start::Review,
    };
    reader(Content::Loaded(report), start, cli)
}

fn show(cli: &Cli, term: &str, format: Format, width: Option<usize>) -> Result<ExitCode> {
    let width = commands::print_width(width);
    print(cli, |report, out| {
        commands::show(&report.library, term, format, width, out)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `lexicon list`: with a level or a tag that lists nothing, says why on stderr and fails,
/// as `search` does when nothing matches.
fn list(cli: &Cli, level: Option<Level>, tag: Option<&str>, format: ListFormat) -> Result<ExitCode> {
    let nothing = print(cli, |report, out| {
        let listed = commands::list(&report.library, level, tag, format, out)?;
        let filtered = level.is_some() || tag.is_some();
        Ok((listed == 0 && filtered).then(|| commands::nothing_listed(&report.library, level, tag)))
    })?;
    Ok(match nothing {
        Some(why) => {
            // Nothing useful can be done if stderr is gone.
            let _ = writeln!(std::io::stderr(), "lexicon: {why}");
            ExitCode::FAILURE
        }
        None => ExitCode::SUCCESS,
    })
}

/// `lexicon search`: fails when nothing matches, as grep does, so `lexicon search x && ...`
/// goes on only with a result.
fn search(cli: &Cli, query: &str, limit: usize, format: ListFormat) -> Result<ExitCode> {
    let found = match &cli.content {
        // A folder is searched through its search cache: unchanged since the last search, it
        // is not even loaded. (A folder on top of the bundled lessons has no cache.)
        Some(dir) if !cli.with_bundled => {
            let (searchable, _) =
                lexicon::cache::searchable_folder(dir, cli.cache_dir().as_deref()).with_context(|| unreadable(dir))?;
            let found = to_stdout(|out| commands::search_names(&searchable, query, limit, format, out))?;
            // Freed by the exit, all at once.
            std::mem::forget(searchable);
            found
        }
        _ => print(cli, |report, out| {
            commands::search(&report.library, query, limit, format, out)
        })?,
    };
    Ok(if found == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn compare(cli: &Cli, left: &str, right: &str, width: Option<usize>) -> Result<ExitCode> {
    let width = commands::print_width(width);
    print(cli, |report, out| {
        commands::compare(&report.library, left, right, width, out)
    })?;
    Ok(ExitCode::SUCCESS)
}

fn stats(cli: &Cli, format: StatsFormat) -> Result<ExitCode> {
    print(cli, |report, out| {
        commands::stats(&report.library, cli.data_dir.clone(), format, out)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `lexicon check [--stats]`: fails when the content has errors.
fn check(cli: &Cli, stats: bool) -> Result<ExitCode> {
    let failed = print(cli, |report, out| {
        let failed = commands::check(report, out)?;
        if stats {
            authoring_commands::stats(report, out)?;
        }
        Ok(failed)
    })?;
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// `lexicon check --watch`: checks the `--content` folder, then again after every save,
/// printing the problems that are new and those that were fixed, until interrupted.
fn check_watch(cli: &Cli) -> Result<ExitCode> {
    let Some(dir) = &cli.content else {
        anyhow::bail!("`check --watch` needs `--content DIR`: the bundled lessons never change");
    };
    // A folder that cannot be read at all gets the loader's message, not the watch's.
    if !dir.join("terms").is_dir() {
        load_content(cli)?;
    }
    // Watching starts before the first check, so a save made during it is not missed.
    let watch = lexicon::watch::FolderWatch::start(dir)?;
    let mut report = load_content(cli)?;
    to_stdout(|out| commands::check(&report, out).map(drop))?;
    eprintln!("lexicon: watching {} for changes (Ctrl-C stops)", dir.display());
    loop {
        match watch.next_change() {
            Change::Saved => {}
            Change::Failed(error) => anyhow::bail!("watching {} failed: {error}", dir.display()),
            Change::Stopped => return Ok(ExitCode::SUCCESS),
        }
        match load_content(cli) {
            Ok(now) => {
                to_stdout(|out| commands::check_changes(&report, &now, out))?;
                report = now;
            }
            // The folder may come back (a branch switched under it): keep watching.
            Err(error) => eprintln!("lexicon: {error:#}"),
        }
    }
}

/// `lexicon config`: fails when the configuration file has problems.
fn config(cli: &Cli) -> Result<ExitCode> {
    let mut loaded = lexicon::config::load(cli.config.as_deref());
    let effective = lexicon::ui::settings::describe(&mut loaded);
    for problem in &loaded.problems {
        eprintln!("lexicon: {problem}");
    }
    to_stdout(|out| Ok(out.write_all(effective.as_bytes())?))?;
    Ok(if loaded.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut command = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut command, "lexicon", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

fn load_content(cli: &Cli) -> Result<LoadReport> {
    match &cli.content {
        Some(dir) => load_folder(dir, cli.with_bundled, cli.cache_dir().as_deref()),
        None => Ok(content::load_bundled()),
    }
}

/// How the reader loads its `--content` folder again after a save (live reload): as it
/// loaded it at start. The bundled lessons are compiled in: only the folder's files are
/// watched.
fn reload(cli: &Cli) -> Option<lexicon::ui::reload::Reload> {
    let folder = cli.content.clone()?;
    let with_bundled = cli.with_bundled;
    let cache_dir = cli.cache_dir();
    Some(Box::new(move || {
        load_folder(&folder, with_bundled, cache_dir.as_deref()).map_err(|error| format!("{error:#}"))
    }))
}

/// Loads the content folder `dir`: layered on the bundled lessons (which the parsed cache
/// never holds), or alone through its parsed cache.
fn load_folder(dir: &Path, with_bundled: bool, cache_dir: Option<&Path>) -> Result<LoadReport> {
    let loaded = if with_bundled {
        content::load_with_bundled(dir)
    } else {
        lexicon::cache::load_folder(dir, cache_dir).map(|(report, _)| report)
    };
    loaded.with_context(|| unreadable(dir))
}

/// What went wrong when the content folder `dir` could not be read.
fn unreadable(dir: &Path) -> String {
    format!("could not read the content folder {}", dir.display())
}

/// Runs a command that prints what it finds in the content, loaded first.
fn print<T>(cli: &Cli, command: impl FnOnce(&LoadReport, &mut dyn Write) -> Result<T>) -> Result<T> {
    let report = load_content(cli)?;
    let result = to_stdout(|out| command(&report, out));
    // The process ends here: freeing a large library string by string would only delay the
    // exit (tens of milliseconds at 30,000 entries) and gives nothing back.
    std::mem::forget(report);
    result
}

/// Gives `write` a buffered stdout: `list` at tens of thousands of entries would otherwise
/// make a write per line.
fn to_stdout<T>(write: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = write(&mut out)?;
    out.flush()?;
    Ok(result)
}

/// Runs the reader, which takes the terminal until it is quit; without a terminal it says
/// so, before anything is written.
fn reader(content: Content, start: Start, cli: &Cli) -> Result<ExitCode> {
    if !lexicon::ui::has_terminal() {
        anyhow::bail!("the reader needs a terminal; try `lexicon show TERM` or `lexicon list`");
    }
    let config = lexicon::config::load(cli.config.as_deref());
    let finished = lexicon::ui::run(
        content,
        start,
        cli.data_dir.clone(),
        cli.content.as_deref(),
        config,
        reload(cli),
    )
    .context("the terminal reader failed")?;
    if let Some(unsaved) = &finished.unsaved {
        eprintln!("lexicon: {unsaved}");
    }
    Ok(match finished.ending {
        Ending::Quit if finished.unsaved.is_some() => ExitCode::FAILURE,
        Ending::Quit => ExitCode::SUCCESS,
        // 128 + a signal's number fits a byte for every signal that ends the reader.
        Ending::Signal(signal) => ExitCode::from(u8::try_from(signals::exit_code(signal)).unwrap_or(u8::MAX)),
    })
}
