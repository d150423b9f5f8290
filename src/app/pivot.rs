//! Changes from elsewhere: the `:changes` line, the pivots (an alarm to the changes before
//! it, a change to the same principal or resource) and copying a change.

use super::effect::Effect;
use super::keys::set_focus;
use super::panes::PaneId;
use super::state::AppState;
use crate::changes::ChangesWork;
use crate::command::Command;
use crate::pane::Level;

/// `:changes since 6h user=alice event=Authorize* errors ...`: a new query, loaded at once.
pub(super) fn changes_line(state: &mut AppState, args: &[String]) -> Vec<Effect> {
    if args.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut query = state.panes.changes.query.clone();
    if let Err(message) = query.apply(&words, state.now) {
        state.flash(Level::Error, message);
        return Vec::new();
    }
    let relative = match (words.contains(&"since"), words.contains(&"until")) {
        (_, true) => None,
        (true, false) => Some(query.end.duration_since(query.start)),
        (false, false) => state.panes.changes.relative,
    };
    let (req, now) = (state.next_req(), state.now);
    state.panes.changes.detail = None;
    vec![
        state
            .panes
            .changes
            .set_query(query, relative, req, now)
            .into(),
    ]
}

/// From the selected alarm: what changed in the hour before it last changed state.
pub(super) fn changes_before(state: &mut AppState) -> Vec<Effect> {
    let Some(alarm) = state
        .panes
        .alarms
        .selected_alarm()
        .filter(|_| state.focus == PaneId::Alarms)
    else {
        state.flash(
            Level::Info,
            "c works on an alarm: select one in the Alarms pane",
        );
        return Vec::new();
    };
    let Some(fired) = alarm.state_updated else {
        let message = format!("{} has no state change time", alarm.name);
        state.flash(Level::Error, message);
        return Vec::new();
    };
    let message = format!(
        "Changes in the hour before {} went {}",
        alarm.name,
        alarm.state.as_aws()
    );
    let mut query = state.panes.changes.query.clone();
    query.start = fired - jiff::SignedDuration::from_hours(1);
    query.end = fired;
    query.filters = Default::default();
    query.preset = crate::changes::Preset::Writes;
    state.flash(Level::Info, message);
    let mut effects = set_focus(state, PaneId::Changes);
    effects.retain(|e| !matches!(e, Effect::Changes(ChangesWork::Load { .. })));
    let (req, now) = (state.next_req(), state.now);
    state.panes.changes.detail = None;
    effects.push(state.panes.changes.set_query(query, None, req, now).into());
    state.panes.changes.select_risky_on_arrival();
    effects
}

/// Narrows Changes to the selected change's principal or resource.
pub(super) fn same_as_selected(state: &mut AppState, command: Command) -> Vec<Effect> {
    let Some(change) = selected_change(
        state,
        "u and o work on a change: select one in the Changes pane",
    ) else {
        return Vec::new();
    };
    let mut query = state.panes.changes.query.clone();
    if command == Command::SamePrincipal {
        query.filters.user = Some(change.principal.clone());
    } else {
        match change.resources.first() {
            Some(r) => query.filters.resource = Some(r.name.clone()),
            None => {
                state.flash(Level::Info, "This change names no resource");
                return Vec::new();
            }
        }
    }
    let (req, now, relative) = (state.next_req(), state.now, state.panes.changes.relative);
    state.panes.changes.detail = None;
    vec![
        state
            .panes
            .changes
            .set_query(query, relative, req, now)
            .into(),
    ]
}

pub(super) fn copy(state: &mut AppState, command: Command) -> Vec<Effect> {
    let Some(change) = selected_change(
        state,
        "y and Y copy a change: select one in the Changes pane",
    ) else {
        return Vec::new();
    };
    let text = if command == Command::Copy {
        serde_json::from_str::<serde_json::Value>(&change.record)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or_else(|| change.record.to_string())
    } else {
        match crate::changes::view::resource_arn(&change) {
            Some(arn) => arn,
            None => {
                state.flash(Level::Info, "This change names no resource");
                return Vec::new();
            }
        }
    };
    let what = if command == Command::Copy {
        "the CloudTrail record"
    } else {
        "the resource ARN"
    };
    state.flash(Level::Info, format!("Copied {what} to the clipboard"));
    vec![Effect::Copy { text }]
}

/// The selected change, when Changes is focused; else says `why_not` and gives none.
fn selected_change(state: &mut AppState, why_not: &str) -> Option<crate::changes::Change> {
    let change = state
        .panes
        .changes
        .selected_change()
        .filter(|_| state.focus == PaneId::Changes)
        .cloned();
    if change.is_none() {
        state.flash(Level::Info, why_not);
    }
    change
}

#[cfg(test)]
mod tests;
