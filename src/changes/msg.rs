//! What the Changes pane's work answers.

use super::Change;
use crate::accounts::place::Place;
use crate::accounts::sweep::Plan;
use crate::aws::AwsError;

pub enum ChangesMsg {
    /// One page of LookupEvents; `more` says whether paging goes on.
    Page {
        req: u64,
        result: Result<Vec<Change>, AwsError>,
        more: bool,
    },
    /// Over an account set: its accounts and regions, before any answers.
    Planned {
        req: u64,
        result: Result<Plan, AwsError>,
    },
    /// Over an account set: one (account, region)'s changes, or why it could not be asked.
    Answered {
        req: u64,
        place: Place,
        result: Result<Vec<Change>, String>,
    },
}
