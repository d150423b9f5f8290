//! AWS Health events as warroom holds them.

use std::cmp::Ordering;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    Open,
    Upcoming,
    Closed,
}

impl EventStatus {
    pub fn parse(aws: &str) -> Option<Self> {
        match aws {
            "open" => Some(Self::Open),
            "upcoming" => Some(Self::Upcoming),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }

    pub fn as_aws(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Upcoming => "upcoming",
            Self::Closed => "closed",
        }
    }

    /// A symbol that carries the status without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Open => "●",
            Self::Upcoming => "◷",
            Self::Closed => "✓",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthEvent {
    pub arn: String,
    pub service: String,
    pub type_code: String,
    /// `issue`, `scheduledChange`, `accountNotification` or `investigation`.
    pub category: String,
    pub region: String,
    pub availability_zone: Option<String>,
    pub status: EventStatus,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    pub last_updated: Option<Timestamp>,
    /// `PUBLIC`, `ACCOUNT_SPECIFIC` or `NONE`.
    pub scope: Option<String>,
    /// The account it was asked in, when the pane is over an account set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub located: Option<crate::accounts::place::Place>,
}

impl HealthEvent {
    /// What tells one event of the list from another: its ARN, within its account over an
    /// account set (a public event is in every account it touches).
    pub fn key(&self) -> String {
        match &self.located {
            Some(place) => format!("{}#{}", place.order, self.arn),
            None => self.arn.clone(),
        }
    }

    /// `issue` → `issue`, `scheduledChange` → `scheduled change`.
    pub fn category_label(&self) -> String {
        let mut out = String::new();
        for c in self.category.chars() {
            if c.is_ascii_uppercase() {
                out.push(' ');
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The type code as words, without the `AWS_<SERVICE>_` every code starts with:
    /// `AWS_EC2_OPERATIONAL_ISSUE` → `operational issue`.
    pub fn what(&self) -> String {
        let prefix = format!("AWS_{}_", self.service);
        let rest = self
            .type_code
            .strip_prefix(&prefix)
            .or_else(|| self.type_code.strip_prefix("AWS_"))
            .unwrap_or(&self.type_code);
        rest.replace('_', " ").to_lowercase()
    }

    /// `us-east-1/use1-az4`, or the region alone.
    pub fn place(&self) -> String {
        match &self.availability_zone {
            Some(az) => format!("{}/{az}", self.region),
            None => self.region.clone(),
        }
    }
}

/// Open, then upcoming, then closed; the latest start first within each.
pub fn display_order(a: &HealthEvent, b: &HealthEvent) -> Ordering {
    a.status
        .cmp(&b.status)
        .then_with(|| b.start.cmp(&a.start))
        .then_with(|| a.arn.cmp(&b.arn))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AffectedEntity {
    pub value: String,
    pub arn: Option<String>,
    pub account: Option<String>,
    /// `IMPAIRED`, `UNIMPAIRED`, `UNKNOWN`, `PENDING` or `RESOLVED`.
    pub status: Option<String>,
    pub last_updated: Option<Timestamp>,
    pub tags: Vec<(String, String)>,
}

/// What the detail view shows of one event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventDescription {
    pub text: String,
    /// Accounts of the organization the event touches (organization view only).
    pub accounts: Vec<String>,
}
