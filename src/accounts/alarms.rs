//! `warroom alarms --accounts NAME`: every alarm of every (account, region) of the set in
//! one list, in the pane's order across all of them (ALARM first), each row naming its
//! account and region; what could not be asked is said after the list, an account at a time.

use std::io::Write;
use std::sync::Arc;

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::aws::{AwsReacher, Caller, Reached, plan};
use super::fanout::{Opened, Swept, fan_out};
use super::set::AccountSet;
use super::target::AccountRef;
use crate::alarms::{Alarm, AlarmSource, AlarmState, CloudWatchAlarms, headless};
use crate::kit::work::BoxFuture;
use crate::time::{age, utc};
use crate::ui::columns;

/// One alarm and where it lives.
#[derive(Debug)]
pub struct Placed {
    pub account: AccountRef,
    pub region: String,
    pub alarm: Alarm,
}

/// What could not be asked: an account in some regions, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Unanswered {
    pub account: AccountRef,
    pub regions: Vec<String>,
    pub error: String,
}

#[derive(Debug)]
pub struct AccountsAlarms {
    pub set: String,
    pub accounts: usize,
    pub regions: usize,
    pub alarms: Vec<Placed>,
    pub unanswered: Vec<Unanswered>,
}

impl AccountsAlarms {
    /// 1 when an account or region could not be asked, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(!self.unanswered.is_empty())
    }
}

/// The alarms of every (account, region) of the set, `state` only when given.
pub async fn run(
    set: &AccountSet,
    mut caller: Caller,
    lookups_per_second: f64,
    state: Option<AlarmState>,
) -> Result<AccountsAlarms, String> {
    let planned = plan(set, &mut caller).await?;
    let sweep = |account: Arc<Opened<Reached>>,
                 region: String|
     -> BoxFuture<'static, Result<Vec<Alarm>, String>> {
        Box::pin(async move {
            let session = account.inner.session(&region);
            CloudWatchAlarms::new(&session)
                .alarms()
                .await
                .map_err(|e| e.to_string())
        })
    };
    let reacher = Arc::new(AwsReacher {
        caller,
        lookups_per_second,
        sweep,
    });
    let targets = fan_out(reacher, planned, &set.regions, set.concurrency).await;
    Ok(gather(&set.name, targets, state))
}

/// One list in the pane's order (ties in the set's order), and what failed.
pub fn gather(
    set: &str,
    targets: Vec<Swept<Result<Vec<Alarm>, String>>>,
    state: Option<AlarmState>,
) -> AccountsAlarms {
    let mut accounts: Vec<AccountRef> = Vec::new();
    let mut regions: Vec<String> = Vec::new();
    let mut alarms = Vec::new();
    let mut unanswered: Vec<Unanswered> = Vec::new();
    for t in targets {
        if !accounts.contains(&t.account) {
            accounts.push(t.account.clone());
        }
        if !regions.contains(&t.region) {
            regions.push(t.region.clone());
        }
        match t.answer.and_then(|answer| answer) {
            Ok(found) => {
                alarms.extend(
                    headless::select(found, state)
                        .into_iter()
                        .map(|alarm| Placed {
                            account: t.account.clone(),
                            region: t.region.clone(),
                            alarm,
                        }),
                )
            }
            Err(error) => match unanswered.last_mut() {
                Some(last) if last.account == t.account && last.error == error => {
                    last.regions.push(t.region);
                }
                _ => unanswered.push(Unanswered {
                    account: t.account,
                    regions: vec![t.region],
                    error,
                }),
            },
        }
    }
    alarms.sort_by(|a, b| crate::alarms::model::display_order(&a.alarm, &b.alarm));
    AccountsAlarms {
        set: set.to_string(),
        accounts: accounts.len(),
        regions: regions.len(),
        alarms,
        unanswered,
    }
}

pub fn write_table(
    out: &mut impl Write,
    all: &AccountsAlarms,
    now: Timestamp,
) -> std::io::Result<()> {
    let firing = all
        .alarms
        .iter()
        .filter(|p| p.alarm.state == AlarmState::Alarm)
        .count();
    writeln!(
        out,
        "ACCOUNT SET {}: {} × {}; {} alarms, {firing} in ALARM; {} not answered",
        crate::defuse::line(&all.set),
        count(all.accounts, "account", "accounts"),
        count(all.regions, "region", "regions"),
        all.alarms.len(),
        all.unanswered.len(),
    )?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = all
        .alarms
        .iter()
        .map(|p| {
            let a = &p.alarm;
            vec![
                format!("{} {}", a.state.symbol(), a.state.as_aws()),
                p.account.name.clone(),
                p.region.clone(),
                a.name.clone(),
                a.state_updated
                    .map(|t| format!("{} ({})", age(t, now), utc(t)))
                    .unwrap_or_default(),
                a.reason_summary(),
                a.what(),
            ]
        })
        .collect();
    columns::write(
        out,
        &[
            "STATE",
            "ACCOUNT",
            "REGION",
            "NAME",
            "FOR (SINCE)",
            "REASON",
            "METRIC",
        ],
        &rows,
        "(no alarms)",
    )?;
    for u in &all.unanswered {
        writeln!(out)?;
        let heading = format!("== {} · {} ==", u.account.label(), u.regions.join(", "));
        writeln!(out, "{}", crate::defuse::line(&heading))?;
        writeln!(out, "not answered")?;
        writeln!(out, "error: {}", crate::defuse::line(&u.error))?;
    }
    Ok(())
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `{"set", "alarms": [...], "unanswered": [...]}`: each alarm as `warroom alarms` writes
/// it, with `account` ({id, name}) and `region` first.
pub fn write_json(out: &mut impl Write, all: &AccountsAlarms) -> std::io::Result<()> {
    let mut alarms = Vec::new();
    for p in &all.alarms {
        let mut record = Map::new();
        record.insert("account".into(), serde_json::to_value(&p.account)?);
        record.insert("region".into(), Value::String(p.region.clone()));
        if let Value::Object(fields) = serde_json::to_value(&p.alarm)? {
            for (key, value) in fields {
                record.entry(key).or_insert(value);
            }
        }
        alarms.push(Value::Object(record));
    }
    let unanswered: Vec<Value> = all
        .unanswered
        .iter()
        .map(|u| serde_json::json!({"account": u.account, "regions": u.regions, "error": u.error}))
        .collect();
    columns::write_json(
        out,
        &serde_json::json!({"set": all.set, "alarms": alarms, "unanswered": unanswered}),
    )
}

#[cfg(test)]
#[path = "alarms_tests.rs"]
mod tests;
