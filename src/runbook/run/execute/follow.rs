//! Following a sent command's invocations with backoff until each has ended, and recording
//! how it ended.

use jiff::Timestamp;

use super::{
    AuditSink, CancelSignal, CommandOutcome, CommandStatus, ExecuteError, Progress, StepPatience,
};
use crate::runbook::run::audit::{Finished, InstanceStatus, Record};
use crate::runbook::run::fleet::{Fleet, Invocation};

#[allow(clippy::too_many_arguments)]
pub(super) async fn follow_to_end(
    fleet: &dyn Fleet,
    audit: &mut (dyn AuditSink + Send),
    intent_id: String,
    command_id: String,
    audit_problems: Vec<String>,
    patience: StepPatience,
    cancel: &CancelSignal,
    mut progress: impl FnMut(Progress),
) -> Result<CommandOutcome, ExecuteError> {
    let (invocations, cancel_requested) =
        follow(fleet, &command_id, patience, cancel, &mut progress).await?;
    let status = CommandStatus::of(&invocations, cancel_requested);
    let mut outcome = CommandOutcome {
        intent: intent_id,
        command_id,
        status,
        invocations,
        audit_problems,
    };
    if let Err(e) = audit.append(&finished_record(&outcome)) {
        outcome.audit_problems.push(format!(
            "the audit log {} lacks how command {} ended: {e}",
            audit.location(),
            outcome.command_id
        ));
    }
    Ok(outcome)
}

async fn follow(
    fleet: &dyn Fleet,
    command_id: &str,
    patience: StepPatience,
    cancel: &CancelSignal,
    progress: &mut impl FnMut(Progress),
) -> Result<(Vec<Invocation>, bool), ExecuteError> {
    let mut wait = patience.first_poll;
    let mut failures = 0;
    let mut empty = 0;
    let mut cancel_tried = false;
    let mut cancel_sent = false;
    loop {
        cancel.wait(wait).await;
        if cancel.is_cancelled() && !cancel_tried {
            cancel_tried = true;
            match fleet.cancel(command_id.to_string()).await {
                Ok(()) => {
                    cancel_sent = true;
                    progress(Progress::CancelRequested {
                        command_id: command_id.to_string(),
                    });
                }
                Err(error) => progress(Progress::CancelFailed { error }),
            }
            wait = patience.first_poll;
        }
        let invocations = match fleet.invocations(command_id.to_string()).await {
            Ok(invocations) => invocations,
            Err(error) => {
                failures += 1;
                if failures >= patience.poll_failures.max(1) {
                    return Err(ExecuteError::Follow {
                        command_id: command_id.to_string(),
                        error,
                    });
                }
                progress(Progress::PollFailed {
                    attempt: failures,
                    error,
                });
                wait = (wait * 2).min(patience.max_poll);
                continue;
            }
        };
        failures = 0;
        progress(Progress::Polled {
            invocations: invocations.clone(),
        });
        if invocations.is_empty() {
            empty += 1;
            if empty >= patience.empty_polls.max(1) {
                return Ok((invocations, cancel_sent));
            }
        } else if invocations.iter().all(|i| i.status.is_final()) {
            return Ok((invocations, cancel_sent));
        }
        wait = (wait * 2).min(patience.max_poll);
    }
}

pub(super) fn finished_record(outcome: &CommandOutcome) -> Record {
    Record::Finished(Finished {
        intent: outcome.intent.clone(),
        time: Timestamp::now(),
        command_id: outcome.command_id.clone(),
        status: outcome.status.as_str().to_string(),
        instances: outcome
            .invocations
            .iter()
            .map(|i| InstanceStatus {
                instance_id: i.instance_id.clone(),
                status: format!("{:?}", i.status),
            })
            .collect(),
    })
}
