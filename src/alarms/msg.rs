//! What the Alarms pane's work answers.

use super::sweep::Plan;
use super::{AlarmList, HistoryItem, MetricSeries};
use crate::accounts::place::Place;
use crate::aws::AwsError;

pub enum AlarmsMsg {
    /// A whole list at once.
    Loaded {
        req: u64,
        result: Result<AlarmList, AwsError>,
    },
    /// The first answer of a load: the alarms in ALARM.
    Firing {
        req: u64,
        result: Result<AlarmList, AwsError>,
    },
    /// One page (numbered from 1) of every alarm; `more` says whether paging goes on.
    Page {
        req: u64,
        page: usize,
        result: Result<AlarmList, AwsError>,
        more: bool,
    },
    /// Over an account set: its accounts and regions, before any answers.
    Planned {
        req: u64,
        result: Result<Plan, AwsError>,
    },
    /// Over an account set: one (account, region)'s alarms, or why it could not be asked.
    Answered {
        req: u64,
        place: Place,
        result: Result<AlarmList, String>,
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
