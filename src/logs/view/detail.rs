//! One result row in full: its fields, JSON messages as their fields, one per line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::super::pane::LogsPane;
use super::*;

fn field_lines(fields: &[(String, String)], theme: &Theme, out: &mut Vec<Line<'static>>) {
    for (field, value) in fields {
        let json = serde_json::from_str::<serde_json::Value>(value)
            .ok()
            .filter(|v| v.is_object() || v.is_array());
        match json {
            Some(json) => {
                out.push(Line::from(Span::styled(
                    format!("{field}:"),
                    theme.fg(Slot::Dim),
                )));
                out.extend(crate::changes::json::lines(&json, theme));
            }
            None => {
                let value = crate::defuse::text(value);
                let mut lines = value.lines();
                out.push(Line::from(vec![
                    Span::styled(format!("{field}: "), theme.fg(Slot::Dim)),
                    Span::styled(lines.next().unwrap_or("").to_string(), theme.fg(Slot::Text)),
                ]));
                out.extend(
                    lines.map(|l| Line::from(Span::styled(format!("  {l}"), theme.fg(Slot::Text)))),
                );
            }
        }
    }
}

pub(super) fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    pane: &LogsPane,
    cx: &ViewCx,
    theme: &Theme,
) {
    let Some(detail) = &pane.detail else {
        return;
    };
    let mut lines: Vec<Line<'static>> = vec![Line::from(Span::styled(
        "The row (esc goes back)",
        theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
    ))];
    field_lines(&detail.fields, theme, &mut lines);
    match &detail.record {
        None => {}
        Some(record) => {
            lines.push(Line::raw(""));
            lines.push(Line::from(Span::styled(
                "The whole log event (GetLogRecord)",
                theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
            )));
            match record {
                Loadable::Loading => lines.push(Line::from(Span::styled(
                    format!("{} loading…", spinner::at(cx.now)),
                    theme.fg(Slot::Info),
                ))),
                Loadable::Failed(e) => lines.push(Line::from(Span::styled(
                    format!("✗ {}", e.message),
                    theme.fg(Slot::Error),
                ))),
                Loadable::Ready(fields) => field_lines(fields, theme, &mut lines),
            }
        }
    }
    let scroll = detail.scroll.min(lines.len().saturating_sub(1)) as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}
