//! The fleet through SSM Run Command (aws-sdk-ssm): DescribeInstanceInformation for the
//! targets, SendCommand, ListCommandInvocations, GetCommandInvocation and CancelCommand.

use std::collections::HashMap;

use aws_sdk_ssm::types::{
    Alarm, AlarmConfiguration, CommandInvocation, InstanceInformation,
    InstanceInformationStringFilter, Target,
};

use super::fleet::{
    CommandRequest, Fleet, Instance, Invocation, InvocationOutput, InvocationStatus, PREVIEW,
    STDERR_LIMIT, STDOUT_LIMIT, TargetPreview,
};
use super::model::Targets;
use crate::alarms::source::BoxFuture;
use crate::aws::{AwsError, AwsSession, CallContext, ErrorKind};

/// SendCommand takes at most this many instance ids; more need tag targets.
pub const MAX_INSTANCE_IDS: usize = 50;
/// SSM keeps this many characters of a Comment.
pub const COMMENT_LIMIT: usize = 100;
/// SendCommand's smallest TimeoutSeconds.
const MIN_TIMEOUT_SECONDS: u64 = 30;

pub struct SsmFleet {
    client: aws_sdk_ssm::Client,
    calls: CallContext,
}

impl SsmFleet {
    pub fn new(session: &AwsSession) -> Self {
        Self {
            client: session.ssm.clone(),
            calls: session.calls.clone(),
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

    async fn send_command(&self, request: CommandRequest) -> Result<String, AwsError> {
        let mut builder = self
            .client
            .send_command()
            .document_name(&request.document)
            .set_parameters(Some(parameters(&request)))
            .comment(comment(&request.comment))
            .timeout_seconds(timeout_seconds(request.timeout_seconds))
            .max_concurrency(&request.max_concurrency)
            .max_errors(&request.max_errors);
        builder = match &request.targets {
            Targets::Tags(tags) => builder.set_targets(Some(
                tags.iter()
                    .map(|(key, values)| {
                        Target::builder()
                            .key(format!("tag:{key}"))
                            .set_values(Some(values.clone()))
                            .build()
                    })
                    .collect(),
            )),
            Targets::InstanceIds(ids) if ids.len() > MAX_INSTANCE_IDS => {
                return Err(local_error(format!(
                    "SendCommand takes at most {MAX_INSTANCE_IDS} instance ids and this step names {}: target the instances by tag instead (tags = {{ Service = \"...\" }}).",
                    ids.len()
                )));
            }
            Targets::InstanceIds(ids) => builder.set_instance_ids(Some(ids.clone())),
        };
        if !request.stop_on_alarm.is_empty() {
            let alarms = request
                .stop_on_alarm
                .iter()
                .map(|name| Alarm::builder().name(name).build().map_err(build_error))
                .collect::<Result<Vec<_>, _>>()?;
            let config = AlarmConfiguration::builder()
                .set_alarms(Some(alarms))
                .ignore_poll_alarm_failure(false)
                .build()
                .map_err(build_error)?;
            builder = builder.alarm_configuration(config);
        }
        let out = builder
            .send()
            .await
            .map_err(|e| self.calls.classify("ssm:SendCommand", &e))?;
        out.command()
            .and_then(|c| c.command_id())
            .map(str::to_string)
            .ok_or_else(|| {
                local_error("SSM accepted the command but returned no CommandId.".into())
            })
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
        Box::pin(self.send_command(request))
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

fn build_error(e: aws_smithy_types::error::operation::BuildError) -> AwsError {
    local_error(format!("warroom built an invalid SSM request: {e}"))
}

fn local_error(message: String) -> AwsError {
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

/// The `commands` parameter (one element per line), and the execution timeout for the two
/// documents known to take one.
fn parameters(request: &CommandRequest) -> HashMap<String, Vec<String>> {
    let mut parameters = HashMap::new();
    parameters.insert(
        "commands".to_string(),
        request.commands.lines().map(str::to_string).collect(),
    );
    if matches!(
        request.document.as_str(),
        "AWS-RunShellScript" | "AWS-RunPowerShellScript"
    ) {
        parameters.insert(
            "executionTimeout".to_string(),
            vec![request.timeout_seconds.max(1).to_string()],
        );
    }
    parameters
}

/// The comment as SSM keeps it: at most 100 characters, cut with `…`.
pub fn comment(text: &str) -> String {
    if text.chars().count() <= COMMENT_LIMIT {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(COMMENT_LIMIT - 1).collect();
    cut.push('…');
    cut
}

/// TimeoutSeconds within what SendCommand accepts (30 s to 30 days).
fn timeout_seconds(seconds: u64) -> i32 {
    seconds.clamp(MIN_TIMEOUT_SECONDS, 2_592_000) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(commands: &str, document: &str) -> CommandRequest {
        CommandRequest {
            document: document.into(),
            commands: commands.into(),
            targets: Targets::InstanceIds(vec!["i-0123456789abcdef0".into()]),
            max_concurrency: "1".into(),
            max_errors: "0".into(),
            timeout_seconds: 120,
            comment: "warroom".into(),
            stop_on_alarm: Vec::new(),
        }
    }

    #[test]
    fn comments_longer_than_ssm_keeps_are_cut_with_an_ellipsis() {
        assert_eq!(
            comment("warroom checkout-5xx restart"),
            "warroom checkout-5xx restart"
        );
        let long = "é".repeat(150);
        let cut = comment(&long);
        assert_eq!(cut.chars().count(), 100);
        assert!(cut.ends_with('…'));
        assert_eq!(comment(&"x".repeat(100)), "x".repeat(100));
    }

    #[test]
    fn a_script_is_sent_one_line_per_command_with_its_execution_timeout() {
        let p = parameters(&request("set -u\necho a\n\necho b", "AWS-RunShellScript"));
        assert_eq!(p["commands"], ["set -u", "echo a", "", "echo b"]);
        assert_eq!(p["executionTimeout"], ["120"]);
        let other = parameters(&request("x", "Custom-Doc"));
        assert!(!other.contains_key("executionTimeout"));
    }

    #[test]
    fn timeouts_stay_within_what_send_command_accepts() {
        assert_eq!(timeout_seconds(5), 30);
        assert_eq!(timeout_seconds(300), 300);
        assert_eq!(timeout_seconds(u64::MAX), 2_592_000);
    }
}
