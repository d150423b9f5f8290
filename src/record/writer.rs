//! The recorder: a thread that turns what the console received into lines of what changed,
//! and appends them, so the console never waits on the disk.

use std::collections::{HashMap, HashSet};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};

use jiff::Timestamp;

use super::{Entry, Observed, VERSION};
use crate::alarms::Alarm;
use crate::health::HealthEvent;

/// Where the console sends what it received; dropping it ends the recording.
pub struct Recorder {
    tx: Sender<(Timestamp, Observed)>,
    writer: Option<std::thread::JoinHandle<()>>,
}

impl Recorder {
    /// Starts recording to `path` (appending when it exists; a new file is 0600). The header
    /// line waits for the caller identity, so that it names the account and the region the
    /// session resolved; it is written without them when no identity comes in time.
    pub fn start(path: &Path, region: &str, now: Timestamp) -> Result<Recorder, String> {
        let file = crate::private::append(path)
            .map_err(|e| format!("cannot record to {}: {e}", path.display()))?;
        let out = BufWriter::new(file);
        let header = Header {
            started: now,
            account: None,
            region: region.to_string(),
        };
        let (tx, rx) = channel();
        let shown = path.display().to_string();
        let writer = std::thread::spawn(move || {
            if let Err(e) = run(rx, out, header) {
                tracing::warn!(file = %shown, "the recording stopped: {e}");
            }
        });
        Ok(Recorder {
            tx,
            writer: Some(writer),
        })
    }

    pub fn observe(&self, at: Timestamp, observed: Observed) {
        let _ = self.tx.send((at, observed));
    }

    /// Ends the recording once every line is written.
    pub fn finish(mut self) {
        let (tx, _) = channel();
        drop(std::mem::replace(&mut self.tx, tx));
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

fn write(out: &mut impl Write, entry: &Entry) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, entry)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Items added or changed since `last`, and the keys of those gone; `last` becomes `now`.
fn delta<T: Clone + PartialEq>(
    last: &mut HashMap<String, T>,
    now: Vec<T>,
    key: impl Fn(&T) -> &str,
) -> (Vec<T>, Vec<String>) {
    let keys: HashSet<String> = now.iter().map(|i| key(i).to_string()).collect();
    let mut remove: Vec<String> = last
        .keys()
        .filter(|k| !keys.contains(*k))
        .cloned()
        .collect();
    remove.sort();
    let upsert: Vec<T> = now
        .iter()
        .filter(|item| last.get(key(item)) != Some(item))
        .cloned()
        .collect();
    *last = now.into_iter().map(|i| (key(&i).to_string(), i)).collect();
    (upsert, remove)
}

/// The header as known so far.
struct Header {
    started: Timestamp,
    account: Option<String>,
    region: String,
}

/// Lines held back for the header: at most this many, over at most this long.
const HOLD_LINES: usize = 16;
const HOLD_FOR: jiff::SignedDuration = jiff::SignedDuration::from_secs(30);

/// Lines held until the header can be written, then written through.
struct Lines<W: Write> {
    out: W,
    header: Option<Header>,
    held: Vec<Entry>,
}

impl<W: Write> Lines<W> {
    /// Writes the header (once) and every held line.
    fn release(&mut self) -> std::io::Result<()> {
        if let Some(h) = self.header.take() {
            let header = Entry::Header {
                version: VERSION,
                started: h.started,
                account: h.account,
                region: h.region,
            };
            write(&mut self.out, &header)?;
        }
        for entry in std::mem::take(&mut self.held) {
            write(&mut self.out, &entry)?;
        }
        Ok(())
    }

