//! Sweeping an account set from the console, whatever a pane lists: the set planned (an
//! organization's accounts listed), each account reached once (AssumeRole, or its profile)
//! and remembered, then asked in each region (or once, for a global service) under the set's
//! cap, each answer handed on as it comes. Every pane's sweep of one set shares what was
//! reached, so an account is reached once for all of them and its CloudTrail limiters are
//! one.

use std::sync::Arc;

use super::remember::{Known, Remembering};
use crate::accounts::aws::{AwsReacher, Caller, Reached, plan};
use crate::accounts::fanout::{Opened, fan_out_each};
use crate::accounts::place::Place;
use crate::accounts::session_name::{caller_user, session_name};
use crate::accounts::set::AccountSet;
use crate::accounts::sweep::{Heard, Plan};
use crate::aws::{AwsError, AwsSession, ErrorKind, SessionSettings};
use crate::kit::work::BoxFuture;

/// How each account is asked: in each of the set's regions, or once (a global service).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Each {
    Region,
    Account,
}

pub struct SetReach {
    pub set: AccountSet,
    /// The caller's: the session's profile, region and endpoint.
    settings: SessionSettings,
    lookups_per_second: f64,
    known: Arc<Known<Reached>>,
}

pub(super) fn failure(message: String) -> AwsError {
    AwsError {
        kind: ErrorKind::Service,
        code: None,
        message,
    }
}

impl SetReach {
    pub fn new(set: AccountSet, settings: SessionSettings, lookups_per_second: f64) -> Self {
        SetReach {
            set,
            settings,
            lookups_per_second,
            known: Arc::default(),
        }
    }

    /// Plans the set and asks `ask` in every (account, region), or once an account; `each`
    /// hears the plan and every answer. The error says why the set could not be planned.
    pub async fn sweep<A, F>(
        &self,
        how: Each,
        ask: F,
        each: &mut (dyn FnMut(Heard<A>) + Send),
    ) -> Result<(), AwsError>
    where
        A: Send + 'static,
        F: Fn(Arc<Opened<Reached>>, String) -> BoxFuture<'static, Result<A, String>>
            + Send
            + Sync
            + 'static,
    {
        let name = session_name(caller_user().as_deref());
        let mut caller = Caller::connect(self.settings.clone(), name).await;
        let planned = plan(&self.set, &mut caller)
            .await
            .map_err(|e| failure(format!("account set {}: {e}", self.set.name)))?;
        let set_regions: &[String] = match how {
            Each::Region => &self.set.regions,
            Each::Account => &[],
        };
        let regions = set_regions.len().max(1);
        each(Heard::Planned(Plan {
            set: self.set.name.clone(),
            accounts: planned.iter().map(|p| p.reference(None)).collect(),
            regions,
        }));
        let reacher = Arc::new(Remembering {
            inner: Arc::new(AwsReacher {
                caller,
                lookups_per_second: self.lookups_per_second,
                sweep: ask,
            }),
            known: self.known.clone(),
        });
        let cap = self.set.concurrency;
        fan_out_each(reacher, planned, set_regions, cap, |at, swept| {
            let region = match how {
                Each::Region => swept.region,
                Each::Account => String::new(),
            };
            let place = Place {
                account: swept.account,
                region,
                order: at.account * regions + at.region,
            };
            let result = swept.answer.and_then(|answer| answer);
            each(Heard::Answered { place, result });
        })
        .await;
        Ok(())
    }

    /// A session of the account and region of `place`, with that account's credentials.
    pub fn session(&self, place: &Place, what: &str) -> Result<AwsSession, AwsError> {
        let opened = place
            .account
            .id
            .as_deref()
            .and_then(|id| self.known.by_id(id))
            .ok_or_else(|| {
                failure(format!(
                    "{} is not reached: refresh (r) to sweep the account set again, then open the {what}",
                    place.account.label()
                ))
            })?;
        let region = if place.region.is_empty() {
            opened.default_region.clone()
        } else {
            place.region.clone()
        };
        Ok(opened.inner.session(&region))
    }
}
