//! `warroom health`: the pane's events printed once.

use std::io::Write;

use super::model::{HealthEvent, display_order};
use crate::time::utc;
use crate::ui::columns;

pub fn sorted(mut events: Vec<HealthEvent>) -> Vec<HealthEvent> {
    events.sort_by(display_order);
    events.dedup_by(|a, b| a.arn == b.arn);
    events
}

pub fn write_table(out: &mut impl Write, events: &[HealthEvent]) -> std::io::Result<()> {
    let when = |t: Option<jiff::Timestamp>| t.map(utc).unwrap_or_default();
    let rows: Vec<Vec<String>> = events
        .iter()
        .map(|e| {
            vec![
                format!("{} {}", e.status.symbol(), e.status.as_aws()),
                e.category_label(),
                e.service.clone(),
                e.type_code.clone(),
                e.place(),
                when(e.start),
                when(e.last_updated),
                when(e.end),
            ]
        })
        .collect();
    let header = [
        "STATUS",
        "CATEGORY",
        "SERVICE",
        "EVENT",
        "REGION/AZ",
        "START",
        "LAST UPDATE",
        "END",
    ];
    columns::write(out, &header, &rows, "(no AWS Health events)")
}

pub fn write_json(out: &mut impl Write, events: &[HealthEvent]) -> std::io::Result<()> {
    columns::write_json(out, events)
}
