//! Account sets: many accounts and regions swept at once, each through its own credentials
//! and sources, at most a set's `concurrency` calls at once.

pub mod alarms;
pub mod aws;
pub mod changes;
pub mod console;
pub mod fanout;
pub mod focus;
pub mod health;
pub mod listing;
pub mod place;
pub mod session_name;
pub mod set;
pub mod sweep;
pub mod target;
pub mod timeline;
pub mod triage;

pub use set::{AccountEntry, AccountKey, AccountSet, SetSource};

/// The set named `name`, or the sentence that says which sets there are.
pub fn find<'a>(sets: &'a [AccountSet], name: &str) -> Result<&'a AccountSet, String> {
    if let Some(set) = sets.iter().find(|s| s.name == name) {
        return Ok(set);
    }
    let known: Vec<&str> = sets.iter().map(|s| s.name.as_str()).collect();
    Err(if known.is_empty() {
        format!(
            "no account set named `{name}`: the config defines none (add an [accounts.{name}] section; see README, Accounts)"
        )
    } else {
        format!(
            "no account set named `{name}` (the config defines: {})",
            known.join(", ")
        )
    })
}
