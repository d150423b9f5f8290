//! Reading a recording back: every line up to the first damaged one, and the console's data
//! as it stood at any instant.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::Timestamp;

use super::{Entry, VERSION};
use crate::alarms::Alarm;
use crate::aws::Identity;
use crate::changes::Change;
use crate::health::HealthEvent;

#[derive(Debug)]
pub struct Recording {
    /// The account and region of the first session recorded (no account in older files).
    pub account: Option<String>,
    pub region: String,
    pub entries: Vec<Entry>,
    /// Where a damaged or truncated file stopped being read, in words.
    pub damage: Option<String>,
}

/// The longest line a recording may hold: a refresh of ten thousand alarms, or a page of
/// CloudTrail records, is far shorter.
pub const MAX_LINE: usize = 64 * 1024 * 1024;

/// The instants a replay can show: those its clock (nanoseconds in an i64) can hold.
fn replayable(t: Timestamp) -> bool {
    i64::try_from(t.as_nanosecond()).is_ok()
}

impl Recording {
    /// Reads `path`. A file that is not a recording at all is an error; a damaged one is
    /// read up to the damage, which `damage` describes.
    pub fn read(path: &Path) -> Result<Recording, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Recording::parse(path, &bytes)
    }

    /// A recording from its bytes; `path` names it in messages, each with a line number.
    /// Reading stops at the first line that is damaged, cut short, longer than [`MAX_LINE`],
    /// holds a time a replay cannot show, or goes back in time; `damage` says which and where.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Recording, String> {
        Recording::parse_with(path, bytes, MAX_LINE)
    }

    fn parse_with(path: &Path, bytes: &[u8], max_line: usize) -> Result<Recording, String> {
        let shown = path.display();
        let mut lines = bytes.split_inclusive(|b| *b == b'\n').enumerate();
        let first = lines.next().map(|(_, l)| l).unwrap_or_default();
        if first.len() > max_line {
            return Err(format!(
                "{shown}:1: not a warroom recording (its first line is {} bytes long)",
                first.len()
            ));
        }
        let (account, region) = match serde_json::from_slice::<Entry>(first) {
            Ok(Entry::Header {
                version,
                account,
                region,
                started,
            }) if version <= VERSION && replayable(started) => (account, region),
            Ok(Entry::Header { version, .. }) if version > VERSION => {
                return Err(format!(
                    "{shown}:1: a recording of version {version}, newer than this warroom reads ({VERSION})"
                ));
            }
            Ok(Entry::Header { started, .. }) => {
                return Err(format!(
                    "{shown}:1: the recording starts at {started}, a time a replay cannot show"
                ));
            }
            _ => {
                return Err(format!(
                    "{shown}:1: not a warroom recording (it starts without a header line)"
                ));
            }
        };
        let mut entries = Vec::new();
        let mut damage = None;
        let mut latest: Option<Timestamp> = None;
        for (n, line) in lines {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let problem = match check(line, max_line, latest) {
                Ok(entry) => {
                    if !matches!(entry, Entry::Header { .. }) {
                        latest = Some(entry.time());
                    }
                    entries.push(entry);
                    continue;
                }
                Err(problem) => problem,
            };
            let last = latest
                .map(crate::time::utc)
                .unwrap_or_else(|| "its start".into());
            damage = Some(format!(
                "{shown}:{}: {problem}; replaying up to {last}",
                n + 1
            ));
            break;
        }
        Ok(Recording {
            account,
            region,
            entries,
            damage,
        })
    }

    /// Where a replay starts: `at` (`03:05`, the last such time in the recording, or RFC 3339),
    /// else the recording's end.
    pub fn instant(&self, at: Option<&str>) -> Result<Timestamp, String> {
        let Some((start, end)) = self.span() else {
            return Err("the recording holds nothing to replay".into());
        };
        let Some(at) = at else { return Ok(end) };
        let at = crate::changes::query::parse_moment(at, end)?;
        if at < start || at > end {
            return Err(format!(
                "--at {} is outside the recording ({} to {})",
                crate::time::utc(at),
                crate::time::utc(start),
                crate::time::utc(end)
            ));
        }
        Ok(at)
    }

    /// The first and last instants recorded.
    pub fn span(&self) -> Option<(Timestamp, Timestamp)> {
        let start = self.entries.iter().map(Entry::time).min()?;
        let end = self.entries.iter().map(Entry::time).max()?;
        Some((start, end))
    }

    pub(super) fn upto(&self, at: Timestamp) -> impl Iterator<Item = &Entry> {
        self.entries.iter().take_while(move |e| e.time() <= at)
    }

    pub fn identity_at(&self, at: Timestamp) -> Option<Identity> {
        self.upto(at)
            .filter_map(|e| match e {
                Entry::Identity { identity, .. } => Some(identity.clone()),
                _ => None,
            })
            .last()
    }

    /// The alarms as the console had them at `at`; `None` before the first answer.
    pub fn alarms_at(&self, at: Timestamp) -> Option<Vec<Alarm>> {
        let mut alarms: BTreeMap<String, Alarm> = BTreeMap::new();
        let mut seen = false;
        for entry in self.upto(at) {
            if let Entry::Alarms { upsert, remove, .. } = entry {
                seen = true;
                for name in remove {
                    alarms.remove(name);
                }
                for alarm in upsert {
                    alarms.insert(alarm.name.clone(), alarm.clone());
                }
            }
        }
        seen.then(|| alarms.into_values().collect())
    }

    pub fn health_at(&self, at: Timestamp) -> Option<Vec<HealthEvent>> {
        let mut events: BTreeMap<String, HealthEvent> = BTreeMap::new();
        let mut seen = false;
        for entry in self.upto(at) {
            if let Entry::Health { upsert, remove, .. } = entry {
                seen = true;
                for arn in remove {
                    events.remove(arn);
                }
                for event in upsert {
                    events.insert(event.arn.clone(), event.clone());
                }
            }
        }
        seen.then(|| events.into_values().collect())
    }

    /// Every change recorded by `at`, newest first.
    pub fn changes_at(&self, at: Timestamp) -> Vec<Change> {
        let mut changes: Vec<Change> = self
            .upto(at)
            .filter_map(|e| match e {
                Entry::Changes {
                    changes, records, ..
                } => Some(
                    changes
                        .iter()
                        .enumerate()
                        .map(|(i, c)| Change {
                            record: records
                                .get(i)
                                .map(|r| r.as_str().into())
                                .unwrap_or_default(),
                            ..c.clone()
                        })
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .flatten()
            .collect();
        changes.sort_by_key(|c| std::cmp::Reverse(c.time));
        changes
    }
}

/// One line after the header, or what is wrong with it.
fn check(line: &[u8], max_line: usize, latest: Option<Timestamp>) -> Result<Entry, String> {
    if line.len() > max_line {
        return Err(format!(
            "a line of {} bytes, longer than a recording line may be ({max_line})",
            line.len()
        ));
    }
    let complete = line.ends_with(b"\n");
    let entry = match serde_json::from_slice::<Entry>(line) {
        Ok(entry) if complete => entry,
        _ if complete => return Err("a damaged line".into()),
        _ => return Err("the file is cut short".into()),
    };
    if let Some(bad) = times(&entry).find(|t| !replayable(*t)) {
        return Err(format!("a time a replay cannot show ({bad})"));
    }
    if let Some(latest) = latest
        && !matches!(entry, Entry::Header { .. })
        && entry.time() < latest
    {
        return Err(format!(
            "a line that goes back in time ({} after {})",
            crate::time::utc(entry.time()),
            crate::time::utc(latest)
        ));
    }
    Ok(entry)
}

/// Every instant a line holds: its own, and those of the items in it.
fn times(entry: &Entry) -> impl Iterator<Item = Timestamp> + '_ {
    let items: Box<dyn Iterator<Item = Timestamp> + '_> = match entry {
        Entry::Header { .. } | Entry::Identity { .. } => Box::new(std::iter::empty()),
        Entry::Timeline { rows, .. } => Box::new(rows.iter().map(|r| r.time)),
        Entry::Alarms { upsert, .. } => Box::new(upsert.iter().filter_map(|a| a.state_updated)),
        Entry::Changes { changes, .. } => Box::new(changes.iter().map(|c| c.time)),
        Entry::Health { upsert, .. } => Box::new(
            upsert
                .iter()
                .flat_map(|e| [e.start, e.end, e.last_updated])
                .flatten(),
        ),
    };
    std::iter::once(entry.time()).chain(items)
}

#[cfg(test)]
mod tests;
