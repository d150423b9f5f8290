//! What the Changes pane's work answers.

use super::Change;
use crate::aws::AwsError;

pub enum ChangesMsg {
    /// One page of LookupEvents; `more` says whether paging goes on.
    Page {
        req: u64,
        result: Result<Vec<Change>, AwsError>,
        more: bool,
    },
}
