use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::accounts::sweep::Failed;
use crate::accounts::target::AccountRef;
use crate::alarms::model::AlarmState;
use crate::alarms::sample::metric_alarm;

fn now() -> Timestamp {
    "2026-11-23T04:00:00Z".parse().unwrap()
}

const ACCOUNTS: [(&str, &str); 3] = [
    ("production", "123456789012"),
    ("staging", "210987654321"),
    ("sandbox", "456789012345"),
];
const REGIONS: [&str; 2] = ["us-east-1", "eu-west-1"];

fn account(index: usize) -> AccountRef {
    AccountRef {
        id: Some(ACCOUNTS[index].1.into()),
        name: ACCOUNTS[index].0.into(),
    }
}

fn place(account_index: usize, region: usize) -> Place {
    Place {
        account: account(account_index),
        region: REGIONS[region].into(),
        order: account_index * REGIONS.len() + region,
    }
}

fn plan() -> Plan {
    Plan {
        set: "demo".into(),
        accounts: (0..ACCOUNTS.len()).map(account).collect(),
        regions: REGIONS.len(),
    }
}

/// Alarms as a sweep places them: each with its account and region.
fn placed(at: &Place, alarms: &[(&str, AlarmState, i64)]) -> Result<AlarmList, String> {
    let alarms = alarms.iter().map(|(name, state, minutes_ago)| {
        let mut alarm = metric_alarm(
            name,
            *state,
            now() - SignedDuration::from_mins(*minutes_ago),
            ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
            50.0,
        );
        alarm.place = Some(at.clone());
        alarm
    });
    Ok(AlarmList::new(alarms.collect()))
}

fn rows(pane: &AlarmsPane) -> Vec<String> {
    pane.visible_rows(0, usize::MAX)
        .map(|a| {
            let p = a.place.as_ref().expect("a placed alarm");
            format!(
                "{} {} {} {}",
                a.state.label(),
                p.account.name,
                p.region,
                a.name
            )
        })
        .collect()
}

const DENIED: &str = "AccessDenied: cannot assume the role";

/// A pane that planned the demo set and heard production in both regions and sandbox's
/// refusal; staging still loads.
fn half_swept(req: u64) -> AlarmsPane {
    let mut pane = AlarmsPane::default();
    pane.request(req, now());
    pane.planned(req, Ok(plan()), now());
    let answers = [
        (
            place(0, 0),
            placed(&place(0, 0), &[("api-5xx", AlarmState::Alarm, 5)]),
        ),
        (place(2, 0), Err(DENIED.to_string())),
        (place(2, 1), Err(DENIED.to_string())),
        (
            place(0, 1),
            placed(&place(0, 1), &[("api-5xx", AlarmState::Ok, 50)]),
        ),
    ];
    for (at, result) in answers {
        assert_eq!(pane.target_answered(req, at, result, now()), None);
    }
    pane
}

#[test]
fn answers_go_on_screen_as_they_come_and_a_denied_account_is_counted_and_said_once() {
    let pane = half_swept(1);
    assert_eq!(
        rows(&pane),
        [
            "ALARM production us-east-1 api-5xx",
            "OK production eu-west-1 api-5xx"
        ],
        "the same name in two regions is two alarms"
    );
    assert!(pane.over_set());
    assert_eq!(
        pane.tally(),
        Some(Tally {
            answered: 1,
            failed: 1,
            loading: 1
        })
    );
    let failed = pane.over().expect("over a set").failed();
    assert_eq!(
        failed,
        [Failed {
            account: "sandbox (456789012345)".into(),
            regions: vec!["us-east-1".into(), "eu-west-1".into()],
            error: DENIED.into(),
        }]
    );
}

