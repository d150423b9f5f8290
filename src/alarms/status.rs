//! The Alarms pane's status line: how far a load got (the firing alarms first, then
//! "page 7, 700 alarms"), the pane's error whole, where a failed load stopped, the filter.

use jiff::Timestamp;

use super::pane::{AlarmsPane, Stopped};
use crate::kit::spinner;
use crate::kit::table;
use crate::kit::text::{self, Segments};
use crate::pane::ViewCx;
use crate::theme::Slot;

/// The line above the list: how far a load got, the pane's error (wrapped, never cut),
/// loading, filter.
pub fn status(pane: &AlarmsPane, cx: &ViewCx) -> Segments {
    let mut out: Segments = Vec::new();
    let (every, now, connected) = (cx.refresh.alarms, cx.now, cx.connected);
    if let Some(progress) = words(pane, now, cx.set) {
        out.push(progress);
        if pane.status.error.is_some() {
            out.push(("  ".to_string(), Slot::Dim));
            text::failure(&pane.status, every, now, &mut out);
        }
    } else {
        text::loading(&pane.status, "alarms", every, now, connected, &mut out);
    }
    let stopped = pane.stopped().filter(|_| pane.status.error.is_some());
    if let Some(words) = stopped.and_then(stopped_words) {
        out.push((words, Slot::Warning));
    }
    let mut narrowing = text::filter_words(pane.filter());
    if pane.firing_only() {
        narrowing.push("firing only".to_string());
    }
    text::narrowed(&narrowing, pane.visible_len(), pane.all().len(), &mut out);
    out
}

/// Rows the status line and the failed accounts' lines take inside a pane `width` wide.
pub fn status_height(pane: &AlarmsPane, cx: &ViewCx, width: u16) -> u16 {
    failed_lines(pane).iter().fold(
        table::status_height(&status(pane, cx), width),
        |rows, line| rows.saturating_add(table::status_height(line, width)),
    )
}

/// Over an account set: a line for each account that could not be asked, with the regions
/// and its whole error (wrapped, never cut).
pub fn failed_lines(pane: &AlarmsPane) -> Vec<Segments> {
    crate::accounts::sweep::failed_lines(pane.over())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// How far the load in flight got: shown while its answers go on screen, and during a
/// refresh once it takes more than a page.
fn words(pane: &AlarmsPane, now: Timestamp, set: Option<&str>) -> Option<(String, Slot)> {
    let loading = pane.loading()?;
    let spin = spinner::at(now);
    if let Some(over) = pane.sweeping() {
        return Some((over.progress(spin, loading.shown), Slot::Info));
    }
    if let Some(set) = set.filter(|_| loading.shown && !pane.over_set()) {
        let text = format!("{spin} sweeping account set {set}: listing its accounts…");
        return Some((text, Slot::Info));
    }
    let pages = format!(
        "page {}, {}",
        loading.pages,
        plural(loading.alarms, "alarm")
    );
    let text = match (loading.shown, loading.firing, loading.pages) {
        (true, None, _) => format!("{spin} loading alarms: the firing ones first…"),
        (true, Some(firing), 0) => {
            format!("{spin} loading alarms: {firing} firing, now every alarm…")
        }
        (true, Some(_), _) => format!("{spin} loading alarms: {pages}"),
        (false, _, 0) => return None,
        (false, _, _) => format!("{spin} refreshing: {pages}"),
    };
    Some((text, Slot::Info))
}

/// Where a failed load stopped, and what the list shown is.
fn stopped_words(stopped: &Stopped) -> Option<String> {
    match (stopped.partial, stopped.page) {
        (true, 0) => Some("  The list shown is partial.".to_string()),
        (true, page) => Some(format!(
            "  The list is partial: {} arrived before page {page} failed.",
            plural(stopped.alarms, "alarm")
        )),
        (false, 0) => None,
        (false, page) => Some(format!(
            "  The refresh stopped at page {page}: the list shown is the last whole one."
        )),
    }
}
