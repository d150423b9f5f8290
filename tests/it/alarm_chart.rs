//! The alarm chart against the emulator: it reaches back to the crossing, and `+` widens it.

use crate::common;

use std::time::Duration;

use ratatui::crossterm::event::KeyCode;
use serde_json::json;

use common::console::{Console, runtime};
use common::emulator::Emulator;
use warroom::kit::Loadable;

const WAIT: Duration = Duration::from_secs(20);

fn minutes_ago(m: i64) -> String {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_mins(m)).to_string()
}

/// An alarm that went to ALARM 17 hours ago: its metric was low for 3 hours before, high since.
fn seed_old_alarm(emulator: &Emulator) {
    emulator.seed(json!({
        "metric_alarms": [{
            "AlarmName": "checkout-api-5xx",
            "Namespace": "AWS/ApplicationELB",
            "MetricName": "HTTPCode_Target_5XX_Count",
            "Dimensions": [{"Name": "LoadBalancer", "Value": "app/checkout-alb/5f1c2d3e4a6b7c8d"}],
            "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 3, "DatapointsToAlarm": 3,
            "Threshold": 50.0, "ComparisonOperator": "GreaterThanThreshold",
            "StateValue": "ALARM",
            "StateReason": "Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold (50.0).",
            "StateUpdatedTimestamp": minutes_ago(17 * 60)
        }],
        "metric_data": [{
            "Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count",
            "Dimensions": [{"Name": "LoadBalancer", "Value": "app/checkout-alb/5f1c2d3e4a6b7c8d"}],
            "points": (0..20 * 60)
                .map(|m| json!([minutes_ago(m), if m < 17 * 60 { 400.0 } else { 3.0 }]))
                .collect::<Vec<_>>()
        }]
    }));
}

fn chart_loaded(s: &warroom::app::state::AppState) -> bool {
    s.panes
        .alarms
        .detail
        .as_ref()
        .is_some_and(|d| matches!(d.series, Some(Loadable::Ready(_))))
}

#[test]
fn an_alarm_that_fired_hours_ago_shows_the_crossing_and_plus_widens_the_chart() {
    let emulator = Emulator::start();
    seed_old_alarm(&emulator);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console
            .wait_until("the alarms", WAIT, |s| {
                s.panes.alarms.status.loaded_at.is_some()
            })
            .await;
        console.key(KeyCode::Enter);
        console.wait_until("the chart", WAIT, chart_loaded).await;
        let detail = console.app.state.panes.alarms.detail.as_ref().unwrap();
        let Some(Loadable::Ready(series)) = &detail.series else {
            panic!("no chart: {:?}", detail.series);
        };
        let below = series.points.iter().filter(|(_, v)| *v < 50.0).count();
        let above = series.points.iter().filter(|(_, v)| *v > 50.0).count();
        assert!(
            below >= 10 && above >= 100,
            "the chart shows the hour before the crossing and the hours after: {below} points below, {above} above"
        );
        let screen = console.screen();
        assert!(
            screen.contains("last 18 hours, per 5 minutes"),
            "{screen}"
        );
        assert!(screen.contains("wider chart"), "the hint is shown:\n{screen}");

        let asked = emulator.calls_of("GetMetricData");
        console.keys("+");
        console.wait_until("the wider chart", WAIT, chart_loaded).await;
        assert_eq!(
            emulator.calls_of("GetMetricData"),
            asked + 1,
            "+ asks for the metric again"
        );
        let screen = console.screen();
        assert!(
            screen.contains("last 24 hours, per 5 minutes"),
            "{screen}"
        );
        let detail = console.app.state.panes.alarms.detail.as_ref().unwrap();
        let Some(Loadable::Ready(series)) = &detail.series else {
            panic!("no chart: {:?}", detail.series);
        };
        let below = series.points.iter().filter(|(_, v)| *v < 50.0).count();
        assert!(below >= 30, "3 hours before the crossing, got {below} points below");

        console.keys("-");
        console.wait_until("the narrower chart", WAIT, chart_loaded).await;
        let screen = console.screen();
        assert!(screen.contains("last 12 hours"), "{screen}");
    });
}
