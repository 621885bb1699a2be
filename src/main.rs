//! The `lexicon` binary: parse the command line, load content before touching the
//! terminal, then run a command or the reader.

// Panics are for bugs: fallible code returns errors. Unit tests may unwrap.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

mod cli;
mod commands;

use anyhow::{Context, Result};
use clap::Parser;
use cli::{Cli, Command};
use lexicon::content::{self, LoadReport, loader};
use lexicon::search;
use lexicon::ui::{Content, Start};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
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
            eprintln!("lexicon: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn load_content(cli: &Cli) -> Result<LoadReport> {
    match &cli.content {
        Some(dir) => {
            let files = loader::read_folder(dir)
                .with_context(|| format!("could not read the content folder {}", dir.display()))?;
            Ok(content::load(files))
        }
        None => Ok(content::load_bundled()),
    }
}

fn try_main(cli: Cli) -> Result<ExitCode> {
    if let Some(Command::Completions { shell }) = &cli.command {
        let mut command = <Cli as clap::CommandFactory>::command();
        clap_complete::generate(*shell, &mut command, "lexicon", &mut std::io::stdout());
        return Ok(ExitCode::SUCCESS);
    }
    if cli.command.is_none()
        && let Some(dir) = &cli.content
    {
        // Home needs no lesson looked up first, so a folder loads behind a loading screen
        // and the first frame never waits for it. Only a folder that cannot be read at all
        // is reported before the terminal is touched.
        if !dir.join("terms").is_dir() {
            load_content(&cli)?;
        }
        let folder = dir.clone();
        let load = move || {
            loader::read_folder(&folder)
                .map(content::load)
                .map_err(|error| format!("could not read the content folder {}: {error}", folder.display()))
        };
        lexicon::ui::run(
            Content::Loading {
                what: dir.display().to_string(),
                load: Box::new(load),
            },
            Start::Home,
            cli.data_dir.clone(),
        )
        .context("the terminal reader failed")?;
        return Ok(ExitCode::SUCCESS);
    }
    let report = load_content(&cli)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match &cli.command {
        Some(Command::Completions { .. }) => {}
        Some(Command::Check) => {
            let failed = commands::check(&report, &mut out)?;
            out.flush()?;
            return Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS });
        }
        Some(Command::List) => commands::list(&report.library, &mut out)?,
        Some(Command::Search { query, limit }) => {
            let entries = search::search(&report.library, query)
                .into_iter()
                .take(*limit)
                .map(|hit| &report.library.entries()[hit.index]);
            commands::print_entries(entries, &mut out)?;
        }
        Some(Command::Show { term, format }) => {
            let entry = search::find_one(&report.library, term)
                .map_err(|error| anyhow::anyhow!("{error}; try `lexicon list` or `lexicon search`"))?;
            commands::show(&report.library, entry, *format, &mut out)?;
        }
        Some(Command::Compare { left, right, width }) => {
            let find = |term: &str| {
                search::find_one(&report.library, term).map_err(|error| anyhow::anyhow!("{error}; try `lexicon list`"))
            };
            let (left, right) = (find(left)?, find(right)?);
            let Some(view) = lexicon::compare::between(&report.library, left, right)? else {
                let partners: Vec<String> = lexicon::compare::partners(&report.library, left)
                    .iter()
                    .map(|e| e.title.clone())
                    .collect();
                let hint = if partners.is_empty() {
                    format!("{} has no comparisons", left.title)
                } else {
                    format!("{} is compared with: {}", left.title, partners.join(", "))
                };
                anyhow::bail!("no comparison of {} with {}; {hint}", left.title, right.title);
            };
            write!(out, "{}", lexicon::compare::to_text(&view, *width))?;
        }
        Some(Command::Open { term }) => {
            let entry = search::find_one(&report.library, term)
                .map_err(|error| anyhow::anyhow!("{error}; try `lexicon list`"))?;
            let start = entry.id.clone();
            drop(out);
            lexicon::ui::run(Content::Loaded(report), Start::Lesson(start), cli.data_dir.clone())
                .context("the terminal reader failed")?;
        }
        Some(Command::Quiz { term }) => {
            let start = match term {
                Some(term) => {
                    let entry = search::find_one(&report.library, term)
                        .map_err(|error| anyhow::anyhow!("{error}; try `lexicon list`"))?;
                    Start::Check(entry.id.clone())
                }
                None => Start::Review,
            };
            drop(out);
            lexicon::ui::run(Content::Loaded(report), start, cli.data_dir.clone())
                .context("the terminal reader failed")?;
        }
        Some(Command::Stats { format }) => commands::stats(&report.library, cli.data_dir.clone(), *format, &mut out)?,
        None => {
            drop(out);
            lexicon::ui::run(Content::Loaded(report), Start::Home, cli.data_dir.clone())
                .context("the terminal reader failed")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
