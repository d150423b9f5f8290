//! The timeline written out: Markdown for the postmortem, JSONL for Timesketch, CSV. Every
//! row is outside text (AWS answers, notes): Markdown cells and prose are defused with `<`,
//! `>` and `&` as entities and a line break as `<br>`; CSV fields are defused and guarded
//! against spreadsheet formulas; JSONL stays JSON, its raw bidi and C1 characters and line
//! separators escaped. JSONL and CSV share Timesketch's columns (see [`COLUMNS`]).

use std::io::Write;

use jiff::{SignedDuration, Timestamp};

use super::journal::KeyTimes;
use super::model::TimelineEvent;
use crate::defuse;
use crate::time::utc;

mod place;
mod timesketch;

pub use place::{EXPORTS, place};

pub use timesketch::{COLUMNS, ORIGIN_COLUMNS, csv, datetime, jsonl, timestamp};

/// Where a row happened, in a timeline over an account set: its account (name, else id) and
/// region; empty for what warroom itself keeps (notes, queries, runbook steps).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub account: String,
    pub region: String,
}

/// What the Markdown header says about the timeline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Header {
    /// The incident's name, when the timeline is an incident's.
    pub incident: Option<String>,
    pub account: Option<String>,
    pub region: String,
    pub window: Option<(Timestamp, Timestamp)>,
    pub key_times: Option<KeyTimes>,
    /// Sources that could not be read, and why; the timeline lacks their rows.
    pub failures: Vec<(String, String)>,
}

/// `1h 05m 12s`, `4m 00s`, `45s`; negative durations keep their sign.
pub fn duration(d: SignedDuration) -> String {
    let secs = d.as_secs();
    let sign = if secs < 0 { "-" } else { "" };
    let secs = secs.unsigned_abs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{sign}{h}h {m:02}m {s:02}s")
    } else if m > 0 {
        format!("{sign}{m}m {s:02}s")
    } else {
        format!("{sign}{s}s")
    }
}

/// A table cell: defused, pipes escaped, `<`, `>` and `&` as entities, line breaks
/// (a lone CR too) as `<br>`.
pub fn cell(text: &str) -> String {
    defuse::markdown_cell(text.trim())
}

fn event_cell(e: &TimelineEvent) -> String {
    if e.risky {
        format!("⚠ {}", cell(&e.what))
    } else {
        cell(&e.what)
    }
}

/// The formats a timeline is written in.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Markdown for the postmortem: a header, then a table
    Md,
    /// One JSON object a line, as Timesketch imports them
    Jsonl,
    Csv,
}

impl Format {
    /// `md`, `jsonl` or `csv`, as `:export` takes them.
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "md" | "markdown" => Some(Format::Md),
            "jsonl" | "json" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }
}

/// Writes the timeline in `format`; the header is used by Markdown only.
pub fn write(
    out: &mut impl Write,
    format: Format,
    header: &Header,
    events: &[TimelineEvent],
) -> std::io::Result<()> {
    write_placed(out, format, header, events, None)
}

/// As [`write`], each row with its account and region when `origins` (one per event) is
/// given: Markdown columns after the time, JSONL and CSV columns after Timesketch's.
pub fn write_placed(
    out: &mut impl Write,
    format: Format,
    header: &Header,
    events: &[TimelineEvent],
    origins: Option<&[Origin]>,
) -> std::io::Result<()> {
    match format {
        Format::Md => markdown_placed(out, header, events, origins),
        Format::Jsonl => jsonl(out, events, origins),
        Format::Csv => csv(out, events, origins),
    }
}

pub fn markdown(
    out: &mut impl Write,
    header: &Header,
    events: &[TimelineEvent],
) -> std::io::Result<()> {
    markdown_placed(out, header, events, None)
}

fn markdown_placed(
    out: &mut impl Write,
    header: &Header,
    events: &[TimelineEvent],
    origins: Option<&[Origin]>,
) -> std::io::Result<()> {
    match &header.incident {
        Some(name) => writeln!(out, "# Incident {}: timeline", defuse::markdown_text(name))?,
        None => writeln!(out, "# Timeline")?,
    }
    writeln!(out)?;
    let account = header.account.as_deref().unwrap_or("unknown");
    writeln!(out, "- **Account:** {}", defuse::markdown_text(account))?;
    writeln!(
        out,
        "- **Region:** {}",
        defuse::markdown_text(&header.region)
    )?;
    if let Some((start, end)) = header.window {
        writeln!(
            out,
            "- **Window:** {} to {} ({})",
            utc(start),
            utc(end),
            duration(end.duration_since(start))
        )?;
    }
    if let Some(k) = &header.key_times {
        writeln!(out, "- **Started:** {}", utc(k.started))?;
        let since = |at: Option<Timestamp>, label: &str, extra: String| match at {
            Some(at) => format!(
                "- **{label}:** {} (after {}{extra})",
                utc(at),
                duration(at.duration_since(k.started))
            ),
            None => format!("- **{label}:** not yet"),
        };
        let by = k
            .detected_by_alarm
            .as_ref()
            .map(|a| format!("; first alarm: {}", cell(a)))
            .unwrap_or_default();
        writeln!(out, "{}", since(k.detected, "Detected", by))?;
        writeln!(out, "{}", since(k.mitigated, "Mitigated", String::new()))?;
        writeln!(out, "{}", since(k.resolved, "Resolved", String::new()))?;
        let or_dash = |d: Option<SignedDuration>| d.map(duration).unwrap_or_else(|| "-".into());
        writeln!(
            out,
            "- **Time to detect:** {}; **time to mitigate:** {}; **time to resolve:** {}",
            or_dash(k.time_to_detect()),
            or_dash(k.time_to_mitigate()),
            or_dash(k.time_to_resolve())
        )?;
    }
    writeln!(out, "- **Events:** {}", events.len())?;
    for (source, error) in &header.failures {
        writeln!(
            out,
            "- **Missing source:** {}: {} (its events are not in this timeline)",
            defuse::markdown_text(source),
            cell(error)
        )?;
    }
    writeln!(out)?;
    match origins {
        Some(_) => {
            writeln!(
                out,
                "| Time (UTC) | Account | Region | Source | Event | Actor | Detail |"
            )?;
            writeln!(out, "|---|---|---|---|---|---|---|")?;
        }
        None => {
            writeln!(out, "| Time (UTC) | Source | Event | Actor | Detail |")?;
            writeln!(out, "|---|---|---|---|---|")?;
        }
    }
    for (i, e) in events.iter().enumerate() {
        let origin = origins.map(|o| o.get(i).cloned().unwrap_or_default());
        let place = origin
            .map(|o| format!(" {} | {} |", cell(&o.account), cell(&o.region)))
            .unwrap_or_default();
        writeln!(
            out,
            "| {} |{place} {} | {} | {} | {} |",
            utc(e.time),
            e.source.label(),
            event_cell(e),
            cell(&e.who),
            cell(&e.detail)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
