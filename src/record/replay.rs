//! The console on a recording instead of AWS: sources that answer with what was recorded
//! by the replay's clock, and a fleet that sends nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use jiff::Timestamp;

use super::reader::Recording;
use crate::alarms::model::MetricStat;
use crate::alarms::source::AlarmPage;
use crate::alarms::{Alarm, AlarmSource, AlarmState, HistoryItem, MetricSeries};
use crate::app::msg::SessionInfo;
use crate::app::sources::{Connector, Sources};
use crate::aws::IdentitySource;
use crate::aws::{AwsError, ErrorKind, Identity, SessionSettings};
use crate::changes::{ChangeQuery, ChangeSource, source::Page};
use crate::health::source::Pass;
use crate::health::{
    AffectedEntity, EventDescription, EventQuery, EventStatus, HealthEvent, HealthSource,
};
use crate::kit::work::BoxFuture;
use crate::logs::model::{LogGroup, Poll, SavedQuery};
use crate::logs::{InsightsSource, QueryRequest};
use crate::runbook::language::model::Targets;
use crate::runbook::run::fleet::{
    CommandRequest, Fleet, Invocation, InvocationOutput, TargetPreview,
};
use crate::timeline::replayed::{Recorded, RecordedTimeline};
use crate::timeline::work::TimelineSource;

/// The instant a replay shows, shared by the console and the replay's sources.
#[derive(Clone)]
pub struct ReplayClock(Arc<AtomicI64>);

impl ReplayClock {
    pub fn new(at: Timestamp) -> ReplayClock {
        ReplayClock(Arc::new(AtomicI64::new(nanos(at))))
    }

    pub fn get(&self) -> Timestamp {
        Timestamp::from_nanosecond(i128::from(self.0.load(Ordering::Relaxed)))
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }

    pub fn set(&self, at: Timestamp) {
        self.0.store(nanos(at), Ordering::Relaxed);
    }
}

/// Recorded instants keep their nanoseconds, so the clock must too.
fn nanos(at: Timestamp) -> i64 {
    i64::try_from(at.as_nanosecond()).unwrap_or(i64::MAX)
}

struct Replay {
    recording: Arc<Recording>,
    clock: ReplayClock,
}

fn not_recorded(what: &str) -> AwsError {
    AwsError {
        kind: ErrorKind::Service,
        code: None,
        message: format!("{what} was not recorded: a replay shows only what the console received"),
    }
}

fn nothing_yet(what: &str, at: Timestamp) -> AwsError {
    AwsError {
        kind: ErrorKind::Service,
        code: None,
        message: format!(
            "No {what} had arrived by {} in this recording",
            crate::time::utc(at)
        ),
    }
}

impl IdentitySource for Replay {
    fn identity(&self) -> BoxFuture<'_, Result<Identity, AwsError>> {
        let at = self.clock.get();
        let found = self
            .recording
            .identity_at(at)
            .or_else(|| self.recording.identity_at(Timestamp::MAX));
        Box::pin(async move { found.ok_or_else(|| not_recorded("The caller identity")) })
    }
}

impl AlarmSource for Replay {
    fn firing(&self) -> BoxFuture<'_, Result<Vec<Alarm>, AwsError>> {
        let at = self.clock.get();
        let found = self.recording.alarms_at(at).map(|mut alarms| {
            alarms.retain(|a| a.state == AlarmState::Alarm);
            alarms
        });
        Box::pin(async move { found.ok_or_else(|| nothing_yet("alarms", at)) })
    }

    /// The whole recorded list is one page.
    fn page(&self, _: Option<String>) -> BoxFuture<'_, Result<AlarmPage, AwsError>> {
        let at = self.clock.get();
        let found = self.recording.alarms_at(at);
        Box::pin(async move {
            let alarms = found.ok_or_else(|| nothing_yet("alarms", at))?;
            Ok(AlarmPage { alarms, next: None })
        })
    }

    fn history(
        &self,
        _: String,
        _: Timestamp,
        _: Timestamp,
    ) -> BoxFuture<'_, Result<Vec<HistoryItem>, AwsError>> {
        Box::pin(async { Err(not_recorded("Alarm history")) })
    }

    fn metric(
        &self,
        _: MetricStat,
        _: Timestamp,
        _: Timestamp,
    ) -> BoxFuture<'_, Result<MetricSeries, AwsError>> {
        Box::pin(async { Err(not_recorded("The metric")) })
    }
}

impl ChangeSource for Replay {
    fn page(&self, query: ChangeQuery, _: Option<String>) -> BoxFuture<'_, Result<Page, AwsError>> {
        let changes = self
            .recording
            .changes_at(self.clock.get())
            .into_iter()
            .filter(|c| query.matches(c))
            .collect();
        Box::pin(async move {
            Ok(Page {
                changes,
                next: None,
            })
        })
    }
}

