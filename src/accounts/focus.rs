//! `:account NAME`: which configured account a name, id or profile means, and how the
//! session reaches it (that profile, or the caller assuming the set's role in it).

use super::set::{AccountKey, AccountSet, SetSource, is_account_id};

/// How the session reaches the account `:account` focuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    /// With this profile's credentials.
    Profile(String),
    /// With the caller's credentials assuming `role` in account `id`.
    Role { id: String, role: String },
}

/// The account `wanted` names in `sets`: an entry's `name`, `id` or `profile`, a profile a
/// set lists, or the id of an organization's account; else the sentence listing the names.
pub fn find(sets: &[AccountSet], wanted: &str) -> Result<Focus, String> {
    for set in sets {
        for entry in &set.accounts {
            let named = entry.name.as_deref() == Some(wanted);
            match (&entry.key, &set.source) {
                (AccountKey::Profile(p), _) if named || p == wanted => {
                    return Ok(Focus::Profile(p.clone()));
                }
                (AccountKey::Id(id), SetSource::Organization { role }) if named || id == wanted => {
                    return Ok(Focus::Role {
                        id: id.clone(),
                        role: role.clone(),
                    });
                }
                _ => {}
            }
        }
        if let SetSource::Profiles(profiles) = &set.source
            && let Some(p) = profiles.iter().find(|p| *p == wanted)
        {
            return Ok(Focus::Profile(p.clone()));
        }
    }
    let organization = sets.iter().find_map(|s| match &s.source {
        SetSource::Organization { role } => Some(role),
        SetSource::Profiles(_) => None,
    });
    if let (Some(role), true) = (organization, is_account_id(wanted)) {
        return Ok(Focus::Role {
            id: wanted.to_string(),
            role: role.clone(),
        });
    }
    let names = names(sets);
    Err(if names.is_empty() {
        format!(
            "no account `{wanted}`: the config names none (add [[accounts.SET.account]] entries or a set's profiles; see README, Accounts)"
        )
    } else {
        format!(
            "no account `{wanted}` in the config's account sets; :account takes one of: {}",
            names.join(", ")
        )
    })
}

/// Every name `:account` takes, once each, in the config's order: an entry's name (else its
/// id or profile), then the profiles the sets list.
pub fn names(sets: &[AccountSet]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    };
    for set in sets {
        for entry in &set.accounts {
            match (&entry.name, &entry.key, &set.source) {
                (_, AccountKey::Id(_), SetSource::Profiles(_)) => {}
                (Some(name), _, _) => add(name),
                (None, AccountKey::Id(id), _) => add(id),
                (None, AccountKey::Profile(p), _) => add(p),
            }
        }
        if let SetSource::Profiles(profiles) = &set.source {
            profiles.iter().for_each(|p| add(p));
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::AccountEntry;

    fn sets() -> Vec<AccountSet> {
        let entry = |key, name: &str| AccountEntry {
            key,
            name: Some(name.to_string()),
            color: None,
            production: false,
        };
        vec![
            AccountSet {
                name: "teams".into(),
                source: SetSource::Profiles(vec!["prod".into(), "staging".into()]),
                regions: Vec::new(),
                concurrency: 16,
                accounts: vec![entry(AccountKey::Profile("prod".into()), "prod-payments")],
            },
            AccountSet {
                name: "org".into(),
                source: SetSource::Organization {
                    role: "OrganizationAccountAccessRole".into(),
                },
                regions: Vec::new(),
                concurrency: 16,
                accounts: vec![entry(AccountKey::Id("210987654321".into()), "shared")],
            },
        ]
    }

    #[test]
    fn a_name_id_or_profile_names_the_account_and_how_it_is_reached() {
        let sets = sets();
        assert_eq!(
            find(&sets, "prod-payments"),
            Ok(Focus::Profile("prod".into()))
        );
        assert_eq!(find(&sets, "prod"), Ok(Focus::Profile("prod".into())));
        assert_eq!(find(&sets, "staging"), Ok(Focus::Profile("staging".into())));
        let shared = Focus::Role {
            id: "210987654321".into(),
            role: "OrganizationAccountAccessRole".into(),
        };
        assert_eq!(find(&sets, "shared"), Ok(shared.clone()));
        assert_eq!(find(&sets, "210987654321"), Ok(shared));
        assert!(matches!(
            find(&sets, "333333333333"),
            Ok(Focus::Role { id, .. }) if id == "333333333333"
        ));
    }

    #[test]
    fn an_unknown_name_is_refused_with_the_names_there_are() {
        let error = find(&sets(), "payments").unwrap_err();
        assert_eq!(
            error,
            "no account `payments` in the config's account sets; :account takes one of: prod-payments, prod, staging, shared"
        );
        assert!(
            find(&[], "x")
                .unwrap_err()
                .contains("the config names none")
        );
    }
}
