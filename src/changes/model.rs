//! CloudTrail write events ("changes") as warroom holds them.

use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::accounts::place::Place;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub kind: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub id: String,
    pub time: Timestamp,
    pub name: String,
    /// `ec2.amazonaws.com`
    pub source: String,
    /// The user, the role session, or the service that made the call.
    pub principal: String,
    /// `IAMUser`, `AssumedRole`, `Root`, `AWSService` ...
    pub identity_type: Option<String>,
    pub principal_arn: Option<String>,
    pub access_key: Option<String>,
    pub source_ip: Option<String>,
    pub resources: Vec<Resource>,
    pub error_code: Option<String>,
    pub read_only: bool,
    /// Why the change is risky, when a risk rule matched.
    pub risk: Option<String>,
    /// A global service's event (IAM, STS, sign-in ...), recorded in us-east-1 only and
    /// fetched from there for a view of another region.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub global: bool,
    /// Its account and region, when the pane is over an account set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// The whole CloudTrail record, as CloudTrail gave it.
    #[serde(skip)]
    pub record: Arc<str>,
}

/// The order of the Changes pane: newest first; over an account set, ties in the set's
/// order.
/// Newest first, ties in the set's order; of two copies of one global service's event (each
/// region of an account asks us-east-1 for them), the one us-east-1 itself recorded first.
pub fn newest_first(a: &Change, b: &Change) -> std::cmp::Ordering {
    let order = |c: &Change| c.place.as_ref().map(|p| p.order);
    b.time
        .cmp(&a.time)
        .then_with(|| a.global.cmp(&b.global))
        .then_with(|| order(a).cmp(&order(b)))
}

impl Change {
    /// What tells one change of the list from another: its event id, within its account over
    /// an account set (an event id is unique in an account; a global service's event, asked
    /// of us-east-1 by each region, is one change).
    pub fn key(&self) -> String {
        match &self.place {
            Some(place) => {
                let account = place.account.id.as_deref().unwrap_or(&place.account.name);
                format!("{account}#{}", self.id)
            }
            None => self.id.clone(),
        }
    }

    /// `ec2` for `ec2.amazonaws.com`.
    pub fn service(&self) -> &str {
        self.source
            .strip_suffix(".amazonaws.com")
            .unwrap_or(&self.source)
    }

    /// `ec2`, or `iam (global)` for a global service's event fetched from us-east-1.
    pub fn service_label(&self) -> String {
        if self.global {
            format!("{} (global)", self.service())
        } else {
            self.service().to_string()
        }
    }

    /// The resources as one short line: `sg-0db5e1c7a9f3b2d41, checkout-db`.
    pub fn resources_line(&self) -> String {
        self.resources
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
