//! The Alarms pane's sweep of an account set through AWS: the set planned (an organization's
//! accounts listed), each account reached once (AssumeRole, or its profile) and swept in each
//! region under the set's cap, each answer handed on as it comes.

use std::sync::Arc;

use super::remember::{Known, Remembering};
use crate::accounts::alarms::sweep_alarms;
use crate::accounts::aws::{AwsReacher, Caller, Reached, plan};
use crate::accounts::fanout::fan_out_each;
use crate::accounts::place::Place;
use crate::accounts::session_name::{caller_user, session_name};
use crate::accounts::set::AccountSet;
use crate::alarms::sweep::{AlarmSweep, Heard, Plan};
use crate::alarms::{AlarmSource, CloudWatchAlarms};
use crate::aws::{AwsError, ErrorKind, SessionSettings};
use crate::kit::work::BoxFuture;

pub struct AwsAlarmSweep {
    set: AccountSet,
    /// The caller's: the session's profile, region and endpoint.
    settings: SessionSettings,
    lookups_per_second: f64,
    known: Arc<Known<Reached>>,
}

impl AwsAlarmSweep {
    pub fn new(set: AccountSet, settings: SessionSettings, lookups_per_second: f64) -> Self {
        AwsAlarmSweep {
            set,
            settings,
            lookups_per_second,
            known: Arc::default(),
        }
    }
}

fn failure(message: String) -> AwsError {
    AwsError {
        kind: ErrorKind::Service,
        code: None,
        message,
    }
}

impl AlarmSweep for AwsAlarmSweep {
    fn sweep(&self, mut each: Box<dyn FnMut(Heard) + Send>) -> BoxFuture<'_, Result<(), AwsError>> {
        Box::pin(async move {
            let name = session_name(caller_user().as_deref());
            let mut caller = Caller::connect(self.settings.clone(), name).await;
            let planned = plan(&self.set, &mut caller)
                .await
                .map_err(|e| failure(format!("account set {}: {e}", self.set.name)))?;
            let regions = self.set.regions.len().max(1);
            each(Heard::Planned(Plan {
                set: self.set.name.clone(),
                accounts: planned.iter().map(|p| p.reference(None)).collect(),
                regions,
            }));
            let reacher = Arc::new(Remembering {
                inner: Arc::new(AwsReacher {
                    caller,
                    lookups_per_second: self.lookups_per_second,
                    sweep: sweep_alarms,
                }),
                known: self.known.clone(),
            });
            let (set_regions, cap) = (&self.set.regions, self.set.concurrency);
            fan_out_each(reacher, planned, set_regions, cap, |at, swept| {
                let place = Place {
                    account: swept.account,
                    region: swept.region,
                    order: at.account * regions + at.region,
                };
                let result = swept.answer.and_then(|answer| answer);
                each(Heard::Answered { place, result });
            })
            .await;
            Ok(())
        })
    }

    fn at(&self, place: &Place) -> Result<Arc<dyn AlarmSource>, AwsError> {
        let opened = place
            .account
            .id
            .as_deref()
            .and_then(|id| self.known.by_id(id))
            .ok_or_else(|| {
                failure(format!(
                    "{} is not reached: refresh (r) to sweep the account set again, then open the alarm",
                    place.account.label()
                ))
            })?;
        let session = opened.inner.session(&place.region);
        Ok(Arc::new(CloudWatchAlarms::new(&session)))
    }
}
