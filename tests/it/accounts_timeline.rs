//! The Timeline pane over an account set against the demo's organization in the emulator
//! (see accounts_console.rs): every account's alarm transitions, changes and Health events in
//! time order, each row with its account and region; sandbox (AssumeRole denied) named in the
//! status with its whole error; `:export jsonl` with each record's account and region.

use std::time::Duration;

use jiff::Timestamp;
use serde_json::Value;

use crate::accounts_console::{DENIED, config};
use crate::accounts_headless::assert_lookups_within_rate;
use crate::common;
use common::console::{Console, runtime, unwrapped};
use common::emulator::Emulator;
use warroom::app::state::AppState;

const WAIT: Duration = Duration::from_secs(60);

/// The Timeline rows as (time, account, region, event).
fn rows(state: &AppState) -> Vec<(Timestamp, String, String, String)> {
    state
        .panes
        .timeline
        .shown_placed()
        .map(|(e, origin)| {
            let origin = origin.cloned().unwrap_or_default();
            (e.time, origin.account, origin.region, e.what.clone())
        })
        .collect()
}

fn assume_roles(emulator: &Emulator) -> usize {
    let requests = emulator.requests();
    requests
        .iter()
        .filter(|r| r["operation"] == "AssumeRole")
        .count()
}

#[test]
fn the_timeline_over_a_set_lists_every_account_in_time_order_names_the_denied_one_and_exports_each_rows_account()
 {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("set.jsonl");
    runtime().block_on(async {
        let mut c = Console::open_over(&emulator.url, Duration::from_secs(600), config(), "demo");
        c.app.set_state_dir(dir.path().to_path_buf());
        c.wait_until("the Alarms pane's sweep", WAIT, |s| {
            s.panes.alarms.tally().is_some_and(|t| t.loading == 0)
        })
        .await;
        let reached = assume_roles(&emulator);

        c.command("timeline since 30h");
        c.wait_until("the set's timeline", WAIT, |s| {
            let pane = &s.panes.timeline;
            pane.status.loaded_at.is_some() && !pane.status.in_flight()
        })
        .await;
        let rows = rows(&c.app.state);
        let times: Vec<Timestamp> = rows.iter().map(|r| r.0).collect();
        assert!(times.is_sorted(), "in time order across accounts: {rows:?}");
        let placed = |account: &str, region: &str, what: &str| {
            rows.iter()
                .any(|r| r.1 == account && r.2 == region && r.3.starts_with(what))
        };
        for (account, region, what) in [
            (
                "staging",
                "us-east-1",
                "staging-checkout-api-5xx OK → ALARM",
            ),
            (
                "staging",
                "eu-west-1",
                "UpdateFunctionCode20150331v2 staging-eu-receipts",
            ),
            ("shared-services", "eu-west-1", "UpdateResolverRule"),
            ("production", "us-east-1", "checkout-api-5xx OK → ALARM"),
            ("production", "us-east-1", "EC2 operational issue began"),
        ] {
            assert!(
                placed(account, region, what),
                "{account} {region} {what}: {rows:?}"
            );
        }
        assert!(!rows.iter().any(|r| r.1 == "sandbox"), "{rows:?}");
        let global = rows
            .iter()
            .filter(|r| r.1 == "production" && r.3.starts_with("PutRolePolicy"))
            .count();
        assert_eq!(
            global, 1,
            "a global IAM change, seen from both regions, is one row"
        );
        assert!(
            assume_roles(&emulator) <= reached + 1,
            "the accounts the Alarms pane reached are not reached again (sandbox is tried again)"
        );
        assert_lookups_within_rate(&emulator.requests());

        let screen = c.screen();
        assert!(
            screen.contains("ACCOUNT") && screen.contains("REGION"),
            "{screen}"
        );
        let (_, error) = DENIED
            .split_once(" not answered: ")
            .expect("the denied error");
        let denied = format!("✗ sandbox (456789012345) in us-east-1, eu-west-1: {error}");
        assert!(unwrapped(&screen).contains(&denied), "{screen}");

        c.command(&format!("export jsonl {}", export.display()));
        c.wait_until("the export", WAIT, |_| export.exists()).await;
    });
    let text = std::fs::read_to_string(&export).expect("the export");
    let records: Vec<serde_json::Map<String, Value>> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record"))
        .collect();
    assert!(!records.is_empty());
    assert!(
        records
            .iter()
            .all(|r| r.contains_key("account") && r.contains_key("region")),
        "{text}"
    );
    for account in ["production", "staging", "shared-services"] {
        assert!(
            records.iter().any(|r| r["account"] == account),
            "{account}: {text}"
        );
    }
}
