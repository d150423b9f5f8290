//! The Logs pane through the real loop and SDK against the emulator: a query from the
//! picker and the editor to its rows, cancelling, waiting in line, and a malformed query.

use crate::common;

use std::time::Duration;

use ratatui::crossterm::event::KeyCode;
use serde_json::{Value, json};

use common::console::{Console, runtime, unwrapped};
use common::emulator::Emulator;
use warroom::logs::QueryStatus;
use warroom::logs::pane::{Overlay, Phase};
use warroom::logs::run::QueryPatience;

const GROUP: &str = "/aws/ecs/checkout-api";
const WAIT: Duration = Duration::from_secs(20);

fn seed(emulator: &Emulator, polls: u32) {
    let now = jiff::Timestamp::now();
    let events: Vec<Value> = (0..20)
        .map(|m| {
            let at = (now - jiff::SignedDuration::from_mins(m)).to_string();
            json!({"timestamp": at, "message": format!("{{\"level\":\"ERROR\",\"msg\":\"timeout connecting to database\",\"n\":{m}}}"), "stream": "web/1"})
        })
        .collect();
    emulator.seed(json!({"logs": {
        "polls": polls,
        "groups": [
            {"name": GROUP, "retentionInDays": 30, "events": events},
            {"name": "/aws/lambda/checkout-receipts"},
            {"name": "/aws/rds/orders", "retentionInDays": 7}
        ],
        "rules": [{"match": "stats count(*) by bin(5m)", "recordsScanned": 1200, "recordsMatched": 34, "rows": [
            {"bin(5m)": "2026-11-23 03:00:00.000", "count(*)": "25"},
            {"bin(5m)": "2026-11-23 02:55:00.000", "count(*)": "5"},
            {"bin(5m)": "2026-11-23 02:50:00.000", "count(*)": "4"}
        ]}]
    }}));
}

fn quick() -> QueryPatience {
    QueryPatience {
        first_poll: Duration::from_millis(100),
        max_poll: Duration::from_millis(400),
        queue_wait: Duration::from_millis(300),
        queue_attempts: 20,
    }
}

/// The console on the Logs pane with the checkout group chosen through the picker.
async fn logs_pane(emulator: &Emulator) -> Console {
    let mut console = Console::open(&emulator.url, Duration::from_secs(300));
    console.app.set_query_patience(quick());
    console
        .wait_until("the session", WAIT, |s| s.session.connected)
        .await;
    console.key(KeyCode::Char('4'));
    console.key(KeyCode::Char('l'));
    let screen = console.wait_for_text("/aws/rds/orders", WAIT).await;
    assert!(
        screen.contains("∞ no retention"),
        "a group kept forever is marked:\n{screen}"
    );
    console.keys("chkapi");
    let screen = console.screen();
    assert!(
        screen.contains(GROUP) && !screen.contains("/aws/rds/orders"),
        "fuzzy matching narrows the list:\n{screen}"
    );
    console.key(KeyCode::Char(' '));
    console.key(KeyCode::Enter);
    assert_eq!(console.app.state.panes.logs.groups, [GROUP]);
    console
}

fn phase(console: &Console) -> Option<Phase> {
    console
        .app
        .state
        .panes
        .logs
        .run
        .as_ref()
        .map(|r| r.phase.clone())
}

