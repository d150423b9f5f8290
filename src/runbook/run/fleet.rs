//! The fleet a runbook step runs on, as SSM Run Command sees it: who the targets are, sending
//! a command, following each instance's invocation, its full output, and cancelling.

use jiff::Timestamp;
use serde::Serialize;

use crate::aws::AwsError;
use crate::kit::work::BoxFuture;
use crate::runbook::language::model::Targets;

/// SSM keeps this much of an invocation's stdout in GetCommandInvocation.
pub const STDOUT_LIMIT: usize = 24_000;
/// And this much of its stderr.
pub const STDERR_LIMIT: usize = 8_000;

/// One managed instance a command would reach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Instance {
    pub id: String,
    /// The `Name` tag or computer name; empty when it has none.
    pub name: String,
    /// `Linux`, `Windows`, `MacOS`, with the platform name and version when known.
    pub platform: String,
    /// SSM's ping status: `Online`, `ConnectionLost`, `Inactive`.
    pub ping_status: String,
}

/// What a step's targets resolve to right now (DescribeInstanceInformation).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TargetPreview {
    /// Every instance the targets match.
    pub count: usize,
    /// The first of them (up to `PREVIEW` instances), for the confirmation.
    pub instances: Vec<Instance>,
}

/// How many instances a preview lists.
pub const PREVIEW: usize = 10;

/// A SendCommand, exactly as it will be sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommandRequest {
    /// `AWS-RunShellScript`, `AWS-RunPowerShellScript`, or another document that takes a
    /// `commands` parameter.
    pub document: String,
    /// The script, after parameter substitution; sent as the `commands` parameter, one
    /// element per line.
    pub commands: String,
    pub targets: Targets,
    pub max_concurrency: String,
    pub max_errors: String,
    pub timeout_seconds: u64,
    /// Names warroom, the runbook and the step (SSM keeps 100 characters).
    pub comment: String,
    /// CloudWatch alarms that stop the command when they fire (AlarmConfiguration).
    pub stop_on_alarm: Vec<String>,
}

/// An invocation's status, as SSM names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum InvocationStatus {
    Pending,
    InProgress,
    Delayed,
    Success,
    Cancelled,
    Cancelling,
    TimedOut,
    Failed,
    Undeliverable,
    Terminated,
    Unknown,
}

impl InvocationStatus {
    pub fn parse(aws: &str) -> InvocationStatus {
        match aws {
            "Pending" => InvocationStatus::Pending,
            "InProgress" => InvocationStatus::InProgress,
            "Delayed" => InvocationStatus::Delayed,
            "Success" => InvocationStatus::Success,
            "Cancelled" => InvocationStatus::Cancelled,
            "Cancelling" => InvocationStatus::Cancelling,
            "TimedOut" => InvocationStatus::TimedOut,
            "Failed" => InvocationStatus::Failed,
            "Undeliverable" => InvocationStatus::Undeliverable,
            "Terminated" => InvocationStatus::Terminated,
            _ => InvocationStatus::Unknown,
        }
    }

    /// Whether the invocation will not change any more.
    pub fn is_final(self) -> bool {
        !matches!(
            self,
            InvocationStatus::Pending
                | InvocationStatus::InProgress
                | InvocationStatus::Delayed
                | InvocationStatus::Cancelling
        )
    }
}

/// One instance's part of a command (ListCommandInvocations with details).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Invocation {
    pub instance_id: String,
    pub instance_name: String,
    pub status: InvocationStatus,
    /// SSM's finer status: `Success`, `Failed`, `Delivery Timed Out`, `Execution Timed Out`…
    pub status_details: String,
    /// The output the listing carries (SSM cuts it to 2,500 characters).
    pub output: String,
    pub response_code: Option<i32>,
    pub started: Option<Timestamp>,
    pub ended: Option<Timestamp>,
}

