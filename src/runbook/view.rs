//! Drawing the Runbooks pane: the catalog, an open runbook with its steps and what they did,
//! the parameter form, and the confirmation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Clear, Paragraph, Row, Wrap};
use unicode_width::UnicodeWidthStr;

use super::confirm::Confirmation;
use super::execute::Resumed;
use super::fleet::{InvocationStatus, STDERR_LIMIT, STDOUT_LIMIT};
use super::model::Action;
use super::pane::{Execution, Modal, OpenRunbook, ParamForm, StepStatus};
use super::render;
use super::resolve::{ResolvedAction, ResolvedStep, resolve_step};
use crate::app::list::ListPane;
use crate::app::state::{AppState, Loadable};
use crate::theme::{Slot, Theme};
use crate::time::{utc, utc_short};
use crate::ui::footer::spinner;
use crate::ui::list;
use crate::ui::text::Segments;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, focused: bool) {
    let pane = &state.runbooks;
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
        (Some(open), _) => draw_open(frame, inner, state, open, theme),
        (None, Some((index, scroll))) => draw_problems(frame, inner, state, index, scroll, theme),
        (None, None) => draw_list(frame, inner, state, theme),
    }
}

fn status(state: &AppState) -> Segments {
    let pane = &state.runbooks;
    let mut out: Segments = Vec::new();
    if pane.load_req.is_some() {
        out.push((format!("{} reading runbooks…", spinner(state)), Slot::Info));
        return out;
    }
    let folders: Vec<String> = state
        .runbook_folders
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

pub fn status_height(state: &AppState, width: u16) -> u16 {
    if state.runbooks.open.is_some() {
        return 0;
    }
    list::status_height(&status(state), width)
}

fn draw_list(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let pane = &state.runbooks;
    let table_area = list::draw_status(frame, area, &status(state), theme);
    let shown = list::rows_shown(table_area);
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
    list::draw(
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
    state: &AppState,
    index: usize,
    scroll: usize,
    theme: &Theme,
) {
    let Some(Err(problems)) = state.runbooks.entries.get(index).map(|e| &e.runbook) else {
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

fn step_slot(status: &StepStatus) -> Slot {
    match status {
        StepStatus::Pending => Slot::Dim,
        StepStatus::Running => Slot::Info,
        StepStatus::Succeeded | StepStatus::Acknowledged => Slot::Ok,
        StepStatus::Failed(_) => Slot::Error,
        StepStatus::Skipped => Slot::Warning,
    }
}

fn invocation_slot(status: InvocationStatus) -> Slot {
    match status {
        InvocationStatus::Success => Slot::Ok,
        InvocationStatus::Pending | InvocationStatus::InProgress | InvocationStatus::Delayed => {
            Slot::Info
        }
        InvocationStatus::Cancelled | InvocationStatus::Cancelling => Slot::Warning,
        _ => Slot::Error,
    }
}

fn execution_lines(execution: &Execution, state: &AppState, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let head = match (&execution.command_id, &execution.outcome) {
        (None, _) => format!("{} writing the intent, then SendCommand…", spinner(state)),
        (Some(id), None) => format!(
            "{} command {id} · sent {} UTC{}",
            spinner(state),
            utc_short(execution.sent_at),
            if execution.cancelling {
                " · cancelling"
            } else {
                ""
            }
        ),
        (Some(id), Some(outcome)) => format!("command {id} · {outcome}"),
    };
    out.push(Line::from(Span::styled(
        format!("  {head}"),
        theme.fg(Slot::Info),
    )));
    for inv in &execution.invocations {
        let first = inv
            .output
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        out.push(Line::from(vec![
            Span::styled(
                format!("  {:<12}", format!("{:?}", inv.status)),
                theme
                    .fg(invocation_slot(inv.status))
                    .add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!("{} ", inv.instance_id), theme.fg(Slot::Text)),
            Span::styled(format!("{:<14} ", inv.instance_name), theme.fg(Slot::Dim)),
            Span::styled(first.to_string(), theme.fg(Slot::Text)),
        ]));
    }
    if let Some((instance, _, output)) = &execution.output {
        out.push(Line::from(Span::styled(
            format!("  Output of {instance} (GetCommandInvocation; i shows the next instance)"),
            theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
        )));
        match output {
            Loadable::Loading => out.push(Line::from(Span::styled(
                format!("  {} loading…", spinner(state)),
                theme.fg(Slot::Info),
            ))),
            Loadable::Failed(e) => out.push(Line::from(Span::styled(
                format!("  ✗ {}", e.message),
                theme.fg(Slot::Error),
            ))),
            Loadable::Ready(o) => {
                let code = o
                    .response_code
                    .map(|c| format!(" · exit {c}"))
                    .unwrap_or_default();
                out.push(Line::from(Span::styled(
                    format!("  {:?}{code}", o.status),
                    theme.fg(invocation_slot(o.status)),
                )));
                for line in o.stdout.lines() {
                    out.push(Line::from(Span::styled(
                        format!("  │ {line}"),
                        theme.fg(Slot::Text),
                    )));
                }
                if o.stdout_truncated {
                    out.push(Line::from(Span::styled(
                        format!("  SSM kept only the first {STDOUT_LIMIT} characters of stdout"),
                        theme.fg(Slot::Warning),
                    )));
                }
                for line in o.stderr.lines() {
                    out.push(Line::from(Span::styled(
                        format!("  ! {line}"),
                        theme.fg(Slot::Error),
                    )));
                }
                if o.stderr_truncated {
                    out.push(Line::from(Span::styled(
                        format!("  SSM kept only the first {STDERR_LIMIT} characters of stderr"),
                        theme.fg(Slot::Warning),
                    )));
                }
            }
        }
    }
    out
}

/// The whole runbook as lines, and the line each step's heading is on.
fn document(
    open: &OpenRunbook,
    state: &AppState,
    theme: &Theme,
) -> (Vec<Line<'static>>, Vec<usize>) {
    let mut out: Vec<Line<'static>> = Vec::new();
    if let Some(description) = &open.runbook.front.description {
        out.push(Line::from(Span::styled(
            description.clone(),
            theme.fg(Slot::Dim),
        )));
    }
    let params: Vec<String> = open
        .values
        .0
        .iter()
        .map(|(k, v)| format!("{k}={}", v.value))
        .collect();
    if !params.is_empty() {
        out.push(Line::from(Span::styled(
            format!("Parameters: {}", params.join("  ")),
            theme.fg(Slot::Info),
        )));
    }
    if open.aborted {
        out.push(Line::from(Span::styled(
            "Aborted: no further step runs.",
            theme.fg(Slot::Error).add_modifier(Modifier::BOLD),
        )));
    }
    if let Some(intro) = &open.runbook.introduction {
        out.extend(render::lines(&intro.text, theme));
    }
    out.push(Line::raw(""));
    let mut headings = Vec::new();
    for (n, (step, status)) in open.runbook.steps.iter().zip(&open.steps).enumerate() {
        headings.push(out.len());
        let current = n == open.current;
        let kind = match &step.action {
            Action::Manual => "manual",
            Action::RunCommand(_) => "command",
            Action::LogsQuery(_) => "logs query",
        };
        let mut heading = theme
            .fg(step_slot(&status.status))
            .add_modifier(Modifier::BOLD);
        if current {
            heading = theme.selection().add_modifier(Modifier::BOLD);
        }
        out.push(Line::from(vec![
            Span::styled(
                format!("{} {}. {}", status.status.mark(), n + 1, step.heading),
                heading,
            ),
            Span::styled(format!("  ({kind})"), theme.fg(Slot::Dim)),
        ]));
        if let StepStatus::Failed(why) = &status.status {
            out.push(Line::from(Span::styled(
                format!("  ✗ {why}"),
                theme.fg(Slot::Error),
            )));
        }
        if let Some(execution) = &status.execution {
            out.extend(execution_lines(execution, state, theme));
        }
        if let Some((_, query)) = &status.query {
            out.extend(query_lines(query, state, theme));
        }
        if let Some(instruction) = &step.instruction {
            out.extend(render::lines(&instruction.text, theme));
        }
        match &step.action {
            Action::RunCommand(block) => {
                out.push(Line::from(Span::styled(
                    format!("  ┌ {} on {}", block.document, targets_of(open, block)),
                    theme.fg(Slot::Dim),
                )));
                let resolved = match resolve_step(&open.runbook, step, &open.values) {
                    Ok(ResolvedStep {
                        action: ResolvedAction::RunCommand(command),
                        ..
                    }) => command.commands,
                    _ => block.script.clone(),
                };
                for line in resolved.lines() {
                    out.push(Line::from(vec![
                        Span::styled("  │ ", theme.fg(Slot::Dim)),
                        Span::styled(line.to_string(), theme.fg(Slot::Info)),
                    ]));
                }
            }
            Action::LogsQuery(block) => {
                out.push(Line::from(Span::styled(
                    format!("  ┌ Logs Insights on {}", block.log_groups.join(", ")),
                    theme.fg(Slot::Dim),
                )));
                for line in block.query.lines() {
                    out.push(Line::from(vec![
                        Span::styled("  │ ", theme.fg(Slot::Dim)),
                        Span::styled(line.to_string(), theme.fg(Slot::Info)),
                    ]));
                }
            }
            Action::Manual => {}
        }
        if let Some(notes) = &step.notes {
            out.extend(render::lines(&notes.text, theme));
        }
        out.push(Line::raw(""));
    }
    (out, headings)
}

fn targets_of(open: &OpenRunbook, block: &super::model::CommandBlock) -> String {
    block
        .targets
        .as_ref()
        .or(open.runbook.front.targets.as_ref())
        .map(|t| t.value.to_string())
        .unwrap_or_else(|| "no targets".into())
}

fn query_lines(
    query: &Loadable<crate::logs::QueryResult>,
    state: &AppState,
    theme: &Theme,
) -> Vec<Line<'static>> {
    match query {
        Loadable::Loading => vec![Line::from(Span::styled(
            format!("  {} running the query…", spinner(state)),
            theme.fg(Slot::Info),
        ))],
        Loadable::Failed(e) => vec![Line::from(Span::styled(
            format!("  ✗ {}", e.message),
            theme.fg(Slot::Error),
        ))],
        Loadable::Ready(result) => {
            let mut out = vec![Line::from(Span::styled(
                format!("  {}", result.fields.join(" │ ")),
                theme.fg(Slot::Dim).add_modifier(Modifier::BOLD),
            ))];
            let table = result.table();
            for row in table.iter().take(12) {
                out.push(Line::from(Span::styled(
                    format!("  {}", row.join(" │ ")),
                    theme.fg(Slot::Text),
                )));
            }
            if table.len() > 12 {
                out.push(Line::from(Span::styled(
                    format!("  … {} rows in all", table.len()),
                    theme.fg(Slot::Dim),
                )));
            }
            out
        }
    }
}

fn draw_open(frame: &mut Frame, area: Rect, state: &AppState, open: &OpenRunbook, theme: &Theme) {
    if let Some(form) = &open.form {
        draw_form(frame, area, form, theme);
        return;
    }
    let (lines, headings) = document(open, state, theme);
    let at = headings.get(open.current).copied().unwrap_or(0);
    let scroll = at.saturating_sub(area.height as usize / 4) + open.scroll;
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0)),
        area,
    );
    match &open.modal {
        Some(Modal::Send(confirmation)) => {
            draw_confirmation(frame, area, confirmation, state, theme)
        }
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
            modal(frame, area, lines, 4, theme);
        }
        None => {}
    }
}

fn draw_form(frame: &mut Frame, area: Rect, form: &ParamForm, theme: &Theme) {
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

fn draw_confirmation(
    frame: &mut Frame,
    area: Rect,
    c: &Confirmation,
    state: &AppState,
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
        Loadable::Loading => format!("{} → {} resolving…", c.command.targets, spinner(state)),
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
    let inner = modal(frame, area, lines, height, theme);
    if let Some((row, col)) = cursor {
        let x = (inner.x + col as u16).min(inner.right().saturating_sub(1));
        frame.set_cursor_position(Position::new(x, inner.y + row as u16));
    }
}

/// A bordered box over the middle of `area`; returns its inside.
fn modal(
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

/// The hint line for the open runbook.
pub fn hints(state: &AppState) -> Option<String> {
    let open = state.runbooks.open.as_ref()?;
    if open.form.is_some() || open.modal.is_some() {
        return Some(String::new());
    }
    Some(
        " ↑↓ step  x run  s skip  a acknowledge  X cancel  i output  A abort  esc close  ? help"
            .into(),
    )
}
