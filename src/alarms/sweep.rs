//! The alarms of an account set: every (account, region) swept at once, each answer handed
//! on as it comes; and the source of one (account, region), for the alarm opened there.

use std::sync::Arc;

use super::{Alarm, AlarmSource};
use crate::accounts::place::Place;
use crate::aws::AwsError;
use crate::kit::work::BoxFuture;

pub use crate::accounts::sweep::Plan;

/// What an alarm sweep hears: the plan, then each (account, region)'s alarms.
pub type Heard = crate::accounts::sweep::Heard<Vec<Alarm>>;

pub trait AlarmSweep: Send + Sync {
    /// Plans the set (an organization's accounts are listed) and sweeps it, `each` hearing
    /// the plan and every answer; the error says why the set could not be planned.
    fn sweep(&self, each: Box<dyn FnMut(Heard) + Send>) -> BoxFuture<'_, Result<(), AwsError>>;
    /// The alarms of the account and region of `place`, with that account's credentials.
    fn at(&self, place: &Place) -> Result<Arc<dyn AlarmSource>, AwsError>;
}
