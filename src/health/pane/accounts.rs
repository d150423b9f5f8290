//! The Health pane over an account set: each account asked once (Health is global), its
//! events on screen as it answers while no whole list is, a refresh's held until every
//! account has answered; each failed account's whole error, the footer's counts.

use jiff::Timestamp;

use super::HealthPane;
use crate::accounts::place::Place;
use crate::accounts::sweep::{Over, Plan, Tally};
use crate::aws::AwsError;
use crate::health::model::HealthEvent;

impl HealthPane {
    /// Whether the pane is over an account set (its rows name their account).
    pub fn over_set(&self) -> bool {
        self.sweeps.active()
    }

    /// The sweep on screen.
    pub fn over(&self) -> Option<&Over> {
        self.sweeps.over()
    }

    /// The sweep in flight, once its plan is known, and whether its answers are on screen.
    pub fn sweeping(&self) -> Option<(&Over, bool)> {
        self.sweeps.sweeping(self.status.pending)
    }

    /// How the accounts stand, for the footer: the sweep in flight's, else the last one's.
    pub fn tally(&self) -> Option<Tally> {
        self.sweeps.tally()
    }

    /// A load over the set: a refresh of a whole list keeps it until the sweep is whole.
    pub(super) fn sweep_anew(&mut self, req: u64) {
        self.incoming.clear();
        if self.whole && self.sweeps.active() {
            self.sweeps.again();
        } else {
            self.sweeps.anew(req);
        }
    }

    /// The set's accounts: their answers are awaited. A set that could not be planned ends
    /// the load with its error.
    pub fn planned(&mut self, req: u64, result: Result<Plan, AwsError>, now: Timestamp) {
        if self.status.pending != Some(req) {
            return;
        }
        match result {
            Ok(plan) => self.sweeps.planned(req, plan),
            Err(e) => {
                self.sweeps.failed();
                self.loaded(req, Err(e), now);
            }
        }
    }

    /// One account answered: its events on screen (in the pane's order across all), or held
    /// for a refresh. When it was the last, the list is whole.
    pub fn target_answered(
        &mut self,
        req: u64,
        place: Place,
        result: Result<Vec<HealthEvent>, String>,
        now: Timestamp,
    ) {
        if self.status.pending != Some(req) {
            return;
        }
        let count = result.as_ref().map(Vec::len).map_err(String::clone);
        let Some(recorded) = self.sweeps.record(req, &place, count) else {
            return;
        };
        let events = result.unwrap_or_default();
        if recorded.held {
            self.incoming.extend(events);
        } else {
            let mut shown = self.all().to_vec();
            shown.extend(events);
            self.incoming = shown;
        }
        if recorded.whole {
            self.sweeps.swap();
            let all = std::mem::take(&mut self.incoming);
            self.loaded(req, Ok(all), now);
        } else if !recorded.held {
            let shown = std::mem::take(&mut self.incoming);
            self.status.error = None;
            self.show(shown, true);
        }
    }
}
