//! The fleet through SSM Run Command (aws-sdk-ssm): DescribeInstanceInformation for the
//! targets, SendCommand and ListCommands (in `send`), ListCommandInvocations,
//! GetCommandInvocation and CancelCommand.

use aws_sdk_ssm::types::{CommandInvocation, InstanceInformation, InstanceInformationStringFilter};
use jiff::Timestamp;

use super::fleet::{
    CommandRequest, Fleet, Instance, Invocation, InvocationOutput, InvocationStatus, ListedCommand,
    PREVIEW, STDERR_LIMIT, STDOUT_LIMIT, SendError, TargetPreview,
};
use crate::aws::{AwsError, AwsSession, CallContext, ErrorKind, RetrySettings};
use crate::kit::work::BoxFuture;
use crate::runbook::language::model::Targets;

mod send;

pub use send::{COMMENT_LIMIT, MAX_INSTANCE_IDS, comment, comment_carries, tagged_comment};

pub struct SsmFleet {
    client: aws_sdk_ssm::Client,
    calls: CallContext,
    /// How often a throttled SendCommand is tried (SDK retries are off for it).
    retry: RetrySettings,
}

impl SsmFleet {
    pub fn new(session: &AwsSession) -> Self {
        Self {
            client: session.ssm.clone(),
            calls: session.calls.clone(),
            retry: session.settings.retry.clone(),
        }
    }

    async fn describe(&self, targets: Targets) -> Result<TargetPreview, AwsError> {
        let filter = match &targets {
            Targets::Tags(tags) => tags
                .iter()
                .map(|(key, values)| string_filter(&format!("tag:{key}"), values))
                .collect::<Result<Vec<_>, _>>()?,
            Targets::InstanceIds(ids) => vec![string_filter("InstanceIds", ids)?],
        };
        let mut preview = TargetPreview::default();
        let mut token = None;
        loop {
            let out = self
                .client
                .describe_instance_information()
                .set_filters(Some(filter.clone()))
                .max_results(50)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| self.calls.classify("ssm:DescribeInstanceInformation", &e))?;
            for info in out.instance_information_list() {
                preview.count += 1;
                if preview.instances.len() < PREVIEW {
                    preview.instances.push(instance(info));
                }
            }
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(preview);
            }
        }
    }

    async fn list_invocations(&self, command_id: String) -> Result<Vec<Invocation>, AwsError> {
        let mut invocations = Vec::new();
        let mut token = None;
        loop {
            let out = self
                .client
                .list_command_invocations()
                .command_id(&command_id)
                .details(true)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| self.calls.classify("ssm:ListCommandInvocations", &e))?;
            invocations.extend(out.command_invocations().iter().map(invocation));
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(invocations);
            }
        }
    }

    async fn get_output(
        &self,
        command_id: String,
        instance_id: String,
    ) -> Result<InvocationOutput, AwsError> {
        let out = self
            .client
            .get_command_invocation()
            .command_id(command_id)
            .instance_id(&instance_id)
            .send()
            .await
            .map_err(|e| self.calls.classify("ssm:GetCommandInvocation", &e))?;
        let stdout = out
            .standard_output_content()
            .unwrap_or_default()
            .to_string();
        let stderr = out.standard_error_content().unwrap_or_default().to_string();
        let status = out
            .status()
            .map(|s| InvocationStatus::parse(s.as_str()))
            .unwrap_or(InvocationStatus::Unknown);
        Ok(InvocationOutput {
            instance_id,
            status,
            response_code: Some(out.response_code()).filter(|_| status.is_final()),
            stdout_truncated: stdout.chars().count() >= STDOUT_LIMIT,
            stderr_truncated: stderr.chars().count() >= STDERR_LIMIT,
            stdout,
            stderr,
        })
    }

    async fn cancel_command(&self, command_id: String) -> Result<(), AwsError> {
        self.client
            .cancel_command()
            .command_id(command_id)
            .send()
            .await
            .map_err(|e| self.calls.classify("ssm:CancelCommand", &e))?;
        Ok(())
    }
}

