//! The Changes and Health panes over an account set against the demo's organization in the
//! emulator (see accounts_console.rs): production, staging, shared-services (slow here) and
//! sandbox (AssumeRole denied), each in us-east-1 and eu-west-1.

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::KeyCode;

use crate::accounts_console::{DENIED, config, demo_slow, frame};
use crate::accounts_headless::assert_lookups_within_rate;
use common::console::{Console, runtime, unwrapped};
use warroom::app::state::AppState;

use crate::common;

fn changes_tally(state: &AppState) -> Option<(usize, usize, usize)> {
    let t = state.panes.changes.tally()?;
    Some((t.answered, t.failed, t.loading))
}

fn health_tally(state: &AppState) -> Option<(usize, usize, usize)> {
    let t = state.panes.health.tally()?;
    Some((t.answered, t.failed, t.loading))
}

/// The Changes rows as (time, account, region, event).
fn change_rows(state: &AppState) -> Vec<(Timestamp, String, String, String)> {
    state
        .panes
        .changes
        .visible_rows(0, usize::MAX)
        .map(|c| {
            let place = c
                .place
                .as_ref()
                .expect("over a set every change has a place");
            (
                c.time,
                place.account.name.clone(),
                place.region.clone(),
                c.name.clone(),
            )
        })
        .collect()
}

/// The frame with every minute of the demo's last day written relative to its anchor, so
/// that the snapshot is the same in every run.
fn relative_frame(c: &mut Console, t: Timestamp, width: u16, height: u16) -> String {
    let mut screen = frame(c, t, width, height);
    for minutes in -1800..=15 {
        let at = t + SignedDuration::from_mins(minutes);
        let shown = warroom::time::utc_short(at);
        if screen.contains(&shown) {
            screen = screen.replace(&shown, &format!("{:<11}", format!("t{minutes:+}m")));
        }
    }
    // The window's ends follow the test's own clock: only that they are shown is fixed.
    let lines = screen
        .lines()
        .map(|line| match (line.find("events, "), line.find(" UTC")) {
            (Some(from), Some(to)) if from + 8 < to => {
                let width = to + 4 - (from + 8);
                format!(
                    "{}{:<width$}{}",
                    &line[..from + 8],
                    "WINDOW",
                    &line[to + 4..]
                )
            }
            _ => line.to_string(),
        });
    lines.collect::<Vec<_>>().join("\n")
}

