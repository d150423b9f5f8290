//! What the Health pane's work answers.

use super::{AffectedEntity, EventDescription, HealthEvent};
use crate::aws::AwsError;

pub enum HealthMsg {
    /// The first answer of a load: the open events.
    OpenLoaded { req: u64, events: Vec<HealthEvent> },
    /// Every event the pane lists (open, upcoming, recently closed).
    EventsLoaded {
        req: u64,
        result: Result<Vec<HealthEvent>, AwsError>,
    },
    /// Over an account set: its accounts, before any answers.
    Planned {
        req: u64,
        result: Result<crate::accounts::sweep::Plan, AwsError>,
    },
    /// Over an account set: one account's events, or why it could not be asked.
    Answered {
        req: u64,
        place: crate::accounts::place::Place,
        result: Result<Vec<HealthEvent>, String>,
    },
    DescriptionLoaded {
        req: u64,
        result: Result<EventDescription, AwsError>,
    },
    EntitiesLoaded {
        req: u64,
        result: Result<Vec<AffectedEntity>, AwsError>,
    },
}
