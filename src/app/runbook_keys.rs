//! What keys do in the Runbooks pane: open a runbook, fill in its parameters, run, skip or
//! acknowledge steps, and the confirmation every command passes through before it is sent.

use std::time::Instant;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::effect::Effect;
use super::panes::PaneId;
use super::state::{AppState, Mode};
use crate::command::Command;
use crate::keymap::Keymap;
use crate::kit::Loadable;
use crate::logs::QueryRequest;
use crate::pane::Level;
use crate::runbook::RunbookWork;
use crate::runbook::audit::{Record, StepEvent};
use crate::runbook::confirm::{self, Session};
use crate::runbook::pane::{Modal, StepStatus};
use crate::runbook::resolve::{ResolvedAction, resolve_step};
use crate::runbook::{Action, resolve};

/// A key while the parameter form or a modal is open.
pub(super) fn captured(state: &mut AppState, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    let Some(open) = state.panes.runbooks.open.as_mut() else {
        return Vec::new();
    };
    if let Some(modal) = open.modal.take() {
        return modal_key(state, modal, key);
    }
    let Some(form) = open.form.as_mut() else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            state.panes.runbooks.open = None;
        }
        KeyCode::Tab | KeyCode::Down => {
            form.focus = (form.focus + 1) % form.fields.len().max(1);
        }
        KeyCode::BackTab | KeyCode::Up => {
            let n = form.fields.len().max(1);
            form.focus = (form.focus + n - 1) % n;
        }
        KeyCode::Enter => {
            if let Err(message) = open.submit_form() {
                state.flash(Level::Error, message);
            }
        }
        _ => {
            if keymap.command_for(&key) == Some(Command::Quit) && key.code != KeyCode::Char('q') {
                state.quit = true;
                return Vec::new();
            }
            if let Some(field) = form.fields.get_mut(form.focus) {
                field.input.handle_event(&Event::Key(key));
            }
            form.check_focused();
        }
    }
    Vec::new()
}

fn modal_key(state: &mut AppState, modal: Modal, key: KeyEvent) -> Vec<Effect> {
    match modal {
        Modal::Cancel { step, command_id } => {
            if key.code == KeyCode::Char('y') {
                if let Some(execution) = state
                    .panes
                    .runbooks
                    .open
                    .as_mut()
                    .and_then(|o| o.steps.get_mut(step))
                    .and_then(|s| s.execution.as_mut())
                {
                    execution.cancelling = true;
                }
                state.flash(
                    Level::Info,
                    format!("Cancelling {command_id} (CancelCommand)"),
                );
                return vec![Effect::Runbooks(RunbookWork::Cancel { command_id })];
            }
            state.flash(Level::Info, "The command goes on running");
            Vec::new()
        }
        Modal::Send(confirmation) => answer::key(state, confirmation, key),
    }
}

/// True for a key read from the terminal before the open confirmation was first drawn:
/// it was typed without seeing what it would answer, and is dropped.
pub(super) fn read_before_confirmation(state: &AppState, read_at: Instant) -> bool {
    if state.focus != PaneId::Runbooks || !matches!(state.mode, Mode::Normal) {
        return false;
    }
    match state
        .panes
        .runbooks
        .open
        .as_ref()
        .and_then(|o| o.modal.as_ref())
    {
        Some(Modal::Send(confirmation)) => confirmation.screen.read_before_drawn(read_at),
        _ => false,
    }
}

fn put_back(state: &mut AppState, modal: Modal) {
    if let Some(open) = state.panes.runbooks.open.as_mut() {
        open.modal = Some(modal);
    }
}

