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
    /// The account set the Alarms pane sweeps (`--accounts`, `:accounts`); the other panes
    /// stay on this session's account and region.
    pub accounts: Option<AccountSet>,
    /// The config's account sets: the focused account's name, colour and production flag,
    /// and the accounts `:account` focuses.
    pub account_sets: Vec<AccountSet>,
    /// The profile whose credentials assume an organization account's role: the one warroom
    /// started with, or the last `:profile`.
    pub caller_profile: Option<String>,
    /// The caller's own account, once STS said it for a session that assumed no role:
    /// `:account` reaches it with the caller's credentials, as an account set does.
    pub caller_account: Option<String>,
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

    /// The focused account, once STS has said which it is.
    pub fn focused(&self) -> Option<FocusedAccount> {
        let profile = self
            .profile
            .as_deref()
            .filter(|_| self.settings.role_arn.is_none());
        Some(FocusedAccount::named(
            &self.account_sets,
            self.account()?,
            profile,
        ))
    }
}

impl FocusedAccount {
    /// Account `id` as the config names it: the first `[[accounts.*.account]]` entry with its
    /// id, else the first with `profile`, the one the credentials come from (none when they
    /// assume a role: that profile is another account's).
    pub fn named(sets: &[AccountSet], id: &str, profile: Option<&str>) -> FocusedAccount {
        let entries = || sets.iter().flat_map(|s| s.accounts.iter());
        let by_id = entries().find(|e| matches!(&e.key, AccountKey::Id(i) if i == id));
        let entry = by_id.or_else(|| {
            entries()
                .find(|e| matches!(&e.key, AccountKey::Profile(p) if Some(p.as_str()) == profile))
        });
        let name = entry.and_then(|e| match (&e.name, &e.key) {
            (Some(name), _) => Some(name.clone()),
            (None, AccountKey::Profile(p)) => Some(p.clone()),
            (None, AccountKey::Id(_)) => None,
        });
        FocusedAccount {
            id: id.to_string(),
            name,
            color: entry.and_then(|e| e.color),
            production: entry.is_some_and(|e| e.production),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{AccountEntry, SetSource};

    fn sets() -> Vec<AccountSet> {
        let entry = |key, name: Option<&str>, color, production| AccountEntry {
            key,
            name: name.map(str::to_string),
            color,
            production,
        };
        vec![AccountSet {
            name: "teams".into(),
            source: SetSource::Profiles(vec!["prod".into(), "dev".into()]),
            regions: Vec::new(),
            concurrency: 16,
            accounts: vec![
                entry(
                    AccountKey::Profile("prod".into()),
                    Some("prod-payments"),
                    Some(Color::Red),
                    true,
                ),
                entry(AccountKey::Id("222222222222".into()), None, None, false),
                entry(
                    AccountKey::Id("123456789012".into()),
                    Some("shared"),
                    Some(Color::Rgb(0, 128, 0)),
                    false,
                ),
            ],
        }]
    }

    #[test]
    fn the_account_is_named_by_its_id_entry_else_its_profile_entry() {
        let sets = sets();
        let shared = FocusedAccount::named(&sets, "123456789012", Some("prod"));
        assert_eq!(
            shared.label(),
            "shared (123456789012)",
            "the id comes first"
        );
        assert_eq!(shared.color, Some(Color::Rgb(0, 128, 0)));
        assert!(!shared.production);
        let prod = FocusedAccount::named(&sets, "999999999999", Some("prod"));
        assert_eq!(prod.label(), "prod-payments (999999999999)");
        assert!(prod.production);
        assert_eq!(prod.answer(), "prod-payments");
        let bare = FocusedAccount::named(&sets, "222222222222", None);
        assert_eq!(
            (bare.label(), bare.answer()),
            ("222222222222".into(), "222222222222")
        );
        let unknown = FocusedAccount::named(&sets, "333333333333", Some("dev"));
        assert_eq!(unknown.label(), "333333333333");
        assert!(!unknown.production && unknown.color.is_none());
    }

    #[test]
    fn an_assumed_role_is_not_named_by_the_profile_that_assumes_it() {
        let settings = SessionSettings {
            profile: Some("prod".into()),
            role_arn: Some("arn:aws:iam::333333333333:role/R".into()),
            ..SessionSettings::default()
        };
        let session = Session {
            settings,
            read_only_reason: None,
            generation: 0,
            connected: true,
            region: "us-east-1".into(),
            region_defaulted: false,
            endpoint: None,
            profile: Some("prod".into()),
            identity: Loadable::Ready(Identity {
                account: "333333333333".into(),
                arn: "arn:aws:sts::333333333333:assumed-role/R/warroom".into(),
            }),
            identity_status: SourceStatus::default(),
            accounts: None,
            account_sets: sets(),
            caller_profile: Some("prod".into()),
            caller_account: None,
        };
        let focused = session.focused().unwrap();
        assert_eq!(focused.label(), "333333333333");
        assert!(!focused.production, "prod-payments is the caller's account");
    }
}
