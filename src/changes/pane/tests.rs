use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use super::*;
use crate::alarms::sample::metric_alarm;
use crate::alarms::{AlarmList, AlarmState};
use crate::app::msg::{Msg, SessionInfo};
use crate::app::panes::PaneId;
use crate::app::state::AppState;
use crate::app::update::update;
use crate::aws::SessionSettings;
use crate::changes::sample::change;
use crate::config::{Config, Refresh};

fn now() -> Timestamp {
    "2026-11-23T03:30:00Z".parse().unwrap()
}

fn ago(minutes: i64) -> Timestamp {
    now() - SignedDuration::from_mins(minutes)
}

fn pane() -> ChangesPane {
    ChangesPane::new(SignedDuration::from_hours(3), now())
}

fn names(pane: &ChangesPane) -> Vec<String> {
    pane.visible_rows(0, usize::MAX)
        .map(|c| c.name.clone())
        .collect()
}

#[test]
fn pages_stream_in_and_the_progress_says_how_far() {
    let mut p = pane();
    let Effect::LoadChanges { req, .. } = p.load(1, now()) else {
        panic!("no load")
    };
    p.page(
        req,
        Ok(vec![change(
            "CreateTags",
            "bob",
            "ec2.amazonaws.com",
            "i-1",
            ago(5),
        )]),
        true,
        now(),
    );
    assert_eq!(
        names(&p),
        ["CreateTags"],
        "the first page shows before the rest"
    );
    assert!(p.status.in_flight());
    assert_eq!(p.progress.reached, Some(ago(5)));
    p.page(
        req,
        Ok(vec![change(
            "PutParameter",
            "bob",
            "ssm.amazonaws.com",
            "p",
            ago(50),
        )]),
        false,
        now(),
    );
    assert_eq!(names(&p), ["CreateTags", "PutParameter"]);
    assert_eq!(
        (p.progress.pages, p.progress.events, p.progress.done),
        (2, 2, true)
    );
    assert!(!p.status.in_flight());
}

#[test]
fn a_page_of_a_superseded_query_is_dropped() {
    let mut p = pane();
    p.load(1, now());
    p.load(2, now());
    p.page(
        1,
        Ok(vec![change("Old", "x", "ec2.amazonaws.com", "r", ago(1))]),
        false,
        now(),
    );
    assert!(p.all().is_empty());
}

#[test]
fn what_aws_could_not_filter_is_filtered_here() {
    let mut p = pane();
    let mut query = p.query.clone();
    query
        .apply(&["user=alice", "event=Authorize*"], now())
        .unwrap();
    let Effect::LoadChanges { req, query: sent } = p.set_query(query, None, 1, now()) else {
        panic!("no load")
    };
    assert_eq!(
        sent.server_attribute().map(|a| a.1),
        Some("alice".to_string())
    );
    let page = vec![
        change(
            "AuthorizeSecurityGroupIngress",
            "alice",
            "ec2.amazonaws.com",
            "sg-1",
            ago(3),
        ),
        change(
            "RevokeSecurityGroupIngress",
            "alice",
            "ec2.amazonaws.com",
            "sg-1",
            ago(4),
        ),
    ];
    p.page(req, Ok(page), false, now());
    assert_eq!(names(&p), ["AuthorizeSecurityGroupIngress"]);
}

#[test]
fn a_refresh_asks_only_for_what_is_newer_and_puts_it_first() {
    let mut p = pane();
    p.load(1, now());
    p.page(
        1,
        Ok(vec![change(
            "CreateTags",
            "bob",
            "ec2.amazonaws.com",
            "i-1",
            ago(5),
        )]),
        false,
        now(),
    );
    let later = now() + SignedDuration::from_mins(2);
    let Effect::LoadChanges { req, query } = p.refresh(2, later) else {
        panic!("no load")
    };
    assert_eq!((query.start, query.end), (ago(5), later));
    p.page(
        req,
        Ok(vec![
            change("RunInstances", "carol", "ec2.amazonaws.com", "i-2", ago(1)),
            change("CreateTags", "bob", "ec2.amazonaws.com", "i-1", ago(5)),
        ]),
        false,
        later,
    );
    assert_eq!(
        names(&p),
        ["RunInstances", "CreateTags"],
        "newest first, no duplicate"
    );
}

