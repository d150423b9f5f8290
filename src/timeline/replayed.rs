//! The timeline of a replay: what a recording held up to the replay's instant (alarm state
//! changes, CloudTrail writes, Health events, and the rows kept outside AWS), merged as the
//! live timeline merges what it gathers.

use jiff::Timestamp;

use super::gather::Gathered;
use super::merge::merge;
use super::model::{self, TimelineEvent};
use crate::alarms::HistoryItem;
use crate::changes::Change;
use crate::health::HealthEvent;

/// What a recording held by an instant, for the timeline.
#[derive(Debug, Default)]
pub struct Recorded {
    pub account: Option<String>,
    pub region: String,
    /// Each alarm's state changes, as (alarm name, transition).
    pub transitions: Vec<(String, HistoryItem)>,
    pub changes: Vec<Change>,
    pub health: Vec<HealthEvent>,
    /// The journal's markers and notes, runbook steps and queries, as recorded.
    pub rows: Vec<TimelineEvent>,
}

/// Where a replay's Timeline pane gathers from instead of AWS and the state directory.
pub trait RecordedTimeline: Send + Sync {
    /// What was recorded by `now`.
    fn recorded(&self, now: Timestamp) -> Recorded;
}

/// The timeline over `window` as it stood at `now`: nothing later than `now` shows.
pub fn gather(
    recorded: Recorded,
    (start, end): (Timestamp, Timestamp),
    now: Timestamp,
) -> Gathered {
    let end = end.min(now);
    let within = |rows: Vec<TimelineEvent>| -> Vec<TimelineEvent> {
        rows.into_iter()
            .filter(|e| e.time >= start && e.time <= end)
            .collect()
    };
    let alarms = recorded
        .transitions
        .iter()
        .map(|(name, item)| model::from_alarm_history(name, item))
        .collect();
    let changes = recorded.changes.iter().map(model::from_change).collect();
    let health = recorded
        .health
        .iter()
        .flat_map(model::from_health)
        .collect();
    let lists = vec![
        within(alarms),
        within(changes),
        within(health),
        within(recorded.rows),
    ];
    Gathered {
        account: recorded.account,
        region: recorded.region,
        events: merge(lists),
        ..Gathered::default()
    }
}
