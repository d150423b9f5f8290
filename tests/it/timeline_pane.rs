//! The Timeline pane against the emulator's demo: an incident started from the console, its
//! rows from every source in time order, a note, a pin at the item's own time, an export
//! read back, and the notes still there after a restart.

use crate::common;

use std::path::Path;
use std::time::Duration;

use ratatui::crossterm::event::KeyCode;

use common::console::{Console, runtime, unwrapped};
use common::emulator::Emulator;
use warroom::app::panes::PaneId;
use warroom::timeline::Source;

const WAIT: Duration = Duration::from_secs(30);

async fn console_with_state(emulator: &Emulator, state_dir: &Path) -> Console {
    let mut console = Console::open(&emulator.url, Duration::from_secs(300));
    console.app.set_state_dir(state_dir.to_path_buf());
    console
        .wait_until("the alarms", WAIT, |s| {
            s.panes.alarms.status.loaded_at.is_some()
        })
        .await;
    console
}

#[test]
fn an_incident_timeline_tells_the_demo_story_and_keeps_its_notes() {
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let state_dir = std::env::temp_dir().join(format!("warroom-timeline-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&state_dir);
    let export = state_dir.join("export.md");
    let fired = runtime().block_on(async {
        let mut console = console_with_state(&emulator, &state_dir).await;
        let fired = console
            .app
            .state
            .panes
            .alarms
            .find("checkout-api-5xx")
            .and_then(|a| a.state_updated)
            .expect("the demo alarm fired");
        let started = fired - jiff::SignedDuration::from_mins(17);
        console.command(&format!("incident start checkout-5xx at {started}"));
        assert_eq!(console.app.state.focus, PaneId::Timeline);
        console
            .wait_until("the incident and its timeline", WAIT, |s| {
                s.panes.timeline.incident.is_some() && s.panes.timeline.status.loaded_at.is_some()
            })
            .await;
        let events = console.app.state.panes.timeline.all().to_vec();
        let times: Vec<_> = events.iter().map(|e| e.time).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "in time order");
        let has = |source: Source, text: &str| {
            events
                .iter()
                .any(|e| e.source == source && e.what.contains(text))
        };
        assert!(has(Source::Health, ""), "the 02:50 Health issue");
        assert!(
            events
                .iter()
                .any(|e| e.source == Source::Change && e.risky && e.who.contains("alice")),
            "alice's risky change"
        );
        assert!(
            has(Source::Alarm, "checkout-api-5xx"),
            "the alarm transitions"
        );
        assert!(has(Source::Marker, "started"));
        let screen = console.screen();
        assert!(
            screen.contains("⚑ checkout-5xx"),
            "the header shows the incident:\n{screen}"
        );
        assert!(
            unwrapped(&screen).contains("incident checkout-5xx: started"),
            "{screen}"
        );
        let first = screen
            .lines()
            .find(|l| l.contains("health"))
            .unwrap_or_default();
        assert!(
            first.contains(&fired.strftime("%Y-%m-%d").to_string()),
            "dates in UTC:\n{screen}"
        );

        console.key(KeyCode::Char('n'));
        console.keys("rolled back the security group rule");
        console.key(KeyCode::Enter);
        console
            .wait_until("the note", WAIT, |s| {
                s.panes
                    .timeline
                    .incident
                    .as_ref()
                    .is_some_and(|i| i.notes.len() == 1)
            })
            .await;
        let id = console
            .app
            .state
            .panes
            .timeline
            .incident
            .as_ref()
            .unwrap()
            .notes[0]
            .id
            .clone();
        let row = console
            .app
            .state
            .panes
            .timeline
            .all()
            .iter()
            .find(|e| e.source == Source::Note)
            .map(|e| e.detail.clone())
            .unwrap_or_default();
        assert_eq!(
            row,
            format!("note {id}"),
            "the row shows the id :note edit takes"
        );
        console.command(&format!(
            "note edit {id} rolled back the security group rule at 03:20"
        ));
        console
            .wait_until("the edit", WAIT, |s| {
                s.panes
                    .timeline
                    .incident
                    .as_ref()
                    .is_some_and(|i| i.notes[0].history.len() == 1)
            })
            .await;
        console.key(KeyCode::Char('1'));
        console.keys("/HTTPCode_Target_5XX");
        console.key(KeyCode::Enter);
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
        assert_eq!(pinned.time, fired, "a pin keeps the item's own time");

        console.command("timeline all");
        console.command(&format!("export md {}", export.display()));
        console
            .wait_until("the export", WAIT, |_| export.exists())
            .await;
        console.wait_for_text("Exported the timeline", WAIT).await;
        let rows = console.app.state.panes.timeline.all().len();
        let text = std::fs::read_to_string(&export).expect("the export");
        let table = text.lines().filter(|l| l.starts_with("| 20")).count();
        assert_eq!(table, rows, "one table row per event:\n{text}");
        assert!(text.contains("rolled back the security group rule at 03:20"));
        fired
    });
    let recording = state_dir.join("incidents/checkout-5xx/recording.jsonl");
    let recorded = std::fs::read_to_string(&recording).unwrap_or_default();
    assert!(
        recorded.contains("\"kind\":\"alarms\""),
        "an open incident is recorded"
    );
    runtime().block_on(async {
        let mut console = console_with_state(&emulator, &state_dir).await;
        console.command("incident open checkout-5xx");
        console
            .wait_until("the incident", WAIT, |s| {
                s.panes.timeline.incident.is_some()
            })
            .await;
        let incident = console.app.state.panes.timeline.incident.clone().unwrap();
        assert_eq!(
            incident.notes[0].text, "rolled back the security group rule at 03:20",
            "notes survive a restart"
        );
        assert_eq!(
            incident.notes[0].history,
            ["rolled back the security group rule"],
            "and so do their earlier versions"
        );
        assert_eq!(incident.pins[0].time, fired);
    });
    let _ = std::fs::remove_dir_all(&state_dir);
}
