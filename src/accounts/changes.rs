//! `warroom changes --accounts NAME`: the changes of every (account, region) of the set in
//! one list, newest first across all of them, each row naming its account and region; what
//! could not be asked is said after the list, an account at a time.

use std::io::Write;
use std::sync::Arc;

use serde_json::Value;

use super::aws::{AwsReacher, Caller, Reached, plan};
use super::fanout::{Opened, fan_out};
use super::listing::Listing;
use super::set::AccountSet;
use super::triage::ChangeSettings;
use crate::changes::{Change, ChangeQuery, CloudTrailChanges, headless};
use crate::kit::work::BoxFuture;
use crate::time::utc;
use crate::ui::columns;

pub type AccountsChanges = Listing<Change>;

/// The changes `query` matches in every (account, region) of the set, each through that
/// account and region's own LookupEvents pace.
pub async fn run(
    set: &AccountSet,
    mut caller: Caller,
    changes: ChangeSettings,
    query: ChangeQuery,
) -> Result<AccountsChanges, String> {
    let planned = plan(set, &mut caller).await?;
    let lookups_per_second = changes.lookups_per_second;
    let sweep = sweep_changes(changes, query);
    let reacher = Arc::new(AwsReacher {
        caller,
        lookups_per_second,
        sweep,
    });
    let targets = fan_out(reacher, planned, &set.regions, set.concurrency).await;
    Ok(Listing::gather(
        &set.name,
        targets,
        |found| found,
        |a, b| b.time.cmp(&a.time),
    ))
}

/// The changes `query` matches in one account and region, with the account's credentials,
/// waiting at the account's own limiter of each region it asks (its own, and us-east-1 for
/// the global services' events).
pub fn sweep_changes(
    changes: ChangeSettings,
    query: ChangeQuery,
) -> impl Fn(Arc<Opened<Reached>>, String) -> BoxFuture<'static, Result<Vec<Change>, String>>
+ Send
+ Sync
+ 'static {
    move |account, region| {
        let (changes, query) = (changes.clone(), query.clone());
        Box::pin(async move {
            let session = account.inner.session(&region);
            let source = CloudTrailChanges::new(&session, changes.risk, changes.lookups_per_second)
                .with_global(&session, &changes.global_sources)
                .sharing(&session, &account.inner.limiters);
            headless::collect(&source, &query)
                .await
                .map_err(|e| e.to_string())
        })
    }
}

pub fn write_table(out: &mut impl Write, all: &AccountsChanges) -> std::io::Result<()> {
    let risky = all.items.iter().filter(|p| p.item.risk.is_some()).count();
    let what = format!("{} changes, {risky} risky", all.items.len());
    writeln!(out, "{}", all.summary(&what))?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = all
        .items
        .iter()
        .map(|p| {
            let c = &p.item;
            vec![
                utc(c.time).trim_end_matches(" UTC").to_string(),
                p.account.name.clone(),
                p.region.clone(),
                if c.global {
                    format!("{} (global)", c.name)
                } else {
                    c.name.clone()
                },
                c.principal.clone(),
                c.resources_line(),
                c.error_code.clone().unwrap_or_default(),
                c.risk
                    .as_ref()
                    .map(|r| format!("⚠ {r}"))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    columns::write(
        out,
        &[
            "TIME (UTC)",
            "ACCOUNT",
            "REGION",
            "EVENT",
            "PRINCIPAL",
            "RESOURCES",
            "ERROR",
            "RISK",
        ],
        &rows,
        "(no changes in the window)",
    )?;
    all.write_unanswered(out)
}

/// `{"set", "changes": [...], "unanswered": [...]}`: each change as `warroom changes` writes
/// it (its whole CloudTrail record included), with `account` and `region` first.
pub fn write_json(out: &mut impl Write, all: &AccountsChanges) -> std::io::Result<()> {
    all.write_json(out, "changes", |c| {
        let mut row = serde_json::to_value(c).unwrap_or(Value::Null);
        let record = serde_json::from_str(&c.record).unwrap_or(Value::Null);
        if let Some(map) = row.as_object_mut() {
            map.insert("record".to_string(), record);
        }
        row
    })
}
