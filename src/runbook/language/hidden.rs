//! Characters that hide or disguise text: refused in a runbook's blocks and in parameter
//! values, each named so the engineer can find it (`\r carriage return`,
//! `U+202E RIGHT-TO-LEFT OVERRIDE`). They are the characters the defuser shows as escapes,
//! a line break and a tab aside.

use std::ops::Range;

use super::error::Problems;

/// True for a C0 control other than tab and line feed, DEL, a C1 control, a bidi control
/// (embeddings, overrides, isolates, marks), or the Unicode line and paragraph separators.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2028}' | '\u{2029}')
}

/// The first hidden character of `text`, with its place counted in characters from 1.
pub fn first_in(text: &str) -> Option<(usize, char)> {
    text.chars()
        .enumerate()
        .find(|(_, c)| is_hidden(*c))
        .map(|(i, c)| (i + 1, c))
}

const C0: [&str; 32] = [
    "null",
    "start of heading",
    "start of text",
    "end of text",
    "end of transmission",
    "enquiry",
    "acknowledge",
    "bell",
    "backspace",
    "tab",
    "line feed",
    "vertical tab",
    "form feed",
    "carriage return",
    "shift out",
    "shift in",
    "data link escape",
    "device control one",
    "device control two",
    "device control three",
    "device control four",
    "negative acknowledge",
    "synchronous idle",
    "end of transmission block",
    "cancel",
    "end of medium",
    "substitute",
    "escape",
    "file separator",
    "group separator",
    "record separator",
    "unit separator",
];

const C1: [&str; 32] = [
    "PADDING CHARACTER",
    "HIGH OCTET PRESET",
    "BREAK PERMITTED HERE",
    "NO BREAK HERE",
    "INDEX",
    "NEXT LINE",
    "START OF SELECTED AREA",
    "END OF SELECTED AREA",
    "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET",
    "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED",
    "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING",
    "PRIVATE USE ONE",
    "PRIVATE USE TWO",
    "SET TRANSMIT STATE",
    "CANCEL CHARACTER",
    "MESSAGE WAITING",
    "START OF GUARDED AREA",
    "END OF GUARDED AREA",
    "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER",
    "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR",
    "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
];

/// The character as the defuser shows it and its name: `\r carriage return`,
/// `\x1b escape`, `U+202E RIGHT-TO-LEFT OVERRIDE`.
pub fn describe(c: char) -> String {
    let code = c as u32;
    match c {
        '\r' => "\\r carriage return".to_string(),
        '\u{0}'..='\u{1f}' => format!("\\x{code:02x} {}", C0[code as usize]),
        '\u{7f}' => "\\x7f delete".to_string(),
        '\u{80}'..='\u{9f}' => format!("U+{code:04X} {}", C1[(code - 0x80) as usize]),
        _ => format!("U+{code:04X} {}", unicode_name(c)),
    }
}

fn unicode_name(c: char) -> &'static str {
    match c {
        '\u{202a}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => "POP DIRECTIONAL FORMATTING",
        '\u{202d}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202e}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{200e}' => "LEFT-TO-RIGHT MARK",
        '\u{200f}' => "RIGHT-TO-LEFT MARK",
        '\u{061c}' => "ARABIC LETTER MARK",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        _ => "CHARACTER",
    }
}

/// What the character does to what a reader sees.
pub fn effect(c: char) -> &'static str {
    match c {
        '\r' => {
            "it sends the cursor back to the start of the line, so what follows is printed over what came before"
        }
        '\u{8}' => "it moves the cursor back over what came before",
        '\u{1b}' | '\u{90}' | '\u{98}' | '\u{9b}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
            "it starts a terminal control sequence, which can hide or rewrite what is shown"
        }
        '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}' => "it makes a terminal or editor show the text in another order than it runs",
        '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
            "it breaks the line where an editor or terminal may not show a break"
        }
        _ => "a terminal or editor does not show it",
    }
}

/// Reports each hidden character in the `regions` of the file (byte ranges), at its line
/// and column, naming it and quoting its line through the defuser. Windows line endings
/// (`\r\n`) are reported once for the file.
pub fn report(regions: &[Range<usize>], what: &str, problems: &mut Problems) {
    let source = problems.source;
    let mut crlf_reported = false;
    for region in regions {
        let Some(text) = source.get(region.clone()) else {
            continue;
        };
        for (i, c) in text.char_indices().filter(|(_, c)| is_hidden(*c)) {
            let offset = region.start + i;
            let crlf = c == '\r' && source[offset + 1..].starts_with('\n');
            if crlf && crlf_reported {
                continue;
            }
            let message = if crlf {
                crlf_reported = true;
                format!(
                    "{what} holds {} before its line break: the file has Windows line endings (this is the first). Save it with Unix (LF) line endings: a carriage return in a command hides what comes before it",
                    describe(c)
                )
            } else {
                format!(
                    "{what} holds {}: {}. Remove it. The line reads: {}",
                    describe(c),
                    effect(c),
                    crate::defuse::line(line_around(source, offset))
                )
            };
            problems.add(offset, message);
        }
    }
}

/// The line of `source` holding the byte at `offset`, without its line break.
pub fn line_around(source: &str, offset: usize) -> &str {
    let start = source[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let end = source[offset..]
        .find('\n')
        .map(|i| offset + i)
        .unwrap_or(source.len());
    &source[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_named_as_a_reader_can_find_them() {
        assert_eq!(describe('\r'), "\\r carriage return");
        assert_eq!(describe('\u{1b}'), "\\x1b escape");
        assert_eq!(describe('\0'), "\\x00 null");
        assert_eq!(describe('\u{7f}'), "\\x7f delete");
        assert_eq!(describe('\u{9b}'), "U+009B CONTROL SEQUENCE INTRODUCER");
        assert_eq!(describe('\u{202e}'), "U+202E RIGHT-TO-LEFT OVERRIDE");
        assert_eq!(describe('\u{2066}'), "U+2066 LEFT-TO-RIGHT ISOLATE");
    }

    #[test]
    fn a_tab_a_line_break_and_ordinary_text_are_not_hidden() {
        for c in ['\t', '\n', ' ', 'a', 'é', '🙂', '\u{a0}', '\u{200b}'] {
            assert!(!is_hidden(c), "{c:?}");
        }
        for c in [
            '\0', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{202a}', '\u{202e}', '\u{2066}',
            '\u{2069}',
        ] {
            assert!(is_hidden(c), "{c:?}");
        }
        assert_eq!(first_in("ab\u{202e}c"), Some((3, '\u{202e}')));
        assert_eq!(first_in("plain\ttext"), None);
    }
}
