//! The Alarms pane through the real loop and the real SDK, against the emulator.

use crate::common;

use std::time::Duration;

use ratatui::crossterm::event::KeyCode;
use serde_json::json;

use common::console::{Console, runtime};
use common::emulator::Emulator;
use warroom::kit::Loadable;

const WAIT: Duration = Duration::from_secs(20);

fn minutes_ago(m: i64) -> String {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_mins(m)).to_string()
}

fn seed_incident(emulator: &Emulator) {
    emulator.seed(json!({
        "metric_alarms": [
            {
                "AlarmName": "checkout-api-5xx",
                "Namespace": "AWS/ApplicationELB",
                "MetricName": "HTTPCode_Target_5XX_Count",
                "Dimensions": [{"Name": "LoadBalancer", "Value": "app/checkout-alb/5f1c2d3e4a6b7c8d"}],
                "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 3, "DatapointsToAlarm": 3,
                "Threshold": 50.0, "ComparisonOperator": "GreaterThanThreshold",
                "AlarmActions": ["arn:aws:sns:us-east-1:123456789012:oncall-page"],
                "StateValue": "ALARM",
                "StateReason": "Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold (50.0).",
                "StateUpdatedTimestamp": minutes_ago(20)
            },
            {
                "AlarmName": "checkout-p99-latency",
                "Namespace": "AWS/ApplicationELB", "MetricName": "TargetResponseTime",
                "ExtendedStatistic": "p99", "Period": 60, "EvaluationPeriods": 5,
                "Threshold": 1.5, "ComparisonOperator": "GreaterThanThreshold",
                "StateValue": "ALARM", "StateReason": "Threshold Crossed", "StateUpdatedTimestamp": minutes_ago(18)
            },
            {
                "AlarmName": "orders-api-5xx", "Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count",
                "StateValue": "OK", "StateReason": "Threshold Crossed: no datapoints", "StateUpdatedTimestamp": minutes_ago(600)
            },
            {
                "AlarmName": "search-indexer-lag", "Namespace": "Search", "MetricName": "IndexLagSeconds",
                "StateValue": "INSUFFICIENT_DATA", "StateReason": "Insufficient Data", "StateUpdatedTimestamp": minutes_ago(90)
            }
        ],
        "composite_alarms": [{
            "AlarmName": "checkout-customer-impact",
            "AlarmRule": "ALARM(\"checkout-api-5xx\") AND ALARM(\"checkout-p99-latency\")",
            "StateValue": "ALARM", "StateReason": "arn:... transitioned to ALARM", "StateUpdatedTimestamp": minutes_ago(18)
        }],
        "alarm_history": [
            {"AlarmName": "checkout-api-5xx", "AlarmType": "MetricAlarm", "Timestamp": minutes_ago(20),
             "HistoryItemType": "StateUpdate", "HistorySummary": "Alarm updated from OK to ALARM",
             "HistoryData": "{\"version\":\"1.0\",\"oldState\":{\"stateValue\":\"OK\"},\"newState\":{\"stateValue\":\"ALARM\"}}"},
            {"AlarmName": "checkout-api-5xx", "AlarmType": "MetricAlarm", "Timestamp": minutes_ago(300),
             "HistoryItemType": "StateUpdate", "HistorySummary": "Alarm updated from INSUFFICIENT_DATA to OK",
             "HistoryData": "{\"version\":\"1.0\",\"oldState\":{\"stateValue\":\"INSUFFICIENT_DATA\"},\"newState\":{\"stateValue\":\"OK\"}}"}
        ],
        "metric_data": [{
            "Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count",
            "Dimensions": [{"Name": "LoadBalancer", "Value": "app/checkout-alb/5f1c2d3e4a6b7c8d"}],
            "points": (0..120).map(|m| json!([minutes_ago(m), if m < 22 { 400.0 } else { 3.0 }])).collect::<Vec<_>>()
        }]
    }));
}

/// The incident, with DescribeAlarms throttled `times` times before it is served.
fn throttled_incident(times: u32) -> Emulator {
    let emulator = Emulator::start();
    seed_incident(&emulator);
    emulator.fault(json!({"operation": "DescribeAlarms", "times": times,
        "error": {"code": "Throttling", "message": "Rate exceeded", "status": 400}}));
    emulator
}

