//! The console over an account set (`--accounts`, `:accounts`) against the demo's
//! organization in the emulator: production (the management account, in ALARM), staging (in
//! ALARM in us-east-1), shared-services (calm, and slow here) and sandbox (AssumeRole
//! denied), each in us-east-1 and eu-west-1.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use serde_json::json;

use crate::common;
use common::console::{Console, runtime, unwrapped};
use common::emulator::Emulator;
use warroom::app::msg::Msg;
use warroom::app::state::AppState;
use warroom::config::Config;

const SETS: &str = r#"
[accounts.demo]
organization = { role = "OrganizationAccountAccessRole" }
regions = ["us-east-1", "eu-west-1"]

[[accounts.demo.account]]
id = "123456789012"
production = true

[accounts.other]
profiles = ["nobody"]
"#;

const SHARED: &str = "345678901234";

pub(crate) const DENIED: &str = "✗ sandbox (456789012345) · us-east-1, eu-west-1 not answered: AccessDenied: cannot assume arn:aws:iam::456789012345:role/OrganizationAccountAccessRole. Its trust policy must allow the caller, and the caller needs sts:AssumeRole on it. AWS said: User: arn:aws:iam::123456789012:user/moto is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::456789012345:role/OrganizationAccountAccessRole";

/// The demo's "03:02" moment, a whole minute 12 minutes ago, so that ages on screen are
/// the same in every run when drawn at 03:14.
fn anchor() -> Timestamp {
    let ago = Timestamp::now() - SignedDuration::from_mins(12);
    Timestamp::from_second(ago.as_second().div_euclid(60) * 60).expect("a time")
}

pub(crate) fn config() -> Config {
    Config::from_user_text(std::path::Path::new("config.toml"), SETS).expect("the config")
}

/// The demo in the emulator, shared-services' DescribeAlarms answering `slow` late.
fn demo(slow: Duration) -> (Emulator, Timestamp) {
    demo_slow("DescribeAlarms", slow)
}

/// The demo in the emulator, shared-services answering `operation` `slow` late.
pub(crate) fn demo_slow(operation: &str, slow: Duration) -> (Emulator, Timestamp) {
    common::emulator::isolate_aws_env();
    let t = anchor();
    let emulator = Emulator::start_with(&["--seed", "demo", "--anchor", &t.to_string()]);
    emulator.fault(json!({
        "operation": operation,
        "account": SHARED,
        "delay_seconds": slow.as_secs_f64(),
    }));
    (emulator, t)
}

fn tally(state: &AppState) -> Option<(usize, usize, usize)> {
    let t = state.panes.alarms.tally()?;
    Some((t.answered, t.failed, t.loading))
}

/// The rows as (state, account, region, name).
fn rows(state: &AppState) -> Vec<(String, String, String, String)> {
    let pane = &state.panes.alarms;
    pane.visible_rows(0, usize::MAX)
        .map(|a| {
            let place = a
                .place
                .as_ref()
                .expect("over a set every alarm has a place");
            (
                a.state.as_aws().to_string(),
                place.account.name.clone(),
                place.region.clone(),
                a.name.clone(),
            )
        })
        .collect()
}

