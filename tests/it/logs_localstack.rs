//! Logs Insights answers in LocalStack's shape (the emulator's `quirks`): `@timestamp` in
//! epoch milliseconds, no statistics, and rows without fields, in the pane and in
//! `warroom query`.

use crate::common;
use crate::logs_emulator::warroom_query;

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::KeyCode;
use serde_json::{Value, json};

use common::console::{Console, runtime, unwrapped};
use common::emulator::Emulator;
use warroom::logs::pane::Phase;
use warroom::logs::run::QueryPatience;

const GROUP: &str = "/aws/ecs/checkout-api";
const WAIT: Duration = Duration::from_secs(20);
const STREAM: &str = "checkout-api/web/0123456789abcdef0123456789abcdef";
const FIELDLESS: &str = "fields nothing";

fn message(m: i64) -> String {
    format!(
        "{{\"level\":\"ERROR\",\"msg\":\"timeout connecting to database orders-primary after 5000 ms\",\"n\":{m}}}"
    )
}

/// Events a minute apart, the newest two seconds ago (to the millisecond, and inside a
/// query's range, whose end the service takes in whole seconds); the LocalStack quirks on.
fn seed(emulator: &Emulator) -> Timestamp {
    let now = Timestamp::from_millisecond(Timestamp::now().as_millisecond() - 2_000).unwrap();
    let events: Vec<Value> = (0..20)
        .map(|m| {
            let at = (now - SignedDuration::from_mins(m)).to_string();
            json!({"timestamp": at, "message": message(m), "stream": STREAM})
        })
        .collect();
    emulator.seed(json!({"logs": {
        "polls": 1,
        "quirks": {"timestamp_format": "epoch_ms", "omit_statistics": true},
        "groups": [{"name": GROUP, "retentionInDays": 30, "events": events}],
        "rules": [
            {"match": "stats count(*) by bin(5m)", "rows": [
                {"bin(5m)": "1795402800000", "count(*)": "25"},
                {"bin(5m)": "1795402500000", "count(*)": "5"}
            ]},
            {"match": FIELDLESS, "rows": vec![json!({}); 51]}
        ]
    }}));
    now
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

async fn run_query(console: &mut Console, query: &str) -> String {
    console.command(&format!("logs query {query}"));
    console.ctrl('r');
    loop {
        match phase(console) {
            Some(Phase::Complete) => break,
            Some(Phase::Failed { message, .. }) => panic!("the query failed: {message}"),
            _ => {
                console.app.step().await;
            }
        }
    }
    console.screen()
}

#[test]
fn the_pane_reads_localstacks_answers_pins_charts_and_says_what_is_missing() {
    let emulator = Emulator::start();
    let newest = seed(&emulator);
    let state_dir = std::env::temp_dir().join(format!("warroom-logs-ls-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state_dir);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console.app.set_state_dir(state_dir.clone());
        console.app.set_query_patience(QueryPatience {
            first_poll: Duration::from_millis(50),
            max_poll: Duration::from_millis(200),
            queue_wait: Duration::from_millis(200),
            queue_attempts: 5,
        });
        console
            .wait_until("the session", WAIT, |s| s.session.connected)
            .await;
        console.command("incident start ls-check");
        console
            .wait_until("the incident", WAIT, |s| {
                s.panes.timeline.incident.is_some()
            })
            .await;
        console.key(KeyCode::Char('4'));
        console.key(KeyCode::Char('l'));
        console.wait_for_text(GROUP, WAIT).await;
        console.key(KeyCode::Char(' '));
        console.key(KeyCode::Enter);

        let screen = run_query(
            &mut console,
            "fields @timestamp, @message, @logStream, @log | sort @timestamp desc | limit 5",
        )
        .await;
        let text = unwrapped(&screen);
        assert!(text.contains("statistics not reported"), "{screen}");
        assert!(!text.contains("0 matched"), "{screen}");
        assert!(
            screen.contains(&newest.strftime("%Y-%m-%d %H:%M:%S%.3f").to_string()),
            "the row shows LocalStack's epoch-millisecond time as a UTC time:\n{screen}"
        );
        assert!(
            // Half of the table's 118 columns, less the gap before the next column.
            screen.contains(&message(0)[..58]),
            "@message gets the width:\n{screen}"
        );

        console.key(KeyCode::Char('z'));
        let grid = console.screen();
        let header = grid
            .lines()
            .find(|l| l.contains("@timestamp"))
            .unwrap_or_else(|| panic!("the grid keeps @timestamp:\n{grid}"));
        assert!(
            header.contains("@message"),
            "the grid keeps @message:\n{grid}"
        );
        console.key(KeyCode::Char('z'));

        console.key(KeyCode::Char('p'));
        console
            .wait_until("the pin", WAIT, |s| {
                s.panes
                    .timeline
                    .incident
                    .as_ref()
                    .is_some_and(|i| i.pins.len() == 1)
            })
            .await;
        let pinned = console
            .app
            .state
            .panes
            .timeline
            .incident
            .as_ref()
            .unwrap()
            .pins[0]
            .clone();
        assert_eq!(
            pinned.time, newest,
            "pinned at the row's epoch-ms @timestamp"
        );

        run_query(&mut console, "stats count(*) by bin(5m)").await;
        console.key(KeyCode::Char('v'));
        let chart = console.screen();
        assert!(
            chart.contains("v shows the table") && !chart.contains("a chart needs"),
            "epoch-ms bins chart:\n{chart}"
        );
        console.key(KeyCode::Char('v'));

        let screen = run_query(&mut console, FIELDLESS).await;
        assert!(
            unwrapped(&screen).contains("The service returned 51 rows with no fields"),
            "{screen}"
        );
    });
    let _ = std::fs::remove_dir_all(&state_dir);
}

#[test]
fn warroom_query_says_when_statistics_or_fields_are_missing() {
    let emulator = Emulator::start();
    let newest = seed(&emulator);
    let query = "fields @timestamp, @message | sort @timestamp desc | limit 3";
    let (code, table, stderr) = warroom_query(&emulator.url, query, "table");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("statistics not reported"),
        "stderr: {stderr}"
    );
    assert!(
        table.contains(&newest.as_millisecond().to_string()),
        "{table}"
    );

    let note = "the service returned 51 rows with no fields";
    let (code, table, stderr) = warroom_query(&emulator.url, FIELDLESS, "table");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        table,
        format!("({note})\n"),
        "one line says it, not 51 blank ones"
    );
    let (_, csv, stderr) = warroom_query(&emulator.url, FIELDLESS, "csv");
    assert_eq!(csv, "", "no blank CSV lines");
    assert!(stderr.contains(note), "stderr: {stderr}");
    let (_, json_text, stderr) = warroom_query(&emulator.url, FIELDLESS, "json");
    let rows: Vec<serde_json::Map<String, Value>> =
        serde_json::from_str(&json_text).expect("still valid JSON");
    assert_eq!(rows.len(), 51);
    assert!(rows.iter().all(|r| r.is_empty()));
    assert!(stderr.contains(note), "stderr: {stderr}");
}
