//! Logs Insights queries and their results as warroom holds them.

use jiff::Timestamp;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum QueryStatus {
    Scheduled,
    Running,
    Complete,
    Failed,
    Cancelled,
    Timeout,
    Unknown,
}

impl QueryStatus {
    pub fn parse(aws: &str) -> QueryStatus {
        match aws {
            "Scheduled" => QueryStatus::Scheduled,
            "Running" => QueryStatus::Running,
            "Complete" => QueryStatus::Complete,
            "Failed" => QueryStatus::Failed,
            "Cancelled" => QueryStatus::Cancelled,
            "Timeout" => QueryStatus::Timeout,
            _ => QueryStatus::Unknown,
        }
    }

    /// Whether the query will not change any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            QueryStatus::Complete
                | QueryStatus::Failed
                | QueryStatus::Cancelled
                | QueryStatus::Timeout
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryRequest {
    pub log_groups: Vec<String>,
    pub query: String,
    pub start: Timestamp,
    pub end: Timestamp,
    pub limit: Option<i32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Statistics {
    pub records_matched: f64,
    pub records_scanned: f64,
    pub bytes_scanned: f64,
}

/// One result row: its fields in the order the service gave them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResultRow {
    pub cells: Vec<(String, String)>,
}

impl ResultRow {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.cells
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.as_str())
    }

    /// The pointer GetLogRecord takes, when the row is one log event.
    pub fn pointer(&self) -> Option<&str> {
        self.get("@ptr")
    }
}

/// What one GetQueryResults poll said.
#[derive(Clone, Debug, PartialEq)]
pub struct Poll {
    pub status: QueryStatus,
    /// None when the answer had no `statistics` (LocalStack leaves them out).
    pub statistics: Option<Statistics>,
    pub rows: Vec<ResultRow>,
}

/// A finished query: its columns (the query's fields, `@ptr` left out) and rows.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryResult {
    pub fields: Vec<String>,
    pub rows: Vec<ResultRow>,
    pub statistics: Statistics,
    /// False when the service sent no statistics: `statistics` is then all zeros and
    /// means nothing.
    pub statistics_reported: bool,
}

impl QueryResult {
    /// A result whose statistics the service may have left out.
    pub fn reported(rows: Vec<ResultRow>, statistics: Option<Statistics>) -> QueryResult {
        let mut result = QueryResult::new(rows, statistics.unwrap_or_default());
        result.statistics_reported = statistics.is_some();
        result
    }

    /// `the service returned 51 rows with no fields`, when every row came back without a
    /// single field (so there is nothing to show of them).
    pub fn fieldless_note(&self) -> Option<String> {
        fieldless_note(self.fields.len(), self.rows.len())
    }

    pub fn new(rows: Vec<ResultRow>, statistics: Statistics) -> QueryResult {
        let mut fields: Vec<String> = Vec::new();
        for row in &rows {
            for (field, _) in &row.cells {
                if field != "@ptr" && !fields.contains(field) {
                    fields.push(field.clone());
                }
            }
        }
        QueryResult {
            fields,
            rows,
            statistics,
            statistics_reported: true,
        }
    }

    /// The rows as cells in column order, empty where a row lacks a field.
    pub fn table(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|row| {
                self.fields
                    .iter()
                    .map(|f| row.get(f).unwrap_or_default().to_string())
                    .collect()
            })
            .collect()
    }
}

/// `the service returned 51 rows with no fields`, for rows none of which has a field.
pub fn fieldless_note(fields: usize, rows: usize) -> Option<String> {
    let noun = if rows == 1 { "row" } else { "rows" };
    (fields == 0 && rows > 0).then(|| format!("the service returned {rows} {noun} with no fields"))
}

/// A log group as the picker lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogGroup {
    pub name: String,
    /// None: kept forever, and paid for forever.
    pub retention_days: Option<i32>,
    pub stored_bytes: i64,
    /// `arn:aws:logs:REGION:ACCOUNT:log-group:NAME` (DescribeLogGroups' `logGroupArn`).
    pub arn: Option<String>,
    /// The account that owns it: the caller's, or in a monitoring account a linked source
    /// account's (cross-account observability).
    pub account: Option<String>,
}

impl LogGroup {
    /// How a query names the group: by name in the caller's account (`own_account`), by ARN
    /// in another (StartQuery's `logGroupIdentifiers`).
    pub fn identifier(&self, own_account: &str) -> String {
        match (&self.account, &self.arn) {
            (Some(owner), Some(arn)) if owner != own_account => arn.clone(),
            _ => self.name.clone(),
        }
    }

    /// Whether it is another account's than `own_account`.
    pub fn is_linked(&self, own_account: &str) -> bool {
        self.account.as_deref().is_some_and(|a| a != own_account)
    }
}

/// The account of a log group's ARN (`arn:aws:logs:us-east-1:210987654321:log-group:/x`).
pub fn arn_account(arn: &str) -> Option<String> {
    let account = arn.split(':').nth(4)?;
    (!account.is_empty()).then(|| account.to_string())
}

/// Where a saved query comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Origin {
    /// warroom's own configuration (built in, or the user's config file).
    Config,
    /// The account's saved queries (DescribeQueryDefinitions).
    Account,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedQuery {
    pub name: String,
    pub query: String,
    /// Log groups the query was saved with; empty when it runs on the chosen ones.
    pub log_groups: Vec<String>,
    pub origin: Origin,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[(&str, &str)]) -> ResultRow {
        ResultRow {
            cells: cells
                .iter()
                .map(|(f, v)| (f.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn columns_are_the_fields_in_first_seen_order_without_the_pointer() {
        let result = QueryResult::new(
            vec![
                row(&[("@timestamp", "t1"), ("@message", "m1"), ("@ptr", "p1")]),
                row(&[("@timestamp", "t2"), ("level", "ERROR")]),
            ],
            Statistics::default(),
        );
        assert_eq!(result.fields, ["@timestamp", "@message", "level"]);
        assert_eq!(
            result.table(),
            [vec!["t1", "m1", ""], vec!["t2", "", "ERROR"]]
        );
        assert_eq!(result.rows[0].pointer(), Some("p1"));
    }
}
