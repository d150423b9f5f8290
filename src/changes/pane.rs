//! The Changes pane's state: pages of LookupEvents streaming in, filtered and marked.

use std::collections::HashSet;

use jiff::{SignedDuration, Timestamp};

use super::model::{Change, newest_first};
use super::query::ChangeQuery;
use super::work::ChangesWork;
use crate::accounts::place::passes;
use crate::accounts::sweep::Sweeps;
use crate::aws::AwsError;
use crate::kit::SourceStatus;
use crate::kit::cursor::Cursor;
use filter::haystack;

/// How far the paging has got.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub pages: usize,
    pub events: usize,
    /// The oldest event time reached so far: the window is covered from here to its end.
    pub reached: Option<Timestamp>,
    pub done: bool,
    /// Paging stopped before the end (the user left the pane).
    pub stopped: bool,
}

pub struct ChangesPane {
    changes: Vec<Change>,
    haystacks: Vec<String>,
    ids: HashSet<String>,
    risky: usize,
    visible: Vec<usize>,
    filter: String,
    pub query: ChangeQuery,
    /// A window relative to now (`last 3h`) moves with each refresh; an absolute one stays.
    pub relative: Option<SignedDuration>,
    pub cursor: Cursor,
    pub status: SourceStatus,
    pub progress: Progress,
    /// Pages of a refresh that only asks for what is newer, merged when it ends.
    incoming: Vec<Change>,
    newer_only: bool,
    /// Select the newest risky change once it arrives (after a pivot from an alarm).
    select_risky: bool,
    pub detail: Option<Detail>,
    /// Over an account set: the sweep on screen, and a refresh's, held until it is whole
    /// (its changes in `incoming`).
    sweeps: Sweeps,
}

pub struct Detail {
    /// The change's key (its id, within its account and region over a set).
    pub id: String,
    pub scroll: usize,
}

impl ChangesPane {
    pub fn new(window: SignedDuration, now: Timestamp) -> ChangesPane {
        ChangesPane {
            changes: Vec::new(),
            haystacks: Vec::new(),
            ids: HashSet::new(),
            risky: 0,
            visible: Vec::new(),
            filter: String::new(),
            query: ChangeQuery::last(window, now),
            relative: Some(window),
            cursor: Cursor::default(),
            status: SourceStatus::default(),
            progress: Progress::default(),
            incoming: Vec::new(),
            newer_only: false,
            select_risky: false,
            detail: None,
            sweeps: Sweeps::default(),
        }
    }

    pub fn all(&self) -> &[Change] {
        &self.changes
    }

    pub fn visible_rows(&self, start: usize, count: usize) -> impl Iterator<Item = &Change> {
        self.visible
            .iter()
            .skip(start)
            .take(count)
            .map(|&i| &self.changes[i])
    }

    pub fn selected_change(&self) -> Option<&Change> {
        self.visible
            .get(self.cursor.selected)
            .map(|&i| &self.changes[i])
    }

    /// Selects the change among the rows shown; false when it is not shown.
    pub fn select(&mut self, id: &str) -> bool {
        match self.visible.iter().position(|&i| self.changes[i].id == id) {
            Some(at) => {
                self.cursor.selected = at;
                true
            }
            None => false,
        }
    }

    /// The change of this key (see [`Change::key`]).
    pub fn find(&self, key: &str) -> Option<&Change> {
        self.changes.iter().find(|c| c.key() == key)
    }

    /// How many loaded changes a risk rule marked.
    pub fn risky(&self) -> usize {
        self.risky
    }

    pub fn busy(&self) -> bool {
        self.status.in_flight()
    }

    pub fn reset(&mut self) {
        let fresh = ChangesPane::new(
            self.relative.unwrap_or(SignedDuration::from_hours(3)),
            self.query.end,
        );
        *self = ChangesPane {
            query: self.query.clone(),
            relative: self.relative,
            filter: std::mem::take(&mut self.filter),
            ..fresh
        };
    }

    /// Starts loading the query from scratch.
    pub fn load(&mut self, req: u64, now: Timestamp) -> ChangesWork {
        if let Some(window) = self.relative {
            self.query.start = now - window;
            self.query.end = now;
        }
        let keep = self.selected_change().map(Change::key);
        self.changes.clear();
        self.haystacks.clear();
        self.ids.clear();
        self.risky = 0;
        self.visible.clear();
        self.cursor.reselect(None);
        self.detail = self
            .detail
            .take()
            .filter(|d| keep.as_deref() == Some(d.id.as_str()));
        self.progress = Progress::default();
        self.newer_only = false;
        self.anew(req);
        self.status.start(req, now);
        ChangesWork::Load {
            req,
            query: self.query.clone(),
        }
    }

    /// A refresh: a relative window asks only for what is newer than what it has.
    pub fn refresh(&mut self, req: u64, now: Timestamp) -> ChangesWork {
        if self.over_set() && self.progress.done {
            return self.sweep_again(req, now);
        }
        let newest = self.changes.first().map(|c| c.time);
        match (self.relative, newest, self.progress.done) {
            (Some(window), Some(newest), true) => {
                self.query.start = now - window;
                self.query.end = now;
                self.newer_only = true;
                self.incoming.clear();
                self.status.start(req, now);
                let query = ChangeQuery {
                    start: newest,
                    end: now,
                    ..self.query.clone()
                };
                ChangesWork::Load { req, query }
            }
            _ => self.load(req, now),
        }
    }

