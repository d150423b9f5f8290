use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Size;

use warroom::alarms::{AlarmSource, AlarmState, CloudWatchAlarms, headless};
use warroom::aws::{AwsSession, SessionSettings};
use warroom::cli::{
    AlarmsArgs, ChangesArgs, Cli, CliCommand, ConfigAction, ExportFormat, Format, HealthArgs,
    QueryArgs, RowFormat, RunbookAction, StateArg, TimelineArgs, TriageArgs,
};
use warroom::config::DEFAULT_CONFIG;
use warroom::console::Feed;
use warroom::health::{AwsHealth, EventQuery, HealthSource};
use warroom::startup::{self, Startup};
use warroom::{logging, terminal};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(CliCommand::Config {
        action: ConfigAction::Default,
    }) = &cli.command
    {
        print!("{DEFAULT_CONFIG}");
        return ExitCode::SUCCESS;
    }
    if let Some(CliCommand::Runbook { action }) = &cli.command
        && !matches!(action, RunbookAction::Run { .. })
    {
        return runbook(action);
    }
    let mut startup = startup::prepare(&cli.global);
    let settings = cli
        .global
        .session_settings(startup.config.read_only, startup.config.aws.clone());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("warroom: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let organization = cli.global.org;
    if cli.command.is_some() {
        for problem in &startup.problems {
            eprintln!("warroom: {problem}");
        }
    }
    match cli.command {
        Some(CliCommand::Alarms(args)) => runtime.block_on(print_alarms(settings, args)),
        Some(CliCommand::Changes(args)) => {
            runtime.block_on(print_changes(settings, args, &startup.config))
        }
        Some(CliCommand::Query(args)) => runtime.block_on(print_query(settings, args)),
        Some(CliCommand::Health(args)) => {
            runtime.block_on(print_health(settings, args, organization))
        }
        Some(CliCommand::Timeline(args)) => runtime.block_on(print_timeline(
            settings,
            args,
            &startup.config,
            organization,
        )),
        Some(CliCommand::Triage(args)) => {
            runtime.block_on(print_triage(settings, args, &startup.config))
        }
        Some(CliCommand::Runbook {
            action: RunbookAction::Run { file, params, yes },
        }) => runtime.block_on(run_runbook(settings, &file, &params, yes)),
        Some(CliCommand::Config { .. } | CliCommand::Runbook { .. }) => ExitCode::SUCCESS,
        Some(CliCommand::Replay(args)) => {
            let recording = match warroom::record::reader::Recording::read(&args.file) {
                Ok(recording) => recording,
                Err(e) => {
                    eprintln!("warroom: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let at = match recording.instant(args.at.as_deref()) {
                Ok(at) => at,
                Err(e) => {
                    eprintln!("warroom: {e}");
                    return ExitCode::FAILURE;
                }
            };
            if let Err(e) = logging::init(&cli.global.log_level) {
                startup.problems.push(format!("logging is off: {e}"));
            }
            let feed = Feed::Replay { recording, at };
            runtime.block_on(console(settings, startup, organization, feed))
        }
        None => {
            if let Err(e) = logging::init(&cli.global.log_level) {
                startup.problems.push(format!("logging is off: {e}"));
            }
            let now = jiff::Timestamp::now();
            let start = match cli.global.incident_start.as_deref() {
                Some(text) => match warroom::changes::query::parse_moment(text, now) {
                    Ok(at) => at,
                    Err(e) => {
                        eprintln!("warroom: --incident-start: {e}");
                        return ExitCode::FAILURE;
                    }
                },
                None => now,
            };
            let feed = Feed::Aws {
                record: cli.global.record.clone(),
                incident: cli.global.incident.clone().map(|name| (name, start)),
            };
            runtime.block_on(console(settings, startup, organization, feed))
        }
    }
}

async fn print_alarms(settings: SessionSettings, args: AlarmsArgs) -> ExitCode {
    let session = AwsSession::connect(settings).await;
    let source = CloudWatchAlarms::new(&session);
    let alarms = match source.alarms().await {
        Ok(alarms) => alarms,
        Err(e) => {
            eprintln!("warroom: {e}");
            return ExitCode::FAILURE;
        }
    };
    let state = args.state.map(|s| match s {
        StateArg::Alarm => AlarmState::Alarm,
        StateArg::InsufficientData => AlarmState::InsufficientData,
        StateArg::Ok => AlarmState::Ok,
    });
    let alarms = headless::select(alarms, state);
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Table => headless::write_table(&mut out, &alarms, jiff::Timestamp::now()),
        Format::Json => headless::write_json(&mut out, &alarms),
    };
    finish(written.and_then(|_| out.flush()))
}

async fn print_changes(
    settings: SessionSettings,
    args: ChangesArgs,
    config: &warroom::config::Config,
) -> ExitCode {
    use warroom::changes::{ChangeQuery, CloudTrailChanges, headless as changes};
    let now = jiff::Timestamp::now();
    let mut query = ChangeQuery::last(jiff::SignedDuration::from_hours(3), now);
    let words = args.words();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if let Err(e) = query.apply(&words, now) {
        eprintln!("warroom: {e}");
        return ExitCode::from(2);
    }
    let session = AwsSession::connect(settings).await;
    let source = CloudTrailChanges::new(
        &session,
        config.changes.risk.clone(),
        config.changes.lookups_per_second,
    );
    let found = match changes::collect(&source, &query).await {
        Ok(found) => found,
        Err(e) => {
            eprintln!("warroom: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Table => changes::write_table(&mut out, &found),
        Format::Json => changes::write_json(&mut out, &found),
    };
    finish(written.and_then(|_| out.flush()))
}

async fn print_query(settings: SessionSettings, args: QueryArgs) -> ExitCode {
    use warroom::changes::query::parse_moment;
    use warroom::logs::run::{Patience, Progress, run};
    use warroom::logs::{CloudWatchInsights, QueryRequest, headless as rows};
    let now = jiff::Timestamp::now();
    let window = parse_moment(&args.since, now).and_then(|start| match &args.until {
        Some(until) => parse_moment(until, now).map(|end| (start, end)),
        None => Ok((start, now)),
    });
    let (start, end) = match window {
        Ok((start, end)) if start < end => (start, end),
        Ok(_) => {
            eprintln!("warroom: the time range is empty: --since must come before --until");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("warroom: {e}");
            return ExitCode::from(2);
        }
    };
    let session = AwsSession::connect(settings).await;
    let source = CloudWatchInsights::new(&session);
    let request = QueryRequest {
        log_groups: args.log_groups,
        query: args.query,
        start,
        end,
        limit: args.limit,
    };
    let report = |progress: Progress| {
        if let Progress::Queued { attempt } = progress {
            eprintln!(
                "warroom: too many Logs Insights queries are running in this account; waiting to start (attempt {attempt})"
            );
        }
    };
    let result = match run(&source, request, Patience::default(), report).await {
        Ok(result) => result,
        Err(e) => {
            eprintln!("warroom: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        RowFormat::Table => rows::write_table(&mut out, &result),
        RowFormat::Json => rows::write_json(&mut out, &result),
        RowFormat::Csv => rows::write_csv(&mut out, &result),
    };
    finish(written.and_then(|_| out.flush()))
}

async fn print_health(settings: SessionSettings, args: HealthArgs, organization: bool) -> ExitCode {
    let session = AwsSession::connect(settings).await;
    let regions = if args.all_regions {
        Vec::new()
    } else {
        vec![session.region.clone()]
    };
    let query = EventQuery {
        regions,
        organization,
    };
    let events = match AwsHealth::new(&session)
        .events(query, jiff::Timestamp::now())
        .await
    {
        Ok(events) => warroom::health::headless::sorted(events),
        Err(e) => {
            eprintln!("warroom: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Table => warroom::health::headless::write_table(&mut out, &events),
        Format::Json => warroom::health::headless::write_json(&mut out, &events),
    };
    finish(written.and_then(|_| out.flush()))
}

/// `warroom timeline`: every source over the window, merged and exported. A source that
/// fails is said on stderr and in the Markdown header; the rest is still written (exit 1).
async fn print_timeline(
    settings: SessionSettings,
    args: TimelineArgs,
    config: &warroom::config::Config,
    organization: bool,
) -> ExitCode {
    use warroom::changes::query::parse_moment;
    use warroom::timeline::{export, gather, journal};
    let now = jiff::Timestamp::now();
    let moment = |text: &Option<String>| text.as_ref().map(|t| parse_moment(t, now)).transpose();
    let (since, until) = match (moment(&args.since), moment(&args.until)) {
        (Ok(since), Ok(until)) => (since, until),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("warroom: {e}");
            return ExitCode::from(2);
        }
    };
    let state_dir = logging::state_dir();
    let incident = match (&args.incident, &state_dir) {
        (None, _) => None,
        (Some(_), None) => {
            eprintln!("warroom: no state directory: neither XDG_STATE_HOME nor HOME is set");
            return ExitCode::FAILURE;
        }
        (Some(name), Some(dir)) => match journal::read(dir, name) {
            Ok((incident, warning)) => {
                if let Some(warning) = warning {
                    eprintln!("warroom: {warning}");
                }
                Some(incident)
            }
            Err(e) => {
                eprintln!("warroom: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let window = match gather::window(incident.as_ref(), since, until, now) {
        Ok(window) => window,
        Err(e) => {
            eprintln!("warroom: {e}");
            return ExitCode::from(2);
        }
    };
    let session = AwsSession::connect(settings).await;
    let gather_settings = gather::Settings {
        risk: config.changes.risk.clone(),
        lookups_per_second: config.changes.lookups_per_second,
        organization,
    };
    let gathered = gather::gather(
        &session,
        &gather_settings,
        window,
        state_dir.as_deref(),
        incident.as_ref(),
        now,
    )
    .await;
    for warning in &gathered.warnings {
        eprintln!("warroom: {warning}");
    }
    for (source, error) in &gathered.failures {
        eprintln!("warroom: timeline without {source}: {error}");
    }
    let header = export::Header {
        incident: incident.as_ref().map(|i| i.name.clone()),
        account: gathered.account.clone(),
        region: gathered.region.clone(),
        window: Some(window),
        key_times: incident
            .as_ref()
            .map(|i| journal::KeyTimes::derive(i, &gathered.events)),
        failures: gathered.failures.clone(),
    };
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(out);
        match args.format {
            ExportFormat::Md => export::markdown(&mut out, &header, &gathered.events)?,
            ExportFormat::Jsonl => export::jsonl(&mut out, &gathered.events)?,
            ExportFormat::Csv => export::csv(&mut out, &gathered.events)?,
        }
        out.flush()
    };
    let written = match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|mut file| write(&mut file).and_then(|_| file.sync_data()))
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        None => write(&mut std::io::stdout().lock()),
    };
    match finish(written) {
        code if code != ExitCode::SUCCESS => code,
        _ if !gathered.failures.is_empty() => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}

/// `warroom triage`: exit 2 when an alarm is in ALARM, 1 when a section failed, 0 when calm.
async fn print_triage(
    settings: SessionSettings,
    args: TriageArgs,
    config: &warroom::config::Config,
) -> ExitCode {
    use warroom::changes::CloudTrailChanges;
    use warroom::changes::query::parse_moment;
    use warroom::triage;
    let now = jiff::Timestamp::now();
    let since = match parse_moment(&args.since, now) {
        Ok(since) if since < now => since,
        Ok(_) => {
            eprintln!("warroom: --since must be in the past");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("warroom: {e}");
            return ExitCode::FAILURE;
        }
    };
    let session = AwsSession::connect(settings).await;
    let alarms = CloudWatchAlarms::new(&session);
    let changes = CloudTrailChanges::new(
        &session,
        config.changes.risk.clone(),
        config.changes.lookups_per_second,
    );
    let health = AwsHealth::new(&session);
    let sources = triage::Sources {
        alarms: &alarms,
        changes: &changes,
        health: &health,
        region: session.region.clone(),
    };
    let result = triage::sweep(&sources, since, now).await;
    for (name, failed) in [
        ("alarms", result.alarms.is_error()),
        ("risky changes", result.risky_changes.is_error()),
        ("health issues", result.health_issues.is_error()),
    ] {
        if failed {
            eprintln!("warroom: triage could not read the {name}; see its section");
        }
    }
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Table => triage::write_table(&mut out, &result),
        Format::Json => triage::write_json(&mut out, &result),
    };
    match finish(written.and_then(|_| out.flush())) {
        code if code != ExitCode::SUCCESS => code,
        _ => ExitCode::from(result.exit_code()),
    }
}

/// `warroom runbook lint|plan`: no AWS call, so no session.
fn runbook(action: &RunbookAction) -> ExitCode {
    use warroom::runbook::{self, headless};
    let mut out = std::io::stdout().lock();
    match action {
        RunbookAction::Lint { paths } => {
            let files = match runbook::find(paths) {
                Ok(files) if files.is_empty() => {
                    eprintln!("warroom: no runbooks (*.md files) found");
                    return ExitCode::FAILURE;
                }
                Ok(files) => files,
                Err(e) => {
                    eprintln!("warroom: {e}");
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

/// Commands a previous run sent and never saw end (warroom was stopped): their status now,
/// and the end of those that have ended written to the audit log.
async fn report_in_flight(
    fleet: &dyn warroom::runbook::fleet::Fleet,
    audit_log: &mut warroom::runbook::audit::AuditLog,
    account: &str,
    region: &str,
) {
    use warroom::runbook::audit;
    use warroom::runbook::execute::{Resumed, resume};
    let records = match audit::read(audit_log.path()) {
        Ok(read) => read.records,
        Err(e) => {
            eprintln!(
                "warroom: cannot read the audit log {}: {e}",
                audit_log.path().display()
            );
            return;
        }
    };
    let flights: Vec<_> = audit::in_flight(&records)
        .into_iter()
        .filter(|f| f.intent.account == account && f.intent.region == region)
        .collect();
    if flights.is_empty() {
        return;
    }
    println!(
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
        println!(
            "  {} step `{}` of {} (sent {}): {state}",
            flight.command_id, flight.intent.step, flight.intent.runbook, flight.intent.time
        );
    }
}

type Resolved = (
    warroom::runbook::Runbook,
    warroom::runbook::ParamValues,
    Vec<warroom::runbook::ResolvedStep>,
);

/// Loads, lints and fills in a runbook, printing every problem; `doing` names what needs it.
fn resolve_runbook(
    file: &std::path::Path,
    params: &[(String, String)],
    doing: &str,
) -> Result<Resolved, ExitCode> {
    use warroom::runbook;
    let book = match runbook::load(file) {
        Ok(book) => book,
        Err(problems) => {
            for problem in problems {
                eprintln!("{problem}");
            }
            eprintln!("warroom: fix the runbook before {doing} it (warroom runbook lint)");
            return Err(ExitCode::FAILURE);
        }
    };
    let values = match runbook::resolve_params(&book, params) {
        Ok(values) => values,
        Err(errors) => {
            for e in errors {
                eprintln!("warroom: {}: {e}", file.display());
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
            eprintln!("warroom: {}: {e}", file.display());
            Err(ExitCode::FAILURE)
        }
    }
}

/// `warroom runbook run`: every command confirmed on the terminal, written to the audit log.
async fn run_runbook(
    settings: SessionSettings,
    file: &std::path::Path,
    params: &[(String, String)],
    yes: bool,
) -> ExitCode {
    use std::io::IsTerminal;
    use warroom::runbook::audit::{self, AuditLog};
    use warroom::runbook::execute::Patience;
    use warroom::runbook::headless::{RunEnd, RunEnv, pin_problem, run_runbook};
    use warroom::runbook::prompt::Prompter;
    use warroom::runbook::ssm::SsmFleet;

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
            eprintln!("warroom: cannot read {}: {e}", file.display());
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
            eprintln!("warroom: {e}. Nothing was sent.");
            return ExitCode::FAILURE;
        }
    };
    let read_only = settings.read_only;
    let session = AwsSession::connect(settings).await;
    let identity = match warroom::aws::identity::caller_identity(&session).await {
        Ok(identity) => identity,
        Err(e) => {
            eprintln!("warroom: cannot tell which account the credentials act in: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(problem) = pin_problem(&book, &identity, &session.region) {
        eprintln!("warroom: refusing to run: {problem}");
        return ExitCode::from(2);
    }
    let fleet = SsmFleet::new(&session);
    report_in_flight(&fleet, &mut audit_log, &identity.account, &session.region).await;
    let insights = warroom::logs::CloudWatchInsights::new(&session);
    let mut env = RunEnv {
        fleet: &fleet,
        insights: &insights,
        audit: &mut audit_log,
        identity,
        region: session.region.clone(),
        read_only,
        patience: Patience::default(),
        query_patience: warroom::logs::run::Patience::default(),
    };
    let stdin = std::io::stdin().lock();
    let mut prompt = Prompter::new(stdin, std::io::stdout(), yes);
    match run_runbook(&mut env, &book, &source, &values, &resolved, &mut prompt).await {
        Ok(RunEnd::Completed { .. }) => ExitCode::SUCCESS,
        Ok(RunEnd::Aborted { .. }) => ExitCode::FAILURE,
        Err(e) => finish(Err(e)),
    }
}

/// The exit of a headless command once its output is written.
fn finish(written: std::io::Result<()>) -> ExitCode {
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("warroom: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn console(
    settings: SessionSettings,
    startup: Startup,
    organization: bool,
    feed: Feed,
) -> ExitCode {
    terminal::install_panic_hook(std::io::stdout);
    let mut stdout = std::io::stdout();
    if let Err(e) = terminal::enter(&mut stdout) {
        let _ = terminal::restore(&mut stdout);
        eprintln!("warroom: cannot take over the terminal: {e}");
        return ExitCode::FAILURE;
    }
    let result = run_console(settings, startup, organization, feed).await;
    let _ = terminal::restore(&mut std::io::stdout());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("warroom: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run_console(
    settings: SessionSettings,
    startup: Startup,
    organization: bool,
    feed: Feed,
) -> std::io::Result<()> {
    let mut terminal = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    let size = terminal.size().unwrap_or(Size::new(80, 24));
    let record = match &feed {
        Feed::Aws { record, .. } => record.clone(),
        Feed::Replay { .. } => None,
    };
    let mut app = warroom::console::build(settings, startup, organization, size, feed)
        .map_err(std::io::Error::other)?;
    if let Some(path) = record {
        warroom::console::record(&mut app, &path).map_err(std::io::Error::other)?;
    }
    app.set_clipboard(Box::new(|text| {
        let _ = terminal::osc52(&mut std::io::stdout(), text);
    }));
    terminal::forward_events(app.sender());
    app.run(&mut terminal).await
}
