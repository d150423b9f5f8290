//! The Changes pane over an account set: the set's plan, how each (account, region)
//! answered, and what the pane says of them. The first sweep's changes go on screen as each
//! (account, region) answers; a refresh's are held until every one has, then take the place
//! of the list at once.

use jiff::Timestamp;

use super::{ChangesPane, Progress};
use crate::accounts::place::Place;
use crate::accounts::sweep::{Over, Plan, Tally};
use crate::aws::AwsError;
use crate::changes::model::{Change, newest_first};
use crate::changes::work::ChangesWork;

impl ChangesPane {
    /// Whether the pane is over an account set (its rows name their account and region).
    pub fn over_set(&self) -> bool {
        self.sweeps.active()
    }

    /// The sweep on screen: the one loading while its answers go on screen, else the last
    /// whole one.
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

    /// A load from scratch: the set's accounts stay on screen, every one loading again.
    pub(super) fn anew(&mut self, req: u64) {
        self.sweeps.anew(req);
        self.incoming.clear();
    }

    /// A refresh over the set: the whole window asked again, the list kept until every
    /// (account, region) has answered.
    pub(super) fn sweep_again(&mut self, req: u64, now: Timestamp) -> ChangesWork {
        if let Some(window) = self.relative {
            self.query.start = now - window;
            self.query.end = now;
        }
        self.sweeps.again();
        self.newer_only = false;
        self.incoming.clear();
        self.status.start(req, now);
        ChangesWork::Load {
            req,
            query: self.query.clone(),
        }
    }

    /// The set's accounts and regions: the sweep's answers are awaited. A set that could
    /// not be planned ends the load with its error.
    pub fn planned(&mut self, req: u64, result: Result<Plan, AwsError>, now: Timestamp) {
        if self.status.pending != Some(req) {
            return;
        }
        match result {
            Ok(plan) => self.sweeps.planned(req, plan),
            Err(e) => {
                self.status.accept(req);
                self.status.finish::<()>(&Err(e), now);
                self.sweeps.failed();
            }
        }
    }

    /// One (account, region) answered: its changes on screen, newest first across all, or
    /// held for a refresh. When it was the last, the sweep is whole.
    pub fn target_answered(
        &mut self,
        req: u64,
        place: Place,
        result: Result<Vec<Change>, String>,
        now: Timestamp,
    ) {
        if self.status.pending != Some(req) {
            return;
        }
        let count = result.as_ref().map(Vec::len).map_err(String::clone);
        let Some(recorded) = self.sweeps.record(req, &place, count) else {
            return;
        };
        if let Ok(changes) = result {
            self.progress.pages += 1;
            if recorded.held {
                self.progress.events += changes.len();
                self.incoming.extend(changes);
            } else {
                // Sorted with what is shown, so that of two copies of a global event the one
                // us-east-1 recorded is kept, whichever region answered first.
                let keep = self.selected_change().map(Change::key);
                let mut all = std::mem::take(&mut self.changes);
                all.extend(changes);
                all.sort_by(newest_first);
                self.rebuild(all, keep);
                self.progress.events = self.changes.len();
            }
        }
        if recorded.whole {
            self.status.accept(req);
            self.status.finish::<()>(&Ok(()), now);
            if recorded.held {
                self.swap_in();
            }
            self.progress.done = true;
            self.progress.stopped = false;
        }
        self.select_risky_now();
    }

    /// A refresh's whole sweep takes the place of the one shown, the selection kept.
    fn swap_in(&mut self) {
        self.sweeps.swap();
        let keep = self.selected_change().map(Change::key);
        let mut all = std::mem::take(&mut self.incoming);
        all.sort_by(newest_first);
        self.changes.clear();
        self.rebuild(all, keep);
        self.progress = Progress {
            events: self.changes.len(),
            ..Progress::default()
        };
    }
}

#[cfg(test)]
#[path = "accounts_tests.rs"]
mod tests;
