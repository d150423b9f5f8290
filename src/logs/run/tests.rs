use std::sync::Mutex;

use super::*;
use crate::aws::ErrorKind;
use crate::kit::work::BoxFuture;
use crate::logs::model::{LogGroup, Poll, ResultRow, SavedQuery};

/// A source that answers from a script.
struct Scripted {
    starts: Mutex<Vec<Result<String, AwsError>>>,
    polls: Mutex<Vec<QueryStatus>>,
}

impl InsightsSource for Scripted {
    fn start(&self, _: QueryRequest) -> BoxFuture<'_, Result<String, AwsError>> {
        let next = self.starts.lock().unwrap().remove(0);
        Box::pin(async move { next })
    }
    fn poll(&self, _: String) -> BoxFuture<'_, Result<Poll, AwsError>> {
        let status = self.polls.lock().unwrap().remove(0);
        let rows = if status == QueryStatus::Complete {
            vec![ResultRow {
                cells: vec![("count(*)".into(), "3".into())],
            }]
        } else {
            Vec::new()
        };
        Box::pin(async move {
            Ok(Poll {
                status,
                statistics: Some(Statistics::default()),
                rows,
            })
        })
    }
    fn stop(&self, _: String) -> BoxFuture<'_, Result<(), AwsError>> {
        Box::pin(async { Ok(()) })
    }
    fn record(&self, _: String) -> BoxFuture<'_, Result<Vec<(String, String)>, AwsError>> {
        Box::pin(async { Ok(Vec::new()) })
    }
    fn groups(&self, _: Option<String>) -> BoxFuture<'_, Result<Vec<LogGroup>, AwsError>> {
        Box::pin(async { Ok(Vec::new()) })
    }
    fn saved(&self) -> BoxFuture<'_, Result<Vec<SavedQuery>, AwsError>> {
        Box::pin(async { Ok(Vec::new()) })
    }
    fn save(&self, _: SavedQuery) -> BoxFuture<'_, Result<(), AwsError>> {
        Box::pin(async { Ok(()) })
    }
}

fn request() -> QueryRequest {
    QueryRequest {
        log_groups: vec!["/aws/ecs/checkout-api".into()],
        query: "stats count(*)".into(),
        start: jiff::Timestamp::UNIX_EPOCH,
        end: jiff::Timestamp::UNIX_EPOCH,
        limit: None,
    }
}

fn limit_exceeded() -> AwsError {
    AwsError {
        kind: ErrorKind::Service,
        code: Some("LimitExceededException".into()),
        message: "too many".into(),
    }
}

#[tokio::test(start_paused = true)]
async fn a_query_waits_in_line_then_runs_to_its_rows() {
    let source = Scripted {
        starts: Mutex::new(vec![Err(limit_exceeded()), Ok("q-1".into())]),
        polls: Mutex::new(vec![
            QueryStatus::Scheduled,
            QueryStatus::Running,
            QueryStatus::Complete,
        ]),
    };
    let mut seen = Vec::new();
    let result = run(&source, request(), QueryPatience::default(), |p| {
        seen.push(p)
    })
    .await
    .unwrap();
    assert_eq!(result.fields, ["count(*)"]);
    assert_eq!(seen[0], Progress::Queued { attempt: 1 });
    assert_eq!(
        seen[1],
        Progress::Started {
            query_id: "q-1".into()
        }
    );
    let statuses: Vec<QueryStatus> = seen
        .iter()
        .filter_map(|p| match p {
            Progress::Polled { status, .. } => Some(*status),
            _ => None,
        })
        .collect();
    assert_eq!(
        statuses,
        [
            QueryStatus::Scheduled,
            QueryStatus::Running,
            QueryStatus::Complete
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn a_query_that_times_out_says_what_to_do() {
    let source = Scripted {
        starts: Mutex::new(vec![Ok("q-2".into())]),
        polls: Mutex::new(vec![QueryStatus::Running, QueryStatus::Timeout]),
    };
    let error = run(&source, request(), QueryPatience::default(), |_| {})
        .await
        .unwrap_err();
    assert_eq!(
        error,
        QueryError::Ended {
            status: QueryStatus::Timeout,
            query_id: "q-2".into()
        }
    );
    assert!(error.to_string().contains("narrow the time range"));
}

#[tokio::test(start_paused = true)]
async fn polling_backs_off() {
    let source = Scripted {
        starts: Mutex::new(vec![Ok("q-3".into())]),
        polls: Mutex::new(
            vec![QueryStatus::Running; 6]
                .into_iter()
                .chain([QueryStatus::Complete])
                .collect(),
        ),
    };
    let started = tokio::time::Instant::now();
    run(&source, request(), QueryPatience::default(), |_| {})
        .await
        .unwrap();
    // 0.25 + 0.5 + 1 + 2 + 4 + 5 + 5 seconds, not seven quick polls.
    assert_eq!(started.elapsed(), Duration::from_millis(17_750));
}
