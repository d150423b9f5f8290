//! `warroom health --accounts NAME`: the AWS Health events of every account of the set in one
//! list, each row naming its account. Health is global: each account is asked once, in
//! us-east-1's endpoint, whatever the set's regions. For an organization set whose caller
//! may use Health's organization view (the management account or Health's delegated
//! administrator, with the view enabled), one DescribeEventsForOrganization answers for every
//! account instead, and no account is assumed; otherwise each account is asked, and why is
//! said.

use std::io::Write;
use std::sync::Arc;

use jiff::Timestamp;
use serde_json::Value;

use super::aws::{AwsReacher, Caller, Reached, plan};
use super::fanout::{Opened, Swept, fan_out};
use super::listing::Listing;
use super::set::{AccountSet, SetSource};
use super::target::Planned;
use crate::aws::session::HEALTH_REGION;
use crate::health::model::display_order;
use crate::health::{AwsHealth, EventQuery, HealthEvent, HealthSource, headless};
use crate::kit::work::BoxFuture;
use crate::ui::columns;

pub type AccountsHealth = Listing<HealthEvent>;

/// What `health --accounts` found, and how it asked.
#[derive(Debug)]
pub struct SetHealth {
    pub listing: AccountsHealth,
    /// The regions asked for (besides global services); empty: every region.
    pub regions: Vec<String>,
    /// Through the organization view (no account asked on its own).
    pub organization: bool,
    /// Why the organization view was not used for an organization set.
    pub fallback: Option<String>,
}

type Targets = Vec<Swept<Result<Vec<HealthEvent>, String>>>;

/// The Health events of every account of the set in `regions` (empty: every region) and
/// global services.
pub async fn run(
    set: &AccountSet,
    mut caller: Caller,
    lookups_per_second: f64,
    regions: Vec<String>,
    now: Timestamp,
) -> Result<SetHealth, String> {
    let planned = plan(set, &mut caller).await?;
    let query = EventQuery {
        regions: regions.clone(),
        organization: false,
    };
    let mut fallback = None;
    if matches!(set.source, SetSource::Organization { .. }) {
        let cap = set.concurrency;
        match organization_view(&caller, &planned, query.clone(), now, cap).await {
            Ok(targets) => {
                return Ok(SetHealth {
                    listing: gather(&set.name, targets),
                    regions,
                    organization: true,
                    fallback: None,
                });
            }
            Err(why) => fallback = Some(why),
        }
    }
    let sweep = move |account: Arc<Opened<Reached>>,
                      region: String|
          -> BoxFuture<'static, Result<Vec<HealthEvent>, String>> {
        let query = query.clone();
        Box::pin(async move {
            AwsHealth::new(&account.inner.session(&region))
                .events(query, now)
                .await
                .map_err(|e| e.to_string())
        })
    };
    let reacher = Arc::new(AwsReacher {
        caller,
        lookups_per_second,
        sweep,
    });
    let targets = fan_out(
        reacher,
        planned,
        &[HEALTH_REGION.to_string()],
        set.concurrency,
    )
    .await;
    Ok(SetHealth {
        listing: gather(&set.name, targets),
        regions,
        organization: false,
        fallback,
    })
}

const NOT_ENABLED: &str = "Health's organization view does not answer these credentials: it needs EnableHealthServiceAccessForOrganization once in the management account, and the management account's or Health's delegated administrator's credentials";

/// Every account's events from the organization view: the events once, then the accounts
/// each non-public event touches (a public event touches every account), at most `cap`
/// DescribeAffectedAccountsForOrganization at once.
async fn organization_view(
    caller: &Caller,
    planned: &[Planned],
    query: EventQuery,
    now: Timestamp,
    cap: usize,
) -> Result<Targets, String> {
    let session = caller.session();
    let health = AwsHealth::new(&session);
    match health.organization_enabled().await {
        Ok(true) => {}
        Ok(false) => return Err(NOT_ENABLED.to_string()),
        Err(e) => {
            return Err(format!(
                "Health's organization view could not be asked: {e}"
            ));
        }
    }
    let organization = EventQuery {
        organization: true,
        ..query
    };
    let events = health
        .events(organization, now)
        .await
        .map(headless::sorted)
        .map_err(|e| format!("Health's organization view failed: {e}"))?;
    let touched = affected_accounts(&health, &events, cap).await?;
    Ok(planned
        .iter()
        .map(|p| {
            let account = p.reference(None);
            let mine = events
                .iter()
                .zip(&touched)
                .filter(|(_, accounts)| match (accounts, &account.id) {
                    (None, _) => true,
                    (Some(accounts), Some(id)) => accounts.contains(id),
                    (Some(_), None) => false,
                })
                .map(|(event, _)| event.clone())
                .collect();
            Swept {
                account,
                color: p.color,
                production: p.production,
                region: String::new(),
                answer: Ok(Ok(mine)),
            }
        })
        .collect())
}

