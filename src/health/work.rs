//! The Health pane's work: the events (the open ones first, then the rest), an event's
//! description and its affected entities.

use std::sync::Arc;

use jiff::Timestamp;

use super::msg::HealthMsg;
use super::source::Pass;
use super::{EventQuery, HealthEvent, HealthSource};
use crate::kit::work::{Reply, Started, Task};

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
    src: Arc<dyn HealthSource>,
    reply: Reply<HealthMsg>,
) -> Started<HealthMsg> {
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
            let result = src.describe(event, organization).await;
            Some(HealthMsg::DescriptionLoaded { req, result })
        }),
        HealthWork::LoadEntities {
            req,
            event,
            accounts,
        } => Task::new("health.entities", async move {
            let result = src.entities(event, accounts).await;
            Some(HealthMsg::EntitiesLoaded { req, result })
        }),
    })
}
