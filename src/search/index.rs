//! [`SearchIndex`]: what search needs of each entry, prepared once per library.
//!
//! Every name (title, aliases, and the id when it says more than the title), tag and
//! definition is kept lowercase, each name and tag with a mask of the characters it holds, so
//! that a keystroke can skip a name that cannot match before asking the matcher. The distinct
//! words of every name are listed once, with the entries that hold them, so that a typo is
//! looked up among a few thousand words rather than in every name of every entry.

use crate::content::Library;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Which of an entry's names a [`IndexedName`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NameKind {
    Title,
    /// The alias at this position of the entry's `aliases`.
    Alias(u16),
    Id,
}

/// Where something lies in one of the index's arrays or strings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extent {
    start: usize,
    end: usize,
}

impl Extent {
    fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// One of an entry's names: which it is, the characters it holds, and where its lowercase
/// text lies in [`SearchIndex::name_text`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexedName {
    pub kind: NameKind,
    pub mask: u64,
    /// The characters that start a word of the name ([`word_start_mask`]): a query whose
    /// words do not all start with one of them cannot have every word start a word here.
    pub word_starts: u64,
    text: Extent,
}

/// A lowercase tag or word, and the characters it holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Folded {
    pub text: Box<str>,
    pub mask: u64,
}

impl Folded {
    fn new(raw: &str) -> Folded {
        let text = fold(raw);
        Folded {
            mask: char_mask(&text),
            text: text.into_boxed_str(),
        }
    }
}

/// What search needs of one entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Haystack {
    /// In [`SearchIndex::names`]: the title first, then the aliases, then the id when it is
    /// not the title as a slug.
    names: Extent,
    /// In [`SearchIndex::entry_tags`].
    tags: Extent,
    /// Lowercase.
    pub definition: Box<str>,
}

/// A distinct word of the library's names, and the entries whose names hold it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NameWord {
    pub word: Folded,
    /// How many characters the word has.
    pub chars: u32,
    pub entries: Vec<u32>,
}

/// The library's haystacks, prepared for searching. Build it once per library.
///
/// Every entry's names sit in one array, and their text in one string, rather than in a
/// vector and a string per entry: a keystroke looks at the names of tens of thousands of
/// entries, and reading them in order was three times faster than following a pointer per
/// entry and per name.
///
/// It can be saved (serde): the search cache of a folder keeps one, so that `lexicon search`
/// neither loads the library nor builds an index. One read back is used only when
/// [`SearchIndex::is_consistent`] says so.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SearchIndex {
    /// In library order.
    pub entries: Vec<Haystack>,
    names: Vec<IndexedName>,
    name_text: String,
    /// Each entry's tags, as indices into `tags`.
    entry_tags: Vec<u32>,
    /// Each distinct tag once, however many entries carry it.
    pub tags: Vec<Folded>,
    /// Each distinct word of every name once, for typo matches.
    pub words: Vec<NameWord>,
}

