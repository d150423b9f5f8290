//! The one defuser: text from outside warroom (AWS answers, SSM output, log lines, runbook
//! files, recordings, AWS error messages) passes through here before a terminal or a text
//! export sees it. Characters that could move the cursor, recolour, retitle, write the
//! clipboard, reorder text or hide part of a line become visible escapes (`\x1b`,
//! `\u{202e}`), so a reader sees that something was there and nothing acts on it.

use std::borrow::Cow;

mod writer;

pub use writer::Writer;

/// Columns a tab becomes.
const TAB: &str = "    ";

/// Defuses text meant to be shown over several lines: `\n` stays a line break, a tab
/// becomes spaces, every other control or bidi character becomes a visible escape.
pub fn text(s: &str) -> Cow<'_, str> {
    defuse(s, true)
}

/// Defuses text meant to stay on one line: as [`text`], and a line break shows as `\n`.
pub fn line(s: &str) -> Cow<'_, str> {
    defuse(s, false)
}

fn defuse(s: &str, keep_newline: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| c == '\t' || hostile(c, keep_newline)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\t' {
            out.push_str(TAB);
        } else if hostile(c, keep_newline) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// True for a character that must not reach a terminal as it is: C0 controls (a newline
/// aside when it is kept), DEL, C1 controls, the bidi embeddings, overrides, isolates and
/// marks, and the Unicode line and paragraph separators.
fn hostile(c: char, keep_newline: bool) -> bool {
    match c {
        '\n' => !keep_newline,
        '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        '\u{200e}' | '\u{200f}' | '\u{061c}' => true,
        '\u{2028}' | '\u{2029}' => true,
        _ => false,
    }
}

fn push_escape(out: &mut String, c: char) {
    use std::fmt::Write;
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// A CSV cell: defused to one line, and guarded against spreadsheet formulas (OWASP's CSV
/// injection rule): a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
/// gets a leading `'`.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    guard_formula(s, line(s))
}

/// A CSV field that may hold several lines (a query, a multi-line log message): defused as
/// [`text`], so a line break stays one inside the quoted field, and guarded against
/// formulas as [`csv_cell`] is.
pub fn csv_field(s: &str) -> Cow<'_, str> {
    guard_formula(s, text(s))
}

fn guard_formula<'a>(raw: &str, defused: Cow<'a, str>) -> Cow<'a, str> {
    match raw.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{defused}")),
        _ => defused,
    }
}

/// JSON as serde_json writes it, with the characters it leaves raw but a terminal acts on
/// (DEL, C1, the bidi controls, U+2028, U+2029) written as `\uXXXX`: the same JSON value,
/// and nothing on the screen that reorders or controls it. Line breaks between values stay.
pub fn json(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c == '\t' || hostile(c, true)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c == '\t' || hostile(c, true) {
            use std::fmt::Write;
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A terminal cell's symbol with every character [`text`] would escape left out, for the
/// console, where a cell has no room for an escape: ratatui already drops C0 and C1
/// controls, and this takes out the bidi controls and line separators it lets through.
pub fn strip(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c == '\t' || hostile(c, false)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter(|&c| c != '\t' && !hostile(c, false))
            .collect(),
    )
}

/// A Markdown table cell: defused, `<`, `>` and `&` as entities so no HTML reaches the
/// reader, `|` escaped, line breaks (`\n`, `\r\n`, a lone `\r`, U+2028, U+2029) as `<br>`.
pub fn markdown_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.push_str("<br>"),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => {
                let mut buf = [0u8; 4];
                out.push_str(&line(c.encode_utf8(&mut buf)));
            }
        }
    }
    out
}

