//! The Changes pane's sweep of an account set through AWS: the changes of each (account,
//! region), each through that account's own CloudTrail limiters (the headless
//! `changes --accounts` sweep).

use std::sync::Arc;

use super::reach::{Each, SetReach};
use crate::accounts::changes::sweep_changes;
use crate::accounts::triage::ChangeSettings;
use crate::aws::AwsError;
use crate::changes::ChangeQuery;
use crate::changes::sweep::{ChangeSweep, Heard};
use crate::kit::work::BoxFuture;

pub struct AwsChangeSweep {
    reach: Arc<SetReach>,
    changes: ChangeSettings,
}

impl AwsChangeSweep {
    pub fn new(reach: Arc<SetReach>, changes: ChangeSettings) -> Self {
        AwsChangeSweep { reach, changes }
    }
}

impl ChangeSweep for AwsChangeSweep {
    fn sweep(
        &self,
        query: ChangeQuery,
        mut each: Box<dyn FnMut(Heard) + Send>,
    ) -> BoxFuture<'_, Result<(), AwsError>> {
        let ask = sweep_changes(self.changes.clone(), query);
        Box::pin(async move { self.reach.sweep(Each::Region, ask, &mut *each).await })
    }
}
