//! Logs Insights queries through the real SDK against the emulator, and `warroom query`.

use crate::common;

use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

use common::console::runtime;
use common::emulator::{Emulator, isolate_aws_env};
use warroom::aws::{AwsSession, RetrySettings, SessionSettings};
use warroom::logs::run::{Progress, QueryPatience, run};
use warroom::logs::{CloudWatchInsights, InsightsSource, QueryRequest, QueryStatus};

const GROUP: &str = "/aws/ecs/checkout-api";

fn seed(emulator: &Emulator) {
    let now = jiff::Timestamp::now();
    let events: Vec<Value> = (0..30)
        .map(|m| {
            let at = (now - jiff::SignedDuration::from_mins(m)).to_string();
            json!({"timestamp": at, "message": format!("{{\"level\":\"ERROR\",\"msg\":\"timeout connecting to database\",\"n\":{m}}}"), "stream": "web/1"})
        })
        .collect();
    emulator.seed(json!({"logs": {
        "polls": 2,
        "groups": [{"name": GROUP, "retentionInDays": 30, "events": events}],
        "rules": [{"match": "stats count(*) by bin(5m)", "recordsScanned": 1200, "rows": [
            {"bin(5m)": "2026-11-23 03:00:00.000", "count(*)": "25"},
            {"bin(5m)": "2026-11-23 02:55:00.000", "count(*)": "5"},
            {"bin(5m)": "2026-11-23 02:50:00.000", "count(*)": "4"}
        ]}]
    }}));
}

fn session(url: &str) -> SessionSettings {
    isolate_aws_env();
    SessionSettings {
        endpoint_url: Some(url.to_string()),
        retry: RetrySettings {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(20),
            call_timeout: Duration::from_secs(20),
        },
        ..SessionSettings::in_region("us-east-1")
    }
}

fn request(query: &str) -> QueryRequest {
    let now = jiff::Timestamp::now();
    QueryRequest {
        log_groups: vec![GROUP.into()],
        query: query.into(),
        start: now - jiff::SignedDuration::from_hours(1),
        end: now,
        limit: None,
    }
}

fn quick() -> QueryPatience {
    QueryPatience {
        first_poll: Duration::from_millis(20),
        max_poll: Duration::from_millis(100),
        queue_wait: Duration::from_millis(50),
        queue_attempts: 5,
    }
}

#[test]
fn a_query_goes_through_scheduled_and_running_to_its_rows_and_statistics() {
    let emulator = Emulator::start();
    seed(&emulator);
    runtime().block_on(async {
        let aws = AwsSession::connect(session(&emulator.url)).await;
        let source = CloudWatchInsights::new(&aws);
        let mut statuses = Vec::new();
        let result = run(
            &source,
            request("stats count(*) by bin(5m)"),
            quick(),
            |p| {
                if let Progress::Polled { status, .. } = p {
                    statuses.push(status)
                }
            },
        )
        .await
        .expect("the query completes");
        assert_eq!(statuses.first(), Some(&QueryStatus::Scheduled));
        assert!(statuses.contains(&QueryStatus::Running), "{statuses:?}");
        assert_eq!(statuses.last(), Some(&QueryStatus::Complete));
        assert_eq!(result.fields, ["bin(5m)", "count(*)"]);
        assert_eq!(result.table()[0], ["2026-11-23 03:00:00.000", "25"]);
        assert_eq!(result.statistics.records_scanned, 1200.0);
    });
}

