use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::alarms::Alarm;
use crate::alarms::sample::metric_alarm;
use crate::aws::ErrorKind;

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

trait FiringAt {
    fn firing_at(&mut self, req: u64, result: Result<AlarmList, AwsError>) -> Option<Vec<String>>;
}

impl FiringAt for AlarmsPane {
    fn firing_at(&mut self, req: u64, result: Result<AlarmList, AwsError>) -> Option<Vec<String>> {
        self.firing_loaded(req, result, now())
    }
}

fn list(alarms: Vec<Alarm>) -> Result<AlarmList, AwsError> {
    Ok(AlarmList::new(alarms))
}

fn names(pane: &AlarmsPane) -> Vec<String> {
    pane.visible_rows(0, usize::MAX)
        .map(|a| a.name.clone())
        .collect()
}

fn throttled() -> AwsError {
    AwsError {
        kind: ErrorKind::Throttled,
        code: Some("Throttling".into()),
        message: "cloudwatch:DescribeAlarms was throttled: Rate exceeded".into(),
    }
}

/// A whole first list: "a" and "b" firing, "c" OK.
fn whole(pane: &mut AlarmsPane, req: u64) {
    pane.request(req, now());
    pane.firing_at(req, list(vec![alarm("a", AlarmState::Alarm, 5)]));
    let all = vec![
        alarm("a", AlarmState::Alarm, 5),
        alarm("b", AlarmState::Alarm, 9),
        alarm("c", AlarmState::Ok, 60),
    ];
    assert!(pane.page_loaded(req, 1, list(all), false, now()).is_some());
}

#[test]
fn the_first_load_shows_the_firing_alarms_at_once_then_each_page_in_place() {
    let mut pane = AlarmsPane::default();
    pane.request(1, now());
    let told = pane.firing_at(
        1,
        list(vec![
            alarm("api-5xx", AlarmState::Alarm, 5),
            alarm("deleted-since", AlarmState::Alarm, 7),
        ]),
    );
    assert_eq!(told.unwrap(), ["api-5xx", "deleted-since"]);
    assert_eq!(names(&pane), ["api-5xx", "deleted-since"]);
    pane.move_by(1, 10);
    assert_eq!(pane.selected_alarm().unwrap().name, "deleted-since");

    let first = vec![
        alarm("api-5xx", AlarmState::Alarm, 5),
        alarm("db-cpu", AlarmState::Ok, 30),
    ];
    assert!(pane.page_loaded(1, 1, list(first), true, now()).is_none());
    assert_eq!(names(&pane), ["api-5xx", "deleted-since", "db-cpu"]);
    assert_eq!(pane.selected_alarm().unwrap().name, "deleted-since");
    assert_eq!(pane.loading().unwrap().pages, 1);
    assert_eq!(pane.loading().unwrap().alarms, 2);
    assert!(pane.status.in_flight());

    let second = vec![
        alarm("disk-full", AlarmState::Alarm, 1),
        alarm("queue", AlarmState::InsufficientData, 20),
    ];
    let told = pane.page_loaded(1, 2, list(second), false, now());
    assert_eq!(told.unwrap(), ["disk-full", "api-5xx"]);
    assert_eq!(
        names(&pane),
        ["disk-full", "api-5xx", "queue", "db-cpu"],
        "each alarm once; the one no page held is gone when the list is whole"
    );
    assert_eq!(
        pane.selected_alarm().unwrap().name,
        "disk-full",
        "the selected alarm is gone: the cursor goes to the top"
    );
    assert!(!pane.status.in_flight() && pane.status.loaded_at.is_some());
    assert!(pane.loading().is_none());
    assert_eq!(pane.count(AlarmState::Alarm), 2);
    assert_eq!(pane.loads(), 1);
}

#[test]
fn an_alarm_from_the_firing_pass_is_replaced_by_its_copy_from_the_full_list() {
    let mut pane = AlarmsPane::default();
    pane.request(1, now());
    pane.firing_at(1, list(vec![alarm("api-5xx", AlarmState::Alarm, 5)]));
    pane.page_loaded(
        1,
        1,
        list(vec![alarm("api-5xx", AlarmState::Ok, 0)]),
        true,
        now(),
    );
    assert_eq!(names(&pane), ["api-5xx"]);
    assert_eq!(pane.all()[0].state, AlarmState::Ok);
    assert!(
        pane.find("api-5xx").is_some_and(|a| pane.is_changed(a)),
        "its state changed on screen"
    );
}