    fn push(&mut self, entry: Entry) -> std::io::Result<()> {
        match &self.header {
            None => write(&mut self.out, &entry),
            Some(h) => {
                let late = entry.time().duration_since(h.started) > HOLD_FOR;
                self.held.push(entry);
                if late || self.held.len() >= HOLD_LINES {
                    self.release()?;
                }
                Ok(())
            }
        }
    }
}

fn run(
    rx: Receiver<(Timestamp, Observed)>,
    out: impl Write,
    header: Header,
) -> std::io::Result<()> {
    let mut lines = Lines {
        out,
        header: Some(header),
        held: Vec::new(),
    };
    let mut alarms: HashMap<String, Alarm> = HashMap::new();
    let mut health: HashMap<String, HealthEvent> = HashMap::new();
    let mut changes: HashSet<String> = HashSet::new();
    let mut rows: HashMap<String, crate::timeline::TimelineEvent> = HashMap::new();
    let mut identity = None;
    for (t, observed) in rx {
        let entry = match observed {
            Observed::Identity {
                identity: id,
                region,
            } => {
                if let Some(h) = &mut lines.header {
                    h.account = Some(id.account.clone());
                    if !region.is_empty() {
                        h.region = region;
                    }
                    lines.release()?;
                }
                if identity.as_ref() == Some(&id) {
                    continue;
                }
                identity = Some(id.clone());
                Entry::Identity { t, identity: id }
            }
            Observed::Alarms(now) => {
                let (upsert, remove) = delta(&mut alarms, now, |a| a.name.as_str());
                if upsert.is_empty() && remove.is_empty() {
                    continue;
                }
                Entry::Alarms { t, upsert, remove }
            }
            Observed::Health(now) => {
                let (upsert, remove) = delta(&mut health, now, |e| e.arn.as_str());
                if upsert.is_empty() && remove.is_empty() {
                    continue;
                }
                Entry::Health { t, upsert, remove }
            }
            Observed::Timeline(now) => {
                let new: Vec<_> = now
                    .into_iter()
                    .filter(|row| rows.get(&row.key) != Some(row))
                    .collect();
                if new.is_empty() {
                    continue;
                }
                rows.extend(new.iter().map(|r| (r.key.clone(), r.clone())));
                Entry::Timeline { t, rows: new }
            }
            Observed::Changes(page) => {
                let new: Vec<_> = page
                    .into_iter()
                    .filter(|c| changes.insert(c.id.clone()))
                    .collect();
                if new.is_empty() {
                    continue;
                }
                let records = new.iter().map(|c| c.record.to_string()).collect();
                Entry::Changes {
                    t,
                    changes: new,
                    records,
                }
            }
        };
        lines.push(entry)?;
    }
    lines.release()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alarms::AlarmState;
    use crate::alarms::sample::generate;

    #[test]
    fn an_hour_of_a_thousand_alarms_every_30s_stays_under_20_mb() {
        let dir = std::env::temp_dir().join(format!("warroom-rec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("budget.jsonl");
        let _ = std::fs::remove_file(&path);
        let start: Timestamp = "2026-11-23T02:00:00Z".parse().unwrap();
        let recorder = Recorder::start(&path, "us-east-1", start).unwrap();
        let mut alarms = generate(1000, start);
        for refresh in 0..120 {
            let at = start + jiff::SignedDuration::from_secs(30 * refresh);
            // A busy hour: twenty alarms change state at every refresh.
            for n in 0..20 {
                let alarm = &mut alarms[(refresh as usize * 37 + n * 53) % 1000];
                alarm.state = if alarm.state == AlarmState::Alarm {
                    AlarmState::Ok
                } else {
                    AlarmState::Alarm
                };
                alarm.state_updated = Some(at);
            }
            recorder.observe(at, Observed::Alarms(alarms.clone()));
        }
        recorder.finish();
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(size < 20 * 1024 * 1024, "{size} bytes");
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        assert_eq!(lines, 121, "a header, then one line a refresh");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_header_waits_for_the_identity_and_names_its_account_and_region() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rec.jsonl");
        let start: Timestamp = "2026-11-23T02:00:00Z".parse().unwrap();
        let recorder = Recorder::start(&path, "", start).unwrap();
        recorder.observe(start, Observed::Alarms(generate(2, start)));
        let identity = crate::aws::Identity {
            account: "123456789012".into(),
            arn: "arn:aws:iam::123456789012:user/alice".into(),
        };
        let region = "eu-west-1".to_string();
        recorder.observe(start, Observed::Identity { identity, region });
        recorder.finish();
        let lines: Vec<Entry> = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[0],
            Entry::Header {
                version: VERSION,
                started: start,
                account: Some("123456789012".into()),
                region: "eu-west-1".into(),
            }
        );
        assert!(matches!(lines[1], Entry::Alarms { .. }));
        assert!(matches!(lines[2], Entry::Identity { .. }));
    }
}
