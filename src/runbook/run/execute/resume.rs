//! What the next start does with sends an earlier run left unfinished: commands in flight
//! (their status now, and the end of those that ended), and sends whose outcome was never
//! known (looked up by the intent's id in their Comment).

use std::time::Duration;

use jiff::Timestamp;

use super::follow::finished_record;
use super::lookup::{self, Resolution};
use super::{AuditSink, CommandOutcome, CommandStatus};
use crate::aws::AwsError;
use crate::runbook::run::audit::{Finished, InFlight, Record, Unresolved};
use crate::runbook::run::fleet::{Fleet, Invocation};

/// What became of a command that was in flight when warroom stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum Resumed {
    /// It has ended; its `finished` record is now written (unless `audit_problem` says not).
    Finished {
        outcome: CommandOutcome,
        audit_problem: Option<String>,
    },
    /// It still runs on some instances.
    Running { invocations: Vec<Invocation> },
    /// SSM no longer knows it (commands expire after 30 days); recorded as Unknown.
    Forgotten { audit_problem: Option<String> },
    /// Its status could not be read now.
    Unreadable(AwsError),
}

/// Fetches the status of commands that were in flight, and records the end of those that
/// have ended.
pub async fn resume(
    fleet: &dyn Fleet,
    audit: &mut (dyn AuditSink + Send),
    in_flight: &[InFlight],
) -> Vec<(InFlight, Resumed)> {
    let mut results = Vec::new();
    for flight in in_flight {
        let resumed = match fleet.invocations(flight.command_id.clone()).await {
            Ok(invocations) if invocations.iter().any(|i| !i.status.is_final()) => {
                Resumed::Running { invocations }
            }
            Ok(invocations) => {
                let outcome = CommandOutcome {
                    intent: flight.intent.id.clone(),
                    command_id: flight.command_id.clone(),
                    status: CommandStatus::of(&invocations, false),
                    invocations,
                    audit_problems: Vec::new(),
                };
                let audit_problem = audit
                    .append(&finished_record(&outcome))
                    .err()
                    .map(|e| e.to_string());
                Resumed::Finished {
                    outcome,
                    audit_problem,
                }
            }
            Err(e) if e.code.as_deref() == Some("InvalidCommandId") => {
                let record = Record::Finished(Finished {
                    intent: flight.intent.id.clone(),
                    time: Timestamp::now(),
                    command_id: flight.command_id.clone(),
                    status: "Unknown".into(),
                    instances: Vec::new(),
                });
                Resumed::Forgotten {
                    audit_problem: audit.append(&record).err().map(|e| e.to_string()),
                }
            }
            Err(e) => Resumed::Unreadable(e),
        };
        results.push((flight.clone(), resumed));
    }
    results
}

/// What a lookup made of a send whose outcome was unknown.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved {
    /// SSM has it: its `sent` record is written (unless `audit_problem` says not) and it is
    /// in flight like any other.
    Adopted {
        flight: Box<InFlight>,
        audit_problem: Option<String>,
    },
    /// SSM has no command carrying its id: recorded not sent.
    NotSent {
        reason: String,
        audit_problem: Option<String>,
    },
    /// The lookup failed: it may be running, and stays unknown.
    Unknown(AwsError),
}

/// Looks up every send whose outcome was never known, waiting out what is left of `settle`
/// for each before taking it as not sent, and records what was found.
pub async fn resolve_unresolved(
    fleet: &dyn Fleet,
    audit: &mut (dyn AuditSink + Send),
    unresolved: &[Unresolved],
    settle: Duration,
) -> Vec<(Unresolved, Resolved)> {
    let mut results = Vec::new();
    for send in unresolved {
        let why = send
            .reason
            .clone()
            .unwrap_or_else(|| "warroom stopped before SendCommand answered".into());
        let left = lookup::settle_left(settle, send.since);
        let resolved = match lookup::resolve(fleet, audit, &send.intent, left, &why).await {
            Resolution::Adopted {
                command_id,
                audit_problem,
            } => Resolved::Adopted {
                flight: Box::new(InFlight {
                    intent: send.intent.clone(),
                    command_id,
                }),
                audit_problem,
            },
            Resolution::NotSent {
                reason,
                audit_problem,
            } => Resolved::NotSent {
                reason,
                audit_problem,
            },
            Resolution::Unknown { error } => Resolved::Unknown(error),
        };
        results.push((send.clone(), resolved));
    }
    results
}
