//! Everything the timeline shows over a window, fetched at once: alarm transitions,
//! CloudTrail writes and Health events from AWS, past queries and runbook steps from the
//! state directory, and the incident's journal. A source that fails is named, not fatal.

use std::path::Path;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use super::export::Origin;
use super::journal::{self, Incident};
use super::merge::merge;
use super::model::{self, TimelineEvent};
use crate::alarms::CloudWatchAlarms;
use crate::aws::rate::RegionLimiters;
use crate::aws::{AwsSession, identity};
use crate::changes::query::{ChangeQuery, Filters, Preset};
use crate::changes::risk::RiskRule;
use crate::changes::{CloudTrailChanges, headless as changes};
use crate::health::{AwsHealth, EventQuery, HealthSource};
use crate::logs::history;
use crate::runbook::run::audit;

/// How far before an incident's start its timeline begins: the cause usually comes first.
pub const LEAD: SignedDuration = SignedDuration::from_hours(1);

/// The window of a timeline: an incident's (from `LEAD` before its start to its resolution,
/// else now), or `since`..`until` (`until` defaults to now). Either bound given explicitly
/// overrides the incident's.
pub fn window(
    incident: Option<&Incident>,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    now: Timestamp,
) -> Result<(Timestamp, Timestamp), String> {
    let start = since
        .or_else(|| incident.map(|i| i.started - LEAD))
        .unwrap_or(now - SignedDuration::from_hours(2));
    let end = until
        .or_else(|| incident.and_then(|i| i.resolved))
        .unwrap_or(now);
    if start >= end {
        return Err(format!(
            "the window is empty: it starts at {} and ends at {}",
            crate::time::utc(start),
            crate::time::utc(end)
        ));
    }
    Ok((start, end))
}

/// What AWS is asked with.
pub struct Settings {
    pub risk: Arc<Vec<RiskRule>>,
    pub lookups_per_second: f64,
    /// Asked in us-east-1 when the region is another (see `changes::global`).
    pub global_sources: Vec<String>,
    pub organization: bool,
}

#[derive(Debug, Default)]
pub struct Gathered {
    pub account: Option<String>,
    pub region: String,
    /// In time order, each item once.
    pub events: Vec<TimelineEvent>,
    /// Over an account set, where each of `events` happened, one for one; else empty.
    pub origins: Vec<Origin>,
    /// (source, why) for each source that could not be read.
    pub failures: Vec<(String, String)>,
    /// Problems that cost nothing but should be said (a torn line skipped).
    pub warnings: Vec<String>,
}

fn within(rows: Vec<TimelineEvent>, (start, end): (Timestamp, Timestamp)) -> Vec<TimelineEvent> {
    rows.into_iter()
        .filter(|e| e.time >= start && e.time <= end)
        .collect()
}

/// What AWS answered for one account and region: the account, each source's rows (or why
/// not), in the order of `SOURCES`.
pub struct FromAws {
    pub account: Result<String, String>,
    pub lists: Vec<(String, Result<Vec<TimelineEvent>, String>)>,
}

/// Alarm transitions, CloudTrail writes and Health events over the window, at once; Health
/// only when `health` names its regions (`Some(vec![])`: every region), and CloudTrail through
/// `limiters` when given (one LookupEvents pace per account and region).
pub async fn from_aws(
    session: &AwsSession,
    settings: &Settings,
    window: (Timestamp, Timestamp),
    health: Option<Vec<String>>,
    limiters: Option<&RegionLimiters>,
    now: Timestamp,
) -> FromAws {
    let (start, end) = window;
    let alarms = CloudWatchAlarms::new(session);
    let mut trail =
        CloudTrailChanges::new(session, settings.risk.clone(), settings.lookups_per_second)
            .with_global(session, &settings.global_sources);
    if let Some(limiters) = limiters {
        trail = trail.sharing(session, limiters);
    }
    let change_query = ChangeQuery {
        start,
        end,
        filters: Filters::default(),
        preset: Preset::Writes,
    };
    let (who, alarm_rows, change_rows, health_rows) = tokio::join!(
        identity::caller_identity(session),
        async {
            alarms.history_of_all(start, end).await.map(|items| {
                items
                    .iter()
                    .map(|(name, item)| model::from_alarm_history(name, item))
                    .collect::<Vec<_>>()
            })
        },
        async {
            changes::collect(&trail, &change_query)
                .await
                .map(|found| found.iter().map(model::from_change).collect::<Vec<_>>())
        },
        async {
            let regions = health?;
            let query = EventQuery {
                regions,
                organization: settings.organization,
            };
            Some(
                AwsHealth::new(session)
                    .events(query, now)
                    .await
                    .map(|events| {
                        events
                            .iter()
                            .flat_map(model::from_health)
                            .collect::<Vec<_>>()
                    }),
            )
        },
    );
    let mut lists = vec![
        (
            SOURCES[0].to_string(),
            alarm_rows.map_err(|e| e.to_string()),
        ),
        (
            SOURCES[1].to_string(),
            change_rows.map_err(|e| e.to_string()),
        ),
    ];
    if let Some(rows) = health_rows {
        lists.push((SOURCES[2].to_string(), rows.map_err(|e| e.to_string())));
    }
    for (_, rows) in &mut lists {
        if let Ok(found) = rows {
            *found = within(std::mem::take(found), window);
        }
    }
    FromAws {
        account: who.map(|i| i.account).map_err(|e| e.to_string()),
        lists,
    }
}

