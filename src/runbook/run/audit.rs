//! The audit log: one JSON record per line, appended by a single writer and on disk before
//! `append` returns, so a command is sent only once its intent is written down.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::runbook::language::model::Targets;

pub const FILE_NAME: &str = "runbook-audit.jsonl";

/// `<state dir>/runbook-audit.jsonl`, beside warroom's log.
pub fn default_path() -> Option<PathBuf> {
    crate::logging::state_dir().map(|dir| dir.join(FILE_NAME))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Record {
    /// Written before SendCommand.
    Intent(Box<Intent>),
    Sent(Sent),
    /// SendCommand's answer never came: the command may be running. It is looked up (by the
    /// intent's id in its Comment) before anything of the step is sent again.
    OutcomeUnknown(OutcomeUnknown),
    /// Known not to have gone out: SSM refused it, or a lookup found no such command.
    NotSent(NotSent),
    /// warroom was stopped by a signal while the command was in flight.
    Interrupted(Interrupted),
    Finished(Finished),
    Skipped(StepEvent),
    Acknowledged(StepEvent),
}

/// What is about to be sent, where, by whom.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Intent {
    /// Links the `sent` and `finished` records to this one.
    pub id: String,
    pub time: Timestamp,
    pub runbook: String,
    /// SHA-256 of the runbook file, in hex.
    pub content_hash: String,
    pub step: String,
    pub parameters: BTreeMap<String, String>,
    pub document: String,
    pub commands: String,
    pub targets: Targets,
    pub max_concurrency: String,
    pub max_errors: String,
    pub timeout_seconds: u64,
    pub caller_arn: String,
    pub account: String,
    pub region: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    pub intent: String,
    pub time: Timestamp,
    pub command_id: String,
    /// How the CommandId was learnt when SendCommand's own answer never came (a lookup).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutcomeUnknown {
    pub intent: String,
    pub time: Timestamp,
    /// Why it is not known: the send's failure, or the lookup's.
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotSent {
    pub intent: String,
    pub time: Timestamp,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interrupted {
    pub intent: String,
    pub time: Timestamp,
    /// The signal's number: 15 SIGTERM, 1 SIGHUP, 2 SIGINT.
    pub signal: i32,
    /// Known once SendCommand answered; without it the next start looks the command up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finished {
    pub intent: String,
    pub time: Timestamp,
    pub command_id: String,
    /// The command's own status: Success, Failed, TimedOut, Cancelled…
    pub status: String,
    pub instances: Vec<InstanceStatus>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceStatus {
    pub instance_id: String,
    pub status: String,
}

/// A step skipped, or a manual step acknowledged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepEvent {
    pub time: Timestamp,
    pub runbook: String,
    pub content_hash: String,
    pub step: String,
    pub caller_arn: String,
}

/// SHA-256 of a runbook's bytes, in lowercase hex.
pub fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An id no other intent has, here or on another machine, now or after a restart:
/// milliseconds, process id, sequence and 64 random bits. SendCommand's Comment carries it.
pub fn new_intent_id(time: Timestamp) -> String {
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    format!(
        "{}-{}-{n}-{:016x}",
        time.as_millisecond(),
        std::process::id(),
        random_bits(n)
    )
}

/// Bits from the OS's random seed (std's `RandomState` keys are drawn from it).
fn random_bits(salt: u64) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(salt);
    hasher.finish()
}

/// Whether the commands of this intent carry its id in their Comment, so that a lookup can
/// find them: ids made before warroom put them there have three parts, not four.
pub fn id_is_in_comment(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() == 4 && parts[3].len() == 16 && parts[3].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The one writer of an audit file. Holding it holds an exclusive lock on the file.
#[derive(Debug)]
pub struct AuditLog {
    file: File,
    path: PathBuf,
}

impl AuditLog {
    /// Opens (or creates) the file for appending, and locks it. A last line cut short by a
    /// crash is closed off, so the next record starts on a line of its own.
    pub fn open(path: &Path) -> Result<AuditLog, String> {
        let shown = path.display();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::private::dir(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let mut options = OpenOptions::new();
        options.read(true).append(true).create(true);
        let mut file = crate::private::open(&mut options, path)
            .map_err(|e| format!("cannot open the audit log {shown}: {e}"))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(format!(
                    "another warroom is writing the audit log {shown}: only one may run runbooks at a time"
                ));
            }
            Err(TryLockError::Error(e)) => {
                return Err(format!("cannot lock the audit log {shown}: {e}"));
            }
        }
        close_torn_line(&mut file)
            .map_err(|e| format!("cannot repair the audit log {shown}: {e}"))?;
        Ok(AuditLog {
            file,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A second writer on the same open file, under the same lock: for records written while
    /// this one is busy (a signal arriving mid-command).
    pub fn share(&self) -> std::io::Result<AuditLog> {
        Ok(AuditLog {
            file: self.file.try_clone()?,
            path: self.path.clone(),
        })
    }

    /// Writes one record as one line, and returns once it is on disk.
    pub fn append(&mut self, record: &Record) -> std::io::Result<()> {
        let mut line = serde_json::to_string(record)?;
        line.push('\n');
        self.file.write_all(line.as_bytes())?;
        self.file.sync_data()
    }
}

fn close_torn_line(file: &mut File) -> std::io::Result<()> {
    if file.metadata()?.len() == 0 {
        return Ok(());
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    if last[0] != b'\n' {
        file.write_all(b"\n")?;
        file.sync_data()?;
    }
    Ok(())
}

/// Every readable record, and a warning for each line that is not one.
#[derive(Debug, Default, PartialEq)]
pub struct AuditRead {
    pub records: Vec<Record>,
    pub warnings: Vec<String>,
}

/// Reads the whole file. A missing file is an empty log.
pub fn read(path: &Path) -> std::io::Result<AuditRead> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(AuditRead::default()),
        Err(e) => return Err(e),
    };
    let mut read = AuditRead::default();
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Record>(line) {
            Ok(record) => read.records.push(record),
            Err(_) => read.warnings.push(format!(
                "{}:{}: not a complete audit record (cut short when warroom stopped?); the lines around it are kept",
                path.display(),
                i + 1
            )),
        }
    }
    Ok(read)
}

/// A command that was sent and whose end was never written: warroom stopped while it ran.
#[derive(Clone, Debug, PartialEq)]
pub struct InFlight {
    pub intent: Intent,
    pub command_id: String,
}

/// The intents with a `sent` record and no `finished` one, oldest first.
pub fn in_flight(records: &[Record]) -> Vec<InFlight> {
    let mut sent: BTreeMap<&str, &str> = BTreeMap::new();
    let mut finished: BTreeSet<&str> = BTreeSet::new();
    for record in records {
        match record {
            Record::Sent(s) => {
                sent.insert(&s.intent, &s.command_id);
            }
            Record::Interrupted(Interrupted {
                intent,
                command_id: Some(command_id),
                ..
            }) => {
                sent.entry(intent).or_insert(command_id);
            }
            Record::Finished(f) => {
                finished.insert(&f.intent);
            }
            _ => {}
        }
    }
    records
        .iter()
        .filter_map(|record| match record {
            Record::Intent(intent) if !finished.contains(intent.id.as_str()) => {
                sent.get(intent.id.as_str()).map(|command_id| InFlight {
                    intent: intent.as_ref().clone(),
                    command_id: command_id.to_string(),
                })
            }
            _ => None,
        })
        .collect()
}

mod outcome;

pub use outcome::{SendNote, Unresolved, unresolved};

#[cfg(test)]
mod tests;