#[test]
fn a_query_runs_from_the_pane_through_running_to_its_rows_and_statistics() {
    let emulator = Emulator::start();
    seed(&emulator, 3);
    runtime().block_on(async {
        let mut console = logs_pane(&emulator).await;
        console.command("logs query stats count(*) by bin(5m)");
        console.ctrl('r');
        let mut saw_running = false;
        while phase(&console) != Some(Phase::Complete) {
            if let Some(Phase::Failed { message, .. }) = phase(&console) {
                panic!("the query failed: {message}");
            }
            let screen = console.screen();
            saw_running |= screen.contains("Running");
            console.app.step().await;
        }
        assert!(saw_running, "the status said Running while it ran");
        let screen = console.screen();
        let text = unwrapped(&screen);
        assert!(text.contains("✓ Complete"), "{screen}");
        assert!(text.contains("34 matched · 1,200 scanned"), "{screen}");
        assert!(
            text.contains("bin(5m)") && text.contains("count(*)"),
            "{screen}"
        );
        assert!(text.contains("2026-11-23 03:00:00.000 25"), "{screen}");
        console.key(KeyCode::Char('>'));
        console.key(KeyCode::Char('>'));
        console.key(KeyCode::Char('~'));
        let screen = console.screen();
        assert!(
            unwrapped(&screen).contains("sorted by count(*) ▼"),
            "{screen}"
        );
        let first_row = screen
            .lines()
            .find(|l| l.contains(":00.000"))
            .unwrap_or_default()
            .to_string();
        assert!(
            first_row.contains("25"),
            "the biggest count is first: {screen}"
        );
        console.key(KeyCode::Char('v'));
        let screen = console.screen();
        assert!(
            screen.contains("v shows the table"),
            "the chart is shown:\n{screen}"
        );
    });
    assert_eq!(emulator.calls_of("StartQuery"), 1);
    assert!(emulator.calls_of("GetQueryResults") >= 3);
}

#[test]
fn cancelling_sends_stop_query_and_so_does_leaving_the_pane() {
    let emulator = Emulator::start();
    seed(&emulator, 1000);
    runtime().block_on(async {
        let mut console = logs_pane(&emulator).await;
        console.ctrl('r');
        console
            .wait_until("the query to run", WAIT, |s| {
                matches!(
                    s.panes.logs.run.as_ref().map(|r| &r.phase),
                    Some(Phase::Polling(QueryStatus::Running))
                )
            })
            .await;
        console.key(KeyCode::Char('X'));
        let screen = console.screen();
        assert!(unwrapped(&screen).contains("■ Cancelled"), "{screen}");
        let deadline = std::time::Instant::now() + WAIT;
        while emulator.calls_of("StopQuery") < 1 && std::time::Instant::now() < deadline {
            console.app.step().await;
        }
        assert_eq!(emulator.calls_of("StopQuery"), 1, "x sends StopQuery");
        let polls = emulator.calls_of("GetQueryResults");
        for _ in 0..10 {
            console.app.step().await;
        }
        assert_eq!(
            emulator.calls_of("GetQueryResults"),
            polls,
            "a cancelled query is not polled any more"
        );

        console.ctrl('r');
        console
            .wait_until("the second query to start", WAIT, |s| {
                s.panes
                    .logs
                    .run
                    .as_ref()
                    .is_some_and(|r| r.query_id.is_some())
            })
            .await;
        console.key(KeyCode::Char('1'));
        let deadline = std::time::Instant::now() + WAIT;
        while emulator.calls_of("StopQuery") < 2 && std::time::Instant::now() < deadline {
            console.app.step().await;
        }
        assert_eq!(
            emulator.calls_of("StopQuery"),
            2,
            "leaving the pane stops the query"
        );
    });
}

#[test]
fn too_many_queries_queue_this_one_and_a_malformed_one_says_why_at_the_query() {
    let emulator = Emulator::start();
    seed(&emulator, 1);
    emulator.fault(json!({"operation": "StartQuery", "times": 4,
        "error": {"code": "LimitExceededException", "message": "Account maximum query concurrency limit of [30] reached.", "status": 400}}));
    runtime().block_on(async {
        let mut console = logs_pane(&emulator).await;
        console.command("logs query stats count(*) by bin(5m)");
        console.ctrl('r');
        let screen = console.wait_for_text("Queued", WAIT).await;
        assert!(
            unwrapped(&screen).contains("LimitExceededException"),
            "the wait is explained:\n{screen}"
        );
        console
            .wait_until("the queued query to complete", WAIT, |s| {
                matches!(
                    s.panes.logs.run.as_ref().map(|r| &r.phase),
                    Some(Phase::Complete)
                )
            })
            .await;
        assert_eq!(console.app.state.panes.logs.results.len(), 3);

        console.command("logs query stats count(* by bin(5m)");
        console.ctrl('r');
        let screen = console.wait_for_text("cannot parse the query", WAIT).await;
        assert!(
            unwrapped(&screen).contains("unbalanced parentheses"),
            "the service's message is shown:\n{screen}"
        );
        assert_eq!(
            console.app.state.panes.logs.results.len(),
            3,
            "the last good rows stay"
        );
    });
}