#[test]
fn the_pane_lists_every_alarm_of_every_page_firing_first() {
    let emulator = Emulator::start();
    seed_incident(&emulator);
    emulator.seed(json!({"generate": {"metric_alarms": 250, "state": "OK"}}));
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console
            .wait_until("the alarms and the identity", WAIT, |s| {
                s.panes.alarms.status.loaded_at.is_some()
                    && matches!(s.session.identity, Loadable::Ready(_))
            })
            .await;
        assert_eq!(
            console.app.state.panes.alarms.all().len(),
            255,
            "metric and composite alarms from every page"
        );
        let screen = console.screen();
        let rows: Vec<&str> = screen
            .lines()
            .filter(|l| l.contains("checkout-") || l.contains("search-indexer"))
            .collect();
        assert!(
            rows[0].contains("● ALARM") && rows[0].contains("checkout-api-5xx"),
            "{screen}"
        );
        assert!(
            rows[1].contains("● ALARM") && rows[1].contains("checkout-"),
            "{screen}"
        );
        assert!(
            screen.contains("⧉ checkout-customer-impact"),
            "composites are marked:\n{screen}"
        );
        assert!(
            screen.contains("● 3 ALARM")
                && screen.contains("◌ 1 NO DATA")
                && screen.contains("✓ 251 OK"),
            "{screen}"
        );
        assert!(
            screen.contains("123456789012"),
            "the header shows the account:\n{screen}"
        );
        assert!(
            screen.contains(&format!("endpoint {}", emulator.url)),
            "{screen}"
        );
    });
    assert!(
        emulator.calls_of("DescribeAlarms") >= 3,
        "255 alarms take three pages of 100"
    );
}

#[test]
fn opening_an_alarm_shows_its_configuration_chart_and_history() {
    let emulator = Emulator::start();
    seed_incident(&emulator);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console
            .wait_until("the alarms", WAIT, |s| {
                s.panes.alarms.status.loaded_at.is_some()
            })
            .await;
        console.keys("/checkout 5xx_count");
        console.key(KeyCode::Enter);
        assert_eq!(
            console
                .app
                .state
                .panes
                .alarms
                .selected_alarm()
                .map(|a| a.name.as_str()),
            Some("checkout-api-5xx")
        );
        console.key(KeyCode::Enter);
        console
            .wait_until("history and chart", WAIT, |s| {
                let d = s.panes.alarms.detail.as_ref().expect("the detail is open");
                !matches!(d.history, Loadable::Loading)
                    && !matches!(d.series, Some(Loadable::Loading))
            })
            .await;
        let detail = console.app.state.panes.alarms.detail.as_ref().unwrap();
        match &detail.series {
            Some(Loadable::Ready(series)) => {
                assert!(
                    series.points.len() >= 100,
                    "a point a minute over the last 3 hours, got {}",
                    series.points.len()
                );
                assert!(series.points.iter().any(|(_, v)| *v >= 400.0));
            }
            other => panic!("no chart: {other:?}"),
        }
        let top = console.screen();
        assert!(
            top.contains("Alarm checkout-api-5xx") && top.contains("threshold 50"),
            "{top}"
        );
        console.keys("G");
        let bottom = console.screen();
        let screen = format!("{top}\n{bottom}");
        for expected in [
            "Alarm checkout-api-5xx",
            "threshold 50",
            "LoadBalancer=app/checkout-alb/5f1c2d3e4a6b7c8d",
            "Sum > 50",
            "3 out of 3 datapoints",
            "arn:aws:sns:us-east-1:123456789012:oncall-page",
            "State changes, last 24 hours",
            "OK → ALARM",
            "NO DATA → OK",
        ] {
            assert!(screen.contains(expected), "missing {expected:?}:\n{screen}");
        }
    });
}

