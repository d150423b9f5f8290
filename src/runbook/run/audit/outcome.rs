//! Sends whose outcome is not a plain `sent`: those never settled (looked up at the next
//! start), and the records that say how one was settled or left, in words.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;

use super::{Finished, Intent, Interrupted, NotSent, Record, Sent, id_is_in_comment};

/// An intent whose send never ended known: no `sent`, `not_sent` or `finished` record.
#[derive(Clone, Debug, PartialEq)]
pub struct Unresolved {
    pub intent: Intent,
    /// The latest record about it: when its outcome was last seen unknown.
    pub since: Timestamp,
    /// The latest reason given (a send or lookup failure, a signal).
    pub reason: Option<String>,
}

/// The intents whose send never ended known, oldest first. Intents made before their id went
/// into the Comment cannot be looked up and are left out, as they always were.
pub fn unresolved(records: &[Record]) -> Vec<Unresolved> {
    let mut settled: BTreeSet<&str> = BTreeSet::new();
    let mut last: BTreeMap<&str, (Timestamp, Option<String>)> = BTreeMap::new();
    for record in records {
        match record {
            Record::Sent(Sent { intent, .. })
            | Record::NotSent(NotSent { intent, .. })
            | Record::Finished(Finished { intent, .. })
            | Record::Interrupted(Interrupted {
                intent,
                command_id: Some(_),
                ..
            }) => {
                settled.insert(intent.as_str());
            }
            Record::OutcomeUnknown(u) => {
                last.insert(u.intent.as_str(), (u.time, Some(u.reason.clone())));
            }
            Record::Interrupted(i) if i.command_id.is_none() => {
                let why = format!("warroom was stopped by signal {} mid-send", i.signal);
                last.insert(i.intent.as_str(), (i.time, Some(why)));
            }
            _ => {}
        }
    }
    records
        .iter()
        .filter_map(|record| match record {
            Record::Intent(intent)
                if !settled.contains(intent.id.as_str()) && id_is_in_comment(&intent.id) =>
            {
                let (since, reason) = last
                    .get(intent.id.as_str())
                    .cloned()
                    .unwrap_or((intent.time, None));
                Some(Unresolved {
                    intent: intent.as_ref().clone(),
                    since: since.max(intent.time),
                    reason,
                })
            }
            _ => None,
        })
        .collect()
}

/// An `outcome_unknown`, `not_sent` or `interrupted` record in words, for the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct SendNote<'a> {
    pub intent: &'a str,
    pub time: Timestamp,
    /// `outcome unknown`, `not sent`, `left in flight by signal 15`.
    pub what: String,
    pub detail: String,
    pub kind: &'static str,
}

impl Record {
    pub fn send_note(&self) -> Option<SendNote<'_>> {
        let (intent, time, what, detail, kind) = match self {
            Record::OutcomeUnknown(u) => {
                let what = "outcome unknown".to_string();
                (&u.intent, u.time, what, u.reason.clone(), "unknown")
            }
            Record::NotSent(n) => (
                &n.intent,
                n.time,
                "not sent".into(),
                n.reason.clone(),
                "not_sent",
            ),
            Record::Interrupted(i) => (
                &i.intent,
                i.time,
                format!("left in flight by signal {}", i.signal),
                i.command_id
                    .as_ref()
                    .map(|id| format!("CommandId {id}"))
                    .unwrap_or_else(|| "SendCommand had not answered".into()),
                "interrupted",
            ),
            _ => return None,
        };
        Some(SendNote {
            intent,
            time,
            what,
            detail,
            kind,
        })
    }
}
