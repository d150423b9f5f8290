//! A load as it arrives: the firing alarms first, then every alarm page by page. While no
//! whole list is on screen (the first load, or after one that stopped partway) each answer
//! is shown as it comes, merged in place; a refresh of a whole list keeps that list on
//! screen and swaps in the new one at once when its last page is in.

use std::collections::HashSet;

use jiff::Timestamp;

use super::AlarmsPane;
use crate::alarms::list::AlarmList;
use crate::alarms::model::{Alarm, AlarmKey, AlarmState};
use crate::aws::AwsError;

#[derive(Debug)]
pub struct Loading {
    pub req: u64,
    /// Whether answers go on screen as they arrive (no whole list is shown).
    pub shown: bool,
    /// How many alarms the firing pass found, once it answered.
    pub firing: Option<usize>,
    /// Pages of every alarm received so far, and the alarms they held.
    pub pages: usize,
    pub alarms: usize,
    /// When the last answer of this load arrived.
    answered_at: Option<Timestamp>,
    /// Names the pages held: when the list is whole, the alarms shown from the firing pass
    /// (or a partial list before) that no page held are gone.
    seen: HashSet<AlarmKey>,
    /// The alarms whose state changed during this load.
    changed: HashSet<AlarmKey>,
    /// A refresh's pages, held until the last arrives.
    held: Vec<AlarmList>,
}

/// A load a failed page ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stopped {
    /// The page that failed (numbered from 1; 0 for the firing pass).
    pub page: usize,
    /// Alarms on the pages before it.
    pub alarms: usize,
    /// Whether the pane shows a partial list (what arrived); otherwise it shows the last
    /// whole list, or nothing.
    pub partial: bool,
}

impl Loading {
    pub fn new(req: u64, shown: bool) -> Loading {
        Loading {
            req,
            shown,
            firing: None,
            pages: 0,
            alarms: 0,
            answered_at: None,
            seen: HashSet::new(),
            changed: HashSet::new(),
            held: Vec::new(),
        }
    }
}

impl AlarmsPane {
    pub(super) fn awaited(&mut self, req: u64) -> Option<&mut Loading> {
        if self.status.pending != Some(req) {
            return None;
        }
        self.loading.as_mut().filter(|l| l.req == req)
    }

    /// The firing alarms arrived: on screen at once unless a whole list is. Returns their
    /// names, for the other panes; None for a stale or failed answer (which ends the load).
    pub fn firing_loaded(
        &mut self,
        req: u64,
        result: Result<AlarmList, AwsError>,
        now: Timestamp,
    ) -> Option<Vec<String>> {
        let list = match result {
            Ok(list) => list,
            Err(e) => {
                self.stop(req, 0, e, now);
                return None;
            }
        };
        let loading = self.awaited(req)?;
        let names: Vec<String> = list
            .alarms()
            .iter()
            .filter(|a| a.state == AlarmState::Alarm)
            .map(|a| a.name.clone())
            .collect();
        loading.firing = Some(names.len());
        let shown = loading.shown;
        self.answered(req, now);
        if shown {
            self.merge(list);
        }
        Some(names)
    }

    /// One page of every alarm arrived. When it was the last, the list is whole and the
    /// names of the alarms firing are returned, for the other panes. A failed page ends the
    /// load and keeps what is shown.
    pub fn page_loaded(
        &mut self,
        req: u64,
        page: usize,
        result: Result<AlarmList, AwsError>,
        more: bool,
        now: Timestamp,
    ) -> Option<Vec<String>> {
        let list = match result {
            Ok(list) => list,
            Err(e) => {
                self.stop(req, page, e, now);
                return None;
            }
        };
        self.awaited(req)?.pages = page;
        self.arrived(req, list);
        if more {
            self.answered(req, now);
            return None;
        }
        self.complete(req, now)
    }

    /// Part of the load arrived (a page, or an account's region): on screen at once while no
    /// whole list is, else held.
    pub(super) fn arrived(&mut self, req: u64, list: AlarmList) {
        let Some(loading) = self.awaited(req) else {
            return;
        };
        loading.alarms += list.len();
        if loading.shown {
            loading.seen.extend(list.alarms().iter().map(Alarm::key));
            self.merge(list);
        } else {
            loading.held.push(list);
        }
    }

    /// The load's last part arrived: the list is whole. Returns the names of the alarms
    /// firing, for the other panes.
    pub(super) fn complete(&mut self, req: u64, now: Timestamp) -> Option<Vec<String>> {
        self.awaited(req)?;
        let loading = self.loading.take()?;
        self.status.accept(req);
        self.status.finish::<()>(&Ok(()), now);
        self.stopped = None;
        if loading.shown {
            let keep = self.selected_alarm().map(Alarm::key);
            self.list.retain(|a| loading.seen.contains(&a.key()));
            self.changed = loading.changed;
            self.refilter(keep);
            self.whole = true;
            self.loads += 1;
        } else {
            self.replace(AlarmList::join(loading.held));
        }
        Some(self.firing_names())
    }

    /// An answer arrived within a load: the source answers again.
    pub(super) fn answered(&mut self, req: u64, now: Timestamp) {
        self.status.error = None;
        if let Some(loading) = self.awaited(req) {
            loading.answered_at = Some(now);
        }
    }

    /// A failed answer (of page `page`, 0 for the firing pass) ends the load; what is shown
    /// stays.
    pub(super) fn stop(&mut self, req: u64, page: usize, error: AwsError, now: Timestamp) {
        let on_screen = !self.list.is_empty();
        let Some(loading) = self.awaited(req) else {
            return;
        };
        let partial = loading.shown && on_screen;
        let stopped = Stopped {
            page,
            alarms: loading.alarms,
            partial,
        };
        // A partial list on screen is as old as the last answer it holds.
        if let Some(at) = loading.answered_at.filter(|_| partial) {
            self.status.loaded_at = Some(at);
        }
        self.stopped = Some(stopped);
        self.loading = None;
        self.status.accept(req);
        self.status.finish::<()>(&Err(error), now);
    }

    /// Part of a list goes on screen in place, the cursor staying on its alarm.
    fn merge(&mut self, part: AlarmList) {
        let keep = self.selected_alarm().map(Alarm::key);
        let changed = self.list.merge(part);
        if let Some(loading) = self.loading.as_mut() {
            loading.changed.extend(changed.iter().cloned());
        }
        self.changed.extend(changed);
        self.refilter(keep);
    }
}

#[cfg(test)]
mod tests;
