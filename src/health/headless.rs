//! `warroom health`: the pane's events printed once.

use std::io::Write;

use super::model::{HealthEvent, display_order};
use crate::time::utc;
use crate::ui::columns;

/// The table's columns; `ACCOUNT` goes after the first over an account set.
pub const HEADER: [&str; 8] = [
    "STATUS",
    "CATEGORY",
    "SERVICE",
    "EVENT",
    "REGION/AZ",
    "START",
    "LAST UPDATE",
    "END",
];

pub fn sorted(mut events: Vec<HealthEvent>) -> Vec<HealthEvent> {
    events.sort_by(display_order);
    events.dedup_by(|a, b| a.arn == b.arn);
    events
}

/// One event's cells, in [`HEADER`]'s order.
pub fn row(e: &HealthEvent) -> Vec<String> {
    let when = |t: Option<jiff::Timestamp>| t.map(utc).unwrap_or_default();
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
}

pub fn write_table(out: &mut impl Write, events: &[HealthEvent]) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = events.iter().map(row).collect();
    columns::write(out, &HEADER, &rows, "(no AWS Health events)")
}

pub fn write_json(out: &mut impl Write, events: &[HealthEvent]) -> std::io::Result<()> {
    columns::write_json(out, events)
}
