//! Recording what the console received from AWS, and replaying it without AWS: a compact
//! append-only JSONL file of what changed, refresh by refresh.

pub mod reader;
pub mod replay;
pub mod timeline;
pub mod writer;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::alarms::Alarm;
use crate::aws::Identity;
use crate::changes::Change;
use crate::health::HealthEvent;
use crate::timeline::TimelineEvent;

pub const VERSION: u32 = 1;

/// One line of a recording. Lists are stored as what changed since the line before: the
/// items added or changed, and the keys of those gone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// The first line of each recording session: when it started, and where (the account is
    /// absent in recordings made before it was kept, and unknown when STS never answered).
    Header {
        version: u32,
        started: Timestamp,
        #[serde(default)]
        account: Option<String>,
        region: String,
    },
    Identity {
        t: Timestamp,
        identity: Identity,
    },
    Alarms {
        t: Timestamp,
        upsert: Vec<Alarm>,
        remove: Vec<String>,
    },
    /// CloudTrail events not recorded before, and each one's whole record, in order.
    Changes {
        t: Timestamp,
        changes: Vec<Change>,
        #[serde(default)]
        records: Vec<String>,
    },
    Health {
        t: Timestamp,
        upsert: Vec<HealthEvent>,
        remove: Vec<String>,
    },
    /// Timeline rows that are not in AWS (the incident's markers and notes, runbook steps,
    /// queries run), each added or changed since the line before.
    Timeline {
        t: Timestamp,
        rows: Vec<TimelineEvent>,
    },
}

impl Entry {
    pub fn time(&self) -> Timestamp {
        match self {
            Entry::Header { started, .. } => *started,
            Entry::Identity { t, .. }
            | Entry::Alarms { t, .. }
            | Entry::Changes { t, .. }
            | Entry::Health { t, .. }
            | Entry::Timeline { t, .. } => *t,
        }
    }
}

/// What the console received, as the recorder is told it.
#[derive(Clone, Debug)]
pub enum Observed {
    /// Who the credentials are, and the region the session resolved.
    Identity {
        identity: Identity,
        region: String,
    },
    Alarms(Vec<Alarm>),
    Changes(Vec<Change>),
    Health(Vec<HealthEvent>),
    /// Timeline rows kept outside AWS: the journal's, runbook steps, queries run.
    Timeline(Vec<TimelineEvent>),
}
