//! The Alarms pane's work: DescribeAlarms (the firing alarms first, then every alarm page by
//! page, each its own message), an alarm's history, and its metric for the chart.

use std::sync::Arc;

use jiff::Timestamp;

use super::model::MetricStat;
use super::msg::AlarmsMsg;
use super::sweep::{AlarmSweep, Heard};
use super::{AlarmList, AlarmSource};
use crate::accounts::place::Place;
use crate::aws::AwsError;
use crate::kit::work::{Reply, Started, Task};

/// Where the pane's alarms come from: the session's account and region, and, over an
/// account set, every (account, region) of it.
#[derive(Clone)]
pub struct AlarmSources {
    pub one: Arc<dyn AlarmSource>,
    pub set: Option<Arc<dyn AlarmSweep>>,
}

impl AlarmSources {
    /// The source an opened alarm is asked through: its own account and region's.
    fn of(&self, place: Option<&Place>) -> Result<Arc<dyn AlarmSource>, AwsError> {
        match (place, &self.set) {
            (Some(place), Some(set)) => set.at(place),
            _ => Ok(self.one.clone()),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum AlarmsWork {
    Load {
        req: u64,
    },
    LoadHistory {
        req: u64,
        /// The alarm's account and region, over an account set.
        place: Option<Place>,
        alarm: String,
        start: Timestamp,
        end: Timestamp,
    },
    LoadMetric {
        req: u64,
        place: Option<Place>,
        stat: MetricStat,
        start: Timestamp,
        end: Timestamp,
    },
}

pub fn start(
    work: AlarmsWork,
    sources: AlarmSources,
    reply: Reply<AlarmsMsg>,
) -> Started<AlarmsMsg> {
    Started::task(match work {
        AlarmsWork::Load { req } => match sources.set {
            Some(set) => Task::new("alarms", sweep(req, set, reply)),
            None => Task::new("alarms", load(req, sources.one, reply)),
        },
        AlarmsWork::LoadHistory {
            req,
            place,
            alarm,
            start,
            end,
        } => Task::new("alarms.history", async move {
            let result = match sources.of(place.as_ref()) {
                Ok(src) => src.history(alarm, start, end).await,
                Err(e) => Err(e),
            };
            Some(AlarmsMsg::HistoryLoaded { req, result })
        }),
        AlarmsWork::LoadMetric {
            req,
            place,
            stat,
            start,
            end,
        } => Task::new("alarms.metric", async move {
            let result = match sources.of(place.as_ref()) {
                Ok(src) => src.metric(stat, start, end).await,
                Err(e) => Err(e),
            };
            Some(AlarmsMsg::MetricLoaded { req, result })
        }),
    })
}

/// Every (account, region) of the set: the plan, then each answer as its own message, its
/// alarms placed and made ready (sorted, filter text) here, off the UI thread.
pub async fn sweep(
    req: u64,
    set: Arc<dyn AlarmSweep>,
    reply: Reply<AlarmsMsg>,
) -> Option<AlarmsMsg> {
    let each = reply.clone();
    let heard = Box::new(move |heard: Heard| {
        let msg = match heard {
            Heard::Planned(plan) => AlarmsMsg::Planned {
                req,
                result: Ok(plan),
            },
            Heard::Answered { place, result } => {
                let result = result.map(|alarms| {
                    let placed = alarms.into_iter().map(|mut alarm| {
                        alarm.place = Some(place.clone());
                        alarm
                    });
                    AlarmList::new(placed.collect())
                });
                AlarmsMsg::Answered { req, place, result }
            }
        };
        each.send(msg);
    });
    match set.sweep(heard).await {
        Ok(()) => None,
        Err(e) => Some(AlarmsMsg::Planned {
            req,
            result: Err(e),
        }),
    }
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