impl SearchIndex {
    pub fn new(library: &Library) -> SearchIndex {
        let mut index = SearchIndex::default();
        let mut tag_ids: HashMap<&str, u32> = HashMap::new();
        let mut word_ids: HashMap<String, usize> = HashMap::new();
        for (position, entry) in library.entries().iter().enumerate() {
            let first_name = index.names.len();
            let mut add_name = |kind, raw: &str| {
                let start = index.name_text.len();
                index.name_text.push_str(&fold(raw));
                let text = &index.name_text[start..];
                index.names.push(IndexedName {
                    kind,
                    mask: char_mask(text),
                    word_starts: word_start_mask(text),
                    text: Extent {
                        start,
                        end: index.name_text.len(),
                    },
                });
            };
            add_name(NameKind::Title, &entry.title);
            // An entry with more than 65,535 aliases is searchable by the first ones only.
            for (at, alias) in entry.aliases.iter().enumerate().take(usize::from(u16::MAX)) {
                add_name(NameKind::Alias(u16::try_from(at).unwrap_or(u16::MAX)), alias);
            }
            if !id_is_title_slug(&entry.id, &entry.title) {
                add_name(NameKind::Id, &entry.id);
            }
            let names = Extent {
                start: first_name,
                end: index.names.len(),
            };
            // Entries past u32::MAX (billions) would not be found by a typo; nothing else.
            let position = u32::try_from(position).unwrap_or(u32::MAX);
            for name in &index.names[names.range()] {
                for word in words_of(&index.name_text[name.text.range()]) {
                    let id = match word_ids.get(word) {
                        Some(&id) => id,
                        None => {
                            index.words.push(NameWord {
                                word: Folded::new(word),
                                chars: u32::try_from(word.chars().count()).unwrap_or(u32::MAX),
                                entries: Vec::new(),
                            });
                            word_ids.insert(word.to_owned(), index.words.len() - 1);
                            index.words.len() - 1
                        }
                    };
                    let holders = &mut index.words[id].entries;
                    if holders.last() != Some(&position) {
                        holders.push(position);
                    }
                }
            }
            let first_tag = index.entry_tags.len();
            for tag in &entry.tags {
                let next = u32::try_from(index.tags.len()).unwrap_or(u32::MAX);
                let id = *tag_ids.entry(tag.as_str()).or_insert_with(|| {
                    index.tags.push(Folded::new(tag));
                    next
                });
                index.entry_tags.push(id);
            }
            index.entries.push(Haystack {
                names,
                tags: Extent {
                    start: first_tag,
                    end: index.entry_tags.len(),
                },
                definition: fold(&entry.definition).into_boxed_str(),
            });
        }
        index
    }

    /// The names of `entry`, the title first.
    pub fn names(&self, entry: &Haystack) -> &[IndexedName] {
        self.names.get(entry.names.range()).unwrap_or_default()
    }

    /// The lowercase text of `name`.
    pub fn text(&self, name: &IndexedName) -> &str {
        self.name_text.get(name.text.range()).unwrap_or_default()
    }

    /// The lowercase title of `entry`.
    pub fn title(&self, entry: &Haystack) -> &str {
        self.names(entry).first().map_or("", |name| self.text(name))
    }

    /// The tags of `entry`, as indices into [`SearchIndex::tags`].
    pub fn tags_of(&self, entry: &Haystack) -> &[u32] {
        self.entry_tags.get(entry.tags.range()).unwrap_or_default()
    }

    /// Whether every position lies inside what it points into, on character boundaries, and
    /// every mask and count is its text's: true of an index built here, and what an index
    /// read back from a file must show before it is used.
    pub fn is_consistent(&self) -> bool {
        let sound = |folded: &Folded| char_mask(&folded.text) == folded.mask;
        self.tags.iter().all(sound)
            && self.entry_tags.iter().all(|&tag| (tag as usize) < self.tags.len())
            && self.names.iter().all(|name| {
                self.name_text
                    .get(name.text.range())
                    .is_some_and(|text| char_mask(text) == name.mask && word_start_mask(text) == name.word_starts)
            })
            && self.entries.iter().all(|entry| {
                self.names
                    .get(entry.names.range())
                    .is_some_and(|names| names.first().is_some_and(|name| name.kind == NameKind::Title))
                    && self.entry_tags.get(entry.tags.range()).is_some()
            })
            && self.words.iter().all(|word| {
                sound(&word.word)
                    && word.word.text.chars().count() == word.chars as usize
                    && word.entries.iter().all(|&entry| (entry as usize) < self.entries.len())
            })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The id, when the title already says everything the id does, adds nothing to match.
fn id_is_title_slug(id: &str, title: &str) -> bool {
    let slug: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    slug.join("-") == id
}

/// Lowercases character by character, so that lowercasing a prefix gives a prefix of the
/// lowercased whole (`str::to_lowercase` treats a final sigma by context), which narrowing
/// relies on.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.chars().flat_map(char::to_lowercase).collect()
    }
}

