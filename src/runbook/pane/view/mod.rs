//! Drawing the Runbooks pane: the catalog, an open runbook with its steps and what they did,
//! the parameter form, and the confirmation.

mod confirmation;
mod document;
mod modal;
mod wrap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Paragraph, Row, Wrap};

use crate::command::Command;
use crate::kit::cursor::ListPane;
use crate::kit::spinner;
use crate::kit::table;
use crate::kit::text::Segments;
use crate::pane::{DETAIL_HINTS, Hint, Hints, Pane, ViewCx};
use crate::runbook::pane::state::{Modal, OpenRunbook, RunbooksPane};
use crate::runbook::run::execute::Resumed;
use crate::theme::{Slot, Theme};
use crate::time::utc;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    pane: &RunbooksPane,
    cx: &ViewCx,
    theme: &Theme,
    focused: bool,
) {
    let border = if focused {
        Slot::FocusedBorder
    } else {
        Slot::Border
    };
    let title = match &pane.open {
        Some(open) => format!(" Runbook: {} ", open.runbook.title),
        None => " Runbooks ".to_string(),
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.fg(border))
        .title(Span::styled(
            title,
            theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match (&pane.open, pane.problems) {
        (Some(open), _) => draw_open(frame, inner, cx, open, theme),
        (None, Some((index, scroll))) => draw_problems(frame, inner, pane, index, scroll, theme),
        (None, None) => draw_list(frame, inner, pane, cx, theme),
    }
}

fn status(pane: &RunbooksPane, cx: &ViewCx) -> Segments {
    let mut out: Segments = Vec::new();
    if pane.load_req.is_some() {
        out.push((
            format!("{} reading runbooks…", spinner::at(cx.now)),
            Slot::Info,
        ));
        return out;
    }
    let folders: Vec<String> = pane
        .folders
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    out.push((
        format!(
            "{} runbooks from {} · ★ answers an alarm in ALARM · enter opens",
            pane.entries.len(),
            folders.join(", ")
        ),
        Slot::Dim,
    ));
    for missing in &pane.missing {
        out.push((format!("  ✗ {missing}"), Slot::Error));
    }
    for flight in &pane.in_flight {
        let now = pane
            .resumed
            .iter()
            .find(|(f, _)| f.command_id == flight.command_id)
            .map(|(_, resumed)| match resumed {
                Resumed::Finished { outcome, .. } => format!("it ended {}", outcome.status),
                Resumed::Running { invocations } => {
                    format!("it still runs on {} instance(s)", invocations.len())
                }
                Resumed::Forgotten { .. } => "SSM no longer knows it".to_string(),
                Resumed::Unreadable(e) => format!("its status cannot be read: {}", e.message),
            })
            .unwrap_or_else(|| "asking SSM how it ended…".to_string());
        out.push((
            format!(
                "  ⚠ in flight when warroom last stopped: {} step `{}`, command {} sent {}: {now}",
                flight.intent.runbook,
                flight.intent.step,
                flight.command_id,
                utc(flight.intent.time)
            ),
            Slot::Warning,
        ));
    }
    if !pane.filter().is_empty() {
        out.push((format!("  filter “{}”", pane.filter()), Slot::Warning));
    }
    out
}

pub fn status_height(pane: &RunbooksPane, cx: &ViewCx, width: u16) -> u16 {
    if pane.open.is_some() {
        return 0;
    }
    table::status_height(&status(pane, cx), width)
}

fn draw_list(frame: &mut Frame, area: Rect, pane: &RunbooksPane, cx: &ViewCx, theme: &Theme) {
    let table_area = table::draw_status(frame, area, &status(pane, cx), theme);
    let shown = table::rows_shown(table_area);
    let rows = pane
        .visible()
        .skip(pane.cursor.offset)
        .take(shown)
        .map(|(index, entry)| {
            let (mark, slot) = match &entry.runbook {
                Err(_) => ("✗", Slot::Error),
                Ok(_) if pane.is_suggested(index) => ("★", Slot::Alarm),
                Ok(_) => (" ", Slot::Text),
            };
            let (steps, alarms) = match &entry.runbook {
                Ok(r) => (r.steps.len().to_string(), r.front.alarms.join(", ")),
                Err(problems) => (String::new(), format!("{} problem(s)", problems.len())),
            };
            Row::new(vec![
                Cell::from(Span::styled(
                    mark,
                    theme.fg(slot).add_modifier(Modifier::BOLD),
                )),
                Cell::from(Span::styled(entry.title(), theme.fg(Slot::Text))),
                Cell::from(Span::styled(steps, theme.fg(Slot::Dim))),
                Cell::from(Span::styled(
                    entry.path.display().to_string(),
                    theme.fg(Slot::Dim),
                )),
                Cell::from(Span::styled(alarms, theme.fg(slot))),
            ])
        });
    table::draw(
        frame,
        table_area,
        &["", "RUNBOOK", "STEPS", "FILE", "ALARMS"],
        rows,
        vec![
            Constraint::Length(1),
            Constraint::Fill(2),
            Constraint::Length(5),
            Constraint::Fill(1),
            Constraint::Fill(1),
        ],
        pane.cursor,
        theme,
    );
}

fn draw_problems(
    frame: &mut Frame,
    area: Rect,
    pane: &RunbooksPane,
    index: usize,
    scroll: usize,
    theme: &Theme,
) {
    let Some(Err(problems)) = pane.entries.get(index).map(|e| &e.runbook) else {
        return;
    };
    let mut lines = vec![Line::from(Span::styled(
        "This runbook cannot run until these are fixed (esc goes back):",
        theme.fg(Slot::Error),
    ))];
    lines.extend(
        problems
            .iter()
            .map(|p| Line::from(Span::styled(p.to_string(), theme.fg(Slot::Text)))),
    );
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0)),
        area,
    );
}

