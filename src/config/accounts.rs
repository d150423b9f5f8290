//! `[accounts.NAME]`: account sets, checked key by key so that a mistake is reported with
//! its file, line and key.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::str::FromStr;

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use super::FileError;
use crate::accounts::set::{
    AccountEntry, AccountKey, AccountSet, DEFAULT_CONCURRENCY, SetSource, is_account_id, is_region,
    is_role_name,
};

/// The most AssumeRoles and sweeps a set may run at once.
pub const MAX_CONCURRENCY: i64 = 100;

pub(super) type AccountsFile = BTreeMap<String, Spanned<AccountSetFile>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AccountSetFile {
    profiles: Option<Spanned<Vec<Spanned<String>>>>,
    organization: Option<Spanned<OrganizationFile>>,
    regions: Option<Spanned<Vec<Spanned<String>>>>,
    concurrency: Option<Spanned<i64>>,
    #[serde(default)]
    account: Vec<AccountFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganizationFile {
    role: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountFile {
    id: Option<Spanned<String>>,
    profile: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    color: Option<Spanned<String>>,
    production: Option<bool>,
}

struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Checker<'_> {
    fn error(&self, span: Range<usize>, key: String, message: impl Into<String>) -> FileError {
        FileError::at(self.path, self.text, Some(span), Some(key), message)
    }
}

/// The sets of the file, by name; a later file's set of the same name replaces the earlier.
pub(super) fn sets(
    file: AccountsFile,
    path: &Path,
    text: &str,
) -> Result<Vec<AccountSet>, FileError> {
    let check = Checker { path, text };
    file.into_iter()
        .map(|(name, set)| one_set(&check, name, set))
        .collect()
}

fn one_set(
    check: &Checker,
    set_name: String,
    set: Spanned<AccountSetFile>,
) -> Result<AccountSet, FileError> {
    let key = format!("accounts.{set_name}");
    let set_span = set.span();
    let set = set.into_inner();
    if set_name.is_empty()
        || !set_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(check.error(
            set_span.clone(),
            key,
            "a set's name may hold only letters, digits, - and _ (it is what --accounts takes)",
        ));
    }
    let source = match (set.profiles, set.organization) {
        (Some(_), Some(org)) => {
            return Err(check.error(
                org.span(),
                format!("{key}.organization"),
                "a set takes its accounts from `profiles` or from `organization`, not both",
            ));
        }
        (None, None) => {
            return Err(check.error(
                set_span,
                key,
                "the set names no accounts: add `profiles = [\"prod\", \"staging\"]` or `organization = { role = \"OrganizationAccountAccessRole\" }`",
            ));
        }
        (Some(profiles), None) => {
            let span = profiles.span();
            let profiles = profiles.into_inner();
            if profiles.is_empty() {
                return Err(check.error(span, format!("{key}.profiles"), "no profiles listed"));
            }
            let mut names: Vec<String> = Vec::new();
            for profile in profiles {
                let text = profile.get_ref().trim();
                if text.is_empty() {
                    return Err(check.error(
                        profile.span(),
                        format!("{key}.profiles"),
                        "an empty profile name",
                    ));
                }
                if names.iter().any(|n| n == text) {
                    return Err(check.error(
                        profile.span(),
                        format!("{key}.profiles"),
                        format!("profile `{text}` is listed twice"),
                    ));
                }
                names.push(text.to_string());
            }
            SetSource::Profiles(names)
        }
        (None, Some(org)) => {
            let span = org.span();
            let role = match org.into_inner().role {
                Some(role) => role,
                None => {
                    return Err(check.error(
                        span,
                        format!("{key}.organization"),
                        "the role to assume in each account is missing: `organization = { role = \"OrganizationAccountAccessRole\" }`",
                    ));
                }
            };
            if !is_role_name(role.get_ref()) {
                return Err(check.error(
                    role.span(),
                    format!("{key}.organization.role"),
                    format!(
                        "`{}` is not an IAM role name (letters, digits and +=,.@_- up to 64 characters, with an optional path/)",
                        role.get_ref()
                    ),
                ));
            }
            SetSource::Organization {
                role: role.into_inner(),
            }
        }
    };
    let mut regions: Vec<String> = Vec::new();
    if let Some(list) = set.regions {
        let span = list.span();
        let list = list.into_inner();
        if list.is_empty() {
            return Err(check.error(
                span,
                format!("{key}.regions"),
                "no regions listed (leave `regions` out to use the session's region)",
            ));
        }
        for region in list {
            let text = region.get_ref();
            if !is_region(text) {
                return Err(check.error(
                    region.span(),
                    format!("{key}.regions"),
                    format!("`{text}` is not a region name like us-east-1"),
                ));
            }
            if regions.contains(text) {
                return Err(check.error(
                    region.span(),
                    format!("{key}.regions"),
                    format!("region `{text}` is listed twice"),
                ));
            }
            regions.push(text.clone());
        }
    }
    let concurrency = match set.concurrency {
        None => DEFAULT_CONCURRENCY,
        Some(n) => match usize::try_from(*n.get_ref()) {
            Ok(value) if (1..=MAX_CONCURRENCY).contains(n.get_ref()) => value,
            _ => {
                return Err(check.error(
                    n.span(),
                    format!("{key}.concurrency"),
                    format!(
                        "{} is outside 1 to {MAX_CONCURRENCY} (AssumeRoles and sweeps at once)",
                        n.get_ref()
                    ),
                ));
            }
        },
    };
    let mut accounts: Vec<AccountEntry> = Vec::new();
    for (index, entry) in set.account.into_iter().enumerate() {
        let key = format!("{key}.account[{index}]");
        accounts.push(one_entry(check, &key, &source, &accounts, entry)?);
    }
    Ok(AccountSet {
        name: set_name,
        source,
        regions,
        concurrency,
        accounts,
    })
}

