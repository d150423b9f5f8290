//! `warroom timeline --accounts NAME`: alarm transitions, CloudTrail writes and Health events
//! of every (account, region) of the set, gathered under the set's cap, merged in time order
//! with what warroom keeps itself (notes, queries, runbook steps), each row carrying its
//! account and region. What could not be read is named with its account and region; the
//! rest is still written.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;

use super::aws::{AwsReacher, Caller, Reached, plan};
use super::fanout::{Opened, Swept, fan_out};
use super::set::AccountSet;
use crate::kit::work::BoxFuture;
use crate::timeline::export::Origin;
use crate::timeline::gather::{self, FromAws, Gathered, Settings};
use crate::timeline::journal::Incident;
use crate::timeline::merge::merge;
use crate::timeline::model::{Source, TimelineEvent};

#[derive(Debug, Default)]
pub struct SetTimeline {
    pub set: String,
    pub accounts: usize,
    /// The regions swept, in the set's order.
    pub regions: Vec<String>,
    /// In time order, each item once.
    pub events: Vec<TimelineEvent>,
    /// Where each of `events` happened, one for one.
    pub origins: Vec<Origin>,
    /// (what, why) for each source of an account and region that could not be read.
    pub failures: Vec<(String, String)>,
    pub warnings: Vec<String>,
}

impl SetTimeline {
    /// `account set demo (4 accounts)`: what the timeline's account is.
    pub fn heading(&self) -> String {
        format!(
            "account set {} ({})",
            self.set,
            super::listing::count(self.accounts, "account", "accounts")
        )
    }

    /// The timeline as the Timeline pane shows it: the set and its regions in place of one
    /// session's account and region, each row with its origin.
    pub fn gathered(self) -> Gathered {
        Gathered {
            account: Some(self.heading()),
            region: self.regions.join(", "),
            events: self.events,
            origins: self.origins,
            failures: self.failures,
            warnings: self.warnings,
        }
    }
}

/// What the timeline is gathered over.
pub struct Over<'a> {
    pub window: (Timestamp, Timestamp),
    pub state_dir: Option<&'a Path>,
    pub incident: Option<&'a Incident>,
    pub now: Timestamp,
}

/// Every (account, region) of the set over the window, and warroom's own records. Health is
/// asked once per account, in the sweep of the set's first region, for all its regions.
pub async fn run(
    set: &AccountSet,
    mut caller: Caller,
    settings: Settings,
    over: Over<'_>,
) -> Result<SetTimeline, String> {
    let planned = plan(set, &mut caller).await?;
    // Each account's own Health view: the organization view would repeat every account's
    // events in each of them.
    let settings = Settings {
        organization: false,
        ..settings
    };
    let lookups_per_second = settings.lookups_per_second;
    let sweep = ask(
        Arc::new(settings),
        set.regions.clone(),
        over.window,
        over.now,
    );
    let reacher = Arc::new(AwsReacher {
        caller,
        lookups_per_second,
        sweep,
    });
    let swept = fan_out(reacher, planned, &set.regions, set.concurrency).await;
    Ok(assemble(&set.name, swept, &over))
}

/// What one (account, region) of the set is asked, with that account's credentials and
/// CloudTrail limiters: Health once per account, in the sweep of the set's first region (for
/// all its regions), or in the account's own region when the set names none.
pub fn ask(
    settings: Arc<Settings>,
    regions: Vec<String>,
    window: (Timestamp, Timestamp),
    now: Timestamp,
) -> impl Fn(Arc<Opened<Reached>>, String) -> BoxFuture<'static, FromAws> + Send + Sync + 'static {
    move |account, region| {
        let settings = settings.clone();
        let health = match regions.first() {
            None => Some(vec![region.clone()]),
            Some(first) if *first == region => Some(regions.clone()),
            Some(_) => None,
        };
        Box::pin(async move {
            let session = account.inner.session(&region);
            let limiters = Some(&account.inner.limiters);
            gather::from_aws(&session, &settings, window, health, limiters, now).await
        })
    }
}

/// One timeline out of every (account, region)'s answer and warroom's own records.
pub fn assemble(set: &str, swept: Vec<Swept<FromAws>>, over: &Over<'_>) -> SetTimeline {
    let mut out = SetTimeline {
        set: set.to_string(),
        ..SetTimeline::default()
    };
    let mut accounts: Vec<String> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut lists = Vec::new();
    // Keys made unique across accounts and regions for the merge, then given back.
    let mut places: HashMap<String, (Origin, String)> = HashMap::new();
    let mut unreached: Vec<(String, Vec<String>, String)> = Vec::new();
    for t in swept {
        let label = t.account.label();
        if !accounts.contains(&label) {
            accounts.push(label.clone());
        }
        if !t.region.is_empty() && !out.regions.contains(&t.region) {
            out.regions.push(t.region.clone());
        }
        let from = match t.answer {
            Ok(from) => from,
            Err(error) => {
                match unreached.last_mut() {
                    Some((who, regions, why)) if *who == label && *why == error => {
                        regions.push(t.region)
                    }
                    _ => unreached.push((label, vec![t.region], error)),
                }
                continue;
            }
        };
        let account = t
            .account
            .id
            .clone()
            .unwrap_or_else(|| t.account.name.clone());
        if let Ok(id) = &from.account
            && !ids.contains(id)
        {
            ids.push(id.clone());
        }
        for (source, rows) in from.lists {
            let rows = match rows {
                Ok(rows) => rows,
                Err(error) => {
                    out.failures
                        .push((format!("{source} of {label} in {}", t.region), error));
                    continue;
                }
            };
            let origin = Origin {
                account: t.account.name.clone(),
                region: t.region.clone(),
            };
            lists.push(
                rows.into_iter()
                    .map(|mut e| {
                        // An alarm is one region's; a CloudTrail event (a global one is
                        // seen from every region) and a Health event are the account's.
                        let unique = match e.source {
                            Source::Alarm => format!("{account}|{}|{}", t.region, e.key),
                            _ => format!("{account}|{}", e.key),
                        };
                        let key = std::mem::replace(&mut e.key, unique.clone());
                        places.entry(unique).or_insert((origin.clone(), key));
                        e
                    })
                    .collect(),
            );
        }
    }
    for (label, regions, error) in unreached {
        out.failures
            .push((format!("{label} in {}", regions.join(", ")), error));
    }
    out.accounts = accounts.len();
    let local = gather::local(over.state_dir, over.incident, &ids, over.window);
    lists.extend(local.lists);
    out.failures.extend(local.failures);
    out.warnings.extend(local.warnings);
    for mut event in merge(lists) {
        let origin = match places.remove(&event.key) {
            Some((origin, key)) => {
                event.key = key;
                origin
            }
            None => Origin::default(),
        };
        out.events.push(event);
        out.origins.push(origin);
    }
    out
}

#[cfg(test)]
#[path = "timeline_tests.rs"]
mod tests;
