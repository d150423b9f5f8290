//! The exports read back as Timesketch's importer reads them (its rules, written here, not
//! its code): the CSV must name the mandatory columns and every row's `datetime` must parse
//! with one format, `%Y-%m-%dT%H:%M:%S.%f%z` with exactly six fractional digits; the JSONL is
//! split on every line break Python's `str.splitlines` knows, and each piece must be one JSON
//! object with the mandatory fields.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde_json::{Map, Value};

/// The columns Timesketch refuses a file without.
pub const MANDATORY: [&str; 3] = ["message", "datetime", "timestamp_desc"];

/// What `str.splitlines` breaks a line on.
pub fn python_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `str.splitlines`: `\r\n` counts as one break, a trailing break adds no empty line.
pub fn splitlines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if python_line_break(c) {
            lines.push(&text[start..i]);
            let mut end = i + c.len_utf8();
            if c == '\r' && chars.peek().map(|&(_, n)| n) == Some('\n') {
                chars.next();
                end += 1;
            }
            start = end;
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// The one datetime format: `2026-12-01T03:06:07.123456+00:00` (six digits, an offset).
pub fn parse_datetime(text: &str) -> Result<Timestamp, String> {
    let bad = || format!("{text:?} is not %Y-%m-%dT%H:%M:%S.%f%z with six digits");
    let (seconds, rest) = text.split_once('.').ok_or_else(bad)?;
    let digits = rest.chars().take_while(|c| c.is_ascii_digit()).count();
    let offset = &rest[digits..];
    let offset_ok = offset.len() == 6
        && (offset.starts_with('+') || offset.starts_with('-'))
        && offset.as_bytes()[3] == b':';
    let date_ok = seconds.len() == 19 && seconds.as_bytes()[10] == b'T';
    if digits != 6 || !offset_ok || !date_ok {
        return Err(bad());
    }
    text.parse::<Timestamp>()
        .map_err(|e| format!("{}: {e}", bad()))
}

/// A CSV as Timesketch takes it: each row as column name to value, or why it is refused.
pub fn read_csv(bytes: &[u8]) -> Result<Vec<BTreeMap<String, String>>, String> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let missing: Vec<&str> = MANDATORY
        .into_iter()
        .filter(|m| !headers.iter().any(|h| h == *m))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "Missing mandatory CSV headers: {}",
            missing.join(", ")
        ));
    }
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", n + 1))?;
        let row: BTreeMap<String, String> = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.to_string(), v.to_string()))
            .collect();
        parse_datetime(&row["datetime"]).map_err(|e| format!("row {}: {e}", n + 1))?;
        rows.push(row);
    }
    Ok(rows)
}

/// A JSONL as Timesketch takes it: one JSON object per line, or why a line is dropped.
pub fn read_jsonl(text: &str) -> Result<Vec<Map<String, Value>>, String> {
    let mut events = Vec::new();
    for (n, line) in splitlines(text).into_iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}: {line:?}", n + 1))?;
        let Value::Object(object) = value else {
            return Err(format!("line {}: not a JSON object", n + 1));
        };
        for field in MANDATORY {
            if !object.get(field).is_some_and(Value::is_string) {
                return Err(format!("line {}: no {field}", n + 1));
            }
        }
        let datetime = object["datetime"].as_str().unwrap_or_default();
        parse_datetime(datetime).map_err(|e| format!("line {}: {e}", n + 1))?;
        events.push(object);
    }
    Ok(events)
}
