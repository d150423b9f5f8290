//! The Health pane's sweep of an account set through AWS: each account asked once (Health
//! is global), for the set's regions (else the account's own) and the global services.

use std::sync::Arc;

use jiff::Timestamp;

use super::reach::{Each, SetReach};
use crate::accounts::aws::Reached;
use crate::accounts::fanout::Opened;
use crate::accounts::place::Place;
use crate::aws::AwsError;
use crate::health::sweep::{HealthSweep, Heard};
use crate::health::{AwsHealth, EventQuery, HealthEvent, HealthSource};
use crate::kit::work::BoxFuture;

pub struct AwsHealthSweep {
    reach: Arc<SetReach>,
}

impl AwsHealthSweep {
    pub fn new(reach: Arc<SetReach>) -> Self {
        AwsHealthSweep { reach }
    }
}

/// The events of one account, with its credentials: for `regions` (none: the region it is
/// swept in) and the global services.
fn account_events(
    regions: Vec<String>,
    now: Timestamp,
) -> impl Fn(Arc<Opened<Reached>>, String) -> BoxFuture<'static, Result<Vec<HealthEvent>, String>>
+ Send
+ Sync
+ 'static {
    move |account, region| {
        let regions = if regions.is_empty() {
            vec![region.clone()]
        } else {
            regions.clone()
        };
        Box::pin(async move {
            let session = account.inner.session(&region);
            let query = EventQuery {
                regions,
                organization: false,
            };
            AwsHealth::new(&session)
                .events(query, now)
                .await
                .map_err(|e| e.to_string())
        })
    }
}

impl HealthSweep for AwsHealthSweep {
    /// The account view of each account (the organization view already spans them).
    fn sweep(
        &self,
        _: EventQuery,
        mut each: Box<dyn FnMut(Heard) + Send>,
    ) -> BoxFuture<'_, Result<(), AwsError>> {
        let ask = account_events(self.reach.set.regions.clone(), Timestamp::now());
        Box::pin(async move { self.reach.sweep(Each::Account, ask, &mut *each).await })
    }

    fn at(&self, place: &Place) -> Result<Arc<dyn HealthSource>, AwsError> {
        let session = self.reach.session(place, "event")?;
        Ok(Arc::new(AwsHealth::new(&session)))
    }
}
