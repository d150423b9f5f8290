//! The Runbooks pane's work: reading runbooks and the audit log, resolving targets, and
//! sending a step only once its intent is on disk.

use std::path::PathBuf;
use std::sync::Arc;

use super::catalog;

mod guard;

use super::msg::{RunbookMsg, StepFailure};
use crate::aws::IdentitySource;
use crate::kit::work::{Reply, Started, Task};
use crate::logs::{InsightsSource, QueryRequest};
use crate::runbook::language::model::Targets;
use crate::runbook::run::audit::{self, AuditLog, InFlight, Intent, Record, Unresolved};
use crate::runbook::run::execute::{self, AuditSink, CancelSignal, ExecuteError, LookUp, Progress};
use crate::runbook::run::fleet::{CommandRequest, Fleet};
use guard::same_account;

#[derive(Clone, Debug, PartialEq)]
pub enum RunbookWork {
    /// Reads the runbooks, and the audit log for commands left in flight.
    Load {
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
    LoadOutput {
        req: u64,
        command_id: String,
        instance_id: String,
    },
    Cancel {
        command_id: String,
    },
    /// A step skipped or acknowledged, written to the audit log.
    Audit {
        record: Record,
    },
    /// Looks up the sends an earlier run left with no known outcome (found ones join those
    /// in flight), then fetches how the commands left in flight ended; records both.
    Resume {
        in_flight: Vec<InFlight>,
        /// Looked up only when of this session's `account` (as STS said it) and `region`:
        /// another account's commands cannot be listed from here.
        unresolved: Vec<Unresolved>,
        account: String,
        region: String,
    },
    /// Looks up a send of this session whose outcome is unknown and follows it when found.
    /// Sends nothing.
    Resolve {
        req: u64,
        look_up: LookUp,
    },
    /// A runbook's logs-insights step.
    Query {
        req: u64,
        request: QueryRequest,
    },
}

/// What the Runbooks pane's work asks AWS with.
pub struct RunbookSources {
    pub fleet: Arc<dyn Fleet>,
    pub identity: Arc<dyn IdentitySource>,
    pub logs: Arc<dyn InsightsSource>,
}

/// The audit log: opened on first use, then held (and locked) for the session.
#[derive(Default)]
pub struct Audit {
    path: Option<PathBuf>,
    log: Option<AuditLog>,
}

pub type SharedAudit = Arc<tokio::sync::Mutex<Audit>>;

impl Audit {
    pub fn at(path: PathBuf) -> SharedAudit {
        Arc::new(tokio::sync::Mutex::new(Audit {
            path: Some(path),
            log: None,
        }))
    }

    fn log(&mut self) -> std::io::Result<&mut AuditLog> {
        if self.log.is_none() {
            let path = self.path.clone().ok_or_else(|| {
                std::io::Error::other("no audit log: neither XDG_STATE_HOME nor HOME is set")
            })?;
            self.log = Some(AuditLog::open(&path).map_err(std::io::Error::other)?);
        }
        self.log
            .as_mut()
            .ok_or_else(|| std::io::Error::other("the audit log is not open"))
    }
}

impl AuditSink for Audit {
    fn append(&mut self, record: &Record) -> std::io::Result<()> {
        self.log()?.append(record)
    }

    fn location(&self) -> String {
        self.path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "(no audit log)".into())
    }

    fn side_door(&self) -> Option<AuditLog> {
        self.log.as_ref().and_then(|log| log.share().ok())
    }
}

impl Audit {
    /// Of these, the ones the audit file still has in flight or unresolved: another task may
    /// have settled some since they were read.
    fn still_open(
        &self,
        in_flight: Vec<audit::InFlight>,
        unresolved: Vec<audit::Unresolved>,
    ) -> (Vec<audit::InFlight>, Vec<audit::Unresolved>) {
        let Some(Ok(read)) = self.path.as_deref().map(audit::read) else {
            return (in_flight, unresolved);
        };
        let flying: Vec<String> = audit::in_flight(&read.records)
            .into_iter()
            .map(|f| f.intent.id)
            .collect();
        let open: Vec<String> = audit::unresolved(&read.records)
            .into_iter()
            .map(|u| u.intent.id)
            .collect();
        (
            in_flight
                .into_iter()
                .filter(|f| flying.contains(&f.intent.id))
                .collect(),
            unresolved
                .into_iter()
                .filter(|u| open.contains(&u.intent.id))
                .collect(),
        )
    }
}

