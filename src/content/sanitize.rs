//! Makes untrusted text inert before it can reach a terminal.
//!
//! Content files may come from strangers, so every string field is cleaned once, at load
//! time, by [`sanitize`]. It removes:
//! - C0 controls except newline (a tab becomes a space, CR is dropped so CRLF files read the
//!   same as LF ones), DEL, and C1 controls;
//! - whole escape sequences, not just their ESC byte: CSI (`ESC [` or U+009B), OSC (`ESC ]`
//!   or U+009D, up to BEL or ST), DCS/SOS/PM/APC strings, and two- or three-byte escapes, so
//!   no `[0;36m` junk is left behind;
//! - the bidi controls U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069, which can make
//!   text display in an order other than the one it is stored in;
//! - numeric character references that name any of those characters (`&#27;`, `&#x9b;`):
//!   Markdown decodes them, so `&#27;]0;pwned&#7;` is the same title change as the raw bytes,
//!   and is removed the same way, whole.
//!
//! Names that must stay recognisable, such as file paths, go through [`escape_controls`]
//! instead: it shows each of those characters as a visible `\u{..}` escape rather than
//! dropping it, so the name still shows that they are there.

/// Returns `text` with every control sequence, control character and bidi control removed,
/// whether written as the characters or as character references.
pub fn sanitize(text: &str) -> String {
    let mut clean = text.to_owned();
    // Removing a sequence can join the text around it into a new reference (`&#&#27;27;`
    // leaves `&#7;`), so passes repeat until one finds nothing; each pass that finds
    // something removes at least one character, so they end.
    while !is_clean(&clean) {
        clean = one_pass(&clean);
    }
    clean
}

/// One pass of [`sanitize`] over text that is not clean.
fn one_pass(text: &str) -> String {
    let decoded = decode_removed_references(text);
    let mut clean = String::with_capacity(decoded.len());
    let mut chars = decoded.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => clean.push('\n'),
            '\t' => clean.push(' '),
            '\u{1b}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                Some(&next) if is_escape_intermediate(next) => {
                    // `ESC ( B` and friends: intermediates, then one final byte.
                    while chars.next_if(|&c| is_escape_intermediate(c)).is_some() {}
                    chars.next_if(|&c| is_escape_final(c));
                }
                // A two-byte escape such as `ESC c` (reset): drop both. Anything else after
                // ESC is not part of an escape (a terminal would print it), so it stays: a
                // stray ESC before `¡` must not take the `¡` with it.
                Some(&next) if is_escape_final(next) => {
                    chars.next();
                }
                Some(_) | None => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_removed_char(c) => {}
            c => clean.push(c),
        }
    }
    clean
}

/// Returns `text` with every control character (newline and tab included) and bidi control
/// written as a `\u{..}` escape. The result is inert on a terminal and fits on one line,
/// yet still shows where such characters are.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return text.to_owned();
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() || is_bidi_control(c) {
            escaped.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            escaped.push(c);
        }
    }
    escaped
}

/// True when [`sanitize`] would leave `text` as it is: for text that should have been
/// sanitized already but comes back from somewhere else (the parsed cache).
pub fn is_clean(text: &str) -> bool {
    // Printable ASCII and newlines, nearly all text, are checked byte by byte.
    let plain = text.bytes().all(|b| (b' '..0x7f).contains(&b) || b == b'\n');
    (plain || !text.chars().any(needs_cleaning)) && !has_removed_reference(text)
}

/// The character a numeric character reference at the start of `text` names (`&#27;`,
/// `&#x1B;`), and the reference's length, as CommonMark reads one: up to 7 decimal or 6 hex
/// digits and a closing `;`.
fn reference_at(text: &str) -> Option<(char, usize)> {
    let rest = text.strip_prefix("&#")?;
    let (radix, digits_from) = match rest.as_bytes().first()? {
        b'x' | b'X' => (16, 1),
        _ => (10, 0),
    };
    let digits = &rest[digits_from..];
    let count = digits
        .bytes()
        .take_while(|b| b.is_ascii_digit() || (radix == 16 && b.is_ascii_hexdigit()))
        .count();
    let most = if radix == 16 { 6 } else { 7 };
    if count == 0 || count > most || digits.as_bytes().get(count) != Some(&b';') {
        return None;
    }
    let named = char::from_u32(u32::from_str_radix(&digits[..count], radix).ok()?)?;
    Some((named, "&#".len() + digits_from + count + 1))
}

/// Whether `text` holds a character reference to a character [`sanitize`] removes.
fn has_removed_reference(text: &str) -> bool {
    text.match_indices("&#")
        .any(|(at, _)| reference_at(&text[at..]).is_some_and(|(named, _)| is_removed_char(named)))
}

/// `text` with each character reference to a character [`sanitize`] removes replaced by that
/// character, so that the sequence it starts is removed whole.
fn decode_removed_references(text: &str) -> std::borrow::Cow<'_, str> {
    if !has_removed_reference(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        decoded.push_str(&rest[..at]);
        match reference_at(&rest[at..]) {
            Some((named, length)) if is_removed_char(named) => {
                decoded.push(named);
                rest = &rest[at + length..];
            }
            _ => {
                decoded.push_str("&#");
                rest = &rest[at + "&#".len()..];
            }
        }
    }
    decoded.push_str(rest);
    std::borrow::Cow::Owned(decoded)
}

