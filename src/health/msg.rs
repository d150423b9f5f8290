//! What the Health pane's work answers.

use super::{AffectedEntity, EventDescription, HealthEvent};
use crate::aws::AwsError;
use crate::kit::work::Outcome;

pub enum HealthMsg {
    EventsLoaded {
        req: u64,
        result: Result<Vec<HealthEvent>, AwsError>,
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

impl Outcome for HealthMsg {
    fn failure(&self) -> Option<&AwsError> {
        match self {
            HealthMsg::EventsLoaded { result, .. } => result.as_ref().err(),
            HealthMsg::DescriptionLoaded { result, .. } => result.as_ref().err(),
            HealthMsg::EntitiesLoaded { result, .. } => result.as_ref().err(),
        }
    }
}
