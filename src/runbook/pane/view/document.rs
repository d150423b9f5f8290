//! The open runbook as lines: its steps, what each command did on every instance, and
//! each query's rows.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::defuse;
use crate::kit::Loadable;
use crate::kit::spinner;
use crate::pane::ViewCx;
use crate::runbook::language::model::Action;
use crate::runbook::language::render;
use crate::runbook::language::resolve::{ResolvedAction, ResolvedStep, resolve_step};
use crate::runbook::pane::state::{Execution, OpenRunbook, StepStatus};
use crate::runbook::run::fleet::{InvocationStatus, STDERR_LIMIT, STDOUT_LIMIT};
use crate::theme::{Slot, Theme};
use crate::time::utc_short;
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

fn execution_lines(execution: &Execution, cx: &ViewCx, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let head = match (&execution.command_id, &execution.outcome) {
        (None, _) => format!(
            "{} writing the intent, then SendCommand…",
            spinner::at(cx.now)
        ),
        (Some(id), None) => format!(
            "{} command {id} · sent {} UTC{}",
            spinner::at(cx.now),
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
                format!("  {} loading…", spinner::at(cx.now)),
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
pub(super) fn document(
    open: &OpenRunbook,
    cx: &ViewCx,
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
            out.extend(execution_lines(execution, cx, theme));
        }
        if let Some((_, query)) = &status.query {
            out.extend(query_lines(query, cx, theme));
        }
        if let Some(instruction) = &step.instruction {
            out.extend(render::lines(&instruction.text, theme));
        }
        // Filled in as the confirmation shows it; as written while a parameter is unfilled.
        let resolved = resolve_step(&open.runbook, step, &open.values).ok();
        match &step.action {
            Action::RunCommand(block) => {
                let (targets, resolved) = match resolved {
                    Some(ResolvedStep {
                        action: ResolvedAction::RunCommand(command),
                        ..
                    }) => (command.targets.to_string(), command.commands),
                    _ => (targets_of(open, block), block.script.clone()),
                };
                out.push(Line::from(Span::styled(
                    format!("  ┌ {} on {}", block.document, defuse::line(&targets)),
                    theme.fg(Slot::Dim),
                )));
                for line in resolved.lines() {
                    out.push(Line::from(vec![
                        Span::styled("  │ ", theme.fg(Slot::Dim)),
                        Span::styled(line.to_string(), theme.fg(Slot::Info)),
                    ]));
                }
            }
            Action::LogsQuery(block) => {
                let groups = match resolved {
                    Some(ResolvedStep {
                        action: ResolvedAction::LogsQuery(query),
                        ..
                    }) => query.log_groups,
                    _ => block.log_groups.clone(),
                };
                out.push(Line::from(Span::styled(
                    format!("  ┌ Logs Insights on {}", defuse::line(&groups.join(", "))),
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

fn targets_of(open: &OpenRunbook, block: &super::super::model::CommandBlock) -> String {
    block
        .targets
        .as_ref()
        .or(open.runbook.front.targets.as_ref())
        .map(|t| t.value.to_string())
        .unwrap_or_else(|| "no targets".into())
}

fn query_lines(
    query: &Loadable<crate::logs::QueryResult>,
    cx: &ViewCx,
    theme: &Theme,
) -> Vec<Line<'static>> {
    match query {
        Loadable::Loading => vec![Line::from(Span::styled(
            format!("  {} running the query…", spinner::at(cx.now)),
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
