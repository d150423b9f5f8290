//! A CloudTrail record as coloured, indented lines.

use ratatui::text::{Line, Span};
use serde_json::Value;

use crate::theme::{Slot, Theme};

/// Pretty-printed JSON, keys, strings, numbers and literals each in their colour.
pub fn lines(value: &Value, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut current = vec![Span::raw("  ")];
    write(value, 1, theme, &mut current, &mut out);
    out.push(Line::from(current));
    out
}

fn scalar(value: &Value, theme: &Theme) -> Span<'static> {
    match value {
        Value::String(s) => Span::styled(
            serde_json::to_string(s).unwrap_or_default(),
            theme.fg(Slot::Ok),
        ),
        Value::Number(n) => Span::styled(n.to_string(), theme.fg(Slot::Warning)),
        Value::Bool(b) => Span::styled(b.to_string(), theme.fg(Slot::Changed)),
        _ => Span::styled("null", theme.fg(Slot::Dim)),
    }
}

fn write(
    value: &Value,
    depth: usize,
    theme: &Theme,
    current: &mut Vec<Span<'static>>,
    out: &mut Vec<Line<'static>>,
) {
    let pad = |d: usize| Span::raw("  ".repeat(d));
    let dim = theme.fg(Slot::Dim);
    match value {
        Value::Object(map) if !map.is_empty() => {
            current.push(Span::styled("{", dim));
            out.push(Line::from(std::mem::take(current)));
            let last = map.len() - 1;
            for (i, (key, item)) in map.iter().enumerate() {
                current.push(pad(depth + 1));
                current.push(Span::styled(format!("\"{key}\""), theme.fg(Slot::Info)));
                current.push(Span::styled(": ", dim));
                write(item, depth + 1, theme, current, out);
                if i < last {
                    current.push(Span::styled(",", dim));
                }
                out.push(Line::from(std::mem::take(current)));
            }
            current.push(pad(depth));
            current.push(Span::styled("}", dim));
        }
        Value::Array(items) if !items.is_empty() => {
            current.push(Span::styled("[", dim));
            out.push(Line::from(std::mem::take(current)));
            let last = items.len() - 1;
            for (i, item) in items.iter().enumerate() {
                current.push(pad(depth + 1));
                write(item, depth + 1, theme, current, out);
                if i < last {
                    current.push(Span::styled(",", dim));
                }
                out.push(Line::from(std::mem::take(current)));
            }
            current.push(pad(depth));
            current.push(Span::styled("]", dim));
        }
        Value::Object(_) => current.push(Span::styled("{}", dim)),
        Value::Array(_) => current.push(Span::styled("[]", dim)),
        other => current.push(scalar(other, theme)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_pretty_printed_json() {
        let value: Value =
            serde_json::from_str(r#"{"a":1,"b":["x",true],"c":{},"d":null}"#).unwrap();
        let text: Vec<String> = lines(&value, &Theme::dark())
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect();
        let parsed: Value = serde_json::from_str(&text.join("\n")).unwrap();
        assert_eq!(parsed, value);
        assert_eq!(text[1], "    \"a\": 1,");
    }
}
