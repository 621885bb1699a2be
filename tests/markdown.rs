//! Markdown rendering and wrapping, through the public API a lesson uses:
//! `content::markdown::render` builds a `Document`, and `Document::wrap` lays it out.
//!
//! Widths are measured with unicode-width, the same measure the terminal front end uses.

use lexicon::content::markdown::render;
use lexicon::document::{Document, LinkTarget, Style, StyledText, Wrapped};
use unicode_width::UnicodeWidthStr;

// ---------------------------------------------------------------------------------------
// Helpers

/// The entries these tests know, matched by id or title, ignoring case.
fn resolve(name: &str) -> Option<(String, String)> {
    let entries = [
        ("totp", "TOTP"),
        ("two-factor-authentication", "Two-Factor Authentication"),
        ("backup-codes", "Backup Codes"),
    ];
    entries
        .iter()
        .find(|(id, title)| id.eq_ignore_ascii_case(name) || title.eq_ignore_ascii_case(name))
        .map(|(id, title)| ((*id).to_owned(), (*title).to_owned()))
}

fn md(markdown: &str) -> Document {
    render(markdown, &resolve)
}

fn line_text(line: &[StyledText]) -> String {
    line.iter().map(|span| span.text.as_str()).collect()
}

fn texts(wrapped: &Wrapped) -> Vec<String> {
    wrapped.lines.iter().map(|line| line_text(line)).collect()
}

fn spans(document: &Document) -> impl Iterator<Item = &StyledText> {
    document.blocks.iter().flat_map(|block| block.spans.iter())
}

/// The span whose text is exactly `text`.
fn span<'a>(document: &'a Document, text: &str) -> &'a StyledText {
    spans(document).find(|span| span.text == text).unwrap_or_else(|| {
        let all: Vec<&str> = spans(document).map(|span| span.text.as_str()).collect();
        panic!("no span {text:?} in {all:?}")
    })
}

/// Every block's text (without prefixes), one string per block.
fn block_texts(document: &Document) -> Vec<String> {
    document.blocks.iter().map(|block| block.text()).collect()
}

/// The text shown for each link, in link order.
fn link_texts(document: &Document) -> Vec<String> {
    (0..document.links.len())
        .map(|link| {
            spans(document)
                .filter(|span| span.link == Some(link))
                .map(|span| span.text.as_str())
                .collect()
        })
        .collect()
}

#[track_caller]
fn assert_fits(wrapped: &Wrapped, width: usize) {
    for line in texts(wrapped) {
        assert!(
            line.width() <= width,
            "line {line:?} is {} columns wide, more than {width}:\n{}",
            line.width(),
            texts(wrapped).join("\n")
        );
    }
}