#[test]
fn a_refresh_keeps_the_whole_list_on_screen_until_its_last_page() {
    let mut pane = AlarmsPane::default();
    whole(&mut pane, 1);
    pane.move_by(2, 10);
    assert_eq!(pane.selected_alarm().unwrap().name, "c");

    pane.request(2, now());
    let told = pane.firing_at(2, list(vec![alarm("c", AlarmState::Alarm, 0)]));
    assert_eq!(told.unwrap(), ["c"], "the other panes hear at once");
    pane.page_loaded(
        2,
        1,
        list(vec![alarm("c", AlarmState::Alarm, 0)]),
        true,
        now(),
    );
    assert_eq!(names(&pane), ["a", "b", "c"], "the old list, unchanged");
    assert_eq!(pane.all()[2].state, AlarmState::Ok);
    assert_eq!(pane.loading().unwrap().pages, 1);

    let rest = vec![
        alarm("a", AlarmState::Alarm, 5),
        alarm("d", AlarmState::Ok, 60),
    ];
    assert!(pane.page_loaded(2, 2, list(rest), false, now()).is_some());
    assert_eq!(names(&pane), ["c", "a", "d"]);
    assert_eq!(pane.selected_alarm().unwrap().name, "c");
    assert!(pane.find("c").is_some_and(|a| pane.is_changed(a)));
    assert_eq!(pane.loads(), 2);
}

#[test]
fn a_failed_page_of_the_first_load_keeps_what_arrived_and_says_it_is_partial() {
    let mut pane = AlarmsPane::default();
    pane.request(1, now());
    pane.firing_at(1, list(vec![alarm("a", AlarmState::Alarm, 5)]));
    pane.page_loaded(
        1,
        1,
        list(vec![
            alarm("a", AlarmState::Alarm, 5),
            alarm("b", AlarmState::Ok, 9),
        ]),
        true,
        now(),
    );
    assert!(
        pane.page_loaded(1, 2, Err(throttled()), false, now())
            .is_none()
    );
    assert_eq!(names(&pane), ["a", "b"]);
    assert_eq!(pane.status.error, Some(throttled()));
    assert!(!pane.status.in_flight());
    assert_eq!(
        pane.stopped(),
        Some(&Stopped {
            page: 2,
            alarms: 2,
            partial: true
        })
    );
    assert_eq!(pane.loads(), 0, "a partial list is not a whole one");

    // The next load shows its pages as they come again, and completes the list.
    pane.request(2, now());
    assert!(pane.loading().unwrap().shown);
    pane.firing_at(2, list(vec![]));
    pane.page_loaded(2, 1, list(vec![alarm("c", AlarmState::Ok, 1)]), true, now());
    assert_eq!(names(&pane), ["a", "c", "b"]);
    pane.page_loaded(
        2,
        2,
        list(vec![alarm("a", AlarmState::Alarm, 5)]),
        false,
        now(),
    );
    assert_eq!(names(&pane), ["a", "c"]);
    assert_eq!(pane.stopped(), None);
    assert_eq!(pane.status.error, None);
}

#[test]
fn a_failed_page_of_a_refresh_keeps_the_last_whole_list() {
    let mut pane = AlarmsPane::default();
    whole(&mut pane, 1);
    pane.request(2, now());
    pane.firing_at(2, list(vec![]));
    pane.page_loaded(2, 1, list(vec![alarm("z", AlarmState::Ok, 1)]), true, now());
    pane.page_loaded(2, 2, Err(throttled()), false, now());
    assert_eq!(names(&pane), ["a", "b", "c"]);
    assert_eq!(
        pane.stopped(),
        Some(&Stopped {
            page: 2,
            alarms: 1,
            partial: false
        })
    );
    assert!(pane.status.error.is_some());
}

#[test]
fn answers_to_an_older_load_are_dropped() {
    let mut pane = AlarmsPane::default();
    pane.request(1, now());
    pane.request(2, now());
    assert!(
        pane.firing_at(1, list(vec![alarm("old", AlarmState::Alarm, 1)]))
            .is_none()
    );
    assert!(
        pane.page_loaded(
            1,
            1,
            list(vec![alarm("old", AlarmState::Alarm, 1)]),
            false,
            now()
        )
        .is_none()
    );
    assert!(names(&pane).is_empty());
    assert!(pane.status.in_flight());
}

#[test]
fn a_failed_firing_pass_ends_the_load_with_its_error() {
    let mut pane = AlarmsPane::default();
    pane.request(1, now());
    assert!(pane.firing_at(1, Err(throttled())).is_none());
    assert_eq!(pane.status.error, Some(throttled()));
    assert!(!pane.status.in_flight() && pane.loading().is_none());
    assert!(
        pane.page_loaded(
            1,
            1,
            list(vec![alarm("late", AlarmState::Ok, 1)]),
            false,
            now()
        )
        .is_none()
    );
    assert!(names(&pane).is_empty());
    assert_eq!(
        pane.stopped(),
        Some(&Stopped {
            page: 0,
            alarms: 0,
            partial: false
        })
    );
}