#[test]
fn a_refresh_adds_no_page_and_counts_only_the_events_it_found_new() {
    let mut p = pane();
    p.load(1, now());
    let tags = change("CreateTags", "bob", "ec2.amazonaws.com", "i-1", ago(5));
    p.page(1, Ok(vec![tags.clone()]), false, now());
    assert_eq!((p.progress.pages, p.progress.events), (1, 1));
    let later = now() + SignedDuration::from_mins(2);
    let Effect::LoadChanges { req, .. } = p.refresh(2, later) else {
        panic!("no load")
    };
    p.page(req, Ok(vec![tags.clone()]), false, later);
    assert_eq!(
        (p.progress.pages, p.progress.events),
        (1, 1),
        "r found nothing new"
    );
    let even_later = later + SignedDuration::from_mins(2);
    let Effect::LoadChanges { req, .. } = p.refresh(3, even_later) else {
        panic!("no load")
    };
    let run = change("RunInstances", "carol", "ec2.amazonaws.com", "i-2", ago(1));
    p.page(req, Ok(vec![run, tags]), false, even_later);
    assert_eq!(
        (p.progress.pages, p.progress.events),
        (1, 2),
        "one new event"
    );
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
            .any(|e| matches!(e, Effect::LoadChanges { .. })),
        "{effects:?}"
    );
    let effects = key(&mut state, &config, '1');
    assert!(effects.contains(&Effect::StopChanges), "{effects:?}");
    assert!(state.changes.progress.stopped);
    let effects = key(&mut state, &config, '2');
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadChanges { .. })),
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
    state.alarms.request(req, now());
    update(
        &mut state,
        &config.keymap,
        Msg::AlarmsLoaded {
            req,
            result: Ok(AlarmList::new(vec![alarm])),
        },
    );
    let effects = key(&mut state, &config, 'c');
    let load = effects.iter().find_map(|e| match e {
        Effect::LoadChanges { req, query } => Some((*req, query.clone())),
        _ => None,
    });
    let (req, query) = load.expect("a load of Changes");
    assert_eq!(
        effects
            .iter()
            .filter(|e| matches!(e, Effect::LoadChanges { .. }))
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
        Msg::ChangesPage {
            req,
            result: Ok(page),
            more: false,
        },
    );
    assert_eq!(
        state.changes.selected_change().map(|c| c.name.as_str()),
        Some("RevokeSecurityGroupIngress")
    );
}

#[test]
fn u_and_o_narrow_to_the_selected_principal_or_resource_and_y_copies() {
    let (mut state, config) = console();
    let effects = key(&mut state, &config, '2');
    let Some(Effect::LoadChanges { req, .. }) = effects
        .into_iter()
        .find(|e| matches!(e, Effect::LoadChanges { .. }))
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
        Msg::ChangesPage {
            req,
            result: Ok(page),
            more: false,
        },
    );
    let effects = key(&mut state, &config, 'u');
    assert!(
        matches!(&effects[..], [Effect::LoadChanges { query, .. }] if query.filters.user.as_deref() == Some("alice"))
    );
    let req = match &effects[0] {
        Effect::LoadChanges { req, .. } => *req,
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
        Msg::ChangesPage {
            req,
            result: Ok(page),
            more: false,
        },
    );
    let effects = key(&mut state, &config, 'o');
    assert!(matches!(&effects[..], [Effect::LoadChanges { query, .. }]
        if query.filters.resource.as_deref() == Some("sg-0db5") && query.filters.user.as_deref() == Some("alice")));
    let req = match &effects[0] {
        Effect::LoadChanges { req, .. } => *req,
        _ => unreachable!(),
    };
    update(
        &mut state,
        &config.keymap,
        Msg::ChangesPage {
            req,
            result: Ok(vec![change(
                "RevokeSecurityGroupIngress",
                "alice",
                "ec2.amazonaws.com",
                "sg-0db5",
                ago(30),
            )]),
            more: false,
        },
    );
    assert!(
        matches!(&key(&mut state, &config, 'Y')[..], [Effect::Copy { text }] if text == "sg-0db5")
    );
}