fn one_entry(
    check: &Checker,
    key: &str,
    source: &SetSource,
    before: &[AccountEntry],
    entry: AccountFile,
) -> Result<AccountEntry, FileError> {
    let first_span = [
        entry.id.as_ref().map(|s| s.span()),
        entry.profile.as_ref().map(|s| s.span()),
        entry.name.as_ref().map(|s| s.span()),
        entry.color.as_ref().map(|s| s.span()),
    ]
    .into_iter()
    .flatten()
    .next()
    .unwrap_or(0..0);
    let account_key = match (entry.id, entry.profile) {
        (Some(_), Some(profile)) => {
            return Err(check.error(
                profile.span(),
                format!("{key}.profile"),
                "an account entry takes `id` or `profile`, not both",
            ));
        }
        (None, None) => {
            return Err(check.error(
                first_span,
                key.to_string(),
                "an account entry needs the `id` (12 digits) or the `profile` it describes",
            ));
        }
        (Some(id), None) => {
            if let SetSource::Profiles(_) = source {
                return Err(check.error(
                    id.span(),
                    format!("{key}.id"),
                    "a profiles set reaches its accounts through their profiles: name the account by `profile`",
                ));
            }
            if !is_account_id(id.get_ref()) {
                return Err(check.error(
                    id.span(),
                    format!("{key}.id"),
                    format!(
                        "`{}` is not an account id (12 digits, in quotes)",
                        id.get_ref()
                    ),
                ));
            }
            (AccountKey::Id(id.get_ref().clone()), id.span())
        }
        (None, Some(profile)) => {
            match source {
                SetSource::Profiles(profiles) if !profiles.contains(profile.get_ref()) => {
                    return Err(check.error(
                        profile.span(),
                        format!("{key}.profile"),
                        format!(
                            "profile `{}` is not in this set's `profiles`",
                            profile.get_ref()
                        ),
                    ));
                }
                SetSource::Organization { .. } => {
                    return Err(check.error(
                        profile.span(),
                        format!("{key}.profile"),
                        "an organization set reaches its accounts through the role: name the account by `id`",
                    ));
                }
                SetSource::Profiles(_) => {}
            }
            (
                AccountKey::Profile(profile.get_ref().clone()),
                profile.span(),
            )
        }
    };
    let (account_key, key_span) = account_key;
    if before.iter().any(|e| e.key == account_key) {
        return Err(check.error(
            key_span,
            key.to_string(),
            "this account is described twice in the set",
        ));
    }
    let name = match entry.name {
        Some(name) if name.get_ref().trim().is_empty() => {
            return Err(check.error(name.span(), format!("{key}.name"), "an empty name"));
        }
        Some(name) => Some(name.into_inner()),
        None => None,
    };
    let color = match entry.color {
        Some(color) => Some(Color::from_str(color.get_ref()).map_err(|_| {
            check.error(
                color.span(),
                format!("{key}.color"),
                format!(
                    "`{}` is not a colour (use a name like `red`, `#rrggbb` or 0-255)",
                    color.get_ref()
                ),
            )
        })?),
        None => None,
    };
    Ok(AccountEntry {
        key: account_key,
        name,
        color,
        production: entry.production.unwrap_or(false),
    })
}

#[cfg(test)]
#[path = "accounts_tests.rs"]
mod tests;
