//! The update step: a message in, new state and the effects to run out.

use ratatui::crossterm::event::KeyEventKind;
use ratatui::layout::Size;

use super::effect::Effect;
use super::keymap::Keymap;
use super::keys;
use super::msg::Msg;
use super::panes::PaneId;
use super::runbook_keys;
use super::state::{AppState, Level};
use crate::kit::Loadable;
use crate::runbook::steps::StepNews;
use crate::ui::layout;

pub fn update(state: &mut AppState, keymap: &Keymap, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => keys::on_key(state, keymap, key),
        Msg::Key(_) => Vec::new(),
        Msg::KeyRead { key, at } => {
            if key.kind != KeyEventKind::Release
                && runbook_keys::read_before_confirmation(state, at)
            {
                state.flash(
                    Level::Info,
                    "A key typed before the confirmation was on screen was ignored: read it, then answer",
                );
                return Vec::new();
            }
            update(state, keymap, Msg::Key(key))
        }
        Msg::Resize { width, height } => {
            state.screen = Size::new(width, height);
            keep_selection_on_screen(state);
            Vec::new()
        }
        Msg::Tick(now) => {
            state.now = now;
            if state.flash.as_ref().is_some_and(|f| f.until <= now) {
                state.flash = None;
            }
            schedule(state, false)
        }
        Msg::Connected {
            generation, info, ..
        } => {
            if generation != state.session.generation {
                return Vec::new();
            }
            let s = &mut state.session;
            s.connected = true;
            s.region = info.region;
            s.region_defaulted = info.region_defaulted;
            s.profile = info.profile;
            s.endpoint = info.endpoint;
            schedule(state, true)
        }
        Msg::IdentityLoaded { req, result } => {
            let s = &mut state.session;
            if s.identity_status.accept(req) {
                s.identity_status.finish(&result, state.now);
                s.identity = match result {
                    Ok(identity) => {
                        state.logs.set_account(&identity.account);
                        crate::timeline::journal::remember_caller(&identity.arn);
                        Loadable::Ready(identity)
                    }
                    Err(e) => Loadable::Failed(e),
                };
            }
            Vec::new()
        }
        Msg::AlarmsLoaded { req, result } => {
            if state.alarms.loaded(req, result, state.now) {
                let firing = firing_alarms(state);
                state.runbooks.arrange(&firing);
                keep_selection_on_screen(state);
            }
            Vec::new()
        }
        Msg::AlarmHistoryLoaded { req, result } => {
            state.alarms.history_loaded(req, result);
            Vec::new()
        }
        Msg::AlarmMetricLoaded { req, result } => {
            state.alarms.metric_loaded(req, result);
            Vec::new()
        }
        Msg::HealthEventsLoaded { req, result } => {
            if state.health.loaded(req, result, state.now) {
                keep_selection_on_screen(state);
            }
            Vec::new()
        }
        Msg::ChangesPage { req, result, more } => {
            state.changes.page(req, result, more, state.now);
            keep_selection_on_screen(state);
            Vec::new()
        }
        Msg::HealthDescriptionLoaded { req, result } => {
            state.health.description_loaded(req, result)
        }
        Msg::HealthEntitiesLoaded { req, result } => {
            state.health.entities_loaded(req, result);
            Vec::new()
        }
        Msg::LogGroupsLoaded { result, .. } => {
            state.logs.groups_loaded(result);
            Vec::new()
        }
        Msg::QueryProgress { req, progress } => {
            state.logs.progress(req, progress);
            Vec::new()
        }
        Msg::QueryFinished { req, result } => {
            state.timeline.stale = true;
            let effects = state.logs.finished(req, result, state.now);
            keep_selection_on_screen(state);
            effects
        }
        Msg::QueryStopped { query_id, result } => {
            state.logs.stopped(query_id, result);
            Vec::new()
        }
        Msg::LogRecordLoaded { req, result } => {
            state.logs.record_loaded(req, result);
            Vec::new()
        }
        Msg::SavedQueriesLoaded { result, .. } => {
            state.logs.saved_loaded(result);
            Vec::new()
        }
        Msg::RunbooksLoaded {
            req,
            entries,
            missing,
            in_flight,
            unresolved,
            audit_warnings,
        } => {
            let firing = firing_alarms(state);
            let mut effects = Vec::new();
            if state.runbooks.loaded(req, entries, missing, &firing) {
                if (!in_flight.is_empty() || !unresolved.is_empty())
                    && state.runbooks.resumed.is_empty()
                {
                    effects.push(Effect::ResumeInFlight {
                        in_flight: in_flight.clone(),
                        unresolved: unresolved.clone(),
                        region: state.session.region.clone(),
                    });
                }
                state.runbooks.in_flight = in_flight;
                state.runbooks.unresolved = unresolved;
                state.runbooks.audit_warnings = audit_warnings;
                let pane = &state.runbooks;
                let mut problems: Vec<String> = pane.audit_warnings.clone();
                if !pane.in_flight.is_empty() {
                    problems.push(format!(
                        "{} runbook command(s) were still running when warroom last stopped: see the Runbooks pane ({})",
                        pane.in_flight.len(),
                        PaneId::Runbooks.number()
                    ));
                }
                if !pane.unresolved.is_empty() {
                    problems.push(format!(
                        "{} runbook send(s) never got SSM's answer when warroom last ran: looking them up by their id before anything else",
                        pane.unresolved.len()
                    ));
                }
                if !problems.is_empty() {
                    state.notice = Some(problems.join("; "));
                }
            }
            effects
        }
        Msg::InFlightResumed { results, resolved } => {
            if let Some(notice) = crate::runbook::steps::resolutions(&mut state.runbooks, resolved)
            {
                state.notice = Some(notice);
            }
            state.runbooks.resumed = results;
            Vec::new()
        }
        Msg::StepUnknown { req, send, message } => {
            state.timeline.stale = true;
            if let StepNews::Failed(text) = state.runbooks.step_unknown(req, send, message) {
                state.flash(Level::Error, text);
            }
            Vec::new()
        }
        Msg::TargetsPreviewed { req, result } => {
            state.runbooks.preview_loaded(req, result);
            Vec::new()
        }
        Msg::StepSent { req, command_id } => {
            state.runbooks.sent(req, command_id);
            Vec::new()
        }
        Msg::StepProgress { req, invocations } => {
            state.runbooks.progress(req, invocations);
            Vec::new()
        }
        Msg::StepFinished { req, result } => {
            state.timeline.stale = true;
            match state.runbooks.step_finished(req, result) {
                StepNews::Nothing => {}
                StepNews::Succeeded(text) => state.flash(Level::Info, text),
                StepNews::Failed(text) => state.flash(Level::Error, text),
            }
            Vec::new()
        }
        Msg::InvocationOutputLoaded { req, result } => {
            state.runbooks.output_loaded(req, result);
            Vec::new()
        }
        Msg::CommandCancelled { command_id, result } => {
            if let Some(message) = state.runbooks.cancel_answered(&command_id, result) {
                state.flash(Level::Error, message);
            }
            Vec::new()
        }
        Msg::AuditFailed { message } => {
            state.notice = Some(format!("The audit log: {message}"));
            Vec::new()
        }
        Msg::TimelineLoaded { req, gathered } => {
            if state.timeline.loaded(req, gathered, state.now) {
                keep_selection_on_screen(state);
            }
            Vec::new()
        }
        Msg::IncidentChanged { result } => match result {
            Ok((incident, warning)) => {
                let opened = incident.as_ref().map(|i| i.name.clone());
                let was = state.timeline.incident.as_ref().map(|i| i.name.clone());
                state.timeline.set_incident(incident);
                if let Some(warning) = warning {
                    state.notice = Some(warning);
                }
                keep_selection_on_screen(state);
                if opened != was {
                    if let Some(name) = opened {
                        state.flash(Level::Info, format!("Incident {name} is open: its journal records notes, markers and pins"));
                    }
                    // A gathering still in flight covers the window before this incident:
                    // ask anew, and its answer is dropped as stale.
                    state.timeline.status.pending = None;
                    return load_timeline(state);
                }
                Vec::new()
            }
            Err(message) => {
                state.flash(Level::Error, message);
                Vec::new()
            }
        },
        Msg::IncidentsListed { listed } => {
            let names: Vec<String> = listed
                .iter()
                .map(|s| match (s.started, &s.problem) {
                    (_, Some(problem)) => format!("{} ({problem})", s.name),
                    (Some(at), None) => format!("{} (started {})", s.name, crate::time::utc(at)),
                    (None, None) => s.name.clone(),
                })
                .collect();
            state.notice = Some(if names.is_empty() {
                "No incident yet: :incident start NAME opens one".to_string()
            } else {
                format!(
                    "Incidents: {}. :incident open NAME opens one",
                    names.join(", ")
                )
            });
            state.timeline.listed = listed;
            Vec::new()
        }
        Msg::Exported { result } => {
            match result {
                Ok(path) => state.flash(
                    Level::Info,
                    format!("Exported the timeline to {}", path.display()),
                ),
                Err(message) => state.flash(Level::Error, message),
            }
            Vec::new()
        }
        Msg::RunbookQueryFinished { req, result } => {
            state.runbooks.query_finished(req, result);
            Vec::new()
        }
        Msg::QuerySaved { name, result } => {
            match result {
                Ok(()) => state.flash(
                    Level::Info,
                    format!("Saved the query to the account as \"{name}\""),
                ),
                Err(e) => state.flash(
                    Level::Error,
                    format!("Could not save \"{name}\": {}", e.message),
                ),
            }
            Vec::new()
        }
    }
}

