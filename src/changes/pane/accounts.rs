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
        self.over.is_some() || self.next.is_some()
    }

    /// The sweep on screen: the one loading while its answers go on screen, else the last
    /// whole one.
    pub fn over(&self) -> Option<&Over> {
        self.over.as_ref()
    }

    /// The sweep in flight, once its plan is known, and whether its answers are on screen.
    pub fn sweeping(&self) -> Option<(&Over, bool)> {
        let req = self.status.pending?;
        match (&self.next, &self.over) {
            (Some(next), _) if next.req == req => Some((next, false)),
            (_, Some(over)) if over.req == req => Some((over, true)),
            _ => None,
        }
    }

    /// How the accounts stand, for the footer: the sweep in flight's, else the last one's.
    pub fn tally(&self) -> Option<Tally> {
        self.next.as_ref().or(self.over.as_ref()).map(Over::tally)
    }

    /// A load from scratch: the set's accounts stay on screen, every one loading again.
    pub(super) fn anew(&mut self, req: u64) {
        self.holding = false;
        self.next = None;
        self.incoming.clear();
        if let Some(over) = &mut self.over {
            *over = Over::new(req, over.plan.clone());
        }
    }

    /// A refresh over the set: the whole window asked again, the list kept until every
    /// (account, region) has answered.
    pub(super) fn sweep_again(&mut self, req: u64, now: Timestamp) -> ChangesWork {
        if let Some(window) = self.relative {
            self.query.start = now - window;
            self.query.end = now;
        }
        self.holding = true;
        self.newer_only = false;
        self.next = None;
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
            Ok(plan) if self.holding => self.next = Some(Over::new(req, plan)),
            Ok(plan) => self.over = Some(Over::new(req, plan)),
            Err(e) => {
                self.status.accept(req);
                self.status.finish::<()>(&Err(e), now);
                self.holding = false;
                self.next = None;
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
        let over = if self.holding {
            &mut self.next
        } else {
            &mut self.over
        };
        let Some(over) = over.as_mut().filter(|o| o.req == req) else {
            return;
        };
        let count = result.as_ref().map(Vec::len).map_err(String::clone);
        if !over.record(&place, count) {
            return;
        }
        let whole = over.whole();
        if let Ok(changes) = result {
            self.progress.pages += 1;
            self.progress.events += changes.len();
            if self.holding {
                self.incoming.extend(changes);
            } else {
                for change in changes {
                    self.push(change);
                }
                self.resort();
            }
        }
        if whole {
            self.status.accept(req);
            self.status.finish::<()>(&Ok(()), now);
            if self.holding {
                self.swap_in();
            }
            self.progress.done = true;
            self.progress.stopped = false;
            self.progress.reached = Some(self.query.start);
        }
        self.select_risky_now();
    }

    /// A refresh's whole sweep takes the place of the one shown, the selection kept.
    fn swap_in(&mut self) {
        self.holding = false;
        if let Some(next) = self.next.take() {
            self.over = Some(next);
        }
        let keep = self.selected_change().map(Change::key);
        let mut all = std::mem::take(&mut self.incoming);
        all.sort_by(newest_first);
        let events = all.len();
        self.changes.clear();
        self.rebuild(all, keep);
        self.progress = Progress {
            events,
            ..Progress::default()
        };
    }
}

#[cfg(test)]
#[path = "accounts_tests.rs"]
mod tests;
