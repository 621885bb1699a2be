//! Inputs the fuzzers in `fuzz/` found, each reproduced through the public API.
//!
//! A test marked `#[ignore = "bug: ..."]` fails until the bug it names is fixed; remove the
//! `ignore` with the fix. See `fuzz/README.md` for how the fuzzers are run.

use lexicon::content::markdown;
use lexicon::content::sanitize::sanitize;
use unicode_width::UnicodeWidthStr;

fn no_links(_: &str) -> Option<(String, String)> {
    None
}

/// The lines of `markdown` rendered and wrapped at `width`, as text.
fn wrapped_lines(markdown: &str, width: usize) -> Vec<String> {
    markdown::render(markdown, &no_links)
        .wrap(width)
        .lines
        .iter()
        .map(|line| line.iter().map(|span| span.text.as_str()).collect())
        .collect()
}

/// Fails if a line of `markdown` wrapped at `width` is wider than `width` on screen. The
/// text is sanitized first, as the loader does, so it is what the app would render.
fn assert_fits(markdown: &str, width: usize) {
    let clean = sanitize(markdown);
    assert_eq!(clean, markdown, "the input is already clean");
    for line in wrapped_lines(&clean, width) {
        assert!(
            line.width() <= width,
            "{markdown:?} at width {width}: {line:?} is {} columns wide",
            line.width()
        );
    }
}

/// Found by the `markdown` target: a smoke run (`a*` then U+FE0F VARIATION SELECTOR-16 at
/// width 2, minimized, with the control characters it also held removed since only
/// sanitized text is rendered) and twice in the ten-minute run, minimized to the first
/// byte (the width) and the text below (U+FFFD is what lossy decoding made of stray
/// bytes). `*` with VS16 is an emoji presentation sequence, two columns wide, but it is
/// counted as one. Real emoji hit it too: the keycap `*️⃣` (`*`, U+FE0F, U+20E3) makes
/// "Press *️⃣" 8 columns wide at width 7.
#[test]
fn a_variation_selector_after_a_markdown_delimiter_counts_with_the_character_before_it() {
    // From fuzz/seeds/markdown/crash-vs16-after-bracket.bin.
    assert_fits("[\u{fffd}*\u{fe0f}", 3);
    // From fuzz/seeds/markdown/crash-vs16-line-end.bin.
    assert_fits(
        "*\u{fe0f}. \u{fffd} \u{fffd} \u{fffd}*1 \u{fffd} \u{fffd}\u{fffd}1. \u{fffd} \u{fffd} \u{fffd}*1.**. \u{fffd}",
        31,
    );
    // In a list item, after its bullet.
    assert_fits("- *\u{fe0f}", 3);
    assert_fits("a*\u{fe0f}", 2);
    assert_fits("Press *\u{fe0f}\u{20e3} now", 7);
}

/// The same emoji without a delimiter in front of the zero-width part is measured whole and
/// fits: the bug above is only in how text split across spans is measured.
#[test]
fn a_keycap_emoji_in_one_piece_fits() {
    assert_fits("Press 1\u{fe0f}\u{20e3} now", 7);
    assert_fits("1\u{fe0f}\u{20e3}", 2);
    assert_fits("\\*\u{fe0f}", 2);
}