/// The console as it stands at the demo's 03:14 on a terminal of this size, the cursor on
/// the first row: every line but the header's (which names the emulator's port and the day).
pub(crate) fn frame(c: &mut Console, t: Timestamp, width: u16, height: u16) -> String {
    c.app.handle(Msg::Resize { width, height });
    c.key(KeyCode::Char('g'));
    c.app.state.now = t + SignedDuration::from_mins(12);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a terminal");
    c.app.draw(&mut terminal).expect("drawing");
    let buffer = terminal.backend().buffer();
    let symbols: Vec<&str> = buffer.content().iter().map(|c| c.symbol()).collect();
    symbols
        .chunks(usize::from(width))
        .skip(1)
        .map(|row| row.concat())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_accounts_alarms_with_account_and_region_alarm_first_the_denied_one_shown_while_others_load()
 {
    let (emulator, t) = demo(Duration::from_secs(4));
    runtime().block_on(async {
        let mut c = Console::open_over(&emulator.url, Duration::from_secs(600), config(), "demo");
        c.wait_until(
            "production, staging and sandbox to answer",
            Duration::from_secs(20),
            |s| tally(s) == Some((2, 1, 1)),
        )
        .await;
        let screen = c.screen();
        assert!(unwrapped(&screen).contains(DENIED), "{screen}");
        assert!(
            screen.contains("(accounts: 2 answered, 1 failed, 1 loading)"),
            "{screen}"
        );
        assert!(
            screen.contains("ACCOUNT") && screen.contains("REGION"),
            "{screen}"
        );
        let loaded = rows(&c.app.state);
        assert!(
            loaded.iter().any(|r| r.1 == "staging") && loaded.iter().any(|r| r.1 == "production"),
            "{loaded:?}"
        );
        assert!(
            !loaded.iter().any(|r| r.1 == "shared-services"),
            "shared-services is still loading: {loaded:?}"
        );

        c.wait_until("shared-services to answer", Duration::from_secs(20), |s| {
            tally(s) == Some((3, 1, 0))
        })
        .await;
        let all = rows(&c.app.state);
        let firing: Vec<&(String, String, String, String)> =
            all.iter().take_while(|r| r.0 == "ALARM").collect();
        assert!(
            all[firing.len()..].iter().all(|r| r.0 != "ALARM"),
            "ALARM first across every account: {all:?}"
        );
        let firing: Vec<(&str, &str, &str)> = firing
            .iter()
            .map(|r| (r.1.as_str(), r.2.as_str(), r.3.as_str()))
            .collect();
        assert!(
            firing.contains(&("production", "us-east-1", "checkout-api-5xx"))
                && firing.contains(&("staging", "us-east-1", "staging-checkout-api-5xx")),
            "{firing:?}"
        );
        assert!(
            all.iter()
                .any(|r| r.1 == "shared-services" && r.2 == "eu-west-1"),
            "{all:?}"
        );
        assert!(
            !all.iter().any(|r| r.1 == "sandbox"),
            "the denied account has no rows: {all:?}"
        );
        let screen = c.screen();
        assert!(
            screen.contains("(accounts: 3 answered, 1 failed)"),
            "{screen}"
        );
        assert!(unwrapped(&screen).contains(DENIED), "{screen}");

        c.wait_until(
            "Health and the caller identity",
            Duration::from_secs(20),
            |s| !s.panes.health.status.in_flight() && s.session.account().is_some(),
        )
        .await;
        insta::assert_snapshot!("accounts_alarms_120x40", frame(&mut c, t, 120, 40));
        insta::assert_snapshot!("accounts_alarms_80x24", frame(&mut c, t, 80, 24));
    });
}

#[test]
fn account_and_region_filters_narrow_the_rows_and_an_opened_alarm_is_asked_in_its_account() {
    let (emulator, _) = demo(Duration::from_millis(10));
    runtime().block_on(async {
        let mut c = Console::open_over(&emulator.url, Duration::from_secs(600), config(), "demo");
        c.wait_until("every account to answer", Duration::from_secs(20), |s| {
            tally(s) == Some((3, 1, 0))
        })
        .await;
        c.key(KeyCode::Char('/'));
        c.keys("account=staging");
        c.key(KeyCode::Enter);
        let staging = rows(&c.app.state);
        assert!(!staging.is_empty());
        assert!(staging.iter().all(|r| r.1 == "staging"), "{staging:?}");
        assert!(
            staging.iter().any(|r| r.2 == "eu-west-1")
                && staging.iter().any(|r| r.2 == "us-east-1"),
            "{staging:?}"
        );

        c.command("alarms account=210987654321 region=us-east-1 5xx");
        let narrowed = rows(&c.app.state);
        assert_eq!(
            narrowed,
            [(
                "ALARM".to_string(),
                "staging".to_string(),
                "us-east-1".to_string(),
                "staging-checkout-api-5xx".to_string()
            )],
            "the account by its id, the region and the text together"
        );
        let screen = c.screen();
        assert!(
            screen.contains("filter “account=210987654321 region=us-east-1 5xx”"),
            "{screen}"
        );

        c.key(KeyCode::Enter);
        c.wait_until(
            "the alarm's history and chart",
            Duration::from_secs(20),
            |s| {
                s.panes.alarms.detail.as_ref().is_some_and(|d| {
                    !matches!(d.history, warroom::kit::Loadable::Loading)
                        && !matches!(d.series, Some(warroom::kit::Loadable::Loading))
                })
            },
        )
        .await;
        let asked: Vec<(String, String)> = emulator
            .requests()
            .iter()
            .filter(|r| {
                r["operation"] == "DescribeAlarmHistory" || r["operation"] == "GetMetricData"
            })
            .map(|r| {
                (
                    r["account"].as_str().unwrap_or("").to_string(),
                    r["region"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        assert!(!asked.is_empty());
        assert!(
            asked
                .iter()
                .all(|(account, region)| account == "210987654321" && region == "us-east-1"),
            "the detail asks staging's us-east-1, not the session's account: {asked:?}"
        );
        let detail = c.app.state.panes.alarms.detail.as_ref().expect("open");
        assert!(
            matches!(detail.history, warroom::kit::Loadable::Ready(_)),
            "the history answered with staging's credentials"
        );
    });
}

#[test]
fn colon_accounts_switches_sets_names_the_known_ones_and_goes_back_to_one_session() {
    let (emulator, _) = demo(Duration::from_millis(10));
    runtime().block_on(async {
        let mut c = Console::open_with(&emulator.url, Duration::from_secs(600), config());
        c.wait_until("the one account's alarms", Duration::from_secs(20), |s| {
            s.panes.alarms.loads() > 0
        })
        .await;
        assert!(!c.app.state.panes.alarms.over_set());
        assert!(!c.screen().contains("ACCOUNT"));

        c.command("accounts nope");
        let screen = c.screen();
        assert!(
            screen.contains("no account set named `nope` (the config defines: demo, other)"),
            "{screen}"
        );

        c.command("accounts demo");
        c.wait_until("the set's sweep", Duration::from_secs(20), |s| {
            tally(s) == Some((3, 1, 0))
        })
        .await;
        assert!(c.screen().contains("REGION"));

        c.command("accounts off");
        c.wait_until("the one account again", Duration::from_secs(20), |s| {
            s.panes.alarms.loads() > 0 && s.session.connected
        })
        .await;
        assert!(!c.app.state.panes.alarms.over_set());
        let screen = c.screen();
        assert!(
            !screen.contains("accounts:") && !screen.contains("REGION"),
            "{screen}"
        );
        assert!(
            c.app
                .state
                .panes
                .alarms
                .all()
                .iter()
                .all(|a| a.place.is_none()),
            "back on one session the rows carry no account"
        );
    });
}

#[test]
fn the_console_refuses_an_unknown_set_naming_the_known_ones() {
    common::emulator::isolate_aws_env();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, SETS).unwrap();
    let out = common::binary::warroom(Some(dir.path()))
        .env("WARROOM_CONFIG", &path)
        .args(["--accounts", "nope"])
        .output()
        .expect("warroom runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("--accounts: no account set named `nope` (the config defines: demo, other)"),
        "{stderr}"
    );
}
