//! Where Logs Insights answers come from: the `InsightsSource` trait and its CloudWatch Logs
//! implementation.

use super::model::{
    LogGroup, Origin, Poll, QueryRequest, QueryStatus, ResultRow, SavedQuery, Statistics,
};
use crate::aws::{AwsError, AwsSession, CallContext};
use crate::kit::work::BoxFuture;

pub trait InsightsSource: Send + Sync {
    /// Starts a query; its id.
    fn start(&self, request: QueryRequest) -> BoxFuture<'_, Result<String, AwsError>>;
    fn poll(&self, query_id: String) -> BoxFuture<'_, Result<Poll, AwsError>>;
    fn stop(&self, query_id: String) -> BoxFuture<'_, Result<(), AwsError>>;
    /// The whole log event a result row points to.
    fn record(&self, pointer: String) -> BoxFuture<'_, Result<Vec<(String, String)>, AwsError>>;
    /// Every log group (all pages), or those whose names start with `prefix`.
    fn groups(&self, prefix: Option<String>) -> BoxFuture<'_, Result<Vec<LogGroup>, AwsError>>;
    /// The account's saved queries.
    fn saved(&self) -> BoxFuture<'_, Result<Vec<SavedQuery>, AwsError>>;
    /// Saves a query to the account (a new one, or the same-named one replaced).
    fn save(&self, query: SavedQuery) -> BoxFuture<'_, Result<(), AwsError>>;
}

/// Log groups a picker lists at most; past this, type a prefix.
pub const MAX_GROUPS: usize = 5_000;

/// Log groups one StartQuery names at most (by name or ARN).
pub const MAX_QUERY_GROUPS: usize = 50;

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
        if request.log_groups.len() > MAX_QUERY_GROUPS {
            return Err(AwsError {
                kind: crate::aws::ErrorKind::Service,
                code: None,
                message: format!(
                    "a Logs Insights query searches at most {MAX_QUERY_GROUPS} log groups, and {} were given: query fewer",
                    request.log_groups.len()
                ),
            });
        }
        // A linked account's group can only be named by its ARN, and names and identifiers
        // cannot be mixed: one ARN puts every group in `logGroupIdentifiers`.
        let by_arn = request.log_groups.iter().any(|g| g.starts_with("arn:"));
        let (names, identifiers) = match by_arn {
            true => (None, Some(request.log_groups)),
            false => (Some(request.log_groups), None),
        };
        let out = self
            .client
            .start_query()
            .set_log_group_names(names)
            .set_log_group_identifiers(identifiers)
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
        let statistics = out.statistics().map(|s| Statistics {
            records_matched: s.records_matched(),
            records_scanned: s.records_scanned(),
            bytes_scanned: s.bytes_scanned(),
        });
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

