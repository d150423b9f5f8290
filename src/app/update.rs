//! The update step: a message in, new state and the effects to run out.

use ratatui::crossterm::event::KeyEventKind;
use ratatui::layout::Size;

use super::effect::{self, Effect};
use super::keys;
use super::msg::Msg;
use super::panes::{self, PaneId};
use super::route;
use super::runbook_keys;
use super::state::AppState;
use crate::keymap::Keymap;
use crate::kit::Loadable;
use crate::logs::LogsMsg;
use crate::pane::{Level, News};
use crate::runbook::RunbookMsg;
use crate::runbook::RunbookWork;
use crate::runbook::steps::StepNews;

pub fn update(state: &mut AppState, keymap: &Keymap, msg: Msg) -> Vec<Effect> {
    let effects = apply(state, keymap, msg);
    route::keep_selection_on_screen(state);
    effects
}

fn apply(state: &mut AppState, keymap: &Keymap, msg: Msg) -> Vec<Effect> {
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
            apply(state, keymap, Msg::Key(key))
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
            schedule(state, keymap, false)
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
            schedule(state, keymap, true)
        }
        Msg::IdentityLoaded { req, result } => {
            let s = &mut state.session;
            if s.identity_status.accept(req) {
                s.identity_status.finish(&result, state.now);
                s.identity = match result {
                    Ok(identity) => {
                        state.panes.logs.set_account(&identity.account);
                        crate::timeline::journal::remember_caller(&identity.arn);
                        Loadable::Ready(identity)
                    }
                    Err(e) => Loadable::Failed(e),
                };
            }
            Vec::new()
        }
        Msg::Alarms(_) | Msg::Changes(_) | Msg::Health(_) => {
            match panes::update(state, keymap, msg) {
                Some((id, acted)) => route::settle(state, keymap, id, acted).1,
                None => Vec::new(),
            }
        }
        Msg::Logs(LogsMsg::GroupsLoaded { result, .. }) => {
            state.panes.logs.groups_loaded(result);
            Vec::new()
        }
        Msg::Logs(LogsMsg::Progress { req, progress }) => {
            state.panes.logs.progress(req, progress);
            Vec::new()
        }
        Msg::Logs(LogsMsg::Finished { req, result }) => {
            let mut told = route::tell(state, keymap, PaneId::Logs, News::Happened);
            let effects = state.panes.logs.finished(req, result, state.now);
            keep_selection_on_screen(state);
            told.extend(effect::all(effects));
            told
        }
        Msg::Logs(LogsMsg::Stopped { query_id, result }) => {
            state.panes.logs.stopped(query_id, result);
            Vec::new()
        }
        Msg::Logs(LogsMsg::RecordLoaded { req, result }) => {
            state.panes.logs.record_loaded(req, result);
            Vec::new()
        }
        Msg::Logs(LogsMsg::SavedLoaded { result, .. }) => {
            state.panes.logs.saved_loaded(result);
            Vec::new()
        }
        Msg::Runbooks(RunbookMsg::Loaded {
            req,
            entries,
            missing,
            in_flight,
            unresolved,
            audit_warnings,
        }) => {
            let firing = firing_alarms(state);
            let mut effects = Vec::new();
            if state.panes.runbooks.loaded(req, entries, missing, &firing) {
                if (!in_flight.is_empty() || !unresolved.is_empty())
                    && state.panes.runbooks.resumed.is_empty()
                {
                    effects.push(Effect::Runbooks(RunbookWork::Resume {
                        in_flight: in_flight.clone(),
                        unresolved: unresolved.clone(),
                        region: state.session.region.clone(),
                    }));
                }
                state.panes.runbooks.in_flight = in_flight;
                state.panes.runbooks.unresolved = unresolved;
                state.panes.runbooks.audit_warnings = audit_warnings;
                let pane = &state.panes.runbooks;
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
        Msg::Runbooks(RunbookMsg::Resumed { results, resolved }) => {
            if let Some(notice) =
                crate::runbook::steps::resolutions(&mut state.panes.runbooks, resolved)
            {
                state.notice = Some(notice);
            }
            state.panes.runbooks.resumed = results;
            Vec::new()
        }
        Msg::Runbooks(RunbookMsg::StepUnknown { req, send, message }) => {
            let told = route::tell(state, keymap, PaneId::Runbooks, News::Happened);
            if let StepNews::Failed(text) = state.panes.runbooks.step_unknown(req, send, message) {
                state.flash(Level::Error, text);
            }
            told
        }
        Msg::Runbooks(RunbookMsg::TargetsPreviewed { req, result }) => {
            state.panes.runbooks.preview_loaded(req, result);
            Vec::new()
        }
        Msg::Runbooks(RunbookMsg::StepSent { req, command_id }) => {
            state.panes.runbooks.sent(req, command_id);
            Vec::new()
        }
        Msg::Runbooks(RunbookMsg::StepProgress { req, invocations }) => {
            state.panes.runbooks.progress(req, invocations);
            Vec::new()
        }
        Msg::Runbooks(RunbookMsg::StepFinished { req, result }) => {
            let told = route::tell(state, keymap, PaneId::Runbooks, News::Happened);
            match state.panes.runbooks.step_finished(req, result) {
                StepNews::Nothing => {}
                StepNews::Succeeded(text) => state.flash(Level::Info, text),
                StepNews::Failed(text) => state.flash(Level::Error, text),
            }
            told
        }
        Msg::Runbooks(RunbookMsg::OutputLoaded { req, result }) => {
            state.panes.runbooks.output_loaded(req, result);
            Vec::new()
        }
        Msg::Runbooks(RunbookMsg::Cancelled { command_id, result }) => {
            if let Some(message) = state.panes.runbooks.cancel_answered(&command_id, result) {
                state.flash(Level::Error, message);
            }
            Vec::new()
        }
        Msg::Runbooks(RunbookMsg::AuditFailed { message }) => {
            state.notice = Some(format!("The audit log: {message}"));
            Vec::new()
        }
        Msg::Timeline(_) => match panes::update(state, keymap, msg) {
            Some((id, acted)) => route::settle(state, keymap, id, acted).1,
            None => Vec::new(),
        },
        Msg::Runbooks(RunbookMsg::QueryFinished { req, result }) => {
            state.panes.runbooks.query_finished(req, result);
            Vec::new()
        }
        Msg::Logs(LogsMsg::Saved { name, result }) => {
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
    route::keep_selection_on_screen(state);
}

/// Names of the alarms now in ALARM, for the runbooks that answer them.
fn firing_alarms(state: &AppState) -> Vec<String> {
    state.panes.alarms.firing_names()
}

/// Starts the refreshes that are due (or, when `force`, every one not in flight).
pub fn schedule(state: &mut AppState, keymap: &Keymap, force: bool) -> Vec<Effect> {
    if !state.session.connected {
        return Vec::new();
    }
    let mut effects = Vec::new();
    if force && !state.panes.runbooks.loaded && state.panes.runbooks.load_req.is_none() {
        effects.push(load_runbooks(state));
    }
    effects.extend(route::schedule(state, keymap, force));
    effects
}

/// STS is asked again while the caller identity is not known.
pub fn identity_due(state: &mut AppState, force: bool) -> Vec<Effect> {
    let now = state.now;
    let due = match state.session.identity {
        Loadable::Ready(_) => false,
        Loadable::Loading => !state.session.identity_status.in_flight(),
        Loadable::Failed(_) => state.session.identity_status.due(now, state.refresh.alarms),
    };
    if (force && !matches!(state.session.identity, Loadable::Ready(_))) || due {
        let req = state.next_req();
        state.session.identity_status.start(req, now);
        return vec![Effect::LoadIdentity { req }];
    }
    Vec::new()
}

pub fn load_runbooks(state: &mut AppState) -> Effect {
    let req = state.next_req();
    state.panes.runbooks.load_req = Some(req);
    state.panes.runbooks.resumed.clear();
    Effect::Runbooks(RunbookWork::Load {
        req,
        folders: state.panes.runbooks.folders.clone(),
    })
}

/// Starts a new session with changed settings: every pane starts over.
pub fn reconnect(state: &mut AppState, keymap: &Keymap) -> Vec<Effect> {
    let s = &mut state.session;
    s.generation += 1;
    s.connected = false;
    s.identity = Loadable::Loading;
    s.identity_status = Default::default();
    s.region = s.settings.region.clone().unwrap_or_default();
    s.profile = s.settings.effective_profile();
    let mut effects = reset_panes(state, keymap);
    effects.push(Effect::Connect {
        generation: state.session.generation,
        settings: state.session.settings.clone(),
    });
    effects
}

/// Every pane forgets what it holds of the session or instant that ended.
pub fn reset_panes(state: &mut AppState, keymap: &Keymap) -> Vec<Effect> {
    let mut effects = Vec::new();
    for id in PaneId::ALL.iter().copied() {
        let acted = panes::reset(state, keymap, id);
        effects.extend(route::settle(state, keymap, id, acted).1);
    }
    effects
}
