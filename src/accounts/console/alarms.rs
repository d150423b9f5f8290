//! The Alarms pane's sweep of an account set through AWS: every alarm of each (account,
//! region), and the source of one (account, region) for the alarm opened there.

use std::sync::Arc;

use super::reach::{Each, SetReach};
use crate::accounts::alarms::sweep_alarms;
use crate::accounts::place::Place;
use crate::alarms::sweep::{AlarmSweep, Heard};
use crate::alarms::{AlarmSource, CloudWatchAlarms};
use crate::aws::AwsError;
use crate::kit::work::BoxFuture;

pub struct AwsAlarmSweep {
    reach: Arc<SetReach>,
}

impl AwsAlarmSweep {
    pub fn new(reach: Arc<SetReach>) -> Self {
        AwsAlarmSweep { reach }
    }
}

impl AlarmSweep for AwsAlarmSweep {
    fn sweep(&self, mut each: Box<dyn FnMut(Heard) + Send>) -> BoxFuture<'_, Result<(), AwsError>> {
        Box::pin(async move {
            self.reach
                .sweep(Each::Region, sweep_alarms, &mut *each)
                .await
        })
    }

    fn at(&self, place: &Place) -> Result<Arc<dyn AlarmSource>, AwsError> {
        let session = self.reach.session(place, "alarm")?;
        Ok(Arc::new(CloudWatchAlarms::new(&session)))
    }
}
