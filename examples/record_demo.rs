//! Records the demo incident for `warroom replay` without AWS or the emulator, on a compressed
//! clock: the emulator's seeded story is read once through the real AWS calls, its runbook is
//! run on the emulator's fleet, and the recording gets a snapshot a minute from before the
//! security-group change to after the runbook, each line stamped with the story's instant.
//! scripts/record-demo runs it: `record_demo URL FILE ANCHOR` (ANCHOR: the story's 03:02).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a bench, example or test that cannot set up what it measures fails there"
)]

use std::io::Cursor;
use std::process::ExitCode;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use warroom::alarms::{Alarm, AlarmSource, CloudWatchAlarms, HistoryItem};
use warroom::aws::{AwsSession, Identity, SessionSettings, identity};
use warroom::changes::query::{ChangeQuery, Filters, Preset};
use warroom::changes::{Change, CloudTrailChanges, headless};
use warroom::config::Config;
use warroom::health::{AwsHealth, EventQuery, HealthEvent, HealthSource};
use warroom::record::Observed;
use warroom::record::writer::Recorder;
use warroom::runbook::headless::prompt::Prompter;
use warroom::runbook::headless::{RunEnv, run_runbook};
use warroom::runbook::run::audit::{AuditLog, Record};
use warroom::runbook::run::execute::{AuditSink, StepPatience};
use warroom::runbook::run::ssm::SsmFleet;
use warroom::timeline::TimelineEvent;
use warroom::timeline::journal::Journal;
use warroom::timeline::model;

const MINUTE: SignedDuration = SignedDuration::from_mins(1);
/// The story recorded, in minutes from the anchor (03:02, when checkout-api-5xx fires).
const FIRST: i32 = -20;
const LAST: i32 = 12;
/// The incident is opened at 02:45, the runbook begun at 03:08 and spread over six minutes,
/// to the story's end.
const OPENED: i32 = -17;
const RUNBOOK_AT: i32 = 6;
const RUNBOOK_SPAN: SignedDuration = SignedDuration::from_mins(6);
/// The demo runbook's answers, in order: the database check fails everywhere once (retry),
/// the security group is reviewed by hand, the restart wants the account id typed and fails
/// on one instance the first time (retry, typed again).
const ANSWERS: &str = "r\ny\n123456789012\nr\n123456789012\n";

fn at(anchor: Timestamp, minutes: i32) -> Timestamp {
    anchor + MINUTE * minutes
}

/// The audit records of a run, kept in memory.
struct Kept(Vec<Record>);

impl AuditSink for Kept {
    fn append(&mut self, record: &Record) -> std::io::Result<()> {
        self.0.push(record.clone());
        Ok(())
    }
    fn location(&self) -> String {
        "the recording".into()
    }
    fn side_door(&self) -> Option<AuditLog> {
        None
    }
}

/// Each alarm as it stood at `t`, told by its history: the state of its last transition by
/// then, else the one its first later transition left.
fn alarm_at(alarm: &Alarm, history: &[(String, HistoryItem)], t: Timestamp) -> Alarm {
    let own: Vec<&HistoryItem> = history
        .iter()
        .filter(|(name, item)| *name == alarm.name && item.to.is_some())
        .map(|(_, item)| item)
        .collect();
    let mut out = alarm.clone();
    let done = own.iter().filter(|i| i.time <= t).max_by_key(|i| i.time);
    let next = own.iter().filter(|i| i.time > t).min_by_key(|i| i.time);
    match (done, next) {
        (_, None) => {}
        (Some(item), Some(_)) => {
            out.state = item.to.unwrap_or(alarm.state);
            out.state_updated = Some(item.time);
            out.state_reason = item.summary.clone();
            out.state_reason_data = None;
        }
        (None, Some(item)) => {
            let Some(before) = item.from else { return out };
            out.state = before;
            out.state_updated = None;
            out.state_reason = format!(
                "{} until {} (its history)",
                before.as_aws(),
                warroom::time::utc(item.time)
            );
            out.state_reason_data = None;
        }
    }
    out
}

