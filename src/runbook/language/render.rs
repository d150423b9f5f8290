//! Runbook markdown as styled lines: headings, paragraphs, lists, emphasis, inline code and
//! code blocks.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::theme::{Slot, Theme};

pub fn lines(markdown: &str, theme: &Theme) -> Vec<Line<'static>> {
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut styles: Vec<Style> = vec![theme.fg(Slot::Text)];
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut in_code = false;
    let flush = |current: &mut Vec<Span<'static>>, out: &mut Vec<Line<'static>>| {
        if !current.is_empty() {
            out.push(Line::from(std::mem::take(current)));
        }
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        let style = *styles.last().unwrap_or(&Style::default());
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut out);
                let mark = if level == HeadingLevel::H1 {
                    ""
                } else {
                    "▸ "
                };
                current.push(Span::styled(mark, theme.fg(Slot::Title)));
                styles.push(theme.fg(Slot::Title).add_modifier(Modifier::BOLD));
            }
            Event::End(TagEnd::Heading(_)) => {
                styles.pop();
                flush(&mut current, &mut out);
            }
            Event::Start(Tag::Paragraph) => flush(&mut current, &mut out),
            Event::End(TagEnd::Paragraph) => {
                flush(&mut current, &mut out);
                if lists.is_empty() {
                    out.push(Line::raw(""));
                }
            }
            Event::Start(Tag::List(first)) => {
                flush(&mut current, &mut out);
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                if lists.is_empty() {
                    out.push(Line::raw(""));
                }
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut out);
                let depth = lists.len().saturating_sub(1);
                let bullet = match lists.last_mut() {
                    Some(Some(n)) => {
                        let text = format!("{n}. ");
                        *n += 1;
                        text
                    }
                    _ => "• ".to_string(),
                };
                current.push(Span::styled(
                    format!("{}{bullet}", "  ".repeat(depth)),
                    theme.fg(Slot::Dim),
                ));
            }
            Event::End(TagEnd::Item) => flush(&mut current, &mut out),
            Event::Start(Tag::Emphasis) => styles.push(style.add_modifier(Modifier::ITALIC)),
            Event::Start(Tag::Strong) => styles.push(style.add_modifier(Modifier::BOLD)),
            Event::Start(Tag::Strikethrough) => {
                styles.push(style.add_modifier(Modifier::CROSSED_OUT))
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                styles.pop();
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                flush(&mut current, &mut out);
                in_code = true;
                if let CodeBlockKind::Fenced(info) = kind {
                    let language = info.split_whitespace().next().unwrap_or("").to_string();
                    if !language.is_empty() {
                        out.push(Line::from(Span::styled(
                            format!("  ┌ {language}"),
                            theme.fg(Slot::Dim),
                        )));
                    }
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(Line::raw(""));
            }
            Event::Text(text) if in_code => {
                for line in text.lines() {
                    out.push(Line::from(vec![
                        Span::styled("  │ ", theme.fg(Slot::Dim)),
                        Span::styled(line.to_string(), theme.fg(Slot::Info)),
                    ]));
                }
            }
            Event::Text(text) => current.push(Span::styled(text.into_string(), style)),
            Event::Code(code) => {
                current.push(Span::styled(code.into_string(), theme.fg(Slot::KeyHint)))
            }
            Event::SoftBreak => current.push(Span::styled(" ", style)),
            Event::HardBreak => flush(&mut current, &mut out),
            Event::Rule => {
                flush(&mut current, &mut out);
                out.push(Line::from(Span::styled("────", theme.fg(Slot::Dim))));
            }
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    while out.last().is_some_and(|l| l.width() == 0) {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn prose_lists_and_code_read_as_text() {
        let theme = Theme::dark();
        let out = lines(
            "Check the **database** with `psql`,\nthen:\n\n- one\n- two\n\n1. first\n2. second\n\n```sh\necho hi\n```\n",
            &theme,
        );
        assert_eq!(
            text(&out),
            [
                "Check the database with psql, then:",
                "",
                "• one",
                "• two",
                "",
                "1. first",
                "2. second",
                "",
                "  ┌ sh",
                "  │ echo hi",
            ]
        );
        let bold = &out[0].spans[1];
        assert_eq!(bold.content, "database");
        assert!(bold.style.add_modifier.contains(Modifier::BOLD));
    }
}
