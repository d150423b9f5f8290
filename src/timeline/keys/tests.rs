use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use crate::alarms::sample::metric_alarm;
use crate::alarms::{AlarmList, AlarmState, AlarmsMsg, AlarmsWork};
use crate::app::effect::Effect;
use crate::app::msg::{Msg, SessionInfo};
use crate::app::panes::PaneId;
use crate::app::state::{AppState, Mode};
use crate::app::update::update;
use crate::aws::SessionSettings;
use crate::config::{Config, Refresh};
use crate::timeline::gather::Gathered;
use crate::timeline::journal::Journal;
use crate::timeline::model::{self, Source, TimelineEvent};
use crate::timeline::{IncidentAction, TimelineMsg, TimelineWork};

fn t0() -> Timestamp {
    "2026-11-23T04:00:00Z".parse().unwrap()
}

struct Console {
    state: AppState,
    config: Config,
    first: Vec<Effect>,
}

impl Console {
    fn connected() -> Console {
        let settings = SessionSettings::in_region("us-east-1");
        let state = AppState::new(
            settings,
            Refresh::every(Duration::from_secs(30)),
            t0(),
            Size::new(120, 40),
        );
        let mut c = Console {
            state,
            config: Config::defaults(),
            first: Vec::new(),
        };
        c.first = c.send(Msg::Connected {
            generation: 0,
            info: SessionInfo {
                region: "us-east-1".into(),
                region_defaulted: false,
                profile: None,
                endpoint: None,
            },
            sources: None,
        });
        c
    }

    fn send(&mut self, msg: Msg) -> Vec<Effect> {
        update(&mut self.state, &self.config.keymap, msg)
    }

    fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn line(&mut self, text: &str) -> Vec<Effect> {
        self.key(KeyCode::Char(':'));
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
        self.key(KeyCode::Enter)
    }

    fn flash(&self) -> String {
        self.state
            .flash
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default()
    }

    fn open_incident(&mut self, dir: &std::path::Path) {
        let journal =
            Journal::start(dir, "checkout-5xx", t0(), None, None, "alice").expect("a journal");
        self.send(Msg::Timeline(TimelineMsg::IncidentChanged {
            result: Ok(crate::timeline::msg::IncidentNow {
                incident: Some(journal.incident().clone()),
                warning: None,
            }),
        }));
    }

    /// The alarms pane holds one firing alarm; the timeline one row for it.
    fn with_alarm_row(&mut self) -> TimelineEvent {
        let req = self
            .first
            .iter()
            .find_map(|e| match e {
                Effect::Alarms(AlarmsWork::Load { req }) => Some(*req),
                _ => None,
            })
            .expect("an alarms load");
        let since = t0() - SignedDuration::from_mins(10);
        let alarm = metric_alarm(
            "checkout-api-5xx",
            AlarmState::Alarm,
            since,
            ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
            10.0,
        );
        self.send(Msg::Alarms(AlarmsMsg::Loaded {
            req,
            result: Ok(AlarmList::new(vec![alarm])),
        }));
        let row = TimelineEvent {
            time: since,
            source: Source::Alarm,
            what: "checkout-api-5xx is ALARM".into(),
            who: model::CLOUDWATCH.into(),
            detail: String::new(),
            risky: false,
            key: format!("alarm:checkout-api-5xx@{since}"),
        };
        self.gathered(vec![row.clone()]);
        row
    }

    fn gathered(&mut self, events: Vec<TimelineEvent>) {
        let effects = self.line("timeline incident");
        let req = effects
            .iter()
            .find_map(|e| match e {
                Effect::Timeline(TimelineWork::Load { req, .. }) => Some(*req),
                _ => None,
            })
            .or(self.state.panes.timeline.status.pending)
            .expect("a gathering");
        self.send(Msg::Timeline(TimelineMsg::Loaded {
            req,
            gathered: Gathered {
                account: None,
                region: "us-east-1".into(),
                events,
                ..Gathered::default()
            },
        }));
    }
}

fn pinned(effects: &[Effect]) -> Option<&TimelineEvent> {
    effects.iter().find_map(|e| match e {
        Effect::Timeline(TimelineWork::Incident {
            action: IncidentAction::Pin { item },
        }) => Some(item),
        _ => None,
    })
}

