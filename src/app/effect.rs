//! Work the update step asks for, and the executor that runs it in tokio tasks.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::msg::{Msg, SessionInfo};
use crate::alarms::model::MetricStat;
use crate::alarms::source::BoxFuture;
use crate::alarms::{AlarmList, AlarmSource, CloudWatchAlarms};
use crate::aws::{AwsError, AwsSession, Identity, SessionSettings, identity};
use crate::changes::risk::RiskRule;
use crate::changes::{ChangeQuery, ChangeSource, CloudTrailChanges};
use crate::config::ChangesConfig;
use crate::health::{AwsHealth, EventQuery, HealthEvent, HealthSource};
use crate::logs::history::PastQuery;
use crate::logs::run::Patience;
use crate::logs::{CloudWatchInsights, InsightsSource, QueryRequest, SavedQuery};
use crate::runbook::audit::{InFlight, Intent, Record};
use crate::runbook::fleet::{CommandRequest, Fleet};
use crate::runbook::model::Targets;
use crate::runbook::ssm::SsmFleet;
use crate::timeline::export::Header;
use crate::timeline::model::TimelineEvent;

mod logs;
mod runbook;
mod timeline;

pub use timeline::{IncidentAction, TimelineSource};

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Connect {
        generation: u64,
        settings: SessionSettings,
    },
    LoadIdentity {
        req: u64,
    },
    LoadAlarms {
        req: u64,
    },
    LoadAlarmHistory {
        req: u64,
        alarm: String,
        start: Timestamp,
        end: Timestamp,
    },
    LoadAlarmMetric {
        req: u64,
        stat: MetricStat,
        start: Timestamp,
        end: Timestamp,
    },
    /// Pages LookupEvents for the query, each page its own message.
    LoadChanges {
        req: u64,
        query: ChangeQuery,
    },
    /// The user left the Changes pane: paging in flight stops.
    StopChanges,
    /// Puts text on the user's clipboard through the terminal (OSC 52).
    Copy {
        text: String,
    },
    LoadHealthEvents {
        req: u64,
        query: EventQuery,
    },
    LoadHealthDescription {
        req: u64,
        event: HealthEvent,
        organization: bool,
    },
    LoadHealthEntities {
        req: u64,
        event: HealthEvent,
        accounts: Vec<String>,
    },
    LoadLogGroups {
        req: u64,
        prefix: Option<String>,
    },
    /// Starts a Logs Insights query and polls it to its end, reporting as it goes.
    RunQuery {
        req: u64,
        request: QueryRequest,
    },
    /// Ends the polling of the running query and, once it has an id, sends StopQuery.
    StopQuery {
        query_id: Option<String>,
    },
    LoadLogRecord {
        req: u64,
        pointer: String,
    },
    LoadSavedQueries {
        req: u64,
    },
    /// PutQueryDefinition: saves the query to the account.
    SaveQuery {
        query: SavedQuery,
    },
    /// Appends a query that ran to the history file.
    RememberQuery {
        past: PastQuery,
    },
    /// Reads the runbooks, and the audit log for commands left in flight.
    LoadRunbooks {
        req: u64,
        folders: Vec<PathBuf>,
    },
    /// DescribeInstanceInformation: who a step's targets are, for its confirmation.
    PreviewTargets {
        req: u64,
        targets: Targets,
    },
    /// Writes the intent to the audit log, then sends the command and follows it to its end.
    RunStep {
        req: u64,
        intent: Box<Intent>,
        request: CommandRequest,
    },
    LoadInvocationOutput {
        req: u64,
        command_id: String,
        instance_id: String,
    },
    CancelCommand {
        command_id: String,
    },
    /// A step skipped or acknowledged, written to the audit log.
    AuditStep {
        record: Record,
    },
    /// Looks up the sends an earlier run left with no known outcome (found ones join those
    /// in flight), then fetches how the commands left in flight ended; records both.
    ResumeInFlight {
        in_flight: Vec<InFlight>,
        /// Looked up only when of this session's account (from STS) and `region`: another
        /// account's commands cannot be listed from here.
        unresolved: Vec<crate::runbook::audit::Unresolved>,
        region: String,
    },
    /// Looks up a send of this session whose outcome is unknown and follows it when found.
    /// Sends nothing.
    ResolveStep {
        req: u64,
        look_up: crate::runbook::execute::LookUp,
    },
    /// Every source over the window, merged (the Timeline pane).
    LoadTimeline {
        req: u64,
        window: (Timestamp, Timestamp),
        now: Timestamp,
    },
    /// Starts, opens, lists, or writes to the incident's journal.
    Incident {
        action: IncidentAction,
    },
    ExportTimeline {
        format: crate::timeline::export::Format,
        path: PathBuf,
        header: Header,
        events: Vec<TimelineEvent>,
    },
    /// A runbook's logs-insights step.
    RunbookQuery {
        req: u64,
        request: QueryRequest,
    },
}

