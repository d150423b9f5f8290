//! Running one SSM command to its end, written down as it goes: the intent is on disk before
//! SendCommand, then the CommandId, then how it ended on every instance.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use jiff::Timestamp;
use serde::Serialize;
use tokio::sync::Notify;

use super::audit::{AuditLog, Finished, InFlight, InstanceStatus, Intent, Record, Sent};
use super::fleet::{CommandRequest, Fleet, Invocation, InvocationStatus};
use crate::aws::AwsError;

/// Where the audit records go: the audit file, or a capture in tests.
pub trait AuditSink {
    /// Returns once the record is on disk.
    fn append(&mut self, record: &Record) -> std::io::Result<()>;
    /// Where the records go, for messages.
    fn location(&self) -> String;
}

impl AuditSink for AuditLog {
    fn append(&mut self, record: &Record) -> std::io::Result<()> {
        AuditLog::append(self, record)
    }

    fn location(&self) -> String {
        self.path().display().to_string()
    }
}

/// How patient a run is.
#[derive(Clone, Copy, Debug)]
pub struct Patience {
    pub first_poll: Duration,
    pub max_poll: Duration,
    /// ListCommandInvocations failures in a row before giving up following the command.
    pub poll_failures: u32,
    /// Empty listings in a row after which the command is taken to have reached no instance.
    pub empty_polls: u32,
}

impl Default for Patience {
    fn default() -> Self {
        Patience {
            first_poll: Duration::from_millis(500),
            max_poll: Duration::from_secs(5),
            poll_failures: 5,
            empty_polls: 5,
        }
    }
}

/// Asks a running command to stop (CancelCommand); clones share the request.
#[derive(Clone, Debug, Default)]
pub struct CancelSignal {
    flag: Arc<AtomicBool>,
    notify: Arc<Notify>,
}

impl CancelSignal {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    async fn wait(&self, duration: Duration) {
        if self.is_cancelled() {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(duration) => {}
            _ = self.notify.notified() => {}
        }
    }
}

/// What a run reports as it goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    /// The intent is on disk; SendCommand is next.
    IntentWritten {
        intent: String,
    },
    Sent {
        command_id: String,
    },
    /// Every invocation as the last listing had it.
    Polled {
        invocations: Vec<Invocation>,
    },
    /// A listing failed; the command runs on and is asked again.
    PollFailed {
        attempt: u32,
        error: AwsError,
    },
    CancelRequested {
        command_id: String,
    },
    /// CancelCommand failed: the command runs on.
    CancelFailed {
        error: AwsError,
    },
}

/// How a command ended, in SSM's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum CommandStatus {
    Success,
    Failed,
    TimedOut,
    Cancelled,
}

impl CommandStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CommandStatus::Success => "Success",
            CommandStatus::Failed => "Failed",
            CommandStatus::TimedOut => "TimedOut",
            CommandStatus::Cancelled => "Cancelled",
        }
    }

    /// The command's status from its invocations, all of them final: Success only if every
    /// one succeeded; a cancel we asked for makes it Cancelled; otherwise a failure outranks
    /// a timeout, which outranks a cancellation (instances SSM never started once MaxErrors
    /// was passed end Cancelled, and the command Failed).
    pub fn of(invocations: &[Invocation], cancel_requested: bool) -> CommandStatus {
        let any = |f: fn(InvocationStatus) -> bool| invocations.iter().any(|i| f(i.status));
        if invocations
            .iter()
            .all(|i| i.status == InvocationStatus::Success)
        {
            CommandStatus::Success
        } else if cancel_requested && any(|s| s == InvocationStatus::Cancelled) {
            CommandStatus::Cancelled
        } else if any(|s| {
            matches!(
                s,
                InvocationStatus::Failed
                    | InvocationStatus::Undeliverable
                    | InvocationStatus::Terminated
                    | InvocationStatus::Unknown
            )
        }) {
            CommandStatus::Failed
        } else if any(|s| s == InvocationStatus::TimedOut) {
            CommandStatus::TimedOut
        } else if any(|s| s == InvocationStatus::Cancelled) {
            CommandStatus::Cancelled
        } else {
            CommandStatus::Failed
        }
    }
}

impl fmt::Display for CommandStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CommandOutcome {
    pub intent: String,
    pub command_id: String,
    pub status: CommandStatus,
    pub invocations: Vec<Invocation>,
    /// Records that could not be written after the command was sent: it ran all the same.
    pub audit_problems: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExecuteError {
    /// The intent could not be written down, so nothing was sent.
    Audit { path: String, error: String },
    /// SendCommand failed: nothing runs.
    Send(AwsError),
    /// The command was sent and runs, but its invocations could not be listed.
    Follow { command_id: String, error: AwsError },
}

impl fmt::Display for ExecuteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecuteError::Audit { path, error } => write!(
                f,
                "Nothing was sent: the audit log {path} could not record the intent ({error}). Free disk space or fix its permissions, then run the step again."
            ),
            ExecuteError::Send(e) => write!(f, "Nothing was sent: {}", e.message),
            ExecuteError::Follow { command_id, error } => write!(
                f,
                "Command {command_id} was sent and keeps running, but its status cannot be read: {} Check it in the SSM console (Run Command) or restart warroom to fetch it.",
                error.message
            ),
        }
    }
}

