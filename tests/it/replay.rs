//! Recording the console against the emulator while an alarm changes state, then replaying
//! the recording without AWS at instants before and after the change.

use crate::common;

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;
use serde_json::json;

use common::console::{Console, runtime, test_settings};
use common::emulator::Emulator;
use warroom::alarms::AlarmState;
use warroom::app::msg::Msg;
use warroom::config::Config;
use warroom::console::{Feed, build};
use warroom::record::reader::Recording;
use warroom::startup::Startup;
use warroom::theme::Theme;

const WAIT: Duration = Duration::from_secs(20);

fn row_of<'a>(screen: &'a str, name: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_default()
}

#[test]
fn a_replay_shows_the_alarms_as_they_were_at_each_instant() {
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let path = std::env::temp_dir().join(format!("warroom-recording-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let (name, changed_at) = runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        warroom::console::record(&mut console.app, &path).expect("recording starts");
        console
            .wait_until("the alarms", WAIT, |s| {
                s.panes.alarms.status.loaded_at.is_some()
            })
            .await;
        let calm = console
            .app
            .state
            .panes
            .alarms
            .all()
            .iter()
            .find(|a| a.state == AlarmState::Ok)
            .map(|a| a.name.clone())
            .expect("the demo has an alarm in OK");
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let changed_at = jiff::Timestamp::now();
        emulator.post(
            "/_emulator/alarm-state",
            json!({"AlarmName": calm, "StateValue": "ALARM", "StateReason": "Threshold Crossed"}),
        );
        let first = console.app.state.panes.alarms.status.loaded_at;
        console.keys("r");
        console
            .wait_until("the refresh", WAIT, |s| {
                s.panes.alarms.status.loaded_at != first && !s.panes.alarms.status.in_flight()
            })
            .await;
        console.app.finish_recording();
        (calm, changed_at)
    });

    let recording = Recording::read(&path).expect("the recording reads back");
    assert_eq!(recording.damage, None);
    let (start, end) = recording.span().expect("something was recorded");
    assert!(start < changed_at && changed_at <= end);
    runtime().block_on(async {
        let startup = Startup {
            config: Config::defaults(),
            theme: Theme::dark(),
            problems: Vec::new(),
        };
        let size = Size::new(120, 40);
        let feed = Feed::Replay { recording, at: end };
        let mut app = build(
            test_settings("http://127.0.0.1:9"),
            startup,
            false,
            size,
            feed,
        )
        .expect("the replay opens");
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
        let deadline = tokio::time::Instant::now() + WAIT;
        while app.state.panes.alarms.status.loaded_at.is_none()
            && tokio::time::Instant::now() < deadline
        {
            app.step().await;
        }
        let screen = |app: &warroom::app::App, terminal: &mut Terminal<TestBackend>| {
            app.draw(terminal).expect("drawn");
            let buffer = terminal.backend().buffer();
            let width = buffer.area.width as usize;
            buffer
                .content()
                .chunks(width)
                .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let after = screen(&app, &mut terminal);
        assert!(after.contains("REPLAY"), "{after}");
        assert!(
            row_of(&after, &name).contains("● ALARM"),
            "at the end, {name} fires:\n{after}"
        );
        app.handle(Msg::Key(KeyEvent::new(
            KeyCode::Char('['),
            KeyModifiers::NONE,
        )));
        assert_eq!(
            app.state.replay.as_ref().map(|r| r.at),
            Some(start),
            "[ goes back, no further than the start"
        );
        // Just before the change: the first refresh had arrived, the second not yet.
        let recording = Recording::read(&path).expect("the recording reads back");
        let startup = Startup {
            config: Config::defaults(),
            theme: Theme::dark(),
            problems: Vec::new(),
        };
        let feed = Feed::Replay {
            recording,
            at: changed_at,
        };
        let mut app = build(
            test_settings("http://127.0.0.1:9"),
            startup,
            false,
            size,
            feed,
        )
        .expect("the replay opens");
        let deadline = tokio::time::Instant::now() + WAIT;
        while app.state.panes.alarms.status.loaded_at.is_none()
            && tokio::time::Instant::now() < deadline
        {
            app.step().await;
        }
        let before = screen(&app, &mut terminal);
        assert!(
            row_of(&before, &name).contains("✓ OK"),
            "before the change, {name} was OK:\n{before}"
        );
        assert!(
            before.contains(&warroom::time::utc(changed_at)),
            "the clock shows the replay's instant:\n{before}"
        );
    });
    let _ = std::fs::remove_file(&path);
}

#[test]
fn the_shipped_demo_recording_replays_the_incident() {
    let recording = Recording::read(std::path::Path::new("demo/checkout-5xx.recording.jsonl"))
        .expect("the demo recording reads (scripts/record-demo makes it)");
    assert_eq!(recording.damage, None);
    let (_, end) = recording.span().expect("it holds something");
    let alarms = recording.alarms_at(end).expect("alarms were recorded");
    let firing = alarms
        .iter()
        .find(|a| a.name == "checkout-api-5xx")
        .map(|a| a.state);
    assert_eq!(firing, Some(AlarmState::Alarm));
    assert!(
        recording
            .changes_at(end)
            .iter()
            .any(|c| c.name == "RevokeSecurityGroupIngress"
                && c.principal.contains("alice")
                && c.record
                    .contains("\"eventName\":\"RevokeSecurityGroupIngress\"")),
        "alice's change is in it, with its whole CloudTrail record"
    );
    assert!(recording.health_at(end).is_some_and(|h| !h.is_empty()));
}

/// The shipped recording opened at its start, as `warroom replay demo/...` opens it, on the
/// Timeline pane.
fn replay_of_the_shipped_file() -> (warroom::app::App, jiff::Timestamp, jiff::Timestamp) {
    let recording = Recording::read(std::path::Path::new("demo/checkout-5xx.recording.jsonl"))
        .expect("the demo recording reads (scripts/record-demo makes it)");
    assert_eq!(recording.damage, None);
    let (start, end) = recording.span().expect("it holds something");
    let startup = Startup {
        config: Config::defaults(),
        theme: Theme::dark(),
        problems: Vec::new(),
    };
    let feed = Feed::Replay {
        recording,
        at: start,
    };
    let app = build(
        test_settings("http://127.0.0.1:9"),
        startup,
        false,
        Size::new(160, 48),
        feed,
    )
    .expect("the replay opens");
    (app, start, end)
}

/// Steps the console until the alarms and the Timeline have answered for the current instant.
async fn settle(app: &mut warroom::app::App) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while (app.state.panes.alarms.status.loaded_at.is_none()
        || app.state.panes.timeline.status.loaded_at.is_none()
        || app.state.panes.timeline.status.in_flight())
        && tokio::time::Instant::now() < deadline
    {
        app.step().await;
    }
}

