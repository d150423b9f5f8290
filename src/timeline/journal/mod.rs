//! An incident: a folder in the state directory (`incidents/<name>/journal.jsonl`) holding an
//! append-only journal, one JSON record a line, each on disk before `append` returns. Notes are
//! edited and deleted by new records; the journal keeps every version and [`fold`] gives the
//! current view.

use std::fmt;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::model::{Source, TimelineEvent};

pub const INCIDENTS: &str = "incidents";
pub const JOURNAL: &str = "journal.jsonl";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Marker {
    Started,
    Detected,
    Mitigated,
    Resolved,
}

impl Marker {
    pub fn label(self) -> &'static str {
        match self {
            Marker::Started => "started",
            Marker::Detected => "detected",
            Marker::Mitigated => "mitigated",
            Marker::Resolved => "resolved",
        }
    }

    pub fn parse(text: &str) -> Option<Marker> {
        [
            Marker::Started,
            Marker::Detected,
            Marker::Mitigated,
            Marker::Resolved,
        ]
        .into_iter()
        .find(|m| m.label() == text)
    }
}

/// One line of the journal. `recorded` is when it was written; `at` is the moment it is
/// about, which can be earlier (a back-dated marker, a note about 02:58, a pinned item).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Entry {
    /// The first record.
    Started {
        recorded: Timestamp,
        at: Timestamp,
        name: String,
        account: Option<String>,
        region: Option<String>,
        who: String,
    },
    /// A marker set again replaces the earlier one (the journal keeps both).
    Marker {
        recorded: Timestamp,
        at: Timestamp,
        marker: Marker,
        who: String,
    },
    NoteAdded {
        recorded: Timestamp,
        id: String,
        at: Timestamp,
        text: String,
        who: String,
    },
    NoteEdited {
        recorded: Timestamp,
        id: String,
        text: String,
        who: String,
    },
    NoteDeleted {
        recorded: Timestamp,
        id: String,
        who: String,
    },
    /// An item of any pane, at the item's own time.
    Pinned {
        recorded: Timestamp,
        who: String,
        item: TimelineEvent,
    },
}

#[derive(Debug)]
pub enum JournalError {
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A line that is not a record, with lines after it.
    Malformed {
        path: PathBuf,
        line: usize,
        error: String,
    },
    /// A journal that does not open with `started`, or that names a note it never added.
    Inconsistent {
        path: PathBuf,
        line: usize,
        error: String,
    },
    BadName(String),
    Exists(PathBuf),
    /// No journal at this path.
    NotFound(PathBuf),
    Locked(PathBuf),
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            JournalError::Malformed { path, line, error } => write!(
                f,
                "{}:{line}: not a journal record ({error}); fix or remove that line",
                path.display()
            ),
            JournalError::Inconsistent { path, line, error } => {
                write!(f, "{}:{line}: {error}", path.display())
            }
            JournalError::BadName(name) => write!(
                f,
                "`{name}` cannot name an incident: use letters, digits, '-', '_' and '.', not starting with '.'"
            ),
            JournalError::Exists(path) => write!(
                f,
                "an incident is already journaled in {}: open it, or choose another name",
                path.display()
            ),
            JournalError::NotFound(path) => {
                let name = path
                    .parent()
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default();
                write!(
                    f,
                    "no incident named `{name}`: {} does not exist",
                    path.display()
                )
            }
            JournalError::Locked(path) => write!(
                f,
                "another warroom is writing {}: only one may write an incident's journal",
                path.display()
            ),
        }
    }
}

impl std::error::Error for JournalError {}

fn io(path: &Path) -> impl Fn(std::io::Error) -> JournalError + '_ {
    move |error| JournalError::Io {
        path: path.to_path_buf(),
        error,
    }
}

pub fn check_name(name: &str) -> Result<(), JournalError> {
    let ok = !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(JournalError::BadName(name.to_string()))
    }
}

/// `<state dir>/incidents/<name>/journal.jsonl`
pub fn journal_path(state_dir: &Path, name: &str) -> Result<PathBuf, JournalError> {
    check_name(name)?;
    Ok(state_dir.join(INCIDENTS).join(name).join(JOURNAL))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub id: String,
    pub at: Timestamp,
    pub text: String,
    pub who: String,
    /// Earlier texts, oldest first.
    pub history: Vec<String>,
}

/// The current view of an incident: its journal folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incident {
    pub name: String,
    pub account: Option<String>,
    pub region: Option<String>,
    pub started: Timestamp,
    pub detected: Option<Timestamp>,
    pub mitigated: Option<Timestamp>,
    pub resolved: Option<Timestamp>,
    pub notes: Vec<Note>,
    pub pins: Vec<TimelineEvent>,
    /// Deleted notes, kept for the record.
    pub deleted: Vec<Note>,
    next_note: usize,
}