/// A newer effect in the same slot cancels the task of the older one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Slot {
    Connect,
    Identity,
    Alarms,
    AlarmHistory,
    AlarmMetric,
    HealthEvents,
    Changes,
    HealthDescription,
    HealthEntities,
    LogGroups,
    Query,
    StopQuery,
    LogRecord,
    SavedQueries,
    SaveQuery,
    Runbooks,
    Preview,
    Step,
    InvocationOutput,
    CancelCommand,
    RunbookQuery,
    Resume,
    Audit,
    Timeline,
    Incident,
    Export,
}

pub trait IdentitySource: Send + Sync {
    fn identity(&self) -> BoxFuture<'_, Result<Identity, AwsError>>;
}

/// The data sources of one session.
#[derive(Clone)]
pub struct Sources {
    pub identity: Arc<dyn IdentitySource>,
    pub alarms: Arc<dyn AlarmSource>,
    pub changes: Arc<dyn ChangeSource>,
    pub health: Arc<dyn HealthSource>,
    pub logs: Arc<dyn InsightsSource>,
    pub fleet: Arc<dyn Fleet>,
    /// What the Timeline pane gathers with; none in a replay.
    pub timeline: Option<Arc<TimelineSource>>,
}

/// Builds the sources for a session; AWS in the app, something else in tests and replays.
pub trait Connector: Send + Sync {
    fn connect(&self, settings: SessionSettings) -> BoxFuture<'static, (SessionInfo, Sources)>;
}

/// Connects to AWS; the Changes source gets the risk rules and the LookupEvents pace.
pub struct AwsConnector {
    pub risk: Arc<Vec<RiskRule>>,
    pub lookups_per_second: f64,
    pub global_sources: Vec<String>,
}

impl AwsConnector {
    pub fn new(changes: &ChangesConfig) -> AwsConnector {
        AwsConnector {
            risk: changes.risk.clone(),
            lookups_per_second: changes.lookups_per_second,
            global_sources: changes.global_sources.clone(),
        }
    }
}

struct StsIdentity(Arc<AwsSession>);

impl IdentitySource for StsIdentity {
    fn identity(&self) -> BoxFuture<'_, Result<Identity, AwsError>> {
        Box::pin(identity::caller_identity(&self.0))
    }
}

impl Connector for AwsConnector {
    fn connect(&self, settings: SessionSettings) -> BoxFuture<'static, (SessionInfo, Sources)> {
        let (risk, per_second) = (self.risk.clone(), self.lookups_per_second);
        let global_sources = self.global_sources.clone();
        Box::pin(async move {
            let session = Arc::new(AwsSession::connect(settings).await);
            let info = SessionInfo {
                region: session.region.clone(),
                region_defaulted: session.region_defaulted,
                profile: session.calls.profile.clone(),
                endpoint: session.calls.endpoint.clone(),
            };
            let sources = Sources {
                alarms: Arc::new(CloudWatchAlarms::new(&session)),
                health: Arc::new(AwsHealth::new(&session)),
                logs: Arc::new(CloudWatchInsights::new(&session)),
                fleet: Arc::new(SsmFleet::new(&session)),
                changes: Arc::new(
                    CloudTrailChanges::new(&session, risk.clone(), per_second)
                        .with_global(&session, &global_sources),
                ),
                timeline: Some(Arc::new(TimelineSource {
                    session: session.clone(),
                    settings: crate::timeline::gather::Settings {
                        risk,
                        lookups_per_second: per_second,
                        global_sources,
                        organization: false,
                    },
                })),
                identity: Arc::new(StsIdentity(session)),
            };
            (info, sources)
        })
    }
}

/// Writes text to the user's clipboard.
pub type Clipboard = Box<dyn Fn(&str) + Send>;

pub struct Executor {
    tx: UnboundedSender<Msg>,
    clipboard: Option<Clipboard>,
    connector: Arc<dyn Connector>,
    sources: Option<Sources>,
    tasks: HashMap<Slot, JoinHandle<()>>,
    history_file: Option<PathBuf>,
    patience: Patience,
    audit: runbook::SharedAudit,
    audit_path: Option<PathBuf>,
    step_patience: crate::runbook::execute::Patience,
    journal: timeline::SharedJournal,
    state_dir: Option<PathBuf>,
}

