//! The changes of an account set: every (account, region) asked for the pane's query, each
//! answer handed on as it comes.

use super::{Change, ChangeQuery};
use crate::aws::AwsError;
use crate::kit::work::BoxFuture;

/// What a Changes sweep hears: the plan, then each (account, region)'s changes.
pub type Heard = crate::accounts::sweep::Heard<Vec<Change>>;

pub trait ChangeSweep: Send + Sync {
    /// Plans the set and asks every (account, region) for the changes `query` matches
    /// (every page, each at that account and region's LookupEvents pace), `each` hearing the
    /// plan and every answer; the error says why the set could not be planned.
    fn sweep(
        &self,
        query: ChangeQuery,
        each: Box<dyn FnMut(Heard) + Send>,
    ) -> BoxFuture<'_, Result<(), AwsError>>;
}
