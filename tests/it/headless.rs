//! The warroom binary's headless commands, run as a user would.

use crate::common;

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

/// Text an attacker controls in AWS: OSC 52 (writes the clipboard), OSC 0 (retitles the
/// terminal), a screen wipe, a carriage return that hides what came before it, a
/// right-to-left override, a C1 CSI and a line separator.
const EVIL: &str = "pwn\u{1b}]52;c;ZWNobyBoaQ==\u{7} \u{1b}]0;owned\u{7} \u{1b}[2J\rfake \u{202e}txt.exe \u{9b}31m \u{2028}end";

/// Fails naming the character when `bytes` hold anything a terminal would act on: a byte
/// below 0x20 other than `\n`, DEL, ESC, a C1 control, a bidi control or a line separator.
fn assert_defused(what: &str, bytes: &[u8]) {
    if let Some(b) = bytes.iter().find(|&&b| b < 0x20 && b != b'\n' || b == 0x7f) {
        panic!(
            "{what}: raw byte {b:#04x} in\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
    let text = String::from_utf8_lossy(bytes);
    if let Some(c) = text.chars().find(|&c| {
        matches!(c, '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}')
    }) {
        panic!("{what}: raw {c:?} in\n{text}");
    }
}

fn seed_hostile(emulator: &Emulator) {
    let now = jiff::Timestamp::now();
    let ago = |m: i64| (now - jiff::SignedDuration::from_mins(m)).to_string();
    emulator.seed(json!({
        "metric_alarms": [
            {"AlarmName": "checkout\u{202e}5xx", "Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count",
             "StateValue": "ALARM", "StateReason": EVIL, "AlarmDescription": EVIL, "StateUpdatedTimestamp": ago(28), "Threshold": 50.0}
        ],
        "alarm_history": [
            {"AlarmName": "checkout\u{202e}5xx", "AlarmType": "MetricAlarm", "Timestamp": ago(28),
             "HistoryItemType": "StateUpdate", "HistorySummary": EVIL,
             "HistoryData": "{\"version\":\"1.0\",\"oldState\":{\"stateValue\":\"OK\"},\"newState\":{\"stateValue\":\"ALARM\"}}"}
        ],
        "cloudtrail": {"events": [
            {"eventName": "RevokeSecurityGroupIngress", "eventSource": "ec2.amazonaws.com", "eventTime": ago(10),
             "username": EVIL, "resources": [{"ResourceType": "AWS::EC2::SecurityGroup", "ResourceName": EVIL}]}
        ]},
        "logs": {"groups": [{"name": "/aws/ecs/evil", "retentionInDays": 30,
            "events": [{"timestamp": ago(5), "message": EVIL, "stream": "web/1"}]}]},
        "health": {"events": [
            {"service": "EC2", "eventTypeCode": format!("AWS_EC2_{EVIL}"), "eventTypeCategory": "issue",
             "region": "us-east-1", "availabilityZone": EVIL, "startTime": ago(40), "statusCode": "open",
             "description": EVIL}
        ]}
    }));
}

/// Hostile text seeded in every source, then every headless command and format: nothing
/// reaches the terminal raw, and the escapes are there to be seen.
#[test]
fn hostile_aws_text_is_shown_escaped_by_every_headless_command() {
    let emulator = Emulator::start();
    seed_hostile(&emulator);
    let state = tempfile::tempdir().expect("a temp dir");
    let query = "fields @timestamp, @message | limit 5";
    let commands: Vec<Vec<&str>> = vec![
        vec!["alarms"],
        vec!["alarms", "--format", "json"],
        vec!["changes", "--since", "1h"],
        vec!["changes", "--since", "1h", "--format", "json"],
        vec!["health"],
        vec!["health", "--format", "json"],
        vec!["query", query, "--log-group", "/aws/ecs/evil"],
        vec![
            "query",
            query,
            "--log-group",
            "/aws/ecs/evil",
            "--format",
            "csv",
        ],
        vec![
            "query",
            query,
            "--log-group",
            "/aws/ecs/evil",
            "--format",
            "json",
        ],
        vec!["triage"],
        vec!["triage", "--format", "json"],
        vec!["timeline", "--since", "1h"],
        vec!["timeline", "--since", "1h", "--format", "csv"],
        vec!["timeline", "--since", "1h", "--format", "jsonl"],
    ];
    for args in commands {
        let what = args.join(" ");
        let (out, stdout, stderr) = run(common::binary::warroom(Some(state.path()))
            .args(["--endpoint-url", &emulator.url, "--region", "us-east-1"])
            .args(&args));
        assert!(
            matches!(out.status.code(), Some(0 | 2)),
            "{what}: {stderr}\n{stdout}"
        );
        assert_defused(&format!("{what} (stdout)"), &out.stdout);
        assert_defused(&format!("{what} (stderr)"), &out.stderr);
        let shown = if args.contains(&"json") || args.contains(&"jsonl") {
            "\\u001b]52;c;ZWNobyBoaQ=="
        } else {
            "\\x1b]52;c;ZWNobyBoaQ=="
        };
        assert!(stdout.contains(shown), "{what}: no {shown} in\n{stdout}");
    }
}

/// JSON stays JSON: what serde leaves raw (C1, bidi) is `\u` escaped, and the value parsed
/// back is what AWS said.
#[test]
fn hostile_json_parses_back_to_what_aws_said() {
    let emulator = Emulator::start();
    seed_hostile(&emulator);
    let (out, stdout, stderr) =
        run(warroom(Some(&emulator.url)).args(["alarms", "--format", "json"]));
    assert!(out.status.success(), "{stderr}");
    assert_defused("alarms --format json", &out.stdout);
    assert!(stdout.contains("checkout\\u202e5xx"), "{stdout}");
    let alarms: Vec<Value> = serde_json::from_str(&stdout).expect("JSON on stdout");
    assert_eq!(alarms[0]["state_reason"], EVIL);
    assert_eq!(alarms[0]["name"], "checkout\u{202e}5xx");
}

#[test]
fn a_csv_cell_that_would_be_a_formula_is_guarded() {
    let emulator = Emulator::start();
    let now = jiff::Timestamp::now();
    let at = (now - jiff::SignedDuration::from_mins(5)).to_string();
    emulator.seed(json!({"logs": {"groups": [{"name": "/aws/ecs/evil", "retentionInDays": 30,
        "events": [{"timestamp": at, "message": "=HYPERLINK(\"http://evil.example\",\"invoice\")", "stream": "web/1"}]}]}}));
    let (out, stdout, stderr) = run(warroom(Some(&emulator.url)).args([
        "query",
        "fields @message | limit 5",
        "--log-group",
        "/aws/ecs/evil",
        "--format",
        "csv",
    ]));
    assert!(out.status.success(), "{stderr}");
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let column = reader
        .headers()
        .expect("a header")
        .iter()
        .position(|h| h == "@message")
        .expect("an @message column, its name unguarded");
    let cells: Vec<String> = reader
        .records()
        .map(|r| r.expect("a row")[column].to_string())
        .collect();
    assert_eq!(cells, ["'=HYPERLINK(\"http://evil.example\",\"invoice\")"]);
}

#[test]
fn an_aws_error_message_on_stderr_is_shown_escaped() {
    let emulator = Emulator::start();
    emulator.fault(json!({"operation": "DescribeAlarms",
        "error": {"code": "ValidationError", "message": EVIL, "status": 400}}));
    let (out, stdout, stderr) = run(warroom(Some(&emulator.url)).args(["alarms"]));
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_defused("alarms (stderr)", &out.stderr);
    assert!(
        stderr.contains("\\x1b]52;c;ZWNobyBoaQ==") && stderr.contains("\\u{202e}"),
        "{stderr}"
    );
}
