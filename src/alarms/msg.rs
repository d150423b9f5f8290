//! What the Alarms pane's work answers.

use super::{AlarmList, HistoryItem, MetricSeries};
use crate::aws::AwsError;
use crate::kit::work::Outcome;

pub enum AlarmsMsg {
    Loaded {
        req: u64,
        result: Result<AlarmList, AwsError>,
    },
    HistoryLoaded {
        req: u64,
        result: Result<Vec<HistoryItem>, AwsError>,
    },
    MetricLoaded {
        req: u64,
        result: Result<MetricSeries, AwsError>,
    },
}

impl Outcome for AlarmsMsg {
    fn failure(&self) -> Option<&AwsError> {
        match self {
            AlarmsMsg::Loaded { result, .. } => match result {
                Ok(list) => {
                    tracing::debug!(alarms = list.alarms().len(), "alarms refreshed");
                    None
                }
                Err(e) => Some(e),
            },
            AlarmsMsg::HistoryLoaded { result, .. } => result.as_ref().err(),
            AlarmsMsg::MetricLoaded { result, .. } => result.as_ref().err(),
        }
    }
}
