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
use lexicon::content::{self, LoadReport};
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
            let (report, _) = content::cache::load_folder(dir, cli.cache_dir().as_deref())
                .with_context(|| format!("could not read the content folder {}", dir.display()))?;
            Ok(report)
        }
        None => Ok(content::load_bundled()),
    }
}

/// Runs the reader, which takes the terminal until it is quit; without a terminal it says
/// so, before anything is written.
fn reader(content: Content, start: Start, cli: &Cli) -> Result<ExitCode> {
    if !lexicon::ui::has_terminal() {
        anyhow::bail!("the reader needs a terminal; try `lexicon show TERM` or `lexicon list`");
    }
    lexicon::ui::run(content, start, cli.data_dir.clone()).context("the terminal reader failed")?;
    Ok(ExitCode::SUCCESS)
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
        let cache_dir = cli.cache_dir();
        let load = move |on_preview: &mut dyn FnMut(content::preview::HomePreview)| {
            content::cache::load_folder_previewing(&folder, cache_dir.as_deref(), on_preview)
                .map(|(report, _)| report)
                .map_err(|error| format!("could not read the content folder {}: {error}", folder.display()))
        };
        let loading = Content::Loading {
            what: dir.display().to_string(),
            load: Box::new(load),
        };
        return reader(loading, Start::Home, &cli);
    }
    if let Some(Command::Search { query, limit }) = &cli.command
        && let Some(dir) = &cli.content
    {
        // A folder is searched through its search cache: unchanged since the last search, it
        // is not even loaded.
        let (searchable, _) = content::cache::searchable_folder(dir, cli.cache_dir().as_deref())
            .with_context(|| format!("could not read the content folder {}", dir.display()))?;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let names = searchable
            .index
            .search_best(query, (*limit).min(searchable.names.len()))
            .into_iter()
            .filter_map(|hit| {
                let (id, title) = searchable.names.get(hit.index)?;
                Some((id.as_str(), title.as_str()))
            });
        commands::print_names(names, &mut out)?;
        out.flush()?;
        // Freed by the exit, all at once.
        std::mem::forget(searchable);
        return Ok(ExitCode::SUCCESS);
    }
    let report = load_content(&cli)?;
    let stdout = std::io::stdout();
    // Buffered: `list` at tens of thousands of entries would otherwise make a write per line.
    let mut out = std::io::BufWriter::new(stdout.lock());
    match &cli.command {
        Some(Command::Completions { .. }) => {}
        Some(Command::Check) => {
            let failed = commands::check(&report, &mut out)?;
            out.flush()?;
            return Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS });
        }
        Some(Command::List) => commands::list(&report.library, &mut out)?,
        Some(Command::Search { query, limit }) => {
            let entries = search::SearchIndex::new(&report.library)
                .search_best(query, (*limit).min(report.library.entries().len()))
                .into_iter()
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
            return reader(Content::Loaded(report), Start::Lesson(start), &cli);
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
            return reader(Content::Loaded(report), start, &cli);
        }
        Some(Command::Stats { format }) => commands::stats(&report.library, cli.data_dir.clone(), *format, &mut out)?,
        None => {
            drop(out);
            return reader(Content::Loaded(report), Start::Home, &cli);
        }
    }
    out.flush()?;
    // The process ends here: freeing a large library string by string would only delay the
    // exit (tens of milliseconds at 30,000 entries) and gives nothing back.
    std::mem::forget(report);
    Ok(ExitCode::SUCCESS)
}
