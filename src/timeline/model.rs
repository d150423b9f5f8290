//! One row of the incident timeline, and how each source's items become rows.

use std::collections::HashMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::alarms::{AlarmState, HistoryItem};
use crate::changes::Change;
use crate::health::{EventStatus, HealthEvent};
use crate::logs::history::PastQuery;
use crate::runbook::run::audit::{Intent, Record};

/// Where a timeline row comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Alarm,
    Change,
    Health,
    Query,
    Runbook,
    Note,
    Marker,
}

impl Source {
    pub const ALL: [Source; 7] = [
        Source::Alarm,
        Source::Change,
        Source::Health,
        Source::Query,
        Source::Runbook,
        Source::Note,
        Source::Marker,
    ];

    /// `alarm`, `change`, ... as shown in tables and accepted by filters.
    pub fn label(self) -> &'static str {
        match self {
            Source::Alarm => "alarm",
            Source::Change => "change",
            Source::Health => "health",
            Source::Query => "query",
            Source::Runbook => "runbook",
            Source::Note => "note",
            Source::Marker => "marker",
        }
    }

    pub fn parse(text: &str) -> Option<Source> {
        Source::ALL
            .into_iter()
            .find(|s| s.label().eq_ignore_ascii_case(text.trim()))
    }

    /// What the time of a row of this source means (Timesketch's `timestamp_desc`).
    pub fn timestamp_desc(self) -> &'static str {
        match self {
            Source::Alarm => "Alarm state change",
            Source::Change => "CloudTrail write",
            Source::Health => "AWS Health event",
            Source::Query => "Logs Insights query run",
            Source::Runbook => "Runbook step",
            Source::Note => "Incident note",
            Source::Marker => "Incident marker",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEvent {
    pub time: Timestamp,
    pub source: Source,
    pub what: String,
    pub who: String,
    pub detail: String,
    pub risky: bool,
    /// Stable id of the original item: opens it in its pane and dedupes pins.
    pub key: String,
}

/// The actor of alarm transitions.
pub const CLOUDWATCH: &str = "CloudWatch";
/// The actor of Health events.
pub const AWS_HEALTH: &str = "AWS Health";

impl TimelineEvent {
    /// An alarm that went into ALARM at this row's time.
    pub fn is_alarm_firing(&self) -> bool {
        self.source == Source::Alarm
            && self
                .what
                .ends_with(&format!("→ {}", AlarmState::Alarm.as_aws()))
    }
}

/// One state transition of one alarm (DescribeAlarmHistory, StateUpdate).
pub fn from_alarm_history(alarm: &str, item: &HistoryItem) -> TimelineEvent {
    let state = |s: Option<AlarmState>| s.map(AlarmState::as_aws).unwrap_or("?");
    TimelineEvent {
        time: item.time,
        source: Source::Alarm,
        what: format!("{alarm} {} → {}", state(item.from), state(item.to)),
        who: CLOUDWATCH.to_string(),
        detail: item.summary.clone(),
        risky: false,
        key: format!("alarm:{alarm}@{}", item.time),
    }
}

/// A CloudTrail write; risky when a risk rule matched it.
pub fn from_change(change: &Change) -> TimelineEvent {
    let mut what = change.name.clone();
    let resources = change.resources_line();
    if !resources.is_empty() {
        what = format!("{what} {resources}");
    }
    let mut detail = vec![if change.global {
        format!("{} (global, recorded in us-east-1)", change.source)
    } else {
        change.source.clone()
    }];
    if let Some(risk) = &change.risk {
        detail.insert(0, format!("risky: {risk}"));
    }
    if let Some(code) = &change.error_code {
        detail.push(format!("failed: {code}"));
    }
    if let Some(ip) = &change.source_ip {
        detail.push(format!("from {ip}"));
    }
    TimelineEvent {
        time: change.time,
        source: Source::Change,
        what,
        who: change.principal.clone(),
        detail: detail.join("; "),
        risky: change.risk.is_some(),
        key: format!("change:{}", change.id),
    }
}

/// A Health event's start, its last update (when distinct) and its end (once closed).
pub fn from_health(event: &HealthEvent) -> Vec<TimelineEvent> {
    let name = format!("{} {}", event.service, event.what());
    let detail = format!(
        "{} · {} · {} · {}",
        event.category_label(),
        event.status.as_aws(),
        event.place(),
        event.arn
    );
    let row = |time: Timestamp, verb: &str, tag: &str| TimelineEvent {
        time,
        source: Source::Health,
        what: format!("{name} {verb} ({})", event.place()),
        who: AWS_HEALTH.to_string(),
        detail: detail.clone(),
        risky: false,
        key: format!("health:{}#{tag}", event.arn),
    };
    let end = event.end.filter(|_| event.status == EventStatus::Closed);
    let mut rows = Vec::new();
    if let Some(start) = event.start {
        rows.push(row(start, "began", "start"));
    }
    if let Some(updated) = event.last_updated
        && Some(updated) != event.start
        && Some(updated) != end
    {
        rows.push(row(updated, "updated", "update"));
    }
    if let Some(end) = end {
        rows.push(row(end, "ended", "end"));
    }
    rows
}

/// A Logs Insights query run from this console.
pub fn from_past_query(query: &PastQuery) -> TimelineEvent {
    TimelineEvent {
        time: query.at,
        source: Source::Query,
        what: format!("Logs Insights query on {}", query.log_groups.join(", ")),
        who: "warroom".to_string(),
        detail: {
            let mut parts = Vec::new();
            if let Some((start, end)) = query.range {
                parts.push(format!(
                    "{} – {} UTC",
                    crate::time::utc_short(start),
                    crate::time::utc_short(end)
                ));
            }
            if let Some(rows) = query.rows {
                parts.push(format!("{rows} rows"));
            }
            parts.push(query.query.replace('\n', " "));
            parts.join(" · ")
        },
        risky: false,
        key: format!("query:{}@{}", query.account, query.at),
    }
}

fn short_arn(arn: &str) -> String {
    arn.rsplit(['/', ':']).next().unwrap_or(arn).to_string()
}

/// Runbook steps from the audit log: sent, finished, skipped and acknowledged; an intent
/// with no `sent` record becomes a row of its own (the command may not have gone out).
pub fn from_audit(records: &[Record]) -> Vec<TimelineEvent> {
    let intents: HashMap<&str, &Intent> = records
        .iter()
        .filter_map(|r| match r {
            Record::Intent(i) => Some((i.id.as_str(), i.as_ref())),
            _ => None,
        })
        .collect();
    let sent: std::collections::HashSet<&str> = records
        .iter()
        .filter_map(|r| match r {
            Record::Sent(s) => Some(s.intent.as_str()),
            _ => None,
        })
        .collect();
    let step = |intent: &str| match intents.get(intent) {
        Some(i) => (
            format!("{} / {}", i.runbook, i.step),
            short_arn(&i.caller_arn),
        ),
        None => (format!("intent {intent}"), String::new()),
    };
    let mut rows = Vec::new();
    for record in records {
        let row = match record {
            Record::Intent(i) if !sent.contains(i.id.as_str()) => TimelineEvent {
                time: i.time,
                source: Source::Runbook,
                what: format!(
                    "{} / {} about to be sent (no sent record)",
                    i.runbook, i.step
                ),
                who: short_arn(&i.caller_arn),
                detail: format!("targets {}; {}", i.targets, i.commands),
                risky: false,
                key: format!("runbook:{}#intent", i.id),
            },
            Record::Intent(_) => continue,
            Record::Sent(s) => {
                let (what, who) = step(&s.intent);
                let targets = intents
                    .get(s.intent.as_str())
                    .map(|i| format!("; targets {}", i.targets))
                    .unwrap_or_default();
                TimelineEvent {
                    time: s.time,
                    source: Source::Runbook,
                    what: format!("{what} sent"),
                    who,
                    detail: format!("CommandId {}{targets}", s.command_id),
                    risky: false,
                    key: format!("runbook:{}#sent", s.intent),
                }
            }
            Record::Finished(f) => {
                let (what, who) = step(&f.intent);
                TimelineEvent {
                    time: f.time,
                    source: Source::Runbook,
                    what: format!("{what} finished: {}", f.status),
                    who,
                    detail: format!(
                        "CommandId {}; {} instance(s)",
                        f.command_id,
                        f.instances.len()
                    ),
                    risky: false,
                    key: format!("runbook:{}#finished", f.intent),
                }
            }
            Record::OutcomeUnknown(_) | Record::NotSent(_) | Record::Interrupted(_) => {
                let Some(note) = record.send_note() else {
                    continue;
                };
                let (what, who) = step(note.intent);
                TimelineEvent {
                    time: note.time,
                    source: Source::Runbook,
                    what: format!("{what} {}", note.what),
                    who,
                    detail: note.detail,
                    risky: false,
                    key: format!("runbook:{}#{}@{}", note.intent, note.kind, note.time),
                }
            }
            Record::Skipped(e) | Record::Acknowledged(e) => {
                let verb = if matches!(record, Record::Skipped(_)) {
                    "skipped"
                } else {
                    "acknowledged"
                };
                TimelineEvent {
                    time: e.time,
                    source: Source::Runbook,
                    what: format!("{} / {} {verb}", e.runbook, e.step),
                    who: short_arn(&e.caller_arn),
                    detail: String::new(),
                    risky: false,
                    key: format!("runbook:{}/{}@{}#{verb}", e.runbook, e.step, e.time),
                }
            }
        };
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_query_row_tells_its_window_and_row_count() {
        let row = from_past_query(&PastQuery {
            account: "123456789012".into(),
            query: "fields @message\n| limit 5".into(),
            log_groups: vec!["/aws/ecs/checkout-api".into()],
            at: t("2026-11-23T03:10:00Z"),
            range: Some((t("2026-11-23T02:10:00Z"), t("2026-11-23T03:10:00Z"))),
            rows: Some(5),
        });
        assert_eq!(
            row.detail,
            "11-23 02:10 – 11-23 03:10 UTC · 5 rows · fields @message | limit 5"
        );
    }

    #[test]
    fn alarm_transitions_name_the_alarm_and_both_states() {
        let row = from_alarm_history(
            "checkout-api-5xx",
            &HistoryItem {
                time: t("2026-11-23T03:02:00Z"),
                summary: "Alarm updated from OK to ALARM".into(),
                from: Some(AlarmState::Ok),
                to: Some(AlarmState::Alarm),
            },
        );
        assert_eq!(row.what, "checkout-api-5xx OK → ALARM");
        assert!(row.is_alarm_firing());
        assert_eq!(row.key, "alarm:checkout-api-5xx@2026-11-23T03:02:00Z");
    }

    #[test]
    fn a_closed_health_event_has_start_update_and_end() {
        let event = HealthEvent {
            arn: "arn:x".into(),
            service: "EC2".into(),
            type_code: "AWS_EC2_OPERATIONAL_ISSUE".into(),
            category: "issue".into(),
            region: "us-east-1".into(),
            availability_zone: None,
            status: EventStatus::Closed,
            start: Some(t("2026-11-23T02:50:00Z")),
            end: Some(t("2026-11-23T04:00:00Z")),
            last_updated: Some(t("2026-11-23T03:07:00Z")),
            scope: None,
            located: None,
        };
        let rows = from_health(&event);
        let whats: Vec<&str> = rows.iter().map(|r| r.what.as_str()).collect();
        assert_eq!(
            whats,
            [
                "EC2 operational issue began (us-east-1)",
                "EC2 operational issue updated (us-east-1)",
                "EC2 operational issue ended (us-east-1)"
            ]
        );
        let open = HealthEvent {
            status: EventStatus::Open,
            end: Some(t("2026-11-23T04:00:00Z")),
            last_updated: event.start,
            ..event
        };
        assert_eq!(from_health(&open).len(), 1, "open: only its start");
    }
}
