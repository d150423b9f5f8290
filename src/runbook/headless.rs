//! `warroom runbook lint` and `warroom runbook plan`: checks and dry runs in the terminal;
//! `warroom runbook run` lives in `run`.

pub mod prompt;
mod run;

pub use run::{RunEnd, RunEnv, pin_problem, run_runbook, write_confirmation};

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use super::{RunbookError, lint, read};
use crate::runbook::language::model::{Confirm, Runbook, Step, Targets};
use crate::runbook::language::params::ParamValues;
use crate::runbook::language::resolve::{
    ResolvedAction, ResolvedCommand, ResolvedQuery, ResolvedStep,
};

/// How many runbooks were checked and how many problems they have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LintSummary {
    pub runbooks: usize,
    pub problems: usize,
}

/// Lints each file, writing every problem as `file:line:col: message`, then `ok N runbooks`
/// when there were none.
pub fn lint_files(out: &mut impl Write, files: &[PathBuf]) -> std::io::Result<LintSummary> {
    let mut summary = LintSummary {
        runbooks: files.len(),
        problems: 0,
    };
    for file in files {
        let problems: Vec<RunbookError> = match read(file) {
            Ok(source) => lint(file, &source).1,
            Err(e) => vec![e],
        };
        summary.problems += problems.len();
        for problem in problems {
            writeln!(out, "{problem}")?;
        }
    }
    if summary.problems == 0 {
        let noun = if summary.runbooks == 1 {
            "runbook"
        } else {
            "runbooks"
        };
        writeln!(out, "ok {} {noun}", summary.runbooks)?;
    }
    Ok(summary)
}

/// Splits `--param name=value`.
pub fn param_arg(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("`{text}` is not name=value")),
    }
}

/// Every step as it would run, with nothing sent.
pub fn write_plan(
    out: &mut impl Write,
    runbook: &Runbook,
    values: &ParamValues,
    resolved: &[ResolvedStep],
) -> std::io::Result<()> {
    writeln!(out, "{}", runbook.title)?;
    writeln!(out, "{}", runbook.path.display())?;
    let front = &runbook.front;
    if let Some(description) = &front.description {
        writeln!(out, "{description}")?;
    }
    if let Some(account) = &front.account {
        writeln!(out, "Runs only in account {account}")?;
    }
    if !front.regions.is_empty() {
        writeln!(out, "Runs only in {}", front.regions.join(", "))?;
    }
    if !values.0.is_empty() {
        writeln!(out, "Parameters:")?;
        for (name, value) in &values.0 {
            let from = if value.from_default {
                "  (default)"
            } else {
                ""
            };
            writeln!(out, "  {name} = {}{from}", value.value)?;
        }
    }
    writeln!(out, "Nothing is sent: this is a plan.")?;
    for (number, (step, resolved)) in runbook.steps.iter().zip(resolved).enumerate() {
        writeln!(out)?;
        write_step(out, number + 1, step, resolved)?;
    }
    Ok(())
}

fn write_step(
    out: &mut impl Write,
    number: usize,
    step: &Step,
    resolved: &ResolvedStep,
) -> std::io::Result<()> {
    writeln!(
        out,
        "Step {number}. {}  [{}]",
        step.heading,
        step.action.label()
    )?;
    if step.name != step.heading {
        writeln!(out, "  name:          {}", step.name)?;
    }
    if let Some(instruction) = &step.instruction {
        let options = textwrap::Options::new(90)
            .initial_indent("  ")
            .subsequent_indent("  ");
        for line in textwrap::wrap(&instruction.first_paragraph(), options) {
            writeln!(out, "{line}")?;
        }
    }
    match &resolved.action {
        ResolvedAction::Manual => {
            writeln!(out, "  manual: done by hand, then acknowledged")?;
        }
        ResolvedAction::RunCommand(command) => write_command(out, command)?,
        ResolvedAction::LogsQuery(query) => write_query(out, query)?,
    }
    Ok(())
}

fn write_command(out: &mut impl Write, command: &ResolvedCommand) -> std::io::Result<()> {
    let rate = &command.rate;
    writeln!(out, "  document:      {}", command.document)?;
    writeln!(
        out,
        "  targets:       {}",
        describe_targets(&command.targets)
    )?;
    writeln!(
        out,
        "  rate control:  max concurrency {}, max errors {}",
        rate.max_concurrency.as_deref().unwrap_or("-"),
        rate.max_errors.as_deref().unwrap_or("-"),
    )?;
    if let Some(timeout) = rate.timeout {
        writeln!(out, "  timeout:       {}", duration(timeout))?;
    }
    let confirm = match command.confirm {
        Confirm::Yes => "yes (answer y)",
        Confirm::Typed => "typed (type the account id or the target name)",
    };
    writeln!(out, "  confirm:       {confirm}")?;
    if !command.stop_on_alarm.is_empty() {
        writeln!(out, "  stop on alarm: {}", command.stop_on_alarm.join(", "))?;
    }
    writeln!(out, "  commands:")?;
    for line in command.commands.lines() {
        writeln!(out, "    {line}")?;
    }
    Ok(())
}

fn write_query(out: &mut impl Write, query: &ResolvedQuery) -> std::io::Result<()> {
    writeln!(out, "  log groups:    {}", query.log_groups.join(", "))?;
    writeln!(out, "  since:         {} ago", duration(query.since))?;
    writeln!(out, "  query:")?;
    for line in query.query.lines() {
        writeln!(out, "    {line}")?;
    }
    Ok(())
}

pub(crate) fn describe_targets(targets: &Targets) -> String {
    match targets {
        Targets::Tags(_) => format!("instances tagged {targets}"),
        Targets::InstanceIds(_) => format!("instances {targets}"),
    }
}

/// `1h`, `1h30m`, `15m`, `90s`.
pub(crate) fn duration(d: Duration) -> String {
    let secs = d.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut text = String::new();
    for (n, unit) in [(h, "h"), (m, "m"), (s, "s")] {
        if n > 0 {
            text.push_str(&format!("{n}{unit}"));
        }
    }
    if text.is_empty() { "0s".into() } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_split_at_the_first_equals_sign() {
        assert_eq!(param_arg("query=a=b"), Ok(("query".into(), "a=b".into())));
        assert_eq!(param_arg("empty="), Ok(("empty".into(), String::new())));
        assert!(param_arg("novalue").is_err());
        assert!(param_arg("=x").is_err());
    }

    #[test]
    fn durations_read_as_written() {
        assert_eq!(duration(Duration::from_secs(3600)), "1h");
        assert_eq!(duration(Duration::from_secs(5400)), "1h30m");
        assert_eq!(duration(Duration::from_secs(900)), "15m");
        assert_eq!(duration(Duration::from_secs(45)), "45s");
    }
}
