//! `warroom runbook run`: a runbook step by step in the plain terminal, every command
//! confirmed on the terminal first and written to the audit log.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use jiff::Timestamp;

use super::{describe_targets, duration};
use crate::aws::Identity;
use crate::logs::InsightsSource;
use crate::logs::model::QueryRequest;
use crate::runbook::headless::prompt::{AfterFailure, Confirmation, Prompter};
use crate::runbook::language::model::{Runbook, Step};
use crate::runbook::language::params::ParamValues;
use crate::runbook::language::resolve::{
    ResolvedAction, ResolvedCommand, ResolvedQuery, ResolvedStep,
};
use crate::runbook::run::audit::{Intent, Record, StepEvent, content_hash, new_intent_id};
use crate::runbook::run::execute::{
    self, Attempt, AuditSink, CancelSignal, CommandOutcome, CommandStatus, Patience, Progress,
};
use crate::runbook::run::fleet::{
    CommandRequest, Fleet, Invocation, InvocationStatus, STDERR_LIMIT, STDOUT_LIMIT, TargetPreview,
};

/// What a run works with.
pub struct RunEnv<'a> {
    pub fleet: &'a dyn Fleet,
    pub insights: &'a dyn InsightsSource,
    pub audit: &'a mut (dyn AuditSink + Send),
    /// From STS, not from the config.
    pub identity: Identity,
    pub region: String,
    pub read_only: bool,
    pub patience: Patience,
    pub query_patience: crate::logs::run::Patience,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunEnd {
    Completed { skipped: Vec<String> },
    Aborted { step: String },
}

/// Why the runbook may not run here at all: its account or region pin.
pub fn pin_problem(runbook: &Runbook, identity: &Identity, region: &str) -> Option<String> {
    if let Some(account) = &runbook.front.account
        && account != &identity.account
    {
        return Some(format!(
            "{} runs only in account {account}, and the credentials act in account {} ({}). Use a profile for account {account} (--profile).",
            runbook.path.display(),
            identity.account,
            identity.arn
        ));
    }
    if !runbook.front.regions.is_empty() && !runbook.front.regions.iter().any(|r| r == region) {
        return Some(format!(
            "{} runs only in {}, and warroom is in {region}. Pass --region {}.",
            runbook.path.display(),
            runbook.front.regions.join(", "),
            runbook.front.regions[0]
        ));
    }
    None
}

/// Runs every step in order. I/O errors on the terminal end the run.
pub async fn run_runbook<R: BufRead, W: Write>(
    env: &mut RunEnv<'_>,
    runbook: &Runbook,
    source: &[u8],
    values: &ParamValues,
    resolved: &[ResolvedStep],
    prompt: &mut Prompter<R, W>,
) -> std::io::Result<RunEnd> {
    let hash = content_hash(source);
    writeln!(prompt.out, "{}", runbook.title)?;
    writeln!(
        prompt.out,
        "Account {} ({}), region {}. Audit log: {}",
        env.identity.account,
        env.identity.arn,
        env.region,
        env.audit.location()
    )?;
    if env.read_only {
        writeln!(prompt.out, "Read-only: commands are shown and never sent.")?;
    }
    let mut skipped = Vec::new();
    let total = runbook.steps.len();
    for (number, (step, resolved)) in runbook.steps.iter().zip(resolved).enumerate() {
        writeln!(prompt.out)?;
        writeln!(
            prompt.out,
            "Step {} of {total}. {}  [{}]",
            number + 1,
            step.heading,
            step.action.label()
        )?;
        write_prose(&mut prompt.out, step)?;
        let done = match &resolved.action {
            ResolvedAction::Manual => manual(prompt)?,
            ResolvedAction::LogsQuery(query) => logs_query(env, query, prompt).await?,
            ResolvedAction::RunCommand(command) => {
                command_step(env, runbook, &hash, values, step, command, prompt).await?
            }
        };
        if let (Some(notes), false) = (&step.notes, matches!(done, StepEnd::Aborted)) {
            for line in notes.text.trim_end().lines() {
                writeln!(prompt.out, "  {line}")?;
            }
        }
        let event = StepEvent {
            time: Timestamp::now(),
            runbook: runbook.path.display().to_string(),
            content_hash: hash.clone(),
            step: step.name.clone(),
            caller_arn: env.identity.arn.clone(),
        };
        match done {
            StepEnd::Done { acknowledged } => {
                if acknowledged {
                    record(env, prompt, &Record::Acknowledged(event))?;
                }
            }
            StepEnd::Skipped => {
                writeln!(prompt.out, "Skipped.")?;
                record(env, prompt, &Record::Skipped(event))?;
                skipped.push(step.name.clone());
            }
            StepEnd::Aborted => {
                writeln!(prompt.out, "Run aborted at step `{}`.", step.name)?;
                return Ok(RunEnd::Aborted {
                    step: step.name.clone(),
                });
            }
        }
    }
    writeln!(prompt.out)?;
    if skipped.is_empty() {
        writeln!(prompt.out, "Runbook finished: every step done.")?;
    } else {
        writeln!(
            prompt.out,
            "Runbook finished; skipped: {}.",
            skipped.join(", ")
        )?;
    }
    Ok(RunEnd::Completed { skipped })
}

