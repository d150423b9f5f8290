//! Where Health events come from: the `HealthSource` trait and its AWS Health implementation.
//! The Health API is global: its endpoint is us-east-1's whatever region the console shows.

use aws_sdk_health::types::{
    self as h, DateTimeRange, EventFilter, EventStatusCode, OrganizationEventFilter,
};
use jiff::{SignedDuration, Timestamp};

use super::model::{AffectedEntity, EventDescription, HealthEvent};
use crate::aws::{AwsError, AwsSession, CallContext};
use crate::kit::work::BoxFuture;
use crate::time::to_smithy;

mod convert;
mod organization;

use convert::{from_entity, from_event, from_organization_event};

/// How long closed events stay in the list.
pub const CLOSED_WINDOW: SignedDuration = SignedDuration::from_hours(7 * 24);

/// Which events to ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventQuery {
    /// Regions to include (besides global services); empty means every region.
    pub regions: Vec<String>,
    /// The organization view: events of every account of the organization.
    pub organization: bool,
}

/// Which events a pass of DescribeEvents asks for: the open ones, or the rest (upcoming,
/// and those closed within `CLOSED_WINDOW`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    Open,
    Rest,
}

pub trait HealthSource: Send + Sync {
    /// The open events (`Pass::Open`), or the upcoming ones and those closed within
    /// `CLOSED_WINDOW` of `now` (`Pass::Rest`), every page.
    fn pass(
        &self,
        pass: Pass,
        query: EventQuery,
        now: Timestamp,
    ) -> BoxFuture<'_, Result<Vec<HealthEvent>, AwsError>>;
    /// Open and upcoming events, and those closed within `CLOSED_WINDOW` of `now`.
    fn events(
        &self,
        query: EventQuery,
        now: Timestamp,
    ) -> BoxFuture<'_, Result<Vec<HealthEvent>, AwsError>> {
        Box::pin(async move {
            let mut events = self.pass(Pass::Open, query.clone(), now).await?;
            events.extend(self.pass(Pass::Rest, query, now).await?);
            Ok(events)
        })
    }
    /// The event's description and, in the organization view, the accounts it touches.
    fn describe(
        &self,
        event: HealthEvent,
        organization: bool,
    ) -> BoxFuture<'_, Result<EventDescription, AwsError>>;
    /// The resources the event touches, every page.
    fn entities(
        &self,
        event: HealthEvent,
        accounts: Vec<String>,
    ) -> BoxFuture<'_, Result<Vec<AffectedEntity>, AwsError>>;
}

#[derive(Clone)]
pub struct AwsHealth {
    client: aws_sdk_health::Client,
    calls: CallContext,
}

impl AwsHealth {
    pub fn new(session: &AwsSession) -> Self {
        Self {
            client: session.health.clone(),
            calls: session.calls.clone(),
        }
    }

    async fn account_events(
        &self,
        pass: Pass,
        query: EventQuery,
        now: Timestamp,
    ) -> Result<Vec<HealthEvent>, AwsError> {
        let regions = with_global(&query.regions);
        let status = |code| {
            EventFilter::builder()
                .set_regions(regions.clone())
                .event_status_codes(code)
        };
        let filters = match pass {
            Pass::Open => vec![status(EventStatusCode::Open).build()],
            Pass::Rest => vec![
                status(EventStatusCode::Upcoming).build(),
                status(EventStatusCode::Closed)
                    .end_times(
                        DateTimeRange::builder()
                            .from(to_smithy(now - CLOSED_WINDOW))
                            .build(),
                    )
                    .build(),
            ],
        };
        let mut events = Vec::new();
        for filter in filters {
            let mut pages = self
                .client
                .describe_events()
                .filter(filter)
                .max_results(100)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| self.calls.classify("health:DescribeEvents", &e))?;
                events.extend(page.events().iter().map(from_event));
            }
        }
        Ok(events)
    }

    async fn organization_events(
        &self,
        pass: Pass,
        query: EventQuery,
        now: Timestamp,
    ) -> Result<Vec<HealthEvent>, AwsError> {
        let regions = with_global(&query.regions);
        let status = |code| {
            OrganizationEventFilter::builder()
                .set_regions(regions.clone())
                .event_status_codes(code)
        };
        let filters = match pass {
            Pass::Open => vec![status(EventStatusCode::Open).build()],
            Pass::Rest => vec![
                status(EventStatusCode::Upcoming).build(),
                status(EventStatusCode::Closed)
                    .end_time(
                        DateTimeRange::builder()
                            .from(to_smithy(now - CLOSED_WINDOW))
                            .build(),
                    )
                    .build(),
            ],
        };
        let mut events = Vec::new();
        for filter in filters {
            let mut pages = self
                .client
                .describe_events_for_organization()
                .filter(filter)
                .max_results(100)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page = page.map_err(|e| {
                    self.calls
                        .classify("health:DescribeEventsForOrganization", &e)
                })?;
                events.extend(page.events().iter().map(from_organization_event));
            }
        }
        Ok(events)
    }

    async fn description(
        &self,
        event: HealthEvent,
        organization: bool,
    ) -> Result<EventDescription, AwsError> {
        if !organization {
            let out = self
                .client
                .describe_event_details()
                .event_arns(&event.arn)
                .send()
                .await
                .map_err(|e| self.calls.classify("health:DescribeEventDetails", &e))?;
            let text = out
                .successful_set()
                .iter()
                .find_map(|d| d.event_description()?.latest_description())
                .unwrap_or_default()
                .to_string();
            return Ok(EventDescription {
                text,
                accounts: Vec::new(),
            });
        }
        let accounts = self.affected_accounts(&event.arn).await?;
        // A public event is asked for without an account; others for each account it touches.
        let mut request = self.client.describe_event_details_for_organization();
        let wanted: Vec<Option<&String>> = match accounts.is_empty() {
            true => vec![None],
            false => accounts.iter().take(10).map(Some).collect(),
        };
        for account in wanted {
            let filter = h::EventAccountFilter::builder()
                .event_arn(&event.arn)
                .set_aws_account_id(account.cloned());
            request = request.organization_event_detail_filters(filter.build().map_err(built)?);
        }
        let out = request.send().await.map_err(|e| {
            self.calls
                .classify("health:DescribeEventDetailsForOrganization", &e)
        })?;
        let text = out
            .successful_set()
            .iter()
            .find_map(|d| d.event_description()?.latest_description())
            .unwrap_or_default()
            .to_string();
        Ok(EventDescription { text, accounts })
    }

    async fn affected(
        &self,
        event: HealthEvent,
        accounts: Vec<String>,
    ) -> Result<Vec<AffectedEntity>, AwsError> {
        let mut entities = Vec::new();
        if accounts.is_empty() {
            let filter = h::EntityFilter::builder()
                .event_arns(&event.arn)
                .build()
                .map_err(built)?;
            let mut pages = self
                .client
                .describe_affected_entities()
                .filter(filter)
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                let page =
                    page.map_err(|e| self.calls.classify("health:DescribeAffectedEntities", &e))?;
                entities.extend(page.entities().iter().map(from_entity));
            }
        } else {
            for chunk in accounts.chunks(10) {
                let mut request = self.client.describe_affected_entities_for_organization();
                for account in chunk {
                    let filter = h::EntityAccountFilter::builder()
                        .event_arn(&event.arn)
                        .aws_account_id(account)
                        .build()
                        .map_err(built)?;
                    request = request.organization_entity_account_filters(filter);
                }
                let mut pages = request.into_paginator().send();
                while let Some(page) = pages.next().await {
                    let page = page.map_err(|e| {
                        self.calls
                            .classify("health:DescribeAffectedEntitiesForOrganization", &e)
                    })?;
                    entities.extend(page.entities().iter().map(from_entity));
                }
            }
        }
        Ok(entities)
    }
}

