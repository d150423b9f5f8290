//! What the Logs pane's work answers.

use super::run::{Progress, QueryError};
use super::{LogGroup, QueryResult, SavedQuery};
use crate::aws::AwsError;

pub enum LogsMsg {
    GroupsLoaded {
        req: u64,
        result: Result<Vec<LogGroup>, AwsError>,
    },
    /// The running query moved on: queued, started, or polled.
    Progress { req: u64, progress: Progress },
    Finished {
        req: u64,
        result: Result<QueryResult, QueryError>,
    },
    Stopped {
        query_id: Option<String>,
        result: Result<(), AwsError>,
    },
    RecordLoaded {
        req: u64,
        result: Result<Vec<(String, String)>, AwsError>,
    },
    SavedLoaded {
        req: u64,
        result: Result<Vec<SavedQuery>, AwsError>,
    },
    Saved {
        name: String,
        result: Result<(), AwsError>,
    },
    /// The Live Tail moved on: a session began, an update, a reconnect, or the end.
    Tail(super::tail::TailMsg),
}
