//! `warroom changes --accounts NAME`: the changes of every (account, region) of the set in
//! one list, newest first across all of them, each row naming its account and region; what
//! could not be asked is said after the list, an account at a time.

use std::collections::HashSet;
use std::io::Write;
use std::sync::Arc;

use serde_json::Value;

use super::aws::{AwsReacher, Caller, Reached, plan};
use super::fanout::{Opened, Swept, fan_out};
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
    Ok(gather(&set.name, targets))
}

/// One list, newest first (ties in the set's order); a global service's event, which each
/// region of an account asks us-east-1 for, once per account: the copy us-east-1 recorded
/// when it is among them.
pub fn gather(set: &str, targets: Vec<Swept<Result<Vec<Change>, String>>>) -> AccountsChanges {
    let mut all = Listing::gather(
        set,
        targets,
        |found| found,
        |a, b| b.time.cmp(&a.time).then_with(|| a.global.cmp(&b.global)),
    );
    let mut seen = HashSet::new();
    all.items.retain(|p| {
        let account = p.account.id.as_deref().unwrap_or(&p.account.name);
        seen.insert(format!("{account}#{}", p.item.id))
    });
    all
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::target::AccountRef;
    use crate::changes::sample::change;

    #[test]
    fn a_global_event_seen_from_two_regions_is_listed_once_as_us_east_1_recorded_it() {
        let at: jiff::Timestamp = "2026-11-23T03:00:00Z".parse().unwrap();
        let account = |name: &str, id: &str| AccountRef {
            id: Some(id.into()),
            name: name.into(),
        };
        let iam = |global: bool| {
            let mut c = change("PutRolePolicy", "alice", "iam.amazonaws.com", "role", at);
            c.id = "iam-event-1".into();
            c.global = global;
            c
        };
        let swept = |who: AccountRef, region: &str, found: Vec<Change>| Swept {
            account: who,
            color: None,
            production: false,
            region: region.into(),
            answer: Ok(Ok(found)),
        };
        let prod = account("production", "123456789012");
        let staging = account("staging", "210987654321");
        let all = gather(
            "demo",
            vec![
                swept(prod.clone(), "eu-west-1", vec![iam(true)]),
                swept(prod, "us-east-1", vec![iam(false)]),
                swept(staging.clone(), "eu-west-1", vec![iam(true)]),
                swept(staging, "ap-southeast-2", vec![iam(true)]),
            ],
        );
        let rows: Vec<String> = all
            .items
            .iter()
            .map(|p| format!("{} {} {}", p.account.name, p.region, p.item.global))
            .collect();
        assert_eq!(
            rows,
            ["production us-east-1 false", "staging eu-west-1 true"]
        );
    }
}
