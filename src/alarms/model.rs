//! Alarms as warroom holds them, independent of the SDK's types.

use std::cmp::Ordering;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::accounts::place::Place;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlarmState {
    Alarm,
    InsufficientData,
    Ok,
}

impl AlarmState {
    pub fn parse(aws: &str) -> Option<Self> {
        match aws.to_ascii_uppercase().as_str() {
            "ALARM" => Some(Self::Alarm),
            "INSUFFICIENT_DATA" => Some(Self::InsufficientData),
            "OK" => Some(Self::Ok),
            _ => None,
        }
    }

    pub fn as_aws(self) -> &'static str {
        match self {
            Self::Alarm => "ALARM",
            Self::InsufficientData => "INSUFFICIENT_DATA",
            Self::Ok => "OK",
        }
    }

    /// A symbol that carries the state without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Alarm => "●",
            Self::InsufficientData => "◌",
            Self::Ok => "✓",
        }
    }

    /// The short label shown in tables.
    pub fn label(self) -> &'static str {
        match self {
            Self::Alarm => "ALARM",
            Self::InsufficientData => "NO DATA",
            Self::Ok => "OK",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Alarm {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    pub state: AlarmState,
    pub state_reason: String,
    pub state_reason_data: Option<String>,
    pub state_updated: Option<Timestamp>,
    pub actions: AlarmActions,
    pub kind: AlarmKind,
    /// Its account and region, when the pane is over an account set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
}

/// What tells one alarm of a list from another: its name, within its (account, region).
pub type AlarmKey = (Option<usize>, String);

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AlarmActions {
    pub enabled: bool,
    pub on_alarm: Vec<String>,
    pub on_ok: Vec<String>,
    pub on_insufficient_data: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AlarmKind {
    Metric(Box<MetricAlarmConfig>),
    Composite { rule: String },
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricAlarmConfig {
    pub namespace: Option<String>,
    pub metric_name: Option<String>,
    pub dimensions: Vec<(String, String)>,
    /// `Average`, `Sum`, ... or a percentile such as `p99`.
    pub statistic: Option<String>,
    pub period_seconds: Option<i32>,
    pub evaluation_periods: Option<i32>,
    pub datapoints_to_alarm: Option<i32>,
    pub threshold: Option<f64>,
    pub comparison: Option<String>,
    pub treat_missing_data: Option<String>,
    pub unit: Option<String>,
    /// Metric math queries, for alarms on an expression instead of one metric.
    pub queries: Vec<MetricQuery>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricQuery {
    pub id: String,
    pub expression: Option<String>,
    pub label: Option<String>,
    pub return_data: bool,
    pub metric: Option<MetricStat>,
    /// The account the metric is in (`Metrics[].AccountId`, a monitoring account's alarm on a
    /// linked source account's metric); None: the alarm's own account.
    #[serde(default)]
    pub account_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricStat {
    pub namespace: String,
    pub metric_name: String,
    pub dimensions: Vec<(String, String)>,
    pub period_seconds: i32,
    pub stat: String,
}

impl Alarm {
    /// `AWS/ApplicationELB/HTTPCode_Target_5XX_Count`, the rule for a composite, or the
    /// expression for metric math.
    pub fn what(&self) -> String {
        match &self.kind {
            AlarmKind::Composite { rule } => rule.clone(),
            AlarmKind::Metric(m) => match (&m.namespace, &m.metric_name) {
                (Some(ns), Some(name)) => format!("{ns}/{name}"),
                _ => m
                    .queries
                    .iter()
                    .find(|q| q.return_data)
                    .and_then(|q| q.expression.clone().or_else(|| q.label.clone()))
                    .unwrap_or_else(|| "metric math".to_string()),
            },
        }
    }

    pub fn key(&self) -> AlarmKey {
        (self.place.as_ref().map(|p| p.order), self.name.clone())
    }

    pub fn is_composite(&self) -> bool {
        matches!(self.kind, AlarmKind::Composite { .. })
    }

    /// The one-line reason: AWS's reason up to its detail, with alarm ARNs as bare names
    /// (`checkout-api-5xx transitioned to ALARM`).
    pub fn reason_summary(&self) -> String {
        let reason = self.state_reason.as_str();
        let head = match reason.find(": ") {
            Some(i) if i < 40 => &reason[..i],
            _ => reason,
        };
        head.split(' ')
            .map(|word| match word.find(":alarm:") {
                Some(i) if word.starts_with("arn:") => &word[i + 7..],
                _ => word,
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The metric query that draws this alarm's chart, if it has one metric.
    pub fn chart_stat(&self) -> Option<MetricStat> {
        let AlarmKind::Metric(m) = &self.kind else {
            return None;
        };
        Some(MetricStat {
            namespace: m.namespace.clone()?,
            metric_name: m.metric_name.clone()?,
            dimensions: m.dimensions.clone(),
            period_seconds: m.period_seconds.unwrap_or(60).max(60),
            stat: m.statistic.clone().unwrap_or_else(|| "Average".to_string()),
        })
    }
}

/// The order of the Alarms pane: ALARM, INSUFFICIENT_DATA, OK; newest change first; over
/// an account set, ties in the set's order.
pub fn display_order(a: &Alarm, b: &Alarm) -> Ordering {
    a.state
        .cmp(&b.state)
        .then_with(|| b.state_updated.cmp(&a.state_updated))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| {
            let order = |alarm: &Alarm| alarm.place.as_ref().map(|p| p.order);
            order(a).cmp(&order(b))
        })
}

/// Names that appear in a composite rule, such as `ALARM("checkout-api-5xx")`.
pub fn rule_children(rule: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = rule;
    while let Some(open) = rest.find('(') {
        let keyword = rest[..open].trim_end();
        let is_state_fn = ["ALARM", "OK", "INSUFFICIENT_DATA"]
            .iter()
            .any(|k| keyword.ends_with(k));
        if !is_state_fn {
            rest = &rest[open + 1..];
            continue;
        }
        let after = rest[open + 1..].trim_start();
        let (name, tail) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(end) => (&after[1..1 + end], &after[end + 2..]),
                None => break,
            },
            _ => match after.find(')') {
                Some(end) => (after[..end].trim(), &after[end..]),
                None => break,
            },
        };
        if !name.is_empty() && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
        rest = tail;
    }
    names
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryItem {
    pub time: Timestamp,
    pub summary: String,
    pub from: Option<AlarmState>,
    pub to: Option<AlarmState>,
}

/// A metric over time, oldest point first, with the threshold it is judged against.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MetricSeries {
    pub label: String,
    pub points: Vec<(Timestamp, f64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composite_rules_name_their_children() {
        let rule = r#"ALARM("checkout-api-5xx") AND (ALARM(checkout-p99-latency) OR NOT OK('db'))"#;
        assert_eq!(
            rule_children(rule),
            vec!["checkout-api-5xx", "checkout-p99-latency", "db"]
        );
    }

    #[test]
    fn composite_reasons_name_alarms_not_arns() {
        let mut alarm = crate::alarms::sample::metric_alarm(
            "x",
            AlarmState::Alarm,
            Timestamp::UNIX_EPOCH,
            ("N", "M"),
            1.0,
        );
        alarm.state_reason = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-api-5xx transitioned to ALARM at Monday".into();
        assert_eq!(
            alarm.reason_summary(),
            "checkout-api-5xx transitioned to ALARM at Monday"
        );
        alarm.state_reason = "Threshold Crossed: 3 out of the last 3 datapoints".into();
        assert_eq!(alarm.reason_summary(), "Threshold Crossed");
    }

    #[test]
    fn states_parse_from_aws_names() {
        assert_eq!(
            AlarmState::parse("INSUFFICIENT_DATA"),
            Some(AlarmState::InsufficientData)
        );
        assert_eq!(AlarmState::parse("alarm"), Some(AlarmState::Alarm));
        assert_eq!(AlarmState::parse("firing"), None);
    }
}