fn is_marker(token: &str) -> bool {
    token == "•"
        || token == "│"
        || token
            .strip_suffix('.')
            .is_some_and(|number| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
}

/// The words of the wrapped layout, without list markers and quote bars.
fn wrapped_words(wrapped: &Wrapped) -> Vec<String> {
    texts(wrapped)
        .iter()
        .flat_map(|line| line.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .filter(|token| !is_marker(token))
        .collect()
}

/// The words of the document's own text.
fn document_words(document: &Document) -> Vec<String> {
    block_texts(document)
        .iter()
        .flat_map(|text| text.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Styles

#[test]
fn inline_styles_land_on_their_spans() {
    let doc = md("plain **bold** *italic* `code` ~~struck~~ ***both*** **`bold code`** __under__ _score_");
    assert_eq!(span(&doc, "plain ").style, Style::PLAIN);
    assert_eq!(span(&doc, "bold").style, Style::bold());
    let italic = Style {
        italic: true,
        ..Style::PLAIN
    };
    assert_eq!(span(&doc, "italic").style, italic);
    assert_eq!(
        span(&doc, "code").style,
        Style {
            code: true,
            ..Style::PLAIN
        }
    );
    assert_eq!(
        span(&doc, "struck").style,
        Style {
            strike: true,
            ..Style::PLAIN
        }
    );
    assert_eq!(
        span(&doc, "both").style,
        Style {
            bold: true,
            italic: true,
            ..Style::PLAIN
        }
    );
    assert_eq!(
        span(&doc, "bold code").style,
        Style {
            bold: true,
            code: true,
            ..Style::PLAIN
        }
    );
    assert_eq!(span(&doc, "under").style, Style::bold());
    assert_eq!(span(&doc, "score").style, italic);
    // The markup itself is gone.
    assert_eq!(
        block_texts(&doc),
        ["plain bold italic code struck both bold code under score"]
    );

    // Styles survive wrapping onto the right words.
    let wrapped = doc.wrap(12);
    let styled: Vec<(String, Style)> = wrapped
        .lines
        .iter()
        .flatten()
        .filter(|span| span.style != Style::PLAIN)
        .map(|span| (span.text.clone(), span.style))
        .collect();
    assert!(styled.contains(&("bold".to_owned(), Style::bold())), "{styled:?}");
    assert!(styled.contains(&("italic".to_owned(), italic)), "{styled:?}");
    assert!(styled.iter().all(|(text, _)| text.trim() != "plain"), "{styled:?}");
}

#[test]
fn headings_are_bold_heading_blocks_of_their_own() {
    let doc = md("# Backup Codes\n\nBody text.\n\n## Second *level*\n\nMore.");
    let heading = span(&doc, "Backup Codes").style;
    assert!(heading.heading && heading.bold, "{heading:?}");
    assert!(!span(&doc, "Body text.").style.heading);
    let second = span(&doc, "Second ").style;
    assert!(second.heading && second.bold && !second.italic, "{second:?}");
    let level = span(&doc, "level").style;
    assert!(level.heading && level.italic, "{level:?}");
    assert_eq!(
        texts(&doc.wrap(80)),
        ["Backup Codes", "", "Body text.", "", "Second level", "", "More."]
    );
}

// ---------------------------------------------------------------------------------------
// Lists, quotes and code

#[test]
fn bullet_items_hang_under_their_text_when_wrapped() {
    let doc = md("- alpha beta gamma delta\n- two");
    assert_eq!(texts(&doc.wrap(12)), ["• alpha beta", "  gamma", "  delta", "• two"]);
    let marker = &doc.blocks[0].first_prefix;
    assert!(marker.iter().all(|span| span.style.dim), "markers are dim: {marker:?}");
    assert_eq!(texts(&doc.wrap(80)), ["• alpha beta gamma delta", "• two"]);
}

#[test]
fn numbered_items_hang_under_the_number_when_wrapped() {
    let doc = md("1. alpha beta gamma delta\n2. two");
    assert_eq!(
        texts(&doc.wrap(12)),
        ["1. alpha", "   beta", "   gamma", "   delta", "2. two"]
    );
    // Numbering starts where the list does, and a wider number hangs further.
    let doc = md("9. nine\n10. alpha beta gamma");
    assert_eq!(texts(&doc.wrap(12)), ["9. nine", "10. alpha", "    beta", "    gamma"]);
}

#[test]
fn nested_lists_indent_further() {
    let doc = md("- outer\n  - inner words that wrap here\n- back");
    assert_eq!(
        texts(&doc.wrap(14)),
        ["• outer", "  • inner", "    words that", "    wrap here", "• back"]
    );
}

#[test]
fn block_quotes_carry_a_bar_on_every_line() {
    let doc = md("> quoted words that wrap across several lines");
    let wrapped = doc.wrap(16);
    let lines = texts(&wrapped);
    assert!(lines.len() > 2, "{lines:?}");
    for line in &lines {
        assert!(line.starts_with("│ "), "{line:?}");
    }
    assert!(
        spans(&doc).all(|span| span.style.quote),
        "quoted text is styled as a quote"
    );
    assert_eq!(wrapped_words(&wrapped), document_words(&doc));

    let doc = md("> > deep\n\nout");
    let lines = texts(&doc.wrap(40));
    assert_eq!(lines.first().map(String::as_str), Some("│ │ deep"));
    assert_eq!(lines.last().map(String::as_str), Some("out"));
    assert!(!span(&doc, "out").style.quote);
}

#[test]
fn code_blocks_keep_their_lines() {
    let doc = md("```\nlet a = 1;\nlet b = 2;\nlet c = a + b;\n```\n\nafter");
    let lines = texts(&doc.wrap(80));
    let start = lines
        .iter()
        .position(|line| line == "let a = 1;")
        .expect("first code line");
    assert_eq!(lines[start..start + 3], ["let a = 1;", "let b = 2;", "let c = a + b;"]);
    assert_eq!(lines.last().map(String::as_str), Some("after"));
    for span in spans(&doc).filter(|span| span.text.contains("let")) {
        assert!(span.style.code, "{span:?}");
    }
    assert!(!span(&doc, "after").style.code);

    // An indented code block too.
    let doc = md("Before.\n\n    one\n    two\n\nAfter.");
    let lines = texts(&doc.wrap(80));
    let start = lines.iter().position(|line| line == "one").expect("first code line");
    assert_eq!(lines[start + 1], "two");
}

#[test]
fn code_blocks_keep_their_indentation() {
    let doc = md("```\nfn a() {\n    b(1,  2);\n}\n```");
    assert_eq!(texts(&doc.wrap(80)), ["fn a() {", "    b(1,  2);", "}"]);
}

#[test]
fn code_lines_longer_than_the_width_are_cut_not_reflowed() {
    let doc = md("```\n    indented  more than the width\n```");
    let wrapped = doc.wrap(16);
    assert_eq!(texts(&wrapped), ["    indented  mo", "re than the widt", "h"]);
    assert_fits(&wrapped, 16);
}

#[test]
fn quotes_and_lists_nest_in_the_order_they_are_written() {
    // A quote inside a list item: the marker, then the bar.
    let doc = md("1. > quoted in an item that wraps");
    assert_eq!(
        texts(&doc.wrap(16)),
        ["1. │ quoted in", "   │ an item", "   │ that wraps"]
    );
    // A list inside a quote: the bar, then the marker.
    let doc = md("> - item in a quote that wraps\n> - two");
    assert_eq!(
        texts(&doc.wrap(16)),
        ["│ • item in a", "│   quote that", "│   wraps", "│ • two"]
    );
}

// ---------------------------------------------------------------------------------------
// Wrapping

const SAMPLE: &str = "\
# A heading that is long enough to wrap

Backup codes are **one-time** codes you *store* offline. Each `code` works ~~twice~~ once; see \
[[totp]] or [[two-factor-authentication|two-factor login]] and [the NIST guide](https://pages.nist.gov/x).

- A bullet item with several words in it
- Another one, with [[backup-codes]] inside
  - nested item text that goes on
1. First numbered item of a list
2. Second numbered item

> A quoted paragraph with a few words.
> > And a nested quote inside it.

備用碼 是 一次性 代碼 and 🔑 keys 🔐 with 비밀번호 words.
";

#[test]
fn wrapping_never_exceeds_the_width_and_loses_no_words() {
    let doc = md(SAMPLE);
    let words = document_words(&doc);
    assert!(words.len() > 60, "{words:?}");
    for width in [10, 20, 40, 80] {
        let wrapped = doc.wrap(width);
        assert_eq!(wrapped.width, width);
        assert_fits(&wrapped, width);
        let got = wrapped_words(&wrapped);
        // Words longer than a line are cut: compare the characters in order either way.
        assert_eq!(got.concat(), words.concat(), "at width {width}");
        if width >= 40 {
            assert_eq!(got, words, "at width {width}");
        }
    }
}

#[test]
fn wrapping_breaks_at_spaces_and_cuts_only_overlong_words() {
    let doc = md("one two three four five six seven");
    assert_eq!(texts(&doc.wrap(10)), ["one two", "three four", "five six", "seven"]);
    let doc = md("a supercalifragilistic word");
    // An overlong word starts on a line of its own, then is cut where it overflows.
    assert_eq!(texts(&doc.wrap(10)), ["a", "supercalif", "ragilistic", "word"]);
}

#[test]
fn cjk_and_emoji_wrap_by_display_width() {
    let doc = md("備用碼備用碼");
    assert_eq!(texts(&doc.wrap(7)), ["備用碼", "備用碼"]);
    assert_eq!(texts(&doc.wrap(6)), ["備用碼", "備用碼"]);
    assert_eq!(texts(&doc.wrap(5)), ["備用", "碼備", "用碼"]);

    let doc = md("🔑🔑🔑 🔐🔐");
    assert_eq!(texts(&doc.wrap(6)), ["🔑🔑🔑", "🔐🔐"]);
    assert_eq!(texts(&doc.wrap(5)), ["🔑🔑", "🔑", "🔐🔐"]);

    let doc = md("backup 備用碼 codes");
    assert_eq!(texts(&doc.wrap(10)), ["backup", "備用碼", "codes"]);
    assert_eq!(texts(&doc.wrap(13)), ["backup 備用碼", "codes"]);

    let doc = md("バックアップコードは一度だけ使えます。🔑 비밀번호 관리자 🔐 パスキー");
    for width in 2..=40 {
        let wrapped = doc.wrap(width);
        assert_fits(&wrapped, width);
        assert_eq!(
            wrapped_words(&wrapped).concat(),
            document_words(&doc).concat(),
            "{width}"
        );
    }
}

#[test]
fn emoji_with_variation_selectors_are_cut_by_display_width() {
    let doc = md(&"⚠\u{fe0f}".repeat(8));
    assert_fits(&doc.wrap(10), 10);
}

#[test]
fn wide_characters_never_overflow_a_narrow_prefixed_line() {
    let doc = md("1. > > > 備用碼備用碼備用碼");
    let wrapped = doc.wrap(10);
    assert_fits(&wrapped, 10);
    // The prefix leaves no room for a two-column character, so it gives way to the text.
    assert_eq!(wrapped_words(&wrapped).concat(), "備用碼備用碼備用碼");
}

#[test]
fn emoji_sequences_are_never_split() {
    let doc = md("👍🏽👍🏽👍🏽 🇺🇸🇬🇧🇫🇷 ⚠\u{fe0f}⚠\u{fe0f}⚠\u{fe0f}");
    let wrapped = doc.wrap(5);
    assert_eq!(
        texts(&wrapped),
        ["👍🏽👍🏽", "👍🏽", "🇺🇸🇬🇧", "🇫🇷", "⚠\u{fe0f}⚠\u{fe0f}", "⚠\u{fe0f}"]
    );
    assert_fits(&wrapped, 5);
}

#[test]
fn words_and_characters_split_across_styles_are_measured_whole() {
    // `bold` and `text` are one word in two spans: it moves to the next line whole.
    let doc = md("one two **bold**text");
    assert_eq!(texts(&doc.wrap(12)), ["one two", "boldtext"]);
    assert_eq!(span(&doc, "bold").style, Style::bold());
    // pulldown-cmark keeps a `*` it does not pair apart from the VS16 after it, in another
    // text event; together they are one 2-column emoji presentation.
    for (markdown, width) in [
        ("a*\u{fe0f}", 2),
        ("- *\u{fe0f}", 3),
        ("Press *\u{fe0f}\u{20e3} now", 7),
    ] {
        assert_fits(&md(markdown).wrap(width), width);
    }
}

#[test]
fn a_character_wider_than_the_whole_line_is_left_out() {
    let doc = md("a 備 b");
    let wrapped = doc.wrap(1);
    assert_fits(&wrapped, 1);
    assert_eq!(wrapped_words(&wrapped), ["a", "b"]);
}

// ---------------------------------------------------------------------------------------
// Links

#[test]
fn wiki_links_become_entry_links_showing_the_title_or_label() {
    let doc = md(
        "See [[totp]], [[totp|the code app]], [[TWO-FACTOR-AUTHENTICATION]], [[Backup Codes|codes]], \
         [[nowhere]] and [[nowhere|a label]].",
    );
    assert_eq!(
        doc.links.iter().map(|link| link.target.clone()).collect::<Vec<_>>(),
        [
            LinkTarget::Entry("totp".into()),
            LinkTarget::Entry("totp".into()),
            LinkTarget::Entry("two-factor-authentication".into()),
            LinkTarget::Entry("backup-codes".into()),
            LinkTarget::Broken("nowhere".into()),
            LinkTarget::Broken("nowhere".into()),
        ]
    );
    assert_eq!(
        link_texts(&doc),
        [
            "TOTP",
            "the code app",
            "Two-Factor Authentication",
            "codes",
            "nowhere",
            "a label"
        ]
    );
    assert_eq!(doc.links[0].entry_id(), Some("totp"));
    assert_eq!(doc.links[4].entry_id(), None);
    // The raw target syntax never shows.
    let text = block_texts(&doc).concat();
    assert!(!text.contains("[[") && !text.contains('|'), "{text}");
    assert_eq!(
        text,
        "See TOTP, the code app, Two-Factor Authentication, codes, nowhere and a label."
    );
    // Text around links is not part of them.
    assert_eq!(span(&doc, "See ").link, None);
}

#[test]
fn link_lines_point_at_the_line_where_each_link_appears() {
    let doc = md("one two three four [[totp]]\n\nnext [[nope|a label]] and [[Totp]]");
    let wrapped = doc.wrap(14);
    assert_eq!(
        texts(&wrapped),
        ["one two three", "four TOTP", "", "next a label", "and TOTP"]
    );
    assert_eq!(wrapped.link_lines, [Some(1), Some(3), Some(4)]);

    // At any width, each link's line is the first one holding one of its spans.
    let doc = md(SAMPLE);
    assert_eq!(doc.links.len(), 3);
    for width in [10, 20, 40, 80] {
        let wrapped = doc.wrap(width);
        for (link, line) in wrapped.link_lines.iter().enumerate() {
            let first = wrapped
                .lines
                .iter()
                .position(|spans| spans.iter().any(|span| span.link == Some(link)));
            assert_eq!(*line, first, "link {link} at width {width}");
            assert!(line.is_some(), "link {link} is laid out at width {width}");
        }
    }
}

#[test]
fn external_links_show_their_url_as_text() {
    let doc = md("read [the guide](http://x) now");
    assert!(doc.links.is_empty(), "external links are not followable links");
    assert_eq!(block_texts(&doc), ["read the guide <http://x> now"]);
    assert!(spans(&doc).all(|span| span.link.is_none()));
    let url = spans(&doc)
        .find(|span| span.text.contains("http://x"))
        .expect("url span");
    assert!(url.style.dim, "{url:?}");
}

#[test]
fn inline_html_is_shown_as_literal_text() {
    let doc = md("before <script>x</script> after <a href=\"http://evil\">click</a>");
    assert_eq!(
        block_texts(&doc),
        ["before <script>x</script> after <a href=\"http://evil\">click</a>"]
    );
    assert!(doc.links.is_empty());

    let doc = md("<div onclick=\"steal()\">\nblock html\n</div>\n\nafter");
    let lines = texts(&doc.wrap(80));
    for expected in ["<div onclick=\"steal()\">", "block html", "</div>", "after"] {
        assert!(lines.iter().any(|line| line == expected), "{expected:?} in {lines:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Hostile nesting

/// The column where the first non-prefix character of `needle`'s line starts.
fn indent_of(wrapped: &Wrapped, needle: &str) -> usize {
    let line = texts(wrapped)
        .into_iter()
        .find(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not laid out"));
    let at = line.find(needle).expect("found");
    line[..at].width()
}

#[test]
fn a_hundred_levels_of_nesting_neither_panic_nor_indent_without_bound() {
    let cases = [
        ("bullets on one line", format!("{}deep", "- ".repeat(100))),
        ("numbers on one line", format!("{}deep", "1. ".repeat(100))),
        ("quotes", format!("{}deep", "> ".repeat(100))),
        ("quotes and lists", format!("{}deep", "> - ".repeat(50))),
        (
            "indented lists",
            (0..100)
                .map(|level| format!("{}- level{level}\n", "  ".repeat(level)))
                .chain(["  ".repeat(100) + "deep\n"])
                .collect(),
        ),
        (
            "quote lines",
            (1..=100)
                .map(|level| format!("{} q{level}\n", ">".repeat(level)))
                .collect::<String>()
                + "deep",
        ),
    ];
    for (name, markdown) in &cases {
        let doc = md(markdown);
        for width in [10, 20, 40, 80] {
            let wrapped = doc.wrap(width);
            assert_fits(&wrapped, width);
            let words = wrapped_words(&wrapped);
            assert!(words.concat().contains("deep"), "{name} at {width}: {words:?}");
        }
        // Six quote bars and six list levels at most: text keeps most of an 80-column line.
        let indent = indent_of(&doc.wrap(80), "deep");
        assert!(indent <= 24, "{name}: `deep` starts at column {indent}");
    }
}
