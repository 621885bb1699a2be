//! The authoring commands, on the binary's side: `new`, `schema`, `export` and
//! `check --stats`. What they write is made in the
//! library ([`lexicon::authoring`]); here it meets the command line, the clock and stdout.

use crate::cli::ExportFormat;
use anyhow::{Context, Result};
use lexicon::authoring::stats::ContentStats;
use lexicon::authoring::{anki, markdown, scaffold};
use lexicon::content::LoadReport;
use lexicon::content::loader::FileKind;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// `lexicon new TITLE [--journey]`: writes the file under `content` (else the current
/// folder, which it says) and prints its path.
pub fn new(content: Option<&Path>, title: &str, journey: bool) -> Result<ExitCode> {
    let kind = if journey { FileKind::Journey } else { FileKind::Term };
    let dir = content.unwrap_or(Path::new("."));
    if content.is_none() {
        eprintln!(
            "lexicon: no --content folder given, so the file goes under ./{}/ (read it with `lexicon --content .`)",
            scaffold::folder_of(kind)
        );
    }
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    let path = scaffold::write_new(dir, kind, title, &today)?;
    println!("{}", path.display());
    let schema = dir.join(scaffold::schema_file_name(kind));
    if !schema.exists() {
        let which = match kind {
            FileKind::Term => "term",
            FileKind::Journey => "journey",
        };
        eprintln!(
            "lexicon: for checks as you type, write the schema its first line names: lexicon schema {which} > {}",
            schema.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `lexicon schema term|journey`: the JSON Schema the loader's types give, pretty-printed.
pub fn schema(kind: FileKind) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &lexicon::content::loader::json_schema(kind))?;
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}

/// `lexicon export markdown|anki OUT`: writes the loaded lessons and says what it wrote. A
/// library with errors is exported as far as it loaded, with a word about the rest.
pub fn export(report: &LoadReport, format: &ExportFormat, out: &mut dyn Write) -> Result<ExitCode> {
    if report.errors() > 0 {
        eprintln!(
            "lexicon: the content has {} errors, and the files they are in are left out; `lexicon check` lists them",
            report.errors()
        );
    }
    match format {
        ExportFormat::Markdown { out: dir } => {
            let exported = markdown::export(&report.library, dir)?;
            writeln!(
                out,
                "wrote {} lessons, index.md and SUMMARY.md to {}",
                exported.lessons,
                dir.display()
            )?;
        }
        ExportFormat::Anki { out: path } => {
            let deck = anki::deck(&report.library)?;
            std::fs::write(path, &deck).with_context(|| format!("could not write {}", path.display()))?;
            let notes = deck.lines().filter(|line| !line.starts_with('#')).count();
            writeln!(out, "wrote {notes} notes to {}", path.display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `lexicon check --stats`: the figures, after a blank line.
pub fn stats(report: &LoadReport, out: &mut dyn Write) -> Result<()> {
    write!(out, "\n{}", ContentStats::compute(&report.library)?)?;
    Ok(())
}
