//! Synthetic alarms, for tests and benchmarks that need many or need them exact.

use jiff::{SignedDuration, Timestamp};

use super::model::{Alarm, AlarmActions, AlarmKind, AlarmState, MetricAlarmConfig};

pub fn metric_alarm(
    name: &str,
    state: AlarmState,
    since: Timestamp,
    metric: (&str, &str),
    threshold: f64,
) -> Alarm {
    Alarm {
        name: name.to_string(),
        arn: format!("arn:aws:cloudwatch:us-east-1:123456789012:alarm:{name}"),
        description: None,
        state,
        state_reason: match state {
            AlarmState::Alarm => format!(
                "Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold ({threshold})."
            ),
            AlarmState::Ok => format!(
                "Threshold Crossed: no datapoints were greater than the threshold ({threshold})."
            ),
            AlarmState::InsufficientData => {
                "Insufficient Data: 5 datapoints were unknown.".to_string()
            }
        },
        place: None,
        state_reason_data: None,
        state_updated: Some(since),
        actions: AlarmActions {
            enabled: true,
            on_alarm: vec!["arn:aws:sns:us-east-1:123456789012:oncall-page".to_string()],
            ..AlarmActions::default()
        },
        kind: AlarmKind::Metric(Box::new(MetricAlarmConfig {
            namespace: Some(metric.0.to_string()),
            metric_name: Some(metric.1.to_string()),
            dimensions: vec![(
                "Service".to_string(),
                name.split('-').next().unwrap_or(name).to_string(),
            )],
            statistic: Some("Sum".to_string()),
            period_seconds: Some(60),
            evaluation_periods: Some(3),
            datapoints_to_alarm: Some(3),
            threshold: Some(threshold),
            comparison: Some("GreaterThanThreshold".to_string()),
            treat_missing_data: Some("missing".to_string()),
            unit: None,
            queries: Vec::new(),
        })),
    }
}

/// `count` alarms over a day before `now`, roughly 5% in ALARM and 10% without data.
pub fn generate(count: usize, now: Timestamp) -> Vec<Alarm> {
    (0..count)
        .map(|i| {
            let state = match i % 20 {
                0 => AlarmState::Alarm,
                1 | 2 => AlarmState::InsufficientData,
                _ => AlarmState::Ok,
            };
            let since = now - SignedDuration::from_secs((i as i64 * 37) % 86_400);
            let service = ["checkout", "orders", "payments", "search", "auth"][i % 5];
            metric_alarm(
                &format!("{service}-alarm-{i:05}"),
                state,
                since,
                ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
                50.0,
            )
        })
        .collect()
}
