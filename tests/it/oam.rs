//! Cross-account observability (Observability Access Manager) against the emulator: in a
//! monitoring account (123456789012) with staging (210987654321) linked as a source, the Logs
//! picker lists staging's log groups with its account id, a query on them goes by ARN and
//! reads staging's events, and the Alarms detail names the account of each metric.

use crate::common;

use std::time::Duration;

use ratatui::crossterm::event::KeyCode;
use serde_json::{Value, json};

use common::console::{Console, runtime, unwrapped};
use common::emulator::Emulator;
use warroom::logs::pane::Phase;
use warroom::logs::run::QueryPatience;

const APP: &str = "/ecs/checkout-api";
const MONITORING: &str = "123456789012";
const STAGING: &str = "210987654321";
const SHARED_KEY: &str = "AKIASHARED0000000001";
const WAIT: Duration = Duration::from_secs(20);

fn arn(account: &str, name: &str) -> String {
    format!("arn:aws:logs:us-east-1:{account}:log-group:{name}")
}

fn events(who: &str) -> Vec<Value> {
    let now = jiff::Timestamp::now();
    (0..3)
        .map(|m| {
            let at = (now - jiff::SignedDuration::from_mins(m)).to_string();
            json!({"timestamp": at, "message": format!("{who} timeout {m}"), "stream": "web/1"})
        })
        .collect()
}

/// The monitoring account and its linked staging account, each with checkout-api's logs,
/// staging with a group of its own; and shared-services, linked to nobody.
fn seed(emulator: &Emulator) {
    emulator.seed(json!({
        "accounts": [
            {"id": STAGING, "name": "staging", "access_keys": ["AKIASTAGING000000001"]},
            {"id": "345678901234", "name": "shared-services", "access_keys": [SHARED_KEY]}
        ],
        "observability": {"monitoring": MONITORING, "sources": [STAGING]},
        "logs": {"groups": [{"name": APP, "retentionInDays": 30, "events": events("production")}]},
        "metric_alarms": [{
            "AlarmName": "checkout-5xx-both-accounts", "EvaluationPeriods": 1, "Threshold": 10.0,
            "ComparisonOperator": "GreaterThanThreshold", "StateValue": "ALARM",
            "StateReason": "Threshold Crossed",
            "Metrics": [
                {"Id": "staging", "AccountId": STAGING, "ReturnData": false, "MetricStat": {
                    "Metric": {"Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count"},
                    "Period": 60, "Stat": "Sum"}},
                {"Id": "prod", "ReturnData": false, "MetricStat": {
                    "Metric": {"Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count"},
                    "Period": 60, "Stat": "Sum"}},
                {"Id": "both", "Expression": "staging + prod", "ReturnData": true}
            ]
        }]
    }));
    emulator.seed(json!({"account": STAGING, "logs": {"groups": [
        {"name": APP, "retentionInDays": 7, "events": events("staging")},
        {"name": "/ecs/staging-worker", "events": events("worker")}
    ]}}));
}

fn quick() -> QueryPatience {
    QueryPatience {
        first_poll: Duration::from_millis(100),
        max_poll: Duration::from_millis(400),
        queue_wait: Duration::from_millis(300),
        queue_attempts: 20,
    }
}

#[test]
fn the_picker_lists_linked_groups_with_their_account_and_a_query_on_them_reads_that_account() {
    let emulator = Emulator::start();
    seed(&emulator);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console.app.set_query_patience(quick());
        console
            .wait_until("the account", WAIT, |s| {
                s.session.account() == Some(MONITORING)
            })
            .await;
        console.key(KeyCode::Char('4'));
        console.key(KeyCode::Char('l'));
        let screen = console.wait_for_text("/ecs/staging-worker", WAIT).await;
        assert!(screen.contains("ACCOUNT"), "{screen}");
        let rows: Vec<&str> = screen.lines().filter(|l| l.contains(APP)).collect();
        assert_eq!(rows.len(), 2, "checkout-api in each account:\n{screen}");
        assert!(
            rows.iter().any(|r| r.contains(MONITORING)) && rows.iter().any(|r| r.contains(STAGING)),
            "{screen}"
        );
        console.keys("checkout");
        console.key(KeyCode::Char(' '));
        console.key(KeyCode::Down);
        console.key(KeyCode::Char(' '));
        console.key(KeyCode::Enter);
        let mut groups = console.app.state.panes.logs.groups.clone();
        groups.sort();
        assert_eq!(groups, [APP.to_string(), arn(STAGING, APP)]);
        console.command("logs query fields @message");
        console.ctrl('r');
        loop {
            match console
                .app
                .state
                .panes
                .logs
                .run
                .as_ref()
                .map(|r| r.phase.clone())
            {
                Some(Phase::Complete) => break,
                Some(Phase::Failed { message, .. }) => panic!("the query failed: {message}"),
                _ => {
                    console.app.step().await;
                }
            }
        }
        let text = unwrapped(&console.screen());
        assert!(text.contains("staging timeout 1"), "{text}");
        assert!(text.contains("production timeout 1"), "{text}");
        assert!(!text.contains("worker timeout"), "{text}");
    });
}