/// A Runbooks command from the keymap, in the Runbooks pane.
pub(super) fn command(state: &mut AppState, command: Command) -> Vec<Effect> {
    if state.panes.runbooks.open.is_none() {
        return match command {
            Command::Open => {
                if let Err(message) = state.panes.runbooks.open_selected() {
                    state.flash(Level::Error, message);
                }
                Vec::new()
            }
            Command::Execute | Command::SkipStep | Command::Acknowledge => {
                state.flash(Level::Info, "Open a runbook first (enter)");
                Vec::new()
            }
            _ => Vec::new(),
        };
    }
    match command {
        Command::Down | Command::Up | Command::Top | Command::Bottom => {
            if let Some(open) = state.panes.runbooks.open.as_mut() {
                let last = open.steps.len().saturating_sub(1);
                open.current = match command {
                    Command::Down => (open.current + 1).min(last),
                    Command::Up => open.current.saturating_sub(1),
                    Command::Top => 0,
                    _ => last,
                };
                open.scroll = 0;
            }
            Vec::new()
        }
        Command::Execute => execute(state),
        Command::SkipStep | Command::Acknowledge => mark(state, command),
        Command::AbortRunbook => {
            if let Some(open) = state.panes.runbooks.open.as_mut() {
                open.aborted = true;
            }
            state.flash(
                Level::Info,
                "Runbook aborted: no further step runs (esc closes it)",
            );
            Vec::new()
        }
        Command::Stop => stop(state),
        Command::InstanceOutput => instance_output(state),
        _ => Vec::new(),
    }
}

fn execute(state: &mut AppState) -> Vec<Effect> {
    let identity = match &state.session.identity {
        Loadable::Ready(identity) => Some(identity.clone()),
        _ => None,
    };
    let region = state.session.region.clone();
    let read_only = state.session.settings.read_only;
    let preview_req = state.next_req();
    let Some(open) = state.panes.runbooks.open.as_mut() else {
        return Vec::new();
    };
    let n = open.current;
    if open.aborted {
        state.flash(Level::Error, "The runbook was aborted: esc closes it");
        return Vec::new();
    }
    if open.steps[n].status == StepStatus::Running {
        state.flash(Level::Info, "This step is running");
        return Vec::new();
    }
    if let Some(failed) = (0..n).find(|i| matches!(open.steps[*i].status, StepStatus::Failed(_))) {
        let message = format!(
            "Step {} failed: go back to it (↑) and retry it with x, skip it with s, or abort with A",
            failed + 1
        );
        state.flash(Level::Error, message);
        return Vec::new();
    }
    match open.step_action(n) {
        None => Vec::new(),
        Some(Action::Manual) => {
            state.flash(
                Level::Info,
                "A manual step: do what it says, then press a to acknowledge it",
            );
            Vec::new()
        }
        Some(Action::LogsQuery(_)) => {
            let step = &open.runbook.steps[n];
            let resolved = resolve_step(&open.runbook, step, &open.values);
            match resolved {
                Ok(resolve::ResolvedStep {
                    action: ResolvedAction::LogsQuery(query),
                    ..
                }) => {
                    let now = state.now;
                    let since = jiff::SignedDuration::try_from(query.since)
                        .unwrap_or(jiff::SignedDuration::from_hours(1));
                    open.steps[n].status = StepStatus::Running;
                    open.steps[n].query = Some((preview_req, Loadable::Loading));
                    vec![Effect::Runbooks(RunbookWork::Query {
                        req: preview_req,
                        request: QueryRequest {
                            log_groups: query.log_groups,
                            query: query.query,
                            start: now - since,
                            end: now,
                            limit: None,
                        },
                    })]
                }
                Ok(_) => Vec::new(),
                Err(e) => {
                    state.flash(Level::Error, e.to_string());
                    Vec::new()
                }
            }
        }
        Some(Action::RunCommand(_)) if open.steps[n].unknown.is_some() => {
            let now = state.now;
            match state.panes.runbooks.look_up_again(n, preview_req, now) {
                Some(send) => {
                    state.flash(
                        Level::Info,
                        format!(
                            "Looking up `warroom {}` in SSM before anything is sent again",
                            send.intent.id
                        ),
                    );
                    vec![Effect::Runbooks(RunbookWork::Resolve {
                        req: preview_req,
                        look_up: send,
                    })]
                }
                None => Vec::new(),
            }
        }
        Some(Action::RunCommand(_)) => {
            let session = Session {
                identity: identity.as_ref(),
                region: &region,
                read_only,
            };
            match confirm::prepare(open, n, &session, preview_req) {
                Ok(confirmation) => {
                    let targets = confirmation.request.targets.clone();
                    open.modal = Some(Modal::Send(Box::new(confirmation)));
                    vec![Effect::Runbooks(RunbookWork::PreviewTargets {
                        req: preview_req,
                        targets,
                    })]
                }
                Err(message) => {
                    state.flash(Level::Error, message);
                    Vec::new()
                }
            }
        }
    }
}