#[test]
fn alarm_first_across_every_account_then_ties_in_the_sets_order() {
    let mut pane = half_swept(1);
    let staging = [
        (
            place(1, 1),
            placed(&place(1, 1), &[("api-5xx", AlarmState::Alarm, 5)]),
        ),
        (
            place(1, 0),
            placed(&place(1, 0), &[("queue-depth", AlarmState::Alarm, 1)]),
        ),
    ];
    let mut firing = None;
    for (at, result) in staging {
        firing = pane.target_answered(1, at, result, now());
    }
    assert_eq!(
        rows(&pane),
        [
            "ALARM staging us-east-1 queue-depth",
            "ALARM production us-east-1 api-5xx",
            "ALARM staging eu-west-1 api-5xx",
            "OK production eu-west-1 api-5xx",
        ],
        "newest first among ALARM; the same alarm at the same moment in the set's order"
    );
    assert_eq!(
        firing.expect("the last answer makes the list whole"),
        ["queue-depth", "api-5xx", "api-5xx"]
    );
    assert_eq!(
        pane.tally(),
        Some(Tally {
            answered: 2,
            failed: 1,
            loading: 0
        })
    );
    assert!(!pane.status.in_flight());

    pane.set_filter("account=staging region=eu-west-1");
    assert_eq!(rows(&pane), ["ALARM staging eu-west-1 api-5xx"]);
    pane.set_filter("account=123456789012 5xx");
    assert_eq!(
        rows(&pane),
        [
            "ALARM production us-east-1 api-5xx",
            "OK production eu-west-1 api-5xx"
        ],
        "the account by its id, with text"
    );
}

#[test]
fn a_refresh_keeps_the_whole_list_until_every_account_has_answered_again() {
    let mut pane = half_swept(1);
    for at in [place(1, 0), place(1, 1)] {
        pane.target_answered(1, at.clone(), placed(&at, &[]), now());
    }
    assert_eq!(rows(&pane).len(), 2);
    pane.request(2, now());
    pane.planned(2, Ok(plan()), now());
    let calm = place(0, 0);
    pane.target_answered(
        2,
        calm.clone(),
        placed(&calm, &[("api-5xx", AlarmState::Ok, 1)]),
        now(),
    );
    assert_eq!(
        rows(&pane)[0],
        "ALARM production us-east-1 api-5xx",
        "the last whole list stays while the refresh sweeps"
    );
    assert_eq!(
        pane.tally(),
        Some(Tally {
            answered: 0,
            failed: 0,
            loading: 3
        }),
        "the footer counts the sweep in flight"
    );
    assert_eq!(pane.over().expect("the shown sweep").failed().len(), 1);
    for at in [
        place(0, 1),
        place(1, 0),
        place(1, 1),
        place(2, 0),
        place(2, 1),
    ] {
        pane.target_answered(2, at.clone(), placed(&at, &[]), now());
    }
    assert_eq!(rows(&pane), ["OK production us-east-1 api-5xx"]);
    assert!(
        pane.over().expect("the new sweep").failed().is_empty(),
        "sandbox answered this time"
    );
    assert_eq!(
        pane.target_answered(1, place(0, 0), placed(&place(0, 0), &[]), now()),
        None,
        "an answer of an older sweep is dropped"
    );
}

#[test]
fn over_a_set_before_its_accounts_are_listed_the_status_says_so() {
    let refresh = crate::config::Refresh::every(std::time::Duration::from_secs(30));
    let status = |pane: &AlarmsPane, set: Option<&str>| {
        let cx = crate::pane::ViewCx {
            now: now(),
            connected: true,
            refresh: &refresh,
            set,
        };
        crate::alarms::status::status(pane, &cx)
            .into_iter()
            .map(|(text, _)| text)
            .collect::<String>()
    };
    let mut pane = AlarmsPane::default();
    pane.request(1, now());
    let before = status(&pane, Some("demo"));
    assert!(
        before.contains("sweeping account set demo: listing its accounts"),
        "{before}"
    );
    assert!(!before.contains("the firing ones first"), "{before}");
    let one = status(&pane, None);
    assert!(one.contains("the firing ones first"), "{one}");
    pane.planned(1, Ok(plan()), now());
    let planned = status(&pane, Some("demo"));
    assert!(planned.contains("0 of 3 accounts answered"), "{planned}");
}
