//! What the Changes pane's work answers.

use super::Change;
use crate::aws::AwsError;
use crate::kit::work::Outcome;

pub enum ChangesMsg {
    /// One page of LookupEvents; `more` says whether paging goes on.
    Page {
        req: u64,
        result: Result<Vec<Change>, AwsError>,
        more: bool,
    },
}

impl Outcome for ChangesMsg {
    fn failure(&self) -> Option<&AwsError> {
        match self {
            ChangesMsg::Page { result, .. } => result.as_ref().err(),
        }
    }
}
