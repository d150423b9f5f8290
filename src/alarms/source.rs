//! Where alarms come from: the `AlarmSource` trait and its CloudWatch implementation.

use aws_sdk_cloudwatch::types::{self as cw, AlarmType, HistoryItemType, StateValue};
use jiff::Timestamp;

use super::model::{
    Alarm, AlarmActions, AlarmKind, AlarmState, HistoryItem, MetricAlarmConfig, MetricQuery,
    MetricSeries, MetricStat,
};
use crate::aws::{AwsError, AwsSession, CallContext, ErrorKind};
use crate::kit::work::BoxFuture;
use crate::time::{from_smithy, to_smithy};

/// One page of every metric and composite alarm, and the token of the next page, if any.
#[derive(Clone, Debug, Default)]
pub struct AlarmPage {
    pub alarms: Vec<Alarm>,
    pub next: Option<String>,
}

/// Alarms a page of DescribeAlarms holds at most.
pub const PAGE_SIZE: i32 = 100;

pub trait AlarmSource: Send + Sync {
    /// The metric and composite alarms in ALARM, every page (usually one).
    fn firing(&self) -> BoxFuture<'_, Result<Vec<Alarm>, AwsError>>;
    /// One page of every metric and composite alarm, from `token` on (the first page
    /// without one).
    fn page(&self, token: Option<String>) -> BoxFuture<'_, Result<AlarmPage, AwsError>>;
    /// Every metric and composite alarm, every page.
    fn alarms(&self) -> BoxFuture<'_, Result<Vec<Alarm>, AwsError>> {
        Box::pin(async move {
            let (mut alarms, mut token) = (Vec::new(), None);
            loop {
                let page = self.page(token.take()).await?;
                alarms.extend(page.alarms);
                match page.next {
                    Some(next) => token = Some(next),
                    None => return Ok(alarms),
                }
            }
        })
    }
    /// State transitions of one alarm within a window, oldest first.
    fn history(
        &self,
        alarm: String,
        start: Timestamp,
        end: Timestamp,
    ) -> BoxFuture<'_, Result<Vec<HistoryItem>, AwsError>>;
    /// One metric over a window, oldest point first.
    fn metric(
        &self,
        stat: MetricStat,
        start: Timestamp,
        end: Timestamp,
    ) -> BoxFuture<'_, Result<MetricSeries, AwsError>>;
}

pub struct CloudWatchAlarms {
    client: aws_sdk_cloudwatch::Client,
    calls: CallContext,
}

impl CloudWatchAlarms {
    pub fn new(session: &AwsSession) -> Self {
        Self {
            client: session.cloudwatch.clone(),
            calls: session.calls.clone(),
        }
    }

