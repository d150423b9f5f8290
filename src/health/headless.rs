//! `warroom health`: the pane's events printed once.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use super::model::{HealthEvent, display_order};
use crate::time::utc;

pub fn sorted(mut events: Vec<HealthEvent>) -> Vec<HealthEvent> {
    events.sort_by(display_order);
    events.dedup_by(|a, b| a.arn == b.arn);
    events
}

pub fn write_table(out: &mut impl Write, events: &[HealthEvent]) -> std::io::Result<()> {
    let when = |t: Option<jiff::Timestamp>| t.map(utc).unwrap_or_default();
    let header = [
        "STATUS",
        "CATEGORY",
        "SERVICE",
        "EVENT",
        "REGION/AZ",
        "START",
        "LAST UPDATE",
        "END",
    ]
    .map(String::from);
    let rows: Vec<[String; 8]> = events
        .iter()
        .map(|e| {
            [
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
    let mut widths = [0usize; 8];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    if events.is_empty() {
        writeln!(out, "(no AWS Health events)")?;
    }
    Ok(())
}

pub fn write_json(out: &mut impl Write, events: &[HealthEvent]) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, events)?;
    writeln!(out)
}
