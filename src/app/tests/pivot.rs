use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use crate::alarms::sample::metric_alarm;
use crate::alarms::{AlarmList, AlarmState, AlarmsMsg};
use crate::app::effect::Effect;
use crate::app::msg::{Msg, SessionInfo};
use crate::app::panes::PaneId;
use crate::app::state::AppState;
use crate::app::update::update;
use crate::aws::SessionSettings;
use crate::changes::sample::change;
use crate::changes::{ChangesMsg, ChangesWork};
use crate::config::{Config, Refresh};

fn now() -> Timestamp {
    "2026-11-23T03:30:00Z".parse().unwrap()
}

fn ago(minutes: i64) -> Timestamp {
    now() - SignedDuration::from_mins(minutes)
}

fn console() -> (AppState, Config) {
    let config = Config::defaults();
    let mut state = AppState::new(
        SessionSettings::in_region("us-east-1"),
        Refresh::every(Duration::from_secs(120)),
        now(),
        Size::new(120, 40),
    );
    let info = SessionInfo {
        region: "us-east-1".into(),
        region_defaulted: false,
        profile: None,
        endpoint: None,
    };
    update(
        &mut state,
        &config.keymap,
        Msg::Connected {
            generation: 0,
            info,
            sources: None,
        },
    );
    (state, config)
}

fn key(state: &mut AppState, config: &Config, c: char) -> Vec<Effect> {
    update(
        state,
        &config.keymap,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    )
}

#[test]
fn changes_load_when_the_pane_is_focused_and_stop_when_it_is_left() {
    let (mut state, config) = console();
    let effects = key(&mut state, &config, '2');
    assert_eq!(state.focus, PaneId::Changes);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Changes(ChangesWork::Load { .. }))),
        "{effects:?}"
    );
    let effects = key(&mut state, &config, '1');
    assert!(
        effects.contains(&Effect::Changes(ChangesWork::Stop)),
        "{effects:?}"
    );
    assert!(state.panes.changes.progress.stopped);
    let effects = key(&mut state, &config, '2');
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Changes(ChangesWork::Load { .. }))),
        "coming back loads again"
    );
}

#[test]
fn c_on_an_alarm_opens_the_hour_before_it_fired_and_selects_the_risky_change() {
    let (mut state, config) = console();
    let fired: Timestamp = "2026-11-23T03:02:00Z".parse().unwrap();
    let alarm = metric_alarm(
        "checkout-api-5xx",
        AlarmState::Alarm,
        fired,
        ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
        50.0,
    );
    let req = state.next_req();
    state.panes.alarms.request(req, now());
    update(
        &mut state,
        &config.keymap,
        Msg::Alarms(AlarmsMsg::Loaded {
            req,
            result: Ok(AlarmList::new(vec![alarm])),
        }),
    );
    let effects = key(&mut state, &config, 'c');
    let load = effects.iter().find_map(|e| match e {
        Effect::Changes(ChangesWork::Load { req, query }) => Some((*req, query.clone())),
        _ => None,
    });
    let (req, query) = load.expect("a load of Changes");
    assert_eq!(
        effects
            .iter()
            .filter(|e| matches!(e, Effect::Changes(ChangesWork::Load { .. })))
            .count(),
        1
    );
    assert_eq!(
        (query.start, query.end),
        (fired - SignedDuration::from_hours(1), fired)
    );
    assert_eq!(state.focus, PaneId::Changes);
    let mut revoke = change(
        "RevokeSecurityGroupIngress",
        "alice",
        "ec2.amazonaws.com",
        "sg-0db5e1c7a9f3b2d41",
        fired - SignedDuration::from_mins(4),
    );
    revoke.risk = Some("security group rules changed".into());
    let page = vec![
        change(
            "CreateTags",
            "bob",
            "ec2.amazonaws.com",
            "i-1",
            fired - SignedDuration::from_mins(2),
        ),
        revoke,
    ];
    update(
        &mut state,
        &config.keymap,
        Msg::Changes(ChangesMsg::Page {
            req,
            result: Ok(page),
            more: false,
        }),
    );
    assert_eq!(
        state
            .panes
            .changes
            .selected_change()
            .map(|c| c.name.as_str()),
        Some("RevokeSecurityGroupIngress")
    );
}

#[test]
fn u_and_o_narrow_to_the_selected_principal_or_resource_and_y_copies() {
    let (mut state, config) = console();
    let effects = key(&mut state, &config, '2');
    let Some(Effect::Changes(ChangesWork::Load { req, .. })) = effects
        .into_iter()
        .find(|e| matches!(e, Effect::Changes(ChangesWork::Load { .. })))
    else {
        panic!("no load")
    };
    let page = vec![change(
        "RevokeSecurityGroupIngress",
        "alice",
        "ec2.amazonaws.com",
        "sg-0db5",
        ago(30),
    )];
    update(
        &mut state,
        &config.keymap,
        Msg::Changes(ChangesMsg::Page {
            req,
            result: Ok(page),
            more: false,
        }),
    );
    let effects = key(&mut state, &config, 'u');
    assert!(
        matches!(&effects[..], [Effect::Changes(ChangesWork::Load { query, .. })] if query.filters.user.as_deref() == Some("alice"))
    );
    let req = match &effects[0] {
        Effect::Changes(ChangesWork::Load { req, .. }) => *req,
        _ => unreachable!(),
    };
    let page = vec![change(
        "RevokeSecurityGroupIngress",
        "alice",
        "ec2.amazonaws.com",
        "sg-0db5",
        ago(30),
    )];
    update(
        &mut state,
        &config.keymap,
        Msg::Changes(ChangesMsg::Page {
            req,
            result: Ok(page),
            more: false,
        }),
    );
    let effects = key(&mut state, &config, 'o');
    assert!(
        matches!(&effects[..], [Effect::Changes(ChangesWork::Load { query, .. })]
        if query.filters.resource.as_deref() == Some("sg-0db5") && query.filters.user.as_deref() == Some("alice"))
    );
    let req = match &effects[0] {
        Effect::Changes(ChangesWork::Load { req, .. }) => *req,
        _ => unreachable!(),
    };
    update(
        &mut state,
        &config.keymap,
        Msg::Changes(ChangesMsg::Page {
            req,
            result: Ok(vec![change(
                "RevokeSecurityGroupIngress",
                "alice",
                "ec2.amazonaws.com",
                "sg-0db5",
                ago(30),
            )]),
            more: false,
        }),
    );
    assert!(
        matches!(&key(&mut state, &config, 'Y')[..], [Effect::Copy { text }] if text == "sg-0db5")
    );
}
