//! What waits over the runbook for an answer: the parameter form and the confirmation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::super::confirm::Confirmation;
use super::super::pane::ParamForm;
use crate::kit::Loadable;
use crate::kit::spinner;
use crate::pane::ViewCx;
use crate::theme::{Slot, Theme};

pub(super) fn draw_form(frame: &mut Frame, area: Rect, form: &ParamForm, theme: &Theme) {
    let mut lines = vec![
        Line::from(Span::styled(
            "Parameters: every value is checked against its pattern as you type",
            theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
        )),
        Line::from(Span::styled(
            "tab / ↑↓ move · enter starts the runbook · esc closes it",
            theme.fg(Slot::Dim),
        )),
        Line::raw(""),
    ];
    let mut cursor = None;
    for (n, field) in form.fields.iter().enumerate() {
        let focused = n == form.focus;
        let label = format!("{} {}: ", if focused { "▸" } else { " " }, field.name);
        if focused {
            cursor = Some((lines.len(), label.width() + field.input.visual_cursor()));
        }
        lines.push(Line::from(vec![
            Span::styled(
                label,
                theme.fg(if focused { Slot::KeyHint } else { Slot::Text }),
            ),
            Span::styled(field.input.value().to_string(), theme.fg(Slot::Text)),
        ]));
        let mut hint = Vec::new();
        if let Some(d) = &field.description {
            hint.push(d.clone());
        }
        if let Some(p) = &field.pattern {
            hint.push(format!("pattern {p}"));
        }
        if !hint.is_empty() {
            lines.push(Line::from(Span::styled(
                format!("    {}", hint.join(" · ")),
                theme.fg(Slot::Dim),
            )));
        }
        if let Some(e) = &field.error {
            lines.push(Line::from(Span::styled(
                format!("    ✗ {e}"),
                theme.fg(Slot::Error),
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
    if let Some((row, col)) = cursor {
        let x = (area.x + col as u16).min(area.right().saturating_sub(1));
        frame.set_cursor_position(Position::new(x, area.y + row as u16));
    }
}

pub(super) fn draw_confirmation(
    frame: &mut Frame,
    area: Rect,
    c: &Confirmation,
    cx: &ViewCx,
    theme: &Theme,
) {
    let label = |text: &str| Span::styled(format!("{text:<11}"), theme.fg(Slot::Dim));
    let mut lines = vec![
        Line::from(Span::styled(
            format!("Send step `{}` to the fleet?", c.step_name),
            theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
        )),
        Line::from(vec![
            label("Account"),
            Span::styled(
                c.account.clone().unwrap_or_else(|| "unknown".into()),
                theme.fg(Slot::Warning).add_modifier(Modifier::BOLD),
            ),
            Span::styled(" (from STS)   ", theme.fg(Slot::Dim)),
            label("Region"),
            Span::styled(
                c.region.clone(),
                theme.fg(Slot::Warning).add_modifier(Modifier::BOLD),
            ),
        ]),
        Line::from(vec![
            label("As"),
            Span::styled(c.caller_arn.clone(), theme.fg(Slot::Text)),
        ]),
        Line::from(vec![
            label("Document"),
            Span::styled(c.request.document.clone(), theme.fg(Slot::Text)),
        ]),
        Line::from(label("Commands")),
    ];
    for line in c.request.commands.lines() {
        lines.push(Line::from(vec![
            Span::styled("  │ ", theme.fg(Slot::Dim)),
            Span::styled(line.to_string(), theme.fg(Slot::Info)),
        ]));
    }
    let targets = match &c.preview {
        Loadable::Loading => format!("{} → {} resolving…", c.command.targets, spinner::at(cx.now)),
        Loadable::Failed(e) => format!("{} → ✗ {}", c.command.targets, e.message),
        Loadable::Ready(p) => format!("{} → {} instance(s)", c.command.targets, p.count),
    };
    lines.push(Line::from(vec![
        label("Targets"),
        Span::styled(targets, theme.fg(Slot::Text)),
    ]));
    if let Loadable::Ready(p) = &c.preview {
        for i in &p.instances {
            lines.push(Line::from(Span::styled(
                format!(
                    "  {} {:<16} {:<24} {}",
                    i.id, i.name, i.platform, i.ping_status
                ),
                theme.fg(if i.ping_status == "Online" {
                    Slot::Text
                } else {
                    Slot::Warning
                }),
            )));
        }
        if p.count > p.instances.len() {
            lines.push(Line::from(Span::styled(
                format!("  … and {} more", p.count - p.instances.len()),
                theme.fg(Slot::Dim),
            )));
        }
    }
    lines.push(Line::from(vec![
        label("Rate"),
        Span::styled(
            format!(
                "max concurrency {} · max errors {} · timeout {}s",
                c.request.max_concurrency, c.request.max_errors, c.request.timeout_seconds
            ),
            theme.fg(Slot::Text),
        ),
    ]));
    if !c.request.stop_on_alarm.is_empty() {
        lines.push(Line::from(vec![
            label("Stops if"),
            Span::styled(
                format!("{} goes to ALARM", c.request.stop_on_alarm.join(", ")),
                theme.fg(Slot::Text),
            ),
        ]));
    }
    lines.push(Line::raw(""));
    let mut cursor = None;
    match c.refusal() {
        Some(why) => {
            lines.push(Line::from(Span::styled(
                format!("✗ Cannot send: {why}"),
                theme.fg(Slot::Error).add_modifier(Modifier::BOLD),
            )));
            lines.push(Line::from(Span::styled(
                "any key closes this",
                theme.fg(Slot::Dim),
            )));
        }
        None if c.typed_confirmation() => {
            let prompt = format!("Type {} then enter: ", c.answers().join(" or "));
            cursor = Some((lines.len(), prompt.width() + c.typed.visual_cursor()));
            lines.push(Line::from(vec![
                Span::styled(prompt, theme.fg(Slot::KeyHint).add_modifier(Modifier::BOLD)),
                Span::styled(c.typed.value().to_string(), theme.fg(Slot::Text)),
            ]));
            lines.push(Line::from(Span::styled("esc cancels", theme.fg(Slot::Dim))));
        }
        None => lines.push(Line::from(Span::styled(
            "y sends it · any other key cancels",
            theme.fg(Slot::KeyHint).add_modifier(Modifier::BOLD),
        ))),
    }
    let height = lines.len() as u16 + 2;
    let inner = boxed(frame, area, lines, height, theme);
    if let Some((row, col)) = cursor {
        let x = (inner.x + col as u16).min(inner.right().saturating_sub(1));
        frame.set_cursor_position(Position::new(x, inner.y + row as u16));
    }
}

/// A bordered box over the middle of `area`; returns its inside.
pub(super) fn boxed(
    frame: &mut Frame,
    area: Rect,
    lines: Vec<Line<'static>>,
    height: u16,
    theme: &Theme,
) -> Rect {
    let width = area.width.saturating_sub(4).min(110);
    let height = height.min(area.height);
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, boxed, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(width),
        Constraint::Fill(1),
    ])
    .areas(middle);
    frame.render_widget(Clear, boxed);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.fg(Slot::Warning));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    inner
}
