//! The bottom two lines: each source's age, spinner and last error; then key hints,
//! the line being typed, or a message.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::command::Command;
use crate::app::keymap::Keymap;
use crate::app::state::{AppState, Level, Mode, SourceStatus};
use crate::theme::{Slot, Theme};
use crate::time::age;

const SPINNER: &[&str] = &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn spinner(state: &AppState) -> &'static str {
    let tick = (state.now.as_millisecond() / 100).rem_euclid(SPINNER.len() as i64) as usize;
    SPINNER[tick]
}

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, keymap: &Keymap) {
    let [status, input] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    frame.render_widget(Paragraph::new(status_line(state, theme)), status);
    match &state.mode {
        Mode::Command(line) => draw_input(
            frame,
            input,
            ":",
            line.input.value(),
            line.input.visual_cursor(),
            theme,
        ),
        Mode::Filter(text) => {
            draw_input(frame, input, "/", text.value(), text.visual_cursor(), theme)
        }
        _ => frame.render_widget(
            Paragraph::new(message_or_hints(state, theme, keymap)),
            input,
        ),
    }
}

fn source_spans<'a>(
    name: &'a str,
    status: &SourceStatus,
    state: &AppState,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let mut spans = vec![Span::styled(name, theme.fg(Slot::Title))];
    if status.in_flight() {
        spans.push(Span::styled(
            format!(" {}", spinner(state)),
            theme.fg(Slot::Info),
        ));
    }
    match (&status.error, status.loaded_at) {
        (Some(_), _) => spans.push(Span::styled(" ✗ error", theme.fg(Slot::Error))),
        (None, Some(at)) => spans.push(Span::styled(
            format!(" {} ago", age(at, state.now)),
            theme.fg(Slot::Dim),
        )),
        (None, None) if !status.in_flight() => {
            spans.push(Span::styled(" waiting", theme.fg(Slot::Dim)))
        }
        _ => {}
    }
    spans
}

fn status_line<'a>(state: &'a AppState, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::raw(" ")];
    if !state.session.connected {
        spans.push(Span::styled(
            format!("connecting {} ", spinner(state)),
            theme.fg(Slot::Info),
        ));
    }
    spans.extend(source_spans("alarms", &state.alarms.status, state, theme));
    let last_error = state
        .alarms
        .status
        .error
        .as_ref()
        .or(match &state.session.identity {
            crate::app::state::Loadable::Failed(e) => Some(e),
            _ => None,
        });
    if let Some(e) = last_error {
        spans.push(Span::styled(" │ ", theme.fg(Slot::Dim)));
        spans.push(Span::styled(e.message.clone(), theme.fg(Slot::Error)));
    }
    Line::from(spans)
}

fn message_or_hints<'a>(state: &'a AppState, theme: &Theme, keymap: &Keymap) -> Line<'a> {
    if let Some(notice) = &state.notice {
        return Line::from(Span::styled(
            format!(" ⚠ {notice}"),
            theme.fg(Slot::Warning),
        ));
    }
    if let Some(flash) = &state.flash {
        let slot = if flash.level == Level::Error {
            Slot::Error
        } else {
            Slot::Info
        };
        return Line::from(Span::styled(format!(" {}", flash.text), theme.fg(slot)));
    }
    let in_detail = state.alarms.detail.is_some();
    let hints: &[(Command, &str)] = match state.mode {
        Mode::Help { .. } => &[(Command::Back, "close"), (Command::Down, "scroll")],
        _ if in_detail => &[
            (Command::Back, "back"),
            (Command::Down, "scroll"),
            (Command::Refresh, "refresh"),
            (Command::Help, "help"),
            (Command::Quit, "quit"),
        ],
        _ => &[
            (Command::Open, "details"),
            (Command::Filter, "filter"),
            (Command::ToggleFiring, "firing only"),
            (Command::CommandMode, "command"),
            (Command::Refresh, "refresh"),
            (Command::Help, "help"),
            (Command::Quit, "quit"),
        ],
    };
    let mut spans = vec![Span::raw(" ")];
    for (command, label) in hints {
        if let Some(key) = keymap.hint(*command) {
            spans.push(Span::styled(
                key,
                theme.fg(Slot::KeyHint).add_modifier(Modifier::BOLD),
            ));
            spans.push(Span::styled(format!(" {label}  "), theme.fg(Slot::Dim)));
        }
    }
    Line::from(spans)
}

fn draw_input(
    frame: &mut Frame,
    area: Rect,
    prompt: &str,
    value: &str,
    cursor: usize,
    theme: &Theme,
) {
    let line = Line::from(vec![
        Span::styled(
            prompt.to_string(),
            theme.fg(Slot::KeyHint).add_modifier(Modifier::BOLD),
        ),
        Span::styled(value.to_string(), Style::new().fg(theme.color(Slot::Text))),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    let x = area
        .x
        .saturating_add(1)
        .saturating_add(cursor as u16)
        .min(area.right().saturating_sub(1));
    frame.set_cursor_position(Position::new(x, area.y));
}
