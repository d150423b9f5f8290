//! `warroom triage`: the first five minutes in one parallel sweep. Alarms in ALARM and for
//! how long, risky changes in the window, open Health issues for the region; each section
//! carries its error when its call failed.
//!
//! Exit code: 2 when any alarm is known to be in ALARM (whatever else failed), else 1 when a
//! section failed, else 0.

use std::io::Write;

use jiff::Timestamp;
use serde::Serialize;

use crate::alarms::{AlarmSource, AlarmState, headless as alarms_headless};
use crate::changes::{Change, ChangeQuery, ChangeSource, headless as changes_headless};
use crate::health::{AwsHealth, HealthEvent};
use crate::time::{age, utc};
use crate::ui::columns;

/// An alarm in ALARM.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Firing {
    pub name: String,
    pub since: Option<Timestamp>,
    /// Seconds in ALARM, when the time it changed is known.
    pub for_seconds: Option<i64>,
    pub reason: String,
}

/// A section's rows, or why it has none.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section<T> {
    Items(Vec<T>),
    Error(String),
}

impl<T> Section<T> {
    fn from(result: Result<Vec<T>, crate::aws::AwsError>) -> Section<T> {
        match result {
            Ok(items) => Section::Items(items),
            Err(e) => Section::Error(e.to_string()),
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Section::Error(_))
    }

