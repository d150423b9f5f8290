//! Live Tail through the real loop and SDK against the emulator's StartLiveTail event
//! stream: lines put after the tail started reach the screen within about a second, pause,
//! AWS's sampling word, renewal at the session limit, reconnecting after a dropped stream,
//! ending when the pane is left, and `warroom tail`.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::KeyCode;
use serde_json::{Value, json};

use common::console::{Console, runtime, unwrapped};
use common::emulator::Emulator;
use warroom::logs::tail::TailPatience;

const GROUP: &str = "/aws/ecs/checkout-api";
const WAIT: Duration = Duration::from_secs(20);

/// An awsJson Logs call straight to the emulator (moto stores the groups and events).
fn logs_call(emulator: &Emulator, operation: &str, body: Value) {
    let response = ureq::post(&emulator.url)
        .header("X-Amz-Target", &format!("Logs_20140328.{operation}"))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=0",
        )
        .send_json(&body)
        .unwrap_or_else(|e| panic!("{operation} to the emulator failed: {e}"));
    assert_eq!(response.status(), 200, "{operation}");
}

fn group(emulator: &Emulator) {
    logs_call(emulator, "CreateLogGroup", json!({"logGroupName": GROUP}));
    for stream in ["web/1", "worker/1"] {
        logs_call(
            emulator,
            "CreateLogStream",
            json!({"logGroupName": GROUP, "logStreamName": stream}),
        );
    }
}

fn put(emulator: &Emulator, messages: &[&str]) {
    let now = jiff::Timestamp::now().as_millisecond();
    let events: Vec<Value> = messages
        .iter()
        .map(|m| json!({"timestamp": now, "message": m}))
        .collect();
    logs_call(
        emulator,
        "PutLogEvents",
        json!({"logGroupName": GROUP, "logStreamName": "web/1", "logEvents": events}),
    );
}

fn tail_settings(emulator: &Emulator, settings: Value) {
    let answer = emulator.post("/_emulator/logs/tail", settings);
    assert_eq!(answer["ok"], true, "{answer}");
}

fn open_sessions(emulator: &Emulator) -> usize {
    let mut response = ureq::get(&format!("{}/_emulator/logs/tail", emulator.url))
        .call()
        .expect("GET /_emulator/logs/tail");
    let body: Value = response.body_mut().read_json().expect("JSON");
    body["sessions"].as_array().map_or(0, Vec::len)
}

/// The console on the Logs pane, tailing the checkout group (`:logs tail group=…`), live.
/// An incident is open, kept in `state`.
async fn tailing(emulator: &Emulator, state: &std::path::Path, words: &str) -> Console {
    let mut console = Console::open(&emulator.url, Duration::from_secs(300));
    console.app.set_tail_patience(TailPatience {
        renew_after: Duration::from_secs(3600),
        first_backoff: Duration::from_millis(200),
        max_backoff: Duration::from_secs(1),
        max_reconnects: 5,
    });
    console.app.set_state_dir(state.to_path_buf());
    console
        .wait_until("the session", WAIT, |s| s.session.connected)
        .await;
    console.command("incident start tail-check");
    console.key(KeyCode::Char('4'));
    console.command(&format!("logs tail group={GROUP}{words}"));
    console.wait_for_text("● Live", WAIT).await;
    console
}

