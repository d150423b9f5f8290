//! The data sources of one session, and the connectors that build them: AWS in the app,
//! a recording in a replay, something else in tests.

use std::sync::Arc;

use crate::accounts::AccountSet;
use crate::alarms::{AlarmSource, AlarmSweep, CloudWatchAlarms};
use crate::aws::identity::{self, IdentitySource};
use crate::aws::{AwsError, AwsSession, Identity, SessionSettings, Unavailable};
use crate::changes::risk::RiskRule;
use crate::changes::sweep::ChangeSweep;
use crate::changes::{ChangeSource, CloudTrailChanges};
use crate::config::ChangesConfig;
use crate::health::sweep::HealthSweep;
use crate::health::{AwsHealth, HealthSource};
use crate::kit::work::BoxFuture;
use crate::logs::tail::{CloudWatchTail, TailSource};
use crate::logs::{CloudWatchInsights, InsightsSource};
use crate::runbook::run::fleet::Fleet;
use crate::runbook::run::ssm::SsmFleet;
use crate::timeline::work::TimelineSource;

/// What the session turned out to be once credentials and region were resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    pub region: String,
    pub region_defaulted: bool,
    pub profile: Option<String>,
    pub endpoint: Option<String>,
}

#[derive(Clone)]
pub struct Sources {
    pub identity: Arc<dyn IdentitySource>,
    pub alarms: Arc<dyn AlarmSource>,
    /// Over an account set: every (account, region) of it, for the Alarms pane.
    pub alarm_sweep: Option<Arc<dyn AlarmSweep>>,
    pub changes: Arc<dyn ChangeSource>,
    /// Over an account set: every (account, region) of it, for the Changes pane.
    pub change_sweep: Option<Arc<dyn ChangeSweep>>,
    pub health: Arc<dyn HealthSource>,
    /// Over an account set: every account of it, for the Health pane.
    pub health_sweep: Option<Arc<dyn HealthSweep>>,
    pub logs: Arc<dyn InsightsSource>,
    pub tail: Arc<dyn TailSource>,
    pub fleet: Arc<dyn Fleet>,
    /// What the Timeline pane gathers with: AWS, or a recording in a replay.
    pub timeline: Option<Arc<TimelineSource>>,
}

impl Sources {
    /// Every source failing with why it is not there (`"in a replay"`): a connector sets the
    /// ones it has and leaves the rest to this.
    pub fn unavailable(why: &'static str) -> Sources {
        let none = Arc::new(Unavailable { why });
        Sources {
            identity: none.clone(),
            alarms: none.clone(),
            alarm_sweep: None,
            changes: none.clone(),
            change_sweep: None,
            health: none.clone(),
            health_sweep: None,
            logs: none.clone(),
            tail: none.clone(),
            fleet: none,
            timeline: None,
        }
    }
}

/// Builds the sources for a session; AWS in the app, something else in tests and replays.
pub trait Connector: Send + Sync {
    fn connect(&self, settings: SessionSettings) -> BoxFuture<'static, (SessionInfo, Sources)>;
    /// The session of `settings`, and the panes that sweep an account set over `set`
    /// (where the connector can: a replay shows what it recorded).
    fn connect_over(
        &self,
        settings: SessionSettings,
        set: AccountSet,
    ) -> BoxFuture<'static, (SessionInfo, Sources)> {
        let _ = set;
        self.connect(settings)
    }
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

/// What the Timeline pane asks AWS with: the Changes settings, each account's own Health.
fn timeline_settings(
    changes: &crate::accounts::triage::ChangeSettings,
) -> crate::timeline::gather::Settings {
    crate::timeline::gather::Settings {
        risk: changes.risk.clone(),
        lookups_per_second: changes.lookups_per_second,
        global_sources: changes.global_sources.clone(),
        organization: false,
    }
}

struct StsIdentity(Arc<AwsSession>);

impl IdentitySource for StsIdentity {
    fn identity(&self) -> BoxFuture<'_, Result<Identity, AwsError>> {
        Box::pin(identity::caller_identity(&self.0))
    }
}

impl Connector for AwsConnector {
    fn connect_over(
        &self,
        settings: SessionSettings,
        set: AccountSet,
    ) -> BoxFuture<'static, (SessionInfo, Sources)> {
        use crate::accounts::console::{
            AwsAlarmSweep, AwsChangeSweep, AwsHealthSweep, AwsTimelineSweep, SetReach,
        };
        let connecting = self.connect(settings.clone());
        let changes = crate::accounts::triage::ChangeSettings {
            risk: self.risk.clone(),
            lookups_per_second: self.lookups_per_second,
            global_sources: self.global_sources.clone(),
        };
        Box::pin(async move {
            let (info, mut sources) = connecting.await;
            let per_second = changes.lookups_per_second;
            let gather = timeline_settings(&changes);
            let reach = Arc::new(SetReach::new(set, settings, per_second));
            sources.alarm_sweep = Some(Arc::new(AwsAlarmSweep::new(reach.clone())));
            sources.change_sweep = Some(Arc::new(AwsChangeSweep::new(reach.clone(), changes)));
            sources.health_sweep = Some(Arc::new(AwsHealthSweep::new(reach.clone())));
            let timeline = AwsTimelineSweep::new(reach, gather);
            sources.timeline = Some(Arc::new(TimelineSource::Set(Arc::new(timeline))));
            (info, sources)
        })
    }

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
                alarm_sweep: None,
                change_sweep: None,
                health_sweep: None,
                health: Arc::new(AwsHealth::new(&session)),
                logs: Arc::new(CloudWatchInsights::new(&session)),
                tail: Arc::new(CloudWatchTail::new(&session)),
                fleet: Arc::new(SsmFleet::new(&session)),
                changes: Arc::new(
                    CloudTrailChanges::new(&session, risk.clone(), per_second)
                        .with_global(&session, &global_sources),
                ),
                timeline: Some(Arc::new(TimelineSource::Aws {
                    session: session.clone(),
                    settings: timeline_settings(&crate::accounts::triage::ChangeSettings {
                        risk,
                        lookups_per_second: per_second,
                        global_sources,
                    }),
                })),
                identity: Arc::new(StsIdentity(session)),
            };
            (info, sources)
        })
    }
}
