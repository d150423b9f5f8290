//! The update step: a message in, new state and the effects to run out.

use ratatui::crossterm::event::KeyEventKind;
use ratatui::layout::Size;

use super::effect::Effect;
use super::keys;
use super::msg::Msg;
use super::panes::{self};
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
            route::keep_selection_on_screen(state);
            Vec::new()
        }
        Msg::Tick(now) => {
            state.now = now;
            if state.flash.as_ref().is_some_and(|f| f.until <= now) {
                state.flash = None;
            }
            route::schedule(state, keymap, false)
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
            route::schedule(state, keymap, true)
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
                    if s.settings.role_arn.is_none() && s.settings.profile == s.caller_profile {
                        s.caller_account = Some(identity.account.clone());
                    }
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
