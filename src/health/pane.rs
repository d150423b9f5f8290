//! The Health pane's state and how messages change it.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;

use super::model::{AffectedEntity, EventDescription, HealthEvent, display_order};
use super::source::EventQuery;
use super::work::HealthWork;
use crate::accounts::place::passes;
use crate::accounts::sweep::Sweeps;
use crate::aws::AwsError;
use crate::kit::cursor::{Cursor, ListPane};
use crate::kit::{Loadable, SourceStatus};

/// Narrowing by field, from `:health service=EC2 category=issue region=us-east-1`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    pub service: Option<String>,
    pub category: Option<String>,
    pub region: Option<String>,
    /// Over an account set: the account, by its name or id.
    pub account: Option<String>,
}

impl Facets {
    /// Parses `service=EC2 category=issue region=us-east-1` (any order, any subset).
    pub fn parse(words: &[&str]) -> Result<Facets, String> {
        let mut facets = Facets::default();
        for word in words {
            let (key, value) = word
                .split_once('=')
                .filter(|(_, v)| !v.is_empty())
                .ok_or_else(|| {
                    format!(
                        "`{word}`: write key=value with key service, category, region or account"
                    )
                })?;
            let slot = match key {
                "service" => &mut facets.service,
                "category" => &mut facets.category,
                "region" => &mut facets.region,
                "account" => &mut facets.account,
                other => {
                    return Err(format!(
                        "`{other}` is not a Health filter (service, category, region or account)"
                    ));
                }
            };
            *slot = Some(value.to_string());
        }
        Ok(facets)
    }

    fn matches(&self, event: &HealthEvent) -> bool {
        let same = |want: &Option<String>, have: &str| {
            want.as_ref().is_none_or(|w| {
                have.to_ascii_lowercase()
                    .starts_with(&w.to_ascii_lowercase())
            })
        };
        let account = self.account.as_ref().is_none_or(|want| {
            let word = format!("account={}", want.to_lowercase());
            event.located.as_ref().and_then(|p| p.matches(&word)) == Some(true)
        });
        account
            && same(&self.service, &event.service)
            && same(&self.category, &event.category)
            && same(&self.region, &event.region)
    }

    pub fn describe(&self) -> Vec<String> {
        [
            ("service", &self.service),
            ("category", &self.category),
            ("region", &self.region),
            ("account", &self.account),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}")))
        .collect()
    }
}

#[derive(Default)]
pub struct HealthPane {
    events: Vec<HealthEvent>,
    haystacks: Vec<String>,
    /// Events new or updated at the last refresh.
    changed: HashSet<String>,
    filter: String,
    pub facets: Facets,
    pub organization: bool,
    visible: Vec<usize>,
    pub cursor: Cursor,
    pub status: SourceStatus,
    pub detail: Option<Detail>,
    /// Whether the events shown are a whole list (a load that finished); otherwise the open
    /// events are shown as soon as they arrive.
    whole: bool,
    /// The events shown are only the open ones: the rest is loading, or failed to.
    pub only_open: bool,
    /// Over an account set: its sweeps, and the events of one not yet shown.
    sweeps: Sweeps,
    incoming: Vec<HealthEvent>,
}

/// The opened event.
pub struct Detail {
    pub event: HealthEvent,
    pub description: Loadable<EventDescription>,
    pub description_req: u64,
    /// None until the organization view knows which accounts to ask about.
    pub entities: Option<Loadable<Vec<AffectedEntity>>>,
    pub entities_req: u64,
    pub scroll: usize,
}

impl HealthPane {
    pub fn all(&self) -> &[HealthEvent] {
        &self.events
    }

    pub fn visible_rows(&self, start: usize, count: usize) -> impl Iterator<Item = &HealthEvent> {
        self.visible
            .iter()
            .skip(start)
            .take(count)
            .map(|&i| &self.events[i])
    }

    /// Selects the event among the rows shown; false when it is not shown.
    pub fn select(&mut self, arn: &str) -> bool {
        match self.visible.iter().position(|&i| self.events[i].arn == arn) {
            Some(at) => {
                self.cursor.selected = at;
                true
            }
            None => false,
        }
    }

    pub fn selected_event(&self) -> Option<&HealthEvent> {
        self.visible
            .get(self.cursor.selected)
            .map(|&i| &self.events[i])
    }

    /// Whether the event of this key (see [`HealthEvent::key`]) is new or was updated.
    pub fn is_changed(&self, key: &str) -> bool {
        self.changed.contains(key)
    }

    pub fn busy(&self) -> bool {
        self.status.in_flight()
            || self.detail.as_ref().is_some_and(|d| {
                matches!(d.description, Loadable::Loading)
                    || matches!(d.entities, Some(Loadable::Loading))
            })
    }

    /// Forgets the data of a session that ended; keeps what the user chose.
    pub fn reset(&mut self) {
        *self = HealthPane {
            filter: std::mem::take(&mut self.filter),
            facets: std::mem::take(&mut self.facets),
            organization: self.organization,
            ..Default::default()
        };
    }

    pub fn request(&mut self, req: u64, region: &str, now: Timestamp) -> HealthWork {
        self.sweep_anew(req);
        self.status.start(req, now);
        let query = EventQuery {
            regions: vec![region.to_string()],
            organization: self.organization,
        };
        HealthWork::LoadEvents { req, query }
    }

