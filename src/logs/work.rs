//! The Logs pane's work: log groups, a query run to its end, its rows' records, saved
//! queries, and the history of queries run.

use std::path::PathBuf;
use std::sync::Arc;

use super::history::{self, PastQuery};
use super::msg::LogsMsg;
use super::run::{self as query_run, QueryPatience};
use super::tail::{self, TailPatience, TailRequest, TailSource};
use super::{InsightsSource, QueryRequest, SavedQuery};
use crate::kit::work::{Lane, Reply, Started, Task};

const QUERY: Lane = "logs.query";
const TAIL: Lane = "logs.tail";

#[derive(Clone, Debug, PartialEq)]
pub enum LogsWork {
    LoadGroups {
        req: u64,
        prefix: Option<String>,
    },
    /// Starts a Logs Insights query and polls it to its end, reporting as it goes.
    Run {
        req: u64,
        request: QueryRequest,
    },
    /// Ends the polling of the running query and, once it has an id, sends StopQuery.
    Stop {
        query_id: Option<String>,
    },
    LoadRecord {
        req: u64,
        pointer: String,
    },
    LoadSaved {
        req: u64,
    },
    /// PutQueryDefinition: saves the query to the account.
    Save {
        query: SavedQuery,
    },
    /// Appends a query that ran to the history file.
    Remember {
        past: PastQuery,
    },
    /// Live Tail: follows the log groups until `EndTail` (or the next tail).
    Tail {
        req: u64,
        request: TailRequest,
    },
    /// Ends the Live Tail session (its stream is dropped, which ends it at AWS).
    EndTail,
}

/// What the Logs pane's work keeps between tasks: how queries are polled, and where the
/// queries that ran are remembered (without a file they are not).
#[derive(Default)]
pub struct LogsWorker {
    pub patience: QueryPatience,
    pub history_file: Option<PathBuf>,
    pub tail_patience: TailPatience,
}

impl LogsWorker {
    pub fn start(
        &self,
        work: LogsWork,
        src: Option<Arc<dyn InsightsSource>>,
        tail_src: Option<Arc<dyn TailSource>>,
        reply: Reply<LogsMsg>,
    ) -> Started<LogsMsg> {
        match work {
            LogsWork::EndTail => return Started::cancel(TAIL),
            LogsWork::Tail { req, request } => {
                let Some(src) = tail_src else {
                    return Started::cancel(TAIL);
                };
                let patience = self.tail_patience;
                return Started::task(Task::new(TAIL, async move {
                    tail::run::follow(src.as_ref(), request, patience, req, |msg| {
                        reply.send(LogsMsg::Tail(msg))
                    })
                    .await;
                    None
                }));
            }
            _ => {}
        }
        if let LogsWork::Remember { past } = &work {
            if let Some(path) = &self.history_file
                && let Err(e) = history::append(path, past)
            {
                tracing::warn!(path = %path.display(), "could not remember the query: {e}");
            }
            return Started::nothing();
        }
        let stopping = matches!(work, LogsWork::Stop { .. });
        let Some(src) = src else {
            return if stopping {
                Started::cancel(QUERY)
            } else {
                Started::nothing()
            };
        };
        let task = match work {
            LogsWork::LoadGroups { req, prefix } => Task::new("logs.groups", async move {
                let result = src.groups(prefix).await;
                Some(LogsMsg::GroupsLoaded { req, result })
            }),
            LogsWork::Run { req, request } => {
                let patience = self.patience;
                Task::new(QUERY, async move {
                    let result = query_run::run(src.as_ref(), request, patience, |progress| {
                        reply.send(LogsMsg::Progress { req, progress });
                    })
                    .await;
                    Some(LogsMsg::Finished { req, result })
                })
            }
            LogsWork::Stop { query_id } => {
                let Some(id) = query_id else {
                    return Started::cancel(QUERY);
                };
                let task = Task::new("logs.stop", async move {
                    let result = src.stop(id.clone()).await;
                    Some(LogsMsg::Stopped {
                        query_id: Some(id),
                        result,
                    })
                });
                return Started {
                    cancel: vec![QUERY],
                    task: Some(task),
                };
            }
            LogsWork::LoadRecord { req, pointer } => Task::new("logs.record", async move {
                let result = src.record(pointer).await;
                Some(LogsMsg::RecordLoaded { req, result })
            }),
            LogsWork::LoadSaved { req } => Task::new("logs.saved", async move {
                let result = src.saved().await;
                Some(LogsMsg::SavedLoaded { req, result })
            }),
            LogsWork::Save { query } => Task::new("logs.save", async move {
                let name = query.name.clone();
                let result = src.save(query).await;
                Some(LogsMsg::Saved { name, result })
            }),
            LogsWork::Remember { .. } | LogsWork::Tail { .. } | LogsWork::EndTail => {
                return Started::nothing();
            }
        };
        Started::task(task)
    }
}