/// A Health event as it stood at `t`: not yet begun is left out, an update not yet made is not
/// shown as made.
fn health_at(event: &HealthEvent, t: Timestamp) -> Option<HealthEvent> {
    if event.start.is_some_and(|s| s > t) {
        return None;
    }
    let mut out = event.clone();
    if out.last_updated.is_some_and(|u| u > t) {
        out.last_updated = out.start;
    }
    Some(out)
}

/// Runs the demo runbook on the emulator's fleet and returns its steps as timeline rows, their
/// times spread from `begin` over `RUNBOOK_SPAN` in the order and proportion they happened.
async fn run_the_runbook(
    session: &AwsSession,
    who: &Identity,
    begin: Timestamp,
) -> Result<Vec<TimelineEvent>, String> {
    let file = std::path::Path::new("runbooks/checkout-5xx.md");
    let book = warroom::runbook::load(file).map_err(|e| format!("{}: {e:?}", file.display()))?;
    let values = warroom::runbook::resolve_params(&book, &[])
        .map_err(|e| format!("{}: {e:?}", file.display()))?;
    let resolved = book
        .steps
        .iter()
        .map(|step| warroom::runbook::resolve_step(&book, step, &values))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let source = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let fleet = SsmFleet::new(session);
    let insights = warroom::logs::CloudWatchInsights::new(session);
    let mut kept = Kept(Vec::new());
    let mut env = RunEnv {
        fleet: &fleet,
        insights: &insights,
        audit: &mut kept,
        account: warroom::session::FocusedAccount::named(&[], &who.account, None),
        identity: who.clone(),
        region: session.region.clone(),
        read_only: false,
        // The emulator moves a command on at each listing: poll it often, the story's clock
        // is not the wall's.
        patience: StepPatience {
            first_poll: Duration::from_millis(20),
            max_poll: Duration::from_millis(50),
            ..StepPatience::default()
        },
        query_patience: warroom::logs::run::QueryPatience {
            first_poll: Duration::from_millis(20),
            max_poll: Duration::from_millis(100),
            ..warroom::logs::run::QueryPatience::default()
        },
    };
    let mut said = Vec::new();
    let mut prompt = Prompter::new(Cursor::new(ANSWERS.as_bytes()), &mut said, true);
    let end = run_runbook(&mut env, &book, &source, &values, &resolved, &mut prompt)
        .await
        .map_err(|e| e.to_string())?;
    drop(prompt);
    if !matches!(end, warroom::runbook::headless::RunEnd::Completed { .. }) {
        return Err(format!(
            "the demo runbook did not run to its end:\n{}",
            String::from_utf8_lossy(&said)
        ));
    }
    let mut rows = model::from_audit(&kept.0);
    let (Some(first), Some(last)) = (
        rows.iter().map(|r| r.time).min(),
        rows.iter().map(|r| r.time).max(),
    ) else {
        return Err("the demo runbook wrote no audit record".into());
    };
    let took = last.duration_since(first).as_secs_f64().max(1.0);
    for row in &mut rows {
        let part = row.time.duration_since(first).as_secs_f64() / took;
        row.time = begin + SignedDuration::from_secs_f64(RUNBOOK_SPAN.as_secs_f64() * part);
    }
    Ok(rows)
}