/// For each event, the accounts it touches (None: a public event, touching every account).
async fn affected_accounts(
    health: &AwsHealth,
    events: &[HealthEvent],
    cap: usize,
) -> Result<Vec<Option<Vec<String>>>, String> {
    let permits = Arc::new(tokio::sync::Semaphore::new(cap.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for (index, event) in events.iter().enumerate() {
        if event.scope.as_deref() == Some("PUBLIC") {
            continue;
        }
        let (health, permits, arn) = (health.clone(), permits.clone(), event.arn.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            (index, health.affected_accounts(&arn).await)
        });
    }
    let mut touched: Vec<Option<Vec<String>>> = events.iter().map(|_| None).collect();
    while let Some(joined) = tasks.join_next().await {
        let (index, accounts) = joined.map_err(|e| {
            format!(
                "Health's organization view: a bug in warroom stopped the work ({e}); run it again"
            )
        })?;
        let accounts = accounts.map_err(|e| format!("Health's organization view failed: {e}"))?;
        if let Some(slot) = touched.get_mut(index) {
            *slot = Some(accounts);
        }
    }
    Ok(touched)
}

/// One list in the pane's order (open first), each row in its event's region; an account
/// that could not be asked is one entry, without regions (Health is global).
fn gather(set: &str, targets: Targets) -> AccountsHealth {
    let mut listing = Listing::gather(set, targets, headless::sorted, display_order);
    for placed in &mut listing.items {
        placed.region = placed.item.region.clone();
    }
    for unanswered in &mut listing.unanswered {
        unanswered.regions.clear();
    }
    listing
}

impl SetHealth {
    /// `ACCOUNT SET demo: 4 accounts; Health of us-east-1 and global services through the
    /// organization view; 5 events, 2 open; 0 not answered`.
    pub fn summary(&self) -> String {
        let open = self
            .listing
            .items
            .iter()
            .filter(|p| p.item.status == crate::health::EventStatus::Open)
            .count();
        let regions = match self.regions.is_empty() {
            true => "every region".to_string(),
            false => format!("{} and global services", self.regions.join(", ")),
        };
        let how = match self.organization {
            true => "through the organization view",
            false => "an account at a time",
        };
        let events = super::listing::count(self.listing.items.len(), "event", "events");
        let what = format!("Health of {regions} {how}; {events}, {open} open");
        self.listing.summary_with(None, &what)
    }

    /// 1 when an account could not be asked, else 0, as `warroom health` exits.
    pub fn exit_code(&self) -> u8 {
        self.listing.exit_code()
    }
}

pub fn write_table(out: &mut impl Write, all: &SetHealth) -> std::io::Result<()> {
    writeln!(out, "{}", all.summary())?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = all
        .listing
        .items
        .iter()
        .map(|p| {
            let mut row = headless::row(&p.item);
            row.insert(1, p.account.name.clone());
            row
        })
        .collect();
    let mut header = headless::HEADER.to_vec();
    header.insert(1, "ACCOUNT");
    columns::write(out, &header, &rows, "(no AWS Health events)")?;
    all.listing.write_unanswered(out)
}

/// `{"set", "events": [...], "unanswered": [...]}`: each event as `warroom health` writes it,
/// with `account` ({id, name}) and `region` first.
pub fn write_json(out: &mut impl Write, all: &SetHealth) -> std::io::Result<()> {
    all.listing.write_json(out, "events", |event| {
        serde_json::to_value(event).unwrap_or(Value::Null)
    })
}

#[cfg(test)]
#[path = "health_tests.rs"]
mod tests;