impl Fleet for SsmFleet {
    fn preview(&self, targets: Targets) -> BoxFuture<'_, Result<TargetPreview, AwsError>> {
        Box::pin(self.describe(targets))
    }

    fn send(&self, request: CommandRequest) -> BoxFuture<'_, Result<String, AwsError>> {
        Box::pin(async move {
            self.submit_command(request)
                .await
                .map_err(|e| e.error().clone())
        })
    }

    fn submit(&self, request: CommandRequest) -> BoxFuture<'_, Result<String, SendError>> {
        Box::pin(self.submit_command(request))
    }

    fn find_sent(
        &self,
        intent_id: String,
        since: Timestamp,
    ) -> BoxFuture<'_, Result<Option<ListedCommand>, AwsError>> {
        Box::pin(self.find_command(intent_id, since))
    }

    fn invocations(&self, command_id: String) -> BoxFuture<'_, Result<Vec<Invocation>, AwsError>> {
        Box::pin(self.list_invocations(command_id))
    }

    fn output(
        &self,
        command_id: String,
        instance_id: String,
    ) -> BoxFuture<'_, Result<InvocationOutput, AwsError>> {
        Box::pin(self.get_output(command_id, instance_id))
    }

    fn cancel(&self, command_id: String) -> BoxFuture<'_, Result<(), AwsError>> {
        Box::pin(self.cancel_command(command_id))
    }
}

fn string_filter(
    key: &str,
    values: &[String],
) -> Result<InstanceInformationStringFilter, AwsError> {
    InstanceInformationStringFilter::builder()
        .key(key)
        .set_values(Some(values.to_vec()))
        .build()
        .map_err(build_error)
}

pub(super) fn build_error(e: aws_smithy_types::error::operation::BuildError) -> AwsError {
    local_error(format!("warroom built an invalid SSM request: {e}"))
}

pub(super) fn local_error(message: String) -> AwsError {
    AwsError {
        kind: ErrorKind::Service,
        code: None,
        message,
    }
}

fn instance(info: &InstanceInformation) -> Instance {
    let name = info
        .name()
        .filter(|n| !n.is_empty())
        .or(info.computer_name())
        .unwrap_or_default();
    let platform = match (info.platform_type(), info.platform_name()) {
        (Some(kind), Some(name)) if !name.is_empty() => {
            let version = info.platform_version().unwrap_or_default();
            format!("{} ({name} {version})", kind.as_str()).replace(" )", ")")
        }
        (Some(kind), _) => kind.as_str().to_string(),
        (None, name) => name.unwrap_or_default().to_string(),
    };
    Instance {
        id: info.instance_id().unwrap_or_default().to_string(),
        name: name.to_string(),
        platform,
        ping_status: info
            .ping_status()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
    }
}

fn invocation(inv: &CommandInvocation) -> Invocation {
    let status = inv
        .status()
        .map(|s| InvocationStatus::parse(s.as_str()))
        .unwrap_or(InvocationStatus::Unknown);
    let plugin = inv.command_plugins().first();
    Invocation {
        instance_id: inv.instance_id().unwrap_or_default().to_string(),
        instance_name: inv.instance_name().unwrap_or_default().to_string(),
        status,
        status_details: inv.status_details().unwrap_or_default().to_string(),
        output: plugin
            .and_then(|p| p.output())
            .unwrap_or_default()
            .to_string(),
        response_code: plugin
            .map(|p| p.response_code())
            .filter(|_| status.is_final()),
        started: plugin
            .and_then(|p| p.response_start_date_time())
            .and_then(crate::time::from_smithy),
        ended: plugin
            .and_then(|p| p.response_finish_date_time())
            .and_then(crate::time::from_smithy),
    }
}
