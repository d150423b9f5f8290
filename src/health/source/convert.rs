//! AWS Health's answers as warroom's Health events and affected entities.

use aws_sdk_health::types::{self as h, EventStatusCode};

use crate::health::model::{AffectedEntity, EventStatus, HealthEvent};
use crate::time::from_smithy;

fn status(code: Option<&EventStatusCode>) -> EventStatus {
    code.and_then(|c| EventStatus::parse(c.as_str()))
        .unwrap_or(EventStatus::Open)
}

pub(super) fn from_event(e: &h::Event) -> HealthEvent {
    HealthEvent {
        arn: e.arn().unwrap_or_default().to_string(),
        service: e.service().unwrap_or_default().to_string(),
        type_code: e.event_type_code().unwrap_or_default().to_string(),
        category: e
            .event_type_category()
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        region: e.region().unwrap_or_default().to_string(),
        availability_zone: e.availability_zone().map(str::to_string),
        status: status(e.status_code()),
        start: e.start_time().and_then(from_smithy),
        end: e.end_time().and_then(from_smithy),
        last_updated: e.last_updated_time().and_then(from_smithy),
        scope: e.event_scope_code().map(|s| s.as_str().to_string()),
        located: None,
    }
}

pub(super) fn from_organization_event(e: &h::OrganizationEvent) -> HealthEvent {
    HealthEvent {
        arn: e.arn().unwrap_or_default().to_string(),
        service: e.service().unwrap_or_default().to_string(),
        type_code: e.event_type_code().unwrap_or_default().to_string(),
        category: e
            .event_type_category()
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        region: e.region().unwrap_or_default().to_string(),
        availability_zone: None,
        status: status(e.status_code()),
        start: e.start_time().and_then(from_smithy),
        end: e.end_time().and_then(from_smithy),
        last_updated: e.last_updated_time().and_then(from_smithy),
        scope: e.event_scope_code().map(|s| s.as_str().to_string()),
        located: None,
    }
}

pub(super) fn from_entity(e: &h::AffectedEntity) -> AffectedEntity {
    let mut tags: Vec<(String, String)> = e
        .tags()
        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    tags.sort();
    AffectedEntity {
        value: e.entity_value().unwrap_or_default().to_string(),
        arn: e.entity_arn().map(str::to_string),
        account: e.aws_account_id().map(str::to_string),
        status: e.status_code().map(|s| s.as_str().to_string()),
        last_updated: e.last_updated_time().and_then(from_smithy),
        tags,
    }
}