    /// Why the section has no rows, when its call failed.
    pub fn error(&self) -> Option<&str> {
        match self {
            Section::Error(e) => Some(e),
            Section::Items(_) => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Triage {
    pub region: String,
    pub now: Timestamp,
    pub since: Timestamp,
    pub alarms: Section<Firing>,
    pub risky_changes: Section<Change>,
    pub health_issues: Section<HealthEvent>,
}

impl Triage {
    /// 2 when an alarm is in ALARM, 1 when a section failed, 0 when calm.
    pub fn exit_code(&self) -> u8 {
        match (&self.alarms, self.failed()) {
            (Section::Items(firing), _) if !firing.is_empty() => 2,
            (_, true) => 1,
            _ => 0,
        }
    }

    pub fn failed(&self) -> bool {
        self.alarms.is_error() || self.risky_changes.is_error() || self.health_issues.is_error()
    }
}

/// What triage asks.
pub struct TriageSources<'a> {
    pub alarms: &'a dyn AlarmSource,
    pub changes: &'a dyn ChangeSource,
    pub health: &'a AwsHealth,
    pub region: String,
}

async fn firing(source: &dyn AlarmSource, now: Timestamp) -> Section<Firing> {
    Section::from(source.firing().await.map(|all| {
        alarms_headless::select(all, Some(AlarmState::Alarm))
            .into_iter()
            .map(|a| Firing {
                for_seconds: a.state_updated.map(|t| now.duration_since(t).as_secs()),
                since: a.state_updated,
                reason: a.reason_summary(),
                name: a.name,
            })
            .collect()
    }))
}

async fn risky(source: &dyn ChangeSource, since: Timestamp, now: Timestamp) -> Section<Change> {
    let query = ChangeQuery {
        start: since,
        ..ChangeQuery::last(jiff::SignedDuration::ZERO, now)
    };
    Section::from(
        changes_headless::collect(source, &query)
            .await
            .map(|all| all.into_iter().filter(|c| c.risk.is_some()).collect()),
    )
}

async fn issues(health: &AwsHealth, region: &str) -> Section<HealthEvent> {
    Section::from(health.open_issues(region).await.map(|mut events| {
        events.sort_by_key(|e| std::cmp::Reverse(e.start));
        events
    }))
}

/// The three answers at once.
pub async fn sweep(sources: &TriageSources<'_>, since: Timestamp, now: Timestamp) -> Triage {
    let (alarms, risky_changes, health_issues) = tokio::join!(
        firing(sources.alarms, now),
        risky(sources.changes, since, now),
        issues(sources.health, &sources.region),
    );
    Triage {
        region: sources.region.clone(),
        now,
        since,
        alarms,
        risky_changes,
        health_issues,
    }
}

/// The same three answers one after another (what the bench compares `sweep` with).
pub async fn one_by_one(sources: &TriageSources<'_>, since: Timestamp, now: Timestamp) -> Triage {
    let alarms = firing(sources.alarms, now).await;
    let risky_changes = risky(sources.changes, since, now).await;
    let health_issues = issues(sources.health, &sources.region).await;
    Triage {
        region: sources.region.clone(),
        now,
        since,
        alarms,
        risky_changes,
        health_issues,
    }
}

fn section<T>(
    out: &mut impl Write,
    title: &str,
    section: &Section<T>,
    header: &[&str],
    row: impl Fn(&T) -> Vec<String>,
    empty: &str,
) -> std::io::Result<()> {
    match section {
        Section::Items(items) => {
            writeln!(out, "{title} ({})", items.len())?;
            let rows: Vec<Vec<String>> = items.iter().map(row).collect();
            columns::write(out, header, &rows, empty)?;
        }
        Section::Error(e) => {
            writeln!(out, "{title} (unknown)")?;
            writeln!(out, "error: {}", crate::defuse::line(e))?;
        }
    }
    writeln!(out)
}

pub fn write_table(out: &mut impl Write, t: &Triage) -> std::io::Result<()> {
    section(
        out,
        "ALARMS IN ALARM",
        &t.alarms,
        &["NAME", "FOR (SINCE)", "REASON"],
        |a| {
            vec![
                format!("● {}", a.name),
                a.since
                    .map(|s| format!("{} ({})", age(s, t.now), utc(s)))
                    .unwrap_or_default(),
                a.reason.clone(),
            ]
        },
        "(none)",
    )?;
    section(
        out,
        &format!("RISKY CHANGES SINCE {}", utc(t.since)),
        &t.risky_changes,
        &["TIME (UTC)", "EVENT", "PRINCIPAL", "RESOURCES", "RISK"],
        |c| {
            vec![
                utc(c.time),
                if c.global {
                    format!("{} (global)", c.name)
                } else {
                    c.name.clone()
                },
                c.principal.clone(),
                c.resources_line(),
                format!("⚠ {}", c.risk.clone().unwrap_or_default()),
            ]
        },
        "(none)",
    )?;
    section(
        out,
        &format!("OPEN HEALTH ISSUES, {}", t.region),
        &t.health_issues,
        &[
            "SERVICE",
            "EVENT",
            "REGION/AZ",
            "SINCE (UTC)",
            "LAST UPDATE (UTC)",
        ],
        |e| {
            vec![
                e.service.clone(),
                e.what(),
                e.place(),
                e.start.map(utc).unwrap_or_default(),
                e.last_updated.map(utc).unwrap_or_default(),
            ]
        },
        "(none)",
    )
}

pub fn write_json(out: &mut impl Write, t: &Triage) -> std::io::Result<()> {
    columns::write_json(out, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triage(alarms: Section<Firing>, changes: Section<Change>) -> Triage {
        let now: Timestamp = "2026-11-23T04:00:00Z".parse().unwrap();
        Triage {
            region: "us-east-1".into(),
            now,
            since: now,
            alarms,
            risky_changes: changes,
            health_issues: Section::Items(Vec::new()),
        }
    }

    fn one_firing() -> Section<Firing> {
        Section::Items(vec![Firing {
            name: "checkout-api-5xx".into(),
            since: None,
            for_seconds: None,
            reason: String::new(),
        }])
    }

    #[test]
    fn firing_alarms_outrank_failures_and_failures_outrank_calm() {
        let failed = || Section::Error("AccessDenied".to_string());
        assert_eq!(triage(one_firing(), failed()).exit_code(), 2);
        assert_eq!(triage(Section::Items(vec![]), failed()).exit_code(), 1);
        assert_eq!(
            triage(
                Section::Error("AccessDenied".into()),
                Section::Items(vec![])
            )
            .exit_code(),
            1
        );
        assert_eq!(
            triage(Section::Items(vec![]), Section::Items(vec![])).exit_code(),
            0
        );
    }

    #[test]
    fn a_failed_section_says_so_in_the_table_and_the_json() {
        let t = triage(one_firing(), Section::Error("AccessDenied on x".into()));
        let mut out = Vec::new();
        write_table(&mut out, &t).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("ALARMS IN ALARM (1)"), "{text}");
        assert!(
            text.contains(
                "RISKY CHANGES SINCE 2026-11-23 04:00:00 UTC (unknown)\nerror: AccessDenied on x"
            ),
            "{text}"
        );
        let mut out = Vec::new();
        write_json(&mut out, &t).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(json["risky_changes"]["error"], "AccessDenied on x");
        assert_eq!(json["alarms"]["items"][0]["name"], "checkout-api-5xx");
    }
}
