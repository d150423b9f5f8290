//! The update step: a message in, new state and the effects to run out.

use ratatui::crossterm::event::KeyEventKind;
use ratatui::layout::Size;

use super::effect::Effect;
use super::keys;
use super::msg::Msg;
use super::panes::{self, PaneId};
use super::route;
use super::state::AppState;
use crate::keymap::Keymap;
use crate::kit::Loadable;
use crate::pane::Level;
use crate::pane::News;

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
            if key.kind != KeyEventKind::Release && panes::drops_key(state, at) {
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
            if !s.identity_status.accept(req) {
                return Vec::new();
            }
            s.identity_status.finish(&result, state.now);
            let account = result.as_ref().ok().map(|i| i.account.clone());
            s.identity = match result {
                Ok(identity) => {
                    crate::timeline::journal::remember_caller(&identity.arn);
                    Loadable::Ready(identity)
                }
                Err(e) => Loadable::Failed(e),
            };
            match account {
                Some(account) => route::tell_all(state, keymap, &News::Account(account)),
                None => Vec::new(),
            }
        }
        msg => pane_msg(state, keymap, msg),
    }
}

/// A pane's own message, to its pane.
fn pane_msg(state: &mut AppState, keymap: &Keymap, msg: Msg) -> Vec<Effect> {
    match panes::update(state, keymap, msg) {
        Some((id, acted)) => route::settle(state, keymap, id, acted).1,
        None => Vec::new(),
    }
}

pub fn keep_selection_on_screen(state: &mut AppState) {
    route::keep_selection_on_screen(state);
}

/// Starts the refreshes that are due (or, when `force`, every one not in flight).
pub fn schedule(state: &mut AppState, keymap: &Keymap, force: bool) -> Vec<Effect> {
    route::schedule(state, keymap, force)
}

/// How soon STS is asked again after it failed: the account names the header, the journal
/// and every confirmation, so it is not left unknown for a whole refresh interval.
const IDENTITY_RETRY: std::time::Duration = std::time::Duration::from_secs(10);

/// STS is asked again while the caller identity is not known.
pub fn identity_due(state: &mut AppState, force: bool) -> Vec<Effect> {
    let now = state.now;
    let due = match state.session.identity {
        Loadable::Ready(_) => false,
        Loadable::Loading => !state.session.identity_status.in_flight(),
        Loadable::Failed(_) => {
            let every = state.refresh.alarms.min(IDENTITY_RETRY);
            state.session.identity_status.due(now, every)
        }
    };
    if (force && !matches!(state.session.identity, Loadable::Ready(_))) || due {
        let req = state.next_req();
        state.session.identity_status.start(req, now);
        return vec![Effect::LoadIdentity { req }];
    }
    Vec::new()
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
