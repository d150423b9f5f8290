//! What the Timeline pane's work answers.

use std::path::PathBuf;

use super::gather::Gathered;
use super::journal::{Incident, Summary};
use crate::kit::work::Outcome;

pub enum TimelineMsg {
    Loaded {
        req: u64,
        gathered: Gathered,
    },
    /// The journal answered: the incident as it stands now (and a torn-line warning), or why not.
    IncidentChanged {
        result: Result<(Option<Incident>, Option<String>), String>,
    },
    IncidentsListed {
        listed: Vec<Summary>,
    },
    Exported {
        result: Result<PathBuf, String>,
    },
}

impl Outcome for TimelineMsg {}
