//! An account set as the config names it: where its accounts come from, its regions, how
//! many calls it makes at once, and what each account is called.

use ratatui::style::Color;

/// How many AssumeRoles and sweeps a set runs at once unless its config says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// The role an organization set assumes in each member account unless it names another.
pub const DEFAULT_ORGANIZATION_ROLE: &str = "OrganizationAccountAccessRole";

#[derive(Clone, Debug, PartialEq)]
pub struct AccountSet {
    pub name: String,
    pub source: SetSource,
    /// Empty: the session's region.
    pub regions: Vec<String>,
    /// At most this many AssumeRoles and sweeps at once (at least 1).
    pub concurrency: usize,
    /// Names, colours and production flags of some of its accounts.
    pub accounts: Vec<AccountEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetSource {
    /// One account per AWS profile, with that profile's credentials.
    Profiles(Vec<String>),
    /// Every active account of the caller's organization (Organizations ListAccounts), each
    /// reached by assuming `role` in it; the caller's own account with its own credentials.
    Organization { role: String },
}

/// Which account an `[[accounts.NAME.account]]` entry describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountKey {
    Id(String),
    Profile(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct AccountEntry {
    pub key: AccountKey,
    pub name: Option<String>,
    pub color: Option<Color>,
    pub production: bool,
}

impl AccountSet {
    /// The entry for the account with this id or reached through this profile.
    pub fn entry(&self, id: Option<&str>, profile: Option<&str>) -> Option<&AccountEntry> {
        self.accounts.iter().find(|e| match &e.key {
            AccountKey::Id(i) => Some(i.as_str()) == id,
            AccountKey::Profile(p) => Some(p.as_str()) == profile,
        })
    }
}

/// A 12-digit AWS account id.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// A region name as AWS spells them: `us-east-1`, `eu-west-1`, `us-gov-west-1`.
pub fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

/// An IAM role name, with an optional path (`team/ReadOnly`): letters, digits and
/// `+=,.@_-`, at most 64 characters in the name.
pub fn is_role_name(text: &str) -> bool {
    let name = text.rsplit('/').next().unwrap_or(text);
    !name.is_empty()
        && name.len() <= 64
        && text.split('/').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_regions_and_role_names() {
        assert!(is_account_id("123456789012"));
        assert!(!is_account_id("12345678901"));
        assert!(!is_account_id("12345678901a"));
        for good in ["us-east-1", "eu-west-1", "us-gov-west-1", "ap-southeast-2"] {
            assert!(is_region(good), "{good}");
        }
        for bad in ["us-east", "US-EAST-1", "useast1", "us--1", "u-east-1", ""] {
            assert!(!is_region(bad), "{bad}");
        }
        assert!(is_role_name("OrganizationAccountAccessRole"));
        assert!(is_role_name("team/warroom-read"));
        for bad in ["", "has space", "a/", &"r".repeat(65)] {
            assert!(!is_role_name(bad), "{bad}");
        }
    }
}
