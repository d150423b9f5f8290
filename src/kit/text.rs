//! Text as segments of (words, colour slot): measured for layout without a theme, styled
//! for drawing with one.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::loadable::SourceStatus;
use crate::theme::{Slot, Theme};
use crate::time::{age, compact_duration};

pub type Segments = Vec<(String, Slot)>;

pub fn line(segments: &Segments, theme: &Theme) -> Line<'static> {
    Line::from(
        segments
            .iter()
            .map(|(text, slot)| Span::styled(text.clone(), theme.fg(*slot)))
            .collect::<Vec<_>>(),
    )
}

/// How many rows the segments take when wrapped to `width`, at most `max`.
pub fn height(segments: &Segments, width: u16, max: u16) -> u16 {
    rows(segments, width).clamp(1, max.max(1))
}

/// How many rows the segments take when wrapped to `width` (at least one): all of them,
/// so a message is never cut.
pub fn rows(segments: &Segments, width: u16) -> u16 {
    if segments.iter().all(|(t, _)| t.is_empty()) {
        return 1;
    }
    let plain: String = segments.iter().map(|(t, _)| t.as_str()).collect();
    let rows = Paragraph::new(plain)
        .wrap(Wrap { trim: false })
        .line_count(width.max(1));
    u16::try_from(rows).unwrap_or(u16::MAX).max(1)
}

/// Draws the segments wrapped to `area`, every row of them: the caller gave `area` the
/// height [`rows`] asked for.
pub fn draw(
    frame: &mut ratatui::Frame,
    area: ratatui::layout::Rect,
    segments: &Segments,
    theme: &Theme,
) {
    frame.render_widget(
        Paragraph::new(line(segments, theme)).wrap(Wrap { trim: false }),
        area,
    );
}

/// A source's failure as the pane tells it: the error, how old the data still shown is, and
/// when it tries again.
pub fn failure(status: &SourceStatus, every: Duration, now: Timestamp, out: &mut Segments) {
    let Some(e) = &status.error else { return };
    out.push((format!("✗ {}", e.message), Slot::Error));
    if let Some(at) = status.loaded_at {
        out.push((
            format!("  Showing data from {} ago.", age(at, now)),
            Slot::Dim,
        ));
    }
    if let Some(at) = status.settled_at {
        let interval = SignedDuration::try_from(every).unwrap_or_default();
        let wait = (at + interval).duration_since(now).as_secs().max(0);
        out.push((
            format!("  Next try in {}.", compact_duration(wait)),
            Slot::Dim,
        ));
    }
}

/// The start of a list pane's status line: its source's failure, else "loading WHAT…" before
/// the first answer, else "connecting…" while the session is not ready.
pub fn loading(
    status: &SourceStatus,
    what: &str,
    every: Duration,
    now: Timestamp,
    connected: bool,
    out: &mut Segments,
) {
    if status.error.is_some() {
        failure(status, every, now, out);
    } else if status.in_flight() && status.loaded_at.is_none() {
        out.push((
            format!("{} loading {what}…", crate::kit::spinner::at(now)),
            Slot::Info,
        ));
    } else if !connected {
        out.push((
            format!("{} connecting…", crate::kit::spinner::at(now)),
            Slot::Info,
        ));
    }
}

/// What narrows a list and how much of it is left: `filter “x”, firing only — 3 of 40 shown`,
/// after whatever the line already holds. Nothing when nothing narrows it.
pub fn narrowed(narrowing: &[String], visible: usize, total: usize, out: &mut Segments) {
    if narrowing.is_empty() {
        return;
    }
    let gap = if out.is_empty() { "" } else { "  " };
    out.push((
        format!("{gap}{} — {visible} of {total} shown", narrowing.join(", ")),
        Slot::Warning,
    ));
}

/// `filter “x”` for a list filtered by `filter`, or nothing.
pub fn filter_words(filter: &str) -> Vec<String> {
    if filter.is_empty() {
        Vec::new()
    } else {
        vec![format!("filter “{filter}”")]
    }
}