    async fn fetch_firing(&self) -> Result<Vec<Alarm>, AwsError> {
        let mut pages = self
            .client
            .describe_alarms()
            .alarm_types(AlarmType::MetricAlarm)
            .alarm_types(AlarmType::CompositeAlarm)
            .state_value(StateValue::Alarm)
            .max_records(PAGE_SIZE)
            .into_paginator()
            .send();
        let mut alarms = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.calls.classify("cloudwatch:DescribeAlarms", &e))?;
            alarms.extend(page.metric_alarms().iter().map(from_metric_alarm));
            alarms.extend(page.composite_alarms().iter().map(from_composite_alarm));
        }
        Ok(alarms)
    }

    async fn fetch_page(&self, token: Option<String>) -> Result<AlarmPage, AwsError> {
        let page = self
            .client
            .describe_alarms()
            .alarm_types(AlarmType::MetricAlarm)
            .alarm_types(AlarmType::CompositeAlarm)
            .max_records(PAGE_SIZE)
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| self.calls.classify("cloudwatch:DescribeAlarms", &e))?;
        let next = page
            .next_token()
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        if next.is_some() && next == token {
            return Err(AwsError {
                kind: ErrorKind::Service,
                code: None,
                message: "cloudwatch:DescribeAlarms answered with the token it was given: the \
                          list stops here rather than ask for the same page forever"
                    .to_string(),
            });
        }
        let mut alarms: Vec<Alarm> = page.metric_alarms().iter().map(from_metric_alarm).collect();
        alarms.extend(page.composite_alarms().iter().map(from_composite_alarm));
        Ok(AlarmPage { alarms, next })
    }

    async fn fetch_history(
        &self,
        alarm: String,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<HistoryItem>, AwsError> {
        let items = self.history_pages(Some(alarm), start, end).await?;
        Ok(items.into_iter().map(|(_, item)| item).collect())
    }

    /// State transitions within a window, of one alarm or of every alarm (deleted ones
    /// too), as (alarm name, transition), oldest first.
    async fn history_pages(
        &self,
        alarm: Option<String>,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<(String, HistoryItem)>, AwsError> {
        let mut pages = self
            .client
            .describe_alarm_history()
            .set_alarm_name(alarm)
            .alarm_types(AlarmType::MetricAlarm)
            .alarm_types(AlarmType::CompositeAlarm)
            .history_item_type(HistoryItemType::StateUpdate)
            .start_date(to_smithy(start))
            .end_date(to_smithy(end))
            .max_records(100)
            .into_paginator()
            .send();
        let mut items = Vec::new();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| self.calls.classify("cloudwatch:DescribeAlarmHistory", &e))?;
            items.extend(page.alarm_history_items().iter().filter_map(|item| {
                let name = item.alarm_name().unwrap_or_default().to_string();
                from_history_item(item).map(|h| (name, h))
            }));
        }
        items.sort_by_key(|(_, i)| i.time);
        Ok(items)
    }

    async fn fetch_metric(
        &self,
        stat: MetricStat,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<MetricSeries, AwsError> {
        let dimensions: Vec<cw::Dimension> = stat
            .dimensions
            .iter()
            .map(|(n, v)| cw::Dimension::builder().name(n).value(v).build())
            .collect();
        let metric = cw::Metric::builder()
            .namespace(&stat.namespace)
            .metric_name(&stat.metric_name)
            .set_dimensions(Some(dimensions))
            .build();
        let query = cw::MetricDataQuery::builder()
            .id("m0")
            .metric_stat(
                cw::MetricStat::builder()
                    .metric(metric)
                    .period(stat.period_seconds)
                    .stat(&stat.stat)
                    .build(),
            )
            .return_data(true)
            .build();
        let mut pages = self
            .client
            .get_metric_data()
            .metric_data_queries(query)
            .start_time(to_smithy(start))
            .end_time(to_smithy(end))
            .scan_by(cw::ScanBy::TimestampAscending)
            .into_paginator()
            .send();
        let mut points = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.calls.classify("cloudwatch:GetMetricData", &e))?;
            for result in page.metric_data_results() {
                let times = result.timestamps().iter().filter_map(from_smithy);
                points.extend(times.zip(result.values().iter().copied()));
            }
        }
        points.sort_by_key(|(t, _)| *t);
        Ok(MetricSeries {
            label: format!("{} ({})", stat.metric_name, stat.stat),
            points,
        })
    }
}

impl CloudWatchAlarms {
    /// The state transitions of every alarm (deleted ones too) within a window, as
    /// (alarm name, transition), oldest first: DescribeAlarmHistory without an alarm name.
    pub async fn history_of_all(
        &self,
        start: Timestamp,
        end: Timestamp,
    ) -> Result<Vec<(String, HistoryItem)>, AwsError> {
        let mut items = self.history_pages(None, start, end).await?;
        items.retain(|(name, _)| !name.is_empty());
        Ok(items)
    }
}

impl AlarmSource for CloudWatchAlarms {
    fn firing(&self) -> BoxFuture<'_, Result<Vec<Alarm>, AwsError>> {
        Box::pin(self.fetch_firing())
    }

    fn page(&self, token: Option<String>) -> BoxFuture<'_, Result<AlarmPage, AwsError>> {
        Box::pin(self.fetch_page(token))
    }

    fn history(
        &self,
        alarm: String,
        start: Timestamp,
        end: Timestamp,
    ) -> BoxFuture<'_, Result<Vec<HistoryItem>, AwsError>> {
        Box::pin(self.fetch_history(alarm, start, end))
    }

    fn metric(
        &self,
        stat: MetricStat,
        start: Timestamp,
        end: Timestamp,
    ) -> BoxFuture<'_, Result<MetricSeries, AwsError>> {
        Box::pin(self.fetch_metric(stat, start, end))
    }
}

