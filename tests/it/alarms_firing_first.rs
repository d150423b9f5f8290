//! The firing alarms first: with 600 alarms and DescribeAlarms answering in 0.5 s, the
//! firing ones are on screen after one call, then every alarm page by page with its
//! progress, through the real loop and the real SDK against the emulator.

use crate::common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::KeyCode;
use serde_json::{Value, json};

use common::console::{Console, runtime, unwrapped};
use common::emulator::Emulator;

const WAIT: Duration = Duration::from_secs(30);
const FIRING: [&str; 3] = ["zz-checkout-5xx", "zz-orders-5xx", "zz-payments-latency"];

/// 600 alarms: 597 OK and, named to sort onto the last page of every alarm, 3 firing.
fn seed_600(emulator: &Emulator) {
    emulator.seed(json!({"generate": {"metric_alarms": 597, "state": "OK"}}));
    emulator.seed(json!({"metric_alarms": FIRING.iter().enumerate().map(|(i, name)| json!({
        "AlarmName": name,
        "Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count",
        "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 3,
        "Threshold": 50.0, "ComparisonOperator": "GreaterThanThreshold",
        "StateValue": "ALARM", "StateReason": "Threshold Crossed",
        "StateUpdatedTimestamp": (jiff::Timestamp::now() - jiff::SignedDuration::from_mins(5 + i as i64)).to_string()
    })).collect::<Vec<_>>()}));
}

fn slow(emulator: &Emulator, seconds: f64) {
    emulator.fault(json!({"operation": "DescribeAlarms", "delay_seconds": seconds}));
}

/// DescribeAlarms calls the emulator has answered.
fn answered(emulator: &Emulator) -> usize {
    emulator
        .requests()
        .iter()
        .filter(|r| r["operation"] == "DescribeAlarms" && r["status"] != Value::Null)
        .count()
}

fn shown(console: &Console) -> Vec<String> {
    console
        .app
        .state
        .panes
        .alarms
        .visible_rows(0, usize::MAX)
        .map(|a| a.name.clone())
        .collect()
}

fn selected(console: &Console) -> Option<String> {
    let pane = &console.app.state.panes.alarms;
    pane.selected_alarm().map(|a| a.name.clone())
}

fn assert_each_once(console: &Console, screen: &str) {
    let names = shown(console);
    let unique: HashSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "a row shown twice:\n{screen}");
}

/// The progress text on screen ("page 3, 300 alarms"), if any.
fn progress(screen: &str) -> Option<String> {
    let at = screen.find("page ")?;
    let line = &screen[at..];
    let end = line.find(" alarms").map(|e| e + " alarms".len())?;
    Some(line[..end].to_string())
}

#[test]
fn the_firing_alarms_are_on_screen_after_one_call_then_every_page_with_its_progress() {
    let emulator = Emulator::start();
    seed_600(&emulator);
    slow(&emulator, 0.5);
    runtime().block_on(async {
        let started = Instant::now();
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        let screen = loop {
            let screen = console.screen();
            if FIRING.iter().all(|name| screen.contains(name)) {
                break screen;
            }
            assert!(
                started.elapsed() < WAIT,
                "the firing alarms never showed:\n{screen}"
            );
            console.app.step().await;
        };
        let elapsed = started.elapsed();
        let calls = answered(&emulator);
        assert!(
            calls <= 1,
            "the firing alarms waited for {calls} DescribeAlarms answers:\n{screen}"
        );
        assert!(
            elapsed < Duration::from_millis(1500),
            "the firing alarms took {elapsed:?} to show"
        );
        for name in FIRING {
            assert!(
                screen
                    .lines()
                    .any(|l| l.contains(name) && l.contains("● ALARM")),
                "{name} is shown firing:\n{screen}"
            );
        }
        assert!(screen.contains("loading alarms:"), "{screen}");
        assert_eq!(
            console.app.state.panes.runbooks.firing.len(),
            3,
            "the Runbooks pane heard the firing alarms with the first answer"
        );

        console.key(KeyCode::Down);
        let kept = selected(&console).expect("an alarm is selected");
        let mut pages_seen = Vec::new();
        while console.app.state.panes.alarms.loads() == 0 {
            let screen = console.screen();
            assert_each_once(&console, &screen);
            assert_eq!(
                selected(&console).as_deref(),
                Some(kept.as_str()),
                "the cursor left its alarm:\n{screen}"
            );
            if let Some(words) = progress(&screen)
                && pages_seen.last() != Some(&words)
            {
                pages_seen.push(words);
            }
            assert!(
                started.elapsed() < WAIT,
                "the list never completed:\n{screen}"
            );
            console.app.step().await;
        }
        assert!(
            pages_seen.len() >= 3 && pages_seen.contains(&"page 3, 300 alarms".to_string()),
            "the progress was shown page by page: {pages_seen:?}"
        );
        let screen = console.screen();
        assert_each_once(&console, &screen);
        assert_eq!(console.app.state.panes.alarms.all().len(), 600);
        assert_eq!(selected(&console).as_deref(), Some(kept.as_str()));
        assert!(
            screen.contains("● 3 ALARM") && screen.contains("✓ 597 OK"),
            "{screen}"
        );
        assert!(
            progress(&screen).is_none(),
            "the progress is gone:\n{screen}"
        );
    });
    assert_eq!(
        emulator.calls_of("DescribeAlarms"),
        7,
        "one call for the firing alarms, six pages of 100 for every alarm"
    );
}

