//! The session as the console holds it: the settings it was asked for, what AWS turned them
//! into (region, profile, endpoint), and who the caller is.

use crate::accounts::AccountSet;
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
}

impl Session {
    /// The caller's account, once STS has said.
    pub fn account(&self) -> Option<&str> {
        match &self.identity {
            Loadable::Ready(identity) => Some(identity.account.as_str()),
            _ => None,
        }
    }
}
