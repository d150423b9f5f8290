//! An account of a set as the output names it, and a (account, region) answer.

use ratatui::style::Color;
use serde::Serialize;

use super::set::{AccountSet, SetSource};

/// An account as every record names it: its id (unknown when a profile failed before STS
/// said it) and its name (the config's, else the organization's, else the profile, else the
/// id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccountRef {
    pub id: Option<String>,
    pub name: String,
}

impl AccountRef {
    /// `staging (210987654321)`, or the name alone when the id is unknown or is the name.
    pub fn label(&self) -> String {
        match &self.id {
            Some(id) if *id != self.name => format!("{} ({id})", self.name),
            _ => self.name.clone(),
        }
    }
}

/// One account to reach, before it is reached.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub how: Reach,
    /// The name from the set's config, else the organization's name for it.
    pub name: Option<String>,
    pub color: Option<Color>,
    pub production: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// With this profile's own credentials.
    Profile(String),
    /// The caller's own account, with the caller's credentials.
    Caller(String),
    /// By assuming `role` in account `id`.
    Role { id: String, role: String },
}

impl Planned {
    /// The account as known before reaching it.
    pub fn reference(&self, id: Option<&str>) -> AccountRef {
        let id = id.map(str::to_string).or_else(|| match &self.how {
            Reach::Profile(_) => None,
            Reach::Caller(id) | Reach::Role { id, .. } => Some(id.clone()),
        });
        let name = self.name.clone().unwrap_or_else(|| match &self.how {
            Reach::Profile(p) => p.clone(),
            Reach::Caller(id) | Reach::Role { id, .. } => id.clone(),
        });
        AccountRef { id, name }
    }
}

/// The accounts of a profiles set, in the order the set lists them.
pub fn from_profiles(set: &AccountSet) -> Vec<Planned> {
    let SetSource::Profiles(profiles) = &set.source else {
        return Vec::new();
    };
    profiles
        .iter()
        .map(|profile| {
            let entry = set.entry(None, Some(profile));
            Planned {
                how: Reach::Profile(profile.clone()),
                name: entry.and_then(|e| e.name.clone()),
                color: entry.and_then(|e| e.color),
                production: entry.is_some_and(|e| e.production),
            }
        })
        .collect()
}

/// An account Organizations listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    pub id: String,
    pub name: Option<String>,
}

/// The accounts of an organization set: each listed account through `role`, the caller's
/// own with its own credentials.
pub fn from_organization(set: &AccountSet, listed: &[Listed], caller: &str) -> Vec<Planned> {
    let SetSource::Organization { role } = &set.source else {
        return Vec::new();
    };
    listed
        .iter()
        .map(|account| {
            let entry = set.entry(Some(&account.id), None);
            Planned {
                how: if account.id == caller {
                    Reach::Caller(account.id.clone())
                } else {
                    Reach::Role {
                        id: account.id.clone(),
                        role: role.clone(),
                    }
                },
                name: entry
                    .and_then(|e| e.name.clone())
                    .or_else(|| account.name.clone().filter(|n| !n.is_empty())),
                color: entry.and_then(|e| e.color),
                production: entry.is_some_and(|e| e.production),
            }
        })
        .collect()
}