#[test]
fn stopping_a_query_cancels_it_and_rows_lead_to_their_log_record() {
    let emulator = Emulator::start();
    seed(&emulator);
    runtime().block_on(async {
        let aws = AwsSession::connect(session(&emulator.url)).await;
        let source = CloudWatchInsights::new(&aws);
        let id = source
            .start(request("fields @timestamp, @message | limit 5"))
            .await
            .expect("started");
        source.stop(id.clone()).await.expect("stopped");
        assert_eq!(
            source.poll(id).await.expect("polled").status,
            QueryStatus::Cancelled
        );
        let result = run(
            &source,
            request("fields @timestamp, @message | limit 5"),
            quick(),
            |_| {},
        )
        .await
        .expect("rows");
        let pointer = result.rows[0]
            .pointer()
            .expect("an event row has @ptr")
            .to_string();
        let record = source.record(pointer).await.expect("the record");
        assert!(
            record
                .iter()
                .any(|(k, v)| k == "@message" && v.contains("timeout connecting to database")),
            "{record:?}"
        );
    });
    assert_eq!(emulator.calls_of("StopQuery"), 1);
}

#[test]
fn too_many_running_queries_make_this_one_wait_its_turn() {
    let emulator = Emulator::start();
    seed(&emulator);
    emulator.fault(json!({"operation": "StartQuery", "times": 2,
        "error": {"code": "LimitExceededException", "message": "Account maximum query concurrency limit of [30] reached.", "status": 400}}));
    runtime().block_on(async {
        let aws = AwsSession::connect(session(&emulator.url)).await;
        let source = CloudWatchInsights::new(&aws);
        let mut queued = 0;
        let result = run(
            &source,
            request("stats count(*) by bin(5m)"),
            quick(),
            |p| {
                if matches!(p, Progress::Queued { .. }) {
                    queued += 1;
                }
            },
        )
        .await
        .expect("it runs once a place is free");
        assert_eq!(
            queued, 1,
            "the SDK retried once, then warroom waited its turn once"
        );
        assert_eq!(result.rows.len(), 3);
    });
    assert_eq!(emulator.calls_of("StartQuery"), 3);
}

pub(crate) fn warroom_query(url: &str, query: &str, format: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args([
            "query",
            query,
            "--log-group",
            GROUP,
            "--since",
            "1h",
            "--format",
            format,
            "--endpoint-url",
            url,
            "--region",
            "us-east-1",
        ])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/nonexistent/warroom-test/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/warroom-test/credentials",
        )
        .env_remove("AWS_PROFILE")
        .output()
        .expect("warroom runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn warroom_query_prints_the_same_rows_as_table_json_and_csv() {
    let emulator = Emulator::start();
    seed(&emulator);
    let query = "stats count(*) by bin(5m)";
    let (code, table, stderr) = warroom_query(&emulator.url, query, "table");
    assert_eq!(code, 0, "{stderr}");
    let (_, json_text, _) = warroom_query(&emulator.url, query, "json");
    let (_, csv_text, _) = warroom_query(&emulator.url, query, "csv");
    let from_table: Vec<Vec<String>> = table
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect();
    let from_table: Vec<Vec<String>> = from_table
        .into_iter()
        .map(|w| vec![format!("{} {}", w[0], w[1]), w[2].clone()])
        .collect();
    let from_json: Vec<Vec<String>> =
        serde_json::from_str::<Vec<serde_json::Map<String, Value>>>(&json_text)
            .expect("JSON")
            .iter()
            .map(|row| {
                vec![
                    row["bin(5m)"].as_str().unwrap_or_default().to_string(),
                    row["count(*)"].as_str().unwrap_or_default().to_string(),
                ]
            })
            .collect();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        reader
            .headers()
            .expect("a header")
            .iter()
            .collect::<Vec<_>>(),
        ["bin(5m)", "count(*)"]
    );
    let from_csv: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("a row").iter().map(str::to_string).collect())
        .collect();
    assert_eq!(from_table.len(), 3);
    assert_eq!(from_table, from_json);
    assert_eq!(from_json, from_csv);
}

#[test]
fn a_malformed_query_exits_non_zero_with_the_services_message() {
    let emulator = Emulator::start();
    seed(&emulator);
    let (code, stdout, stderr) = warroom_query(
        &emulator.url,
        "fields @message | filter msg = \"oops",
        "table",
    );
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("logs:StartQuery failed: MalformedQueryException. AWS said:"),
        "{stderr}"
    );
}
