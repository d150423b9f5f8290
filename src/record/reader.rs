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
    pub region: String,
    pub entries: Vec<Entry>,
    /// Where a damaged or truncated file stopped being read, in words.
    pub damage: Option<String>,
}

impl Recording {
    /// Reads `path`. A file that is not a recording at all is an error; a damaged one is
    /// read up to the damage, which `damage` describes.
    pub fn read(path: &Path) -> Result<Recording, String> {
        let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let text = String::from_utf8_lossy(&text);
        let mut lines = text.split_inclusive('\n').enumerate();
        let region = match lines
            .next()
            .map(|(_, l)| serde_json::from_str::<Entry>(l.trim()))
        {
            Some(Ok(Entry::Header {
                version, region, ..
            })) if version <= VERSION => region,
            Some(Ok(Entry::Header { version, .. })) => {
                return Err(format!(
                    "{}:1: a recording of version {version}, newer than this warroom reads ({VERSION})",
                    path.display()
                ));
            }
            _ => {
                return Err(format!(
                    "{}:1: not a warroom recording (it starts without a header line)",
                    path.display()
                ));
            }
        };
        let mut entries = Vec::new();
        let mut damage = None;
        for (n, line) in lines {
            let complete = line.ends_with('\n');
            match serde_json::from_str::<Entry>(line.trim()) {
                Ok(entry) if complete => entries.push(entry),
                _ if line.trim().is_empty() => {}
                _ => {
                    let last = entries
                        .last()
                        .map(|e: &Entry| crate::time::utc(e.time()))
                        .unwrap_or_else(|| "its start".into());
                    damage = Some(format!(
                        "{}:{}: {}; replaying up to {last}",
                        path.display(),
                        n + 1,
                        if complete {
                            "a damaged line"
                        } else {
                            "the file is cut short"
                        }
                    ));
                    break;
                }
            }
        }
        Ok(Recording {
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
        Some((self.entries.first()?.time(), self.entries.last()?.time()))
    }

    fn upto(&self, at: Timestamp) -> impl Iterator<Item = &Entry> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alarms::AlarmState;
    use crate::alarms::sample::metric_alarm;

    fn at(hm: &str) -> Timestamp {
        format!("2026-11-23T{hm}:00Z").parse().unwrap()
    }

    fn alarm(state: AlarmState, since: &str) -> Alarm {
        metric_alarm(
            "checkout-api-5xx",
            state,
            at(since),
            ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
            10.0,
        )
    }

    fn file(lines: &[Entry], tail: &str) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!(
            "warroom-replay-{}-{}.jsonl",
            std::process::id(),
            tail.len()
        ));
        let mut text: String = lines
            .iter()
            .map(|e| serde_json::to_string(e).unwrap() + "\n")
            .collect();
        text.push_str(tail);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn the_alarms_are_as_they_were_at_each_instant_and_damage_stops_the_replay_there() {
        let entries = [
            Entry::Header {
                version: VERSION,
                started: at("02:55"),
                region: "us-east-1".into(),
            },
            Entry::Alarms {
                t: at("03:00"),
                upsert: vec![alarm(AlarmState::Ok, "01:00")],
                remove: vec![],
            },
            Entry::Alarms {
                t: at("03:03"),
                upsert: vec![alarm(AlarmState::Alarm, "03:02")],
                remove: vec![],
            },
        ];
        let path = file(&entries, "{\"kind\":\"alarms\",\"t\":\"2026-11-23T03:0");
        let recording = Recording::read(&path).unwrap();
        assert_eq!(recording.alarms_at(at("02:59")), None, "nothing known yet");
        let state = |t| recording.alarms_at(at(t)).unwrap()[0].state;
        assert_eq!(state("03:01"), AlarmState::Ok);
        assert_eq!(state("03:05"), AlarmState::Alarm);
        assert_eq!(recording.instant(Some("03:01")), Ok(at("03:01")));
        assert_eq!(recording.instant(None), Ok(at("03:03")));
        assert!(
            recording
                .instant(Some("04:00"))
                .unwrap_err()
                .contains("outside the recording")
        );
        let damage = recording.damage.clone().unwrap();
        assert!(
            damage.ends_with(":4: the file is cut short; replaying up to 2026-11-23 03:03:00 UTC"),
            "{damage}"
        );
        let _ = std::fs::remove_file(&path);
        let path = file(&[], "not json\n");
        assert!(
            Recording::read(&path)
                .unwrap_err()
                .contains(":1: not a warroom recording")
        );
        let _ = std::fs::remove_file(&path);
    }
}
