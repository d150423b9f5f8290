//! The session as the console holds it: the settings it was asked for, what AWS turned them
//! into (region, profile, endpoint), who the caller is, and the focused account as the
//! config names it.

use ratatui::style::Color;

use crate::accounts::{AccountKey, AccountSet};
use crate::aws::{Identity, SessionSettings};
use crate::kit::{Loadable, SourceStatus};

pub struct Session {
    pub settings: SessionSettings,
    /// Why warroom is read-only when the user did not ask for it (the header says it).
    pub read_only_reason: Option<&'static str>,
    pub generation: u64,
    pub connected: bool,
    pub region: String,
    pub region_defaulted: bool,
    pub endpoint: Option<String>,
    pub profile: Option<String>,
    pub identity: Loadable<Identity>,
    pub identity_status: SourceStatus,
    /// The config's account sets: the focused account's name, colour and production flag,
    /// and the accounts `:account` focuses.
    pub account_sets: Vec<AccountSet>,
    /// The profile whose credentials assume an organization account's role: the one warroom
    /// started with, or the last `:profile`.
    pub caller_profile: Option<String>,
}

/// The account every pane acts in and every send goes to: its id as STS said it, and its
/// name, colour and production flag as the config has them.
#[derive(Clone, Debug, PartialEq)]
pub struct FocusedAccount {
    pub id: String,
    pub name: Option<String>,
    pub color: Option<Color>,
    pub production: bool,
}

impl FocusedAccount {
    /// `prod-payments (123456789012)`, or the id alone when the config names it not.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) if *name != self.id => format!("{name} ({})", self.id),
            _ => self.id.clone(),
        }
    }

    /// What a production account's typed confirmation wants: its name (its id without one).
    pub fn answer(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

impl Session {
    /// The caller's account, once STS has said.
    pub fn account(&self) -> Option<&str> {
        match &self.identity {
            Loadable::Ready(identity) => Some(identity.account.as_str()),
            _ => None,
        }
    }

    /// The focused account, once STS has said which it is: named by the first
    /// `[[accounts.*.account]]` entry with its id, else (unless a role is assumed) the first
    /// with the profile the session uses.
    pub fn focused(&self) -> Option<FocusedAccount> {
        let id = self.account()?;
        let entries = || self.account_sets.iter().flat_map(|s| s.accounts.iter());
        let by_id = entries().find(|e| matches!(&e.key, AccountKey::Id(i) if i == id));
        let profile = self
            .profile
            .as_deref()
            .filter(|_| self.settings.role_arn.is_none());
        let entry = by_id.or_else(|| {
            entries()
                .find(|e| matches!(&e.key, AccountKey::Profile(p) if Some(p.as_str()) == profile))
        });
        let name = entry.and_then(|e| match (&e.name, &e.key) {
            (Some(name), _) => Some(name.clone()),
            (None, AccountKey::Profile(p)) => Some(p.clone()),
            (None, AccountKey::Id(_)) => None,
        });
        Some(FocusedAccount {
            id: id.to_string(),
            name,
            color: entry.and_then(|e| e.color),
            production: entry.is_some_and(|e| e.production),
        })
    }
}
