use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::alarms::AlarmList;
use crate::alarms::sample::metric_alarm;
use crate::aws::ErrorKind;

fn now() -> Timestamp {
    "2026-11-23T04:00:00Z".parse().unwrap()
}

fn ago(minutes: i64) -> Timestamp {
    now() - SignedDuration::from_mins(minutes)
}

fn alarm(name: &str, state: AlarmState, minutes_ago: i64) -> Alarm {
    metric_alarm(
        name,
        state,
        ago(minutes_ago),
        ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
        50.0,
    )
}

fn loaded(pane: &mut AlarmsPane, alarms: Vec<Alarm>) {
    let req = pane.status.pending.unwrap_or(0) + 1;
    pane.request(req, now());
    assert!(pane.loaded(req, Ok(AlarmList::new(alarms)), now()));
}

fn names(pane: &AlarmsPane) -> Vec<String> {
    pane.visible_rows(0, usize::MAX)
        .map(|a| a.name.clone())
        .collect()
}

#[test]
fn firing_alarms_come_first_newest_change_first() {
    let mut pane = AlarmsPane::default();
    loaded(
        &mut pane,
        vec![
            alarm("ok-old", AlarmState::Ok, 300),
            alarm("nodata", AlarmState::InsufficientData, 10),
            alarm("alarm-old", AlarmState::Alarm, 60),
            alarm("alarm-new", AlarmState::Alarm, 5),
            alarm("ok-new", AlarmState::Ok, 1),
        ],
    );
    assert_eq!(
        names(&pane),
        ["alarm-new", "alarm-old", "nodata", "ok-new", "ok-old"]
    );
}

#[test]
fn a_stale_answer_is_dropped() {
    let mut pane = AlarmsPane::default();
    pane.request(1, now());
    pane.request(2, now());
    assert!(!pane.loaded(
        1,
        Ok(AlarmList::new(vec![alarm(
            "from-old-request",
            AlarmState::Alarm,
            1
        )])),
        now()
    ));
    assert!(pane.loaded(
        2,
        Ok(AlarmList::new(vec![alarm(
            "from-new-request",
            AlarmState::Ok,
            1
        )])),
        now()
    ));
    assert_eq!(names(&pane), ["from-new-request"]);
}

#[test]
fn state_changes_since_the_last_refresh_are_marked() {
    let mut pane = AlarmsPane::default();
    loaded(
        &mut pane,
        vec![
            alarm("a", AlarmState::Ok, 10),
            alarm("b", AlarmState::Ok, 10),
        ],
    );
    assert!(!changed(&pane, "a"), "nothing is marked on the first load");
    loaded(
        &mut pane,
        vec![
            alarm("a", AlarmState::Alarm, 0),
            alarm("b", AlarmState::Ok, 10),
        ],
    );
    assert!(changed(&pane, "a"));
    assert!(!changed(&pane, "b"));
    loaded(
        &mut pane,
        vec![
            alarm("a", AlarmState::Alarm, 0),
            alarm("b", AlarmState::Ok, 10),
        ],
    );
    assert!(!changed(&pane, "a"), "the mark lasts one refresh");
}

#[test]
fn an_error_keeps_the_data_and_says_what_failed() {
    let mut pane = AlarmsPane::default();
    loaded(&mut pane, vec![alarm("a", AlarmState::Alarm, 10)]);
    pane.request(10, now());
    let error = AwsError {
        kind: ErrorKind::Throttled,
        code: Some("Throttling".into()),
        message: "throttled".into(),
    };
    assert!(pane.loaded(10, Err(error.clone()), now()));
    assert_eq!(names(&pane), ["a"]);
    assert_eq!(pane.status.error, Some(error));
    loaded(&mut pane, vec![alarm("a", AlarmState::Alarm, 10)]);
    assert_eq!(pane.status.error, None, "a later success clears the error");
}

