//! Past queries, kept per account in `queries.jsonl` in the state directory: up and down in
//! the editor walk through them, and their log groups come first in the picker.

use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The most past queries the editor offers.
pub const KEEP: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastQuery {
    pub account: String,
    pub query: String,
    pub log_groups: Vec<String>,
    pub at: Timestamp,
    /// The range it covered, and how many rows it returned (absent in older lines).
    #[serde(default)]
    pub range: Option<(Timestamp, Timestamp)>,
    #[serde(default)]
    pub rows: Option<usize>,
}

pub fn default_path() -> Option<PathBuf> {
    crate::logging::state_dir().map(|d| d.join("queries.jsonl"))
}

/// Every past query in the file, oldest first; lines that do not parse are skipped (the
/// file is only a convenience, and a torn last line must not cost the rest).
pub fn load(path: &Path) -> Vec<PastQuery> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut all: Vec<PastQuery> = text
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    let excess = all.len().saturating_sub(KEEP * 4);
    all.drain(..excess);
    all
}

/// Appends one query to the file (0600, in a 0700 folder).
pub fn append(path: &Path, entry: &PastQuery) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::private::dir(dir)?;
    }
    let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
    line.push('\n');
    crate::private::append(path)?.write_all(line.as_bytes())
}

/// This account's queries, oldest first, each once (its latest use).
pub fn queries_of(all: &[PastQuery], account: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for past in all.iter().filter(|p| p.account == account) {
        out.retain(|q| *q != past.query);
        out.push(past.query.clone());
    }
    let excess = out.len().saturating_sub(KEEP);
    out.drain(..excess);
    out
}

/// This account's log groups, most recently used first.
pub fn recent_groups(all: &[PastQuery], account: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for past in all.iter().rev().filter(|p| p.account == account) {
        for group in &past.log_groups {
            if !out.contains(group) {
                out.push(group.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn past(account: &str, query: &str, groups: &[&str]) -> PastQuery {
        PastQuery {
            account: account.into(),
            query: query.into(),
            log_groups: groups.iter().map(|g| g.to_string()).collect(),
            at: Timestamp::UNIX_EPOCH,
            range: None,
            rows: None,
        }
    }

    #[test]
    fn history_is_per_account_and_survives_a_torn_line() {
        let dir = std::env::temp_dir().join(format!("warroom-history-{}", std::process::id()));
        let path = dir.join("queries.jsonl");
        let _ = std::fs::remove_file(&path);
        append(&path, &past("111", "limit 1", &["/a"])).unwrap();
        append(&path, &past("222", "limit 2", &["/b"])).unwrap();
        append(&path, &past("111", "limit 3", &["/c", "/a"])).unwrap();
        append(&path, &past("111", "limit 1", &["/a"])).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"account\":\"111\",\"que")
            .unwrap();
        let all = load(&path);
        assert_eq!(all.len(), 4);
        assert_eq!(queries_of(&all, "111"), ["limit 3", "limit 1"]);
        assert_eq!(recent_groups(&all, "111"), ["/a", "/c"]);
        assert_eq!(queries_of(&all, "222"), ["limit 2"]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
