//! An account of a set as the output names it, and a (account, region) answer.

use ratatui::style::Color;
use serde::{Deserialize, Serialize};

use super::set::{AccountSet, SetSource};

/// An account as every record names it: its id (unknown when a profile failed before STS
/// said it) and its name (the config's, else the organization's, else the profile, else the
/// id).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::set::{AccountEntry, AccountKey};

    fn set(source: SetSource, accounts: Vec<AccountEntry>) -> AccountSet {
        AccountSet {
            name: "s".into(),
            source,
            regions: Vec::new(),
            concurrency: 16,
            accounts,
        }
    }

    fn entry(key: AccountKey, name: Option<&str>, production: bool) -> AccountEntry {
        AccountEntry {
            key,
            name: name.map(str::to_string),
            color: None,
            production,
        }
    }

    #[test]
    fn an_account_is_named_by_its_entry_else_the_organization_else_its_id() {
        let org = set(
            SetSource::Organization { role: "R".into() },
            vec![entry(
                AccountKey::Id("222222222222".into()),
                Some("payments"),
                true,
            )],
        );
        let listed = [
            Listed {
                id: "111111111111".into(),
                name: Some("management".into()),
            },
            Listed {
                id: "222222222222".into(),
                name: Some("team-payments".into()),
            },
            Listed {
                id: "333333333333".into(),
                name: None,
            },
        ];
        let planned = from_organization(&org, &listed, "111111111111");
        assert_eq!(planned[0].how, Reach::Caller("111111111111".into()));
        assert_eq!(
            planned[1].how,
            Reach::Role {
                id: "222222222222".into(),
                role: "R".into()
            }
        );
        let names: Vec<String> = planned.iter().map(|p| p.reference(None).label()).collect();
        assert_eq!(
            names,
            [
                "management (111111111111)",
                "payments (222222222222)",
                "333333333333"
            ]
        );
        assert!(planned[1].production && !planned[0].production);
    }

    #[test]
    fn a_profile_account_is_named_by_its_entry_else_the_profile_and_its_id_once_known() {
        let profiles = set(
            SetSource::Profiles(vec!["prod".into(), "dev".into()]),
            vec![entry(
                AccountKey::Profile("prod".into()),
                Some("payments"),
                true,
            )],
        );
        let planned = from_profiles(&profiles);
        assert_eq!(planned[0].reference(None).label(), "payments");
        assert_eq!(
            planned[0].reference(Some("123456789012")).label(),
            "payments (123456789012)"
        );
        assert_eq!(planned[1].reference(None).label(), "dev");
        assert!(planned[0].production && !planned[1].production);
    }
}