#[test]
fn n_and_p_without_an_incident_say_how_to_open_one_from_any_pane() {
    let mut c = Console::connected();
    assert_eq!(c.state.focus, PaneId::Alarms);
    assert!(c.key(KeyCode::Char('p')).is_empty());
    assert_eq!(
        c.flash(),
        "No incident is open: :incident start NAME opens one",
        "not that no alarm is selected"
    );
    c.state.flash = None;
    c.key(KeyCode::Char('n'));
    assert_eq!(
        c.flash(),
        "No incident is open: :incident start NAME opens one"
    );
    assert!(matches!(c.state.mode, Mode::Normal));
}

#[test]
fn n_opens_the_note_line_and_p_pins_the_alarm_and_the_timeline_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Console::connected();
    let row = c.with_alarm_row();
    c.open_incident(dir.path());
    c.key(KeyCode::Char('1'));
    c.key(KeyCode::Char('n'));
    match &c.state.mode {
        Mode::Command(line) => assert_eq!(line.input.value(), "note "),
        _ => panic!("the note line is open"),
    }
    c.key(KeyCode::Esc);
    let effects = c.key(KeyCode::Char('p'));
    let item = pinned(&effects).expect("the alarm pinned");
    assert_eq!(item.key, row.key);
    assert!(c.flash().starts_with("Pinned at "), "{}", c.flash());
    c.key(KeyCode::Char('6'));
    let effects = c.key(KeyCode::Char('p'));
    assert_eq!(
        pinned(&effects),
        Some(&row),
        "the Timeline pins its own row"
    );
    c.key(KeyCode::Char('5'));
    assert!(pinned(&c.key(KeyCode::Char('p'))).is_none());
    assert_eq!(c.flash(), "Runbook steps join the timeline by themselves");
}

#[test]
fn enter_on_a_row_shows_its_alarm_or_opens_the_row_whole() {
    let mut c = Console::connected();
    c.with_alarm_row();
    c.key(KeyCode::Enter);
    assert_eq!(c.state.focus, PaneId::Alarms, "the alarm in its own pane");
    assert_eq!(
        c.state
            .panes
            .alarms
            .selected_alarm()
            .map(|a| a.name.as_str()),
        Some("checkout-api-5xx")
    );
    let note = TimelineEvent {
        time: t0(),
        source: Source::Note,
        what: "rolled back".into(),
        who: "alice".into(),
        detail: String::new(),
        risky: false,
        key: "note:n1".into(),
    };
    c.gathered(vec![note]);
    c.key(KeyCode::Enter);
    assert_eq!(c.state.focus, PaneId::Timeline);
    assert_eq!(c.state.panes.timeline.detail, Some(0), "opened whole");
}

#[test]
fn note_and_export_keep_the_focus_and_timeline_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Console::connected();
    c.open_incident(dir.path());
    c.key(KeyCode::Char('1'));
    let effects = c.line("note at 03:55 rolled back");
    assert_eq!(c.state.focus, PaneId::Alarms);
    assert!(
        effects.iter().any(|e| matches!(
            e,
            Effect::Timeline(TimelineWork::Incident {
                action: IncidentAction::Note { text, .. }
            }) if text == "rolled back"
        )),
        "{effects:?}"
    );
    let effects = c.line("export csv out.csv");
    assert_eq!(c.state.focus, PaneId::Alarms);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Timeline(TimelineWork::Export { .. }))),
        "{effects:?}"
    );
    c.line("incident nonsense");
    assert_eq!(c.state.focus, PaneId::Alarms, "a bad :incident stays put");
    assert!(
        c.flash().starts_with("`:incident start NAME"),
        "{}",
        c.flash()
    );
    c.line("timeline bogus");
    assert_eq!(c.state.focus, PaneId::Timeline);
    assert!(
        c.flash().starts_with("`:timeline alarm,change"),
        "{}",
        c.flash()
    );
}

#[test]
fn f_in_the_timeline_says_to_filter_and_a_finished_query_gathers_again() {
    let mut c = Console::connected();
    c.gathered(Vec::new());
    c.key(KeyCode::Char('f'));
    assert_eq!(
        c.flash(),
        "f shows only firing alarms; filter this pane with /"
    );
    assert!(!c.state.panes.timeline.stale);
    c.send(Msg::Logs(crate::logs::LogsMsg::Finished {
        req: 999,
        result: Err(crate::logs::run::QueryError::Aws(crate::aws::AwsError {
            kind: crate::aws::ErrorKind::Service,
            code: None,
            message: "gone".into(),
        })),
    }));
    assert!(c.state.panes.timeline.stale, "a query ran");
    let effects = c.send(Msg::Tick(t0()));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Timeline(TimelineWork::Load { .. }))),
        "{effects:?}"
    );
}