/// True for a character [`sanitize`] would remove or change.
pub fn needs_cleaning(c: char) -> bool {
    c == '\t' || is_removed_char(c)
}

/// Controls (except newline and tab) and bidi controls.
fn is_removed_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// The bidi formatting characters that can reorder what a terminal shows.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn is_escape_intermediate(c: char) -> bool {
    ('\u{20}'..='\u{2f}').contains(&c)
}

/// The byte that ends a non-CSI escape (`ESC c`, `ESC ( B`, `ESC 7`).
fn is_escape_final(c: char) -> bool {
    ('\u{30}'..='\u{7e}').contains(&c)
}

/// Skips a CSI sequence's parameter and intermediate bytes and its final byte.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.next_if(|&c| ('\u{20}'..='\u{3f}').contains(&c)).is_some() {}
    chars.next_if(|&c| ('\u{40}'..='\u{7e}').contains(&c));
}

/// Skips an OSC, DCS, SOS, PM or APC string up to its terminator: BEL, ST (`ESC \` or
/// U+009C). An unterminated string ends at the end of its line, so a stray OSC cannot
/// swallow the rest of a file.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                chars.next_if_eq(&'\\');
                return;
            }
            '\n' => return,
            _ => {
                chars.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Markdown decodes character references: those that name a removed character are
    /// removed with the sequence they start, and every other one stays as written.
    #[test]
    fn character_references_to_controls_are_removed_like_the_characters() {
        assert_eq!(sanitize("x&#27;]0;pwned&#7;y"), "xy");
        // A reference that removing another one puts together is removed too.
        assert_eq!(sanitize("&#&#27;27;"), "");
        assert_eq!(sanitize("&#1&#27;x;a"), "a");
        assert_eq!(sanitize("a&#x1B;[2Jb&#155;31mc&#x202e;d&#0;e"), "abcde");
        assert!(!is_clean("title &#x9b;1m"));
        // Text and references that name nothing removed are left alone.
        for kept in ["R&amp;D &#169; &#x41; &#10; &#; &#x; &#27 &#99999999;", "&#"] {
            assert!(is_clean(kept), "{kept}");
            assert_eq!(sanitize(kept), kept);
        }
    }

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(
            sanitize("Backup codes — 備用碼 🔑\nline two"),
            "Backup codes — 備用碼 🔑\nline two"
        );
    }

    #[test]
    fn removes_whole_csi_sequences() {
        assert_eq!(sanitize("a\u{1b}[0;36mb\u{1b}[2Jc"), "abc");
        assert_eq!(sanitize("a\u{9b}31mb"), "ab");
    }

    #[test]
    fn removes_osc_title_clipboard_and_hyperlinks() {
        assert_eq!(sanitize("x\u{1b}]0;pwned\u{7}y"), "xy");
        assert_eq!(sanitize("x\u{1b}]52;c;aGVsbG8=\u{1b}\\y"), "xy");
        assert_eq!(sanitize("\u{1b}]8;;http://evil\u{7}link\u{1b}]8;;\u{7}"), "link");
        assert_eq!(sanitize("x\u{9d}0;title\u{9c}y"), "xy");
    }

    #[test]
    fn unterminated_osc_stops_at_end_of_line() {
        assert_eq!(sanitize("a\u{1b}]0;never ends\nnext line"), "a\nnext line");
    }

    #[test]
    fn removes_dcs_and_short_escapes() {
        assert_eq!(sanitize("a\u{1b}Pq#0;2;0;0;0\u{1b}\\b"), "ab");
        assert_eq!(sanitize("a\u{1b}cb\u{1b}(Bc"), "abc");
    }

    #[test]
    fn removes_controls_and_bidi_and_expands_tabs() {
        assert_eq!(sanitize("a\u{7}b\u{0}c\u{7f}d\u{85}e\r\n"), "abcde\n");
        assert_eq!(sanitize("evil\u{202e}txt.exe\u{2066}\u{200f}"), "eviltxt.exe");
        assert_eq!(sanitize("a\tb"), "a b");
    }

    #[test]
    fn escape_controls_shows_what_sanitize_would_drop() {
        assert_eq!(escape_controls("terms/a.yaml"), "terms/a.yaml");
        assert_eq!(
            escape_controls("x\u{1b}]0;t\u{7}\u{202e}\n\t備.yaml"),
            "x\\u{1b}]0;t\\u{7}\\u{202e}\\u{a}\\u{9}備.yaml"
        );
    }

    #[test]
    fn a_stray_escape_keeps_the_text_after_it() {
        // Only a final byte (0x30-0x7e) completes a two-byte escape; a terminal prints
        // anything else, so dropping it would lose text.
        assert_eq!(sanitize("\u{1b}¡hola"), "¡hola");
        assert_eq!(sanitize("a\u{1b}\nb"), "a\nb");
        assert_eq!(sanitize("a\u{1b}\u{1b}[31mb"), "ab");
        assert_eq!(sanitize("a\u{1b}7b"), "ab");
    }

    #[test]
    fn trailing_escape_is_dropped() {
        assert_eq!(sanitize("abc\u{1b}"), "abc");
        assert_eq!(sanitize("abc\u{1b}["), "abc");
    }
}
