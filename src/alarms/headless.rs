//! `warroom alarms`: the pane's data printed once, for scripts and quick looks.

use std::io::Write;

use jiff::Timestamp;

use super::model::{Alarm, AlarmState, display_order};
use crate::time::{age, utc};
use crate::ui::columns;

/// Sorted as the pane sorts them, optionally only one state.
pub fn select(mut alarms: Vec<Alarm>, state: Option<AlarmState>) -> Vec<Alarm> {
    alarms.retain(|a| state.is_none_or(|s| a.state == s));
    alarms.sort_by(display_order);
    alarms
}

pub fn write_table(out: &mut impl Write, alarms: &[Alarm], now: Timestamp) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = alarms
        .iter()
        .map(|a| {
            let since = a
                .state_updated
                .map(|t| format!("{} ({})", age(t, now), utc(t)))
                .unwrap_or_default();
            vec![
                format!("{} {}", a.state.symbol(), a.state.as_aws()),
                a.name.clone(),
                since,
                a.reason_summary(),
                a.what(),
            ]
        })
        .collect();
    columns::write(
        out,
        &["STATE", "NAME", "FOR (SINCE)", "REASON", "METRIC"],
        &rows,
        "(no alarms)",
    )
}

pub fn write_json(out: &mut impl Write, alarms: &[Alarm]) -> std::io::Result<()> {
    columns::write_json(out, alarms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alarms::model::{AlarmActions, AlarmKind};

    fn alarm(name: &str, state: AlarmState, at: &str) -> Alarm {
        Alarm {
            name: name.into(),
            arn: String::new(),
            description: None,
            state,
            state_reason: "Threshold Crossed: 3 datapoints".into(),
            place: None,
            state_reason_data: None,
            state_updated: Some(at.parse().unwrap()),
            actions: AlarmActions::default(),
            kind: AlarmKind::Composite {
                rule: "ALARM(x)".into(),
            },
        }
    }

    #[test]
    fn the_table_lists_firing_alarms_first_with_their_age() {
        let now: Timestamp = "2026-11-23T04:02:00Z".parse().unwrap();
        let alarms = select(
            vec![
                alarm("ok-one", AlarmState::Ok, "2026-11-23T01:00:00Z"),
                alarm("firing", AlarmState::Alarm, "2026-11-23T03:02:00Z"),
            ],
            None,
        );
        let mut out = Vec::new();
        write_table(&mut out, &alarms, now).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("STATE"));
        assert!(
            lines[1].starts_with("● ALARM  firing  1h00m (2026-11-23 03:02:00 UTC)"),
            "{text}"
        );
        assert!(lines[2].contains("ok-one"));
        assert_eq!(select(alarms, Some(AlarmState::Ok)).len(), 1);
    }
}
