//! The incident and its timeline from the keyboard: `:incident`, `:note`, `:export`,
//! `:timeline`, `n` for a note, `p` to pin the selected item of any pane, and `enter` to open
//! a timeline row's original item.

use jiff::Timestamp;
use tui_input::Input;

use super::effect::Effect;
use super::keys::set_focus;
use super::panes::PaneId;
use super::state::{AppState, CommandLine, Mode};
use super::update::load_timeline;
use crate::changes::query::parse_moment;
use crate::keymap::Keymap;
use crate::kit::Loadable;
use crate::pane::Level;
use crate::timeline::IncidentAction;
use crate::timeline::SourceSet;
use crate::timeline::TimelineWork;
use crate::timeline::export::{Format as ExportFormat, Header};
use crate::timeline::journal::{KeyTimes, Marker};
use crate::timeline::model::{self, Source, TimelineEvent};

fn incident(action: IncidentAction) -> Vec<Effect> {
    vec![Effect::Timeline(TimelineWork::Incident { action })]
}

/// `at T` at the front of the words: the moment, and the words after it.
fn leading_time(words: &[String], now: Timestamp) -> Result<(Timestamp, &[String]), String> {
    match words {
        [at, time, rest @ ..] if at == "at" => Ok((parse_moment(time, now)?, rest)),
        rest => Ok((now, rest)),
    }
}

/// `:incident start NAME [at T]`, `:incident open [NAME]`, `:incident detected|mitigated|resolved
/// [at T]`.
pub(super) fn incident_line(state: &mut AppState, keymap: &Keymap, args: &[String]) -> Vec<Effect> {
    let now = state.now;
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match words.as_slice() {
        ["start", name, rest @ ..] => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            leading_time(&rest, now).map(|(at, _)| {
                let account = match &state.session.identity {
                    Loadable::Ready(identity) => Some(identity.account.clone()),
                    _ => None,
                };
                IncidentAction::Start {
                    name: name.to_string(),
                    at,
                    account,
                    region: Some(state.session.region.clone()),
                }
            })
        }
        ["open"] | ["list"] => Ok(IncidentAction::List),
        ["open", name] => Ok(IncidentAction::Open {
            name: name.to_string(),
        }),
        [marker, rest @ ..] if Marker::parse(marker).is_some() => {
            let rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            leading_time(&rest, now).map(|(at, _)| IncidentAction::Mark {
                marker: Marker::parse(marker).unwrap_or(Marker::Detected),
                at,
            })
        }
        _ => Err(
            "`:incident start NAME [at 03:00]`, `:incident open [NAME]`, or `:incident detected|mitigated|resolved [at T]`"
                .to_string(),
        ),
    };
    match result {
        Ok(action) => {
            let mut effects = set_focus(state, keymap, PaneId::Timeline);
            effects.extend(incident(action));
            effects
        }
        Err(message) => {
            state.flash(Level::Error, message);
            Vec::new()
        }
    }
}

/// `:note TEXT`, `:note at 03:05 TEXT`, `:note edit ID TEXT`, `:note delete ID`.
pub(super) fn note_line(state: &mut AppState, args: &[String]) -> Vec<Effect> {
    if state.panes.timeline.incident.is_none() {
        state.flash(
            Level::Error,
            "No incident is open: :incident start NAME opens one",
        );
        return Vec::new();
    }
    let action = match args.first().map(String::as_str) {
        Some("edit") if args.len() >= 3 => Ok(IncidentAction::EditNote {
            id: args[1].clone(),
            text: args[2..].join(" "),
        }),
        Some("delete") if args.len() == 2 => Ok(IncidentAction::DeleteNote {
            id: args[1].clone(),
        }),
        _ => leading_time(args, state.now).and_then(|(at, rest)| {
            let text = rest.join(" ");
            if text.trim().is_empty() {
                Err("`:note TEXT`, or `:note at 03:05 TEXT`".to_string())
            } else {
                Ok(IncidentAction::Note { at, text })
            }
        }),
    };
    match action {
        Ok(action) => incident(action),
        Err(message) => {
            state.flash(Level::Error, message);
            Vec::new()
        }
    }
}

