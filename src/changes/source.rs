//! Where changes come from: the `ChangeSource` trait and its CloudTrail implementation.
//! LookupEvents allows 2 requests a second per account and region: every request, retries
//! included, waits its turn at one shared limiter, so the SDK's own retries are off here.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_cloudtrail::types::{self as ct, LookupAttribute, LookupAttributeKey};
use serde_json::Value;

use super::global::Global;
use super::model::{Change, Resource};
use super::query::{Attribute, ChangeQuery};
use super::risk::{Facts, RiskRule, assess};
use crate::aws::rate::{RateLimiter, RegionLimiters};
use crate::aws::{AwsError, AwsSession, CallContext, ErrorKind};
use crate::kit::work::BoxFuture;
use crate::time::{from_smithy, to_smithy};

pub struct Page {
    pub changes: Vec<Change>,
    pub next: Option<String>,
}

pub trait ChangeSource: Send + Sync {
    /// One page of LookupEvents for the query, from `token` on; newest first.
    fn page(
        &self,
        query: ChangeQuery,
        token: Option<String>,
    ) -> BoxFuture<'_, Result<Page, AwsError>>;
}

pub struct CloudTrailChanges {
    client: aws_sdk_cloudtrail::Client,
    calls: CallContext,
    limiter: Arc<RateLimiter>,
    rules: Arc<Vec<RiskRule>>,
    attempts: u32,
    backoff: Duration,
    per_second: f64,
    /// Outside us-east-1: where the global services' events are asked for.
    global: Option<Global>,
}

impl CloudTrailChanges {
    pub fn new(session: &AwsSession, rules: Arc<Vec<RiskRule>>, per_second: f64) -> Self {
        Self::with_client(session.cloudtrail.clone(), session, rules, per_second)
    }

    /// Its own limiter: each region has its own LookupEvents rate.
    pub(super) fn with_client(
        client: aws_sdk_cloudtrail::Client,
        session: &AwsSession,
        rules: Arc<Vec<RiskRule>>,
        per_second: f64,
    ) -> Self {
        let retry = &session.settings.retry;
        CloudTrailChanges {
            client,
            calls: session.calls.clone(),
            limiter: Arc::new(RateLimiter::per_second(per_second)),
            rules,
            attempts: retry.max_attempts.max(1),
            backoff: retry.initial_backoff,
            per_second,
            global: None,
        }
    }

    /// Also asks us-east-1 for the events of these global services (`iam.amazonaws.com` ...)
    /// when the session's region is another one; in us-east-1 nothing changes.
    pub fn with_global(mut self, session: &AwsSession, sources: &[String]) -> Self {
        self.global = Global::for_session(session, sources, self.rules.clone(), self.per_second);
        self
    }

    /// Waits at the account's limiter of each region it asks (its own, and us-east-1 for the
    /// global services) instead of limiters of its own.
    pub fn sharing(mut self, session: &AwsSession, limiters: &RegionLimiters) -> Self {
        self.limiter = limiters.of(&session.region);
        if let Some(global) = &mut self.global {
            global.share(limiters);
        }
        self
    }

    pub(super) fn set_limiter(&mut self, limiter: Arc<RateLimiter>) {
        self.limiter = limiter;
    }

