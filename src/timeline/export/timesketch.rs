//! The row shape Timesketch imports, shared by the JSONL and the CSV so both carry the same
//! columns in the same order: `message`, `datetime`, `timestamp_desc`, `timestamp`, then the
//! event's own fields.

use std::io::Write;

use jiff::{Timestamp, tz::TimeZone};
use serde_json::{Map, Value};

use super::super::model::TimelineEvent;
use super::Origin;
use crate::defuse;

/// The columns of both exports, in order. Timesketch requires the first three.
pub const COLUMNS: [&str; 10] = [
    "message",
    "datetime",
    "timestamp_desc",
    "timestamp",
    "source",
    "what",
    "who",
    "detail",
    "risky",
    "key",
];

/// The columns a timeline over an account set adds after [`COLUMNS`].
pub const ORIGIN_COLUMNS: [&str; 2] = ["account", "region"];

/// The time cut to the microsecond, the precision of Timesketch's `timestamp`, so
/// `datetime` and `timestamp` always name the same instant.
fn to_microsecond(ts: Timestamp) -> Timestamp {
    Timestamp::from_microsecond(ts.as_microsecond()).unwrap_or(ts)
}

/// `2026-11-23T03:02:00.000000+00:00`: always six fractional digits and the offset, the one
/// format Timesketch's importer parses for every row.
pub fn datetime(ts: Timestamp) -> String {
    to_microsecond(ts)
        .to_zoned(TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M:%S%.6f+00:00")
        .to_string()
}

/// Microseconds since the epoch, the same instant as [`datetime`].
pub fn timestamp(ts: Timestamp) -> i64 {
    ts.as_microsecond()
}

/// `[source] what (who)`, the line Timesketch shows for the event.
fn message(e: &TimelineEvent) -> String {
    match e.who.is_empty() {
        true => format!("[{}] {}", e.source.label(), e.what),
        false => format!("[{}] {} ({})", e.source.label(), e.what, e.who),
    }
}

/// `true` or `false`, as JSON writes a boolean, in both exports.
fn boolean(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// One JSON object a line, keys in [`COLUMNS`] order (then [`ORIGIN_COLUMNS`] when each row
/// has its origin); the characters serde leaves raw that a line splitter or a terminal acts
/// on (U+2028, U+2029, C1 such as U+0085, bidi controls) are written as `\uXXXX`.
pub fn jsonl(
    out: &mut impl Write,
    events: &[TimelineEvent],
    origins: Option<&[Origin]>,
) -> std::io::Result<()> {
    for (i, e) in events.iter().enumerate() {
        let values = [
            Value::from(message(e)),
            Value::from(datetime(e.time)),
            Value::from(e.source.timestamp_desc()),
            Value::from(timestamp(e.time)),
            Value::from(e.source.label()),
            Value::from(e.what.as_str()),
            Value::from(e.who.as_str()),
            Value::from(e.detail.as_str()),
            Value::from(e.risky),
            Value::from(e.key.as_str()),
        ];
        let mut object: Map<String, Value> =
            COLUMNS.iter().map(|c| c.to_string()).zip(values).collect();
        if let Some(origin) = origins.and_then(|o| o.get(i)) {
            object.insert(
                ORIGIN_COLUMNS[0].into(),
                Value::from(origin.account.as_str()),
            );
            object.insert(
                ORIGIN_COLUMNS[1].into(),
                Value::from(origin.region.as_str()),
            );
        }
        let line = serde_json::to_string(&object)?;
        writeln!(out, "{}", defuse::json(&line))?;
    }
    Ok(())
}

/// The JSONL's columns as CSV. Outside text is defused and guarded against spreadsheet
/// formulas; the columns warroom writes itself (`datetime`, `timestamp_desc`, `timestamp`,
/// `source`, `risky`) never start with a character the guard would quote.
pub fn csv(
    out: &mut impl Write,
    events: &[TimelineEvent],
    origins: Option<&[Origin]>,
) -> std::io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let mut header: Vec<&str> = COLUMNS.to_vec();
    if origins.is_some() {
        header.extend(ORIGIN_COLUMNS);
    }
    writer.write_record(&header)?;
    for (i, e) in events.iter().enumerate() {
        let mut record = vec![
            defuse::csv_field(&message(e)).into_owned(),
            datetime(e.time),
            e.source.timestamp_desc().to_string(),
            timestamp(e.time).to_string(),
            e.source.label().to_string(),
            defuse::csv_field(&e.what).into_owned(),
            defuse::csv_field(&e.who).into_owned(),
            defuse::csv_field(&e.detail).into_owned(),
            boolean(e.risky).to_string(),
            defuse::csv_field(&e.key).into_owned(),
        ];
        if let Some(origins) = origins {
            let origin = origins.get(i).cloned().unwrap_or_default();
            record.push(defuse::csv_field(&origin.account).into_owned());
            record.push(defuse::csv_field(&origin.region).into_owned());
        }
        writer.write_record(&record)?;
    }
    writer.flush()
}
