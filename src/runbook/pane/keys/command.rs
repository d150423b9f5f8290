//! The Runbooks pane's commands on its open runbook: move between steps, run one (through
//! its confirmation), skip or acknowledge it, stop it, abort the runbook, read an instance's
//! output.

use crate::command::Command;
use crate::kit::Loadable;
use crate::logs::QueryRequest;
use crate::pane::Cx;
use crate::runbook::Action;
use crate::runbook::RunbookWork;
use crate::runbook::language::resolve;
use crate::runbook::language::resolve::{ResolvedAction, resolve_step};
use crate::runbook::pane::state::{Modal, RunbooksPane, StepStatus};
use crate::runbook::run::audit::{Record, StepEvent};
use crate::runbook::run::confirm::{self, Session};

impl RunbooksPane {
    /// ↓ ↑ top bottom move between the open runbook's steps.
    pub(super) fn step_to(&mut self, command: Command) {
        if let Some(open) = self.open.as_mut() {
            let last = open.steps.len().saturating_sub(1);
            open.current = match command {
                Command::Down => (open.current + 1).min(last),
                Command::Up => open.current.saturating_sub(1),
                Command::Top => 0,
                _ => last,
            };
            open.scroll = 0;
        }
    }

    /// A step's command from the keymap: x s a X A i.
    pub(super) fn step_command(&mut self, command: Command, cx: &mut Cx<RunbookWork>) {
        if self.open.is_none() {
            if matches!(
                command,
                Command::Execute | Command::SkipStep | Command::Acknowledge
            ) {
                cx.info("Open a runbook first (enter)");
            }
            return;
        }
        match command {
            Command::Execute => self.execute(cx),
            Command::SkipStep | Command::Acknowledge => self.mark(command, cx),
            Command::AbortRunbook => {
                if let Some(open) = self.open.as_mut() {
                    open.aborted = true;
                }
                cx.info("Runbook aborted: no further step runs (esc closes it)");
            }
            Command::Stop => self.stop(cx),
            Command::InstanceOutput => self.instance_output(cx),
            _ => {}
        }
    }

    fn execute(&mut self, cx: &mut Cx<RunbookWork>) {
        let session = Session::of(cx.session);
        let preview_req = cx.req();
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let n = open.current;
        if open.aborted {
            cx.error("The runbook was aborted: esc closes it");
            return;
        }
        if open.steps[n].status == StepStatus::Running {
            cx.info("This step is running");
            return;
        }
        if let Some(failed) =
            (0..n).find(|i| matches!(open.steps[*i].status, StepStatus::Failed(_)))
        {
            cx.error(format!(
                "Step {} failed: go back to it (↑) and retry it with x, skip it with s, or abort with A",
                failed + 1
            ));
            return;
        }
        match open.step_action(n) {
            None => {}
            Some(Action::Manual) => {
                cx.info("A manual step: do what it says, then press a to acknowledge it");
            }
            Some(Action::LogsQuery(_)) => {
                let step = &open.runbook.steps[n];
                let resolved = resolve_step(&open.runbook, step, &open.values);
                match resolved {
                    Ok(resolve::ResolvedStep {
                        action: ResolvedAction::LogsQuery(query),
                        ..
                    }) => {
                        let now = cx.now;
                        let since = jiff::SignedDuration::try_from(query.since)
                            .unwrap_or(jiff::SignedDuration::from_hours(1));
                        open.steps[n].status = StepStatus::Running;
                        open.steps[n].query = Some((preview_req, Loadable::Loading));
                        cx.work(RunbookWork::Query {
                            req: preview_req,
                            request: QueryRequest {
                                log_groups: query.log_groups,
                                query: query.query,
                                start: now - since,
                                end: now,
                                limit: None,
                            },
                        });
                    }
                    Ok(_) => {}
                    Err(e) => cx.error(e.to_string()),
                }
            }
            Some(Action::RunCommand(_)) if open.steps[n].unknown.is_some() => {
                if let Some(send) = self.look_up_again(n, preview_req, cx.now) {
                    cx.info(format!(
                        "Looking up `warroom {}` in SSM before anything is sent again",
                        send.intent.id
                    ));
                    cx.work(RunbookWork::Resolve {
                        req: preview_req,
                        look_up: send,
                    });
                }
            }
            Some(Action::RunCommand(_)) => match confirm::prepare(open, n, &session, preview_req) {
                Ok(confirmation) => {
                    let targets = confirmation.request.targets.clone();
                    open.modal = Some(Modal::Send(Box::new(confirmation)));
                    cx.work(RunbookWork::PreviewTargets {
                        req: preview_req,
                        targets,
                    });
                }
                Err(message) => cx.error(message),
            },
        }
    }

    fn mark(&mut self, command: Command, cx: &mut Cx<RunbookWork>) {
        let caller_arn = match &cx.session.identity {
            Loadable::Ready(identity) => identity.arn.clone(),
            _ => String::new(),
        };
        let now = cx.now;
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let n = open.current;
        if open.steps[n].status == StepStatus::Running {
            cx.info("This step is running: X cancels it first");
            return;
        }
        let manual = matches!(open.step_action(n), Some(Action::Manual));
        if command == Command::Acknowledge && !manual {
            cx.info("a acknowledges a manual step; this one runs with x (or s skips it)");
            return;
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
        cx.work(RunbookWork::Audit { record });
    }

    fn stop(&mut self, cx: &mut Cx<RunbookWork>) {
        let Some(open) = self.open.as_mut() else {
            return;
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
            None => cx.info("No command of this step is running"),
        }
    }

    /// Shows the next instance's whole output (GetCommandInvocation).
    fn instance_output(&mut self, cx: &mut Cx<RunbookWork>) {
        let req = cx.req();
        let Some(execution) = self
            .open
            .as_mut()
            .and_then(|o| o.steps.get_mut(o.current))
            .and_then(|s| s.execution.as_mut())
        else {
            cx.info("i shows an instance's output once the step has run");
            return;
        };
        let Some(command_id) = execution.command_id.clone() else {
            return;
        };
        let ids: Vec<&str> = execution
            .invocations
            .iter()
            .map(|i| i.instance_id.as_str())
            .collect();
        if ids.is_empty() {
            return;
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
        cx.work(RunbookWork::LoadOutput {
            req,
            command_id,
            instance_id: next,
        });
    }
}