impl CloudWatchInsights {
    async fn log_groups(&self, prefix: Option<String>) -> Result<Vec<LogGroup>, AwsError> {
        let mut groups = Vec::new();
        let mut token = None;
        // In a monitoring account, the linked source accounts' groups too; elsewhere the flag
        // changes nothing. An endpoint that refuses the flag is asked again without it.
        let mut linked = true;
        loop {
            let first = token.is_none();
            let asked = self
                .client
                .describe_log_groups()
                .set_log_group_name_prefix(prefix.clone())
                .include_linked_accounts(linked)
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| self.calls.classify("logs:DescribeLogGroups", &e));
            let out = match asked {
                Ok(out) => out,
                Err(e) if linked && first && refuses_parameter(&e) => {
                    linked = false;
                    continue;
                }
                Err(e) => return Err(e),
            };
            groups.extend(out.log_groups().iter().map(|g| {
                let arn = g
                    .log_group_arn()
                    .map(str::to_string)
                    .or_else(|| g.arn().map(|a| a.trim_end_matches(":*").to_string()));
                LogGroup {
                    name: g.log_group_name().unwrap_or_default().to_string(),
                    retention_days: g.retention_in_days(),
                    stored_bytes: g.stored_bytes().unwrap_or_default(),
                    account: arn.as_deref().and_then(super::model::arn_account),
                    arn,
                }
            }));
            token = out.next_token().map(str::to_string);
            if token.is_none() || groups.len() >= MAX_GROUPS {
                return Ok(groups);
            }
        }
    }

    async fn query_definitions(&self) -> Result<Vec<SavedQuery>, AwsError> {
        let mut saved = Vec::new();
        let mut token = None;
        loop {
            let out = self
                .client
                .describe_query_definitions()
                .set_next_token(token.take())
                .send()
                .await
                .map_err(|e| self.calls.classify("logs:DescribeQueryDefinitions", &e))?;
            saved.extend(out.query_definitions().iter().map(|d| SavedQuery {
                name: d.name().unwrap_or_default().to_string(),
                query: d.query_string().unwrap_or_default().to_string(),
                log_groups: d.log_group_names().to_vec(),
                origin: Origin::Account,
            }));
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(saved);
            }
        }
    }

    async fn put_query_definition(&self, query: SavedQuery) -> Result<(), AwsError> {
        let existing = self.query_definitions_named(&query.name).await?;
        self.client
            .put_query_definition()
            .name(query.name)
            .query_string(query.query)
            .set_log_group_names(Some(query.log_groups))
            .set_query_definition_id(existing)
            .send()
            .await
            .map_err(|e| self.calls.classify("logs:PutQueryDefinition", &e))?;
        Ok(())
    }

    /// The id of the saved query with exactly this name, so saving again replaces it.
    async fn query_definitions_named(&self, name: &str) -> Result<Option<String>, AwsError> {
        let out = self
            .client
            .describe_query_definitions()
            .query_definition_name_prefix(name)
            .send()
            .await
            .map_err(|e| self.calls.classify("logs:DescribeQueryDefinitions", &e))?;
        Ok(out
            .query_definitions()
            .iter()
            .find(|d| d.name() == Some(name))
            .and_then(|d| d.query_definition_id().map(str::to_string)))
    }
}

/// A request the service refused for one of its parameters.
fn refuses_parameter(error: &AwsError) -> bool {
    matches!(
        error.code.as_deref(),
        Some("InvalidParameterException" | "ValidationException")
    )
}

impl InsightsSource for CloudWatchInsights {
    fn groups(&self, prefix: Option<String>) -> BoxFuture<'_, Result<Vec<LogGroup>, AwsError>> {
        Box::pin(self.log_groups(prefix))
    }

    fn saved(&self) -> BoxFuture<'_, Result<Vec<SavedQuery>, AwsError>> {
        Box::pin(self.query_definitions())
    }

    fn save(&self, query: SavedQuery) -> BoxFuture<'_, Result<(), AwsError>> {
        Box::pin(self.put_query_definition(query))
    }

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

impl InsightsSource for crate::aws::Unavailable {
    fn start(&self, _: QueryRequest) -> BoxFuture<'_, Result<String, AwsError>> {
        self.fail("Logs Insights")
    }
    fn poll(&self, _: String) -> BoxFuture<'_, Result<Poll, AwsError>> {
        self.fail("Logs Insights")
    }
    fn stop(&self, _: String) -> BoxFuture<'_, Result<(), AwsError>> {
        Box::pin(async { Ok(()) })
    }
    fn record(&self, _: String) -> BoxFuture<'_, Result<Vec<(String, String)>, AwsError>> {
        self.fail("Logs Insights")
    }
    fn groups(&self, _: Option<String>) -> BoxFuture<'_, Result<Vec<LogGroup>, AwsError>> {
        self.fail("Logs Insights")
    }
    fn saved(&self) -> BoxFuture<'_, Result<Vec<SavedQuery>, AwsError>> {
        self.fail("Logs Insights")
    }
    fn save(&self, _: SavedQuery) -> BoxFuture<'_, Result<(), AwsError>> {
        self.fail("Logs Insights")
    }
}
