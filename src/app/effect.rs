//! Work the update step asks for, and the executor that runs it in tokio tasks. Each pane's
//! work is its own (`alarms::work`, `logs::work` ...): the executor only gives it its sources
//! and lane, and sends its answers back to the loop.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::msg::Msg;
use super::sources::Sources;
use crate::accounts::AccountSet;
use crate::alarms::{self, AlarmsWork};
use crate::aws::SessionSettings;
use crate::changes::{self, ChangesWork};
use crate::health::{self, HealthWork};
use crate::kit::work::{BoxFuture, Lane, Reply, Started};
use crate::logs::LogsWork;
use crate::logs::work::LogsWorker;
use crate::runbook::RunbookWork;
use crate::runbook::pane::work::{RunbookSources, RunbookWorker};
use crate::timeline::TimelineWork;
use crate::timeline::work::TimelineWorker;

pub use super::sources::{AwsConnector, Connector};

/// The effects: the session's own, then one variant per pane wrapping its work (listed once
/// in `effects!`, which also makes each `From<Work> for Effect`).
macro_rules! effects {
    ($($(#[$meta:meta])* $variant:ident($work:ty),)*) => {
        #[derive(Clone, Debug, PartialEq)]
        pub enum Effect {
            Connect {
                generation: u64,
                settings: SessionSettings,
                /// The account set the console is over, if any.
                accounts: Option<AccountSet>,
            },
            LoadIdentity {
                req: u64,
            },
            /// Puts text on the user's clipboard through the terminal (OSC 52).
            Copy {
                text: String,
            },
            $($(#[$meta])* $variant($work),)*
        }

        $(
            $(#[$meta])*
            impl From<$work> for Effect {
                fn from(work: $work) -> Effect {
                    Effect::$variant(work)
                }
            }
        )*
    };
}

effects! {
    Alarms(AlarmsWork),
    Changes(ChangesWork),
    Health(HealthWork),
    Logs(LogsWork),
    Runbooks(RunbookWork),
    Timeline(TimelineWork),
    #[cfg(test)] Example(crate::example::ExampleWork),
}

/// Writes text to the user's clipboard.
pub type Clipboard = Box<dyn Fn(&str) + Send>;

const CONNECT: Lane = "connect";

pub struct Executor {
    tx: UnboundedSender<Msg>,
    clipboard: Option<Clipboard>,
    connector: Arc<dyn Connector>,
    sources: Option<Sources>,
    tasks: HashMap<Lane, JoinHandle<()>>,
    logs: LogsWorker,
    runbooks: RunbookWorker,
    timeline: TimelineWorker,
}

impl Executor {
    pub fn new(tx: UnboundedSender<Msg>, connector: Arc<dyn Connector>) -> Self {
        Self {
            tx,
            clipboard: None,
            connector,
            sources: None,
            tasks: HashMap::new(),
            logs: LogsWorker::default(),
            runbooks: RunbookWorker::default(),
            timeline: TimelineWorker::default(),
        }
    }

    /// Where incidents are kept, and past queries and runbook steps are read from.
    pub fn set_state_dir(&mut self, dir: PathBuf) {
        self.timeline.state_dir = Some(dir);
    }

    /// How a runbook step's invocations are polled.
    pub fn set_step_patience(&mut self, patience: crate::runbook::run::execute::StepPatience) {
        self.runbooks.patience = patience;
    }

    /// Where runbook steps are written down; without one, no command can be sent.
    pub fn set_audit_file(&mut self, path: PathBuf) {
        self.runbooks.set_audit_file(path);
    }

    /// Where queries that ran are remembered; without one they are not.
    pub fn set_history_file(&mut self, path: PathBuf) {
        self.logs.history_file = Some(path);
    }

    /// How Logs Insights queries are polled and queued.
    pub fn set_patience(&mut self, patience: crate::logs::run::QueryPatience) {
        self.logs.patience = patience;
        self.runbooks.query_patience = patience;
    }

    /// How Live Tail renews its sessions and reconnects.
    pub fn set_tail_patience(&mut self, patience: crate::logs::tail::TailPatience) {
        self.logs.tail_patience = patience;
    }

    /// Where `Effect::Copy` writes; without one, copying does nothing.
    pub fn set_clipboard(&mut self, clipboard: Clipboard) {
        self.clipboard = Some(clipboard);
    }

    /// The sources of a new session; every task of the old one is cancelled.
    pub fn install(&mut self, sources: Sources) {
        for (lane, task) in self.tasks.drain() {
            if lane != CONNECT {
                task.abort();
            }
        }
        self.sources = Some(sources);
    }

    /// A way for a pane's task to answer more than once, wrapped as the loop's message.
    fn reply<M: Send + 'static>(&self, wrap: fn(M) -> Msg) -> Reply<M> {
        let tx = self.tx.clone();
        Reply::new(move |msg: M| tx.send(wrap(msg)).is_ok())
    }

    pub fn run(&mut self, effect: Effect) {
        let (lane, task): (Lane, BoxFuture<'static, Option<Msg>>) = match effect {
            Effect::Connect {
                generation,
                settings,
                accounts,
            } => {
                self.sources = None;
                let connecting = match accounts {
                    Some(set) => self.connector.connect_over(settings, set),
                    None => self.connector.connect(settings),
                };
                (
                    CONNECT,
                    Box::pin(async move {
                        let (info, sources) = connecting.await;
                        tracing::info!(region = %info.region, profile = ?info.profile, endpoint = ?info.endpoint, "session ready");
                        Some(Msg::Connected {
                            generation,
                            info,
                            sources: Some(sources),
                        })
                    }),
                )
            }
            Effect::LoadIdentity { req } => {
                let Some(src) = self.sources.as_ref().map(|s| s.identity.clone()) else {
                    return;
                };
                (
                    "identity",
                    Box::pin(async move {
                        let result = src.identity().await;
                        Some(Msg::IdentityLoaded { req, result })
                    }),
                )
            }
            Effect::Copy { text } => {
                if let Some(clipboard) = &self.clipboard {
                    clipboard(&text);
                }
                return;
            }
            Effect::Alarms(work) => {
                let Some(src) = self.sources.as_ref().map(|s| alarms::work::AlarmSources {
                    one: s.alarms.clone(),
                    set: s.alarm_sweep.clone(),
                }) else {
                    return;
                };
                let started = alarms::work::start(work, src, self.reply(Msg::Alarms));
                return self.spawn(started, Msg::Alarms);
            }
            Effect::Changes(work) => {
                let sources = self.sources.as_ref().map(|s| changes::work::ChangeSources {
                    one: s.changes.clone(),
                    set: s.change_sweep.clone(),
                });
                let started = match sources {
                    Some(src) => changes::work::start(work, src, self.reply(Msg::Changes)),
                    None if work == ChangesWork::Stop => Started::cancel("changes"),
                    None => return,
                };
                return self.spawn(started, Msg::Changes);
            }
            Effect::Health(work) => {
                let Some(src) = self.sources.as_ref().map(|s| health::work::HealthSources {
                    one: s.health.clone(),
                    set: s.health_sweep.clone(),
                }) else {
                    return;
                };
                let started = health::work::start(work, src, self.reply(Msg::Health));
                return self.spawn(started, Msg::Health);
            }
            Effect::Logs(work) => {
                let src = self.sources.as_ref().map(|s| s.logs.clone());
                let tail = self.sources.as_ref().map(|s| s.tail.clone());
                let started = self.logs.start(work, src, tail, self.reply(Msg::Logs));
                return self.spawn(started, Msg::Logs);
            }
            Effect::Runbooks(work) => {
                let src = self.sources.as_ref().map(|s| RunbookSources {
                    fleet: s.fleet.clone(),
                    identity: s.identity.clone(),
                    logs: s.logs.clone(),
                });
                let started = self
                    .runbooks
                    .start(work, src.as_ref(), self.reply(Msg::Runbooks));
                return self.spawn(started, Msg::Runbooks);
            }
            #[cfg(test)]
            Effect::Example(work) => return self.spawn(crate::example::start(work), Msg::Example),
            Effect::Timeline(work) => {
                let src = self.sources.as_ref().and_then(|s| s.timeline.clone());
                let started = self.timeline.start(work, src, self.reply(Msg::Timeline));
                return self.spawn(started, Msg::Timeline);
            }
        };
        self.start(lane, task);
    }

    /// Ends the lanes a pane's work cancels and starts its task, its answer wrapped for the loop.
    fn spawn<M: Send + 'static>(&mut self, started: Started<M>, wrap: fn(M) -> Msg) {
        for lane in started.cancel {
            if let Some(task) = self.tasks.remove(lane) {
                task.abort();
            }
        }
        if let Some(task) = started.task {
            let run = task.run;
            let future: BoxFuture<'static, Option<Msg>> = Box::pin(async move {
                let msg = run.await?;
                Some(wrap(msg))
            });
            if task.kept {
                drop(self.launch(task.lane, future));
            } else {
                self.start(task.lane, future);
            }
        }
    }

    /// Runs a task in its lane, ending the lane's older task.
    fn start(&mut self, lane: Lane, task: BoxFuture<'static, Option<Msg>>) {
        let handle = self.launch(lane, task);
        if let Some(old) = self.tasks.insert(lane, handle) {
            old.abort();
        }
    }

    /// Spawns a task, its failed calls logged as its pane's and its answer sent to the loop.
    fn launch(&self, lane: Lane, task: BoxFuture<'static, Option<Msg>>) -> JoinHandle<()> {
        let tx = self.tx.clone();
        let pane = lane.split('.').next().unwrap_or(lane);
        let task = crate::logging::CALLER.scope(pane, task);
        tokio::spawn(async move {
            if let Some(msg) = task.await {
                let _ = tx.send(msg);
            }
        })
    }
}

/// A pane's work, as the loop's effects.
pub fn all<W: Into<Effect>>(works: impl IntoIterator<Item = W>) -> Vec<Effect> {
    works.into_iter().map(Into::into).collect()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::app::sources::SessionInfo;
    use crate::example::ExampleMsg;
    use crate::kit::work::Task;

    struct NoConnector;

    impl Connector for NoConnector {
        fn connect(&self, _: SessionSettings) -> BoxFuture<'static, (SessionInfo, Sources)> {
            Box::pin(std::future::pending())
        }
    }

    fn counted(req: u64) -> Task<ExampleMsg> {
        Task::new("example", async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Some(ExampleMsg::Counted {
                req,
                items: Vec::new(),
            })
        })
    }

    /// What the loop hears within a second, by request id.
    async fn heard(rx: &mut tokio::sync::mpsc::UnboundedReceiver<Msg>) -> Vec<u64> {
        let mut reqs = Vec::new();
        while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(1), rx.recv()).await {
            if let Msg::Example(ExampleMsg::Counted { req, .. }) = msg {
                reqs.push(req);
            }
        }
        reqs
    }

    #[tokio::test]
    async fn a_kept_task_outlives_a_newer_task_in_its_lane_and_a_new_session() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut executor = Executor::new(tx, Arc::new(NoConnector));
        let kept = |req| Task {
            kept: true,
            ..counted(req)
        };
        executor.spawn(Started::task(kept(1)), Msg::Example);
        executor.spawn(Started::task(kept(2)), Msg::Example);
        executor.install(Sources::unavailable("in a test"));
        assert_eq!(heard(&mut rx).await, [1, 2], "both ran to their end");

        executor.spawn(Started::task(counted(3)), Msg::Example);
        executor.spawn(Started::task(counted(4)), Msg::Example);
        assert_eq!(
            heard(&mut rx).await,
            [4],
            "a newer task ends the lane's older one"
        );
        executor.spawn(Started::task(counted(5)), Msg::Example);
        executor.install(Sources::unavailable("in a test"));
        assert_eq!(
            heard(&mut rx).await,
            [0u64; 0],
            "a new session ends the old one's tasks"
        );
    }
}
