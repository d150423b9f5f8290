//! The timeline a recording holds: alarm state changes told by its alarm snapshots, its
//! changes and Health events, and the rows it kept from outside AWS (the journal, runbook
//! steps, queries); and which of the console's timeline answers are recorded.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;

use super::Entry;
use super::reader::Recording;
use crate::alarms::{AlarmState, HistoryItem};
use crate::timeline::model::Source;
use crate::timeline::replayed::Recorded;
use crate::timeline::{TimelineEvent, TimelineMsg};

impl Recording {
    /// Every alarm's state changes recorded by `at`: an alarm seen in a new state went into
    /// it at its `state_updated` (else when it was seen so). An alarm's first state counts
    /// as a change from an unknown one (`?`) when it began inside the recording.
    pub fn transitions_at(&self, at: Timestamp) -> Vec<(String, HistoryItem)> {
        let started = self.span().map(|(start, _)| start);
        let mut last: HashMap<&str, AlarmState> = HashMap::new();
        let mut out = Vec::new();
        for entry in self.upto(at) {
            let Entry::Alarms { t, upsert, .. } = entry else {
                continue;
            };
            for alarm in upsert {
                let before = last.insert(alarm.name.as_str(), alarm.state);
                if before == Some(alarm.state) {
                    continue;
                }
                let time = alarm.state_updated.unwrap_or(*t).min(*t);
                if before.is_none() && started.is_none_or(|s| time < s) {
                    continue;
                }
                let state = |s: Option<AlarmState>| s.map(AlarmState::as_aws).unwrap_or("?");
                out.push((
                    alarm.name.clone(),
                    HistoryItem {
                        time,
                        summary: format!(
                            "Alarm updated from {} to {}",
                            state(before),
                            state(Some(alarm.state))
                        ),
                        from: before,
                        to: Some(alarm.state),
                    },
                ));
            }
        }
        out
    }

    /// The rows kept outside AWS recorded by `at`, each as last recorded.
    pub fn rows_at(&self, at: Timestamp) -> Vec<TimelineEvent> {
        let mut rows: BTreeMap<String, TimelineEvent> = BTreeMap::new();
        for entry in self.upto(at) {
            if let Entry::Timeline { rows: new, .. } = entry {
                rows.extend(new.iter().map(|r| (r.key.clone(), r.clone())));
            }
        }
        rows.into_values().collect()
    }

    /// What the Timeline of a replay at `at` is made of.
    pub fn recorded_at(&self, at: Timestamp) -> Recorded {
        Recorded {
            account: self
                .identity_at(at)
                .map(|id| id.account)
                .or_else(|| self.account.clone()),
            region: self.region.clone(),
            transitions: self.transitions_at(at),
            changes: self.changes_at(at),
            health: self.health_at(at).unwrap_or_default(),
            rows: self.rows_at(at),
        }
    }
}

/// The rows of a timeline answer that a recording keeps: those not in AWS (runbook steps and
/// queries from a gathering, the incident's markers and notes when its journal changes).
pub fn rows_to_record(msg: &TimelineMsg) -> Option<Vec<TimelineEvent>> {
    let rows: Vec<TimelineEvent> = match msg {
        TimelineMsg::Loaded { gathered, .. } => gathered
            .events
            .iter()
            .filter(|e| !matches!(e.source, Source::Alarm | Source::Change | Source::Health))
            .cloned()
            .collect(),
        TimelineMsg::IncidentChanged {
            result: Ok((Some(incident), _)),
        } => crate::timeline::journal::events(incident),
        _ => return None,
    };
    (!rows.is_empty()).then_some(rows)
}
