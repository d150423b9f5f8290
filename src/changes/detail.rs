//! One change in full: who, from where, what, on what, the request and the error pulled to
//! the top, then the whole CloudTrail record as coloured JSON.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use serde_json::Value;

use super::json;
use super::model::Change;
use super::pane::Detail;
use crate::pane::ViewCx;
use crate::theme::{Slot, Theme};
use crate::time::{age, utc};

fn text_at(v: &Value, path: &[&str]) -> Option<String> {
    let found = path.iter().try_fold(v, |v, k| v.get(k))?;
    match found {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The fields that matter, then the whole record.
pub fn detail_lines(
    change: &Change,
    theme: &Theme,
    now: jiff::Timestamp,
    width: usize,
) -> Vec<Line<'static>> {
    let record: Value = serde_json::from_str(&change.record).unwrap_or(Value::Null);
    let dim = theme.fg(Slot::Dim);
    let text_style = theme.fg(Slot::Text);
    let room = width.saturating_sub(18).max(20);
    let mut lines = Vec::new();
    if let Some(reason) = &change.risk {
        lines.push(Line::from(Span::styled(
            format!("⚠ risky: {reason}"),
            theme.fg(Slot::Alarm).add_modifier(Modifier::BOLD),
        )));
    }
    let mut field = |label: &str, value: Option<String>| {
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            return;
        };
        let options =
            textwrap::Options::new(room).word_splitter(textwrap::WordSplitter::NoHyphenation);
        for (i, chunk) in textwrap::wrap(&value, options).into_iter().enumerate() {
            let label = if i == 0 {
                format!("  {label:<15} ")
            } else {
                " ".repeat(18)
            };
            lines.push(Line::from(vec![
                Span::styled(label, dim),
                Span::styled(chunk.into_owned(), text_style),
            ]));
        }
    };
    field(
        "When",
        Some(format!(
            "{} ({} ago)",
            utc(change.time),
            age(change.time, now)
        )),
    );
    field(
        "Who",
        Some(format!(
            "{} ({})",
            change.principal,
            change.identity_type.clone().unwrap_or_default()
        )),
    );
    field("Caller ARN", change.principal_arn.clone());
    field("Access key", change.access_key.clone());
    field("From", change.source_ip.clone());
    field("User agent", text_at(&record, &["userAgent"]));
    field("What", Some(format!("{} ({})", change.name, change.source)));
    field(
        "On",
        Some(
            change
                .resources
                .iter()
                .map(|r| format!("{} {}", r.kind, r.name))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    );
    field("Request", text_at(&record, &["requestParameters"]));
    field(
        "Error",
        change
            .error_code
            .clone()
            .map(|c| match text_at(&record, &["errorMessage"]) {
                Some(m) => format!("{c}: {m}"),
                None => c,
            }),
    );
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "CloudTrail record (y copies it, Y copies the resource ARN)",
        theme
            .fg(Slot::Title)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )));
    lines.extend(json::lines(&record, theme));
    lines
}

pub fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    cx: &ViewCx,
    detail: &Detail,
    change: &Change,
    theme: &Theme,
) {
    let lines = detail_lines(change, theme, cx.now, area.width as usize);
    let max_scroll = lines.len().saturating_sub(area.height as usize);
    let scroll = detail.scroll.min(max_scroll) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

/// The ARN of the change's first resource, from the record when CloudTrail gives one.
pub fn resource_arn(change: &Change) -> Option<String> {
    let record: Value = serde_json::from_str(&change.record).ok()?;
    record
        .get("resources")
        .and_then(Value::as_array)
        .and_then(|r| r.iter().find_map(|r| r.get("ARN").and_then(Value::as_str)))
        .map(str::to_string)
        .or_else(|| change.resources.first().map(|r| r.name.clone()))
}