    /// A refresh arrived. Returns false for a stale answer, which is dropped.
    pub fn loaded(
        &mut self,
        req: u64,
        result: Result<Vec<HealthEvent>, AwsError>,
        now: Timestamp,
    ) -> bool {
        if !self.status.accept(req) {
            return false;
        }
        self.status.finish(&result, now);
        let Ok(events) = result else { return true };
        let first_load = !self.whole || self.events.is_empty() && self.changed.is_empty();
        self.whole = true;
        self.only_open = false;
        self.show(events, first_load);
        true
    }

    /// The open events arrived first: shown at once while no whole list is on screen.
    pub fn open_loaded(&mut self, req: u64, events: Vec<HealthEvent>) {
        if self.status.pending == Some(req) && !self.whole {
            self.only_open = true;
            self.status.error = None;
            self.show(events, true);
        }
    }

    fn show(&mut self, mut events: Vec<HealthEvent>, first_load: bool) {
        events.sort_by(display_order);
        events.dedup_by(|a, b| a.key() == b.key());
        let before: HashMap<String, Option<Timestamp>> = self
            .events
            .iter()
            .map(|e| (e.key(), e.last_updated))
            .collect();
        self.changed = events
            .iter()
            .filter(|e| !first_load && before.get(&e.key()) != Some(&e.last_updated))
            .map(HealthEvent::key)
            .collect();
        let keep = self.selected_event().map(HealthEvent::key);
        self.haystacks = events.iter().map(haystack).collect();
        self.events = events;
        self.refilter(keep);
    }

    pub fn set_facets(&mut self, facets: Facets) {
        let keep = self.selected_event().map(HealthEvent::key);
        self.facets = facets;
        self.refilter(keep);
    }

    fn refilter(&mut self, keep: Option<String>) {
        let needle = self.filter.to_lowercase();
        let terms: Vec<&str> = needle.split_whitespace().collect();
        self.visible = (0..self.events.len())
            .filter(|&i| self.facets.matches(&self.events[i]))
            .filter(|&i| passes(self.events[i].located.as_ref(), &self.haystacks[i], &terms))
            .collect();
        let index = keep.and_then(|key| {
            self.visible
                .iter()
                .position(|&i| self.events[i].key() == key)
        });
        self.cursor.reselect(index);
    }

    /// Opens the selected event: its description, and (outside the organization view) at
    /// once its affected entities.
    pub fn open(&mut self, description_req: u64, entities_req: u64) -> Vec<HealthWork> {
        let Some(event) = self.selected_event().cloned() else {
            return Vec::new();
        };
        let mut effects = vec![HealthWork::LoadDescription {
            req: description_req,
            event: event.clone(),
            organization: self.organization,
        }];
        let entities = if self.organization {
            None
        } else {
            effects.push(HealthWork::LoadEntities {
                req: entities_req,
                event: event.clone(),
                accounts: Vec::new(),
            });
            Some(Loadable::Loading)
        };
        self.detail = Some(Detail {
            event,
            description: Loadable::Loading,
            description_req,
            entities,
            entities_req,
            scroll: 0,
        });
        effects
    }

    /// The description arrived; in the organization view it names the accounts whose
    /// entities to ask for next.
    pub fn description_loaded(
        &mut self,
        req: u64,
        result: Result<EventDescription, AwsError>,
    ) -> Vec<HealthWork> {
        let Some(d) = self.detail.as_mut().filter(|d| d.description_req == req) else {
            return Vec::new();
        };
        let mut effects = Vec::new();
        if let (Ok(description), None) = (&result, &d.entities) {
            d.entities = Some(Loadable::Loading);
            effects.push(HealthWork::LoadEntities {
                req: d.entities_req,
                event: d.event.clone(),
                accounts: description.accounts.clone(),
            });
        }
        d.description = match result {
            Ok(description) => Loadable::Ready(description),
            Err(e) => Loadable::Failed(e),
        };
        effects
    }

    pub fn entities_loaded(&mut self, req: u64, result: Result<Vec<AffectedEntity>, AwsError>) {
        if let Some(d) = self.detail.as_mut().filter(|d| d.entities_req == req) {
            d.entities = Some(match result {
                Ok(entities) => Loadable::Ready(entities),
                Err(e) => Loadable::Failed(e),
            });
        }
    }
}

impl ListPane for HealthPane {
    fn cursor_mut(&mut self) -> &mut Cursor {
        &mut self.cursor
    }

    fn visible_len(&self) -> usize {
        self.visible.len()
    }

    fn filter(&self) -> &str {
        &self.filter
    }

    fn set_filter(&mut self, text: &str) {
        if text != self.filter {
            let keep = self.selected_event().map(HealthEvent::key);
            self.filter = text.to_string();
            self.refilter(keep);
        }
    }

    fn detail_scroll(&mut self) -> Option<&mut usize> {
        self.detail.as_mut().map(|d| &mut d.scroll)
    }

    fn close(&mut self) -> bool {
        self.detail.take().is_some()
    }
}

fn haystack(e: &HealthEvent) -> String {
    let account = e.located.as_ref().map(|p| p.account.name.as_str());
    format!(
        "{} {} {} {} {} {}",
        e.service,
        e.type_code,
        e.category,
        e.place(),
        e.status.as_aws(),
        account.unwrap_or_default()
    )
    .to_lowercase()
}

mod accounts;

#[cfg(test)]
mod tests;
