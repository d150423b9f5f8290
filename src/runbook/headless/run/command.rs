//! A command step on the terminal: the confirmation, the intent written before the send,
//! and what the engineer chooses after it.

use std::io::{BufRead, Write};

use jiff::Timestamp;

use super::follow::{SendEnd, send_and_follow};
use super::{RunEnv, StepEnd};
use crate::runbook::headless::prompt::{AfterFailure, Confirmation, Prompter};
use crate::runbook::headless::{describe_targets, duration};
use crate::runbook::language::model::{Runbook, Step};
use crate::runbook::language::params::ParamValues;
use crate::runbook::language::resolve::ResolvedCommand;
use crate::runbook::run::audit::{Intent, new_intent_id};
use crate::runbook::run::execute::{Attempt, CommandStatus};
use crate::runbook::run::fleet::{CommandRequest, TargetPreview};

pub(super) async fn command_step<R: BufRead, W: Write>(
    env: &mut RunEnv<'_>,
    runbook: &Runbook,
    hash: &str,
    values: &ParamValues,
    step: &Step,
    command: &ResolvedCommand,
    prompt: &mut Prompter<R, W>,
) -> std::io::Result<StepEnd> {
    // A send whose outcome is unknown: a retry looks it up, and never sends, until it is
    // found or shown not sent.
    let mut unknown: Option<Attempt> = None;
    loop {
        if let Some(look_up) = unknown.take() {
            writeln!(
                prompt.out,
                "Looking up the command of the earlier attempt (its comment starts `warroom {}`) before anything is sent again.",
                look_up.intent_id()
            )?;
            let end = send_and_follow(env, look_up, prompt).await?;
            match after_send(end, &mut unknown, prompt)? {
                Some(end) => return Ok(end),
                None => continue,
            }
        }
        let preview = match env.fleet.preview(command.targets.clone()).await {
            Ok(preview) => Some(preview),
            Err(e) => {
                writeln!(prompt.out, "  The targets cannot be resolved: {e}")?;
                None
            }
        };
        write_confirmation(&mut prompt.out, env, command, preview.as_ref())?;
        let impossible = if env.read_only {
            Some("warroom is read-only (--read-only or read_only in the config)".to_string())
        } else {
            match &preview {
                None => Some("the targets could not be resolved".to_string()),
                Some(p) if p.count == 0 => Some(format!(
                    "no managed instance matches {}",
                    describe_targets(&command.targets)
                )),
                Some(_) => None,
            }
        };
        if let Some(why) = impossible {
            writeln!(prompt.out, "Cannot send this step: {why}.")?;
            match prompt.after_failure(!env.read_only)? {
                AfterFailure::Retry => continue,
                AfterFailure::Skip => return Ok(StepEnd::Skipped),
                AfterFailure::Abort => return Ok(StepEnd::Aborted),
            }
        }
        let production = env.account.production.then_some(&env.account);
        match prompt.confirm(
            command.confirm,
            &env.identity.account,
            production,
            &command.targets,
        )? {
            Confirmation::Send => {}
            Confirmation::Declined { .. } => {
                writeln!(prompt.out, "Not sent.")?;
                match prompt.after_failure(true)? {
                    AfterFailure::Retry => continue,
                    AfterFailure::Skip => return Ok(StepEnd::Skipped),
                    AfterFailure::Abort => return Ok(StepEnd::Aborted),
                }
            }
        }
        let request = CommandRequest {
            document: command.document.clone(),
            commands: command.commands.clone(),
            targets: command.targets.clone(),
            max_concurrency: command.rate.max_concurrency.clone().unwrap_or_default(),
            max_errors: command.rate.max_errors.clone().unwrap_or_default(),
            timeout_seconds: command.rate.timeout.map(|t| t.as_secs()).unwrap_or(3600),
            comment: format!("warroom {} {}", file_name(runbook), step.name),
            stop_on_alarm: command.stop_on_alarm.clone(),
        };
        let intent = intent(env, runbook, hash, values, step, &request);
        let attempt = Attempt::Send {
            intent: Box::new(intent),
            request: Box::new(request),
        };
        let end = send_and_follow(env, attempt, prompt).await?;
        if let Some(end) = after_send(end, &mut unknown, prompt)? {
            return Ok(end);
        }
    }
}

