//! The sends in progress in this process, so that a signal that stops warroom can write down
//! which commands it left in flight before the process ends.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use jiff::Timestamp;

use crate::runbook::run::audit::{AuditLog, Interrupted, Record};

struct Entry {
    key: u64,
    intent: String,
    command_id: Option<String>,
    /// A writer on the audit file that does not wait for the run holding the main one.
    writer: Option<AuditLog>,
}

static FLIGHTS: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

fn flights() -> std::sync::MutexGuard<'static, Vec<Entry>> {
    FLIGHTS.lock().unwrap_or_else(|e| e.into_inner())
}

/// A send in progress, from its intent on disk until the run ends (dropped).
pub(super) struct Flight {
    key: u64,
}

impl Flight {
    pub(super) fn begin(intent: &str, writer: Option<AuditLog>) -> Flight {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let key = NEXT.fetch_add(1, Ordering::Relaxed);
        flights().push(Entry {
            key,
            intent: intent.to_string(),
            command_id: None,
            writer,
        });
        Flight { key }
    }

    pub(super) fn sent(&self, command_id: &str) {
        if let Some(entry) = flights().iter_mut().find(|e| e.key == self.key) {
            entry.command_id = Some(command_id.to_string());
        }
    }
}

impl Drop for Flight {
    fn drop(&mut self) {
        flights().retain(|e| e.key != self.key);
    }
}

/// Writes an `interrupted` record, naming `signal`, for every send in progress, and says
/// for each what the engineer should know. The next start resumes them from those records.
pub fn interrupted(signal: i32) -> Vec<String> {
    let mut flights = flights();
    let mut notes = Vec::new();
    for entry in flights.iter_mut() {
        let record = Record::Interrupted(Interrupted {
            intent: entry.intent.clone(),
            time: Timestamp::now(),
            signal,
            command_id: entry.command_id.clone(),
        });
        let what = match &entry.command_id {
            Some(id) => format!("command {id} was running"),
            None => format!(
                "the send of intent {} had no answer yet (it may be running)",
                entry.intent
            ),
        };
        let written = match entry.writer.as_mut() {
            Some(writer) => writer
                .append(&record)
                .map(|_| writer.path().display().to_string()),
            None => Err(std::io::Error::other("no audit log to write to")),
        };
        notes.push(match written {
            Ok(path) => format!(
                "{what}: recorded in {path}; the next start shows how it ended"
            ),
            Err(e) => format!(
                "{what}, and the audit log could not record it ({e}): look for comments starting `warroom {}` in SSM Run Command history",
                entry.intent
            ),
        });
    }
    notes
}
