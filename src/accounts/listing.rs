//! One list over every (account, region) of a set: each item with its account and region,
//! in one order across all of them, and what could not be asked, an account at a time.

use std::cmp::Ordering;
use std::io::Write;

use serde_json::{Map, Value};

use super::fanout::Swept;
use super::target::AccountRef;

/// One item and where it lives.
#[derive(Debug)]
pub struct Placed<T> {
    pub account: AccountRef,
    pub region: String,
    pub item: T,
}

/// What could not be asked: an account in some regions, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Unanswered {
    pub account: AccountRef,
    pub regions: Vec<String>,
    pub error: String,
}

#[derive(Debug)]
pub struct Listing<T> {
    pub set: String,
    pub accounts: usize,
    pub regions: usize,
    pub items: Vec<Placed<T>>,
    pub unanswered: Vec<Unanswered>,
}

impl<T> Listing<T> {
    /// One list, `keep` applied to each (account, region)'s items, sorted by `order` (ties
    /// in the set's order); an account that failed in consecutive regions with the same
    /// error is one entry.
    pub fn gather(
        set: &str,
        targets: Vec<Swept<Result<Vec<T>, String>>>,
        mut keep: impl FnMut(Vec<T>) -> Vec<T>,
        order: impl Fn(&T, &T) -> Ordering,
    ) -> Listing<T> {
        let mut accounts: Vec<AccountRef> = Vec::new();
        let mut regions: Vec<String> = Vec::new();
        let mut items = Vec::new();
        let mut unanswered: Vec<Unanswered> = Vec::new();
        for t in targets {
            if !accounts.contains(&t.account) {
                accounts.push(t.account.clone());
            }
            if !regions.contains(&t.region) {
                regions.push(t.region.clone());
            }
            match t.answer.and_then(|answer| answer) {
                Ok(found) => items.extend(keep(found).into_iter().map(|item| Placed {
                    account: t.account.clone(),
                    region: t.region.clone(),
                    item,
                })),
                Err(error) => match unanswered.last_mut() {
                    Some(last) if last.account == t.account && last.error == error => {
                        last.regions.push(t.region);
                    }
                    _ => unanswered.push(Unanswered {
                        account: t.account,
                        regions: vec![t.region],
                        error,
                    }),
                },
            }
        }
        items.sort_by(|a, b| order(&a.item, &b.item));
        Listing {
            set: set.to_string(),
            accounts: accounts.len(),
            regions: regions.len(),
            items,
            unanswered,
        }
    }

    /// 1 when an account or region could not be asked, else 0.
    pub fn exit_code(&self) -> u8 {
        u8::from(!self.unanswered.is_empty())
    }

    /// `ACCOUNT SET demo: 4 accounts × 2 regions; {what}; 1 not answered`.
    pub fn summary(&self, what: &str) -> String {
        self.summary_with(Some(self.regions), what)
    }

    /// As [`Listing::summary`], the regions counted only when given.
    pub fn summary_with(&self, regions: Option<usize>, what: &str) -> String {
        let regions = regions
            .map(|n| format!(" × {}", count(n, "region", "regions")))
            .unwrap_or_default();
        format!(
            "ACCOUNT SET {}: {}{regions}; {what}; {} not answered",
            crate::defuse::line(&self.set),
            count(self.accounts, "account", "accounts"),
            self.unanswered.len(),
        )
    }

    /// What could not be asked, a section an account.
    pub fn write_unanswered(&self, out: &mut impl Write) -> std::io::Result<()> {
        for u in &self.unanswered {
            writeln!(out)?;
            let heading = match u.regions.is_empty() {
                true => format!("== {} ==", u.account.label()),
                false => format!("== {} · {} ==", u.account.label(), u.regions.join(", ")),
            };
            writeln!(out, "{}", crate::defuse::line(&heading))?;
            writeln!(out, "not answered")?;
            writeln!(out, "error: {}", crate::defuse::line(&u.error))?;
        }
        Ok(())
    }

    /// `{"set", KEY: [...], "unanswered": [...]}`, each item as `value` makes it with
    /// `account` ({id, name}) and `region` first.
    pub fn write_json(
        &self,
        out: &mut impl Write,
        key: &str,
        value: impl Fn(&T) -> Value,
    ) -> std::io::Result<()> {
        let mut items = Vec::new();
        for p in &self.items {
            let mut record = Map::new();
            record.insert("account".into(), serde_json::to_value(&p.account)?);
            record.insert("region".into(), Value::String(p.region.clone()));
            if let Value::Object(fields) = value(&p.item) {
                for (key, value) in fields {
                    record.entry(key).or_insert(value);
                }
            }
            items.push(Value::Object(record));
        }
        let unanswered: Vec<Value> = self
            .unanswered
            .iter()
            .map(|u| serde_json::json!({"account": u.account, "regions": u.regions, "error": u.error}))
            .collect();
        let mut whole = Map::new();
        whole.insert("set".into(), Value::String(self.set.clone()));
        whole.insert(key.into(), Value::Array(items));
        whole.insert("unanswered".into(), Value::Array(unanswered));
        crate::ui::columns::write_json(out, &Value::Object(whole))
    }
}

/// `1 account`, `4 accounts`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
