//! SendCommand, sent once and told apart (refused, or no answer), and ListCommands to find a
//! command whose answer never came by the intent id its Comment carries.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_ssm::config::retry::RetryConfig;
use aws_sdk_ssm::types::{Alarm, AlarmConfiguration, CommandFilter, CommandFilterKey, Target};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use jiff::Timestamp;

use super::{SsmFleet, build_error, local_error};
use crate::aws::{AwsError, CallContext, ErrorKind};
use crate::runbook::language::model::Targets;
use crate::runbook::run::fleet::{CommandRequest, ListedCommand, SendError};

/// SendCommand takes at most this many instance ids; more need tag targets.
pub const MAX_INSTANCE_IDS: usize = 50;
/// SSM keeps this many characters of a Comment.
pub const COMMENT_LIMIT: usize = 100;
/// SendCommand's smallest TimeoutSeconds.
const MIN_TIMEOUT_SECONDS: u64 = 30;
/// How far before the intent's time the lookup reaches, for a local clock ahead of AWS's.
const CLOCK_SKEW: jiff::SignedDuration = jiff::SignedDuration::from_mins(5);

impl SsmFleet {
    /// One SendCommand with the SDK's retries off (a retried SendCommand is a second
    /// command); only a throttle, which proves SSM took nothing, is tried again.
    pub(super) async fn submit_command(
        &self,
        request: CommandRequest,
    ) -> Result<String, SendError> {
        let attempts = self.retry.max_attempts.max(1);
        let mut wait = self.retry.initial_backoff;
        let mut attempt = 1;
        loop {
            match self.send_once(&request).await {
                Err(SendError::Refused(e))
                    if e.kind == ErrorKind::Throttled && attempt < attempts =>
                {
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(20));
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn send_once(&self, request: &CommandRequest) -> Result<String, SendError> {
        let mut builder = self
            .client
            .send_command()
            .document_name(&request.document)
            .set_parameters(Some(parameters(request)))
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
                return Err(SendError::Refused(local_error(format!(
                    "SendCommand takes at most {MAX_INSTANCE_IDS} instance ids and this step names {}: target the instances by tag instead (tags = {{ Service = \"...\" }}).",
                    ids.len()
                ))));
            }
            Targets::InstanceIds(ids) => builder.set_instance_ids(Some(ids.clone())),
        };
        if !request.stop_on_alarm.is_empty() {
            let alarms = request
                .stop_on_alarm
                .iter()
                .map(|name| Alarm::builder().name(name).build().map_err(build_error))
                .collect::<Result<Vec<_>, _>>()
                .map_err(SendError::Refused)?;
            let config = AlarmConfiguration::builder()
                .set_alarms(Some(alarms))
                .ignore_poll_alarm_failure(false)
                .build()
                .map_err(|e| SendError::Refused(build_error(e)))?;
            builder = builder.alarm_configuration(config);
        }
        let out = builder
            .customize()
            .config_override(
                aws_sdk_ssm::config::Builder::default().retry_config(RetryConfig::disabled()),
            )
            .send()
            .await
            .map_err(|e| send_error(&self.calls, &e))?;
        out.command()
            .and_then(|c| c.command_id())
            .map(str::to_string)
            .ok_or_else(|| {
                SendError::Unanswered(local_error(
                    "SSM accepted the command but its answer carried no CommandId.".into(),
                ))
            })
    }

    /// ListCommands since a little before `since`, newest first, every page, for the command
    /// whose Comment carries `intent_id`.
    pub(super) async fn find_command(
        &self,
        intent_id: String,
        since: Timestamp,
    ) -> Result<Option<ListedCommand>, AwsError> {
        let after = (since - CLOCK_SKEW)
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        let filter = CommandFilter::builder()
            .key(CommandFilterKey::InvokedAfter)
            .value(after)
            .build()
            .map_err(build_error)?;
        let mut token = None;
        loop {
            let out = self
                .client
                .list_commands()
                .filters(filter.clone())
                .max_results(50)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| self.calls.classify("ssm:ListCommands", &e))?;
            let found = out.commands().iter().find(|c| {
                c.comment()
                    .is_some_and(|comment| comment_carries(comment, &intent_id))
            });
            if let Some(c) = found {
                return Ok(Some(ListedCommand {
                    command_id: c.command_id().unwrap_or_default().to_string(),
                    comment: c.comment().unwrap_or_default().to_string(),
                    requested: c.requested_date_time().and_then(crate::time::from_smithy),
                    status: c
                        .status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                }));
            }
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(None);
            }
        }
    }
}