#[test]
fn lines_put_after_the_tail_started_are_on_screen_within_about_a_second() {
    let emulator = Emulator::start();
    group(&emulator);
    put(&emulator, &["before the tail started"]);
    runtime().block_on(async {
        let state = tempfile::tempdir().unwrap();
        let mut console = tailing(&emulator, state.path(), "").await;
        put(
            &emulator,
            &["checkout failed order=42", "{\"level\":\"ERROR\",\"n\":7}"],
        );
        // From PutLogEvents' answer: the events are ingested then.
        let put_at = Instant::now();
        let screen = console
            .wait_for_text("checkout failed order=42", WAIT)
            .await;
        let took = put_at.elapsed();
        assert!(
            took < Duration::from_millis(2000),
            "the line took {took:?} to reach the screen"
        );
        assert!(screen.contains("Live Tail"), "{screen}");
        assert!(screen.contains("web/1"), "{screen}");
        assert!(
            !screen.contains("before the tail started"),
            "Live Tail shows only what came after it started:\n{screen}"
        );
        let text = unwrapped(&screen);
        assert!(text.contains("billed minute"), "{screen}");
        assert!(text.contains("events/s"), "{screen}");
        console.wait_for_text("\"n\":7", WAIT).await;
        console.key(KeyCode::Enter);
        let screen = console.screen();
        assert!(
            screen.contains("level: \"ERROR\"") || screen.contains("\"level\": \"ERROR\""),
            "enter shows the line whole, its JSON pretty-printed:\n{screen}"
        );
        assert!(screen.contains("stream: web/1"), "{screen}");
        console.key(KeyCode::Esc);
        let line_time = console.app.state.panes.logs.tail.as_ref().unwrap().lines[1].time;
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
        let incident = console.app.state.panes.timeline.incident.clone().unwrap();
        assert_eq!(
            incident.pins[0].time, line_time,
            "pinned at the line's own time"
        );
        assert!(incident.pins[0].what.contains("\"n\":7"));
    });
}

#[test]
fn pause_holds_the_view_and_counts_what_arrived_meanwhile() {
    let emulator = Emulator::start();
    group(&emulator);
    runtime().block_on(async {
        let state = tempfile::tempdir().unwrap();
        let mut console = tailing(&emulator, state.path(), "").await;
        put(&emulator, &["first line"]);
        console.wait_for_text("first line", WAIT).await;
        console.key(KeyCode::Char(' '));
        put(&emulator, &["held one", "held two", "held three"]);
        console
            .wait_until("three lines held", WAIT, |s| {
                s.panes
                    .logs
                    .tail
                    .as_ref()
                    .is_some_and(|t| t.held.len() == 3)
            })
            .await;
        let screen = console.screen();
        assert!(
            unwrapped(&screen).contains("Paused: 3 new line(s) since"),
            "{screen}"
        );
        assert!(
            !screen.contains("held one"),
            "the paused view holds:\n{screen}"
        );
        console.key(KeyCode::Char(' '));
        let screen = console.screen();
        assert!(
            screen.contains("held one") && screen.contains("held three"),
            "resuming shows what arrived:\n{screen}"
        );
        assert!(
            !unwrapped(&screen).contains("new line(s) since"),
            "{screen}"
        );
    });
}

#[test]
fn aws_sampling_is_said_on_the_status_line() {
    let emulator = Emulator::start();
    group(&emulator);
    tail_settings(&emulator, json!({"sample_rate": 3}));
    runtime().block_on(async {
        let state = tempfile::tempdir().unwrap();
        let mut console = tailing(&emulator, state.path(), "").await;
        let burst: Vec<String> = (0..10).map(|i| format!("burst {i}")).collect();
        let burst: Vec<&str> = burst.iter().map(String::as_str).collect();
        put(&emulator, &burst);
        let screen = console.wait_for_text("AWS is sampling", WAIT).await;
        let tail = console.app.state.panes.logs.tail.as_ref().unwrap();
        assert_eq!(tail.lines.len(), 3, "{screen}");
    });
}

#[test]
fn the_session_is_renewed_at_the_service_limit_and_the_tail_goes_on() {
    let emulator = Emulator::start();
    group(&emulator);
    tail_settings(
        &emulator,
        json!({"session_seconds": 1.5, "update_seconds": 0.3}),
    );
    runtime().block_on(async {
        let state = tempfile::tempdir().unwrap();
        let mut console = tailing(&emulator, state.path(), "").await;
        let screen = console.wait_for_text("renewed 1×", WAIT).await;
        assert!(!screen.contains("reconnect"), "{screen}");
        put(&emulator, &["after the renewal"]);
        console.wait_for_text("after the renewal", WAIT).await;
        assert!(emulator.calls_of("StartLiveTail") >= 2);
    });
}