#[test]
fn every_accounts_changes_newest_first_with_account_and_region_the_denied_one_shown_while_others_load()
 {
    let (emulator, t) = demo_slow("LookupEvents", Duration::from_secs(3));
    runtime().block_on(async {
        let mut c = Console::open_over(&emulator.url, Duration::from_secs(600), config(), "demo");
        c.key(KeyCode::Char('2'));
        c.command("changes since 30h");
        c.wait_until(
            "production, staging and sandbox to answer",
            Duration::from_secs(30),
            |s| changes_tally(s) == Some((2, 1, 1)),
        )
        .await;
        let screen = c.screen();
        assert!(unwrapped(&screen).contains(DENIED), "{screen}");
        assert!(
            screen.contains("changes")
                && screen.contains("(accounts: 2 answered, 1 failed, 1 loading)"),
            "{screen}"
        );
        assert!(
            screen.contains("sweeping account set demo: 3 of 4 accounts answered"),
            "{screen}"
        );
        let loading = change_rows(&c.app.state);
        assert!(
            loading.iter().any(|r| r.1 == "staging") && loading.iter().any(|r| r.1 == "production"),
            "the answered accounts are listed while shared-services loads: {loading:?}"
        );

        c.wait_until("shared-services to answer", Duration::from_secs(60), |s| {
            changes_tally(s) == Some((3, 1, 0))
        })
        .await;
        let rows = change_rows(&c.app.state);
        let mut newest_first = rows.clone();
        newest_first.sort_by_key(|r| std::cmp::Reverse(r.0));
        assert_eq!(
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            newest_first.iter().map(|r| r.0).collect::<Vec<_>>(),
            "newest first across every account"
        );
        for (account, region, event) in [
            ("staging", "us-east-1", "UpdateService"),
            ("staging", "eu-west-1", "UpdateFunctionCode20150331v2"),
            (
                "shared-services",
                "us-east-1",
                "ModifyTransitGatewayVpcAttachment",
            ),
            ("production", "us-east-1", "RevokeSecurityGroupIngress"),
        ] {
            assert!(
                rows.iter()
                    .any(|r| r.1 == account && r.2 == region && r.3 == event),
                "{account} {region} {event}: {rows:?}"
            );
        }
        assert!(!rows.iter().any(|r| r.1 == "sandbox"), "{rows:?}");
        let risky = c
            .app
            .state
            .panes
            .changes
            .visible_rows(0, usize::MAX)
            .find(|c| c.name == "RevokeSecurityGroupIngress")
            .and_then(|c| c.risk.clone());
        assert!(risky.is_some(), "risky changes are still marked");
        assert_lookups_within_rate(&emulator.requests());

        c.command("changes account=staging region=eu-west-1");
        c.wait_until("the narrowed sweep", Duration::from_secs(60), |s| {
            changes_tally(s) == Some((3, 1, 0)) && !s.panes.changes.status.in_flight()
        })
        .await;
        let staging = change_rows(&c.app.state);
        assert!(!staging.is_empty());
        assert!(
            staging
                .iter()
                .all(|r| r.1 == "staging" && r.2 == "eu-west-1"),
            "{staging:?}"
        );
        c.command("changes clear");
        c.wait_until("the whole sweep again", Duration::from_secs(60), |s| {
            changes_tally(s) == Some((3, 1, 0)) && !s.panes.changes.status.in_flight()
        })
        .await;
        c.wait_until(
            "Health and the caller identity",
            Duration::from_secs(30),
            |s| !s.panes.health.status.in_flight() && s.session.account().is_some(),
        )
        .await;
        insta::assert_snapshot!(
            "accounts_changes_120x40",
            relative_frame(&mut c, t, 120, 40)
        );
    });
}

#[test]
fn health_is_asked_once_per_account_with_account_on_each_row() {
    let (emulator, _) = demo_slow("DescribeEvents", Duration::from_secs(2));
    runtime().block_on(async {
        let mut c = Console::open_over(&emulator.url, Duration::from_secs(600), config(), "demo");
        c.key(KeyCode::Char('3'));
        c.wait_until(
            "production, staging and sandbox to answer",
            Duration::from_secs(30),
            |s| health_tally(s) == Some((2, 1, 1)),
        )
        .await;
        let screen = c.screen();
        let denied_once = DENIED.replace(" · us-east-1, eu-west-1", "");
        assert!(unwrapped(&screen).contains(&denied_once), "{screen}");
        assert!(screen.contains("ACCOUNT"), "{screen}");
        c.wait_until("every account", Duration::from_secs(30), |s| {
            health_tally(s) == Some((3, 1, 0))
        })
        .await;
        let accounts: Vec<String> = c
            .app
            .state
            .panes
            .health
            .visible_rows(0, usize::MAX)
            .map(|e| e.located.as_ref().expect("placed").account.name.clone())
            .collect();
        assert!(accounts.iter().any(|a| a == "production"), "{accounts:?}");

        let mut per_account: BTreeMap<String, usize> = BTreeMap::new();
        for r in emulator.requests() {
            if r["operation"] == "DescribeEvents" {
                *per_account
                    .entry(r["account"].as_str().unwrap_or("").to_string())
                    .or_default() += 1;
            }
        }
        let production = per_account.get("123456789012").copied().unwrap_or(0);
        for id in ["210987654321", "345678901234"] {
            assert_eq!(
                per_account.get(id).copied(),
                Some(3),
                "one pass each of open, upcoming and closed per account, not per region: {per_account:?}"
            );
        }
        assert!(production >= 3, "{per_account:?}");
        assert!(!per_account.contains_key("456789012345"), "{per_account:?}");
    });
}