impl Executor {
    pub fn new(tx: UnboundedSender<Msg>, connector: Arc<dyn Connector>) -> Self {
        Self {
            tx,
            clipboard: None,
            connector,
            sources: None,
            tasks: HashMap::new(),
            history_file: None,
            patience: Patience::default(),
            audit: Default::default(),
            audit_path: None,
            step_patience: Default::default(),
            journal: Default::default(),
            state_dir: None,
        }
    }

    /// Where incidents are kept, and past queries and runbook steps are read from.
    pub fn set_state_dir(&mut self, dir: PathBuf) {
        self.state_dir = Some(dir);
    }

    /// How a runbook step's invocations are polled.
    pub fn set_step_patience(&mut self, patience: crate::runbook::execute::Patience) {
        self.step_patience = patience;
    }

    /// Where runbook steps are written down; without one, no command can be sent.
    pub fn set_audit_file(&mut self, path: PathBuf) {
        self.audit = runbook::Audit::at(path.clone());
        self.audit_path = Some(path);
    }

    /// Where queries that ran are remembered; without one they are not.
    pub fn set_history_file(&mut self, path: PathBuf) {
        self.history_file = Some(path);
    }

    /// How Logs Insights queries are polled and queued.
    pub fn set_patience(&mut self, patience: Patience) {
        self.patience = patience;
    }

    /// Where `Effect::Copy` writes; without one, copying does nothing.
    pub fn set_clipboard(&mut self, clipboard: Clipboard) {
        self.clipboard = Some(clipboard);
    }

    /// The sources of a new session; every task of the old one is cancelled.
    pub fn install(&mut self, sources: Sources) {
        for (slot, task) in self.tasks.drain() {
            if slot != Slot::Connect {
                task.abort();
            }
        }
        self.sources = Some(sources);
    }

    pub fn run(&mut self, effect: Effect) {
        let tx = self.tx.clone();
        let (slot, task): (Slot, BoxFuture<'static, Option<Msg>>) = match effect {
            Effect::Connect {
                generation,
                settings,
            } => {
                self.sources = None;
                let connecting = self.connector.connect(settings);
                (
                    Slot::Connect,
                    Box::pin(async move {
                        let (info, sources) = connecting.await;
                        Some(Msg::Connected {
                            generation,
                            info,
                            sources: Some(sources),
                        })
                    }),
                )
            }
            Effect::LoadIdentity { req } => {
                let Some(src) = self.source(|s| s.identity.clone()) else {
                    return;
                };
                (
                    Slot::Identity,
                    Box::pin(async move {
                        Some(Msg::IdentityLoaded {
                            req,
                            result: src.identity().await,
                        })
                    }),
                )
            }
            Effect::LoadAlarms { req } => {
                let Some(src) = self.source(|s| s.alarms.clone()) else {
                    return;
                };
                (
                    Slot::Alarms,
                    Box::pin(async move {
                        Some(Msg::AlarmsLoaded {
                            req,
                            result: src.alarms().await.map(AlarmList::new),
                        })
                    }),
                )
            }
            Effect::LoadAlarmHistory {
                req,
                alarm,
                start,
                end,
            } => {
                let Some(src) = self.source(|s| s.alarms.clone()) else {
                    return;
                };
                (
                    Slot::AlarmHistory,
                    Box::pin(async move {
                        Some(Msg::AlarmHistoryLoaded {
                            req,
                            result: src.history(alarm, start, end).await,
                        })
                    }),
                )
            }
            Effect::LoadAlarmMetric {
                req,
                stat,
                start,
                end,
            } => {
                let Some(src) = self.source(|s| s.alarms.clone()) else {
                    return;
                };
                (
                    Slot::AlarmMetric,
                    Box::pin(async move {
                        Some(Msg::AlarmMetricLoaded {
                            req,
                            result: src.metric(stat, start, end).await,
                        })
                    }),
                )
            }
            Effect::LoadChanges { req, query } => {
                let Some(src) = self.source(|s| s.changes.clone()) else {
                    return;
                };
                let pages = tx.clone();
                (
                    Slot::Changes,
                    Box::pin(async move {
                        let mut token = None;
                        loop {
                            let page = src.page(query.clone(), token.take()).await;
                            let (result, next) = match page {
                                Ok(page) => (Ok(page.changes), page.next),
                                Err(e) => (Err(e), None),
                            };
                            let more = next.is_some();
                            let msg = Msg::ChangesPage { req, result, more };
                            log_outcome(&msg);
                            if pages.send(msg).is_err() || !more {
                                return None;
                            }
                            token = next;
                        }
                    }),
                )
            }
            Effect::StopChanges => {
                if let Some(task) = self.tasks.remove(&Slot::Changes) {
                    task.abort();
                }
                return;
            }
            Effect::Copy { text } => {
                if let Some(clipboard) = &self.clipboard {
                    clipboard(&text);
                }
                return;
            }
            Effect::LoadHealthEvents { req, query } => {
                let Some(src) = self.source(|s| s.health.clone()) else {
                    return;
                };
                (
                    Slot::HealthEvents,
                    Box::pin(async move {
                        Some(Msg::HealthEventsLoaded {
                            req,
                            result: src.events(query, Timestamp::now()).await,
                        })
                    }),
                )
            }
            Effect::LoadHealthDescription {
                req,
                event,
                organization,
            } => {
                let Some(src) = self.source(|s| s.health.clone()) else {
                    return;
                };
                (
                    Slot::HealthDescription,
                    Box::pin(async move {
                        Some(Msg::HealthDescriptionLoaded {
                            req,
                            result: src.describe(event, organization).await,
                        })
                    }),
                )
            }
            Effect::LoadHealthEntities {
                req,
                event,
                accounts,
            } => {
                let Some(src) = self.source(|s| s.health.clone()) else {
                    return;
                };
                (
                    Slot::HealthEntities,
                    Box::pin(async move {
                        Some(Msg::HealthEntitiesLoaded {
                            req,
                            result: src.entities(event, accounts).await,
                        })
                    }),
                )
            }
            Effect::LoadLogGroups { .. }
            | Effect::RunQuery { .. }
            | Effect::StopQuery { .. }
            | Effect::LoadLogRecord { .. }
            | Effect::LoadSavedQueries { .. }
            | Effect::SaveQuery { .. }
            | Effect::RememberQuery { .. } => match self.logs_task(effect) {
                Some(task) => task,
                None => return,
            },
            Effect::LoadRunbooks { .. }
            | Effect::PreviewTargets { .. }
            | Effect::RunStep { .. }
            | Effect::ResolveStep { .. }
            | Effect::LoadInvocationOutput { .. }
            | Effect::CancelCommand { .. }
            | Effect::AuditStep { .. }
            | Effect::ResumeInFlight { .. }
            | Effect::RunbookQuery { .. } => match self.runbook_task(effect) {
                Some(task) => task,
                None => return,
            },
            Effect::LoadTimeline { .. }
            | Effect::Incident { .. }
            | Effect::ExportTimeline { .. } => match self.timeline_task(effect) {
                Some(task) => task,
                None => return,
            },
        };
        let handle = tokio::spawn(async move {
            if let Some(msg) = task.await {
                log_outcome(&msg);
                let _ = tx.send(msg);
            }
        });
        if let Some(old) = self.tasks.insert(slot, handle) {
            old.abort();
        }
    }