enum StepEnd {
    Done { acknowledged: bool },
    Skipped,
    Aborted,
}

fn record<R: BufRead, W: Write>(
    env: &mut RunEnv<'_>,
    prompt: &mut Prompter<R, W>,
    record: &Record,
) -> std::io::Result<()> {
    if let Err(e) = env.audit.append(record) {
        writeln!(
            prompt.out,
            "warning: the audit log {} could not record this: {e}",
            env.audit.location()
        )?;
    }
    Ok(())
}

fn write_prose(out: &mut impl Write, step: &Step) -> std::io::Result<()> {
    if let Some(instruction) = &step.instruction {
        for line in instruction.text.trim_end().lines() {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

fn manual<R: BufRead, W: Write>(prompt: &mut Prompter<R, W>) -> std::io::Result<StepEnd> {
    loop {
        if prompt.done()? {
            return Ok(StepEnd::Done { acknowledged: true });
        }
        match prompt.after_failure(true)? {
            AfterFailure::Retry => continue,
            AfterFailure::Skip => return Ok(StepEnd::Skipped),
            AfterFailure::Abort => return Ok(StepEnd::Aborted),
        }
    }
}

async fn logs_query<R: BufRead, W: Write>(
    env: &RunEnv<'_>,
    query: &ResolvedQuery,
    prompt: &mut Prompter<R, W>,
) -> std::io::Result<StepEnd> {
    loop {
        writeln!(
            prompt.out,
            "  Logs Insights on {} over the last {}:",
            query.log_groups.join(", "),
            duration(query.since)
        )?;
        for line in query.query.lines() {
            writeln!(prompt.out, "    {line}")?;
        }
        let end = Timestamp::now();
        let since = jiff::SignedDuration::try_from(query.since)
            .unwrap_or(jiff::SignedDuration::from_hours(1));
        let request = QueryRequest {
            log_groups: query.log_groups.clone(),
            query: query.query.clone(),
            start: end - since,
            end,
            limit: None,
        };
        let result = crate::logs::run::run(env.insights, request, env.query_patience, |_| {}).await;
        match result {
            Ok(result) => {
                crate::logs::headless::write_table(&mut prompt.out, &result)?;
                return Ok(StepEnd::Done {
                    acknowledged: false,
                });
            }
            Err(e) => {
                writeln!(prompt.out, "The query failed: {e}")?;
                match prompt.after_failure(true)? {
                    AfterFailure::Retry => continue,
                    AfterFailure::Skip => return Ok(StepEnd::Skipped),
                    AfterFailure::Abort => return Ok(StepEnd::Aborted),
                }
            }
        }
    }
}

async fn command_step<R: BufRead, W: Write>(
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
        match prompt.confirm(command.confirm, &env.identity.account, &command.targets)? {
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

enum SendEnd {
    /// The command ran to an end (the outcome says which).
    Ran(CommandOutcome),
    /// Not sent, or not followed to its end (the error is printed).
    Failed,
    /// Its outcome is unknown: the lookup a retry makes.
    Unknown(Attempt),
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
    writeln!(out, "  account:       {}", env.identity.account)?;
    writeln!(out, "  region:        {}", env.region)?;
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

/// Sends through the runner (or looks up an earlier send), printing each instance's status
/// as it changes, then each instance's output.
async fn send_and_follow<R: BufRead, W: Write>(
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
