//! `:account NAME`: the session moves to a configured account, as `:profile` moves it to a
//! profile: a profile account through that profile, an organization's account through the
//! caller's credentials assuming the set's role in it.

use super::effect::Effect;
use super::route::reconnect;
use super::state::AppState;
use crate::accounts::focus::{self, Focus};
use crate::keymap::Keymap;
use crate::kit::Loadable;
use crate::pane::Level;

pub fn focus(state: &mut AppState, keymap: &Keymap, wanted: &str) -> Vec<Effect> {
    // The set the console is over is asked first: a name two sets use means its account.
    let mut sets = state.session.account_sets.clone();
    if let Some(active) = &state.session.accounts {
        sets.retain(|s| s.name != active.name);
        sets.insert(0, active.clone());
    }
    let found = match focus::find(&sets, wanted) {
        Ok(found) => found,
        Err(why) => {
            state.flash(Level::Error, format!(":account: {why}"));
            return Vec::new();
        }
    };
    let s = &mut state.session;
    match found {
        Focus::Profile(profile) => {
            s.settings.profile = Some(profile.clone());
            s.settings.role_arn = None;
            state.flash(
                Level::Info,
                format!("Focusing account {wanted} (profile {profile})"),
            );
        }
        Focus::Role { id, .. } if s.caller_account.as_deref() == Some(id.as_str()) => {
            s.settings.profile = s.caller_profile.clone();
            s.settings.role_arn = None;
            state.flash(
                Level::Info,
                format!("Focusing account {wanted} ({id}) with the caller's own credentials"),
            );
        }
        Focus::Role { id, role } => {
            // Any ARN of the session says the partition (`aws`, `aws-us-gov`, `aws-cn`).
            let caller = match &s.identity {
                Loadable::Ready(identity) => Some(identity.arn.as_str()),
                _ => None,
            };
            let arn = crate::aws::role::role_arn(caller, &id, &role);
            s.settings.profile = s.caller_profile.clone();
            s.settings.role_arn = Some(arn.clone());
            state.flash(
                Level::Info,
                format!("Focusing account {wanted} ({id}) by assuming {arn}"),
            );
        }
    }
    reconnect(state, keymap)
}