    pub(super) async fn fetch(
        &self,
        query: ChangeQuery,
        token: Option<String>,
    ) -> Result<Page, AwsError> {
        let attribute = query.server_attribute().map(|(key, value)| {
            let key = match key {
                Attribute::AccessKeyId => LookupAttributeKey::AccessKeyId,
                Attribute::ResourceName => LookupAttributeKey::ResourceName,
                Attribute::EventName => LookupAttributeKey::EventName,
                Attribute::Username => LookupAttributeKey::Username,
                Attribute::EventSource => LookupAttributeKey::EventSource,
                Attribute::ReadOnly => LookupAttributeKey::ReadOnly,
            };
            LookupAttribute::builder()
                .attribute_key(key)
                .attribute_value(value)
                .build()
        });
        let attribute = attribute.transpose().map_err(|e| AwsError {
            kind: ErrorKind::Service,
            code: None,
            message: format!("warroom could not build the LookupEvents request: {e}"),
        })?;
        let mut attempt = 1;
        loop {
            let turn = self.limiter.acquire().await;
            let sent = self
                .client
                .lookup_events()
                .set_lookup_attributes(attribute.clone().map(|a| vec![a]))
                .start_time(to_smithy(query.start))
                .end_time(to_smithy(query.end))
                .max_results(50)
                .set_next_token(token.clone())
                .send()
                .await;
            drop(turn);
            match sent {
                Ok(out) => {
                    let changes = out
                        .events()
                        .iter()
                        .filter_map(|e| from_event(e, &self.rules))
                        .collect();
                    return Ok(Page {
                        changes,
                        next: out.next_token().map(str::to_string),
                    });
                }
                Err(e) => {
                    let error =
                        self.calls
                            .classify_after("cloudtrail:LookupEvents", &e, Some(attempt));
                    // A call that used its whole deadline is not tried again: the other
                    // sources must not wait for it.
                    let transient =
                        matches!(error.kind, ErrorKind::Throttled | ErrorKind::Connection)
                            || (error.kind == ErrorKind::Service && error.code.is_none());
                    if !transient || attempt >= self.attempts {
                        self.calls.report("cloudtrail:LookupEvents", &error, &e);
                        return Err(error);
                    }
                    if let Some(status) = e.raw_response().map(|r| r.status().as_u16()) {
                        crate::aws::attempts::say_retry(
                            "cloudtrail:LookupEvents",
                            status,
                            attempt,
                            self.attempts,
                        );
                    }
                    tokio::time::sleep(self.backoff * 2u32.pow(attempt - 1)).await;
                    attempt += 1;
                }
            }
        }
    }
}

impl ChangeSource for CloudTrailChanges {
    fn page(
        &self,
        query: ChangeQuery,
        token: Option<String>,
    ) -> BoxFuture<'_, Result<Page, AwsError>> {
        match &self.global {
            None => Box::pin(self.fetch(query, token)),
            Some(global) => Box::pin(global.page(self, query, token)),
        }
    }
}

fn text(v: &Value, path: &[&str]) -> Option<String> {
    path.iter()
        .try_fold(v, |v, k| v.get(k))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// A change from one LookupEvents event, its record read once for what the list shows.
pub fn from_event(e: &ct::Event, rules: &[RiskRule]) -> Option<Change> {
    let time = e.event_time().and_then(from_smithy)?;
    let record_text = e.cloud_trail_event().unwrap_or("{}");
    let record: Value = serde_json::from_str(record_text).unwrap_or(Value::Null);
    let name = e.event_name().unwrap_or_default().to_string();
    let source = e.event_source().unwrap_or_default().to_string();
    let identity_type = text(&record, &["userIdentity", "type"]);
    let error_code = text(&record, &["errorCode"]);
    let risk = assess(
        rules,
        &Facts {
            name: &name,
            source: &source,
            identity_type: identity_type.as_deref(),
            error_code: error_code.as_deref(),
            record: Some(&record),
        },
    );
    Some(Change {
        id: e.event_id().unwrap_or_default().to_string(),
        time,
        principal: e
            .username()
            .map(str::to_string)
            .or_else(|| text(&record, &["userIdentity", "invokedBy"]))
            .unwrap_or_else(|| identity_type.clone().unwrap_or_default()),
        principal_arn: text(&record, &["userIdentity", "arn"]),
        access_key: e.access_key_id().map(str::to_string),
        source_ip: text(&record, &["sourceIPAddress"]),
        resources: e
            .resources()
            .iter()
            .map(|r| Resource {
                kind: r.resource_type().unwrap_or_default().to_string(),
                name: r.resource_name().unwrap_or_default().to_string(),
            })
            .collect(),
        read_only: e.read_only() == Some("true"),
        name,
        source,
        identity_type,
        error_code,
        risk,
        global: false,
        place: None,
        record: Arc::from(record_text),
    })
}

impl ChangeSource for crate::aws::Unavailable {
    fn page(&self, _: ChangeQuery, _: Option<String>) -> BoxFuture<'_, Result<Page, AwsError>> {
        self.fail("CloudTrail")
    }
}
