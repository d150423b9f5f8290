//! The warroom binary's headless commands, run as a user would.

mod common;

use std::process::{Command, Output};

use serde_json::{Value, json};

use common::emulator::Emulator;

/// warroom with the emulator's credentials and nothing from the developer's AWS setup.
fn warroom(emulator_url: Option<&str>) -> Command {
    let mut cmd = common::binary::warroom(None);
    if let Some(url) = emulator_url {
        cmd.args(["--endpoint-url", url, "--region", "us-east-1"]);
    }
    cmd
}

fn run(cmd: &mut Command) -> (Output, String, String) {
    let out = cmd.output().expect("warroom runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

fn seed(emulator: &Emulator) {
    let now = jiff::Timestamp::now();
    let ago = |m: i64| (now - jiff::SignedDuration::from_mins(m)).to_string();
    emulator.seed(json!({
        "metric_alarms": [
            {"AlarmName": "checkout-api-5xx", "Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count",
             "StateValue": "ALARM", "StateReason": "Threshold Crossed: 3 datapoints", "StateUpdatedTimestamp": ago(28), "Threshold": 50.0},
            {"AlarmName": "orders-api-5xx", "StateValue": "OK", "StateUpdatedTimestamp": ago(300)},
            {"AlarmName": "search-indexer-lag", "StateValue": "INSUFFICIENT_DATA", "StateUpdatedTimestamp": ago(60)}
        ],
        "composite_alarms": [{"AlarmName": "checkout-customer-impact", "AlarmRule": "ALARM(\"checkout-api-5xx\")",
            "StateValue": "ALARM", "StateUpdatedTimestamp": ago(20)}]
    }));
}

#[test]
fn alarms_as_json_holds_every_alarm_in_pane_order() {
    let emulator = Emulator::start();
    seed(&emulator);
    let (out, stdout, stderr) =
        run(warroom(Some(&emulator.url)).args(["alarms", "--format", "json"]));
    assert!(out.status.success(), "{stderr}");
    let alarms: Vec<Value> = serde_json::from_str(&stdout).expect("JSON on stdout");
    let names: Vec<&str> = alarms.iter().filter_map(|a| a["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "checkout-customer-impact",
            "checkout-api-5xx",
            "search-indexer-lag",
            "orders-api-5xx"
        ]
    );
    assert_eq!(alarms[1]["state"], "ALARM");
    assert_eq!(alarms[1]["kind"]["type"], "metric");
    assert_eq!(alarms[1]["kind"]["threshold"], 50.0);
    assert_eq!(alarms[0]["kind"]["rule"], "ALARM(\"checkout-api-5xx\")");
}

#[test]
fn alarms_table_filtered_by_state() {
    let emulator = Emulator::start();
    seed(&emulator);
    let (out, stdout, stderr) =
        run(warroom(Some(&emulator.url)).args(["alarms", "--state", "ALARM"]));
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("STATE"), "{stdout}");
    assert_eq!(
        lines.len(),
        3,
        "a header and the two alarms in ALARM:\n{stdout}"
    );
    assert!(
        lines[1].starts_with("● ALARM") && lines[1].contains("checkout-customer-impact"),
        "{stdout}"
    );
    assert!(
        lines[2].contains("checkout-api-5xx") && lines[2].contains("28m ("),
        "{stdout}"
    );
}

#[test]
fn a_failed_call_exits_non_zero_and_says_why() {
    let emulator = Emulator::start();
    seed(&emulator);
    emulator.fault(json!({"operation": "DescribeAlarms", "error": {"code": "AccessDenied", "message": "not authorized", "status": 403}}));
    let (out, stdout, stderr) = run(warroom(Some(&emulator.url)).args(["alarms"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("lack cloudwatch:DescribeAlarms"),
        "{stderr}"
    );
}

#[test]
fn no_credentials_says_how_to_get_some() {
    let emulator = Emulator::start();
    let (out, _, stderr) = run(warroom(Some(&emulator.url))
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["alarms"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("No usable AWS credentials for cloudwatch:DescribeAlarms"),
        "{stderr}"
    );
    assert!(stderr.contains("aws sso login"), "{stderr}");
    assert_eq!(
        emulator.calls_of("DescribeAlarms"),
        0,
        "nothing unsigned was sent"
    );
}

#[test]
fn a_dead_endpoint_exits_non_zero_with_a_connection_error() {
    let (out, _, stderr) = run(warroom(Some("http://127.0.0.1:9")).args(["alarms"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("Cannot connect to http://127.0.0.1:9")
            && stderr.contains("connection refused"),
        "{stderr}"
    );
}

#[test]
fn a_bad_config_is_reported_and_the_command_still_runs() {
    let emulator = Emulator::start();
    seed(&emulator);
    let (out, stdout, stderr) = run(warroom(Some(&emulator.url)).args([
        "--config",
        "tests/fixtures/config/invalid/bad_interval.toml",
        "alarms",
    ]));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("tests/fixtures/config/invalid/bad_interval.toml:3:10: refresh.alarms:"),
        "{stderr}"
    );
    assert!(stderr.contains("(using the built-in config)"), "{stderr}");
    assert!(stdout.contains("checkout-api-5xx"));
}

#[test]
fn config_default_prints_the_built_in_config() {
    let (out, stdout, _) = run(warroom(None).args(["config", "default"]));
    assert!(out.status.success());
    assert_eq!(stdout, warroom::config::DEFAULT_CONFIG);
    let dir = std::env::temp_dir().join(format!("warroom-config-default-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    std::fs::write(&file, &stdout).unwrap();
    assert_eq!(
        warroom::config::Config::load(Some(&file)).error,
        None,
        "the printed config loads back"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

fn seed_health(emulator: &Emulator) {
    let now = jiff::Timestamp::now();
    let ago = |m: i64| (now - jiff::SignedDuration::from_mins(m)).to_string();
    emulator.seed(json!({"health": {"events": [
        {"service": "EC2", "eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE", "region": "us-east-1", "availabilityZone": "use1-az4",
         "startTime": ago(40), "statusCode": "open"},
        {"service": "LAMBDA", "eventTypeCode": "AWS_LAMBDA_OPERATIONAL_ISSUE", "region": "us-east-1",
         "startTime": ago(1600), "endTime": ago(1500), "statusCode": "closed"},
        {"service": "EC2", "eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE", "region": "eu-west-1", "startTime": ago(30), "statusCode": "open"}
    ]}}));
}

#[test]
fn health_prints_this_regions_events_open_first() {
    let emulator = Emulator::start();
    seed_health(&emulator);
    let (out, stdout, stderr) = run(warroom(Some(&emulator.url)).args(["health"]));
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[0].starts_with("STATUS"));
    assert!(
        lines[1].starts_with("● open")
            && lines[1].contains("AWS_EC2_OPERATIONAL_ISSUE")
            && lines[1].contains("us-east-1/use1-az4"),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("✓ closed") && lines[2].contains("LAMBDA"),
        "{stdout}"
    );
}

#[test]
fn health_all_regions_as_json() {
    let emulator = Emulator::start();
    seed_health(&emulator);
    let (out, stdout, stderr) =
        run(warroom(Some(&emulator.url)).args(["health", "--all-regions", "--format", "json"]));
    assert!(out.status.success(), "{stderr}");
    let events: Vec<Value> = serde_json::from_str(&stdout).expect("JSON on stdout");
    let regions: Vec<&str> = events.iter().filter_map(|e| e["region"].as_str()).collect();
    assert_eq!(regions.len(), 3);
    assert!(regions.contains(&"eu-west-1"));
    assert_eq!(events[0]["status"], "open");
}

#[test]
fn health_without_a_support_plan_exits_non_zero_and_says_why() {
    let emulator = Emulator::start();
    emulator.fault(json!({"operation": "DescribeEvents", "error": {"code": "SubscriptionRequiredException",
        "message": "The AWS Premium Support Subscription is required to use this service.", "status": 400}}));
    let (out, _, stderr) = run(warroom(Some(&emulator.url)).args(["health"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("Business, Enterprise On-Ramp or Enterprise support plan"),
        "{stderr}"
    );
}
