//! The bottom of the screen: each source's age, spinner and last error (wrapped, so the
//! fix it names is never cut off); then key hints, the line being typed, or a message.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::command::Command;
use crate::app::keymap::Keymap;
use crate::app::state::{AppState, Level, Mode, PaneId};
use crate::kit::spinner;
use crate::kit::text::{self, Segments};
use crate::kit::{Loadable, SourceStatus};
use crate::theme::{Slot, Theme};
use crate::time::age;

/// The most rows the status may take.
const MAX_STATUS_ROWS: u16 = 3;

/// Rows the footer needs at this width: the status, then one for hints or input.
pub fn height(state: &AppState, width: u16) -> u16 {
    notice_height(state, width) + text::height(&status(state), width, MAX_STATUS_ROWS) + 1
}

/// A problem that outlives a flash, such as a bad config file, until `esc`.
fn notice(state: &AppState) -> Option<Segments> {
    let notice = state.notice.as_ref()?;
    Some(vec![(
        format!(" ⚠ {notice}  (esc dismisses)"),
        Slot::Warning,
    )])
}

fn notice_height(state: &AppState, width: u16) -> u16 {
    notice(state).map_or(0, |n| text::height(&n, width, MAX_STATUS_ROWS))
}

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, keymap: &Keymap) {
    let [notice_area, status_area, input] = Layout::vertical([
        Constraint::Length(notice_height(state, area.width)),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if let Some(notice) = notice(state) {
        frame.render_widget(
            Paragraph::new(text::line(&notice, theme)).wrap(Wrap { trim: false }),
            notice_area,
        );
    }
    let status_line = text::line(&status(state), theme);
    frame.render_widget(
        Paragraph::new(status_line).wrap(Wrap { trim: false }),
        status_area,
    );
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

fn source(name: &str, status: &SourceStatus, state: &AppState, out: &mut Segments) {
    out.push((name.to_string(), Slot::Title));
    if status.in_flight() {
        out.push((format!(" {}", spinner::at(state.now)), Slot::Info));
    }
    match (&status.error, status.loaded_at) {
        (Some(_), _) => out.push((" ✗ error".to_string(), Slot::Error)),
        (None, Some(at)) => out.push((format!(" {} ago", age(at, state.now)), Slot::Dim)),
        (None, None) if !status.in_flight() => out.push((" waiting".to_string(), Slot::Dim)),
        _ => {}
    }
}

fn status(state: &AppState) -> Segments {
    let mut out = vec![(" ".to_string(), Slot::Dim)];
    if !state.session.connected {
        out.push((
            format!("connecting {} ", spinner::at(state.now)),
            Slot::Info,
        ));
    }
    source("alarms", &state.alarms.status, state, &mut out);
    out.push(("  ".to_string(), Slot::Dim));
    source("changes", &state.changes.status, state, &mut out);
    out.push(("  ".to_string(), Slot::Dim));
    source("health", &state.health.status, state, &mut out);
    let identity_error = match &state.session.identity {
        Loadable::Failed(e) => Some(e),
        _ => None,
    };
    let focused_error = match state.focus {
        PaneId::Alarms => state.alarms.status.error.as_ref(),
        PaneId::Changes => state.changes.status.error.as_ref(),
        PaneId::Health => state.health.status.error.as_ref(),
        PaneId::Logs | PaneId::Runbooks => None,
        PaneId::Timeline => state.timeline.status.error.as_ref(),
    };
    let last_error = identity_error
        .or(focused_error)
        .or(state.alarms.status.error.as_ref())
        .or(state.health.status.error.as_ref());
    if let Some(e) = last_error {
        out.push((" │ ".to_string(), Slot::Dim));
        out.push((e.message.clone(), Slot::Error));
    }
    out
}

fn message_or_hints<'a>(state: &'a AppState, theme: &Theme, keymap: &Keymap) -> Line<'a> {
    if let Some(flash) = &state.flash {
        let slot = if flash.level == Level::Error {
            Slot::Error
        } else {
            Slot::Info
        };
        return Line::from(Span::styled(format!(" {}", flash.text), theme.fg(slot)));
    }
    let in_detail = match state.focus {
        PaneId::Alarms => state.alarms.detail.is_some(),
        PaneId::Changes => state.changes.detail.is_some(),
        PaneId::Health => state.health.detail.is_some(),
        PaneId::Logs => state.logs.detail.is_some(),
        PaneId::Runbooks => state.runbooks.problems.is_some(),
        PaneId::Timeline => state.timeline.detail.is_some(),
    };
    if state.focus == PaneId::Runbooks
        && matches!(state.mode, Mode::Normal)
        && let Some(hints) = crate::runbook::view::hints(state)
    {
        return Line::from(Span::styled(hints, theme.fg(Slot::Dim)));
    }
    let logs = &state.logs;
    let in_logs = state.focus == PaneId::Logs && matches!(state.mode, Mode::Normal);
    let hints: &[(Command, &str)] = match state.mode {
        Mode::Help { .. } => &[(Command::Back, "close"), (Command::Down, "scroll")],
        _ if in_logs && logs.overlay.is_some() => {
            return Line::from(Span::styled(
                " ↑↓ move  space choose  enter confirm  esc cancel  type to search",
                theme.fg(Slot::Dim),
            ));
        }
        _ if in_logs && logs.editing => {
            let run = keymap.hint(Command::RunQuery).unwrap_or_default();
            return Line::from(vec![
                Span::styled(
                    format!(" {run}"),
                    theme.fg(Slot::KeyHint).add_modifier(Modifier::BOLD),
                ),
                Span::styled(" run  ", theme.fg(Slot::Dim)),
                Span::styled("esc", theme.fg(Slot::KeyHint).add_modifier(Modifier::BOLD)),
                Span::styled(" done editing  ", theme.fg(Slot::Dim)),
                Span::styled("↑↓", theme.fg(Slot::KeyHint).add_modifier(Modifier::BOLD)),
                Span::styled(" past queries (first and last line)", theme.fg(Slot::Dim)),
            ]);
        }
        _ if in_logs && !in_detail => &[
            (Command::EditQuery, "edit"),
            (Command::RunQuery, "run"),
            (Command::Stop, "stop"),
            (Command::Logs, "groups"),
            (Command::TimeRange, "range"),
            (Command::SavedQueries, "saved"),
            (Command::ToggleChart, "chart"),
            (Command::SortNext, "sort"),
            (Command::Filter, "filter"),
            (Command::Open, "row"),
            (Command::Help, "help"),
        ],
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