#[test]
fn a_dropped_stream_reconnects_with_backoff_and_says_so() {
    let emulator = Emulator::start();
    group(&emulator);
    tail_settings(&emulator, json!({"update_seconds": 0.3}));
    runtime().block_on(async {
        let state = tempfile::tempdir().unwrap();
        let mut console = tailing(&emulator, state.path(), "").await;
        put(&emulator, &["before the drop"]);
        console.wait_for_text("before the drop", WAIT).await;
        tail_settings(&emulator, json!({"drop": true}));
        let screen = console.wait_for_text("The stream dropped", WAIT).await;
        assert!(
            unwrapped(&screen).contains("the connection broke"),
            "{screen}"
        );
        let screen = console.wait_for_text("reconnected 1×", WAIT).await;
        assert!(
            screen.contains("before the drop"),
            "the lines stay:\n{screen}"
        );
        put(&emulator, &["after the reconnect"]);
        console.wait_for_text("after the reconnect", WAIT).await;
    });
}

#[test]
fn leaving_the_pane_or_pressing_t_again_ends_the_session() {
    let emulator = Emulator::start();
    group(&emulator);
    runtime().block_on(async {
        let state = tempfile::tempdir().unwrap();
        let mut console = tailing(&emulator, state.path(), " prefix=web/ filter ERROR").await;
        assert_eq!(open_sessions(&emulator), 1);
        console.key(KeyCode::Char('1'));
        let deadline = Instant::now() + WAIT;
        while open_sessions(&emulator) > 0 {
            assert!(
                Instant::now() < deadline,
                "the session was still open after leaving the pane"
            );
            console.app.step().await;
        }
        assert!(console.app.state.panes.logs.tail.is_none());
        console.key(KeyCode::Char('4'));
        console.key(KeyCode::Char('T'));
        console.wait_for_text("● Live", WAIT).await;
        console.key(KeyCode::Char('T'));
        let deadline = Instant::now() + WAIT;
        while open_sessions(&emulator) > 0 {
            assert!(Instant::now() < deadline, "T did not end the session");
            console.app.step().await;
        }
    });
}

#[test]
fn warroom_tail_prints_the_same_lines_and_ends_cleanly_on_ctrl_c() {
    let emulator = Emulator::start();
    group(&emulator);
    let state = tempfile::tempdir().unwrap();
    let mut child = common::binary::warroom(Some(state.path()))
        .args(["--endpoint-url", &emulator.url, "--region", "us-east-1"])
        .args(["tail", GROUP, "--format", "text"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + WAIT;
    while open_sessions(&emulator) == 0 {
        assert!(Instant::now() < deadline, "warroom tail never started");
        std::thread::sleep(Duration::from_millis(100));
    }
    put(
        &emulator,
        &["checkout failed order=42", "hostile \u{1b}[2J line"],
    );
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let second = lines.next().unwrap().unwrap();
    assert!(
        first.ends_with(&format!("Z {GROUP} web/1 checkout failed order=42")),
        "{first}"
    );
    assert!(first.starts_with("20"), "a UTC time first: {first}");
    assert!(second.ends_with("hostile \\x1b[2J line"), "{second}");
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "ctrl-c ends warroom tail cleanly");
}

#[test]
fn warroom_tail_exits_1_with_aws_error_whole_on_stderr() {
    let emulator = Emulator::start();
    let state = tempfile::tempdir().unwrap();
    let out = common::binary::warroom(Some(state.path()))
        .args(["--endpoint-url", &emulator.url, "--region", "us-east-1"])
        .args(["tail", "/no/such/group"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ResourceNotFoundException")
            || stderr.contains("The specified log group does not exist: /no/such/group"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}