/// `n`: the command line, ready for a note.
pub(super) fn start_note(state: &mut AppState) {
    if state.panes.timeline.incident.is_none() {
        state.flash(
            Level::Error,
            "No incident is open: :incident start NAME opens one",
        );
        return;
    }
    state.mode = Mode::Command(CommandLine {
        input: Input::new("note ".into()),
        ..CommandLine::default()
    });
}

/// The selected item of the focused pane as a timeline row, at the item's own time.
fn selected_item(state: &AppState) -> Result<TimelineEvent, String> {
    match state.focus {
        PaneId::Alarms => {
            let alarm = state
                .panes
                .alarms
                .selected_alarm()
                .ok_or("No alarm selected")?;
            let at = alarm
                .state_updated
                .ok_or_else(|| format!("{} has no state change time", alarm.name))?;
            Ok(TimelineEvent {
                time: at,
                source: Source::Alarm,
                what: format!("{} is {}", alarm.name, alarm.state.as_aws()),
                who: model::CLOUDWATCH.to_string(),
                detail: alarm.state_reason.clone(),
                risky: false,
                key: format!("alarm:{}@{at}", alarm.name),
            })
        }
        PaneId::Changes => state
            .panes
            .changes
            .selected_change()
            .map(model::from_change)
            .ok_or_else(|| "No change selected".to_string()),
        PaneId::Health => state
            .panes
            .health
            .selected_event()
            .and_then(|e| model::from_health(e).into_iter().next())
            .ok_or_else(|| "No Health event selected".to_string()),
        PaneId::Logs => {
            let row = state
                .panes
                .logs
                .results
                .row(state.panes.logs.cursor.selected)
                .ok_or("No result row selected")?;
            let at = row
                .get("@timestamp")
                .and_then(crate::logs::chart::parse_time)
                .ok_or("This row has no @timestamp to pin it at")?;
            let message = row.get("@message").unwrap_or_default();
            let what: String = message.chars().take(200).collect();
            Ok(TimelineEvent {
                time: at,
                source: Source::Query,
                what: if what.is_empty() {
                    row.cells
                        .iter()
                        .map(|(f, v)| format!("{f}={v}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                } else {
                    what
                },
                who: row.get("@logStream").unwrap_or_default().to_string(),
                detail: state.panes.logs.groups.join(", "),
                risky: false,
                key: format!("log:{}", row.pointer().unwrap_or(message)),
            })
        }
        PaneId::Timeline => state
            .panes
            .timeline
            .selected()
            .cloned()
            .ok_or_else(|| "No row selected".to_string()),
        PaneId::Runbooks => Err("Runbook steps join the timeline by themselves".into()),
        #[allow(unreachable_patterns)]
        _ => super::panes::pin(state),
    }
}

/// `p`: pins the selected item of the focused pane into the incident.
pub(super) fn pin(state: &mut AppState) -> Vec<Effect> {
    if state.panes.timeline.incident.is_none() {
        state.flash(
            Level::Error,
            "No incident is open: :incident start NAME opens one",
        );
        return Vec::new();
    }
    match selected_item(state) {
        Ok(item) => {
            state.flash(
                Level::Info,
                format!("Pinned at {}: {}", crate::time::utc(item.time), item.what),
            );
            incident(IncidentAction::Pin { item })
        }
        Err(message) => {
            state.flash(Level::Error, message);
            Vec::new()
        }
    }
}

/// `:timeline since 2h [until T]`, `:timeline alarm,change`, `:timeline all`, `:timeline incident`.
pub(super) fn timeline_line(state: &mut AppState, args: &[String]) -> Vec<Effect> {
    let now = state.now;
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] => Vec::new(),
        ["all"] => {
            state.panes.timeline.set_sources(SourceSet::all());
            Vec::new()
        }
        ["incident"] => {
            state.panes.timeline.chosen = None;
            load_timeline(state)
        }
        ["since", since, rest @ ..] => {
            let until = match rest {
                ["until", until] => parse_moment(until, now).map(Some),
                [] => Ok(None),
                _ => Err("`:timeline since 2h until 03:00`".to_string()),
            };
            match (parse_moment(since, now), until) {
                (Ok(start), Ok(until)) if start < until.unwrap_or(now) => {
                    state.panes.timeline.chosen = Some((start, until.unwrap_or(now)));
                    load_timeline(state)
                }
                (Err(e), _) | (_, Err(e)) => {
                    state.flash(Level::Error, e);
                    Vec::new()
                }
                _ => {
                    state.flash(
                        Level::Error,
                        "the window is empty: `since` must come before `until`",
                    );
                    Vec::new()
                }
            }
        }
        [list] => {
            let sources: Option<Vec<Source>> = list.split(',').map(Source::parse).collect();
            match sources {
                Some(sources) if !sources.is_empty() => {
                    state.panes.timeline.set_sources(SourceSet::only(&sources));
                    Vec::new()
                }
                _ => {
                    state.flash(
                        Level::Error,
                        "`:timeline alarm,change,health,query,runbook,note,marker`, `all`, `since 2h`, or `incident`",
                    );
                    Vec::new()
                }
            }
        }
        _ => {
            state.flash(
                Level::Error,
                "`:timeline since 2h [until T]`, a list of sources, `all`, or `incident`",
            );
            Vec::new()
        }
    }
}

