//! `warroom runbook lint|plan|run`.

use std::io::Write;
use std::process::ExitCode;

use super::{complain, finish};
use crate::aws::{AwsSession, SessionSettings};
use crate::cli::RunbookAction;
use crate::defuse;

/// `warroom runbook lint|plan`: no AWS call, so no session.
pub fn runbook(action: &RunbookAction) -> ExitCode {
    use crate::runbook::{self, headless};
    let mut out = defuse::Writer::new(std::io::stdout().lock());
    match action {
        RunbookAction::Lint { paths } => {
            let files = match runbook::find(paths) {
                Ok(files) if files.is_empty() => {
                    eprintln!("warroom: no runbooks (*.md files) found");
                    return ExitCode::FAILURE;
                }
                Ok(files) => files,
                Err(e) => {
                    complain(e);
                    return ExitCode::from(2);
                }
            };
            match headless::lint_files(&mut out, &files).and_then(|s| out.flush().map(|_| s)) {
                Ok(summary) if summary.problems == 0 => ExitCode::SUCCESS,
                Ok(_) => ExitCode::FAILURE,
                Err(e) => finish(Err(e)),
            }
        }
        RunbookAction::Plan { file, params } => {
            let (book, values, resolved) = match resolve_runbook(file, params, "planning") {
                Ok(resolved) => resolved,
                Err(code) => return code,
            };
            let written = headless::write_plan(&mut out, &book, &values, &resolved);
            finish(written.and_then(|_| out.flush()))
        }
        RunbookAction::Run { .. } => ExitCode::SUCCESS,
    }
}

/// What a previous run left unfinished: sends whose outcome it never learnt (looked up by
/// the id in their Comment, the found ones followed with the others), and commands it sent
/// and never saw end (their status now, and the end of those that have ended written to the
/// audit log).
async fn report_in_flight(
    fleet: &dyn crate::runbook::run::fleet::Fleet,
    audit_log: &mut crate::runbook::run::audit::AuditLog,
    account: &str,
    region: &str,
    settle: std::time::Duration,
) {
    use crate::runbook::run::audit;
    use crate::runbook::run::execute::{Resolved, Resumed, resolve_unresolved, resume};
    let records = match audit::read(audit_log.path()) {
        Ok(read) => {
            for warning in &read.warnings {
                complain(warning);
            }
            read.records
        }
        Err(e) => {
            complain(format_args!(
                "cannot read the audit log {}: {e}",
                audit_log.path().display()
            ));
            return;
        }
    };
    let here = |intent: &audit::Intent| intent.account == account && intent.region == region;
    let mut flights: Vec<_> = audit::in_flight(&records)
        .into_iter()
        .filter(|f| here(&f.intent))
        .collect();
    let unresolved: Vec<_> = audit::unresolved(&records)
        .into_iter()
        .filter(|u| here(&u.intent))
        .collect();
    if !unresolved.is_empty() {
        println!(
            "Sends whose outcome was never known (SSM's answer did not come, or warroom stopped first): looking each up by its id (ListCommands, up to {} each):",
            crate::runbook::headless::duration(settle)
        );
    }
    for (send, resolved) in resolve_unresolved(fleet, audit_log, &unresolved, settle).await {
        let state = match resolved {
            Resolved::Adopted {
                flight,
                audit_problem,
            } => {
                let mut text = format!(
                    "it went out as command {} (its comment carries the id)",
                    flight.command_id
                );
                if let Some(problem) = audit_problem {
                    text.push_str(&format!(" (not recorded: {problem})"));
                }
                flights.push(*flight);
                text
            }
            Resolved::NotSent { .. } => {
                "not sent: SSM lists no command with its id (recorded)".to_string()
            }
            Resolved::Unknown(e) => format!(
                "still unknown, the lookup failed: {} It may be running: look for comments starting `warroom {}` in SSM Run Command history",
                crate::defuse::line(&e.message),
                send.intent.id
            ),
        };
        println!(
            "  step `{}` of {} (intent {}, {}): {state}",
            crate::defuse::line(&send.intent.step),
            crate::defuse::line(&send.intent.runbook),
            send.intent.id,
            send.intent.time
        );
    }
    if flights.is_empty() {
        return;
    }
    let mut out = defuse::Writer::new(std::io::stdout());
    let _ = writeln!(
        out,
        "Commands sent earlier whose end was never recorded (warroom stopped while they ran):"
    );
    for (flight, resumed) in resume(fleet, audit_log, &flights).await {
        let state = match resumed {
            Resumed::Finished {
                outcome,
                audit_problem,
            } => {
                let mut text = format!("ended {}", outcome.status);
                if let Some(problem) = audit_problem {
                    text.push_str(&format!(" (not recorded: {problem})"));
                }
                text
            }
            Resumed::Running { invocations } => format!(
                "still running on {} of {} instances",
                invocations.iter().filter(|i| !i.status.is_final()).count(),
                invocations.len()
            ),
            Resumed::Forgotten { .. } => "unknown to SSM now (expired)".to_string(),
            Resumed::Unreadable(e) => format!("status unreadable: {e}"),
        };
        let _ = writeln!(
            out,
            "  {} step `{}` of {} (sent {}): {state}",
            flight.command_id, flight.intent.step, flight.intent.runbook, flight.intent.time
        );
    }
}