pub fn keep_selection_on_screen(state: &mut AppState) {
    for pane in PaneId::ALL {
        let rows = layout::list_rows(state, *pane);
        match pane {
            PaneId::Alarms => state.alarms.cursor.scroll_into_view(rows),
            PaneId::Changes => state.changes.cursor.scroll_into_view(rows),
            PaneId::Health => state.health.cursor.scroll_into_view(rows),
            PaneId::Logs => state.logs.cursor.scroll_into_view(rows),
            PaneId::Runbooks => state.runbooks.cursor.scroll_into_view(rows),
            PaneId::Timeline => state.timeline.cursor.scroll_into_view(rows),
        }
    }
}

/// Names of the alarms now in ALARM, for the runbooks that answer them.
fn firing_alarms(state: &AppState) -> Vec<String> {
    state.alarms.firing_names()
}

/// Starts the refreshes that are due (or, when `force`, every one not in flight).
pub fn schedule(state: &mut AppState, force: bool) -> Vec<Effect> {
    if !state.session.connected {
        return Vec::new();
    }
    let now = state.now;
    let mut effects = Vec::new();
    if force && !state.runbooks.loaded && state.runbooks.load_req.is_none() {
        effects.push(load_runbooks(state));
    }
    let identity_due = match state.session.identity {
        Loadable::Ready(_) => false,
        Loadable::Loading => !state.session.identity_status.in_flight(),
        Loadable::Failed(_) => state.session.identity_status.due(now, state.refresh.alarms),
    };
    if (force && !matches!(state.session.identity, Loadable::Ready(_))) || identity_due {
        let req = state.next_req();
        state.session.identity_status.start(req, now);
        effects.push(Effect::LoadIdentity { req });
    }
    if force || state.alarms.status.due(now, state.refresh.alarms) {
        let req = state.next_req();
        effects.push(state.alarms.request(req, now));
    }
    // CloudTrail is slow and rationed: Changes loads only while someone looks at it.
    if state.focus == PaneId::Changes
        && (force || state.changes.status.due(now, state.refresh.changes))
    {
        let req = state.next_req();
        effects.push(state.changes.refresh(req, now));
    }
    if state.focus == PaneId::Timeline
        && (force || state.timeline.stale || state.timeline.status.due(now, state.refresh.changes))
    {
        effects.extend(load_timeline(state));
    }
    if force || state.health.status.due(now, state.refresh.health) {
        let req = state.next_req();
        let region = state.session.region.clone();
        effects.push(state.health.request(req, &region, now));
    }
    effects
}

