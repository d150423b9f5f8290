//! The Timeline pane's state: every source's rows merged, the open incident's markers, notes
//! and pins among them, narrowed by source and text.

use jiff::{SignedDuration, Timestamp};

use super::export::Origin;
use super::gather::{Gathered, LEAD};
use super::journal::{self, Incident};
use super::merge::{Filter, SourceSet, merge, merge_placed};
use super::model::TimelineEvent;
use crate::kit::SourceStatus;
use crate::kit::cursor::{Cursor, ListPane};

#[derive(Default)]
pub struct TimelinePane {
    /// What the sources gave (without the incident's own rows).
    fetched: Vec<TimelineEvent>,
    /// Over an account set, where each of `fetched` happened; else empty.
    fetched_origins: Vec<Origin>,
    /// `fetched` and the incident's rows, in time order.
    events: Vec<TimelineEvent>,
    /// Over an account set, where each of `events` happened (nowhere for the incident's
    /// rows); else empty.
    origins: Vec<Origin>,
    visible: Vec<usize>,
    pub sources: SourceSet,
    text: String,
    pub cursor: Cursor,
    pub status: SourceStatus,
    /// A window chosen with `:timeline since … until …`; else the incident's, else 2 hours.
    pub chosen: Option<(Timestamp, Timestamp)>,
    /// The window of the rows shown.
    pub window: Option<(Timestamp, Timestamp)>,
    pub incident: Option<Incident>,
    pub account: Option<String>,
    /// Over an account set, its regions; else None (the session's region).
    pub regions: Option<String>,
    /// Sources that could not be read, and why.
    pub failures: Vec<(String, String)>,
    pub warnings: Vec<String>,
    /// Past incidents, from `:incident open` without a name.
    pub listed: Vec<journal::Summary>,
    /// The row opened whole.
    pub detail: Option<usize>,
    /// Something happened in the console (a query, a runbook step) that the timeline shows:
    /// it gathers again when next looked at.
    pub stale: bool,
}

impl TimelinePane {
    /// The window to fetch now.
    pub fn window_at(&self, now: Timestamp) -> (Timestamp, Timestamp) {
        if let Some(chosen) = self.chosen {
            return chosen;
        }
        match &self.incident {
            Some(incident) => (
                incident.started - LEAD,
                incident.resolved.unwrap_or(now).max(incident.started),
            ),
            None => (now - SignedDuration::from_hours(2), now),
        }
    }

    pub fn loaded(&mut self, req: u64, gathered: Gathered, now: Timestamp) -> bool {
        if !self.status.accept(req) {
            return false;
        }
        let ok: Result<(), crate::aws::AwsError> = Ok(());
        self.status.finish(&ok, now);
        self.stale = false;
        self.fetched = gathered.events;
        self.regions = (!gathered.origins.is_empty()).then_some(gathered.region);
        self.fetched_origins = gathered.origins;
        self.failures = gathered.failures;
        self.warnings = gathered.warnings;
        if gathered.account.is_some() {
            self.account = gathered.account;
        }
        self.window = Some(self.window_at(now));
        self.rebuild();
        true
    }

    /// The incident changed (a note, a marker, a pin): its rows are merged in again.
    pub fn set_incident(&mut self, incident: Option<Incident>) {
        self.incident = incident;
        self.rebuild();
    }

    fn rebuild(&mut self) {
        let selected = self
            .visible
            .get(self.cursor.selected)
            .and_then(|i| self.events.get(*i))
            .map(|e| e.key.clone());
        let own = self
            .incident
            .as_ref()
            .map(journal::events)
            .unwrap_or_default();
        if self.fetched_origins.is_empty() {
            self.events = merge(vec![self.fetched.clone(), own]);
            self.origins.clear();
        } else {
            (self.events, self.origins) = merge_placed(&self.fetched, &self.fetched_origins, own);
        }
        self.refilter();
        let at = selected.and_then(|key| self.position(&key));
        self.cursor
            .reselect(at.or(Some(self.visible.len().saturating_sub(1))));
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.visible
            .iter()
            .position(|i| self.events.get(*i).is_some_and(|e| e.key == key))
    }

    fn refilter(&mut self) {
        self.visible = Filter::new(self.sources, &self.text).apply(&self.events);
    }

    pub fn set_sources(&mut self, sources: SourceSet) {
        self.sources = sources;
        self.refilter();
        self.cursor.reselect(None);
    }

    pub fn all(&self) -> &[TimelineEvent] {
        &self.events
    }

    /// The rows shown, in order.
    pub fn shown(&self) -> impl Iterator<Item = &TimelineEvent> {
        self.visible.iter().filter_map(|i| self.events.get(*i))
    }

    /// Whether the rows are an account set's, each with its origin.
    pub fn placed(&self) -> bool {
        !self.origins.is_empty()
    }

    /// The rows shown, in order, each with where it happened over an account set.
    pub fn shown_placed(&self) -> impl Iterator<Item = (&TimelineEvent, Option<&Origin>)> {
        self.visible
            .iter()
            .filter_map(|i| Some((self.events.get(*i)?, self.origins.get(*i))))
    }

    pub fn selected(&self) -> Option<&TimelineEvent> {
        self.visible
            .get(self.cursor.selected)
            .and_then(|i| self.events.get(*i))
    }

    pub fn busy(&self) -> bool {
        self.status.in_flight()
    }

    /// The incident's name and how long it has run, for the header.
    pub fn incident_clock(&self, now: Timestamp) -> Option<String> {
        let incident = self.incident.as_ref()?;
        let end = incident.resolved.unwrap_or(now);
        let secs = end.duration_since(incident.started).as_secs().max(0);
        let state_word = if incident.resolved.is_some() {
            "resolved after "
        } else {
            ""
        };
        Some(format!(
            "⚑ {} {state_word}{}",
            incident.name,
            crate::time::compact_duration(secs)
        ))
    }
}

impl ListPane for TimelinePane {
    fn cursor_mut(&mut self) -> &mut Cursor {
        &mut self.cursor
    }

    fn visible_len(&self) -> usize {
        self.visible.len()
    }

    fn filter(&self) -> &str {
        &self.text
    }

    fn set_filter(&mut self, text: &str) {
        self.text = text.to_string();
        self.refilter();
        self.cursor.reselect(None);
    }

    fn detail_scroll(&mut self) -> Option<&mut usize> {
        None
    }

    fn close(&mut self) -> bool {
        self.detail.take().is_some()
    }
}
