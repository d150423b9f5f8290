//! `warroom triage --accounts NAME`: triage's sweep of one account and region, done for every
//! (account, region) of the set at once, each with its own sources; printed a section per
//! account and region, the ones with alarms in ALARM first.

use std::io::Write;
use std::sync::Arc;

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::aws::{AwsReacher, Caller, Reached, plan};
use super::fanout::{Opened, Swept, fan_out};
use super::set::AccountSet;
use crate::alarms::CloudWatchAlarms;
use crate::changes::CloudTrailChanges;
use crate::changes::risk::RiskRule;
use crate::health::AwsHealth;
use crate::kit::work::BoxFuture;
use crate::triage::{self, Section, Triage, TriageSources};

/// What each sweep asks CloudTrail with.
#[derive(Clone)]
pub struct ChangeSettings {
    pub risk: Arc<Vec<RiskRule>>,
    pub lookups_per_second: f64,
    pub global_sources: Vec<String>,
}

/// Every (account, region) of a set, triaged.
#[derive(Debug)]
pub struct AccountsTriage {
    pub set: String,
    pub since: Timestamp,
    pub now: Timestamp,
    pub targets: Vec<Swept<Triage>>,
}

/// How the three calls of one (account, region) are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Calls {
    /// What triage does.
    AtOnce,
    /// One after another (what the bench compares with).
    OneByOne,
}

/// Lists the set's accounts (ListAccounts for an organization) and triages each in each
/// region. The error: the accounts could not be listed, nothing was swept.
pub async fn run(
    set: &AccountSet,
    caller: Caller,
    changes: ChangeSettings,
    since: Timestamp,
    now: Timestamp,
) -> Result<AccountsTriage, String> {
    run_with(set, caller, changes, (since, now), Calls::AtOnce).await
}

/// As [`run`], each (account, region)'s calls made as `calls` says.
pub async fn run_with(
    set: &AccountSet,
    mut caller: Caller,
    changes: ChangeSettings,
    (since, now): (Timestamp, Timestamp),
    calls: Calls,
) -> Result<AccountsTriage, String> {
    let planned = plan(set, &mut caller).await?;
    let lookups_per_second = changes.lookups_per_second;
    let sweep = move |account: Arc<Opened<Reached>>,
                      region: String|
          -> BoxFuture<'static, Triage> {
        let changes = changes.clone();
        Box::pin(async move {
            let session = account.inner.session(&region);
            let alarms = CloudWatchAlarms::new(&session);
            let trail =
                CloudTrailChanges::new(&session, changes.risk.clone(), changes.lookups_per_second)
                    .with_global(&session, &changes.global_sources)
                    .sharing(&session, &account.inner.limiters);
            let health = AwsHealth::new(&session);
            let sources = TriageSources {
                alarms: &alarms,
                changes: &trail,
                health: &health,
                region,
            };
            match calls {
                Calls::AtOnce => triage::sweep(&sources, since, now).await,
                Calls::OneByOne => triage::one_by_one(&sources, since, now).await,
            }
        })
    };
    let reacher = Arc::new(AwsReacher {
        caller,
        lookups_per_second,
        sweep,
    });
    let targets = fan_out(reacher, planned, &set.regions, set.concurrency).await;
    Ok(AccountsTriage {
        set: set.name.clone(),
        since,
        now,
        targets,
    })
}

fn firing(target: &Swept<Triage>) -> bool {
    matches!(&target.answer, Ok(t) if matches!(&t.alarms, Section::Items(items) if !items.is_empty()))
}

fn failed(target: &Swept<Triage>) -> bool {
    target.answer.as_ref().map_or(true, Triage::failed)
}

impl AccountsTriage {
    /// 2 when any account has an alarm in ALARM, else 1 when an account or a section
    /// failed, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.targets.iter().any(firing) {
            2
        } else if self.targets.iter().any(failed) {
            1
        } else {
            0
        }
    }

    /// Alarms in ALARM first, then the ones that failed, then the calm ones; each group in
    /// the set's order.
    pub fn ordered(&self) -> Vec<&Swept<Triage>> {
        let mut targets: Vec<&Swept<Triage>> = self.targets.iter().collect();
        targets.sort_by_key(|t| match (firing(t), failed(t)) {
            (true, _) => 0,
            (false, true) => 1,
            (false, false) => 2,
        });
        targets
    }

    /// The sections to print: one per (account, region), except that an account that could
    /// not be reached is one section for all its regions.
    pub fn sections(&self) -> Vec<Vec<&Swept<Triage>>> {
        let mut sections: Vec<Vec<&Swept<Triage>>> = Vec::new();
        for t in self.ordered() {
            if let (Err(e), Some(last)) = (&t.answer, sections.last_mut())
                && last[0].account == t.account
                && last[0].answer.as_ref().err() == Some(e)
            {
                last.push(t);
                continue;
            }
            sections.push(vec![t]);
        }
        sections
    }

    /// The lines for stderr: each account that could not be reached and each section that
    /// failed.
    pub fn complaints(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for section in self.sections() {
            let t = section[0];
            let place = format!("{} {}", t.account.label(), regions_of(&section));
            match &t.answer {
                Err(e) => lines.push(format!("triage without {place}: {e}")),
                Ok(triage) => {
                    for (name, error) in [
                        ("alarms", triage.alarms.error()),
                        ("risky changes", triage.risky_changes.error()),
                        ("health issues", triage.health_issues.error()),
                    ] {
                        if let Some(error) = error {
                            lines.push(format!("triage of {place} without the {name}: {error}"));
                        }
                    }
                }
            }
        }
        lines
    }
}

