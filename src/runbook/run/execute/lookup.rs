//! Settling a send whose answer never came: ListCommands since the intent's time, matched on
//! the intent's id in the Comment, until found or until the settle delay has passed.

use std::time::Duration;

use jiff::Timestamp;
use tokio::time::Instant;

use super::AuditSink;
use crate::aws::AwsError;
use crate::runbook::run::audit::{Intent, NotSent, OutcomeUnknown, Record, Sent};
use crate::runbook::run::fleet::{Fleet, ListedCommand};

/// How long a command not found is looked for, unless `WARROOM_SEND_SETTLE` says otherwise.
pub const DEFAULT_SETTLE: Duration = Duration::from_secs(15);
/// How often the listing is asked again while the settle delay runs.
const EVERY: Duration = Duration::from_secs(2);

/// The settle delay: `WARROOM_SEND_SETTLE` (`20s`, `1m`), else 15 s. A value that does not
/// read as a duration keeps the default (waiting longer is the safe side).
pub fn settle_from_env() -> Duration {
    match std::env::var("WARROOM_SEND_SETTLE") {
        Ok(text) if !text.trim().is_empty() => match crate::time::parse_interval(&text) {
            Ok(settle) => settle,
            Err(e) => {
                tracing::warn!("WARROOM_SEND_SETTLE: {e}; waiting the default 15s");
                DEFAULT_SETTLE
            }
        },
        _ => DEFAULT_SETTLE,
    }
}

/// What is left of the settle delay that began when the outcome was seen unknown.
pub fn settle_left(settle: Duration, since: Timestamp) -> Duration {
    let elapsed = Timestamp::now().duration_since(since);
    Duration::try_from(elapsed)
        .map(|elapsed| settle.saturating_sub(elapsed))
        .unwrap_or(settle)
}

/// What a lookup settled, each recorded in the audit log.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolution {
    Adopted {
        command_id: String,
        audit_problem: Option<String>,
    },
    NotSent {
        reason: String,
        audit_problem: Option<String>,
    },
    Unknown {
        error: AwsError,
    },
}

/// Looks the intent's command up, for `settle_left` more at most when it is not found, and
/// records the resolution: `sent` (saying how it was found), `not_sent`, or, when the lookup
/// itself failed, `outcome_unknown` again. `why` says why it was unknown.
pub async fn resolve(
    fleet: &dyn Fleet,
    audit: &mut (dyn AuditSink + Send),
    intent: &Intent,
    settle_left: Duration,
    why: &str,
) -> Resolution {
    let problem = |audit: &dyn AuditSink, e: std::io::Error| {
        format!("the audit log {} lacks this: {e}", audit.location())
    };
    match look_up(fleet, intent, settle_left).await {
        Ok(Some(found)) => {
            let record = Record::Sent(Sent {
                intent: intent.id.clone(),
                time: Timestamp::now(),
                command_id: found.command_id.clone(),
                resolved: Some(format!(
                    "found by ListCommands: its comment carries this intent's id ({why})"
                )),
            });
            Resolution::Adopted {
                audit_problem: audit.append(&record).err().map(|e| problem(audit, e)),
                command_id: found.command_id,
            }
        }
        Ok(None) => {
            let reason = format!(
                "ListCommands showed no command carrying this intent's id, looked for since {} ({why})",
                intent.time
            );
            let record = Record::NotSent(NotSent {
                intent: intent.id.clone(),
                time: Timestamp::now(),
                reason: reason.clone(),
            });
            Resolution::NotSent {
                audit_problem: audit.append(&record).err().map(|e| problem(audit, e)),
                reason,
            }
        }
        Err(error) => {
            let _ = audit.append(&Record::OutcomeUnknown(OutcomeUnknown {
                intent: intent.id.clone(),
                time: Timestamp::now(),
                reason: format!("looking the command up failed: {}", error.message),
            }));
            Resolution::Unknown { error }
        }
    }
}

/// Found at once, or asked again every few seconds until `settle_left` has passed.
async fn look_up(
    fleet: &dyn Fleet,
    intent: &Intent,
    settle_left: Duration,
) -> Result<Option<ListedCommand>, AwsError> {
    let deadline = Instant::now() + settle_left;
    loop {
        if let Some(found) = fleet.find_sent(intent.id.clone(), intent.time).await? {
            return Ok(Some(found));
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(None);
        }
        tokio::time::sleep((deadline - now).min(EVERY)).await;
    }
}