#[test]
fn in_the_demo_l_on_the_firing_alarm_finds_the_database_timeouts() {
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let config = warroom::config::Config::load(Some(std::path::Path::new("scripts/demo.toml")));
    assert!(config.error.is_none(), "{:?}", config.error);
    runtime().block_on(async {
        let mut console =
            Console::open_with(&emulator.url, Duration::from_secs(300), config.config);
        console.app.set_query_patience(quick());
        console
            .wait_until("the alarms", WAIT, |s| {
                s.panes.alarms.status.loaded_at.is_some()
            })
            .await;
        console.keys("/HTTPCode_Target_5XX");
        console.key(KeyCode::Enter);
        let selected = console
            .app
            .state
            .panes
            .alarms
            .selected_alarm()
            .map(|a| a.name.clone());
        assert_eq!(selected.as_deref(), Some("checkout-api-5xx"));
        console.key(KeyCode::Char('l'));
        let logs = &console.app.state.panes.logs;
        assert_eq!(
            logs.groups,
            ["/aws/ecs/checkout-api", "/aws/lambda/checkout-receipts"],
            "the groups named for checkout-* in the demo config"
        );
        console.ctrl('r');
        console
            .wait_until("the query to finish", WAIT, |s| {
                s.panes.logs.run.as_ref().is_some_and(|r| !r.active())
            })
            .await;
        let screen = console.screen();
        assert_eq!(phase(&console), Some(Phase::Complete), "{screen}");
        console.keys("/timeout");
        console.key(KeyCode::Enter);
        let screen = console.screen();
        assert!(
            unwrapped(&screen).contains("filter “timeout”"),
            "the filter is shown:\n{screen}"
        );
        console.key(KeyCode::Enter);
        let screen = console
            .wait_for_text("\"msg\": \"timeout connecting to database\"", WAIT)
            .await;
        assert!(
            screen.contains("The whole log event (GetLogRecord)"),
            "{screen}"
        );
        console.key(KeyCode::Esc);

        console.key(KeyCode::Char('Q'));
        let screen = console.wait_for_text("checkout 5xx by 5m", WAIT).await;
        assert!(
            screen.contains("Errors by type") && screen.contains("account"),
            "built-in and account queries are listed:\n{screen}"
        );
    });
}

#[test]
fn a_query_saved_to_the_account_is_listed_with_the_saved_queries() {
    let emulator = Emulator::start();
    seed(&emulator, 1);
    runtime().block_on(async {
        let mut console = logs_pane(&emulator).await;
        console.command("logs query stats count(*) by bin(5m)");
        console.key(KeyCode::Char('S'));
        console.keys("checkout errors");
        console.key(KeyCode::Enter);
        console
            .wait_for_text(
                "Saved the query to the account as \"checkout errors\"",
                WAIT,
            )
            .await;
        console.key(KeyCode::Char('Q'));
        console
            .wait_until(
                "the account's saved queries",
                WAIT,
                |s| matches!(&s.panes.logs.overlay, Some(Overlay::Saved(p)) if !p.loading),
            )
            .await;
        let screen = console.screen();
        let line = screen
            .lines()
            .find(|l| l.contains("checkout errors") && l.starts_with('│'))
            .unwrap_or_default();
        assert!(
            line.contains("account") && line.contains("stats count(*) by bin(5m)"),
            "{screen}"
        );
    });
    assert_eq!(emulator.calls_of("PutQueryDefinition"), 1);
}