fn dims(dimensions: &[cw::Dimension]) -> Vec<(String, String)> {
    dimensions
        .iter()
        .map(|d| {
            (
                d.name().unwrap_or_default().to_string(),
                d.value().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn state(value: Option<&cw::StateValue>) -> AlarmState {
    value
        .and_then(|v| AlarmState::parse(v.as_str()))
        .unwrap_or(AlarmState::InsufficientData)
}

fn from_metric_alarm(a: &cw::MetricAlarm) -> Alarm {
    let statistic = a
        .extended_statistic()
        .map(str::to_string)
        .or_else(|| a.statistic().map(|s| s.as_str().to_string()));
    let queries = a
        .metrics()
        .iter()
        .map(|q| MetricQuery {
            id: q.id().unwrap_or_default().to_string(),
            expression: q.expression().map(str::to_string),
            label: q.label().map(str::to_string),
            return_data: q.return_data().unwrap_or(true),
            account_id: q.account_id().map(str::to_string),
            metric: q.metric_stat().and_then(|ms| {
                let m = ms.metric()?;
                Some(MetricStat {
                    namespace: m.namespace()?.to_string(),
                    metric_name: m.metric_name()?.to_string(),
                    dimensions: dims(m.dimensions()),
                    period_seconds: ms.period().unwrap_or(60),
                    stat: ms.stat().unwrap_or("Average").to_string(),
                })
            }),
        })
        .collect();
    Alarm {
        name: a.alarm_name().unwrap_or_default().to_string(),
        arn: a.alarm_arn().unwrap_or_default().to_string(),
        description: a.alarm_description().map(str::to_string),
        state: state(a.state_value()),
        state_reason: a.state_reason().unwrap_or_default().to_string(),
        place: None,
        state_reason_data: a.state_reason_data().map(str::to_string),
        state_updated: a.state_updated_timestamp().and_then(from_smithy),
        actions: AlarmActions {
            enabled: a.actions_enabled().unwrap_or(true),
            on_alarm: a.alarm_actions().to_vec(),
            on_ok: a.ok_actions().to_vec(),
            on_insufficient_data: a.insufficient_data_actions().to_vec(),
        },
        kind: AlarmKind::Metric(Box::new(MetricAlarmConfig {
            namespace: a.namespace().map(str::to_string),
            metric_name: a.metric_name().map(str::to_string),
            dimensions: dims(a.dimensions()),
            statistic,
            period_seconds: a.period(),
            evaluation_periods: a.evaluation_periods(),
            datapoints_to_alarm: a.datapoints_to_alarm(),
            threshold: a.threshold(),
            comparison: a.comparison_operator().map(|c| c.as_str().to_string()),
            treat_missing_data: a.treat_missing_data().map(str::to_string),
            unit: a.unit().map(|u| u.as_str().to_string()),
            queries,
        })),
    }
}

fn from_composite_alarm(a: &cw::CompositeAlarm) -> Alarm {
    Alarm {
        name: a.alarm_name().unwrap_or_default().to_string(),
        arn: a.alarm_arn().unwrap_or_default().to_string(),
        description: a.alarm_description().map(str::to_string),
        state: state(a.state_value()),
        state_reason: a.state_reason().unwrap_or_default().to_string(),
        place: None,
        state_reason_data: a.state_reason_data().map(str::to_string),
        state_updated: a
            .state_transitioned_timestamp()
            .or(a.state_updated_timestamp())
            .and_then(from_smithy),
        actions: AlarmActions {
            enabled: a.actions_enabled().unwrap_or(true),
            on_alarm: a.alarm_actions().to_vec(),
            on_ok: a.ok_actions().to_vec(),
            on_insufficient_data: a.insufficient_data_actions().to_vec(),
        },
        kind: AlarmKind::Composite {
            rule: a.alarm_rule().unwrap_or_default().to_string(),
        },
    }
}

fn from_history_item(item: &cw::AlarmHistoryItem) -> Option<HistoryItem> {
    let time = item.timestamp().and_then(from_smithy)?;
    let data: Option<serde_json::Value> = item
        .history_data()
        .and_then(|d| serde_json::from_str(d).ok());
    let state_at = |key: &str| {
        data.as_ref()
            .and_then(|d| d.get(key)?.get("stateValue")?.as_str())
            .and_then(AlarmState::parse)
    };
    Some(HistoryItem {
        time,
        summary: item.history_summary().unwrap_or_default().to_string(),
        from: state_at("oldState"),
        to: state_at("newState"),
    })
}

impl AlarmSource for crate::aws::Unavailable {
    fn firing(&self) -> BoxFuture<'_, Result<Vec<Alarm>, AwsError>> {
        self.fail("Alarms")
    }
    fn page(&self, _: Option<String>) -> BoxFuture<'_, Result<AlarmPage, AwsError>> {
        self.fail("Alarms")
    }
    fn history(
        &self,
        _: String,
        _: Timestamp,
        _: Timestamp,
    ) -> BoxFuture<'_, Result<Vec<HistoryItem>, AwsError>> {
        self.fail("An alarm's history")
    }
    fn metric(
        &self,
        _: MetricStat,
        _: Timestamp,
        _: Timestamp,
    ) -> BoxFuture<'_, Result<MetricSeries, AwsError>> {
        self.fail("An alarm's metric")
    }
}
