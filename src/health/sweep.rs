//! The Health events of an account set: Health is global, so each account is asked once,
//! for the set's regions and the global services; and the source of one account, for the
//! event opened there.

use std::sync::Arc;

use super::{EventQuery, HealthEvent, HealthSource};
use crate::accounts::place::Place;
use crate::aws::AwsError;
use crate::kit::work::BoxFuture;

/// What a Health sweep hears: the plan, then each account's events.
pub type Heard = crate::accounts::sweep::Heard<Vec<HealthEvent>>;

pub trait HealthSweep: Send + Sync {
    /// Plans the set and asks each account once for its open, upcoming and recently closed
    /// events, `each` hearing the plan and every answer; the error says why the set could
    /// not be planned.
    fn sweep(
        &self,
        query: EventQuery,
        each: Box<dyn FnMut(Heard) + Send>,
    ) -> BoxFuture<'_, Result<(), AwsError>>;
    /// The Health source of the account of `place`, with that account's credentials.
    fn at(&self, place: &Place) -> Result<Arc<dyn HealthSource>, AwsError>;
}