fn draw_open(frame: &mut Frame, area: Rect, cx: &ViewCx, open: &OpenRunbook, theme: &Theme) {
    if let Some(form) = &open.form {
        modal::draw_form(frame, area, form, theme);
        return;
    }
    let (lines, headings) = document::document(open, cx, theme);
    let at = headings.get(open.current).copied().unwrap_or(0);
    let scroll = at.saturating_sub(area.height as usize / 4) + open.scroll;
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0)),
        area,
    );
    match &open.modal {
        Some(Modal::Send(confirmation)) => confirmation::draw(frame, area, confirmation, cx, theme),
        Some(Modal::Cancel { command_id, .. }) => {
            let lines = vec![
                Line::from(Span::styled(
                    format!("Cancel command {command_id} on every instance? (CancelCommand)"),
                    theme.fg(Slot::Warning).add_modifier(Modifier::BOLD),
                )),
                Line::from(Span::styled(
                    "y cancels it · any other key lets it run",
                    theme.fg(Slot::Dim),
                )),
            ];
            modal::boxed(frame, area, lines, 4, theme);
        }
        None => {}
    }
}

/// The hint line for the open runbook.
/// What the catalog's keys do.
const RUNBOOK_LIST_HINTS: &[Hint] = &[
    Hint::Bound(Command::Open, "open"),
    Hint::Bound(Command::Filter, "filter"),
    Hint::Bound(Command::Refresh, "reload"),
    Hint::Bound(Command::Help, "help"),
    Hint::Bound(Command::Quit, "quit"),
];

/// An open runbook's keys; nothing while its form or a modal says what to press.
fn hints(pane: &RunbooksPane) -> Hints {
    let Some(open) = pane.open.as_ref() else {
        return Hints::Keys(if pane.problems.is_some() {
            DETAIL_HINTS
        } else {
            RUNBOOK_LIST_HINTS
        });
    };
    if open.form.is_some() || open.modal.is_some() {
        return Hints::Text(String::new());
    }
    Hints::Text(
        " ↑↓ step  x run  s skip  a acknowledge  X cancel  i output  A abort  esc close  ? help"
            .into(),
    )
}

impl Pane for RunbooksPane {
    fn busy(&self) -> bool {
        RunbooksPane::busy(self)
    }

    fn in_detail(&self) -> bool {
        self.problems.is_some()
    }

    fn hints(&self) -> Hints {
        hints(self)
    }

    fn status_height(&self, cx: &ViewCx, width: u16) -> u16 {
        status_height(self, cx, width)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &ViewCx, theme: &Theme, focused: bool) {
        draw(frame, area, self, cx, theme, focused)
    }
}