/// The words of a lowercase text: its runs of letters and digits.
pub fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

/// A set of characters as bits: a name can only match a query whose characters it all holds.
/// Both are lowercase already; characters other than ASCII letters and digits share the
/// remaining bits, which can only let extra names through, never drop one.
pub fn char_mask(text: &str) -> u64 {
    text.chars().fold(0, |mask, c| mask | char_bit(c))
}

/// The [`char_mask`] of the first character of each word of a lowercase text.
pub fn word_start_mask(text: &str) -> u64 {
    words_of(text)
        .filter_map(|word| word.chars().next())
        .fold(0, |mask, c| mask | char_bit(c))
}

/// A character's bit in a [`char_mask`].
fn char_bit(c: char) -> u64 {
    let bit = match c {
        'a'..='z' => u32::from(c) - u32::from('a'),
        '0'..='9' => 26 + u32::from(c) - u32::from('0'),
        _ => 36 + u32::from(c) % 28,
    };
    1 << bit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_bundled;

    #[test]
    fn an_index_read_back_is_used_only_when_it_is_sound() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        assert!(index.is_consistent(), "as built");
        let saved = postcard::to_stdvec(&index).expect("encodes");
        let read: SearchIndex = postcard::from_bytes(&saved).expect("decodes");
        assert!(read.is_consistent());
        assert_eq!(read.search("backup"), index.search("backup"), "the same answers");

        let damaged = |damage: &dyn Fn(&mut SearchIndex)| {
            let mut index: SearchIndex = postcard::from_bytes(&saved).expect("decodes");
            damage(&mut index);
            index.is_consistent()
        };
        assert!(!damaged(&|index| index.names[0].mask ^= 1));
        assert!(!damaged(&|index| index.names[0].word_starts ^= 1));
        assert!(!damaged(&|index| index.names[0].kind = NameKind::Id));
        assert!(!damaged(&|index| index.names[0].text.end = usize::MAX));
        assert!(!damaged(&|index| index.entries[0].names.end = usize::MAX));
        assert!(!damaged(&|index| index.entries[0].names.end = 0));
        assert!(!damaged(&|index| index.entry_tags[0] = u32::MAX));
        assert!(!damaged(&|index| index.entries[0].tags.end = usize::MAX));
        assert!(!damaged(&|index| index.tags[0].mask = 0));
        assert!(!damaged(&|index| index.words[0].entries.push(u32::MAX)));
    }

    #[test]
    fn every_name_word_knows_its_entries() {
        let library = load_bundled().library;
        let index = SearchIndex::new(&library);
        let holders = |word: &str| -> Vec<&str> {
            let found = index.words.iter().find(|name_word| &*name_word.word.text == word);
            found.map_or_else(Vec::new, |found| {
                found
                    .entries
                    .iter()
                    .map(|&entry| library.entries()[entry as usize].id.as_str())
                    .collect()
            })
        };
        // From a title, and from an alias (SLIP-39's "Shamir backup").
        assert_eq!(holders("backup"), ["backup-codes", "slip-39"]);
        assert_eq!(holders("shamir"), ["slip-39"]);
    }

    #[test]
    fn the_id_is_matched_only_when_the_title_does_not_already_say_it() {
        assert!(id_is_title_slug(
            "two-factor-authentication",
            "Two-Factor Authentication"
        ));
        assert!(id_is_title_slug("fido2-and-webauthn", "FIDO2 and WebAuthn"));
        assert!(!id_is_title_slug("2fa", "Two-Factor Authentication"));
    }

    #[test]
    fn the_character_mask_holds_every_character_of_a_name() {
        for (name, part) in [
            ("two-factor", "tf-"),
            ("ünïcode näme", "ünï"),
            ("x 1-y", "x 1"),
            ("a.b", "a.b"),
        ] {
            let mask = char_mask(part);
            assert_eq!(char_mask(name) & mask, mask, "{name} / {part}");
        }
        assert_ne!(char_mask("abc") & char_mask("z"), char_mask("z"));
    }
}
