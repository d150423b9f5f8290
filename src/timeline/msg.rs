//! What the Timeline pane's work answers.

use std::path::PathBuf;

use super::gather::Gathered;
use super::journal::{Incident, Summary};

pub enum TimelineMsg {
    Loaded {
        req: u64,
        gathered: Gathered,
    },
    /// The journal answered: the incident as it stands now, or why not.
    IncidentChanged {
        result: Result<IncidentNow, JournalFailure>,
    },
    IncidentsListed {
        listed: Vec<Summary>,
    },
    Exported {
        result: Result<PathBuf, String>,
    },
}

/// The incident as its journal stands now.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentNow {
    /// None when no incident is open.
    pub incident: Option<Incident>,
    /// A line of the journal that could not be read, said once.
    pub warning: Option<String>,
}

/// Why the journal could not do what was asked.
#[derive(Clone, Debug, PartialEq)]
pub enum JournalFailure {
    NoStateDir,
    NoIncident,
    /// Reading or writing the journal failed, in its own words.
    Journal(String),
}

impl std::fmt::Display for JournalFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JournalFailure::NoStateDir => {
                f.write_str("no state directory: neither XDG_STATE_HOME nor HOME is set")
            }
            JournalFailure::NoIncident => {
                f.write_str("No incident is open: :incident start NAME opens one")
            }
            JournalFailure::Journal(message) => f.write_str(message),
        }
    }
}
