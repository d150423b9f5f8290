//! Everything that can happen to the console, each carrying its data.

use std::time::Instant;

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;

use super::effect::Sources;
use crate::alarms::{AlarmList, HistoryItem, MetricSeries};
use crate::aws::{AwsError, Identity};
use crate::changes::Change;
use crate::health::{AffectedEntity, EventDescription, HealthEvent};
use crate::logs::run::{Progress, QueryError};
use crate::logs::{LogGroup, QueryResult, SavedQuery};
use crate::runbook::audit::InFlight;
use crate::runbook::catalog::CatalogEntry;
use crate::runbook::execute::Resumed;
use crate::runbook::fleet::{Invocation, InvocationOutput, TargetPreview};
use crate::timeline::gather::Gathered;
use crate::timeline::journal::{Incident, Summary};

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
    /// A key as the terminal gave it, with when it was read: a confirmation drops the keys
    /// read before it was first on screen (typed ahead, without seeing it).
    KeyRead {
        key: KeyEvent,
        at: Instant,
    },
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
    RunbooksLoaded {
        req: u64,
        entries: Vec<CatalogEntry>,
        /// Folders that could not be read.
        missing: Vec<String>,
        /// Commands sent and never seen to finish, from the audit log.
        in_flight: Vec<InFlight>,
        /// Sends whose outcome was never known, from the audit log.
        unresolved: Vec<crate::runbook::audit::Unresolved>,
        /// Lines of the audit log that could not be read.
        audit_warnings: Vec<String>,
    },
    TargetsPreviewed {
        req: u64,
        result: Result<TargetPreview, AwsError>,
    },
    /// The intent is on disk and SendCommand answered with this id.
    StepSent {
        req: u64,
        command_id: String,
    },
    StepProgress {
        req: u64,
        invocations: Vec<Invocation>,
    },
    /// The command ended with SSM's status, or could not be sent or followed.
    StepFinished {
        req: u64,
        result: Result<String, String>,
    },
    InvocationOutputLoaded {
        req: u64,
        result: Result<InvocationOutput, AwsError>,
    },
    CommandCancelled {
        command_id: String,
        result: Result<(), AwsError>,
    },
    /// A skip or acknowledgement could not be written to the audit log.
    AuditFailed {
        message: String,
    },
    InFlightResumed {
        results: Vec<(InFlight, Resumed)>,
        /// What the lookups made of the sends whose outcome was unknown.
        resolved: Vec<(
            crate::runbook::audit::Unresolved,
            crate::runbook::execute::Resolved,
        )>,
    },
    /// SendCommand's answer never came and the lookup failed: the step's outcome is unknown
    /// and nothing of it is sent again until a lookup settles it.
    StepUnknown {
        req: u64,
        send: crate::runbook::execute::LookUp,
        message: String,
    },
    TimelineLoaded {
        req: u64,
        gathered: Gathered,
    },
    /// The journal answered: the incident as it stands now (and a torn-line warning), or why not.
    IncidentChanged {
        result: Result<(Option<Incident>, Option<String>), String>,
    },
    IncidentsListed {
        listed: Vec<Summary>,
    },
    Exported {
        result: Result<std::path::PathBuf, String>,
    },
    RunbookQueryFinished {
        req: u64,
        result: Result<QueryResult, QueryError>,
    },
}
