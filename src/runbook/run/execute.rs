//! Running one SSM command to its end, written down as it goes: the intent is on disk before
//! SendCommand, then the CommandId, then how it ended on every instance.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::Notify;

use super::audit::{AuditLog, Record};
use super::fleet::{Invocation, InvocationStatus};
use crate::aws::AwsError;

mod error;
mod flights;
mod follow;
mod lookup;
mod resume;
mod send;

pub use error::ExecuteError;
pub use send::{Attempt, LookUp, attempt, follow_unknown, run_command};

pub use flights::interrupted;
pub use lookup::{DEFAULT_SETTLE, settle_from_env};
pub use resume::{Resolved, Resumed, resolve_unresolved, resume};

/// Where the audit records go: the audit file, or a capture in tests.
pub trait AuditSink {
    /// Returns once the record is on disk.
    fn append(&mut self, record: &Record) -> std::io::Result<()>;
    /// Where the records go, for messages.
    fn location(&self) -> String;
    /// Another writer on the same file, for records written while this one is busy (a
    /// signal arriving mid-command); `None` when there is none.
    fn side_door(&self) -> Option<AuditLog> {
        None
    }
}

impl AuditSink for AuditLog {
    fn append(&mut self, record: &Record) -> std::io::Result<()> {
        AuditLog::append(self, record)
    }

    fn location(&self) -> String {
        self.path().display().to_string()
    }

    fn side_door(&self) -> Option<AuditLog> {
        self.share().ok()
    }
}

/// How patient a run is.
#[derive(Clone, Copy, Debug)]
pub struct StepPatience {
    pub first_poll: Duration,
    pub max_poll: Duration,
    /// ListCommandInvocations failures in a row before giving up following the command.
    pub poll_failures: u32,
    /// Empty listings in a row after which the command is taken to have reached no instance.
    pub empty_polls: u32,
    /// How long a command whose SendCommand answer never came is looked for before it is
    /// taken as not sent: SSM's listing can lag a fresh send.
    pub settle: Duration,
}

impl Default for StepPatience {
    fn default() -> Self {
        StepPatience {
            first_poll: Duration::from_millis(500),
            max_poll: Duration::from_secs(5),
            poll_failures: 5,
            empty_polls: 5,
            settle: settle_from_env(),
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
    /// SendCommand's answer never came: the command is looked up (ListCommands, by the
    /// intent's id in its Comment) before anything else happens.
    OutcomeUnknown {
        error: AwsError,
    },
    /// The lookup found the command: it went out, and is followed from here.
    Found {
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

#[cfg(test)]
mod tests;
