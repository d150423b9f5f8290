//! The headless commands: each connects, asks, prints, and says by its exit code how it went.

mod accounts;
mod runbook;
mod tail;
mod timeline;

pub use accounts::{
    print_alarms_accounts, print_changes_accounts, print_health_accounts, print_triage_accounts,
};
pub use runbook::{run_runbook, runbook};
pub use tail::tail;
pub use timeline::{print_timeline, print_triage};

use std::io::Write;
use std::process::ExitCode;

use crate::alarms::{AlarmSource, CloudWatchAlarms, headless};
use crate::aws::{AwsSession, SessionSettings};
use crate::cli::{AlarmsArgs, ChangesArgs, Format, HealthArgs, QueryArgs, RowFormat, StateArg};
use crate::health::{AwsHealth, EventQuery, HealthSource};

pub async fn print_alarms(settings: SessionSettings, args: AlarmsArgs) -> ExitCode {
    let session = AwsSession::connect(settings).await;
    let source = CloudWatchAlarms::new(&session);
    let state = args.state.map(StateArg::state);
    // Only the firing ones: DescribeAlarms asks for them alone (StateValue=ALARM).
    let asked = if state == Some(crate::alarms::AlarmState::Alarm) {
        source.firing().await
    } else {
        source.alarms().await
    };
    let alarms = match asked {
        Ok(alarms) => alarms,
        Err(e) => {
            complain(e);
            return ExitCode::FAILURE;
        }
    };
    let alarms = headless::select(alarms, state);
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Table => headless::write_table(&mut out, &alarms, jiff::Timestamp::now()),
        Format::Json => headless::write_json(&mut out, &alarms),
    };
    finish(written.and_then(|_| out.flush()))
}

pub async fn print_changes(
    settings: SessionSettings,
    args: ChangesArgs,
    config: &crate::config::Config,
) -> ExitCode {
    use crate::changes::{ChangeQuery, CloudTrailChanges, headless as changes};
    let now = jiff::Timestamp::now();
    let mut query = ChangeQuery::last(jiff::SignedDuration::from_hours(3), now);
    let words = args.words();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if let Err(e) = query.apply(&words, now) {
        complain(e);
        return ExitCode::from(2);
    }
    crate::aws::attempts::say_retries_on_stderr();
    let session = AwsSession::connect(settings).await;
    let source = CloudTrailChanges::new(
        &session,
        config.changes.risk.clone(),
        config.changes.lookups_per_second,
    )
    .with_global(&session, &config.changes.global_sources);
    let found = match changes::collect(&source, &query).await {
        Ok(found) => found,
        Err(e) => {
            complain(e);
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

pub async fn print_query(settings: SessionSettings, args: QueryArgs) -> ExitCode {
    use crate::changes::query::parse_moment;
    use crate::logs::run::{Progress, QueryPatience, run};
    use crate::logs::{CloudWatchInsights, QueryRequest, headless as rows};
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
            complain(e);
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
    let result = match run(&source, request, QueryPatience::default(), report).await {
        Ok(result) => result,
        Err(e) => {
            complain(e);
            return ExitCode::FAILURE;
        }
    };
    for note in rows::notes(&result) {
        eprintln!("warroom: {note}");
    }
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        RowFormat::Table => rows::write_table(&mut out, &result),
        RowFormat::Json => rows::write_json(&mut out, &result),
        RowFormat::Csv => rows::write_csv(&mut out, &result),
    };
    finish(written.and_then(|_| out.flush()))
}

pub async fn print_health(
    settings: SessionSettings,
    args: HealthArgs,
    organization: bool,
) -> ExitCode {
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
        Ok(events) => crate::health::headless::sorted(events),
        Err(e) => {
            complain(e);
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Table => crate::health::headless::write_table(&mut out, &events),
        Format::Json => crate::health::headless::write_json(&mut out, &events),
    };
    finish(written.and_then(|_| out.flush()))
}

/// `warroom: {message}` on stderr, defused: an error often carries AWS's own words, a line
/// of a file or of a recording.
pub fn complain(message: impl std::fmt::Display) {
    eprintln!("warroom: {}", crate::defuse::text(&message.to_string()));
}

/// The exit of a headless command once its output is written.
pub fn finish(written: std::io::Result<()>) -> ExitCode {
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            complain(e);
            ExitCode::FAILURE
        }
    }
}
