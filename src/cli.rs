//! The command line, defined once with clap's derive; help text comes from these comments.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};
use lexicon::content::Level;
use std::path::PathBuf;

/// lexicon: learn account and crypto security, one linked lesson at a time.
///
/// With no command, opens the interactive reader on the bundled lessons.
#[derive(Debug, Parser)]
#[command(name = "lexicon", version, about, long_about)]
pub struct Cli {
    /// Load lessons from this folder (DIR/terms/*.yaml, DIR/journeys/*.yaml) instead of the
    /// bundled ones (or beside them, with --with-bundled).
    #[arg(long, global = true, value_name = "DIR", env = "LEXICON_CONTENT")]
    pub content: Option<PathBuf>,

    /// Add the --content folder's lessons to the bundled ones rather than replacing them:
    /// they may link to bundled lessons, and a lesson that says `replaces: ID` takes that
    /// bundled lesson's place. `with_bundled = true` in the configuration does the same.
    #[arg(long, global = true, requires = "content", overrides_with = "without_bundled")]
    pub with_bundled: bool,

    /// Load the --content folder alone, even where the configuration says `with_bundled = true`.
    #[arg(long, global = true, overrides_with = "with_bundled")]
    pub without_bundled: bool,

    /// Keep progress in this folder instead of the platform's data directory.
    #[arg(long, global = true, value_name = "DIR", env = "LEXICON_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Keep the parsed cache of --content folders here instead of the platform's cache
    /// directory. The cache is used only while every file in the folder keeps its size and
    /// modification time.
    #[arg(long, global = true, value_name = "DIR", env = "LEXICON_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Parse the --content folder from scratch, without reading or writing the cache.
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Read the configuration from this file instead of LEXICON_CONFIG or the platform's
    /// (~/.config/lexicon/config.toml on Linux). `lexicon config` shows what is in force.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Where the parsed cache of content folders lives ([`lexicon::dirs::cache_dir`]), unless
    /// `--no-cache` turns it off.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        if self.no_cache {
            None
        } else {
            lexicon::dirs::cache_dir(self.cache_dir.clone())
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the reader on one lesson (an id, title or alias; `backup` works when it is
    /// clearly one term).
    Open {
        /// The term to open.
        term: String,
    },
    /// Print one lesson to stdout.
    Show {
        /// The term to show (id, title, alias, or a clear fuzzy match).
        term: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Wrap text at this many columns [default: the terminal's width, or 80 in a pipe].
        /// A web address is never cut.
        #[arg(long, value_name = "N")]
        width: Option<usize>,
    },
    /// Take a calibration check: one lesson's statements, or (with no term) a review of
    /// every statement that is due.
    Quiz {
        /// The lesson whose statements to check.
        term: Option<String>,
    },
    /// Print your calibration: answers, Brier score, the calibration table, tags, weakest terms.
    Stats {
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
    },
    /// Print the terms as `id<TAB>title`, one per line: every term, or those at a level or
    /// with a tag.
    List {
        /// Only the terms at this level.
        #[arg(long, value_name = "LEVEL", value_parser = level_parser())]
        level: Option<Level>,
        /// Only the terms with this tag (in any case).
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Fuzzy-search titles, aliases and tags (and, ranked lower, definitions); print
    /// `id<TAB>title`, best match first.
    ///
    /// Exits 1 when nothing matches, as grep does.
    Search {
        /// What to look for.
        query: String,
        /// Print at most this many results.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print the side-by-side comparison of two terms.
    Compare {
        /// The first term (its column is on the left).
        left: String,
        /// The second term.
        right: String,
        /// Table width in columns [default: the terminal's width, or 80 in a pipe].
        #[arg(long, value_name = "N")]
        width: Option<usize>,
    },
    /// Print shell completions for bash, zsh, fish, elvish or powershell.
    ///
    /// For example: `lexicon completions bash > ~/.local/share/bash-completion/completions/lexicon`
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the configuration in force, where each value came from, and the file looked for.
    ///
    /// Problems in the file go to stderr, with its path and line, and exit 1; the reader
    /// runs on the defaults meanwhile.
    Config,
    /// Write a new lesson file to fill in, terms/ID.yaml in the --content folder (or under
    /// the current folder), its id made from the title; print its path.
    ///
    /// The file has every field with a comment on each, and never replaces an existing one.
    New {
        /// The title of the new lesson (or journey).
        title: String,
        /// Write a journey, journeys/ID.yaml, instead of a lesson.
        #[arg(long)]
        journey: bool,
    },
    /// Print the JSON Schema of a lesson or journey file, for editors that check YAML as
    /// you type (yaml-language-server: VS Code, helix, neovim).
    ///
    /// For example: `lexicon schema term > DIR/term.schema.json`, which the first line of a
    /// file from `lexicon new` points at.
    Schema {
        /// Which kind of file.
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Write the lessons out in another format: Markdown pages for a website, or an Anki deck.
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// Validate the content and print `path:line:col: error|warning: message` lines.
    ///
    /// Exits 1 when there are errors, 0 otherwise.
    Check {
        /// Then print figures for authors: lessons per level and tag, words per lesson,
        /// statements, lessons on no journey, and links to lessons not written yet.
        #[arg(long)]
        stats: bool,
        /// Keep watching the --content folder and check it again after every save,
        /// printing only what changed: `new:` and `fixed:` problems. Runs until Ctrl-C.
        #[arg(long, conflicts_with = "stats")]
        watch: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text, wrapped at 80 columns, with no escape codes.
    Text,
    /// The lesson as a standard Markdown document, wiki links made links to `id.md`.
    Markdown,
    /// The entry's fields, named as in the YAML format, with links resolved to ids.
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// One Markdown page per lesson (ID.md), index.md by level and mdBook's SUMMARY.md, in
    /// the folder OUT: `mdbook build` makes it a website.
    Markdown {
        /// The folder to write (created if needed; files of the same names are replaced).
        out: PathBuf,
    },
    /// An Anki deck: one note per check statement and per frequent question, in Anki's
    /// text format (File > Import reads it without settings).
    Anki {
        /// The file to write, e.g. lexicon.txt.
        out: PathBuf,
    },
}

/// The kinds of content file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// A lesson, terms/ID.yaml.
    Term,
    /// A journey, journeys/ID.yaml.
    Journey,
}

impl SchemaKind {
    pub fn file_kind(self) -> lexicon::content::loader::FileKind {
        match self {
            SchemaKind::Term => lexicon::content::loader::FileKind::Term,
            SchemaKind::Journey => lexicon::content::loader::FileKind::Journey,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// `id<TAB>title`, one term per line.
    Text,
    /// An array of `{"id", "title"}` objects.
    Json,
}

/// A level by its name, `beginner`, `intermediate` or `advanced`, which help and shell
/// completions offer.
fn level_parser() -> impl TypedValueParser<Value = Level> {
    PossibleValuesParser::new(Level::ALL.map(Level::as_str)).try_map(|name| Level::parse(&name).ok_or("not a level"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Text,
    /// `answered`, `correct`, `brier`, `by_confidence` and more.
    Json,
}