/// Gathers the timeline over its window again (unless a gathering is under way).
pub fn load_timeline(state: &mut AppState) -> Vec<Effect> {
    if state.timeline.status.in_flight() {
        return Vec::new();
    }
    let (req, now) = (state.next_req(), state.now);
    state.timeline.status.start(req, now);
    vec![Effect::LoadTimeline {
        req,
        window: state.timeline.window_at(now),
        now,
    }]
}

pub fn load_runbooks(state: &mut AppState) -> Effect {
    let req = state.next_req();
    state.runbooks.load_req = Some(req);
    state.runbooks.resumed.clear();
    Effect::LoadRunbooks {
        req,
        folders: state.runbooks.folders.clone(),
    }
}

/// Starts a new session with changed settings: every pane starts over.
pub fn reconnect(state: &mut AppState) -> Vec<Effect> {
    let s = &mut state.session;
    s.generation += 1;
    s.connected = false;
    s.identity = Loadable::Loading;
    s.identity_status = Default::default();
    s.region = s.settings.region.clone().unwrap_or_default();
    s.profile = s.settings.effective_profile();
    state.alarms.reset();
    state.health.reset();
    state.changes.reset();
    let mut effects = state.logs.stop();
    effects.push(Effect::Connect {
        generation: state.session.generation,
        settings: state.session.settings.clone(),
    });
    effects
}
