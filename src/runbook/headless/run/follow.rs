//! Sending a command (or looking up an earlier send) and following it to its end on the
//! terminal: each instance's status as it changes, then its output.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use super::RunEnv;
use crate::runbook::headless::prompt::Prompter;
use crate::runbook::run::execute::{self, Attempt, CancelSignal, CommandOutcome, Progress};
use crate::runbook::run::fleet::{Fleet, Invocation, InvocationStatus, STDERR_LIMIT, STDOUT_LIMIT};

pub(super) enum SendEnd {
    /// The command ran to an end (the outcome says which).
    Ran(CommandOutcome),
    /// Not sent, or not followed to its end (the error is printed).
    Failed,
    /// Its outcome is unknown: the lookup a retry makes.
    Unknown(Attempt),
}

/// Sends through the runner (or looks up an earlier send), printing each instance's status
/// as it changes, then each instance's output.
pub(super) async fn send_and_follow<R: BufRead, W: Write>(
    env: &mut RunEnv<'_>,
    attempt: Attempt,
    prompt: &mut Prompter<R, W>,
) -> std::io::Result<SendEnd> {
    let mut last: BTreeMap<String, InvocationStatus> = BTreeMap::new();
    let out = &mut prompt.out;
    let mut write_error = None;
    let mut found = false;
    let settle = env.patience.settle;
    let cancel = CancelSignal::new();
    let result = execute::attempt(
        env.fleet,
        &mut *env.audit,
        attempt,
        env.patience,
        &cancel,
        |progress| {
            let line = match progress {
                Progress::Sent { .. } if found => None,
                Progress::Sent { command_id } => Some(format!("Sent: command {command_id}")),
                Progress::OutcomeUnknown { error } => Some(format!(
                    "SendCommand gave no answer ({}): it may have gone out. Looking it up by this step's id (ListCommands, for up to {}) before anything else.",
                    crate::defuse::line(&error.message),
                    super::duration(settle)
                )),
                Progress::Found { command_id } => {
                    found = true;
                    Some(format!(
                        "Found: command {command_id} went out (its comment carries this step's id). Following it."
                    ))
                }
                Progress::Polled { invocations } => {
                    let mut changed = Vec::new();
                    for inv in &invocations {
                        if last.insert(inv.instance_id.clone(), inv.status) != Some(inv.status) {
                            changed.push(format!(
                                "  {:<20} {:<24} {}",
                                inv.instance_id,
                                inv.instance_name,
                                status_text(inv)
                            ));
                        }
                    }
                    (!changed.is_empty()).then(|| changed.join("\n"))
                }
                Progress::PollFailed { attempt, error } => Some(format!(
                    "  (reading the status failed, attempt {attempt}: {error})"
                )),
                Progress::CancelFailed { error } => Some(format!("  (cancelling failed: {error})")),
                Progress::IntentWritten { .. } | Progress::CancelRequested { .. } => None,
            };
            if let Some(line) = line
                && write_error.is_none()
            {
                write_error = writeln!(out, "{line}").and_then(|_| out.flush()).err();
            }
        },
    )
    .await;
    if let Some(e) = write_error {
        return Err(e);
    }
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(e) => {
            writeln!(out, "{e}")?;
            return Ok(match e.into_look_up() {
                Some(look_up) => SendEnd::Unknown(Attempt::LookUp(look_up)),
                None => SendEnd::Failed,
            });
        }
    };
    for problem in &outcome.audit_problems {
        writeln!(out, "warning: {problem}")?;
    }
    if outcome.invocations.is_empty() {
        writeln!(out, "No instance received the command.")?;
    }
    for inv in &outcome.invocations {
        write_output(out, env.fleet, &outcome.command_id, inv).await?;
    }
    let failed = outcome
        .invocations
        .iter()
        .filter(|i| i.status != InvocationStatus::Success)
        .count();
    writeln!(
        out,
        "Command {} ended {}: {} of {} instances succeeded.",
        outcome.command_id,
        outcome.status,
        outcome.invocations.len() - failed,
        outcome.invocations.len()
    )?;
    Ok(SendEnd::Ran(outcome))
}

fn status_text(inv: &Invocation) -> String {
    let mut text = format!("{:?}", inv.status);
    if !inv.status_details.is_empty() && inv.status_details != text {
        text.push_str(&format!(" ({})", inv.status_details));
    }
    if let Some(code) = inv.response_code {
        text.push_str(&format!(", exit {code}"));
    }
    text
}

async fn write_output(
    out: &mut impl Write,
    fleet: &dyn Fleet,
    command_id: &str,
    inv: &Invocation,
) -> std::io::Result<()> {
    writeln!(
        out,
        "── {} {} {}",
        inv.instance_name,
        inv.instance_id,
        status_text(inv)
    )?;
    match fleet
        .output(command_id.to_string(), inv.instance_id.clone())
        .await
    {
        Ok(output) => {
            for line in output.stdout.lines() {
                writeln!(out, "   {line}")?;
            }
            if output.stdout_truncated {
                writeln!(
                    out,
                    "   (SSM kept only the first {STDOUT_LIMIT} characters of stdout; the rest is on the instance)"
                )?;
            }
            if !output.stderr.is_empty() {
                writeln!(out, "   stderr:")?;
                for line in output.stderr.lines() {
                    writeln!(out, "   {line}")?;
                }
            }
            if output.stderr_truncated {
                writeln!(
                    out,
                    "   (SSM kept only the first {STDERR_LIMIT} characters of stderr)"
                )?;
            }
        }
        Err(e) => {
            writeln!(out, "   (full output unavailable: {e}; the listing had:)")?;
            for line in inv.output.lines() {
                writeln!(out, "   {line}")?;
            }
        }
    }
    Ok(())
}