    fn source<T>(&self, pick: impl Fn(&Sources) -> T) -> Option<T> {
        self.sources.as_ref().map(pick)
    }
}

fn log_outcome(msg: &Msg) {
    let failure = match msg {
        Msg::Connected { info, .. } => {
            tracing::info!(region = %info.region, profile = ?info.profile, endpoint = ?info.endpoint, "session ready");
            None
        }
        Msg::IdentityLoaded { result, .. } => result.as_ref().err(),
        Msg::AlarmsLoaded { result, .. } => match result {
            Ok(list) => {
                tracing::debug!(alarms = list.alarms().len(), "alarms refreshed");
                None
            }
            Err(e) => Some(e),
        },
        Msg::AlarmHistoryLoaded { result, .. } => result.as_ref().err(),
        Msg::AlarmMetricLoaded { result, .. } => result.as_ref().err(),
        Msg::HealthEventsLoaded { result, .. } => result.as_ref().err(),
        Msg::HealthDescriptionLoaded { result, .. } => result.as_ref().err(),
        Msg::HealthEntitiesLoaded { result, .. } => result.as_ref().err(),
        Msg::LogGroupsLoaded { result, .. } => result.as_ref().err(),
        Msg::LogRecordLoaded { result, .. } => result.as_ref().err(),
        Msg::SavedQueriesLoaded { result, .. } => result.as_ref().err(),
        Msg::QuerySaved { result, .. } => result.as_ref().err(),
        Msg::QueryStopped { result, .. } => result.as_ref().err(),
        Msg::QueryFinished {
            result: Err(crate::logs::run::QueryError::Aws(e)),
            ..
        } => Some(e),
        _ => None,
    };
    if let Some(e) = failure {
        tracing::warn!(kind = ?e.kind, code = ?e.code, "{}", e.message);
    }
}
