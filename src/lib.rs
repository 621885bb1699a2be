//! lexicon: a terminal app that teaches account and crypto security.
//!
//! The crate is a pure core with a terminal front end on top:
//! - [`authoring`]: for glossary authors: `lexicon new`'s scaffolds, Markdown and Anki export;
//! - [`cache`]: the parsed cache of a content folder, and the search cache beside it;
//! - [`compare`]: side-by-side comparisons of two entries, found from either side;
//! - [`config`]: the configuration file (theme, the home's first grouping, navigation keys);
//! - [`content`]: the lesson model, the validating loader, the sanitizer, markdown;
//! - [`dirs`]: the data and cache folders, from a flag, a variable or the platform;
//! - [`document`]: styled, linkable text and its wrapping;
//! - [`history`]: back and forward, like a browser;
//! - [`lesson`]: an entry laid out as a lesson document;
//! - [`quiz`]: calibration checks: statements, confidence, scoring, review scheduling;
//! - [`search`]: the one ranking behind the search box, `lexicon search` and term lookup;
//! - [`store`]: progress kept in a SQLite file;
//! - [`ui`]: state, keymap, update and view (the only module that knows ratatui);
//! - [`watch`]: live reload: a content folder watched for saves, and what a new load changed.
//!
//! See ARCHITECTURE.md for the map and the direction of dependencies.
#![forbid(unsafe_code)]
// Panics are for bugs: fallible code returns errors. Unit tests may unwrap.
#![deny(clippy::unwrap_used, clippy::expect_used)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod authoring;
pub mod cache;
pub mod compare;
pub mod config;
pub mod content;
pub mod dirs;
pub mod document;
pub mod history;
pub mod lesson;
pub mod quiz;
pub mod search;
pub mod store;
pub mod ui;
pub mod watch;
