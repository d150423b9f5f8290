//! Where Logs Insights answers come from: the `InsightsSource` trait and its CloudWatch Logs
//! implementation.

use super::model::{Poll, QueryRequest, QueryStatus, ResultRow, Statistics};
use crate::alarms::source::BoxFuture;
use crate::aws::{AwsError, AwsSession, CallContext};

pub trait InsightsSource: Send + Sync {
    /// Starts a query; its id.
    fn start(&self, request: QueryRequest) -> BoxFuture<'_, Result<String, AwsError>>;
    fn poll(&self, query_id: String) -> BoxFuture<'_, Result<Poll, AwsError>>;
    fn stop(&self, query_id: String) -> BoxFuture<'_, Result<(), AwsError>>;
    /// The whole log event a result row points to.
    fn record(&self, pointer: String) -> BoxFuture<'_, Result<Vec<(String, String)>, AwsError>>;
}

pub struct CloudWatchInsights {
    client: aws_sdk_cloudwatchlogs::Client,
    calls: CallContext,
}

impl CloudWatchInsights {
    pub fn new(session: &AwsSession) -> Self {
        Self {
            client: session.logs.clone(),
            calls: session.calls.clone(),
        }
    }

    async fn start_query(&self, request: QueryRequest) -> Result<String, AwsError> {
        let out = self
            .client
            .start_query()
            .set_log_group_names(Some(request.log_groups))
            .start_time(request.start.as_second())
            .end_time(request.end.as_second())
            .query_string(request.query)
            .set_limit(request.limit)
            .send()
            .await
            .map_err(|e| self.calls.classify("logs:StartQuery", &e))?;
        Ok(out.query_id().unwrap_or_default().to_string())
    }

    async fn get_results(&self, query_id: String) -> Result<Poll, AwsError> {
        let out = self
            .client
            .get_query_results()
            .query_id(query_id)
            .send()
            .await
            .map_err(|e| self.calls.classify("logs:GetQueryResults", &e))?;
        let statistics = out
            .statistics()
            .map(|s| Statistics {
                records_matched: s.records_matched(),
                records_scanned: s.records_scanned(),
                bytes_scanned: s.bytes_scanned(),
            })
            .unwrap_or_default();
        let rows = out
            .results()
            .iter()
            .map(|fields| ResultRow {
                cells: fields
                    .iter()
                    .map(|f| {
                        (
                            f.field().unwrap_or_default().to_string(),
                            f.value().unwrap_or_default().to_string(),
                        )
                    })
                    .collect(),
            })
            .collect();
        let status = out
            .status()
            .map(|s| QueryStatus::parse(s.as_str()))
            .unwrap_or(QueryStatus::Unknown);
        Ok(Poll {
            status,
            statistics,
            rows,
        })
    }

    async fn stop_query(&self, query_id: String) -> Result<(), AwsError> {
        self.client
            .stop_query()
            .query_id(query_id)
            .send()
            .await
            .map_err(|e| self.calls.classify("logs:StopQuery", &e))?;
        Ok(())
    }

    async fn log_record(&self, pointer: String) -> Result<Vec<(String, String)>, AwsError> {
        let out = self
            .client
            .get_log_record()
            .log_record_pointer(pointer)
            .send()
            .await
            .map_err(|e| self.calls.classify("logs:GetLogRecord", &e))?;
        let mut fields: Vec<(String, String)> = out
            .log_record()
            .map(|r| r.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        fields.sort();
        Ok(fields)
    }
}

impl InsightsSource for CloudWatchInsights {
    fn start(&self, request: QueryRequest) -> BoxFuture<'_, Result<String, AwsError>> {
        Box::pin(self.start_query(request))
    }

    fn poll(&self, query_id: String) -> BoxFuture<'_, Result<Poll, AwsError>> {
        Box::pin(self.get_results(query_id))
    }

    fn stop(&self, query_id: String) -> BoxFuture<'_, Result<(), AwsError>> {
        Box::pin(self.stop_query(query_id))
    }

    fn record(&self, pointer: String) -> BoxFuture<'_, Result<Vec<(String, String)>, AwsError>> {
        Box::pin(self.log_record(pointer))
    }
}