#[test]
fn a_refresh_keeps_the_whole_list_on_screen_until_its_last_page() {
    let emulator = Emulator::start();
    seed_600(&emulator);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console
            .wait_until("every alarm", WAIT, |s| s.panes.alarms.loads() > 0)
            .await;
        for _ in 0..5 {
            console.key(KeyCode::Down);
        }
        let kept = selected(&console).expect("an alarm is selected");
        let before = shown(&console);
        emulator.seed(json!({"metric_alarms": [{
            "AlarmName": "aaa-new-firing", "Namespace": "Queue", "MetricName": "Depth",
            "StateValue": "ALARM", "StateReason": "Threshold Crossed"
        }]}));
        slow(&emulator, 0.5);
        let loads = console.app.state.panes.alarms.loads();
        console.keys("r");
        let started = Instant::now();
        let mut progress_seen = Vec::new();
        while console.app.state.panes.alarms.loads() == loads {
            let screen = console.screen();
            assert_eq!(
                shown(&console),
                before,
                "the list on screen changed before the refresh was whole:\n{screen}"
            );
            assert!(!screen.contains("aaa-new-firing"), "{screen}");
            if let Some(at) = screen.find("refreshing: page") {
                let words = screen[at..].lines().next().unwrap_or("").to_string();
                if progress_seen.last() != Some(&words) {
                    progress_seen.push(words);
                }
            }
            assert!(
                started.elapsed() < WAIT,
                "the refresh never completed:\n{screen}"
            );
            console.app.step().await;
        }
        let screen = console.screen();
        assert!(
            progress_seen.len() >= 3,
            "the refresh showed its progress: {progress_seen:?}"
        );
        assert_eq!(console.app.state.panes.alarms.all().len(), 601);
        assert!(
            screen.contains("aaa-new-firing") && screen.contains("● 4 ALARM"),
            "the new list, at once:\n{screen}"
        );
        assert_eq!(selected(&console).as_deref(), Some(kept.as_str()));
        assert_each_once(&console, &screen);
    });
}

#[test]
fn a_failed_page_keeps_what_arrived_and_says_the_list_is_partial() {
    let emulator = Emulator::start();
    seed_600(&emulator);
    // The firing pass and two pages are served; the third page fails every attempt.
    emulator.fault(json!({"operation": "DescribeAlarms", "delay_seconds": 0.01, "times": 3}));
    emulator.fault(json!({"operation": "DescribeAlarms", "times": 3,
        "error": {"code": "Throttling", "message": "Rate exceeded", "status": 400}}));
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console
            .wait_until("the failed page", WAIT, |s| {
                s.panes.alarms.status.error.is_some()
            })
            .await;
        let screen = console.screen();
        let error = console.app.state.panes.alarms.status.error.clone().unwrap();
        let text = unwrapped(&screen);
        assert!(
            text.contains(&error.message),
            "the error is shown whole ({:?}):\n{screen}",
            error.message
        );
        assert!(
            text.contains("The list is partial: 200 alarms arrived before page 3 failed."),
            "{screen}"
        );
        assert_eq!(
            console.app.state.panes.alarms.all().len(),
            203,
            "the firing alarms and the two pages that arrived"
        );
        for name in FIRING {
            assert!(screen.contains(name), "{name} is still shown:\n{screen}");
        }
        assert_each_once(&console, &screen);
    });
}
