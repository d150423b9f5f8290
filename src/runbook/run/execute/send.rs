//! Sending a command to a known end: the intent on disk first, then SendCommand with the
//! intent's id in its Comment, then its CommandId, or a lookup when its answer never came.

use jiff::Timestamp;

use super::follow::follow_to_end;
use super::{AuditSink, CancelSignal, CommandOutcome, ExecuteError, Progress, StepPatience};
use super::{flights, lookup};
use crate::aws::AwsError;
use crate::runbook::run::audit::{Intent, NotSent, OutcomeUnknown, Record, Sent};
use crate::runbook::run::fleet::{CommandRequest, Fleet, SendError};

/// Writes the intent (on disk before anything is sent), sends the command with the intent's
/// id in its Comment, records its CommandId, follows its invocations with backoff until each
/// has ended, and records how. A send whose answer never came is looked up before anything
/// else: found, it is followed; not found once `patience.settle` has passed, it is recorded
/// not sent; a lookup that fails leaves it unknown.
pub async fn run_command(
    fleet: &dyn Fleet,
    audit: &mut (dyn AuditSink + Send),
    intent: Intent,
    mut request: CommandRequest,
    patience: StepPatience,
    cancel: &CancelSignal,
    mut progress: impl FnMut(Progress),
) -> Result<CommandOutcome, ExecuteError> {
    let intent_id = intent.id.clone();
    let audit_path = audit.location();
    request.comment = crate::runbook::run::ssm::tagged_comment(&intent.id, &label(&intent));
    audit
        .append(&Record::Intent(Box::new(intent.clone())))
        .map_err(|e| ExecuteError::Audit {
            path: audit_path.clone(),
            error: e.to_string(),
        })?;
    let flight = flights::Flight::begin(&intent_id, audit.side_door());
    progress(Progress::IntentWritten {
        intent: intent_id.clone(),
    });
    let mut audit_problems = Vec::new();
    let command_id = match fleet.submit(request).await {
        Ok(command_id) => {
            flight.sent(&command_id);
            let sent = Record::Sent(Sent {
                intent: intent_id.clone(),
                time: Timestamp::now(),
                command_id: command_id.clone(),
                resolved: None,
            });
            if let Err(e) = audit.append(&sent) {
                audit_problems.push(format!(
                    "the audit log {audit_path} lacks the CommandId {command_id}: {e}"
                ));
            }
            progress(Progress::Sent {
                command_id: command_id.clone(),
            });
            command_id
        }
        Err(SendError::Refused(error)) => {
            let _ = audit.append(&Record::NotSent(NotSent {
                intent: intent_id,
                time: Timestamp::now(),
                reason: format!("SSM refused it: {}", error.message),
            }));
            return Err(ExecuteError::Send(error));
        }
        Err(SendError::Unanswered(error)) => {
            let since = Timestamp::now();
            let _ = audit.append(&Record::OutcomeUnknown(OutcomeUnknown {
                intent: intent_id.clone(),
                time: since,
                reason: format!("SendCommand gave no answer: {}", error.message),
            }));
            progress(Progress::OutcomeUnknown {
                error: error.clone(),
            });
            let (command_id, problem) =
                adopt(fleet, audit, intent, since, error, patience, &mut progress).await?;
            flight.sent(&command_id);
            audit_problems.extend(problem);
            command_id
        }
    };
    follow_to_end(
        fleet,
        audit,
        intent_id,
        command_id,
        audit_problems,
        patience,
        cancel,
        progress,
    )
    .await
}

/// Looks up a send whose outcome is unknown (left so by `run_command`, whose error says
/// since when), and follows it to its end when it is found. Nothing is sent.
pub async fn follow_unknown(
    fleet: &dyn Fleet,
    audit: &mut (dyn AuditSink + Send),
    look_up: LookUp,
    patience: StepPatience,
    cancel: &CancelSignal,
    mut progress: impl FnMut(Progress),
) -> Result<CommandOutcome, ExecuteError> {
    let LookUp {
        intent,
        since,
        error,
    } = look_up;
    let intent = *intent;
    let intent_id = intent.id.clone();
    let flight = flights::Flight::begin(&intent_id, audit.side_door());
    let (command_id, problem) =
        adopt(fleet, audit, intent, since, error, patience, &mut progress).await?;
    flight.sent(&command_id);
    follow_to_end(
        fleet,
        audit,
        intent_id,
        command_id,
        problem.into_iter().collect(),
        patience,
        cancel,
        progress,
    )
    .await
}

/// A send whose outcome is unknown, as a run left it: what a retry looks up.
#[derive(Clone, Debug, PartialEq)]
pub struct LookUp {
    pub intent: Box<Intent>,
    /// When its outcome was last seen unknown: the settle delay runs from there.
    pub since: Timestamp,
    /// Why SendCommand's answer is missing.
    pub error: AwsError,
}

/// What running a command step does: send it, or look up a send whose outcome is unknown.
#[derive(Clone, Debug, PartialEq)]
pub enum Attempt {
    Send {
        intent: Box<Intent>,
        request: Box<CommandRequest>,
    },
    /// Sends nothing: finds the command by the intent's id, and follows it when found.
    LookUp(LookUp),
}

impl Attempt {
    pub fn intent_id(&self) -> &str {
        match self {
            Attempt::Send { intent, .. } => &intent.id,
            Attempt::LookUp(look_up) => &look_up.intent.id,
        }
    }
}

/// `run_command` or `follow_unknown`, as the attempt says.
pub async fn attempt(
    fleet: &dyn Fleet,
    audit: &mut (dyn AuditSink + Send),
    attempt: Attempt,
    patience: StepPatience,
    cancel: &CancelSignal,
    progress: impl FnMut(Progress),
) -> Result<CommandOutcome, ExecuteError> {
    match attempt {
        Attempt::Send { intent, request } => {
            run_command(fleet, audit, *intent, *request, patience, cancel, progress).await
        }
        Attempt::LookUp(look_up) => {
            follow_unknown(fleet, audit, look_up, patience, cancel, progress).await
        }
    }
}

/// The label after the id in the Comment: the runbook's file name and the step.
fn label(intent: &Intent) -> String {
    let file = std::path::Path::new(&intent.runbook)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| intent.runbook.clone());
    format!("{file} {}", intent.step)
}

/// The CommandId of a send whose answer never came, found by a lookup (with the audit
/// problem of recording it, if any), or why there is none.
async fn adopt(
    fleet: &dyn Fleet,
    audit: &mut (dyn AuditSink + Send),
    intent: Intent,
    since: Timestamp,
    error: AwsError,
    patience: StepPatience,
    progress: &mut impl FnMut(Progress),
) -> Result<(String, Option<String>), ExecuteError> {
    let left = lookup::settle_left(patience.settle, since);
    match lookup::resolve(fleet, audit, &intent, left, &error.message).await {
        lookup::Resolution::Adopted {
            command_id,
            audit_problem,
        } => {
            progress(Progress::Found {
                command_id: command_id.clone(),
            });
            progress(Progress::Sent {
                command_id: command_id.clone(),
            });
            Ok((command_id, audit_problem))
        }
        lookup::Resolution::NotSent { .. } => Err(ExecuteError::NotSent {
            intent: intent.id,
            error,
            settle: patience.settle,
        }),
        lookup::Resolution::Unknown { error: lookup } => Err(ExecuteError::Unknown {
            send: Box::new(LookUp {
                intent: Box::new(intent),
                since: Timestamp::now(),
                error,
            }),
            lookup,
        }),
    }
}
