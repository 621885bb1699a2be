//! The markdown renderer and the word wrapper on an arbitrary string and width.
//!
//! The first byte is the width (0 to 255); the rest, decoded lossily as UTF-8, is the
//! markdown. It goes through `markdown::render` (with a resolver that knows every wiki link
//! target of even length, so both resolved and broken links are reached) and
//! `Document::wrap`, twice: as it is, and sanitized as the loader sanitizes every field
//! before anything renders it. Nothing may panic. For the sanitized text, the only kind the
//! app ever renders, no wrapped line may be wider than the width when the width is 2 or
//! more, measured by display width (unicode-width on the line's text, as ratatui measures a
//! line's graphemes). Raw control characters have no meaningful width, so the raw text is
//! only checked for panics.
#![no_main]

use lexicon::content::markdown;
use lexicon::content::sanitize::sanitize;
use libfuzzer_sys::fuzz_target;
use unicode_width::UnicodeWidthStr;

fuzz_target!(|data: &[u8]| {
    let Some((&width, text)) = data.split_first() else {
        return;
    };
    let width = usize::from(width);
    let text = String::from_utf8_lossy(text);

    let clean = sanitize(&text);
    if clean != text {
        render_and_wrap(&text, width);
    }
    let lines = render_and_wrap(&clean, width);
    if width >= 2 {
        for (index, line) in lines.iter().enumerate() {
            let line_width = line.width();
            assert!(
                line_width <= width,
                "line {index} is {line_width} columns wide at width {width}: {line:?}"
            );
        }
    }
});

/// Renders and wraps `text` at `width`, checks the layout's bookkeeping, and returns the
/// text of each line.
fn render_and_wrap(text: &str, width: usize) -> Vec<String> {
    let resolve = |target: &str| (target.len() % 2 == 0).then(|| (target.to_lowercase(), format!("Title of {target}")));
    let _ = markdown::wiki_link_targets(text);
    let document = markdown::render(text, &resolve);
    let wrapped = document.wrap(width);
    assert_eq!(wrapped.block_lines.len(), document.blocks.len());
    assert_eq!(wrapped.link_lines.len(), document.links.len());
    wrapped
        .lines
        .iter()
        .map(|line| line.iter().map(|span| span.text.as_str()).collect())
        .collect()
}
