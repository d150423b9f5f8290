//! What a journal puts in the timeline: its markers, notes and pins as rows, and the key
//! times of the incident.

use super::*;

/// Notes, markers and pins as timeline rows.
pub fn events(incident: &Incident) -> Vec<TimelineEvent> {
    let mut rows = Vec::new();
    for (marker, at) in [
        (Marker::Started, Some(incident.started)),
        (Marker::Detected, incident.detected),
        (Marker::Mitigated, incident.mitigated),
        (Marker::Resolved, incident.resolved),
    ] {
        if let Some(at) = at {
            rows.push(TimelineEvent {
                time: at,
                source: Source::Marker,
                what: format!("incident {} {}", incident.name, marker.label()),
                who: String::new(),
                detail: String::new(),
                risky: false,
                key: format!("marker:{}:{}", incident.name, marker.label()),
            });
        }
    }
    for note in &incident.notes {
        // The id is what `:note edit ID` and `:note delete ID` take.
        let edited = match note.history.len() {
            0 => format!("note {}", note.id),
            n => format!("note {}, edited {n} time(s)", note.id),
        };
        rows.push(TimelineEvent {
            time: note.at,
            source: Source::Note,
            what: note.text.clone(),
            who: note.who.clone(),
            detail: edited,
            risky: false,
            key: format!("note:{}:{}", incident.name, note.id),
        });
    }
    rows.extend(incident.pins.iter().cloned());
    rows.sort_by_key(|r| r.time);
    rows
}

/// Key times and durations for the postmortem's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyTimes {
    pub started: Timestamp,
    pub detected: Option<Timestamp>,
    /// Whether `detected` comes from the first alarm to fire, not a marker.
    pub detected_by_alarm: Option<String>,
    pub mitigated: Option<Timestamp>,
    pub resolved: Option<Timestamp>,
}

impl KeyTimes {
    /// Detected marker, else the first alarm transition to ALARM at or after the start.
    pub fn derive(incident: &Incident, events: &[TimelineEvent]) -> KeyTimes {
        let (detected, by) = match incident.detected {
            Some(at) => (Some(at), None),
            None => match events
                .iter()
                .filter(|e| e.is_alarm_firing() && e.time >= incident.started)
                .min_by_key(|e| e.time)
            {
                Some(e) => (Some(e.time), Some(e.what.clone())),
                None => (None, None),
            },
        };
        KeyTimes {
            started: incident.started,
            detected,
            detected_by_alarm: by,
            mitigated: incident.mitigated,
            resolved: incident.resolved,
        }
    }

    pub fn time_to_detect(&self) -> Option<SignedDuration> {
        self.detected.map(|d| d.duration_since(self.started))
    }

    pub fn time_to_mitigate(&self) -> Option<SignedDuration> {
        self.mitigated.map(|m| m.duration_since(self.started))
    }

    pub fn time_to_resolve(&self) -> Option<SignedDuration> {
        self.resolved.map(|r| r.duration_since(self.started))
    }
}
