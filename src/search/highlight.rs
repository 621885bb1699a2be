//! Which characters of a result to highlight: a title's, where the query matched it, and a
//! definition's, where each query word occurs.

use super::index::fold;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::ops::Range;
use std::sync::LazyLock;

/// The matcher for highlighting, on the title as written.
static HIGHLIGHTER: LazyLock<SkimMatcherV2> = LazyLock::new(|| SkimMatcherV2::default().ignore_case());

/// Where each word of `query` first occurs in `text`, ignoring case as search does, as byte
/// ranges of `text` in order: for showing why a definition matched. A word that does not occur
/// has no range.
pub fn word_highlights(text: &str, query: &str) -> Vec<Range<usize>> {
    let query = fold(query);
    let mut ranges: Vec<Range<usize>> = if text.is_ascii() && query.is_ascii() {
        // Nearly all text: bytes compared without case, a row's definition at a time.
        query
            .split_whitespace()
            .filter_map(|word| {
                let at = text
                    .as_bytes()
                    .windows(word.len())
                    .position(|window| window.eq_ignore_ascii_case(word.as_bytes()))?;
                Some(at..at + word.len())
            })
            .collect()
    } else {
        // Each lowercase character of `text`, with the byte range of the character it comes
        // from (a character can lowercase to several).
        let folded: Vec<(char, Range<usize>)> = text
            .char_indices()
            .flat_map(|(at, c)| c.to_lowercase().map(move |lower| (lower, at..at + c.len_utf8())))
            .collect();
        query
            .split_whitespace()
            .filter_map(|word| {
                let word: Vec<char> = word.chars().collect();
                let start = folded
                    .windows(word.len())
                    .position(|window| window.iter().map(|(c, _)| *c).eq(word.iter().copied()))?;
                Some(folded[start].1.start..folded[start + word.len() - 1].1.end)
            })
            .collect()
    };
    ranges.sort_by_key(|range| range.start);
    // Overlapping words (`see` and `seed`) show as one.
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// The character positions of `title` that `query` matches, for highlighting a result. Only
/// the visible results need them, so they are not computed during the search. Spaces in the
/// query are ignored, as search ignores them; words typed in another order than the title's
/// are shown where they start its words.
pub fn title_highlights(title: &str, query: &str) -> Vec<usize> {
    let joined: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    if joined.is_empty() {
        return Vec::new();
    }
    if let Some((_, indices)) = HIGHLIGHTER.fuzzy_indices(title, &joined) {
        return indices;
    }
    let folded: Vec<char> = title.chars().flat_map(char::to_lowercase).collect();
    // Character positions match only where lowercasing keeps the length, as it nearly always does.
    if folded.len() != title.chars().count() {
        return Vec::new();
    }
    let mut marked = Vec::new();
    for word in fold(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        let word: Vec<char> = word.chars().collect();
        let starts_word = |at: usize| at == 0 || !folded[at - 1].is_alphanumeric();
        if let Some(at) = (0..folded.len()).find(|&at| starts_word(at) && folded[at..].starts_with(&word)) {
            marked.extend(at..at + word.len());
        }
    }
    marked.sort_unstable();
    marked.dedup();
    marked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_highlights_find_each_word_ignoring_case_in_text_order() {
        let text = "Seed phrases: a SEED is the root of every key.";
        let marked =
            |query: &str| -> Vec<&str> { word_highlights(text, query).into_iter().map(|r| &text[r]).collect() };
        assert_eq!(marked("key seed"), ["Seed", "key"]);
        // Overlapping words show as one; a word that is not there shows nothing.
        assert_eq!(marked("see seed wombat"), ["Seed"]);
        assert_eq!(marked(""), Vec::<&str>::new());
        // A character that lowercases to two stays whole.
        let text = "Die İnsel, die Straße";
        let ranges = word_highlights(text, "i̇nsel strasse straße");
        let words: Vec<&str> = ranges.into_iter().map(|r| &text[r]).collect();
        assert_eq!(words, ["İnsel", "Straße"]);
    }

    #[test]
    fn title_highlights_mark_what_matched() {
        assert_eq!(title_highlights("Backup Codes", "bc"), vec![0, 7]);
        assert!(title_highlights("Backup Codes", "  ").is_empty());
        // Spaces in the query are ignored, as search ignores them.
        assert_eq!(title_highlights("Two-Factor", "two f"), vec![0, 1, 2, 4]);
        // Words in another order are marked where they start the title's words.
        assert_eq!(title_highlights("Two-Factor", "fac two"), vec![0, 1, 2, 4, 5, 6]);
    }

    proptest::proptest! {
        #[test]
        fn word_highlights_are_in_order_and_on_character_boundaries(text in "\\PC{0,30}", query in "\\PC{0,8}") {
            let marked = word_highlights(&text, &query);
            for pair in marked.windows(2) {
                proptest::prop_assert!(pair[0].end < pair[1].start);
            }
            for range in &marked {
                proptest::prop_assert!(text.get(range.clone()).is_some_and(|marked| !marked.is_empty()));
            }
        }
    }
}
