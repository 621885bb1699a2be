//! Tools for people who write their own glossary: everything here is pure of terminals.
//!
//! - [`scaffold`]: `lexicon new`, a lesson or journey file with every field, a short comment
//!   on each and the editor's schema modeline, never written over an existing file.

pub mod anki;
pub mod markdown;
pub mod scaffold;
pub mod stats;