/// One instance's whole output (GetCommandInvocation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvocationOutput {
    pub instance_id: String,
    pub status: InvocationStatus,
    pub response_code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// SSM kept only the first `STDOUT_LIMIT` characters.
    pub stdout_truncated: bool,
    /// SSM kept only the first `STDERR_LIMIT` characters.
    pub stderr_truncated: bool,
}

/// Why a SendCommand gave no CommandId.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// SSM answered with an error that proves it took nothing, or the request never left:
    /// nothing runs.
    Refused(AwsError),
    /// No answer that says (timed out, connection dropped, an unreadable or server-error
    /// answer): the command may be running.
    Unanswered(AwsError),
}

impl SendError {
    pub fn error(&self) -> &AwsError {
        match self {
            SendError::Refused(e) | SendError::Unanswered(e) => e,
        }
    }
}

/// A command SSM lists (ListCommands).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedCommand {
    pub command_id: String,
    pub comment: String,
    pub requested: Option<Timestamp>,
    /// The command's status as SSM has it: Pending, InProgress, Success…
    pub status: String,
}

pub trait Fleet: Send + Sync {
    /// The managed instances `targets` match now.
    fn preview(&self, targets: Targets) -> BoxFuture<'_, Result<TargetPreview, AwsError>>;
    /// Sends the command; its CommandId. An error here does not tell whether the command went
    /// out: senders use `submit`.
    fn send(&self, request: CommandRequest) -> BoxFuture<'_, Result<String, AwsError>>;
    /// Sends the command once (never retried when the answer may have been lost) and tells a
    /// refusal from a missing answer. A fleet that cannot tell takes every failure as
    /// unanswered, so that the command is looked up before anything is sent again.
    fn submit(&self, request: CommandRequest) -> BoxFuture<'_, Result<String, SendError>> {
        let sending = self.send(request);
        Box::pin(async move { sending.await.map_err(SendError::Unanswered) })
    }
    /// The command whose Comment carries `intent_id`, among those requested since `since`
    /// (ListCommands, every page). A fleet that cannot list commands says so: the outcome
    /// then stays unknown.
    fn find_sent(
        &self,
        intent_id: String,
        since: Timestamp,
    ) -> BoxFuture<'_, Result<Option<ListedCommand>, AwsError>> {
        let _ = (intent_id, since);
        Box::pin(async {
            Err(AwsError {
                kind: crate::aws::ErrorKind::Service,
                code: None,
                message: "this fleet cannot list the commands sent (ListCommands)".into(),
            })
        })
    }
    /// Every instance's invocation of the command so far (all pages).
    fn invocations(&self, command_id: String) -> BoxFuture<'_, Result<Vec<Invocation>, AwsError>>;
    fn output(
        &self,
        command_id: String,
        instance_id: String,
    ) -> BoxFuture<'_, Result<InvocationOutput, AwsError>>;
    fn cancel(&self, command_id: String) -> BoxFuture<'_, Result<(), AwsError>>;
}

/// Sends nothing: every call is refused, so a step is never sent.
impl Fleet for crate::aws::Unavailable {
    fn preview(&self, _: Targets) -> BoxFuture<'_, Result<TargetPreview, AwsError>> {
        self.fail("SSM")
    }
    fn send(&self, _: CommandRequest) -> BoxFuture<'_, Result<String, AwsError>> {
        self.fail("SSM")
    }
    fn submit(&self, _: CommandRequest) -> BoxFuture<'_, Result<String, SendError>> {
        let error = self.error("SSM");
        Box::pin(async move { Err(SendError::Refused(error)) })
    }
    fn invocations(&self, _: String) -> BoxFuture<'_, Result<Vec<Invocation>, AwsError>> {
        self.fail("SSM")
    }
    fn output(&self, _: String, _: String) -> BoxFuture<'_, Result<InvocationOutput, AwsError>> {
        self.fail("SSM")
    }
    fn cancel(&self, _: String) -> BoxFuture<'_, Result<(), AwsError>> {
        self.fail("SSM")
    }
}
