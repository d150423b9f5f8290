//! The Alarms pane over an account set: the set's plan, how each (account, region) answered,
//! and what the pane says of them (each failed account's whole error, the footer's count).
//! The alarms themselves go through the pane's load as pages do: on screen as they come
//! while no whole list is, else held until every (account, region) has answered.

use jiff::Timestamp;

use super::AlarmsPane;
use crate::accounts::place::Place;
use crate::alarms::list::AlarmList;
use crate::alarms::sweep::Plan;
use crate::aws::AwsError;

/// One sweep of the set: its plan and each (account, region)'s answer, in the set's order.
#[derive(Clone, Debug)]
pub struct Over {
    pub req: u64,
    pub plan: Plan,
    /// None while it loads; else its region and how many alarms it had, or its error.
    answers: Vec<Option<(String, Result<usize, String>)>>,
}

/// How the accounts of a sweep stand: an account failed when one of its regions did,
/// else it loads while one of its regions does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    pub answered: usize,
    pub failed: usize,
    pub loading: usize,
}

/// An account that could not be asked in some regions, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failed {
    pub account: String,
    pub regions: Vec<String>,
    pub error: String,
}

impl Over {
    fn new(req: u64, plan: Plan) -> Over {
        let answers = vec![None; plan.targets()];
        Over { req, plan, answers }
    }

    fn whole(&self) -> bool {
        self.answers.iter().all(Option::is_some)
    }

    fn account(&self, index: usize) -> &[Option<(String, Result<usize, String>)>] {
        let regions = self.plan.regions.max(1);
        let start = (index * regions).min(self.answers.len());
        &self.answers[start..(start + regions).min(self.answers.len())]
    }

    pub fn tally(&self) -> Tally {
        let mut tally = Tally {
            answered: 0,
            failed: 0,
            loading: 0,
        };
        for index in 0..self.plan.accounts.len() {
            let answers = self.account(index);
            if answers.iter().flatten().any(|(_, r)| r.is_err()) {
                tally.failed += 1;
            } else if answers.iter().any(Option::is_none) {
                tally.loading += 1;
            } else {
                tally.answered += 1;
            }
        }
        tally
    }

    /// Each account that failed, once per error, with the regions it failed in.
    pub fn failed(&self) -> Vec<Failed> {
        let mut out: Vec<Failed> = Vec::new();
        for (index, account) in self.plan.accounts.iter().enumerate() {
            let mut mine: Vec<Failed> = Vec::new();
            for (region, result) in self.account(index).iter().flatten() {
                let Err(error) = result else { continue };
                match mine.iter_mut().find(|f| f.error == *error) {
                    Some(same) => same.regions.push(region.clone()),
                    None => mine.push(Failed {
                        account: account.label(),
                        regions: vec![region.clone()],
                        error: error.clone(),
                    }),
                }
            }
            out.extend(mine);
        }
        out
    }
}

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
        let slot = over.answers.get_mut(place.order)?;
        let account = place.order / over.plan.regions.max(1);
        if let Some(known) = over.plan.accounts.get_mut(account) {
            // Once reached, a profile's account is known by its id too.
            *known = place.account.clone();
        }
        let count = result.as_ref().map(AlarmList::len).map_err(String::clone);
        *slot = Some((place.region.clone(), count));
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
