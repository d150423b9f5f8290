//! `warroom alarms --accounts NAME`: every alarm of every (account, region) of the set in
//! one list, in the pane's order across all of them (ALARM first), each row naming its
//! account and region; what could not be asked is said after the list, an account at a time.

use std::io::Write;
use std::sync::Arc;

use jiff::Timestamp;
use serde_json::Value;

use super::aws::{AwsReacher, Caller, Reached, plan};
use super::fanout::{Opened, Swept, fan_out};
use super::listing::Listing;
use super::set::AccountSet;
use crate::alarms::{Alarm, AlarmSource, AlarmState, CloudWatchAlarms, headless};
use crate::kit::work::BoxFuture;
use crate::time::{age, utc};
use crate::ui::columns;

pub type AccountsAlarms = Listing<Alarm>;

/// The alarms of every (account, region) of the set, `state` only when given.
pub async fn run(
    set: &AccountSet,
    mut caller: Caller,
    lookups_per_second: f64,
    state: Option<AlarmState>,
) -> Result<AccountsAlarms, String> {
    let planned = plan(set, &mut caller).await?;
    let reacher = Arc::new(AwsReacher {
        caller,
        lookups_per_second,
        sweep: sweep_alarms,
    });
    let targets = fan_out(reacher, planned, &set.regions, set.concurrency).await;
    Ok(gather(&set.name, targets, state))
}

/// Every alarm of one account in one region, with the account's credentials.
pub fn sweep_alarms(
    account: Arc<Opened<Reached>>,
    region: String,
) -> BoxFuture<'static, Result<Vec<Alarm>, String>> {
    Box::pin(async move {
        let session = account.inner.session(&region);
        CloudWatchAlarms::new(&session)
            .alarms()
            .await
            .map_err(|e| e.to_string())
    })
}

/// One list in the pane's order (ties in the set's order), and what failed.
pub fn gather(
    set: &str,
    targets: Vec<Swept<Result<Vec<Alarm>, String>>>,
    state: Option<AlarmState>,
) -> AccountsAlarms {
    Listing::gather(
        set,
        targets,
        |found| headless::select(found, state),
        crate::alarms::model::display_order,
    )
}

pub fn write_table(
    out: &mut impl Write,
    all: &AccountsAlarms,
    now: Timestamp,
) -> std::io::Result<()> {
    let firing = all
        .items
        .iter()
        .filter(|p| p.item.state == AlarmState::Alarm)
        .count();
    let what = format!("{} alarms, {firing} in ALARM", all.items.len());
    writeln!(out, "{}", all.summary(&what))?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = all
        .items
        .iter()
        .map(|p| {
            let a = &p.item;
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
    all.write_unanswered(out)
}

/// `{"set", "alarms": [...], "unanswered": [...]}`: each alarm as `warroom alarms` writes
/// it, with `account` ({id, name}) and `region` first.
pub fn write_json(out: &mut impl Write, all: &AccountsAlarms) -> std::io::Result<()> {
    all.write_json(out, "alarms", |alarm| {
        serde_json::to_value(alarm).unwrap_or(Value::Null)
    })
}

#[cfg(test)]
#[path = "alarms_tests.rs"]
mod tests;