/// Refused when SSM answered with a client error (4xx: validation, access, throttle…), the
/// request was never built, or no connection was ever made (refused, or the name did not
/// resolve); anything else may have reached SSM and been taken.
fn send_error<E>(calls: &CallContext, err: &SdkError<E, HttpResponse>) -> SendError
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + 'static,
{
    let error = calls.classify("ssm:SendCommand", err);
    match err {
        SdkError::ConstructionFailure(_) => SendError::Refused(error),
        SdkError::ServiceError(s) if (400..500).contains(&s.raw().status().as_u16()) => {
            SendError::Refused(error)
        }
        SdkError::DispatchFailure(_) if never_connected(err) => SendError::Refused(error),
        _ => SendError::Unanswered(error),
    }
}

/// Whether the failure came before any connection: nothing can have been sent.
fn never_connected<E, R>(err: &SdkError<E, R>) -> bool
where
    E: std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let chain = aws_smithy_types::error::display::DisplayErrorContext(err)
        .to_string()
        .to_ascii_lowercase();
    chain.contains("connection refused")
        || chain.contains("dns error")
        || chain.contains("failed to lookup address")
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

/// `warroom <intent id> <label>` within what SSM keeps: the label is cut, never the id.
pub fn tagged_comment(intent_id: &str, label: &str) -> String {
    let head = format!("warroom {intent_id}");
    let label = label.trim();
    if label.is_empty() {
        return head;
    }
    let room = COMMENT_LIMIT.saturating_sub(head.chars().count() + 1);
    if room == 0 {
        return head;
    }
    let label = if label.chars().count() <= room {
        label.to_string()
    } else {
        let mut cut: String = label.chars().take(room - 1).collect();
        cut.push('…');
        cut
    };
    format!("{head} {label}")
}

/// Whether a command's Comment names this intent: `warroom <intent id> …`.
pub fn comment_carries(comment: &str, intent_id: &str) -> bool {
    comment
        .strip_prefix("warroom ")
        .and_then(|rest| rest.split(' ').next())
        .is_some_and(|id| id == intent_id)
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
    fn a_tagged_comment_cuts_the_label_and_never_the_intent_id() {
        let id = crate::runbook::run::audit::new_intent_id(Timestamp::now());
        assert_eq!(
            tagged_comment(&id, "checkout-5xx.md restart"),
            format!("warroom {id} checkout-5xx.md restart")
        );
        let long = tagged_comment(&id, &"é".repeat(150));
        assert_eq!(long.chars().count(), COMMENT_LIMIT);
        assert!(long.starts_with(&format!("warroom {id} é")), "{long}");
        assert!(long.ends_with('…'));
        assert!(comment_carries(&long, &id));
        assert_eq!(comment(&long), long, "SSM keeps all of it");
    }

    #[test]
    fn only_a_comment_naming_the_intent_first_carries_it() {
        assert!(comment_carries("warroom 17-2-0-ab restart", "17-2-0-ab"));
        assert!(comment_carries("warroom 17-2-0-ab", "17-2-0-ab"));
        assert!(!comment_carries("warroom 17-2-0-abc restart", "17-2-0-ab"));
        assert!(!comment_carries(
            "warroom checkout.md 17-2-0-ab",
            "17-2-0-ab"
        ));
        assert!(!comment_carries("someone 17-2-0-ab", "17-2-0-ab"));
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