/// The AWS sources as a failure names them.
pub const SOURCES: [&str; 3] = [
    "alarms (cloudwatch:DescribeAlarmHistory)",
    "changes (cloudtrail:LookupEvents)",
    "health (health:DescribeEvents)",
];

/// Fetches every source over the window in parallel and merges them.
pub async fn gather(
    session: &AwsSession,
    settings: &Settings,
    window: (Timestamp, Timestamp),
    state_dir: Option<&Path>,
    incident: Option<&Incident>,
    now: Timestamp,
) -> Gathered {
    let health = Some(vec![session.region.clone()]);
    let aws = from_aws(session, settings, window, health, None, now).await;
    let mut out = Gathered {
        region: session.region.clone(),
        ..Gathered::default()
    };
    match aws.account {
        Ok(account) => out.account = Some(account),
        Err(e) => out.warnings.push(format!("the account is unknown: {e}")),
    }
    let mut lists = Vec::new();
    for (source, rows) in aws.lists {
        match rows {
            Ok(rows) => lists.push(rows),
            Err(e) => out.failures.push((source, e)),
        }
    }
    let accounts: Vec<String> = out.account.iter().cloned().collect();
    let local = local(state_dir, incident, &accounts, window);
    lists.extend(local.lists);
    out.failures.extend(local.failures);
    out.warnings.extend(local.warnings);
    out.events = merge(lists);
    out
}

/// What warroom itself keeps over the window: past queries (of `accounts`, all when none
/// is known), runbook steps, and the incident's journal.
pub struct Local {
    pub lists: Vec<Vec<TimelineEvent>>,
    pub failures: Vec<(String, String)>,
    pub warnings: Vec<String>,
}

pub fn local(
    state_dir: Option<&Path>,
    incident: Option<&Incident>,
    accounts: &[String],
    window: (Timestamp, Timestamp),
) -> Local {
    let mut out = Local {
        lists: Vec::new(),
        failures: Vec::new(),
        warnings: Vec::new(),
    };
    match state_dir {
        Some(dir) => {
            let queries: Vec<TimelineEvent> = history::load(&dir.join("queries.jsonl"))
                .iter()
                .filter(|q| accounts.is_empty() || accounts.contains(&q.account))
                .map(model::from_past_query)
                .collect();
            out.lists.push(within(queries, window));
            let audit_path = dir.join(audit::FILE_NAME);
            match audit::read(&audit_path) {
                Ok(read) => {
                    out.warnings.extend(read.warnings);
                    out.lists
                        .push(within(model::from_audit(&read.records), window));
                }
                Err(e) => out.failures.push((
                    "runbook steps".to_string(),
                    format!("{}: {e}", audit_path.display()),
                )),
            }
        }
        None => out.failures.push((
            "queries and runbook steps".to_string(),
            "no state directory: neither XDG_STATE_HOME nor HOME is set".to_string(),
        )),
    }
    if let Some(incident) = incident {
        out.lists.push(within(journal::events(incident), window));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn an_incident_window_starts_an_hour_early_and_ends_when_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let now = t("2026-11-23T05:00:00Z");
        let mut journal = journal::Journal::start(
            dir.path(),
            "checkout-5xx",
            t("2026-11-23T03:00:00Z"),
            None,
            None,
            "alice",
        )
        .unwrap();
        let open = journal.incident().clone();
        assert_eq!(
            window(Some(&open), None, None, now),
            Ok((t("2026-11-23T02:00:00Z"), now))
        );
        journal
            .mark(journal::Marker::Resolved, t("2026-11-23T03:40:00Z"))
            .unwrap();
        let resolved = journal.incident().clone();
        assert_eq!(
            window(Some(&resolved), Some(t("2026-11-22T21:00:00Z")), None, now),
            Ok((t("2026-11-22T21:00:00Z"), t("2026-11-23T03:40:00Z")))
        );
        assert_eq!(
            window(None, None, None, now),
            Ok((t("2026-11-23T03:00:00Z"), now)),
            "two hours by default"
        );
        assert!(
            window(None, Some(now), Some(t("2026-11-23T04:00:00Z")), now)
                .unwrap_err()
                .contains("empty")
        );
    }
}
