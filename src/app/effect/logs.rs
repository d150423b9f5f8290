//! The Logs pane's work: log groups, a query run to its end, its rows' records, saved
//! queries, and the history of queries run.

use super::{Effect, Executor, Slot};
use crate::alarms::source::BoxFuture;
use crate::app::msg::Msg;
use crate::logs::history;
use crate::logs::run as query_run;

impl Executor {
    /// Runs a Logs effect; `None` when it needs no task.
    pub(super) fn logs_task(
        &mut self,
        effect: Effect,
    ) -> Option<(Slot, BoxFuture<'static, Option<Msg>>)> {
        match effect {
            Effect::LoadLogGroups { req, prefix } => {
                let src = self.source(|s| s.logs.clone())?;
                Some((
                    Slot::LogGroups,
                    Box::pin(async move {
                        Some(Msg::LogGroupsLoaded {
                            req,
                            result: src.groups(prefix).await,
                        })
                    }),
                ))
            }
            Effect::RunQuery { req, request } => {
                let src = self.source(|s| s.logs.clone())?;
                let (progress, patience) = (self.tx.clone(), self.patience);
                Some((
                    Slot::Query,
                    Box::pin(async move {
                        let result = query_run::run(src.as_ref(), request, patience, |p| {
                            let _ = progress.send(Msg::QueryProgress { req, progress: p });
                        })
                        .await;
                        Some(Msg::QueryFinished { req, result })
                    }),
                ))
            }
            Effect::StopQuery { query_id } => {
                if let Some(task) = self.tasks.remove(&Slot::Query) {
                    task.abort();
                }
                let id = query_id?;
                let src = self.source(|s| s.logs.clone())?;
                Some((
                    Slot::StopQuery,
                    Box::pin(async move {
                        let result = src.stop(id.clone()).await;
                        Some(Msg::QueryStopped {
                            query_id: Some(id),
                            result,
                        })
                    }),
                ))
            }
            Effect::LoadLogRecord { req, pointer } => {
                let src = self.source(|s| s.logs.clone())?;
                Some((
                    Slot::LogRecord,
                    Box::pin(async move {
                        Some(Msg::LogRecordLoaded {
                            req,
                            result: src.record(pointer).await,
                        })
                    }),
                ))
            }
            Effect::LoadSavedQueries { req } => {
                let src = self.source(|s| s.logs.clone())?;
                Some((
                    Slot::SavedQueries,
                    Box::pin(async move {
                        Some(Msg::SavedQueriesLoaded {
                            req,
                            result: src.saved().await,
                        })
                    }),
                ))
            }
            Effect::SaveQuery { query } => {
                let src = self.source(|s| s.logs.clone())?;
                Some((
                    Slot::SaveQuery,
                    Box::pin(async move {
                        let name = query.name.clone();
                        Some(Msg::QuerySaved {
                            name,
                            result: src.save(query).await,
                        })
                    }),
                ))
            }
            Effect::RememberQuery { past } => {
                if let Some(path) = &self.history_file
                    && let Err(e) = history::append(path, &past)
                {
                    tracing::warn!(path = %path.display(), "could not remember the query: {e}");
                }
                None
            }
            _ => None,
        }
    }
}