#[test]
fn the_filter_matches_every_word_and_keeps_the_selection() {
    let mut pane = AlarmsPane::default();
    loaded(
        &mut pane,
        vec![
            alarm("checkout-api-5xx", AlarmState::Alarm, 1),
            alarm("checkout-db-cpu", AlarmState::Ok, 1),
            alarm("orders-api-5xx", AlarmState::Ok, 2),
        ],
    );
    pane.move_by(1, 10);
    assert_eq!(pane.selected_alarm().unwrap().name, "checkout-db-cpu");
    pane.set_filter("CHECKOUT");
    assert_eq!(names(&pane), ["checkout-api-5xx", "checkout-db-cpu"]);
    assert_eq!(pane.selected_alarm().unwrap().name, "checkout-db-cpu");
    pane.set_filter("api 5xx");
    assert_eq!(names(&pane), ["checkout-api-5xx", "orders-api-5xx"]);
    pane.set_filter("");
    pane.toggle_firing();
    assert_eq!(names(&pane), ["checkout-api-5xx"]);
}

#[test]
fn opening_a_metric_alarm_asks_for_history_and_chart() {
    let mut pane = AlarmsPane::default();
    loaded(
        &mut pane,
        vec![alarm("checkout-api-5xx", AlarmState::Alarm, 1)],
    );
    let effects = pane.open(now(), 7, 8);
    assert_eq!(effects.len(), 2);
    assert!(
        matches!(&effects[0], AlarmsWork::LoadHistory { req: 7, alarm, start, .. }
        if alarm == "checkout-api-5xx" && *start == now() - HISTORY_WINDOW)
    );
    assert!(
        matches!(&effects[1], AlarmsWork::LoadMetric { req: 8, stat, start, .. }
        if stat.metric_name == "HTTPCode_Target_5XX_Count" && *start == now() - CHART_WINDOW)
    );
    pane.metric_loaded(99, Ok(MetricSeries::default()));
    assert!(
        matches!(
            pane.detail.as_ref().unwrap().series,
            Some(Loadable::Loading)
        ),
        "a stale chart is dropped"
    );
}

#[test]
fn an_alarm_that_fired_hours_ago_is_charted_from_an_hour_before_and_the_keys_resize_it() {
    let mut pane = AlarmsPane::default();
    loaded(
        &mut pane,
        vec![alarm("checkout-api-5xx", AlarmState::Alarm, 17 * 60)],
    );
    let effects = pane.open(now(), 1, 2);
    assert!(
        matches!(&effects[1], AlarmsWork::LoadMetric { req: 2, place: None, stat, start, end }
        if *start == ago(18 * 60) && *end == now() && stat.period_seconds == 300),
        "{effects:?}"
    );
    let wider = pane.rechart(true, now(), 3);
    assert!(
        matches!(&wider, Ok(AlarmsWork::LoadMetric { req: 3, start, .. }) if *start == ago(24 * 60)),
        "{wider:?}"
    );
    assert!(matches!(
        pane.detail.as_ref().unwrap().series,
        Some(Loadable::Loading)
    ));
    // An answer to the 18-hour request that comes late is not drawn on the 24-hour chart.
    pane.metric_loaded(2, Ok(MetricSeries::default()));
    assert!(matches!(
        pane.detail.as_ref().unwrap().series,
        Some(Loadable::Loading)
    ));
    let at_most = pane.rechart(true, now(), 4);
    assert_eq!(
        at_most,
        Err("The chart already covers the last 24 hours, the most it shows".to_string())
    );
    let mut narrower = pane.rechart(false, now(), 5);
    for req in 6..12 {
        narrower = pane.rechart(false, now(), req);
    }
    assert!(
        matches!(&narrower, Ok(AlarmsWork::LoadMetric { start, stat, .. })
        if *start == ago(15) && stat.period_seconds == 60),
        "{narrower:?}"
    );
}

fn changed(pane: &AlarmsPane, name: &str) -> bool {
    pane.find(name).is_some_and(|a| pane.is_changed(a))
}
