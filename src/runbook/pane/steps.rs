//! How answers from AWS move the open runbook's steps along.

use jiff::Timestamp;

use crate::aws::AwsError;
use crate::kit::Loadable;
use crate::logs::QueryResult;
use crate::logs::run::QueryError;
use crate::runbook::pane::msg::StepFailure;
use crate::runbook::pane::state::{Execution, Modal, RunbooksPane, StepStatus};
use crate::runbook::run::audit::Unresolved;
use crate::runbook::run::execute::{CommandStatus, LookUp, Resolved};
use crate::runbook::run::fleet::{Invocation, InvocationOutput, TargetPreview};

/// What a finished step asks the engineer to notice.
pub enum StepNews {
    Nothing,
    Succeeded(String),
    Failed(String),
}

impl RunbooksPane {
    pub fn preview_loaded(&mut self, req: u64, result: Result<TargetPreview, AwsError>) {
        if let Some(open) = self.open.as_mut()
            && let Some(Modal::Send(confirmation)) = open.modal.as_mut()
            && confirmation.preview_req == req
        {
            confirmation.preview = match result {
                Ok(preview) => Loadable::Ready(preview),
                Err(e) => Loadable::Failed(e),
            };
        }
    }

    fn execution_step(&mut self, req: u64) -> Option<&mut crate::runbook::pane::state::StepState> {
        self.open.as_mut().and_then(|open| {
            open.steps
                .iter_mut()
                .find(|s| s.execution.as_ref().is_some_and(|e| e.req == req))
        })
    }

    pub fn sent(&mut self, req: u64, command_id: String) {
        if let Some(step) = self.execution_step(req)
            && let Some(execution) = step.execution.as_mut()
        {
            execution.command_id = Some(command_id);
        }
    }

    pub fn progress(&mut self, req: u64, invocations: Vec<Invocation>) {
        if let Some(step) = self.execution_step(req)
            && let Some(execution) = step.execution.as_mut()
        {
            execution.invocations = invocations;
        }
    }

    /// The command ended (`Ok` with SSM's status) or could not be sent or followed.
    pub fn step_finished(
        &mut self,
        req: u64,
        result: Result<CommandStatus, StepFailure>,
    ) -> StepNews {
        let Some(open) = self.open.as_mut() else {
            return StepNews::Nothing;
        };
        let Some(n) = open
            .steps
            .iter()
            .position(|s| s.execution.as_ref().is_some_and(|e| e.req == req))
        else {
            return StepNews::Nothing;
        };
        let name = open.runbook.steps[n].name.clone();
        let step = &mut open.steps[n];
        let news = match result.map(|s| s.as_str().to_string()) {
            Ok(status) => {
                if let Some(execution) = step.execution.as_mut() {
                    execution.outcome = Some(status.clone());
                    execution.cancelling = false;
                }
                if status == "Success" {
                    step.status = StepStatus::Succeeded;
                    StepNews::Succeeded(format!("Step `{name}` succeeded on every instance"))
                } else {
                    step.status = StepStatus::Failed(status.clone());
                    StepNews::Failed(format!(
                        "Step `{name}` ended {status}: x retries it, s skips it, A aborts the runbook"
                    ))
                }
            }
            Err(failure) => {
                let message = failure.to_string();
                step.status = StepStatus::Failed(message.clone());
                StepNews::Failed(format!("Step `{name}`: {message}"))
            }
        };
        if matches!(news, StepNews::Succeeded(_)) && open.current == n {
            open.advance();
        }
        news
    }

    /// The step's send got no answer and the lookup failed: it is failed, and holds the
    /// send so that a retry looks it up instead of sending.
    pub fn step_unknown(&mut self, req: u64, send: LookUp, message: String) -> StepNews {
        let Some(step) = self.execution_step(req) else {
            return StepNews::Nothing;
        };
        step.status = StepStatus::Failed(message.clone());
        step.unknown = Some(send);
        StepNews::Failed(format!("{message} x looks it up again (it sends nothing)"))
    }

    /// Step `n`'s unknown send, taken for a lookup under `req`: the step shows as running.
    pub fn look_up_again(&mut self, n: usize, req: u64, now: Timestamp) -> Option<LookUp> {
        let step = self.open.as_mut()?.steps.get_mut(n)?;
        let send = step.unknown.take()?;
        step.status = StepStatus::Running;
        step.execution = Some(Execution {
            req,
            sent_at: now,
            command_id: None,
            invocations: Vec::new(),
            outcome: None,
            output: None,
            cancelling: false,
        });
        Some(send)
    }

    pub fn output_loaded(&mut self, req: u64, result: Result<InvocationOutput, AwsError>) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        for step in &mut open.steps {
            if let Some(execution) = step.execution.as_mut()
                && let Some((_, want, output)) = execution.output.as_mut()
                && *want == req
            {
                *output = match result {
                    Ok(o) => Loadable::Ready(o),
                    Err(e) => Loadable::Failed(e),
                };
                return;
            }
        }
    }

    pub fn query_finished(&mut self, req: u64, result: Result<QueryResult, QueryError>) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        let Some(n) = open
            .steps
            .iter()
            .position(|s| s.query.as_ref().is_some_and(|(r, _)| *r == req))
        else {
            return;
        };
        let step = &mut open.steps[n];
        match result {
            Ok(result) => {
                step.status = StepStatus::Succeeded;
                step.query = Some((req, Loadable::Ready(result)));
                if open.current == n {
                    open.advance();
                }
            }
            Err(e) => {
                step.status = StepStatus::Failed(e.to_string());
                step.query = Some((
                    req,
                    Loadable::Failed(AwsError {
                        kind: crate::aws::ErrorKind::Service,
                        code: None,
                        message: e.to_string(),
                    }),
                ));
            }
        }
    }

    pub fn cancel_answered(
        &mut self,
        command_id: &str,
        result: Result<(), AwsError>,
    ) -> Option<String> {
        let Err(e) = result else { return None };
        if let Some(open) = self.open.as_mut() {
            for step in &mut open.steps {
                if let Some(execution) = step.execution.as_mut()
                    && execution.command_id.as_deref() == Some(command_id)
                {
                    execution.cancelling = false;
                }
            }
        }
        Some(format!("Could not cancel {command_id}: {}", e.message))
    }
}

/// Takes in what the lookups made of the sends an earlier run never learnt the outcome of:
/// found ones join the commands in flight; the notice says what became of each.
pub fn resolutions(
    pane: &mut RunbooksPane,
    resolved: Vec<(Unresolved, Resolved)>,
) -> Option<String> {
    if resolved.is_empty() {
        return None;
    }
    let mut lines = Vec::new();
    pane.unresolved.clear();
    for (send, resolved) in resolved {
        let step = format!("`{}` of {}", send.intent.step, send.intent.runbook);
        match resolved {
            Resolved::Adopted { flight, .. } => {
                lines.push(format!(
                    "{step}: SSM's answer never came; found as command {} by the id in its comment",
                    flight.command_id
                ));
                if !pane
                    .in_flight
                    .iter()
                    .any(|f| f.intent.id == flight.intent.id)
                {
                    pane.in_flight.push(*flight);
                }
            }
            Resolved::NotSent { .. } => lines.push(format!(
                "{step}: not sent (SSM lists no command with its id)"
            )),
            Resolved::Unknown(e) => {
                lines.push(format!(
                    "{step}: outcome still unknown, the lookup failed ({}); r looks again",
                    e.message
                ));
                pane.unresolved.push(send);
            }
        }
    }
    Some(lines.join("; "))
}
