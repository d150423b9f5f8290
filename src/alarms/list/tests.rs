use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::alarms::sample::metric_alarm;

fn now() -> Timestamp {
    "2026-11-23T04:00:00Z".parse().unwrap()
}

fn alarm(name: &str, state: AlarmState, minutes_ago: i64) -> Alarm {
    metric_alarm(
        name,
        state,
        now() - SignedDuration::from_mins(minutes_ago),
        ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
        50.0,
    )
}

fn names(list: &AlarmList) -> Vec<&str> {
    list.alarms().iter().map(|a| a.name.as_str()).collect()
}

#[test]
fn a_merged_part_takes_the_place_of_the_same_alarms_and_sorts_in() {
    let mut list = AlarmList::new(vec![
        alarm("api-5xx", AlarmState::Alarm, 5),
        alarm("db-cpu", AlarmState::Alarm, 10),
    ]);
    let changed = list.merge(AlarmList::new(vec![
        alarm("api-5xx", AlarmState::Alarm, 5),
        alarm("db-cpu", AlarmState::Ok, 1),
        alarm("queue-depth", AlarmState::InsufficientData, 30),
    ]));
    assert_eq!(names(&list), ["api-5xx", "queue-depth", "db-cpu"]);
    assert_eq!(changed, [(None, "db-cpu".to_string())]);
    assert_eq!(list.count(AlarmState::Alarm), 1);
    assert_eq!(list.count(AlarmState::Ok), 1);
    assert_eq!(list.count(AlarmState::InsufficientData), 1);
    let terms = ["db-cpu", "ok"];
    let at = names(&list).iter().position(|n| *n == "db-cpu").unwrap();
    assert!(list.matches(at, &terms), "the filter text moved with it");
}

#[test]
fn joined_pages_keep_an_alarm_once_as_the_last_page_has_it() {
    let list = AlarmList::join(vec![
        AlarmList::new(vec![
            alarm("a", AlarmState::Ok, 5),
            alarm("b", AlarmState::Alarm, 5),
        ]),
        AlarmList::new(vec![
            alarm("a", AlarmState::Alarm, 1),
            alarm("c", AlarmState::Ok, 2),
        ]),
    ]);
    assert_eq!(names(&list), ["a", "b", "c"]);
    assert_eq!(list.alarms()[0].state, AlarmState::Alarm);
    assert_eq!(list.count(AlarmState::Alarm), 2);
    assert_eq!(list.len(), 3);
}

#[test]
fn retain_drops_alarms_and_their_counts() {
    let mut list = AlarmList::new(vec![
        alarm("a", AlarmState::Alarm, 5),
        alarm("b", AlarmState::Ok, 5),
    ]);
    list.retain(|a| a.name != "a");
    assert_eq!(names(&list), ["b"]);
    assert_eq!(list.count(AlarmState::Alarm), 0);
    assert!(list.matches(0, &["b"]));
}
