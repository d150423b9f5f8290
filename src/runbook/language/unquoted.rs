//! Whether a parameter's pattern keeps shell syntax out of a value that `raw=true` inserts
//! unquoted.
//!
//! Decided on the pattern's HIR (regex-syntax), not by trying values: every character of a
//! match is consumed by a literal or a character class, and anchors and other look-arounds
//! consume none. So when no literal or class of the pattern can match a metacharacter, no
//! value that matches the pattern can hold one. warroom always matches a value against the
//! whole pattern (`^(?:pattern)$`), so the pattern needs no anchors of its own.

use regex_syntax::hir::{Class, Hir, HirKind};

/// What a raw value must never hold: what ends a command or starts another (`;` `|` `&`,
/// a line break), substitutes (`$` and the backtick), groups or redirects (`(` `)` `<` `>`),
/// splits a word (space, tab), opens a quote or escapes (`'` `"` `\`), globs (`*` `?` `[`),
/// expands braces or the home directory (`{` `}` `~`), or starts a comment (`#`).
pub const METACHARACTERS: &[char] = &[
    ';', '|', '&', '$', '`', '(', ')', '<', '>', '\n', '\r', ' ', '\t', '\'', '"', '\\', '*', '?',
    '[', '{', '}', '~', '#',
];

/// The first metacharacter a value matching `pattern` could hold, or `None` if none can.
/// An error when the pattern is not a regular expression.
pub fn lets_in(pattern: &str) -> Result<Option<char>, Box<regex_syntax::Error>> {
    let hir = regex_syntax::Parser::new()
        .parse(pattern)
        .map_err(Box::new)?;
    Ok(first_metacharacter(&hir))
}

fn first_metacharacter(hir: &Hir) -> Option<char> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(literal) => METACHARACTERS
            .iter()
            .copied()
            .find(|m| literal.0.contains(&(*m as u8))),
        HirKind::Class(Class::Unicode(class)) => METACHARACTERS.iter().copied().find(|m| {
            class
                .ranges()
                .iter()
                .any(|r| r.start() <= *m && *m <= r.end())
        }),
        HirKind::Class(Class::Bytes(class)) => METACHARACTERS.iter().copied().find(|m| {
            class
                .ranges()
                .iter()
                .any(|r| r.start() <= *m as u8 && *m as u8 <= r.end())
        }),
        HirKind::Repetition(repetition) if repetition.max == Some(0) => None,
        HirKind::Repetition(repetition) => first_metacharacter(&repetition.sub),
        HirKind::Capture(capture) => first_metacharacter(&capture.sub),
        HirKind::Concat(all) | HirKind::Alternation(all) => {
            all.iter().find_map(first_metacharacter)
        }
    }
}

/// The character as a message names it.
pub fn name(c: char) -> String {
    match c {
        '\n' => "a line break".into(),
        '\r' => "a carriage return".into(),
        ' ' => "a space".into(),
        '\t' => "a tab".into(),
        c => format!("`{c}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_of_safe_characters_let_nothing_in() {
        for pattern in [
            "^[a-z0-9-]+$",
            "[a-z][a-z0-9-]*",
            "[a-zA-Z0-9][a-zA-Z0-9@._-]{0,80}",
            "(?i)checkout|payments",
            r"i-[0-9a-f]{8,17}",
            r"\d+",
            "[a-z]+(;){0}",
        ] {
            assert_eq!(lets_in(pattern).unwrap(), None, "{pattern}");
        }
    }

    #[test]
    fn patterns_that_can_match_shell_syntax_name_what_they_let_in() {
        for (pattern, c) in [
            (".*", ';'),
            (".+", ';'),
            (r"\S+", ';'),
            (r"[^a-z]", ';'),
            (r"[a-z\s]+", '\n'),
            (r"[a-z ]+", ' '),
            ("a|b;c", ';'),
            (r"\$HOME", '$'),
            ("(?s).", ';'),
            (r"[\x00-\x7f]", ';'),
            ("(?-u:[\\x20-\\x3b])", ';'),
            ("[a-z`]+", '`'),
            (r"[\w.]+\\?", '\\'),
        ] {
            assert_eq!(lets_in(pattern).unwrap(), Some(c), "{pattern}");
        }
        assert!(lets_in("[a-z").is_err());
    }
}
