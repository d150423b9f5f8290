//! The Alarms pane's work: DescribeAlarms, an alarm's history, and its metric for the chart.

use std::sync::Arc;

use jiff::Timestamp;

use super::model::MetricStat;
use super::msg::AlarmsMsg;
use super::{AlarmList, AlarmSource};
use crate::kit::work::{Started, Task};

#[derive(Clone, Debug, PartialEq)]
pub enum AlarmsWork {
    Load {
        req: u64,
    },
    LoadHistory {
        req: u64,
        alarm: String,
        start: Timestamp,
        end: Timestamp,
    },
    LoadMetric {
        req: u64,
        stat: MetricStat,
        start: Timestamp,
        end: Timestamp,
    },
}

pub fn start(work: AlarmsWork, src: Arc<dyn AlarmSource>) -> Started<AlarmsMsg> {
    Started::task(match work {
        AlarmsWork::Load { req } => Task::new("alarms", async move {
            let result = src.alarms().await.map(AlarmList::new);
            Some(AlarmsMsg::Loaded { req, result })
        }),
        AlarmsWork::LoadHistory {
            req,
            alarm,
            start,
            end,
        } => Task::new("alarms.history", async move {
            let result = src.history(alarm, start, end).await;
            Some(AlarmsMsg::HistoryLoaded { req, result })
        }),
        AlarmsWork::LoadMetric {
            req,
            stat,
            start,
            end,
        } => Task::new("alarms.metric", async move {
            let result = src.metric(stat, start, end).await;
            Some(AlarmsMsg::MetricLoaded { req, result })
        }),
    })
}