/// Markdown prose (a heading, a paragraph): defused to one line, `<`, `>` and `&` as
/// entities.
pub fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in line(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn leaves_nothing_hostile(out: &str, newline_allowed: bool) -> bool {
        out.chars().all(|c| {
            let code = c as u32;
            let c0 = code < 0x20 && !(newline_allowed && c == '\n');
            let c1 = (0x7f..=0x9f).contains(&code);
            let bidi = (0x202a..=0x202e).contains(&code) || (0x2066..=0x2069).contains(&code);
            !(c0 || c1 || bidi)
        })
    }

    #[test]
    fn escapes_show_what_was_there() {
        assert_eq!(text("a\u{1b}]52;c;aGk=\u{7}b"), "a\\x1b]52;c;aGk=\\x07b");
        assert_eq!(
            text("rm -rf /data # \recho checking"),
            "rm -rf /data # \\recho checking"
        );
        assert_eq!(text("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(text("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(text("del\u{7f}"), "del\\x7f");
        assert_eq!(text("one\ntwo\tthree"), "one\ntwo    three");
        assert_eq!(line("one\ntwo"), "one\\ntwo");
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(matches!(text("checkout-api 5xx ✓ ok"), Cow::Borrowed(_)));
    }

    #[test]
    fn csv_cells_that_would_be_formulas_are_quoted() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'    x");
        assert_eq!(csv_cell("\rx"), "'\\rx");
        assert_eq!(csv_cell("alice"), "alice");
    }

    #[test]
    fn csv_fields_keep_their_lines_and_the_guard() {
        assert_eq!(
            csv_field("fields @message\n| limit 5"),
            "fields @message\n| limit 5"
        );
        assert_eq!(csv_field("=1+1\n\x1b[2J"), "'=1+1\n\\x1b[2J");
        assert_eq!(csv_field("-\r"), "'-\\r");
    }

    #[test]
    fn json_escapes_what_serde_leaves_raw() {
        let written = serde_json::to_string("a\u{202e}b\u{9b}c\u{2028}\u{7f}").unwrap();
        assert_eq!(json(&written), "\"a\\u202eb\\u009bc\\u2028\\u007f\"");
        assert!(matches!(json("{\n  \"a\": 1\n}"), Cow::Borrowed(_)));
    }

    #[test]
    fn strip_leaves_only_what_a_cell_can_show() {
        assert_eq!(strip("a\u{202e}"), "a");
        assert_eq!(strip("\u{2028}"), "");
        assert!(matches!(strip("é"), Cow::Borrowed(_)));
    }

    #[test]
    fn markdown_cells_keep_one_row() {
        assert_eq!(
            markdown_cell("a|b\rc\r\nd\u{2028}e<script>&"),
            "a\\|b<br>c<br>d<br>e&lt;script&gt;&amp;"
        );
        assert_eq!(markdown_cell("x\u{1b}[2J"), "x\\x1b[2J");
        assert_eq!(markdown_text("<b>\n"), "&lt;b&gt;\\n");
    }

    fn outside_text() -> impl Strategy<Value = String> {
        let risky = prop_oneof![
            (0u32..0xa0).prop_map(|n| char::from_u32(n).unwrap_or('?')),
            (0x2028u32..0x206a).prop_map(|n| char::from_u32(n).unwrap_or('?')),
            any::<char>(),
        ];
        prop::collection::vec(risky, 0..64).prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        #[test]
        fn nothing_hostile_survives_the_defuser(s in outside_text()) {
            prop_assert!(leaves_nothing_hostile(&text(&s), true));
            prop_assert!(leaves_nothing_hostile(&line(&s), false));
            prop_assert!(leaves_nothing_hostile(&csv_cell(&s), false));
            prop_assert!(leaves_nothing_hostile(&csv_field(&s), true));
            prop_assert!(leaves_nothing_hostile(&strip(&s), false));
            prop_assert!(leaves_nothing_hostile(&markdown_cell(&s), false));
            prop_assert!(leaves_nothing_hostile(&markdown_text(&s), false));
        }

        #[test]
        fn json_keeps_its_value_and_shows_nothing_hostile(s in outside_text()) {
            for written in [serde_json::to_string(&s), serde_json::to_string_pretty(&vec![&s])] {
                let written = written.unwrap();
                let out = json(&written);
                prop_assert!(leaves_nothing_hostile(&out, true));
                let back: serde_json::Value = serde_json::from_str(&out).unwrap();
                let again: serde_json::Value = serde_json::from_str(&written).unwrap();
                prop_assert_eq!(back, again);
            }
        }

        #[test]
        fn hostile_characters_are_escaped_not_dropped(
            before in "[a-z]{0,5}",
            c in prop::sample::select(vec!['\u{1b}', '\r', '\u{0}', '\u{7f}', '\u{85}', '\u{9b}', '\u{202e}', '\u{2066}']),
            after in "[a-z]{0,5}",
        ) {
            let s = format!("{before}{c}{after}");
            let out = text(&s);
            prop_assert!(out.starts_with(&before));
            prop_assert!(out.ends_with(&after));
            prop_assert!(out.len() > s.len());
        }
    }
}
