//! A pane's sweep of an account set, whatever it lists: the plan (the set's accounts and how
//! many regions each is asked in), what a sweep hears (the plan, then each (account, region)
//! as it answers), and how the answers stand (each failed account's whole error, the
//! footer's answered/failed/loading counts).

use super::place::Place;
use super::target::AccountRef;
use crate::kit::text::Segments;
use crate::theme::Slot;

/// The accounts of the set, in its order, each swept in `regions` regions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub set: String,
    pub accounts: Vec<AccountRef>,
    pub regions: usize,
}

impl Plan {
    /// How many (account, region) answer a sweep.
    pub fn targets(&self) -> usize {
        self.accounts.len() * self.regions
    }
}

/// What a sweep hears: the plan first, then each (account, region) as it answers (what it
/// lists there, or the whole error that says why the account or region could not be asked).
pub enum Heard<T> {
    Planned(Plan),
    Answered {
        place: Place,
        result: Result<T, String>,
    },
}

/// One sweep of the set: its plan and each (account, region)'s answer, in the set's order.
#[derive(Clone, Debug)]
pub struct Over {
    pub req: u64,
    pub plan: Plan,
    /// None while it loads; else its region and how many items it had, or its error.
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
    pub fn new(req: u64, plan: Plan) -> Over {
        let answers = vec![None; plan.targets()];
        Over { req, plan, answers }
    }

    /// Whether every (account, region) has answered.
    pub fn whole(&self) -> bool {
        self.answers.iter().all(Option::is_some)
    }

    /// Notes the answer of `place` (how many items, or its error); false when the place is
    /// not of this sweep. Once reached, a profile's account is known by its id too.
    pub fn record(&mut self, place: &Place, count: Result<usize, String>) -> bool {
        let Some(slot) = self.answers.get_mut(place.order) else {
            return false;
        };
        *slot = Some((place.region.clone(), count));
        let account = place.order / self.plan.regions.max(1);
        if let Some(known) = self.plan.accounts.get_mut(account) {
            *known = place.account.clone();
        }
        true
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

    /// `sweeping account set demo: 2 of 4 accounts answered…` (`refreshing` while the last
    /// whole sweep stays on screen).
    pub fn progress(&self, spin: &str, shown: bool) -> String {
        let tally = self.tally();
        let done = tally.answered + tally.failed;
        let (of, set) = (self.plan.accounts.len(), &self.plan.set);
        let doing = if shown { "sweeping" } else { "refreshing" };
        format!("{spin} {doing} account set {set}: {done} of {of} accounts answered…")
    }
}

/// A line for each account that could not be asked, with its regions and its whole error
/// (wrapped, never cut).
pub fn failed_lines(over: Option<&Over>) -> Vec<Segments> {
    let Some(over) = over else {
        return Vec::new();
    };
    over.failed()
        .into_iter()
        .map(|f| {
            let regions = f.regions.join(", ");
            let at = if regions.is_empty() {
                String::new()
            } else {
                format!(" · {regions}")
            };
            vec![
                (format!("✗ {}{at} not answered: ", f.account), Slot::Error),
                (f.error, Slot::Error),
            ]
        })
        .collect()
}

/// ` (accounts: 5 answered, 1 failed, 3 loading)`, the loading ones only while some load.
pub fn tally_words(tally: Tally) -> String {
    let loading = if tally.loading > 0 {
        format!(", {} loading", tally.loading)
    } else {
        String::new()
    };
    format!(
        " (accounts: {} answered, {} failed{loading})",
        tally.answered, tally.failed
    )
}

/// A pane's sweeps of a set: the one on screen and, during a refresh, the next one, whose
/// answers the pane holds until it is whole.
#[derive(Clone, Debug, Default)]
pub struct Sweeps {
    over: Option<Over>,
    next: Option<Over>,
    holding: bool,
}

/// Where an answer went: whether its sweep is now whole, and whether the pane holds its
/// items (a refresh) rather than showing them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub whole: bool,
    pub held: bool,
}

impl Sweeps {
    /// Whether the pane is over an account set.
    pub fn active(&self) -> bool {
        self.over.is_some() || self.next.is_some()
    }

    pub fn over(&self) -> Option<&Over> {
        self.over.as_ref()
    }

    /// Whether the answers of the sweep in flight are held for a refresh.
    pub fn holding(&self) -> bool {
        self.holding
    }

    /// The sweep `pending` asks for, once its plan is known, and whether its answers are on
    /// screen.
    pub fn sweeping(&self, pending: Option<u64>) -> Option<(&Over, bool)> {
        let req = pending?;
        match (&self.next, &self.over) {
            (Some(next), _) if next.req == req => Some((next, false)),
            (_, Some(over)) if over.req == req => Some((over, true)),
            _ => None,
        }
    }

    /// The sweep in flight's counts, else the last one's.
    pub fn tally(&self) -> Option<Tally> {
        self.next.as_ref().or(self.over.as_ref()).map(Over::tally)
    }

    /// A load from scratch: the set's accounts stay on screen, every one loading again.
    pub fn anew(&mut self, req: u64) {
        self.holding = false;
        self.next = None;
        if let Some(over) = &mut self.over {
            *over = Over::new(req, over.plan.clone());
        }
    }

    /// A refresh: the sweep on screen stays until the next one is whole.
    pub fn again(&mut self) {
        self.holding = true;
        self.next = None;
    }

    /// The plan of sweep `req` arrived.
    pub fn planned(&mut self, req: u64, plan: Plan) {
        let over = Some(Over::new(req, plan));
        if self.holding {
            self.next = over;
        } else {
            self.over = over;
        }
    }

    /// The sweep could not be planned: the one on screen stays.
    pub fn failed(&mut self) {
        self.holding = false;
        self.next = None;
    }

    /// Notes an answer of sweep `req`; None when it is not of the sweep awaited.
    pub fn record(
        &mut self,
        req: u64,
        place: &Place,
        count: Result<usize, String>,
    ) -> Option<Recorded> {
        let held = self.holding;
        let over = if held { &mut self.next } else { &mut self.over };
        let over = over.as_mut().filter(|o| o.req == req)?;
        if !over.record(place, count) {
            return None;
        }
        Some(Recorded {
            whole: over.whole(),
            held,
        })
    }

    /// A refresh's whole sweep takes the place of the one on screen.
    pub fn swap(&mut self) {
        self.holding = false;
        if let Some(next) = self.next.take() {
            self.over = Some(next);
        }
    }
}
