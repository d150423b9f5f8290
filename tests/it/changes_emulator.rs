//! The Changes pane through the real loop and the real SDK, against the emulator's
//! LookupEvents (first attribute only, pages of 50, newest first).

use crate::common;

use std::time::Duration;

use ratatui::crossterm::event::KeyCode;
use serde_json::{Value, json};

use common::console::{Console, runtime};
use common::emulator::Emulator;

const WAIT: Duration = Duration::from_secs(30);

fn ago(minutes: i64) -> String {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_mins(minutes)).to_string()
}

fn open_changes(emulator: &Emulator) -> Console {
    let mut console = Console::open(&emulator.url, Duration::from_secs(300));
    console.key(KeyCode::Char('2'));
    console
}

/// LookupEvents calls as seconds since the first, in arrival order.
fn lookup_times(emulator: &Emulator) -> Vec<f64> {
    let times: Vec<f64> = emulator
        .requests()
        .iter()
        .filter(|r| r["operation"] == "LookupEvents")
        .filter_map(|r| r["time"].as_f64())
        .collect();
    times.iter().map(|t| t - times[0]).collect()
}

#[test]
fn a_thousand_events_stream_in_at_no_more_than_two_lookups_a_second() {
    let emulator = Emulator::start();
    emulator.seed(json!({"cloudtrail": {"generate": {"events": 1000, "minutes": 170}}}));
    runtime().block_on(async {
        let mut console = open_changes(&emulator);
        console
            .wait_until("the first page", WAIT, |s| {
                s.panes.changes.progress.pages >= 1
            })
            .await;
        let first = console.app.state.panes.changes.progress.events;
        assert!(
            first < 1000 && console.app.state.panes.changes.status.in_flight(),
            "rows show before the last page"
        );
        let screen = console.screen();
        assert!(
            screen.contains("loading: 1 page, 50 events"),
            "the progress line:\n{screen}"
        );
        console.keys("j");
        assert_eq!(
            console.app.state.panes.changes.cursor.selected, 1,
            "scrolling works while pages load"
        );
        console
            .wait_until("every page", WAIT, |s| s.panes.changes.progress.done)
            .await;
        assert_eq!(console.app.state.panes.changes.all().len(), 1000);
        assert_eq!(console.app.state.panes.changes.progress.pages, 20);
    });
    let times = lookup_times(&emulator);
    assert_eq!(times.len(), 20);
    for (i, t) in times.iter().enumerate() {
        let within_a_second = times[i..].iter().take_while(|u| **u < t + 1.0).count();
        assert!(
            within_a_second <= 2,
            "3 LookupEvents within a second from {t:.3}s: {times:?}"
        );
    }
}

fn seed_people(emulator: &Emulator) {
    let event = |name: &str, user: &str, minutes: i64| {
        json!({"eventName": name, "eventSource": "ec2.amazonaws.com", "eventTime": ago(minutes), "username": user,
               "resources": [{"ResourceType": "AWS::EC2::SecurityGroup", "ResourceName": "sg-0abc"}]})
    };
    emulator.seed(json!({"cloudtrail": {"events": [
        event("AuthorizeSecurityGroupIngress", "alice", 10),
        event("AuthorizeSecurityGroupEgress", "alice", 20),
        event("RevokeSecurityGroupIngress", "alice", 30),
        event("AuthorizeSecurityGroupIngress", "bob", 40),
        event("CreateTags", "bob", 50),
    ]}}));
}

#[test]
fn two_filters_return_exactly_the_changes_matching_both() {
    let emulator = Emulator::start();
    seed_people(&emulator);
    runtime().block_on(async {
        let mut console = open_changes(&emulator);
        console
            .wait_until("the changes", WAIT, |s| s.panes.changes.progress.done)
            .await;
        assert_eq!(console.app.state.panes.changes.all().len(), 5);
        console.keys(":changes user=alice event=Authorize*");
        console.key(KeyCode::Enter);
        console
            .wait_until("the filtered changes", WAIT, |s| {
                s.panes.changes.progress.done && !s.panes.changes.status.in_flight()
            })
            .await;
        let names: Vec<(String, String)> = console
            .app
            .state
            .panes
            .changes
            .all()
            .iter()
            .map(|c| (c.name.clone(), c.principal.clone()))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "AuthorizeSecurityGroupIngress".to_string(),
                    "alice".to_string()
                ),
                (
                    "AuthorizeSecurityGroupEgress".to_string(),
                    "alice".to_string()
                )
            ]
        );
        let screen = console.screen();
        assert!(
            screen.contains("Changes (writes user=alice event=Authorize*)"),
            "{screen}"
        );
    });
}

