//! Why a command step did not run to a known end, in words to act on.

use std::fmt;
use std::time::Duration;

use crate::aws::AwsError;

#[derive(Clone, Debug, PartialEq)]
pub enum ExecuteError {
    /// The intent could not be written down, so nothing was sent.
    Audit { path: String, error: String },
    /// SSM refused the SendCommand (or it never left): nothing runs.
    Send(AwsError),
    /// SendCommand's answer never came, and SSM listed no command carrying the intent's id
    /// for `settle`: it never went out, and the step may be sent again.
    NotSent {
        intent: String,
        error: AwsError,
        settle: Duration,
    },
    /// SendCommand's answer never came and the lookup failed: the command may be running.
    /// Nothing of the step is sent again until a lookup settles it.
    Unknown {
        /// The send, for a retry to look up again.
        send: Box<super::LookUp>,
        /// Why the lookup failed.
        lookup: AwsError,
    },
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
            ExecuteError::NotSent {
                intent,
                error,
                settle,
            } => write!(
                f,
                "Not sent: SendCommand gave no answer ({}), and for {} SSM listed no command whose comment starts with `warroom {intent}`: it never went out. Run the step again to send it.",
                error.message,
                crate::runbook::headless::duration(*settle)
            ),
            ExecuteError::Unknown { send, lookup } => write!(
                f,
                "Outcome unknown: SendCommand gave no answer ({}) and looking the command up failed ({}). It may be running. Nothing of this step is sent again until it is found or shown not sent: check the network and that the role may call ssm:ListCommands, then retry to look it up again. In the SSM console (Run Command, Command history) its comment starts with `warroom {}`.",
                send.error.message, lookup.message, send.intent.id
            ),
            ExecuteError::Follow { command_id, error } => write!(
                f,
                "Command {command_id} was sent and keeps running, but its status cannot be read: {} Check it in the SSM console (Run Command) or restart warroom to fetch it.",
                error.message
            ),
        }
    }
}

impl std::error::Error for ExecuteError {}

impl ExecuteError {
    /// For an unknown outcome, the lookup that a retry makes instead of sending.
    pub fn into_look_up(self) -> Option<super::LookUp> {
        match self {
            ExecuteError::Unknown { send, .. } => Some(*send),
            _ => None,
        }
    }
}
