//! `warroom runbook run`: a runbook step by step in the plain terminal, every command
//! confirmed on the terminal first and written to the audit log.

use std::io::{BufRead, Write};

use jiff::Timestamp;

use super::duration;
use crate::aws::Identity;
use crate::logs::InsightsSource;
use crate::logs::model::QueryRequest;
use crate::runbook::headless::prompt::{AfterFailure, Prompter};
use crate::runbook::language::model::{Runbook, Step};
use crate::runbook::language::params::ParamValues;
use crate::runbook::language::resolve::{ResolvedAction, ResolvedQuery, ResolvedStep};
use crate::runbook::run::audit::{Record, StepEvent, content_hash};
use crate::runbook::run::execute::{AuditSink, StepPatience};
use crate::runbook::run::fleet::Fleet;

mod command;
mod follow;

use command::command_step;
pub use command::write_confirmation;

/// What a run works with.
pub struct RunEnv<'a> {
    pub fleet: &'a dyn Fleet,
    pub insights: &'a dyn InsightsSource,
    pub audit: &'a mut (dyn AuditSink + Send),
    /// From STS, not from the config.
    pub identity: Identity,
    /// The account as the config names it (its name, production flag).
    pub account: crate::session::FocusedAccount,
    pub region: String,
    pub read_only: bool,
    pub patience: StepPatience,
    pub query_patience: crate::logs::run::QueryPatience,
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
        env.account.label(),
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