#[test]
fn a_composite_shows_its_rule_and_the_state_of_each_child() {
    let emulator = Emulator::start();
    seed_incident(&emulator);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console
            .wait_until("the alarms", WAIT, |s| {
                s.panes.alarms.status.loaded_at.is_some()
            })
            .await;
        console.keys("/impact");
        console.key(KeyCode::Enter);
        console.key(KeyCode::Enter);
        let screen = console.wait_for_text("Children", WAIT).await;
        assert!(
            screen.contains(r#"ALARM("checkout-api-5xx") AND ALARM("checkout-p99-latency")"#),
            "{screen}"
        );
        assert!(screen.contains("● ALARM    checkout-api-5xx"), "{screen}");
        assert!(
            screen.contains("● ALARM    checkout-p99-latency"),
            "{screen}"
        );
    });
}

#[test]
fn keys_are_answered_while_describe_alarms_hangs() {
    let emulator = Emulator::start();
    seed_incident(&emulator);
    emulator.fault(json!({"operation": "DescribeAlarms", "delay_seconds": 15}));
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console
            .wait_until("the call to hang", WAIT, |s| {
                s.panes.alarms.status.in_flight() && s.session.connected
            })
            .await;
        while emulator.calls_of("DescribeAlarms") == 0 {
            console.app.step().await;
        }
        let started = std::time::Instant::now();
        console.keys(":reg");
        let screen = console.screen();
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the key waited for AWS"
        );
        assert!(
            screen.lines().any(|l| l.starts_with(":reg")),
            "the command line shows what was typed:\n{screen}"
        );
        assert!(screen.contains("loading alarms"), "{screen}");
        console.key(KeyCode::Esc);
        console.keys("?");
        let screen = console.screen();
        assert!(screen.contains("Help — esc to close"), "{screen}");
        assert!(
            console.app.state.panes.alarms.status.in_flight(),
            "the call is still hanging"
        );
    });
}

#[test]
fn throttling_twice_is_retried_and_the_data_shown() {
    let emulator = throttled_incident(2);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console
            .wait_until("an answer", WAIT, |s| {
                s.panes.alarms.status.settled_at.is_some()
            })
            .await;
        assert_eq!(console.app.state.panes.alarms.status.error, None);
        assert_eq!(console.app.state.panes.alarms.all().len(), 5);
        let screen = console.screen();
        assert!(
            screen.contains("checkout-api-5xx") && !screen.contains("✗"),
            "{screen}"
        );
    });
    assert_eq!(
        emulator.calls_of("DescribeAlarms"),
        4,
        "two throttled attempts, then the firing alarms served, then the one page of every alarm"
    );
}

#[test]
fn throttling_that_outlasts_the_retries_is_shown_then_recovers() {
    let emulator = throttled_incident(3);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(1));
        let screen = console
            .wait_for_text(
                "AWS throttled cloudwatch:DescribeAlarms (Throttling) after retries",
                WAIT,
            )
            .await;
        assert!(
            screen.contains("alarms ✗ error"),
            "the footer marks the source:\n{screen}"
        );
        console
            .wait_until("the next refresh", WAIT, |s| {
                !s.panes.alarms.all().is_empty()
            })
            .await;
        assert_eq!(console.app.state.panes.alarms.status.error, None);
    });
}

#[test]
fn access_denied_names_the_missing_action_and_the_header_still_works() {
    let emulator = Emulator::start();
    seed_incident(&emulator);
    emulator.fault(json!({"operation": "DescribeAlarms",
        "error": {"code": "AccessDenied", "message": "User: arn:aws:iam::123456789012:user/oncall is not authorized to perform: cloudwatch:DescribeAlarms", "status": 403}}));
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        let screen = console
            .wait_for_text("lack cloudwatch:DescribeAlarms", WAIT)
            .await;
        assert!(screen.contains("Access denied (AccessDenied)"), "{screen}");
        console
            .wait_until("the identity", WAIT, |s| {
                matches!(s.session.identity, Loadable::Ready(_))
            })
            .await;
        assert!(console.screen().contains("123456789012"));
    });
}

