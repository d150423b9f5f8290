//! The alarms of an account set: every (account, region) swept at once, each answer handed
//! on as it comes; and the source of one (account, region), for the alarm opened there.

use std::sync::Arc;

use super::{Alarm, AlarmSource};
use crate::accounts::place::Place;
use crate::accounts::target::AccountRef;
use crate::aws::AwsError;
use crate::kit::work::BoxFuture;

/// The accounts of the set, in its order, each swept in `regions` regions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub set: String,
    pub accounts: Vec<AccountRef>,
    pub regions: usize,
}

impl Plan {
    /// How many (account, region) answer a sweep.
    pub fn targets(&self) -> usize {
        self.accounts.len() * self.regions
    }
}

/// What a sweep hears: the plan first, then each (account, region) as it answers (its
/// alarms, or the whole error that says why the account or region could not be asked).
pub enum Heard {
    Planned(Plan),
    Answered {
        place: Place,
        result: Result<Vec<Alarm>, String>,
    },
}

pub trait AlarmSweep: Send + Sync {
    /// Plans the set (an organization's accounts are listed) and sweeps it, `each` hearing
    /// the plan and every answer; the error says why the set could not be planned.
    fn sweep(&self, each: Box<dyn FnMut(Heard) + Send>) -> BoxFuture<'_, Result<(), AwsError>>;
    /// The alarms of the account and region of `place`, with that account's credentials.
    fn at(&self, place: &Place) -> Result<Arc<dyn AlarmSource>, AwsError>;
}
