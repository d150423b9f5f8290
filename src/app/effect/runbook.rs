//! The Runbooks pane's work: reading runbooks and the audit log, resolving targets, and
//! sending a step only once its intent is on disk.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{Effect, Executor, Slot};
use crate::alarms::source::BoxFuture;
use crate::app::msg::Msg;
use crate::runbook::audit::{self, AuditLog, Finished, InstanceStatus, Intent, Record, Sent};
use crate::runbook::catalog;
use crate::runbook::fleet::{CommandRequest, Fleet, Invocation, InvocationStatus};

/// The audit log: opened on first use, then held (and locked) for the session.
#[derive(Default)]
pub struct Audit {
    path: Option<PathBuf>,
    log: Option<AuditLog>,
}

pub type SharedAudit = Arc<Mutex<Audit>>;

impl Audit {
    pub fn at(path: PathBuf) -> SharedAudit {
        Arc::new(Mutex::new(Audit {
            path: Some(path),
            log: None,
        }))
    }

    /// Appends one record and returns once it is on disk.
    pub fn append(&mut self, record: &Record) -> Result<(), String> {
        if self.log.is_none() {
            let path = self
                .path
                .clone()
                .ok_or("no audit log: neither XDG_STATE_HOME nor HOME is set")?;
            self.log = Some(AuditLog::open(&path)?);
        }
        let Some(log) = self.log.as_mut() else {
            return Err("the audit log is not open".into());
        };
        log.append(record)
            .map_err(|e| format!("cannot write the audit log {}: {e}", log.path().display()))
    }
}

fn append(audit: &SharedAudit, record: &Record) -> Result<(), String> {
    match audit.lock() {
        Ok(mut audit) => audit.append(record),
        Err(_) => Err("the audit log's lock was poisoned by a crash".into()),
    }
}

/// How a step's invocations are polled.
const FIRST_POLL: Duration = Duration::from_millis(500);
const MAX_POLL: Duration = Duration::from_secs(5);

/// The command's status, from its invocations: Success only when every one succeeded.
fn command_status(invocations: &[Invocation]) -> String {
    let statuses: Vec<InvocationStatus> = invocations.iter().map(|i| i.status).collect();
    let any = |s: InvocationStatus| statuses.contains(&s);
    if statuses.is_empty() {
        "NoInstances".into()
    } else if statuses.iter().all(|s| *s == InvocationStatus::Success) {
        "Success".into()
    } else if any(InvocationStatus::Cancelled) {
        "Cancelled".into()
    } else if any(InvocationStatus::TimedOut) {
        "TimedOut".into()
    } else {
        "Failed".into()
    }
}

/// Intent on disk, then SendCommand, then the invocations followed to their end.
async fn run_step(
    fleet: Arc<dyn Fleet>,
    audit: SharedAudit,
    intent: Intent,
    request: CommandRequest,
    req: u64,
    tx: tokio::sync::mpsc::UnboundedSender<Msg>,
) -> Result<String, String> {
    let intent_id = intent.id.clone();
    append(&audit, &Record::Intent(Box::new(intent)))
        .map_err(|e| format!("{e}. Nothing was sent."))?;
    let command_id = fleet
        .send(request)
        .await
        .map_err(|e| format!("SendCommand failed: {}", e.message))?;
    let sent = Record::Sent(Sent {
        intent: intent_id.clone(),
        time: jiff::Timestamp::now(),
        command_id: command_id.clone(),
    });
    let written = append(&audit, &sent);
    let _ = tx.send(Msg::StepSent {
        req,
        command_id: command_id.clone(),
    });
    written.map_err(|e| format!("Sent as {command_id}, but {e}"))?;
    let mut wait = FIRST_POLL;
    let invocations = loop {
        tokio::time::sleep(wait).await;
        let invocations = fleet
            .invocations(command_id.clone())
            .await
            .map_err(|e| format!("Cannot follow {command_id}: {}", e.message))?;
        let done = !invocations.is_empty() && invocations.iter().all(|i| i.status.is_final());
        let _ = tx.send(Msg::StepProgress {
            req,
            invocations: invocations.clone(),
        });
        if done {
            break invocations;
        }
        wait = (wait * 2).min(MAX_POLL);
    };
    let status = command_status(&invocations);
    let finished = Record::Finished(Finished {
        intent: intent_id,
        time: jiff::Timestamp::now(),
        command_id: command_id.clone(),
        status: status.clone(),
        instances: invocations
            .iter()
            .map(|i| InstanceStatus {
                instance_id: i.instance_id.clone(),
                status: format!("{:?}", i.status),
            })
            .collect(),
    });
    append(&audit, &finished).map_err(|e| format!("{command_id} ended {status}, but {e}"))?;
    Ok(status)
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
                Some((
                    Slot::Step,
                    Box::pin(async move {
                        let result = run_step(fleet, audit, *intent, request, req, tx).await;
                        Some(Msg::StepFinished { req, result })
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
                if let Err(message) = append(&self.audit, &record) {
                    let _ = tx.send(Msg::AuditFailed { message });
                }
                None
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

#[cfg(test)]
mod tests {
    use super::*;

    fn invocation(status: InvocationStatus) -> Invocation {
        Invocation {
            instance_id: "i-0123456789abcdef0".into(),
            instance_name: "checkout-1".into(),
            status,
            status_details: String::new(),
            output: String::new(),
            response_code: None,
            started: None,
            ended: None,
        }
    }

    #[test]
    fn a_command_succeeds_only_when_every_instance_did() {
        use InvocationStatus::*;
        assert_eq!(
            command_status(&[invocation(Success), invocation(Success)]),
            "Success"
        );
        assert_eq!(
            command_status(&[invocation(Success), invocation(Failed)]),
            "Failed"
        );
        assert_eq!(
            command_status(&[invocation(Success), invocation(TimedOut)]),
            "TimedOut"
        );
        assert_eq!(
            command_status(&[invocation(Cancelled), invocation(Failed)]),
            "Cancelled"
        );
        assert_eq!(command_status(&[]), "NoInstances");
    }
}
