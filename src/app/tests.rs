use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use super::effect::Effect;
use super::msg::{Msg, SessionInfo};
use super::state::{AppState, Mode};
use super::update::update;
use crate::alarms::AlarmsMsg;
use crate::alarms::AlarmsWork;
use crate::alarms::sample::{generate, metric_alarm};
use crate::alarms::{AlarmList, AlarmState};
use crate::aws::{AwsError, ErrorKind, Identity, SessionSettings};
use crate::config::{Config, Refresh};
use crate::kit::Loadable;
use crate::timeline::TimelineMsg;
use crate::timeline::TimelineWork;

fn t0() -> Timestamp {
    "2026-11-23T04:00:00Z".parse().unwrap()
}

fn connected_to_us_east_1(generation: u64) -> Msg {
    let info = SessionInfo {
        region: "us-east-1".into(),
        region_defaulted: false,
        profile: None,
        endpoint: None,
    };
    Msg::Connected {
        generation,
        info,
        sources: None,
    }
}

struct Console {
    state: AppState,
    config: Config,
}

impl Console {
    /// A console that has connected and been asked for its first data.
    fn connected() -> (Console, Vec<Effect>) {
        let settings = SessionSettings::in_region("us-east-1");
        let config = Config::defaults();
        let state = AppState::new(
            settings,
            Refresh::every(Duration::from_secs(30)),
            t0(),
            Size::new(120, 40),
        );
        let mut console = Console { state, config };
        let effects = console.send(connected_to_us_east_1(0));
        (console, effects)
    }

    fn send(&mut self, msg: Msg) -> Vec<Effect> {
        update(&mut self.state, &self.config.keymap, msg)
    }

    fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn keys(&mut self, text: &str) -> Vec<Effect> {
        text.chars()
            .flat_map(|c| self.key(KeyCode::Char(c)))
            .collect()
    }

    fn alarms_request(effects: &[Effect]) -> u64 {
        effects
            .iter()
            .find_map(|e| match e {
                Effect::Alarms(AlarmsWork::Load { req }) => Some(*req),
                _ => None,
            })
            .expect("a LoadAlarms effect")
    }

    fn identity_request(effects: &[Effect]) -> u64 {
        effects
            .iter()
            .find_map(|e| match e {
                Effect::LoadIdentity { req } => Some(*req),
                _ => None,
            })
            .expect("a LoadIdentity effect")
    }

    fn load(&mut self, req: u64, count: usize) {
        self.send(Msg::Alarms(AlarmsMsg::Loaded {
            req,
            result: Ok(AlarmList::new(generate(count, t0()))),
        }));
    }

    fn selected(&self) -> String {
        self.state
            .panes
            .alarms
            .selected_alarm()
            .map(|a| a.name.clone())
            .unwrap_or_default()
    }
}

#[test]
fn connecting_asks_for_identity_and_alarms() {
    let (_, effects) = Console::connected();
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadIdentity { .. }))
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Alarms(AlarmsWork::Load { .. })))
    );
}

#[test]
fn refresh_waits_for_its_interval_and_never_overlaps() {
    let (mut c, effects) = Console::connected();
    let req = Console::alarms_request(&effects);
    let tick =
        |c: &mut Console, secs: i64| c.send(Msg::Tick(t0() + SignedDuration::from_secs(secs)));
    assert!(
        tick(&mut c, 45).is_empty(),
        "no second request while one is in flight"
    );
    c.load(req, 3);
    assert!(
        tick(&mut c, 70).is_empty(),
        "30 s have not passed since the last answer"
    );
    let effects = tick(&mut c, 76);
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Alarms(AlarmsWork::Load { .. })]
        ),
        "{effects:?}"
    );
}

#[test]
fn r_refreshes_now_and_the_older_answer_is_dropped() {
    let (mut c, effects) = Console::connected();
    let first = Console::alarms_request(&effects);
    let second = Console::alarms_request(&c.keys("r"));
    assert_ne!(first, second);
    c.send(Msg::Alarms(AlarmsMsg::Loaded {
        req: first,
        result: Ok(AlarmList::new(vec![metric_alarm(
            "stale",
            AlarmState::Alarm,
            t0(),
            ("N", "M"),
            1.0,
        )])),
    }));
    assert!(
        c.state.panes.alarms.all().is_empty(),
        "the superseded answer was applied"
    );
    c.load(second, 2);
    assert_eq!(c.state.panes.alarms.all().len(), 2);
}

#[test]
fn vim_keys_move_and_page() {
    let (mut c, effects) = Console::connected();
    c.load(Console::alarms_request(&effects), 500);
    let order: Vec<String> = c
        .state
        .panes
        .alarms
        .visible_rows(0, 500)
        .map(|a| a.name.clone())
        .collect();
    c.keys("jj");
    assert_eq!(c.selected(), order[2]);
    c.keys("G");
    assert_eq!(c.selected(), order[499]);
    c.keys("g");
    assert_eq!(c.selected(), order[0]);
    c.key(KeyCode::PageDown);
    let page = crate::ui::layout::list_rows(&c.state, super::panes::PaneId::Alarms);
    assert_eq!(
        page,
        40 - 1 - 2 - 4,
        "header, footer, borders, status and column header"
    );
    assert_eq!(c.selected(), order[page]);
    c.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(c.selected(), order[0]);
}

