//! The Alarms pane over an account set: the set's plan, how each (account, region) answered,
//! and what the pane says of them (each failed account's whole error, the footer's count).
//! The alarms themselves go through the pane's load as pages do: on screen as they come
//! while no whole list is, else held until every (account, region) has answered.

use jiff::Timestamp;

use super::AlarmsPane;
use crate::accounts::place::Place;
use crate::accounts::sweep::{Over, Plan, Tally};
use crate::alarms::list::AlarmList;
use crate::aws::AwsError;

impl AlarmsPane {
    /// Whether the pane is over an account set (its rows name their account and region).
    pub fn over_set(&self) -> bool {
        self.over.is_some() || self.next.is_some()
    }

    /// The sweep on screen: the one loading while its answers go on screen, else the last
    /// whole one.
    pub fn over(&self) -> Option<&Over> {
        self.over.as_ref()
    }

    /// The sweep in flight, once its plan is known.
    pub fn sweeping(&self) -> Option<&Over> {
        let req = self.loading()?.req;
        self.next
            .as_ref()
            .or(self.over.as_ref())
            .filter(|o| o.req == req)
    }

    /// How the accounts stand, for the footer: the sweep in flight's, else the last one's.
    pub fn tally(&self) -> Option<Tally> {
        self.next.as_ref().or(self.over.as_ref()).map(Over::tally)
    }

    /// The set's accounts and regions: the sweep's answers are awaited. None when the
    /// answer is stale; a set that could not be planned ends the load with its error.
    pub fn planned(&mut self, req: u64, result: Result<Plan, AwsError>, now: Timestamp) {
        let plan = match result {
            Ok(plan) => plan,
            Err(e) => {
                self.stop(req, 0, e, now);
                return;
            }
        };
        let Some(loading) = self.awaited(req) else {
            return;
        };
        let over = Some(Over::new(req, plan));
        if loading.shown {
            self.over = over;
        } else {
            self.next = over;
        }
        self.answered(req, now);
    }

    /// One (account, region) answered. When it was the last, the list is whole and the
    /// names of the alarms firing are returned, for the other panes.
    pub fn target_answered(
        &mut self,
        req: u64,
        place: Place,
        result: Result<AlarmList, String>,
        now: Timestamp,
    ) -> Option<Vec<String>> {
        let shown = self.awaited(req)?.shown;
        let over = if shown {
            &mut self.over
        } else {
            &mut self.next
        };
        let over = over.as_mut().filter(|o| o.req == req)?;
        let count = result.as_ref().map(AlarmList::len).map_err(String::clone);
        if !over.record(&place, count) {
            return None;
        }
        let whole = over.whole();
        if let Ok(list) = result {
            self.arrived(req, list);
        }
        if !whole {
            self.answered(req, now);
            return None;
        }
        if let Some(next) = self.next.take() {
            self.over = Some(next);
        }
        self.complete(req, now)
    }
}

#[cfg(test)]
#[path = "accounts_tests.rs"]
mod tests;