/// `:export md|jsonl|csv [FILE]`: the rows shown, with the incident's key times in Markdown.
pub(super) fn export_line(state: &mut AppState, args: &[String]) -> Vec<Effect> {
    let format = match args.first().map(String::as_str) {
        None => Some(ExportFormat::Md),
        Some(word) => ExportFormat::parse(word),
    };
    let Some(format) = format else {
        state.flash(Level::Error, "`:export md|jsonl|csv [FILE]`");
        return Vec::new();
    };
    let pane = &state.panes.timeline;
    let events: Vec<TimelineEvent> = pane.shown().cloned().collect();
    let name = pane
        .incident
        .as_ref()
        .map(|i| i.name.clone())
        .unwrap_or_else(|| "timeline".into());
    let path = match args.get(1) {
        Some(path) => std::path::PathBuf::from(path),
        None => std::path::PathBuf::from(format!("{name}-timeline.{}", format.extension())),
    };
    let header = Header {
        incident: pane.incident.as_ref().map(|i| i.name.clone()),
        account: pane.account.clone(),
        region: state.session.region.clone(),
        window: pane.window,
        key_times: pane
            .incident
            .as_ref()
            .map(|i| KeyTimes::derive(i, pane.all())),
        failures: pane.failures.clone(),
    };
    vec![Effect::Timeline(TimelineWork::Export {
        format,
        path,
        header,
        events,
    })]
}

/// `enter` on a timeline row: its original item in its own pane, when that pane has it.
pub(super) fn open_original(state: &mut AppState, keymap: &Keymap) -> Vec<Effect> {
    let Some(row) = state.panes.timeline.selected().cloned() else {
        return Vec::new();
    };
    let shown = PaneId::ALL
        .iter()
        .copied()
        .find(|id| super::panes::show(state, *id, &row.key));
    match shown {
        Some(pane) => set_focus(state, keymap, pane),
        None => {
            state.panes.timeline.detail = Some(state.panes.timeline.cursor.selected);
            Vec::new()
        }
    }
}

/// The incident's name and how long it has run, for the header.
pub fn incident_clock(state: &AppState) -> Option<String> {
    let incident = state.panes.timeline.incident.as_ref()?;
    let end = incident.resolved.unwrap_or(state.now);
    let secs = end.duration_since(incident.started).as_secs().max(0);
    let state_word = if incident.resolved.is_some() {
        "resolved after "
    } else {
        ""
    };
    Some(format!(
        "⚑ {} {state_word}{}",
        incident.name,
        crate::time::compact_duration(secs)
    ))
}
