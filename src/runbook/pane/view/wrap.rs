//! Text in rows of a given width, every character kept: broken after a space for prose,
//! at any character for a command, so it shows column for column as it is sent.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `content` in rows of `width` columns, broken after a space where one is near enough:
/// `gutter` before the first row, `more` (as wide) before the others.
pub(super) fn wrap(
    gutter: Span<'static>,
    more: Span<'static>,
    content: Vec<Span<'static>>,
    width: usize,
) -> Vec<Line<'static>> {
    rows(gutter, more, content, width, true)
}

/// As [`wrap`], broken at any character: a command shows column for column as it is sent.
pub(super) fn wrap_exact(
    gutter: Span<'static>,
    more: Span<'static>,
    content: Vec<Span<'static>>,
    width: usize,
) -> Vec<Line<'static>> {
    rows(gutter, more, content, width, false)
}

fn rows(
    gutter: Span<'static>,
    more: Span<'static>,
    content: Vec<Span<'static>>,
    width: usize,
    at_words: bool,
) -> Vec<Line<'static>> {
    let room = width.saturating_sub(gutter.content.width()).max(1);
    let chars: Vec<(char, Style)> = content
        .iter()
        .flat_map(|span| span.content.chars().map(move |c| (c, span.style)))
        .collect();
    // Where each row starts: greedy, moving a break back after the row's last space.
    let mut starts = vec![0];
    let (mut start, mut used) = (0, 0);
    let mut i = 0;
    while i < chars.len() {
        let w = chars[i].0.width().unwrap_or(0);
        if used + w > room && used > 0 {
            let space = chars[start..i]
                .iter()
                .rposition(|(c, _)| *c == ' ')
                .map(|at| start + at + 1)
                .filter(|at| at_words && *at > start && *at < i);
            start = space.unwrap_or(i);
            starts.push(start);
            used = chars[start..i]
                .iter()
                .map(|(c, _)| c.width().unwrap_or(0))
                .sum();
            continue;
        }
        used += w;
        i += 1;
    }
    starts.push(chars.len());
    let mut lines = Vec::new();
    for (n, pair) in starts.windows(2).enumerate() {
        let mut spans = vec![if n == 0 { gutter.clone() } else { more.clone() }];
        let mut piece = String::new();
        let mut style = None;
        for (c, s) in &chars[pair[0]..pair[1]] {
            if style.is_some_and(|style| style != *s) {
                spans.push(Span::styled(
                    std::mem::take(&mut piece),
                    style.unwrap_or_default(),
                ));
            }
            style = Some(*s);
            piece.push(*c);
        }
        if !piece.is_empty() {
            spans.push(Span::styled(piece, style.unwrap_or_default()));
        }
        lines.push(Line::from(spans));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_long_line_wraps_whole_with_its_continuation_marked() {
        let rows = wrap_exact(
            Span::raw("  │ "),
            Span::raw("  ┆ "),
            vec![Span::raw("curl -fsS https://example.com/install.sh | sh")],
            20,
        );
        assert_eq!(
            text(&rows),
            [
                "  │ curl -fsS https:",
                "  ┆ //example.com/in",
                "  ┆ stall.sh | sh",
            ]
        );
        let joined: String = text(&rows).iter().flat_map(|r| r.chars().skip(4)).collect();
        assert_eq!(joined, "curl -fsS https://example.com/install.sh | sh");
    }

    #[test]
    fn prose_breaks_after_a_space_and_keeps_every_character() {
        let words = "scroll to the end first: 10 more lines, then y sends it";
        let rows = wrap(Span::raw(""), Span::raw(""), vec![Span::raw(words)], 24);
        assert_eq!(
            text(&rows),
            [
                "scroll to the end ",
                "first: 10 more lines, ",
                "then y sends it"
            ]
        );
        assert_eq!(text(&rows).concat(), words);
        let long = wrap(
            Span::raw(""),
            Span::raw(""),
            vec![Span::raw("a".repeat(30))],
            24,
        );
        assert_eq!(long.len(), 2, "a word longer than the row is broken");
    }
}