/// What the Runbooks pane's work keeps between tasks: the audit log (held for the
/// session) and how steps and queries are polled.
#[derive(Default)]
pub struct RunbookWorker {
    audit: SharedAudit,
    audit_path: Option<PathBuf>,
    pub patience: execute::StepPatience,
    pub query_patience: crate::logs::run::QueryPatience,
}

/// The lane of a step's send and follow: one at a time.
const STEP: crate::kit::work::Lane = "runbooks.step";

/// Progress of a step, as messages to the loop.
fn step_progress(reply: Reply<RunbookMsg>, req: u64) -> impl FnMut(Progress) {
    move |p| {
        let msg = match p {
            Progress::Sent { command_id } => RunbookMsg::StepSent { req, command_id },
            Progress::Polled { invocations } => RunbookMsg::StepProgress { req, invocations },
            _ => return,
        };
        reply.send(msg);
    }
}

/// How a step's run ended, as the message to the loop.
fn step_end(req: u64, outcome: Result<execute::CommandOutcome, ExecuteError>) -> RunbookMsg {
    let result = match outcome {
        Ok(outcome) if outcome.audit_problems.is_empty() => Ok(outcome.status),
        Ok(outcome) => Err(StepFailure::NotRecorded {
            command_id: outcome.command_id,
            status: outcome.status,
            problems: outcome.audit_problems,
        }),
        Err(e) => {
            let message = e.to_string();
            match e.into_look_up() {
                Some(send) => return RunbookMsg::StepUnknown { req, send, message },
                None => Err(StepFailure::Failed(message)),
            }
        }
    };
    RunbookMsg::StepFinished { req, result }
}

impl RunbookWorker {
    /// Where runbook steps are written down; without one, no command can be sent.
    pub fn set_audit_file(&mut self, path: PathBuf) {
        self.audit = Audit::at(path.clone());
        self.audit_path = Some(path);
    }