fn mark(state: &mut AppState, command: Command) -> Vec<Effect> {
    let caller_arn = match &state.session.identity {
        Loadable::Ready(identity) => identity.arn.clone(),
        _ => String::new(),
    };
    let now = state.now;
    let Some(open) = state.panes.runbooks.open.as_mut() else {
        return Vec::new();
    };
    let n = open.current;
    if open.steps[n].status == StepStatus::Running {
        state.flash(Level::Info, "This step is running: X cancels it first");
        return Vec::new();
    }
    let manual = matches!(open.step_action(n), Some(Action::Manual));
    if command == Command::Acknowledge && !manual {
        state.flash(
            Level::Info,
            "a acknowledges a manual step; this one runs with x (or s skips it)",
        );
        return Vec::new();
    }
    let event = StepEvent {
        time: now,
        runbook: open.runbook.path.display().to_string(),
        content_hash: open.content_hash.clone(),
        step: open.runbook.steps[n].name.clone(),
        caller_arn,
    };
    let (status, record) = if command == Command::SkipStep {
        (StepStatus::Skipped, Record::Skipped(event))
    } else {
        (StepStatus::Acknowledged, Record::Acknowledged(event))
    };
    open.steps[n].status = status;
    open.advance();
    vec![Effect::Runbooks(RunbookWork::Audit { record })]
}

fn stop(state: &mut AppState) -> Vec<Effect> {
    let Some(open) = state.panes.runbooks.open.as_mut() else {
        return Vec::new();
    };
    let n = open.current;
    let running = open.steps[n]
        .execution
        .as_ref()
        .filter(|e| e.outcome.is_none())
        .and_then(|e| e.command_id.clone());
    match running {
        Some(command_id) => {
            open.modal = Some(Modal::Cancel {
                step: n,
                command_id,
            });
        }
        None => state.flash(Level::Info, "No command of this step is running"),
    }
    Vec::new()
}

/// Shows the next instance's whole output (GetCommandInvocation).
fn instance_output(state: &mut AppState) -> Vec<Effect> {
    let req = state.next_req();
    let Some(execution) = state
        .panes
        .runbooks
        .open
        .as_mut()
        .and_then(|o| o.steps.get_mut(o.current))
        .and_then(|s| s.execution.as_mut())
    else {
        state.flash(
            Level::Info,
            "i shows an instance's output once the step has run",
        );
        return Vec::new();
    };
    let Some(command_id) = execution.command_id.clone() else {
        return Vec::new();
    };
    let ids: Vec<&str> = execution
        .invocations
        .iter()
        .map(|i| i.instance_id.as_str())
        .collect();
    if ids.is_empty() {
        return Vec::new();
    }
    let next = match &execution.output {
        Some((id, _, _)) => ids
            .iter()
            .position(|i| i == id)
            .map(|at| ids[(at + 1) % ids.len()])
            .unwrap_or(ids[0]),
        None => ids[0],
    }
    .to_string();
    execution.output = Some((next.clone(), req, Loadable::Loading));
    vec![Effect::Runbooks(RunbookWork::LoadOutput {
        req,
        command_id,
        instance_id: next,
    })]
}

mod answer;
#[cfg(test)]
mod tests;