impl AwsHealth {
    /// Open issues (category `issue`) in one region and global services: one DescribeEvents
    /// filter, every page.
    pub async fn open_issues(&self, region: &str) -> Result<Vec<HealthEvent>, AwsError> {
        let filter = EventFilter::builder()
            .set_regions(with_global(&[region.to_string()]))
            .event_status_codes(EventStatusCode::Open)
            .event_type_categories(h::EventTypeCategory::Issue)
            .build();
        let mut pages = self
            .client
            .describe_events()
            .filter(filter)
            .max_results(100)
            .into_paginator()
            .send();
        let mut events = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| self.calls.classify("health:DescribeEvents", &e))?;
            events.extend(page.events().iter().map(from_event));
        }
        Ok(events)
    }
}

impl HealthSource for AwsHealth {
    fn pass(
        &self,
        pass: Pass,
        query: EventQuery,
        now: Timestamp,
    ) -> BoxFuture<'_, Result<Vec<HealthEvent>, AwsError>> {
        if query.organization {
            Box::pin(self.organization_events(pass, query, now))
        } else {
            Box::pin(self.account_events(pass, query, now))
        }
    }

    fn describe(
        &self,
        event: HealthEvent,
        organization: bool,
    ) -> BoxFuture<'_, Result<EventDescription, AwsError>> {
        Box::pin(self.description(event, organization))
    }

    fn entities(
        &self,
        event: HealthEvent,
        accounts: Vec<String>,
    ) -> BoxFuture<'_, Result<Vec<AffectedEntity>, AwsError>> {
        Box::pin(self.affected(event, accounts))
    }
}

/// The regions asked for, and `global` for global services; None for every region.
fn with_global(regions: &[String]) -> Option<Vec<String>> {
    if regions.is_empty() {
        return None;
    }
    let mut all = regions.to_vec();
    all.push("global".to_string());
    Some(all)
}

/// A request warroom could not build (a required field missing): a bug, said plainly.
fn built(e: aws_smithy_types::error::operation::BuildError) -> AwsError {
    AwsError {
        kind: crate::aws::ErrorKind::Service,
        code: None,
        message: format!("warroom could not build the Health request: {e}"),
    }
}

impl HealthSource for crate::aws::Unavailable {
    fn pass(
        &self,
        _: Pass,
        _: EventQuery,
        _: Timestamp,
    ) -> BoxFuture<'_, Result<Vec<HealthEvent>, AwsError>> {
        self.fail("AWS Health")
    }
    fn describe(
        &self,
        _: HealthEvent,
        _: bool,
    ) -> BoxFuture<'_, Result<EventDescription, AwsError>> {
        self.fail("AWS Health")
    }
    fn entities(
        &self,
        _: HealthEvent,
        _: Vec<String>,
    ) -> BoxFuture<'_, Result<Vec<AffectedEntity>, AwsError>> {
        self.fail("AWS Health")
    }
}