#[test]
fn throttling_is_retried_then_shown_in_the_pane() {
    let emulator = Emulator::start();
    seed_people(&emulator);
    emulator.fault(json!({"operation": "LookupEvents", "times": 2,
        "error": {"code": "ThrottlingException", "message": "Rate exceeded", "status": 400}}));
    runtime().block_on(async {
        let mut console = open_changes(&emulator);
        console
            .wait_until("the changes", WAIT, |s| s.panes.changes.progress.done)
            .await;
        assert_eq!(
            console.app.state.panes.changes.all().len(),
            5,
            "retried through the throttling"
        );
        assert!(console.app.state.panes.changes.status.error.is_none());
    });
    emulator.fault(json!({"operation": "LookupEvents",
        "error": {"code": "ThrottlingException", "message": "Rate exceeded", "status": 400}}));
    runtime().block_on(async {
        let mut console = open_changes(&emulator);
        console
            .wait_until("the failure", WAIT, |s| {
                s.panes.changes.status.error.is_some()
            })
            .await;
        let screen = common::console::unwrapped(&console.screen());
        assert!(
            screen.contains(
                "AWS throttled cloudtrail:LookupEvents (ThrottlingException) after retries."
            ),
            "{screen}"
        );
    });
}

#[test]
fn leaving_the_pane_stops_the_paging_in_flight() {
    let emulator = Emulator::start();
    emulator.seed(json!({"cloudtrail": {"generate": {"events": 1000, "minutes": 170}}}));
    runtime().block_on(async {
        let mut console = open_changes(&emulator);
        console
            .wait_until("two pages", WAIT, |s| s.panes.changes.progress.pages >= 2)
            .await;
        console.key(KeyCode::Char('1'));
        let calls = emulator.calls_of("LookupEvents");
        let until = tokio::time::Instant::now() + Duration::from_millis(2500);
        while tokio::time::Instant::now() < until {
            console.app.step().await;
        }
        assert!(
            emulator.calls_of("LookupEvents") <= calls + 1,
            "paging went on after the pane was left"
        );
        assert!(console.app.state.panes.changes.progress.stopped);
        console.key(KeyCode::Char('2'));
        let screen = console.screen();
        assert!(
            screen.contains("loading"),
            "coming back loads again:\n{screen}"
        );
    });
}

#[test]
fn the_demo_pivot_from_the_firing_alarm_lands_on_the_security_group_change() {
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console
            .wait_until("the alarms", WAIT, |s| !s.panes.alarms.all().is_empty())
            .await;
        console.keys("/checkout 5xx_count");
        console.key(KeyCode::Enter);
        console.keys("c");
        console
            .wait_until("the changes before it fired", WAIT, |s| {
                s.panes.changes.progress.done
            })
            .await;
        let selected = console
            .app
            .state
            .panes
            .changes
            .selected_change()
            .expect("a selected change")
            .clone();
        assert_eq!(selected.name, "RevokeSecurityGroupIngress");
        assert_eq!(selected.principal, "alice");
        assert_eq!(
            selected.risk.as_deref(),
            Some("security group rules changed")
        );
        let fired = console
            .app
            .state
            .panes
            .alarms
            .find("checkout-api-5xx")
            .and_then(|a| a.state_updated)
            .unwrap();
        assert!(
            selected.time < fired
                && fired.duration_since(selected.time) <= jiff::SignedDuration::from_mins(10)
        );
        let screen = console.screen();
        assert!(
            screen.contains("⚠ security group rules changed"),
            "{screen}"
        );
    });
}

#[test]
fn the_headless_command_prints_the_same_rows() {
    let emulator = Emulator::start();
    seed_people(&emulator);
    common::emulator::isolate_aws_env();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args([
            "changes",
            "--since",
            "2h",
            "--user",
            "alice",
            "--format",
            "json",
            "--endpoint-url",
            &emulator.url,
            "--region",
            "us-east-1",
        ])
        .output()
        .expect("warroom runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let names: Vec<&str> = rows.iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "AuthorizeSecurityGroupIngress",
            "AuthorizeSecurityGroupEgress",
            "RevokeSecurityGroupIngress"
        ]
    );
    assert_eq!(rows[2]["risk"], "security group rules changed");
    assert_eq!(
        rows[0]["record"]["eventName"], "AuthorizeSecurityGroupIngress",
        "the whole record is included"
    );
}
