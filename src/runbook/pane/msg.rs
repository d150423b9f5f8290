//! What the Runbooks pane's work answers.

use super::catalog::CatalogEntry;
use crate::aws::AwsError;
use crate::logs::QueryResult;
use crate::logs::run::QueryError;
use crate::runbook::run::audit::{InFlight, Unresolved};
use crate::runbook::run::execute::CommandStatus;
use crate::runbook::run::execute::{LookUp, Resolved, Resumed};
use crate::runbook::run::fleet::{Invocation, InvocationOutput, TargetPreview};

pub enum RunbookMsg {
    Loaded {
        req: u64,
        entries: Vec<CatalogEntry>,
        /// Folders that could not be read.
        missing: Vec<String>,
        /// Commands sent and never seen to finish, from the audit log.
        in_flight: Vec<InFlight>,
        /// Sends whose outcome was never known, from the audit log.
        unresolved: Vec<Unresolved>,
        /// Lines of the audit log that could not be read.
        audit_warnings: Vec<String>,
    },
    TargetsPreviewed {
        req: u64,
        result: Result<TargetPreview, AwsError>,
    },
    /// The intent is on disk and SendCommand answered with this id.
    StepSent { req: u64, command_id: String },
    StepProgress {
        req: u64,
        invocations: Vec<Invocation>,
    },
    /// The command ended with SSM's status, or could not be sent or followed.
    StepFinished {
        req: u64,
        result: Result<CommandStatus, StepFailure>,
    },
    /// SendCommand's answer never came and the lookup failed: the step's outcome is unknown
    /// and nothing of it is sent again until a lookup settles it.
    StepUnknown {
        req: u64,
        send: LookUp,
        message: String,
    },
    OutputLoaded {
        req: u64,
        result: Result<InvocationOutput, AwsError>,
    },
    Cancelled {
        command_id: String,
        result: Result<(), AwsError>,
    },
    /// A skip or acknowledgement could not be written to the audit log.
    AuditFailed { message: String },
    Resumed {
        results: Vec<(InFlight, Resumed)>,
        /// What the lookups made of the sends whose outcome was unknown.
        resolved: Vec<(Unresolved, Resolved)>,
    },
    QueryFinished {
        req: u64,
        result: Result<QueryResult, QueryError>,
    },
}

/// Why a step did not end with a status of SSM's.
#[derive(Clone, Debug, PartialEq)]
pub enum StepFailure {
    /// There was no session yet: nothing was sent.
    NotConnected,
    /// The command ended, but its end could not be written to the audit log.
    NotRecorded {
        command_id: String,
        status: CommandStatus,
        problems: Vec<String>,
    },
    /// It could not be sent or followed, in the words of what went wrong.
    Failed(String),
}

impl std::fmt::Display for StepFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StepFailure::NotConnected => write!(f, "Not connected to AWS yet: nothing was sent"),
            StepFailure::NotRecorded {
                command_id,
                status,
                problems,
            } => write!(
                f,
                "{command_id} ended {status}, but the audit log could not record it: {}",
                problems.join("; ")
            ),
            StepFailure::Failed(message) => f.write_str(message),
        }
    }
}