type Resolved = (
    crate::runbook::Runbook,
    crate::runbook::ParamValues,
    Vec<crate::runbook::ResolvedStep>,
);

/// Loads, lints and fills in a runbook, printing every problem; `doing` names what needs it.
fn resolve_runbook(
    file: &std::path::Path,
    params: &[(String, String)],
    doing: &str,
) -> Result<Resolved, ExitCode> {
    use crate::runbook;
    let book = match runbook::load(file) {
        Ok(book) => book,
        Err(problems) => {
            for problem in problems {
                eprintln!("{}", defuse::text(&problem.to_string()));
            }
            eprintln!("warroom: fix the runbook before {doing} it (warroom runbook lint)");
            return Err(ExitCode::FAILURE);
        }
    };
    let values = match runbook::resolve_params(&book, params) {
        Ok(values) => values,
        Err(errors) => {
            for e in errors {
                complain(format_args!("{}: {e}", file.display()));
            }
            return Err(ExitCode::FAILURE);
        }
    };
    let resolved: Result<Vec<_>, _> = book
        .steps
        .iter()
        .map(|step| runbook::resolve_step(&book, step, &values))
        .collect();
    match resolved {
        Ok(resolved) => Ok((book, values, resolved)),
        Err(e) => {
            complain(format_args!("{}: {e}", file.display()));
            Err(ExitCode::FAILURE)
        }
    }
}

/// `warroom runbook run`: every command confirmed on the terminal, written to the audit log.
pub async fn run_runbook(
    settings: SessionSettings,
    file: &std::path::Path,
    params: &[(String, String)],
    yes: bool,
    account_sets: &[crate::accounts::AccountSet],
) -> ExitCode {
    use crate::runbook::headless::prompt::Prompter;
    use crate::runbook::headless::{RunEnd, RunEnv, pin_problem, run_runbook};
    use crate::runbook::run::audit::{self, AuditLog};
    use crate::runbook::run::execute::StepPatience;
    use crate::runbook::run::ssm::SsmFleet;
    use std::io::IsTerminal;

    let (book, values, resolved) = match resolve_runbook(file, params, "running") {
        Ok(resolved) => resolved,
        Err(code) => return code,
    };
    if !std::io::stdin().is_terminal() {
        eprintln!(
            "warroom: `warroom runbook run` asks for each confirmation on the terminal, and stdin is not one. Run it in a terminal, or see what it would do with `warroom runbook plan {}`.",
            file.display()
        );
        return ExitCode::from(2);
    }
    let source = match std::fs::read(file) {
        Ok(source) => source,
        Err(e) => {
            complain(format_args!("cannot read {}: {e}", file.display()));
            return ExitCode::FAILURE;
        }
    };
    let Some(audit_path) = audit::default_path() else {
        eprintln!(
            "warroom: there is nowhere to keep the audit log: set XDG_STATE_HOME or HOME. Nothing was sent."
        );
        return ExitCode::FAILURE;
    };
    let mut audit_log = match AuditLog::open(&audit_path) {
        Ok(log) => log,
        Err(e) => {
            complain(format_args!("{e}. Nothing was sent."));
            return ExitCode::FAILURE;
        }
    };
    let read_only = settings.read_only;
    let profile = settings.effective_profile();
    let session = AwsSession::connect(settings).await;
    let identity = match crate::aws::identity::caller_identity(&session).await {
        Ok(identity) => identity,
        Err(e) => {
            complain(format_args!(
                "cannot tell which account the credentials act in: {e}"
            ));
            return ExitCode::FAILURE;
        }
    };
    if let Some(problem) = pin_problem(&book, &identity, &session.region) {
        complain(format_args!("refusing to run: {problem}"));
        return ExitCode::from(2);
    }
    let fleet = SsmFleet::new(&session);
    let patience = StepPatience::default();
    report_in_flight(
        &fleet,
        &mut audit_log,
        &identity.account,
        &session.region,
        patience.settle,
    )
    .await;
    let insights = crate::logs::CloudWatchInsights::new(&session);
    let account =
        crate::session::FocusedAccount::named(account_sets, &identity.account, profile.as_deref());
    let mut env = RunEnv {
        fleet: &fleet,
        insights: &insights,
        audit: &mut audit_log,
        account,
        identity,
        region: session.region.clone(),
        read_only,
        patience,
        query_patience: crate::logs::run::QueryPatience::default(),
    };
    let stdin = std::io::stdin().lock();
    let prompt = Prompter::new(stdin, defuse::Writer::new(std::io::stdout()), yes);
    #[cfg(unix)]
    let prompt = prompt.discarding_typed_ahead(Box::new(|| {
        crate::runbook::headless::prompt::discard_typed_ahead(std::io::stdin())
    }));
    let mut prompt = prompt;
    match run_runbook(&mut env, &book, &source, &values, &resolved, &mut prompt).await {
        Ok(RunEnd::Completed { .. }) => ExitCode::SUCCESS,
        Ok(RunEnd::Aborted { .. }) => ExitCode::FAILURE,
        Err(e) => finish(Err(e)),
    }
}