/// The incident's journal as kept over the story: opened, and the on-call engineer's notes.
fn journal(anchor: Timestamp, who: &Identity, region: &str) -> Result<Vec<TimelineEvent>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut journal = Journal::start(
        dir.path(),
        "checkout-5xx",
        at(anchor, OPENED),
        Some(who.account.clone()),
        Some(region.to_string()),
        "alice",
    )
    .map_err(|e| e.to_string())?;
    for (minutes, text) in [
        (
            3,
            "checkout-api-5xx and p99 latency firing; the 5xx began a minute after the security-group change (RevokeSecurityGroupIngress)",
        ),
        (
            RUNBOOK_AT,
            "Working the checkout-5xx runbook; the EC2 issue in use1-az4 looks unrelated",
        ),
    ] {
        journal
            .add_note(at(anchor, minutes), text)
            .map_err(|e| e.to_string())?;
    }
    Ok(warroom::timeline::journal::events(journal.incident()))
}

async fn record(url: &str, file: &str, anchor: Timestamp) -> Result<usize, String> {
    let settings = SessionSettings {
        endpoint_url: Some(url.to_string()),
        ..SessionSettings::in_region("us-east-1")
    };
    let session = AwsSession::connect(settings).await;
    let who = identity::caller_identity(&session)
        .await
        .map_err(|e| e.to_string())?;
    let (first, last) = (at(anchor, FIRST), at(anchor, LAST));
    let alarms_source = CloudWatchAlarms::new(&session);
    let alarms = alarms_source.alarms().await.map_err(|e| e.to_string())?;
    let history = alarms_source
        .history_of_all(first - SignedDuration::from_hours(3), last)
        .await
        .map_err(|e| e.to_string())?;
    let config = Config::defaults();
    let trail = CloudTrailChanges::new(&session, config.changes.risk.clone(), 50.0);
    let query = ChangeQuery {
        start: first - SignedDuration::from_hours(3),
        end: last,
        filters: Filters::default(),
        preset: Preset::Writes,
    };
    let changes: Vec<Change> = headless::collect(&trail, &query)
        .await
        .map_err(|e| e.to_string())?;
    let health_query = EventQuery {
        regions: vec![session.region.clone()],
        organization: false,
    };
    let health = AwsHealth::new(&session)
        .events(health_query, last)
        .await
        .map_err(|e| e.to_string())?;
    let mut rows = journal(anchor, &who, &session.region)?;
    rows.extend(run_the_runbook(&session, &who, at(anchor, RUNBOOK_AT)).await?);

    let _ = std::fs::remove_file(file);
    let recorder = Recorder::start(std::path::Path::new(file), &session.region, first)?;
    recorder.observe(
        first,
        Observed::Identity {
            identity: who,
            region: session.region.clone(),
        },
    );
    let mut instants = 0;
    for minute in FIRST..=LAST {
        let t = at(anchor, minute);
        let alarms = alarms.iter().map(|a| alarm_at(a, &history, t)).collect();
        recorder.observe(t, Observed::Alarms(alarms));
        let mut seen: Vec<Change> = changes.iter().filter(|c| c.time <= t).cloned().collect();
        seen.sort_by_key(|c| std::cmp::Reverse(c.time));
        recorder.observe(t, Observed::Changes(seen));
        let events = health.iter().filter_map(|e| health_at(e, t)).collect();
        recorder.observe(t, Observed::Health(events));
        let kept = rows.iter().filter(|r| r.time <= t).cloned().collect();
        recorder.observe(t, Observed::Timeline(kept));
        instants += 1;
    }
    recorder.finish();
    Ok(instants)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, file, anchor] = args.as_slice() else {
        eprintln!("usage: record_demo URL FILE ANCHOR");
        return ExitCode::FAILURE;
    };
    let Ok(anchor) = anchor.parse::<Timestamp>() else {
        eprintln!("record_demo: `{anchor}` is not a time (2026-11-23T03:02:00Z)");
        return ExitCode::FAILURE;
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("record_demo: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(record(url, file, anchor)) {
        Ok(instants) => {
            eprintln!(
                "record_demo: {instants} instants, a minute apart, from {} to {}",
                warroom::time::utc(at(anchor, FIRST)),
                warroom::time::utc(at(anchor, LAST))
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("record_demo: {e}");
            ExitCode::FAILURE
        }
    }
}
