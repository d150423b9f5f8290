//! Running one Logs Insights query to its end: start it (waiting in line when the account
//! has too many running), poll with backoff, and say how it ended.

use std::time::Duration;

use super::model::{QueryRequest, QueryResult, QueryStatus, Statistics};
use super::source::InsightsSource;
use crate::aws::AwsError;

/// How patient a run is.
#[derive(Clone, Copy, Debug)]
pub struct QueryPatience {
    pub first_poll: Duration,
    pub max_poll: Duration,
    /// Wait between StartQuery attempts while the concurrent-query limit is reached.
    pub queue_wait: Duration,
    pub queue_attempts: u32,
}

impl Default for QueryPatience {
    fn default() -> Self {
        QueryPatience {
            first_poll: Duration::from_millis(250),
            max_poll: Duration::from_secs(5),
            queue_wait: Duration::from_secs(5),
            queue_attempts: 60,
        }
    }
}

/// What a run reports as it goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    /// The account runs as many queries as it may; this one waits its turn.
    Queued {
        attempt: u32,
    },
    Started {
        query_id: String,
    },
    Polled {
        status: QueryStatus,
        /// None when the service did not report them.
        statistics: Option<Statistics>,
        rows: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum QueryError {
    Aws(AwsError),
    /// The query ended Failed, Cancelled or Timeout.
    Ended {
        status: QueryStatus,
        query_id: String,
    },
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::Aws(e) => f.write_str(&e.message),
            QueryError::Ended {
                status: QueryStatus::Timeout,
                query_id,
            } => {
                write!(
                    f,
                    "The query {query_id} timed out in Logs Insights (60 minutes at most): narrow the time range or the log groups."
                )
            }
            QueryError::Ended { status, query_id } => {
                write!(f, "The query {query_id} ended {status:?}.")
            }
        }
    }
}

pub async fn run(
    source: &dyn InsightsSource,
    request: QueryRequest,
    patience: QueryPatience,
    mut progress: impl FnMut(Progress),
) -> Result<QueryResult, QueryError> {
    let mut attempt = 1;
    let query_id = loop {
        match source.start(request.clone()).await {
            Ok(id) => break id,
            Err(e)
                if e.code.as_deref() == Some("LimitExceededException")
                    && attempt < patience.queue_attempts =>
            {
                progress(Progress::Queued { attempt });
                tokio::time::sleep(patience.queue_wait).await;
                attempt += 1;
            }
            Err(e) => return Err(QueryError::Aws(e)),
        }
    };
    progress(Progress::Started {
        query_id: query_id.clone(),
    });
    let mut wait = patience.first_poll;
    loop {
        tokio::time::sleep(wait).await;
        let poll = source
            .poll(query_id.clone())
            .await
            .map_err(QueryError::Aws)?;
        progress(Progress::Polled {
            status: poll.status,
            statistics: poll.statistics,
            rows: poll.rows.len(),
        });
        match poll.status {
            QueryStatus::Complete => {
                return Ok(QueryResult::reported(poll.rows, poll.statistics));
            }
            status if status.is_final() => return Err(QueryError::Ended { status, query_id }),
            _ => wait = (wait * 2).min(patience.max_poll),
        }
    }
}

#[cfg(test)]
mod tests;