fn regions_of(section: &[&Swept<Triage>]) -> String {
    let regions: Vec<&str> = section.iter().map(|t| t.region.as_str()).collect();
    regions.join(", ")
}

fn count_distinct<T: PartialEq>(items: impl Iterator<Item = T>) -> usize {
    let mut seen: Vec<T> = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen.len()
}

fn heading(section: &[&Swept<Triage>]) -> String {
    let t = section[0];
    let mut line = format!("== {} · {}", t.account.label(), regions_of(section));
    if t.production {
        line.push_str(" · PROD");
    }
    line.push_str(" ==");
    crate::defuse::line(&line).into_owned()
}

pub fn write_table(out: &mut impl Write, all: &AccountsTriage) -> std::io::Result<()> {
    let accounts = count_distinct(all.targets.iter().map(|t| &t.account));
    let regions = count_distinct(all.targets.iter().map(|t| t.region.as_str()));
    let firing = count_distinct(all.targets.iter().filter(|t| firing(t)).map(|t| &t.account));
    let unreachable = count_distinct(
        all.targets
            .iter()
            .filter(|t| t.answer.is_err())
            .map(|t| &t.account),
    );
    writeln!(
        out,
        "ACCOUNT SET {}: {accounts} {} × {regions} {}; {firing} with alarms in ALARM, {unreachable} not reached",
        crate::defuse::line(&all.set),
        plural(accounts, "account", "accounts"),
        plural(regions, "region", "regions"),
    )?;
    writeln!(out)?;
    for section in all.sections() {
        writeln!(out, "{}", heading(&section))?;
        match &section[0].answer {
            Ok(triage) => triage::write_table(out, triage)?,
            Err(e) => {
                writeln!(out, "not reached")?;
                writeln!(out, "error: {}", crate::defuse::line(e))?;
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// `{"set", "since", "now", "targets": [...]}`: each target and each of its records carries
/// `account` ({id, name}) and `region`.
pub fn write_json(out: &mut impl Write, all: &AccountsTriage) -> std::io::Result<()> {
    let mut targets = Vec::new();
    for t in all.ordered() {
        let account = serde_json::to_value(&t.account)?;
        let mut record = Map::new();
        record.insert("account".into(), account.clone());
        record.insert("region".into(), Value::String(t.region.clone()));
        record.insert("production".into(), Value::Bool(t.production));
        match &t.answer {
            Err(e) => {
                record.insert("error".into(), Value::String(e.clone()));
            }
            Ok(triage) => {
                let Value::Object(fields) = serde_json::to_value(triage)? else {
                    continue;
                };
                for (key, mut value) in fields {
                    if matches!(key.as_str(), "region" | "now" | "since") {
                        continue;
                    }
                    if let Some(Value::Array(items)) = value.get_mut("items") {
                        for item in items.iter_mut() {
                            tag(item, &account, &t.region);
                        }
                    }
                    record.insert(key, value);
                }
            }
        }
        targets.push(Value::Object(record));
    }
    let whole = serde_json::json!({
        "set": all.set,
        "since": all.since,
        "now": all.now,
        "targets": targets,
    });
    crate::ui::columns::write_json(out, &whole)
}

/// Puts `account` and `region` first in a record.
fn tag(item: &mut Value, account: &Value, region: &str) {
    let Value::Object(fields) = item else {
        return;
    };
    let mut tagged = Map::new();
    tagged.insert("account".into(), account.clone());
    tagged.insert("region".into(), Value::String(region.to_string()));
    for (key, value) in std::mem::take(fields) {
        tagged.entry(key).or_insert(value);
    }
    *fields = tagged;
}

#[cfg(test)]
#[path = "triage_tests.rs"]
mod tests;