#[test]
fn expired_credentials_say_how_to_log_in_again() {
    let emulator = Emulator::start();
    seed_incident(&emulator);
    for operation in ["DescribeAlarms", "GetCallerIdentity"] {
        emulator.fault(json!({"operation": operation,
            "error": {"code": "ExpiredToken", "message": "The security token included in the request is expired", "status": 400}}));
    }
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console
            .wait_until("both calls to fail", WAIT, |s| {
                s.panes.alarms.status.error.is_some() && matches!(s.session.identity, Loadable::Failed(_))
            })
            .await;
        let screen = console.screen();
        let pane_error = "Credentials expired or invalid (ExpiredToken) calling cloudwatch:DescribeAlarms: run `aws sso login --profile NAME`, `aws configure`, or export fresh AWS_* keys, then press r.";
        assert!(
            common::console::unwrapped(&screen).contains(pane_error),
            "the whole sentence, wrapped in the pane:\n{screen}"
        );
        assert!(screen.contains("account unknown"), "{screen}");
    });
}

#[test]
fn a_dead_endpoint_is_shown_and_the_pane_recovers_by_itself() {
    let mut emulator = Emulator::start();
    seed_incident(&emulator);
    let rt = runtime();
    let mut console = rt.block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(1));
        console
            .wait_until("the alarms", WAIT, |s| !s.panes.alarms.all().is_empty())
            .await;
        console
    });
    emulator.stop();
    rt.block_on(async {
        console
            .wait_until("the pane's error", WAIT, |s| {
                s.panes.alarms.status.error.is_some()
            })
            .await;
        let screen = console.wait_for_text("Cannot connect to", WAIT).await;
        assert!(screen.contains("connection refused"), "{screen}");
        assert!(
            screen.contains("checkout-api-5xx"),
            "the last data stays on screen:\n{screen}"
        );
        assert!(
            screen.contains("Showing data from") && screen.contains("Next try in"),
            "{screen}"
        );
    });
    emulator.restart();
    seed_incident(&emulator);
    rt.block_on(async {
        console
            .wait_until("every source to recover", WAIT, |s| {
                s.panes.alarms.status.error.is_none()
                    && s.panes.health.status.error.is_none()
                    && matches!(s.session.identity, Loadable::Ready(_))
            })
            .await;
        let screen = console.screen();
        assert!(!screen.contains("Cannot connect"), "{screen}");
        assert!(screen.contains("checkout-api-5xx"), "{screen}");
    });
}

#[test]
fn a_state_change_between_refreshes_is_marked() {
    let emulator = Emulator::start();
    seed_incident(&emulator);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console.wait_until("every alarm", WAIT, |s| s.panes.alarms.loads() > 0).await;
        emulator.post("/_emulator/alarm-state", json!({"AlarmName": "orders-api-5xx", "StateValue": "ALARM", "StateReason": "Threshold Crossed"}));
        let first = console.app.state.panes.alarms.status.loaded_at;
        console.keys("r");
        console.wait_until("the refresh", WAIT, |s| s.panes.alarms.status.loaded_at != first && !s.panes.alarms.status.in_flight()).await;
        let screen = console.screen();
        let row = screen.lines().find(|l| l.contains("orders-api-5xx")).unwrap_or_default();
        assert!(row.contains("* ● ALARM"), "the changed alarm is marked:\n{screen}");
        assert!({ let p = &console.app.state.panes.alarms; p.find("orders-api-5xx").is_some_and(|a| p.is_changed(a)) });
        assert!(!{ let p = &console.app.state.panes.alarms; p.find("checkout-api-5xx").is_some_and(|a| p.is_changed(a)) });
    });
}

#[test]
fn switching_region_shows_that_regions_alarms() {
    let emulator = Emulator::start();
    seed_incident(&emulator);
    emulator.seed(json!({"region": "us-west-2", "metric_alarms": [{"AlarmName": "oregon-only", "StateValue": "OK"}]}));
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console
            .wait_until("the alarms", WAIT, |s| !s.panes.alarms.all().is_empty())
            .await;
        console.keys(":region us-west-2");
        console.key(KeyCode::Enter);
        let screen = console.wait_for_text("oregon-only", WAIT).await;
        assert!(!screen.contains("checkout-api-5xx"), "{screen}");
        assert!(
            screen
                .lines()
                .next()
                .unwrap_or_default()
                .contains("us-west-2"),
            "the header shows the region:\n{screen}"
        );
    });
}
