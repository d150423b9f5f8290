//! The Health pane's work: the events (the open ones first, then the rest), an event's
//! description and its affected entities.

use std::sync::Arc;

use jiff::Timestamp;

use super::msg::HealthMsg;
use super::source::Pass;
use super::sweep::{HealthSweep, Heard};
use super::{EventQuery, HealthEvent, HealthSource};
use crate::accounts::place::Place;
use crate::aws::AwsError;
use crate::kit::work::{Reply, Started, Task};

/// Where the pane's events come from: the session's account, and, over an account set,
/// every account of it.
#[derive(Clone)]
pub struct HealthSources {
    pub one: Arc<dyn HealthSource>,
    pub set: Option<Arc<dyn HealthSweep>>,
}

impl HealthSources {
    /// The source an opened event is asked through: its own account's.
    fn of(&self, place: Option<&Place>) -> Result<Arc<dyn HealthSource>, AwsError> {
        match (place, &self.set) {
            (Some(place), Some(set)) => set.at(place),
            _ => Ok(self.one.clone()),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum HealthWork {
    LoadEvents {
        req: u64,
        query: EventQuery,
    },
    LoadDescription {
        req: u64,
        event: HealthEvent,
        organization: bool,
    },
    LoadEntities {
        req: u64,
        event: HealthEvent,
        accounts: Vec<String>,
    },
}

pub fn start(
    work: HealthWork,
    sources: HealthSources,
    reply: Reply<HealthMsg>,
) -> Started<HealthMsg> {
    // The organization view spans the accounts already: it stays on the session.
    if let (HealthWork::LoadEvents { req, query }, Some(set)) = (&work, &sources.set)
        && !query.organization
    {
        let task = sweep(*req, query.clone(), set.clone(), reply);
        return Started::task(Task::new("health", task));
    }
    let src = sources.one.clone();
    Started::task(match work {
        HealthWork::LoadEvents { req, query } => Task::new("health", async move {
            let now = Timestamp::now();
            let open = match src.pass(Pass::Open, query.clone(), now).await {
                Ok(open) => open,
                Err(e) => {
                    return Some(HealthMsg::EventsLoaded {
                        req,
                        result: Err(e),
                    });
                }
            };
            let events = open.clone();
            if !reply.send(HealthMsg::OpenLoaded { req, events }) {
                return None;
            }
            let result = src.pass(Pass::Rest, query, now).await.map(|rest| {
                let mut all = open;
                all.extend(rest);
                all
            });
            Some(HealthMsg::EventsLoaded { req, result })
        }),
        HealthWork::LoadDescription {
            req,
            event,
            organization,
        } => Task::new("health.description", async move {
            let result = match sources.of(event.located.as_ref()) {
                Ok(src) => src.describe(event, organization).await,
                Err(e) => Err(e),
            };
            Some(HealthMsg::DescriptionLoaded { req, result })
        }),
        HealthWork::LoadEntities {
            req,
            event,
            accounts,
        } => Task::new("health.entities", async move {
            let result = match sources.of(event.located.as_ref()) {
                Ok(src) => src.entities(event, accounts).await,
                Err(e) => Err(e),
            };
            Some(HealthMsg::EntitiesLoaded { req, result })
        }),
    })
}

/// Every account of the set: the plan, then each account's events as its own message,
/// each event placed here, off the UI thread.
async fn sweep(
    req: u64,
    query: EventQuery,
    set: Arc<dyn HealthSweep>,
    reply: Reply<HealthMsg>,
) -> Option<HealthMsg> {
    let each = reply.clone();
    let heard = Box::new(move |heard: Heard| {
        let msg = match heard {
            Heard::Planned(plan) => HealthMsg::Planned {
                req,
                result: Ok(plan),
            },
            Heard::Answered { place, result } => {
                let result = result.map(|events| {
                    let placed = events.into_iter().map(|mut event| {
                        event.located = Some(place.clone());
                        event
                    });
                    placed.collect()
                });
                HealthMsg::Answered { req, place, result }
            }
        };
        each.send(msg);
    });
    match set.sweep(query, heard).await {
        Ok(()) => None,
        Err(e) => Some(HealthMsg::Planned {
            req,
            result: Err(e),
        }),
    }
}
