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
            result:
                Ok(crate::timeline::msg::IncidentNow {
                    incident: Some(incident),
                    ..
                }),
        } => crate::timeline::journal::events(incident),
        _ => return None,
    };
    (!rows.is_empty()).then_some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alarms::sample::metric_alarm;
    use crate::record::writer::Recorder;
    use crate::record::{Entry, Observed};
    use crate::timeline::model::Source;

    fn at(hm: &str) -> Timestamp {
        format!("2026-11-23T{hm}:00Z").parse().unwrap()
    }

    fn alarm(state: AlarmState, since: &str) -> crate::alarms::Alarm {
        metric_alarm(
            "checkout-api-5xx",
            state,
            at(since),
            ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
            50.0,
        )
    }

    fn note(hm: &str, key: &str, what: &str) -> TimelineEvent {
        TimelineEvent {
            time: at(hm),
            source: Source::Note,
            what: what.into(),
            who: "alice".into(),
            detail: String::new(),
            risky: false,
            key: key.into(),
        }
    }

    #[test]
    fn a_replays_timeline_holds_the_alarm_changes_and_rows_recorded_by_its_instant() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rec.jsonl");
        let recorder = Recorder::start(&path, "us-east-1", at("02:40")).unwrap();
        // OK since a week before the recording: not a change inside it.
        recorder.observe(
            at("02:40"),
            Observed::Alarms(vec![alarm(AlarmState::Ok, "01:00")]),
        );
        recorder.observe(
            at("02:41"),
            Observed::Timeline(vec![note("02:41", "n1", "first")]),
        );
        recorder.observe(
            at("03:02"),
            Observed::Alarms(vec![alarm(AlarmState::Alarm, "03:02")]),
        );
        // The same row again is not recorded again; an edited one is.
        recorder.observe(
            at("03:03"),
            Observed::Timeline(vec![note("02:41", "n1", "first")]),
        );
        recorder.observe(
            at("03:05"),
            Observed::Timeline(vec![note("02:41", "n1", "edited")]),
        );
        recorder.finish();
        let recording = Recording::read(&path).unwrap();
        let timelines = recording
            .entries
            .iter()
            .filter(|e| matches!(e, Entry::Timeline { .. }))
            .count();
        assert_eq!(timelines, 2, "{:?}", recording.entries);

        let shown = |now: &str| -> Vec<String> {
            let window = (at("01:30"), at("03:30"));
            crate::timeline::replayed::gather(recording.recorded_at(at(now)), window, at(now))
                .events
                .iter()
                .map(|e| format!("{} {}", &e.time.to_string()[11..16], e.what))
                .collect()
        };
        assert_eq!(shown("02:59"), ["02:41 first"]);
        assert_eq!(
            shown("03:04"),
            ["02:41 first", "03:02 checkout-api-5xx OK → ALARM"]
        );
        assert_eq!(
            shown("03:06"),
            ["02:41 edited", "03:02 checkout-api-5xx OK → ALARM"]
        );
    }

    #[test]
    fn a_gathering_records_only_the_rows_kept_outside_aws() {
        let mut runbook = note("03:10", "runbook:1#sent", "restart sent");
        runbook.source = Source::Runbook;
        let mut change = note("02:58", "change:1", "RevokeSecurityGroupIngress");
        change.source = Source::Change;
        let msg = TimelineMsg::Loaded {
            req: 1,
            gathered: crate::timeline::gather::Gathered {
                events: vec![change.clone(), runbook.clone()],
                ..Default::default()
            },
        };
        assert_eq!(rows_to_record(&msg), Some(vec![runbook]));
        let only_aws = TimelineMsg::Loaded {
            req: 2,
            gathered: crate::timeline::gather::Gathered {
                events: vec![change],
                ..Default::default()
            },
        };
        assert_eq!(rows_to_record(&only_aws), None);
    }
}