impl std::error::Error for ExecuteError {}

/// Writes the intent (on disk before anything is sent), sends the command, records its
/// CommandId, follows its invocations with backoff until each has ended, and records how.
pub async fn run_command(
    fleet: &dyn Fleet,
    audit: &mut (dyn AuditSink + Send),
    intent: Intent,
    request: CommandRequest,
    patience: Patience,
    cancel: &CancelSignal,
    mut progress: impl FnMut(Progress),
) -> Result<CommandOutcome, ExecuteError> {
    let intent_id = intent.id.clone();
    let audit_path = audit.location();
    audit
        .append(&Record::Intent(Box::new(intent)))
        .map_err(|e| ExecuteError::Audit {
            path: audit_path.clone(),
            error: e.to_string(),
        })?;
    progress(Progress::IntentWritten {
        intent: intent_id.clone(),
    });
    let command_id = fleet.send(request).await.map_err(ExecuteError::Send)?;
    let mut audit_problems = Vec::new();
    let sent = Record::Sent(Sent {
        intent: intent_id.clone(),
        time: Timestamp::now(),
        command_id: command_id.clone(),
    });
    if let Err(e) = audit.append(&sent) {
        audit_problems.push(format!(
            "the audit log {audit_path} lacks the CommandId {command_id}: {e}"
        ));
    }
    progress(Progress::Sent {
        command_id: command_id.clone(),
    });
    let (invocations, cancel_requested) =
        follow(fleet, &command_id, patience, cancel, &mut progress).await?;
    let status = CommandStatus::of(&invocations, cancel_requested);
    let outcome = CommandOutcome {
        intent: intent_id,
        command_id,
        status,
        invocations,
        audit_problems,
    };
    if let Err(e) = audit.append(&finished_record(&outcome)) {
        let mut outcome = outcome;
        outcome.audit_problems.push(format!(
            "the audit log {audit_path} lacks how command {} ended: {e}",
            outcome.command_id
        ));
        return Ok(outcome);
    }
    Ok(outcome)
}

async fn follow(
    fleet: &dyn Fleet,
    command_id: &str,
    patience: Patience,
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

fn finished_record(outcome: &CommandOutcome) -> Record {
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

/// What became of a command that was in flight when warroom stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum Resumed {
    /// It has ended; its `finished` record is now written (unless `audit_problem` says not).
    Finished {
        outcome: CommandOutcome,
        audit_problem: Option<String>,
    },
    /// It still runs on some instances.
    Running { invocations: Vec<Invocation> },
    /// SSM no longer knows it (commands expire after 30 days); recorded as Unknown.
    Forgotten { audit_problem: Option<String> },
    /// Its status could not be read now.
    Unreadable(AwsError),
}

/// Fetches the status of commands that were in flight, and records the end of those that
/// have ended.
pub async fn resume(
    fleet: &dyn Fleet,
    audit: &mut (dyn AuditSink + Send),
    in_flight: &[InFlight],
) -> Vec<(InFlight, Resumed)> {
    let mut results = Vec::new();
    for flight in in_flight {
        let resumed = match fleet.invocations(flight.command_id.clone()).await {
            Ok(invocations) if invocations.iter().any(|i| !i.status.is_final()) => {
                Resumed::Running { invocations }
            }
            Ok(invocations) => {
                let outcome = CommandOutcome {
                    intent: flight.intent.id.clone(),
                    command_id: flight.command_id.clone(),
                    status: CommandStatus::of(&invocations, false),
                    invocations,
                    audit_problems: Vec::new(),
                };
                let audit_problem = audit
                    .append(&finished_record(&outcome))
                    .err()
                    .map(|e| e.to_string());
                Resumed::Finished {
                    outcome,
                    audit_problem,
                }
            }
            Err(e) if e.code.as_deref() == Some("InvalidCommandId") => {
                let record = Record::Finished(Finished {
                    intent: flight.intent.id.clone(),
                    time: Timestamp::now(),
                    command_id: flight.command_id.clone(),
                    status: "Unknown".into(),
                    instances: Vec::new(),
                });
                Resumed::Forgotten {
                    audit_problem: audit.append(&record).err().map(|e| e.to_string()),
                }
            }
            Err(e) => Resumed::Unreadable(e),
        };
        results.push((flight.clone(), resumed));
    }
    results
}

#[cfg(test)]
mod tests;