    pub fn start(
        &self,
        work: RunbookWork,
        src: Option<&RunbookSources>,
        reply: Reply<RunbookMsg>,
    ) -> Started<RunbookMsg> {
        let fleet = src.map(|s| s.fleet.clone());
        let task = match work {
            RunbookWork::Load { req, folders } => {
                let audit_path = self.audit_path.clone();
                Task::new("runbooks", async move {
                    let loaded = tokio::task::spawn_blocking(move || {
                        let (entries, missing) = catalog::load(&folders);
                        let read = match audit_path.as_deref().map(audit::read) {
                            None => audit::AuditRead::default(),
                            Some(Ok(read)) => read,
                            Some(Err(e)) => audit::AuditRead {
                                records: Vec::new(),
                                warnings: vec![format!("cannot read the audit log: {e}")],
                            },
                        };
                        (entries, missing, read)
                    })
                    .await
                    .ok()?;
                    let (entries, missing, read) = loaded;
                    Some(RunbookMsg::Loaded {
                        req,
                        entries,
                        missing,
                        in_flight: audit::in_flight(&read.records),
                        unresolved: audit::unresolved(&read.records),
                        audit_warnings: read.warnings,
                    })
                })
            }
            RunbookWork::PreviewTargets { req, targets } => {
                let Some(fleet) = fleet else {
                    return Started::nothing();
                };
                Task::new("runbooks.preview", async move {
                    let result = fleet.preview(targets).await;
                    Some(RunbookMsg::TargetsPreviewed { req, result })
                })
            }
            RunbookWork::RunStep {
                req,
                intent,
                request,
            } => {
                let Some(fleet) = fleet else {
                    reply.send(RunbookMsg::StepFinished {
                        req,
                        result: Err(StepFailure::NotConnected),
                    });
                    return Started::nothing();
                };
                let (audit, patience) = (self.audit.clone(), self.patience);
                let identity = src.map(|s| s.identity.clone());
                Task::new(STEP, async move {
                    if let Err(why) = same_account(identity.as_deref(), &intent).await {
                        return Some(RunbookMsg::StepFinished {
                            req,
                            result: Err(StepFailure::Failed(why)),
                        });
                    }
                    let mut audit = audit.lock().await;
                    let outcome = execute::run_command(
                        fleet.as_ref(),
                        &mut *audit,
                        *intent,
                        request,
                        patience,
                        &CancelSignal::new(),
                        step_progress(reply, req),
                    )
                    .await;
                    Some(step_end(req, outcome))
                })
            }
            RunbookWork::Resolve { req, look_up } => {
                let Some(fleet) = fleet else {
                    reply.send(RunbookMsg::StepUnknown {
                        req,
                        send: look_up,
                        message: "Not connected to AWS yet: the command cannot be looked up, and nothing of this step is sent until it is".into(),
                    });
                    return Started::nothing();
                };
                let (audit, patience) = (self.audit.clone(), self.patience);
                Task::new(STEP, async move {
                    let mut audit = audit.lock().await;
                    let outcome = execute::follow_unknown(
                        fleet.as_ref(),
                        &mut *audit,
                        look_up,
                        patience,
                        &CancelSignal::new(),
                        step_progress(reply, req),
                    )
                    .await;
                    Some(step_end(req, outcome))
                })
            }
            RunbookWork::Resume {
                in_flight,
                unresolved,
                account,
                region,
            } => {
                let Some(src) = src else {
                    return Started::nothing();
                };
                let fleet = src.fleet.clone();
                let audit = self.audit.clone();
                let settle = self.patience.settle;
                Task::new("runbooks.resume", async move {
                    let unresolved = unresolved
                        .into_iter()
                        .filter(|u| u.intent.account == account && u.intent.region == region)
                        .collect();
                    let mut audit = audit.lock().await;
                    let (mut in_flight, unresolved) = audit.still_open(in_flight, unresolved);
                    let resolved = execute::resolve_unresolved(
                        fleet.as_ref(),
                        &mut *audit,
                        &unresolved,
                        settle,
                    )
                    .await;
                    in_flight.extend(resolved.iter().filter_map(|(_, r)| match r {
                        execute::Resolved::Adopted { flight, .. } => Some(flight.as_ref().clone()),
                        _ => None,
                    }));
                    let results = execute::resume(fleet.as_ref(), &mut *audit, &in_flight).await;
                    Some(RunbookMsg::Resumed { results, resolved })
                })
            }
            RunbookWork::LoadOutput {
                req,
                command_id,
                instance_id,
            } => {
                let Some(fleet) = fleet else {
                    return Started::nothing();
                };
                Task::new("runbooks.output", async move {
                    let result = fleet.output(command_id, instance_id).await;
                    Some(RunbookMsg::OutputLoaded { req, result })
                })
            }
            RunbookWork::Cancel { command_id } => {
                let Some(fleet) = fleet else {
                    return Started::nothing();
                };
                Task::new("runbooks.cancel", async move {
                    let result = fleet.cancel(command_id.clone()).await;
                    Some(RunbookMsg::Cancelled { command_id, result })
                })
            }
            RunbookWork::Audit { record } => {
                let audit = self.audit.clone();
                Task::kept("runbooks.audit", async move {
                    let mut audit = audit.lock().await;
                    audit
                        .append(&record)
                        .err()
                        .map(|e| RunbookMsg::AuditFailed {
                            message: format!("{}: {e}", audit.location()),
                        })
                })
            }
            RunbookWork::Query { req, request } => {
                let Some(logs) = src.map(|s| s.logs.clone()) else {
                    return Started::nothing();
                };
                let patience = self.query_patience;
                Task::new("runbooks.query", async move {
                    let result =
                        crate::logs::run::run(logs.as_ref(), request, patience, |_| {}).await;
                    Some(RunbookMsg::QueryFinished { req, result })
                })
            }
        };
        Started::task(task)
    }
}
