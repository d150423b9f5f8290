//! What the Alarms pane's work answers.

use super::{AlarmList, HistoryItem, MetricSeries};
use crate::aws::AwsError;

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