impl HealthSource for Replay {
    fn pass(
        &self,
        pass: Pass,
        _: EventQuery,
        _: Timestamp,
    ) -> BoxFuture<'_, Result<Vec<HealthEvent>, AwsError>> {
        let at = self.clock.get();
        let found = self.recording.health_at(at).map(|mut events| {
            events.retain(|e| (e.status == EventStatus::Open) == (pass == Pass::Open));
            events
        });
        Box::pin(async move { found.ok_or_else(|| nothing_yet("Health events", at)) })
    }

    fn describe(
        &self,
        _: HealthEvent,
        _: bool,
    ) -> BoxFuture<'_, Result<EventDescription, AwsError>> {
        Box::pin(async { Err(not_recorded("The event's description")) })
    }

    fn entities(
        &self,
        _: HealthEvent,
        _: Vec<String>,
    ) -> BoxFuture<'_, Result<Vec<AffectedEntity>, AwsError>> {
        Box::pin(async { Err(not_recorded("The affected resources")) })
    }
}

fn no_queries() -> AwsError {
    AwsError {
        kind: ErrorKind::Service,
        code: None,
        message: "A replay runs no Logs Insights query".into(),
    }
}

impl InsightsSource for Replay {
    fn start(&self, _: QueryRequest) -> BoxFuture<'_, Result<String, AwsError>> {
        Box::pin(async { Err(no_queries()) })
    }
    fn poll(&self, _: String) -> BoxFuture<'_, Result<Poll, AwsError>> {
        Box::pin(async { Err(no_queries()) })
    }
    fn stop(&self, _: String) -> BoxFuture<'_, Result<(), AwsError>> {
        Box::pin(async { Ok(()) })
    }
    fn record(&self, _: String) -> BoxFuture<'_, Result<Vec<(String, String)>, AwsError>> {
        Box::pin(async { Err(no_queries()) })
    }
    fn groups(&self, _: Option<String>) -> BoxFuture<'_, Result<Vec<LogGroup>, AwsError>> {
        Box::pin(async { Err(no_queries()) })
    }
    fn saved(&self) -> BoxFuture<'_, Result<Vec<SavedQuery>, AwsError>> {
        Box::pin(async { Ok(Vec::new()) })
    }
    fn save(&self, _: SavedQuery) -> BoxFuture<'_, Result<(), AwsError>> {
        Box::pin(async { Err(no_queries()) })
    }
}

fn never_sent() -> AwsError {
    AwsError {
        kind: ErrorKind::Service,
        code: None,
        message: "A replay sends nothing to the fleet: runbook steps are shown, never sent".into(),
    }
}

impl Fleet for Replay {
    fn preview(&self, _: Targets) -> BoxFuture<'_, Result<TargetPreview, AwsError>> {
        Box::pin(async { Err(never_sent()) })
    }
    fn send(&self, _: CommandRequest) -> BoxFuture<'_, Result<String, AwsError>> {
        Box::pin(async { Err(never_sent()) })
    }
    fn invocations(&self, _: String) -> BoxFuture<'_, Result<Vec<Invocation>, AwsError>> {
        Box::pin(async { Err(never_sent()) })
    }
    fn output(&self, _: String, _: String) -> BoxFuture<'_, Result<InvocationOutput, AwsError>> {
        Box::pin(async { Err(never_sent()) })
    }
    fn cancel(&self, _: String) -> BoxFuture<'_, Result<(), AwsError>> {
        Box::pin(async { Err(never_sent()) })
    }
}

impl RecordedTimeline for Replay {
    fn recorded(&self, now: Timestamp) -> Recorded {
        self.recording.recorded_at(now)
    }
}

/// Connects the console to a recording.
pub struct ReplayConnector {
    pub recording: Arc<Recording>,
    pub clock: ReplayClock,
}

impl Connector for ReplayConnector {
    fn connect(&self, _: SessionSettings) -> BoxFuture<'static, (SessionInfo, Sources)> {
        let replay = Arc::new(Replay {
            recording: self.recording.clone(),
            clock: self.clock.clone(),
        });
        let info = SessionInfo {
            region: self.recording.region.clone(),
            region_defaulted: false,
            profile: None,
            endpoint: Some("replay".into()),
        };
        Box::pin(async move {
            #[allow(
                clippy::needless_update,
                reason = "a source added to Sources later is unavailable in a replay until it is recorded"
            )]
            let sources = Sources {
                identity: replay.clone(),
                alarms: replay.clone(),
                changes: replay.clone(),
                health: replay.clone(),
                logs: replay.clone(),
                fleet: replay.clone(),
                timeline: Some(Arc::new(TimelineSource::Recorded(replay))),
                ..Sources::unavailable("in a replay")
            };
            (info, sources)
        })
    }
}
