//! Everything that can happen to the console, each carrying its data.

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;

use super::effect::Sources;
use crate::alarms::{AlarmList, HistoryItem, MetricSeries};
use crate::aws::{AwsError, Identity};
use crate::changes::Change;
use crate::health::{AffectedEntity, EventDescription, HealthEvent};
use crate::logs::run::{Progress, QueryError};
use crate::logs::{LogGroup, QueryResult, SavedQuery};

/// What the session turned out to be once credentials and region were resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    pub region: String,
    pub region_defaulted: bool,
    pub profile: Option<String>,
    pub endpoint: Option<String>,
}

pub enum Msg {
    Key(KeyEvent),
    Resize {
        width: u16,
        height: u16,
    },
    Tick(Timestamp),
    Connected {
        generation: u64,
        info: SessionInfo,
        sources: Option<Sources>,
    },
    IdentityLoaded {
        req: u64,
        result: Result<Identity, AwsError>,
    },
    AlarmsLoaded {
        req: u64,
        result: Result<AlarmList, AwsError>,
    },
    AlarmHistoryLoaded {
        req: u64,
        result: Result<Vec<HistoryItem>, AwsError>,
    },
    /// One page of LookupEvents; `more` says whether paging goes on.
    ChangesPage {
        req: u64,
        result: Result<Vec<Change>, AwsError>,
        more: bool,
    },
    HealthEventsLoaded {
        req: u64,
        result: Result<Vec<HealthEvent>, AwsError>,
    },
    HealthDescriptionLoaded {
        req: u64,
        result: Result<EventDescription, AwsError>,
    },
    HealthEntitiesLoaded {
        req: u64,
        result: Result<Vec<AffectedEntity>, AwsError>,
    },
    AlarmMetricLoaded {
        req: u64,
        result: Result<MetricSeries, AwsError>,
    },
    LogGroupsLoaded {
        req: u64,
        result: Result<Vec<LogGroup>, AwsError>,
    },
    /// The running query moved on: queued, started, or polled.
    QueryProgress {
        req: u64,
        progress: Progress,
    },
    QueryFinished {
        req: u64,
        result: Result<QueryResult, QueryError>,
    },
    QueryStopped {
        query_id: Option<String>,
        result: Result<(), AwsError>,
    },
    LogRecordLoaded {
        req: u64,
        result: Result<Vec<(String, String)>, AwsError>,
    },
    SavedQueriesLoaded {
        req: u64,
        result: Result<Vec<SavedQuery>, AwsError>,
    },
    QuerySaved {
        name: String,
        result: Result<(), AwsError>,
    },
}