#[test]
fn slash_filters_as_you_type_and_esc_clears() {
    let (mut c, effects) = Console::connected();
    c.load(Console::alarms_request(&effects), 100);
    c.keys("/");
    assert!(matches!(c.state.mode, Mode::Filter(_)));
    c.keys("payments");
    assert_eq!(c.state.panes.alarms.visible_len(), 20);
    c.key(KeyCode::Enter);
    assert!(matches!(c.state.mode, Mode::Normal));
    assert_eq!(c.state.panes.alarms.filter(), "payments");
    c.key(KeyCode::Esc);
    assert_eq!(c.state.panes.alarms.visible_len(), 100);
}

#[test]
fn f_shows_only_firing_alarms() {
    let (mut c, effects) = Console::connected();
    c.load(Console::alarms_request(&effects), 100);
    c.keys("f");
    assert_eq!(c.state.panes.alarms.visible_len(), 5);
    assert!(
        c.state
            .panes
            .alarms
            .visible_rows(0, 5)
            .all(|a| a.state == AlarmState::Alarm)
    );
}

#[test]
fn enter_opens_the_alarm_and_esc_goes_back() {
    let (mut c, effects) = Console::connected();
    c.load(Console::alarms_request(&effects), 10);
    let effects = c.key(KeyCode::Enter);
    assert!(
        matches!(
            effects.as_slice(),
            [
                Effect::Alarms(AlarmsWork::LoadHistory { .. }),
                Effect::Alarms(AlarmsWork::LoadMetric { .. })
            ]
        ),
        "{effects:?}"
    );
    let (history_req, series_req) = match effects.as_slice() {
        [
            Effect::Alarms(AlarmsWork::LoadHistory { req: h, .. }),
            Effect::Alarms(AlarmsWork::LoadMetric { req: s, .. }),
        ] => (*h, *s),
        _ => unreachable!(),
    };
    c.send(Msg::Alarms(AlarmsMsg::HistoryLoaded {
        req: history_req,
        result: Ok(Vec::new()),
    }));
    let denied = AwsError {
        kind: ErrorKind::AccessDenied,
        code: None,
        message: "lacks cloudwatch:GetMetricData".into(),
    };
    c.send(Msg::Alarms(AlarmsMsg::MetricLoaded {
        req: series_req,
        result: Err(denied.clone()),
    }));
    let detail = c.state.panes.alarms.detail.as_ref().unwrap();
    assert_eq!(detail.history, Loadable::Ready(Vec::new()));
    assert_eq!(
        detail.series,
        Some(Loadable::Failed(denied)),
        "the chart's error stays with the chart"
    );
    c.key(KeyCode::Esc);
    assert!(c.state.panes.alarms.detail.is_none());
}

#[test]
fn colon_region_reconnects_and_ignores_the_old_session() {
    let (mut c, effects) = Console::connected();
    c.load(Console::alarms_request(&effects), 10);
    c.keys(":region us-west-2");
    let effects = c.key(KeyCode::Enter);
    match effects.as_slice() {
        [
            Effect::Connect {
                generation: 1,
                settings,
                accounts: None,
            },
        ] => assert_eq!(settings.region.as_deref(), Some("us-west-2")),
        other => panic!("expected a reconnect, got {other:?}"),
    }
    assert!(
        c.state.panes.alarms.all().is_empty(),
        "us-east-1's alarms must not show under us-west-2"
    );
    assert_eq!(c.state.session.region, "us-west-2");
    let stale = c.send(connected_to_us_east_1(0));
    assert!(stale.is_empty());
    assert!(!c.state.session.connected);
}

#[test]
fn tab_completes_commands_and_regions() {
    let (mut c, _) = Console::connected();
    c.keys(":reg");
    c.key(KeyCode::Tab);
    c.keys("eu-c");
    c.key(KeyCode::Tab);
    let Mode::Command(line) = &c.state.mode else {
        panic!("left command mode")
    };
    assert_eq!(line.input.value(), "region eu-central-1");
    c.key(KeyCode::Tab);
    let Mode::Command(line) = &c.state.mode else {
        panic!("left command mode")
    };
    assert_eq!(line.input.value(), "region eu-central-2");
}

#[test]
fn an_unknown_command_says_so() {
    let (mut c, _) = Console::connected();
    c.keys(":explode");
    assert!(c.key(KeyCode::Enter).is_empty());
    let flash = c.state.flash.as_ref().expect("a message");
    assert!(
        flash.text.starts_with("Unknown command `:explode`"),
        "{}",
        flash.text
    );
}