fn firing(app: &warroom::app::App) -> Vec<String> {
    let mut names: Vec<String> = app
        .state
        .panes
        .alarms
        .all()
        .iter()
        .filter(|a| a.state == AlarmState::Alarm)
        .map(|a| a.name.clone())
        .collect();
    names.sort();
    names
}

fn timeline_rows(app: &warroom::app::App) -> Vec<String> {
    app.state
        .panes
        .timeline
        .all()
        .iter()
        .map(|e| {
            format!(
                "{} {} {}",
                warroom::time::utc(e.time),
                e.source.label(),
                e.what
            )
        })
        .collect()
}

#[test]
fn the_shipped_recording_moves_through_the_incident_with_its_timeline_at_every_minute() {
    runtime().block_on(async {
        let (mut app, start, end) = replay_of_the_shipped_file();
        assert!(
            end.duration_since(start) >= jiff::SignedDuration::from_mins(30),
            "the recording spans the story, not a few seconds: {start} to {end}"
        );
        let key = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        app.handle(key('6'));
        settle(&mut app).await;
        assert_eq!(
            firing(&app),
            Vec::<String>::new(),
            "at its start no alarm fires"
        );
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("a test terminal");
        let mut minutes = 0;
        let mut seen_firing = Vec::new();
        loop {
            let at = app.state.replay.as_ref().map(|r| r.at).expect("a replay");
            let rows = timeline_rows(&app);
            assert!(!rows.is_empty(), "the Timeline at {at} is empty");
            assert!(
                app.state.panes.timeline.failures.is_empty(),
                "the Timeline at {at} failed: {:?}",
                app.state.panes.timeline.failures
            );
            assert!(
                app.state.panes.timeline.all().iter().all(|e| e.time <= at),
                "the Timeline at {at} shows what came later: {rows:#?}"
            );
            app.draw(&mut terminal).expect("drawn");
            let screen: String = terminal
                .backend()
                .buffer()
                .content()
                .iter()
                .map(|c| c.symbol())
                .collect();
            assert!(!screen.contains("holds no timeline"), "at {at}: {screen}");
            seen_firing.push(firing(&app).len());
            if at == end {
                break;
            }
            app.handle(key(']'));
            minutes += 1;
            let moved = app.state.replay.as_ref().map(|r| r.at);
            assert_eq!(
                moved,
                Some((at + jiff::SignedDuration::from_mins(1)).min(end)),
                "] moves the clock a minute"
            );
            settle(&mut app).await;
        }
        assert!(minutes >= 30, "{minutes} steps of ] from start to end");
        assert_eq!(
            firing(&app),
            [
                "checkout-api-5xx",
                "checkout-customer-impact",
                "checkout-p99-latency"
            ],
            "at its end three alarms fire"
        );
        assert!(
            seen_firing.windows(2).all(|w| w[0] <= w[1]) && seen_firing.contains(&1),
            "the alarms go to ALARM one by one as the clock moves: {seen_firing:?}"
        );
        let rows = timeline_rows(&app);
        let has = |what: &str| rows.iter().any(|r| r.contains(what));
        for what in [
            "alarm checkout-api-5xx OK → ALARM",
            "alarm checkout-customer-impact OK → ALARM",
            "change RevokeSecurityGroupIngress",
            "health EC2",
            "marker incident checkout-5xx started",
            "runbook runbooks/checkout-5xx.md / restart finished: Success",
            "note ",
        ] {
            assert!(
                has(what),
                "the Timeline at the end has `{what}`:\n{rows:#?}"
            );
        }
        app.handle(key('['));
        settle(&mut app).await;
        let back = timeline_rows(&app);
        assert!(
            back.len() < rows.len()
                && !back.iter().any(|r| r.contains("restart finished: Success")),
            "[ goes back to the Timeline as it stood a minute earlier:\n{back:#?}"
        );
    });
}
