use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use crate::alarms::AlarmsMsg;
use crate::alarms::AlarmsWork;
use crate::alarms::sample::metric_alarm;
use crate::alarms::{AlarmList, AlarmState};
use crate::app::effect::Effect;
use crate::app::msg::{Msg, SessionInfo};
use crate::app::panes::PaneId;
use crate::app::state::AppState;
use crate::app::update::update;
use crate::aws::SessionSettings;
use crate::config::{Config, Refresh};
use crate::logs::LogsMsg;
use crate::logs::LogsWork;
use crate::logs::pane::{LogsPane, Phase};
use crate::logs::range::TimeRange;
use crate::logs::run::Progress;

fn now() -> Timestamp {
    "2026-11-23T03:20:00Z".parse().unwrap()
}

struct Console {
    state: AppState,
    config: Config,
    alarms_req: u64,
}

impl Console {
    fn new(read_only: bool) -> Console {
        let config = Config::from_user_text(
            std::path::Path::new("test.toml"),
            "[logs.alarm_groups]\n\"checkout-*\" = [\"/aws/ecs/checkout-api\"]\n",
        )
        .unwrap();
        let settings = SessionSettings {
            read_only,
            ..SessionSettings::in_region("us-east-1")
        };
        let mut state = AppState::new(
            settings,
            Refresh::every(Duration::from_secs(30)),
            now(),
            Size::new(120, 40),
        );
        state.panes.logs = LogsPane::from_config(&config.logs, Vec::new());
        let mut console = Console {
            state,
            config,
            alarms_req: 0,
        };
        let effects = console.send(Msg::Connected {
            generation: 0,
            info: SessionInfo {
                region: "us-east-1".into(),
                region_defaulted: false,
                profile: None,
                endpoint: None,
            },
            sources: None,
        });
        console.alarms_req = effects
            .iter()
            .find_map(|e| match e {
                Effect::Alarms(AlarmsWork::Load { req }) => Some(*req),
                _ => None,
            })
            .unwrap_or_default();
        console
    }

    fn send(&mut self, msg: Msg) -> Vec<Effect> {
        update(&mut self.state, &self.config.keymap, msg)
    }

    fn press(&mut self, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
        self.send(Msg::Key(KeyEvent::new(code, modifiers)))
    }

    fn keys(&mut self, text: &str) -> Vec<Effect> {
        text.chars()
            .flat_map(|c| self.press(KeyCode::Char(c), KeyModifiers::NONE))
            .collect()
    }

    fn line(&mut self, text: &str) -> Vec<Effect> {
        let mut effects = self.keys(":");
        effects.extend(self.keys(text));
        effects.extend(self.press(KeyCode::Enter, KeyModifiers::NONE));
        effects
    }

    fn run(&mut self) -> Vec<Effect> {
        self.press(KeyCode::Char('r'), KeyModifiers::CONTROL)
    }

    fn flash(&self) -> String {
        self.state
            .flash
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default()
    }
}

#[test]
fn l_on_an_alarm_opens_logs_around_its_last_change_on_the_groups_named_for_it() {
    let mut console = Console::new(false);
    let fired = now() - SignedDuration::from_mins(18);
    let alarm = metric_alarm(
        "checkout-api-5xx",
        AlarmState::Alarm,
        fired,
        ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
        10.0,
    );
    let req = console.alarms_req;
    console.send(Msg::Alarms(AlarmsMsg::Loaded {
        req,
        result: Ok(AlarmList::new(vec![alarm])),
    }));
    console.keys("l");
    assert_eq!(console.state.focus, PaneId::Logs);
    assert_eq!(console.state.panes.logs.groups, ["/aws/ecs/checkout-api"]);
    assert_eq!(
        console.state.panes.logs.range,
        TimeRange::Between(fired - SignedDuration::from_mins(30), now()),
        "from half an hour before the change to now, as it fired less than 30 minutes ago"
    );
}

#[test]
fn running_again_stops_the_old_query_before_starting_the_new_one() {
    let mut console = Console::new(false);
    console.keys("4");
    console.line("logs group=/aws/ecs/checkout-api query fields @message");
    let effects = console.run();
    let first = effects
        .iter()
        .find_map(|e| match e {
            Effect::Logs(LogsWork::Run { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("ctrl-r runs the query");
    console.send(Msg::Logs(LogsMsg::Progress {
        req: first,
        progress: Progress::Started {
            query_id: "q-1".into(),
        },
    }));
    let effects = console.run();
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Logs(LogsWork::Stop { query_id: Some(id) }), Effect::Logs(LogsWork::Run { .. })] if id == "q-1"
        ),
        "{effects:?}"
    );
    console.send(Msg::Logs(LogsMsg::Progress {
        req: first,
        progress: Progress::Queued { attempt: 2 },
    }));
    assert_eq!(
        console
            .state
            .panes
            .logs
            .run
            .as_ref()
            .map(|r| r.phase.clone()),
        Some(Phase::Starting),
        "the old query's news is dropped"
    );
}

#[test]
fn read_only_never_saves_a_query_to_the_account() {
    let mut console = Console::new(true);
    console.keys("4");
    let effects = console.line("logs save checkout errors");
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Logs(LogsWork::Save { .. }))),
        "{effects:?}"
    );
    assert!(console.flash().contains("Read-only"), "{}", console.flash());
    let mut writable = Console::new(false);
    writable.keys("4");
    let effects = writable.line("logs save checkout errors");
    assert!(
        matches!(effects.as_slice(), [Effect::Logs(LogsWork::Save { query })] if query.name == "checkout errors"),
        "{effects:?}"
    );
}

#[test]
fn the_editor_takes_every_key_until_esc_and_a_query_needs_log_groups() {
    let mut console = Console::new(false);
    console.keys("4e");
    console.keys("q| limit 5");
    assert!(!console.state.quit, "q types in the editor");
    assert!(
        console
            .state
            .panes
            .logs
            .editor
            .text()
            .contains("q| limit 5")
    );
    console.press(KeyCode::Esc, KeyModifiers::NONE);
    assert!(!console.state.panes.logs.editing);
    let effects = console.run();
    assert!(effects.is_empty());
    assert!(console.flash().contains("press l"), "{}", console.flash());
}
