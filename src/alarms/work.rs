//! The Alarms pane's work: DescribeAlarms (the firing alarms first, then every alarm page by
//! page, each its own message), an alarm's history, and its metric for the chart.

use std::sync::Arc;

use jiff::Timestamp;

use super::model::MetricStat;
use super::msg::AlarmsMsg;
use super::{AlarmList, AlarmSource};
use crate::kit::work::{Reply, Started, Task};

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

pub fn start(
    work: AlarmsWork,
    src: Arc<dyn AlarmSource>,
    reply: Reply<AlarmsMsg>,
) -> Started<AlarmsMsg> {
    Started::task(match work {
        AlarmsWork::Load { req } => Task::new("alarms", load(req, src, reply)),
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

/// The firing alarms (StateValue=ALARM), then every alarm page by page; each answer is its
/// own message, made ready (sorted, filter text) here, off the UI thread. A failed answer
/// (the firing pass's or a page's) ends the load.
pub async fn load(
    req: u64,
    src: Arc<dyn AlarmSource>,
    reply: Reply<AlarmsMsg>,
) -> Option<AlarmsMsg> {
    let result = src.firing().await.map(AlarmList::new);
    let failed = result.is_err();
    if !reply.send(AlarmsMsg::Firing { req, result }) || failed {
        return None;
    }
    let (mut token, mut page) = (None, 0);
    loop {
        page += 1;
        let (result, next) = match src.page(token.take()).await {
            Ok(found) => (Ok(AlarmList::new(found.alarms)), found.next),
            Err(e) => (Err(e), None),
        };
        let more = next.is_some();
        let msg = AlarmsMsg::Page {
            req,
            page,
            result,
            more,
        };
        if !more {
            return Some(msg);
        }
        if !reply.send(msg) {
            return None;
        }
        token = next;
    }
}