/// How the step goes on after a send: done when it succeeded, else what the engineer
/// chooses (`None`: try again). An unknown outcome is kept for the retry to look up.
fn after_send<R: BufRead, W: Write>(
    end: SendEnd,
    unknown: &mut Option<Attempt>,
    prompt: &mut Prompter<R, W>,
) -> std::io::Result<Option<StepEnd>> {
    match end {
        SendEnd::Ran(outcome) if outcome.status == CommandStatus::Success => {
            return Ok(Some(StepEnd::Done {
                acknowledged: false,
            }));
        }
        SendEnd::Unknown(look_up) => {
            writeln!(
                prompt.out,
                "r looks the command up again; nothing of this step is sent until it is found or shown not sent."
            )?;
            *unknown = Some(look_up);
        }
        SendEnd::Ran(_) | SendEnd::Failed => {}
    }
    Ok(match prompt.after_failure(true)? {
        AfterFailure::Retry => None,
        AfterFailure::Skip => Some(StepEnd::Skipped),
        AfterFailure::Abort => Some(StepEnd::Aborted),
    })
}

fn file_name(runbook: &Runbook) -> String {
    runbook
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| runbook.path.display().to_string())
}

fn intent(
    env: &RunEnv<'_>,
    runbook: &Runbook,
    hash: &str,
    values: &ParamValues,
    step: &Step,
    request: &CommandRequest,
) -> Intent {
    let time = Timestamp::now();
    Intent {
        id: new_intent_id(time),
        time,
        runbook: runbook.path.display().to_string(),
        content_hash: hash.to_string(),
        step: step.name.clone(),
        parameters: values
            .0
            .iter()
            .map(|(name, value)| (name.clone(), value.value.clone()))
            .collect(),
        document: request.document.clone(),
        commands: request.commands.clone(),
        targets: request.targets.clone(),
        max_concurrency: request.max_concurrency.clone(),
        max_errors: request.max_errors.clone(),
        timeout_seconds: request.timeout_seconds,
        caller_arn: env.identity.arn.clone(),
        account: env.identity.account.clone(),
        region: env.region.clone(),
    }
}

/// The confirmation: where, what, on which instances, how fast, for how long.
pub fn write_confirmation(
    out: &mut impl Write,
    env: &RunEnv<'_>,
    command: &ResolvedCommand,
    preview: Option<&TargetPreview>,
) -> std::io::Result<()> {
    let rate = &command.rate;
    let prod = if env.account.production {
        " · PROD"
    } else {
        ""
    };
    writeln!(
        out,
        "  account: {} · region: {}{prod}",
        env.account.label(),
        env.region
    )?;
    writeln!(out, "  document:      {}", command.document)?;
    writeln!(out, "  commands:")?;
    for line in command.commands.lines() {
        writeln!(out, "    {line}")?;
    }
    match preview {
        Some(preview) => {
            let noun = if preview.count == 1 {
                "instance"
            } else {
                "instances"
            };
            writeln!(
                out,
                "  targets:       {}: {} {noun}",
                describe_targets(&command.targets),
                preview.count
            )?;
            for instance in &preview.instances {
                writeln!(
                    out,
                    "    {:<20} {:<24} {:<32} {}",
                    instance.id, instance.name, instance.platform, instance.ping_status
                )?;
            }
            if preview.count > preview.instances.len() {
                writeln!(
                    out,
                    "    … and {} more",
                    preview.count - preview.instances.len()
                )?;
            }
        }
        None => writeln!(
            out,
            "  targets:       {} (not resolved)",
            describe_targets(&command.targets)
        )?,
    }
    writeln!(
        out,
        "  rate control:  max concurrency {}, max errors {}",
        rate.max_concurrency.as_deref().unwrap_or("-"),
        rate.max_errors.as_deref().unwrap_or("-")
    )?;
    if let Some(timeout) = rate.timeout {
        writeln!(out, "  timeout:       {}", duration(timeout))?;
    }
    if !command.stop_on_alarm.is_empty() {
        writeln!(out, "  stop on alarm: {}", command.stop_on_alarm.join(", "))?;
    }
    Ok(())
}