#[test]
fn the_alarm_detail_names_each_metric_s_account() {
    let emulator = Emulator::start();
    seed(&emulator);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console
            .wait_until("the alarms", WAIT, |s| s.panes.alarms.status.loaded_at.is_some())
            .await;
        console.keys("/both-accounts");
        console.key(KeyCode::Enter);
        console.key(KeyCode::Enter);
        let screen = unwrapped(&console.wait_for_text("Query both", WAIT).await);
        let screen = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            screen.contains(&format!(
                "Query staging Sum AWS/ApplicationELB/HTTPCode_Target_5XX_Count 60s · account {STAGING}"
            )),
            "{screen}"
        );
        assert!(
            screen.contains(&format!(
                "Query prod Sum AWS/ApplicationELB/HTTPCode_Target_5XX_Count 60s · account {MONITORING}"
            )),
            "the alarm's own account: {screen}"
        );
        assert!(
            screen.contains("Query both staging + prod (alarmed)") && !screen.contains("(alarmed) · account"),
            "an expression has no account: {screen}"
        );
    });
}

fn query(emulator: &Emulator, key: &str, groups: &[String]) -> std::process::Output {
    let mut cmd = common::binary::warroom(None);
    cmd.env("AWS_ACCESS_KEY_ID", key)
        .args(["--endpoint-url", &emulator.url, "--region", "us-east-1"])
        .args([
            "query",
            "fields @message",
            "--since",
            "1h",
            "--format",
            "json",
        ]);
    for group in groups {
        cmd.args(["--log-group", group]);
    }
    cmd.output().expect("warroom runs")
}

#[test]
fn warroom_query_by_arn_reads_a_linked_account_and_is_refused_elsewhere() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start();
    seed(&emulator);
    let out = query(&emulator, "testing", &[arn(STAGING, APP)]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("staging timeout 1") && !stdout.contains("production"),
        "{stdout}"
    );

    let refused = query(&emulator, SHARED_KEY, &[arn(STAGING, APP)]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("ResourceNotFoundException"), "{stderr}");

    let many: Vec<String> = (0..51).map(|i| arn(STAGING, &format!("/g{i}"))).collect();
    let calls = emulator.calls_of("StartQuery");
    let too_many = query(&emulator, "testing", &many);
    assert_eq!(too_many.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&too_many.stderr)
            .contains("a Logs Insights query searches at most 50 log groups, and 51 were given"),
        "{}",
        String::from_utf8_lossy(&too_many.stderr)
    );
    assert_eq!(emulator.calls_of("StartQuery"), calls, "nothing sent");
}

#[test]
fn an_endpoint_that_refuses_include_linked_accounts_still_lists_the_account_s_groups() {
    use warroom::aws::AwsSession;
    use warroom::logs::{CloudWatchInsights, InsightsSource};
    let emulator = Emulator::start();
    seed(&emulator);
    emulator.fault(json!({"operation": "DescribeLogGroups", "times": 1, "error": {
        "code": "InvalidParameterException", "message": "includeLinkedAccounts is not supported", "status": 400}}));
    runtime().block_on(async {
        let aws = AwsSession::connect(common::console::test_settings(&emulator.url)).await;
        let groups = CloudWatchInsights::new(&aws)
            .groups(None)
            .await
            .expect("the groups");
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(
            names,
            [APP],
            "the account's own, asked again without the flag"
        );
        assert_eq!(groups[0].account.as_deref(), Some(MONITORING));
    });
    assert_eq!(emulator.calls_of("DescribeLogGroups"), 2);
}