    /// A new query (filters, window or preset): loading starts over.
    pub fn set_query(
        &mut self,
        query: ChangeQuery,
        relative: Option<SignedDuration>,
        req: u64,
        now: Timestamp,
    ) -> ChangesWork {
        self.query = query;
        self.relative = relative;
        self.load(req, now)
    }

    /// The next refresh selects the newest risky change.
    pub fn select_risky_on_arrival(&mut self) {
        self.select_risky = true;
    }

    /// Paging stopped because the user left the pane.
    pub fn stop(&mut self) {
        if self.status.in_flight() {
            self.status.pending = None;
            self.progress.stopped = true;
        }
    }

    /// One page arrived. `more` says whether paging goes on.
    pub fn page(
        &mut self,
        req: u64,
        result: Result<Vec<Change>, AwsError>,
        more: bool,
        now: Timestamp,
    ) {
        if self.status.pending != Some(req) {
            return;
        }
        let changes = match result {
            Ok(changes) => changes,
            Err(e) => {
                self.status.accept(req);
                self.status.finish::<()>(&Err(e), now);
                return;
            }
        };
        // A refresh that asks only for what is newer is not more of the window's paging: it
        // counts only the events it found that were not loaded yet.
        if self.newer_only {
            let mut fresh = HashSet::new();
            self.progress.events += changes
                .iter()
                .filter(|c| {
                    !self.ids.contains(&c.id) && !self.incoming.iter().any(|i| i.id == c.id)
                })
                .filter(|c| fresh.insert(c.id.as_str()))
                .count();
        } else {
            self.progress.pages += 1;
            self.progress.events += changes.len();
        }
        if let Some(oldest) = changes.last().map(|c| c.time) {
            self.progress.reached = Some(self.progress.reached.map_or(oldest, |r| r.min(oldest)));
        }
        if self.newer_only {
            self.incoming.extend(changes);
        } else {
            let newest = changes.iter().map(|c| c.time).max();
            let oldest_held = self.changes.iter().map(|c| c.time).min();
            for change in changes {
                self.push(change);
            }
            // The global services' events come after the region's own: sort them in.
            if newest.zip(oldest_held).is_some_and(|(n, o)| n > o) {
                self.resort();
            }
        }
        if !more {
            self.status.accept(req);
            self.status.finish::<()>(&Ok(()), now);
            self.progress.done = true;
            self.progress.stopped = false;
            if self.newer_only {
                self.merge_incoming();
            }
        }
        self.select_risky_now();
    }

    /// After a pivot from an alarm: the newest risky change, once one is shown.
    fn select_risky_now(&mut self) {
        if self.select_risky
            && let Some(index) = self
                .visible
                .iter()
                .position(|&i| self.changes[i].risk.is_some())
        {
            self.cursor.reselect(Some(index));
            self.select_risky = false;
        }
    }

    fn push(&mut self, change: Change) {
        if !self.query.matches(&change) || !self.ids.insert(change.key()) {
            return;
        }
        let hay = haystack(&change);
        let index = self.changes.len();
        let terms = self.filter_terms();
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        if passes(change.place.as_ref(), &hay, &terms) {
            self.visible.push(index);
        }
        self.haystacks.push(hay);
        self.risky += usize::from(change.risk.is_some());
        self.changes.push(change);
    }

    /// Newest first again, the selection kept.
    fn resort(&mut self) {
        let keep = self.selected_change().map(Change::key);
        let mut all = std::mem::take(&mut self.changes);
        all.sort_by(newest_first);
        self.rebuild(all, keep);
    }

    /// Puts a refresh's newer changes in front, dropping what left the window.
    fn merge_incoming(&mut self) {
        let keep = self.selected_change().map(Change::key);
        let start = self.query.start;
        let mut incoming = std::mem::take(&mut self.incoming);
        incoming.sort_by(newest_first);
        let old = std::mem::take(&mut self.changes);
        let all = incoming.into_iter().chain(old).filter(|c| c.time >= start);
        self.rebuild(all.collect(), keep);
    }

    /// Holds exactly `all`, in that order, selecting `keep` again when it is shown.
    fn rebuild(&mut self, all: Vec<Change>, keep: Option<String>) {
        self.haystacks.clear();
        self.ids.clear();
        self.risky = 0;
        self.visible.clear();
        for change in all {
            self.push(change);
        }
        let index = keep.and_then(|k| {
            self.visible
                .iter()
                .position(|&i| self.changes[i].key() == k)
        });
        self.cursor.reselect(index);
    }

    pub fn open(&mut self) {
        self.detail = self.selected_change().map(|c| Detail {
            id: c.key(),
            scroll: 0,
        });
    }
}

mod accounts;
mod filter;

#[cfg(test)]
mod tests;