#[test]
fn help_opens_and_closes() {
    let (mut c, _) = Console::connected();
    c.keys("?");
    assert!(matches!(c.state.mode, Mode::Help { .. }));
    c.key(KeyCode::Esc);
    assert!(matches!(c.state.mode, Mode::Normal));
}

#[test]
fn q_quits_but_not_while_typing_a_filter() {
    let (mut c, _) = Console::connected();
    c.keys("/q");
    assert!(!c.state.quit);
    c.key(KeyCode::Esc);
    c.keys("q");
    assert!(c.state.quit);
}

#[test]
fn a_failed_identity_is_asked_again_and_then_known() {
    let (mut c, effects) = Console::connected();
    let req = Console::identity_request(&effects);
    let expired = AwsError {
        kind: ErrorKind::Credentials,
        code: None,
        message: "expired".into(),
    };
    c.send(Msg::IdentityLoaded {
        req,
        result: Err(expired),
    });
    let later = c.send(Msg::Tick(t0() + SignedDuration::from_secs(31)));
    assert!(
        later
            .iter()
            .any(|e| matches!(e, Effect::LoadIdentity { .. })),
        "{later:?}"
    );
    let id = Identity {
        account: "123456789012".into(),
        arn: "arn:aws:iam::123456789012:user/alice".into(),
    };
    let req = Console::identity_request(&later);
    c.send(Msg::IdentityLoaded {
        req,
        result: Ok(id.clone()),
    });
    assert_eq!(c.state.session.identity, Loadable::Ready(id));
}

#[test]
fn a_failed_identity_is_asked_again_within_seconds_not_a_refresh_interval() {
    let (mut c, effects) = Console::connected();
    let req = Console::identity_request(&effects);
    let timed_out = AwsError {
        kind: ErrorKind::Timeout,
        code: None,
        message: "sts:GetCallerIdentity timed out".into(),
    };
    c.send(Msg::IdentityLoaded {
        req,
        result: Err(timed_out),
    });
    let soon = c.send(Msg::Tick(t0() + SignedDuration::from_secs(5)));
    assert!(
        !soon
            .iter()
            .any(|e| matches!(e, Effect::LoadIdentity { .. })),
        "{soon:?}"
    );
    let later = c.send(Msg::Tick(t0() + SignedDuration::from_secs(11)));
    assert!(
        later
            .iter()
            .any(|e| matches!(e, Effect::LoadIdentity { .. })),
        "the account is asked for again 10 s after STS failed, not 30 s: {later:?}"
    );
}

#[test]
fn an_incident_opened_while_the_timeline_gathers_is_gathered_over_its_own_window() {
    let (mut c, _) = Console::connected();
    c.key(KeyCode::Char('6'));
    c.send(Msg::Tick(t0()));
    let before = c.state.panes.timeline.status.pending;
    assert!(before.is_some(), "the Timeline gathers once focused");
    let dir = tempfile::tempdir().unwrap();
    let started = t0() - SignedDuration::from_hours(20);
    let journal = crate::timeline::journal::Journal::start(
        dir.path(),
        "checkout-5xx",
        started,
        None,
        None,
        "alice",
    )
    .unwrap();
    let effects = c.send(Msg::Timeline(TimelineMsg::IncidentChanged {
        result: Ok(crate::timeline::msg::IncidentNow {
            incident: Some(journal.incident().clone()),
            warning: None,
        }),
    }));
    let window = effects.iter().find_map(|e| match e {
        Effect::Timeline(TimelineWork::Load { window, .. }) => Some(*window),
        _ => None,
    });
    assert_eq!(
        window.map(|w| w.0),
        Some(started - SignedDuration::from_hours(1)),
        "gathered again from an hour before the incident: {effects:?}"
    );
    assert_ne!(
        c.state.panes.timeline.status.pending, before,
        "the older gathering is stale"
    );
}

mod pivot;

#[test]
fn colon_account_means_the_account_of_the_set_the_console_is_over_first() {
    use crate::accounts::{AccountEntry, AccountKey, AccountSet, SetSource};
    let set = |name: &str, profile: &str| AccountSet {
        name: name.into(),
        source: SetSource::Profiles(vec![profile.into()]),
        regions: Vec::new(),
        concurrency: 16,
        accounts: vec![AccountEntry {
            key: AccountKey::Profile(profile.into()),
            name: Some("staging".into()),
            color: None,
            production: false,
        }],
    };
    let profile_of = |effects: Vec<Effect>| match effects.as_slice() {
        [Effect::Connect { settings, .. }] => settings.profile.clone(),
        other => panic!("expected a reconnect, got {other:?}"),
    };
    let (mut c, _) = Console::connected();
    c.state.session.account_sets = vec![set("team-a", "stage-a"), set("team-b", "stage-b")];
    c.keys(":account staging");
    assert_eq!(profile_of(c.key(KeyCode::Enter)), Some("stage-a".into()));
    c.state.session.accounts = Some(set("team-b", "stage-b"));
    c.keys(":account staging");
    assert_eq!(profile_of(c.key(KeyCode::Enter)), Some("stage-b".into()));
}
