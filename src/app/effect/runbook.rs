//! The Runbooks pane's work: reading runbooks and the audit log, resolving targets, and
//! sending a step only once its intent is on disk.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;

use super::{Effect, Executor, Slot};
use crate::alarms::source::BoxFuture;
use crate::app::msg::Msg;
use crate::runbook::audit::{self, AuditLog, Record};
use crate::runbook::catalog;
use crate::runbook::execute::{self, AuditSink, CancelSignal, ExecuteError, Progress};

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

/// Progress of a step, as messages to the loop.
fn step_progress(tx: UnboundedSender<Msg>, req: u64) -> impl FnMut(Progress) {
    move |p| {
        let msg = match p {
            Progress::Sent { command_id } => Msg::StepSent { req, command_id },
            Progress::Polled { invocations } => Msg::StepProgress { req, invocations },
            _ => return,
        };
        let _ = tx.send(msg);
    }
}

/// How a step's run ended, as the message to the loop.
fn step_end(req: u64, outcome: Result<execute::CommandOutcome, ExecuteError>) -> Msg {
    let result = match outcome {
        Ok(outcome) if outcome.audit_problems.is_empty() => Ok(outcome.status.as_str().to_string()),
        Ok(outcome) => Err(format!(
            "{} ended {}, but the audit log could not record it: {}",
            outcome.command_id,
            outcome.status,
            outcome.audit_problems.join("; ")
        )),
        Err(e) => {
            let message = e.to_string();
            match e.into_look_up() {
                Some(send) => return Msg::StepUnknown { req, send, message },
                None => Err(message),
            }
        }
    };
    Msg::StepFinished { req, result }
}

impl Executor {
    /// Runs a Runbooks effect; `None` when it needs no task.
    pub(super) fn runbook_task(
        &mut self,
        effect: Effect,
    ) -> Option<(Slot, BoxFuture<'static, Option<Msg>>)> {
        let tx = self.tx.clone();
        match effect {
            Effect::LoadRunbooks { req, folders } => {
                let audit_path = self.audit_path.clone();
                Some((
                    Slot::Runbooks,
                    Box::pin(async move {
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
                        Some(Msg::RunbooksLoaded {
                            req,
                            entries,
                            missing,
                            in_flight: audit::in_flight(&read.records),
                            unresolved: audit::unresolved(&read.records),
                            audit_warnings: read.warnings,
                        })
                    }),
                ))
            }
            Effect::PreviewTargets { req, targets } => {
                let src = self.source(|s| s.fleet.clone())?;
                Some((
                    Slot::Preview,
                    Box::pin(async move {
                        Some(Msg::TargetsPreviewed {
                            req,
                            result: src.preview(targets).await,
                        })
                    }),
                ))
            }
            Effect::RunStep {
                req,
                intent,
                request,
            } => {
                let Some(fleet) = self.source(|s| s.fleet.clone()) else {
                    let _ = tx.send(Msg::StepFinished {
                        req,
                        result: Err("Not connected to AWS yet: nothing was sent".into()),
                    });
                    return None;
                };
                let audit = self.audit.clone();
                let patience = self.step_patience;
                Some((
                    Slot::Step,
                    Box::pin(async move {
                        let mut audit = audit.lock().await;
                        let outcome = execute::run_command(
                            fleet.as_ref(),
                            &mut *audit,
                            *intent,
                            request,
                            patience,
                            &CancelSignal::new(),
                            step_progress(tx.clone(), req),
                        )
                        .await;
                        Some(step_end(req, outcome))
                    }),
                ))
            }
            Effect::ResolveStep { req, look_up } => {
                let Some(fleet) = self.source(|s| s.fleet.clone()) else {
                    let _ = tx.send(Msg::StepUnknown {
                        req,
                        send: look_up,
                        message: "Not connected to AWS yet: the command cannot be looked up, and nothing of this step is sent until it is".into(),
                    });
                    return None;
                };
                let audit = self.audit.clone();
                let patience = self.step_patience;
                Some((
                    Slot::Step,
                    Box::pin(async move {
                        let mut audit = audit.lock().await;
                        let outcome = execute::follow_unknown(
                            fleet.as_ref(),
                            &mut *audit,
                            look_up,
                            patience,
                            &CancelSignal::new(),
                            step_progress(tx.clone(), req),
                        )
                        .await;
                        Some(step_end(req, outcome))
                    }),
                ))
            }
            Effect::ResumeInFlight {
                in_flight,
                unresolved,
                region,
            } => {
                let fleet = self.source(|s| s.fleet.clone())?;
                let identity = self.source(|s| s.identity.clone())?;
                let audit = self.audit.clone();
                let settle = self.step_patience.settle;
                Some((
                    Slot::Resume,
                    Box::pin(async move {
                        let unresolved = if unresolved.is_empty() {
                            unresolved
                        } else {
                            match identity.identity().await {
                                Ok(me) => unresolved
                                    .into_iter()
                                    .filter(|u| {
                                        u.intent.account == me.account && u.intent.region == region
                                    })
                                    .collect(),
                                Err(_) => Vec::new(),
                            }
                        };
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
                            execute::Resolved::Adopted { flight, .. } => {
                                Some(flight.as_ref().clone())
                            }
                            _ => None,
                        }));
                        let results =
                            execute::resume(fleet.as_ref(), &mut *audit, &in_flight).await;
                        Some(Msg::InFlightResumed { results, resolved })
                    }),
                ))
            }
            Effect::LoadInvocationOutput {
                req,
                command_id,
                instance_id,
            } => {
                let src = self.source(|s| s.fleet.clone())?;
                Some((
                    Slot::InvocationOutput,
                    Box::pin(async move {
                        Some(Msg::InvocationOutputLoaded {
                            req,
                            result: src.output(command_id, instance_id).await,
                        })
                    }),
                ))
            }
            Effect::CancelCommand { command_id } => {
                let src = self.source(|s| s.fleet.clone())?;
                Some((
                    Slot::CancelCommand,
                    Box::pin(async move {
                        let result = src.cancel(command_id.clone()).await;
                        Some(Msg::CommandCancelled { command_id, result })
                    }),
                ))
            }
            Effect::AuditStep { record } => {
                let audit = self.audit.clone();
                Some((
                    Slot::Audit,
                    Box::pin(async move {
                        let mut audit = audit.lock().await;
                        audit.append(&record).err().map(|e| Msg::AuditFailed {
                            message: format!("{}: {e}", audit.location()),
                        })
                    }),
                ))
            }
            Effect::RunbookQuery { req, request } => {
                let src = self.source(|s| s.logs.clone())?;
                let patience = self.patience;
                Some((
                    Slot::RunbookQuery,
                    Box::pin(async move {
                        let result =
                            crate::logs::run::run(src.as_ref(), request, patience, |_| {}).await;
                        Some(Msg::RunbookQueryFinished { req, result })
                    }),
                ))
            }
            _ => None,
        }
    }
}
