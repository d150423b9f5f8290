//! The Health pane's work: the events, an event's description and its affected entities.

use std::sync::Arc;

use jiff::Timestamp;

use super::msg::HealthMsg;
use super::{EventQuery, HealthEvent, HealthSource};
use crate::kit::work::{Started, Task};

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

pub fn start(work: HealthWork, src: Arc<dyn HealthSource>) -> Started<HealthMsg> {
    Started::task(match work {
        HealthWork::LoadEvents { req, query } => Task::new("health", async move {
            let result = src.events(query, Timestamp::now()).await;
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
