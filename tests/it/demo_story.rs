//! The demo as `scripts/demo` starts it: the emulator with the very arguments the script
//! gives it, so the story happens now, and the console against it.

use std::time::Duration;

use crossterm::event::KeyCode;
use jiff::{SignedDuration, Timestamp};

use crate::common::console::{Console, runtime};
use crate::common::emulator::Emulator;
use warroom::kit::loadable::Loadable;

const WAIT: Duration = Duration::from_secs(20);

/// The arguments `scripts/demo` gives the emulator's server.py (after `server.py`, up to the
/// redirection of its log).
pub fn demo_emulator_args() -> Vec<String> {
    let script = std::fs::read_to_string("scripts/demo").expect("scripts/demo is readable");
    let line = script
        .lines()
        .find(|l| l.contains("tests/emulator/server.py"))
        .expect("scripts/demo starts tests/emulator/server.py");
    let (_, after) = line
        .split_once("server.py")
        .expect("the line names server.py");
    after
        .split_whitespace()
        .take_while(|w| !w.starts_with("2>") && !w.starts_with(';'))
        .map(str::to_string)
        .collect()
}

/// The emulator as `scripts/demo` starts it.
pub fn demo_emulator() -> Emulator {
    let args = demo_emulator_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Emulator::start_with(&args)
}

fn demo_config() -> warroom::config::Config {
    let loaded = warroom::config::Config::load(Some(std::path::Path::new("scripts/demo.toml")));
    assert!(loaded.error.is_none(), "{:?}", loaded.error);
    loaded.config
}

#[test]
fn the_demo_alarm_fired_minutes_ago_and_its_chart_shows_the_crossing() {
    let emulator = demo_emulator();
    runtime().block_on(async {
        let mut console = Console::open_with(&emulator.url, Duration::from_secs(300), demo_config());
        console
            .wait_until("the alarms", WAIT, |s| s.panes.alarms.status.loaded_at.is_some())
            .await;
        let alarm = console
            .app
            .state
            .panes.alarms
            .all()
            .iter()
            .find(|a| a.name == "checkout-api-5xx")
            .cloned()
            .expect("the demo has checkout-api-5xx");
        let fired = alarm.state_updated.expect("the alarm says when it changed");
        let age = Timestamp::now().duration_since(fired);
        assert!(
            age >= SignedDuration::from_mins(5) && age <= SignedDuration::from_mins(20),
            "checkout-api-5xx went to ALARM {age:?} ago: an on-call story happens now, not hours ago"
        );
        // The README's keys: the cursor starts on the composite, `j` twice to checkout-api-5xx.
        console.keys("jj");
        assert_eq!(
            console.app.state.panes.alarms.selected_alarm().map(|a| a.name.as_str()),
            Some("checkout-api-5xx")
        );
        console.key(KeyCode::Enter);
        console
            .wait_until("the chart", WAIT, |s| {
                s.panes.alarms
                    .detail
                    .as_ref()
                    .is_some_and(|d| matches!(d.series, Some(Loadable::Ready(_))))
            })
            .await;
        let Some(Some(Loadable::Ready(series))) =
            console.app.state.panes.alarms.detail.as_ref().map(|d| d.series.clone())
        else {
            unreachable!("waited for it");
        };
        let below = series.points.iter().any(|(t, v)| *t < fired && *v < 50.0);
        let above = series.points.iter().any(|(t, v)| *t < fired && *v > 50.0);
        assert!(
            below && above,
            "the chart holds the minutes before the crossing and the crossing itself: {:?}",
            series.points.iter().rev().take(20).collect::<Vec<_>>()
        );
        let screen = console.screen();
        assert!(
            screen.contains("ALARM since") && !screen.contains("h ago)"),
            "the detail says it fired minutes ago:\n{screen}"
        );
    });
}
