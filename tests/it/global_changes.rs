//! Global-service events (IAM, STS, sign-in ...) are recorded by CloudTrail in us-east-1 only:
//! a view of another region asks us-east-1 for them, marks them global, and never shows
//! us-east-1's regional events; in us-east-1 they show once.

use crate::common;

use std::process::Command;
use std::time::Duration;

use crossterm::event::KeyCode;
use serde_json::{Value, json};

use common::console::{Console, runtime, test_settings};
use common::emulator::Emulator;
use warroom::config::Config;

const WAIT: Duration = Duration::from_secs(30);

fn ago(minutes: i64) -> String {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_mins(minutes)).to_string()
}

/// eu-west-1's own write, us-east-1's own write, and three global-service events (seeded
/// "in eu-west-1": the emulator records them in us-east-1, as AWS does).
fn seed(emulator: &Emulator) {
    let event = |name: &str, source: &str, minutes: i64| {
        json!({"eventName": name, "eventSource": source, "eventTime": ago(minutes),
               "username": "bob", "readOnly": false})
    };
    emulator.seed(json!({"region": "eu-west-1", "cloudtrail": {"events": [
        event("CreateTags", "ec2.amazonaws.com", 50),
        event("PutRolePolicy", "iam.amazonaws.com", 40),
        event("ConsoleLogin", "signin.amazonaws.com", 60),
        event("CreateAccessKey", "iam.amazonaws.com", 20),
    ]}}));
    emulator.seed(json!({"region": "us-east-1", "cloudtrail": {"events": [
        event("RunInstances", "ec2.amazonaws.com", 30),
    ]}}));
}

fn changes(emulator: &Emulator, region: &str, config: Option<&str>) -> (Vec<Value>, String) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let run = |format: &str| {
        let mut cmd: Command = common::binary::warroom(Some(dir.path()));
        cmd.args(["--endpoint-url", &emulator.url, "--region", region])
            .args(["changes", "--format", format]);
        if let Some(text) = config {
            let path = dir.path().join("config.toml");
            std::fs::write(&path, text).expect("a config file");
            cmd.env("WARROOM_CONFIG", path);
        }
        let out = cmd.output().expect("warroom runs");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let json: Value = serde_json::from_str(&run("json")).expect("JSON");
    let rows = json.as_array().expect("a list").clone();
    (rows, run("table"))
}

fn names(rows: &[Value]) -> Vec<&str> {
    rows.iter().filter_map(|r| r["name"].as_str()).collect()
}

#[test]
fn outside_us_east_1_the_global_events_come_from_us_east_1_marked_global_in_time_order() {
    let emulator = Emulator::start();
    seed(&emulator);
    let (rows, table) = changes(&emulator, "eu-west-1", None);
    assert_eq!(
        names(&rows),
        [
            "CreateAccessKey",
            "PutRolePolicy",
            "CreateTags",
            "ConsoleLogin"
        ],
        "the region's own and the global ones, newest first; not us-east-1's RunInstances"
    );
    let global: Vec<bool> = rows.iter().map(|r| r["global"] == true).collect();
    assert_eq!(global, [true, true, false, true]);
    assert!(table.contains("iam (global)"), "{table}");
    assert!(table.contains("signin (global)"), "{table}");
    assert!(!table.contains("RunInstances"), "{table}");
    assert!(!table.contains("ec2 (global)"), "{table}");
}

#[test]
fn in_us_east_1_the_global_events_show_once_and_unmarked() {
    let emulator = Emulator::start();
    seed(&emulator);
    let (rows, table) = changes(&emulator, "us-east-1", None);
    assert_eq!(
        names(&rows),
        [
            "CreateAccessKey",
            "RunInstances",
            "PutRolePolicy",
            "ConsoleLogin"
        ]
    );
    assert!(rows.iter().all(|r| r.get("global").is_none()), "{rows:?}");
    assert!(!table.contains("(global)"), "{table}");
}

#[test]
fn an_empty_global_sources_list_asks_only_the_region() {
    let emulator = Emulator::start();
    seed(&emulator);
    let (rows, _) = changes(
        &emulator,
        "eu-west-1",
        Some("[changes]\nglobal_sources = []\n"),
    );
    assert_eq!(names(&rows), ["CreateTags"]);
    let east = emulator
        .requests()
        .iter()
        .filter(|r| r["operation"] == "LookupEvents" && r["region"] == "us-east-1")
        .count();
    assert_eq!(east, 0, "us-east-1 is not asked");
}

#[test]
fn triage_and_timeline_in_eu_west_1_name_the_demos_iam_changes_as_global() {
    let emulator = Emulator::start();
    emulator.seed(json!({"scenario": "demo", "region": "eu-west-1"}));
    let dir = tempfile::tempdir().expect("a temp dir");
    let run = |args: &[&str]| {
        let out = common::binary::warroom(Some(dir.path()))
            .args(["--endpoint-url", &emulator.url, "--region", "eu-west-1"])
            .args(args)
            .output()
            .expect("warroom runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let triage = run(&["triage", "--since", "30h"]);
    for risky in [
        "PutRolePolicy (global)",
        "AttachRolePolicy (global)",
        "RevokeSecurityGroupIngress",
    ] {
        assert!(triage.contains(risky), "{risky}: {triage}");
    }
    let timeline = run(&["timeline", "--since", "30h"]);
    assert!(
        timeline.contains("PutRolePolicy checkout-api")
            && timeline.contains("iam.amazonaws.com (global, recorded in us-east-1)"),
        "{timeline}"
    );
}

#[test]
fn the_changes_pane_of_eu_west_1_shows_the_global_events_marked_in_time_order() {
    let emulator = Emulator::start();
    seed(&emulator);
    runtime().block_on(async {
        let mut settings = test_settings(&emulator.url);
        settings.region = Some("eu-west-1".into());
        let mut console =
            Console::open_settings(settings, Duration::from_secs(300), Config::defaults());
        console.key(KeyCode::Char('2'));
        console
            .wait_until("every page", WAIT, |s| s.panes.changes.progress.done)
            .await;
        let screen = console.screen();
        let order: Vec<usize> = [
            "CreateAccessKey",
            "PutRolePolicy",
            "CreateTags",
            "ConsoleLogin",
        ]
        .iter()
        .map(|name| {
            screen
                .find(name)
                .unwrap_or_else(|| panic!("{name} on screen: {screen}"))
        })
        .collect();
        assert!(order.is_sorted(), "newest first: {screen}");
        assert!(screen.contains("iam (global)"), "{screen}");
        assert!(screen.contains("signin (global)"), "{screen}");
        assert!(!screen.contains("RunInstances"), "{screen}");
    });
}