pub fn fold(path: &Path, entries: &[Entry]) -> Result<Incident, JournalError> {
    let mut incident = match entries.first() {
        Some(Entry::Started {
            at,
            name,
            account,
            region,
            ..
        }) => Incident {
            name: name.clone(),
            account: account.clone(),
            region: region.clone(),
            started: *at,
            detected: None,
            mitigated: None,
            resolved: None,
            notes: Vec::new(),
            pins: Vec::new(),
            deleted: Vec::new(),
            next_note: 1,
        },
        _ => {
            return Err(JournalError::Inconsistent {
                path: path.to_path_buf(),
                line: 1,
                error: "a journal starts with a `started` record".into(),
            });
        }
    };
    for (i, entry) in entries.iter().enumerate().skip(1) {
        apply(&mut incident, entry).map_err(|error| JournalError::Inconsistent {
            path: path.to_path_buf(),
            line: i + 1,
            error,
        })?;
    }
    Ok(incident)
}

/// One record after the first, folded onto the view.
fn apply(incident: &mut Incident, entry: &Entry) -> Result<(), String> {
    match entry {
        Entry::Started { .. } => return Err("a second `started` record".into()),
        Entry::Marker { at, marker, .. } => match marker {
            Marker::Started => incident.started = *at,
            Marker::Detected => incident.detected = Some(*at),
            Marker::Mitigated => incident.mitigated = Some(*at),
            Marker::Resolved => incident.resolved = Some(*at),
        },
        Entry::NoteAdded {
            id, at, text, who, ..
        } => {
            if incident
                .notes
                .iter()
                .chain(&incident.deleted)
                .any(|n| n.id == *id)
            {
                return Err(format!("note {id} is added twice"));
            }
            let at_index = incident.notes.partition_point(|n| n.at <= *at);
            incident.notes.insert(
                at_index,
                Note {
                    id: id.clone(),
                    at: *at,
                    text: text.clone(),
                    who: who.clone(),
                    history: Vec::new(),
                },
            );
            incident.next_note += 1;
        }
        Entry::NoteEdited { id, text, .. } => {
            let note = incident
                .notes
                .iter_mut()
                .find(|n| n.id == *id)
                .ok_or_else(|| format!("an edit of note {id}, which is not there"))?;
            let old = std::mem::replace(&mut note.text, text.clone());
            note.history.push(old);
        }
        Entry::NoteDeleted { id, .. } => {
            let at = incident
                .notes
                .iter()
                .position(|n| n.id == *id)
                .ok_or_else(|| format!("a deletion of note {id}, which is not there"))?;
            let note = incident.notes.remove(at);
            incident.deleted.push(note);
        }
        Entry::Pinned { item, .. } => incident.pins.push(item.clone()),
    }
    Ok(())
}

pub use author::{author, remember_caller, whoami};

/// A past incident, as `incidents/*` lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub name: String,
    pub started: Option<Timestamp>,
    pub resolved: Option<Timestamp>,
    /// Why the journal could not be read, when it could not.
    pub problem: Option<String>,
}

/// Every incident in the state directory, the latest started first.
pub fn list(state_dir: &Path) -> Vec<Summary> {
    let dir = state_dir.join(INCIDENTS);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<Summary> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join(JOURNAL).is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = e.path().join(JOURNAL);
            match load(&path).and_then(|l| fold(&path, &l.entries)) {
                Ok(incident) => Summary {
                    name,
                    started: Some(incident.started),
                    resolved: incident.resolved,
                    problem: None,
                },
                Err(e) => Summary {
                    name,
                    started: None,
                    resolved: None,
                    problem: Some(e.to_string()),
                },
            }
        })
        .collect();
    out.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| a.name.cmp(&b.name)));
    out
}

/// Loads an incident's current view for reading (no lock): the view and a torn-line warning.
pub fn read(state_dir: &Path, name: &str) -> Result<(Incident, Option<String>), JournalError> {
    let path = journal_path(state_dir, name)?;
    if !path.exists() {
        return Err(JournalError::NotFound(path));
    }
    let loaded = load(&path)?;
    Ok((fold(&path, &loaded.entries)?, loaded.warning))
}

mod load;
mod times;
mod writer;

pub use load::{Loaded, load};
pub use times::{KeyTimes, events};
pub use writer::Journal;

mod author;
#[cfg(test)]
mod tests;
