//! What waits over the runbook for an answer: the parameter form, and the box the
//! confirmation (see `confirmation`) and the cancel question are drawn in.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::defuse;
use crate::runbook::pane::state::ParamForm;
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
        // A hidden character shows as its escape (the field's error names it).
        let value = defuse::line(field.input.value()).into_owned();
        if focused {
            let before: String = field
                .input
                .value()
                .chars()
                .take(field.input.cursor())
                .collect();
            cursor = Some((lines.len(), label.width() + defuse::line(&before).width()));
        }
        lines.push(Line::from(vec![
            Span::styled(
                label,
                theme.fg(if focused { Slot::KeyHint } else { Slot::Text }),
            ),
            Span::styled(value, theme.fg(Slot::Text)),
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

/// A bordered box over the middle of `area`; returns its inside.
pub(super) fn boxed(
    frame: &mut Frame,
    area: Rect,
    lines: Vec<Line<'static>>,
    height: u16,
    theme: &Theme,
) -> Rect {
    let width = area.width.saturating_sub(4).min(110);
    let boxed = centered(area, width, height.min(area.height));
    frame.render_widget(Clear, boxed);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.fg(Slot::Warning));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    inner
}

/// A `width` by `height` rectangle in the middle of `area`.
pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
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
    boxed
}
