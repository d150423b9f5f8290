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

/// Every record before a torn last line, and the warning that says it was torn.
#[derive(Debug, Default, PartialEq)]
pub struct Loaded {
    pub entries: Vec<Entry>,
    pub warning: Option<String>,
}

/// Reads a journal. A last line that is not a record (warroom stopped while writing it)
/// is left out with a warning naming file and line; a bad line before the last is an error.
pub fn load(path: &Path) -> Result<Loaded, JournalError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    let lines: Vec<(usize, &[u8])> = bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .collect();
    let mut loaded = Loaded::default();
    for (n, (i, line)) in lines.iter().enumerate() {
        match serde_json::from_slice::<Entry>(line) {
            Ok(entry) => loaded.entries.push(entry),
            Err(e) if n + 1 == lines.len() => {
                loaded.warning = Some(format!(
                    "{}:{}: the last line is not a complete record ({e}); it was cut short when warroom stopped, and everything before it is loaded",
                    path.display(),
                    i + 1
                ));
            }
            Err(e) => {
                return Err(JournalError::Malformed {
                    path: path.to_path_buf(),
                    line: i + 1,
                    error: e.to_string(),
                });
            }
        }
    }
    Ok(loaded)
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

/// Who writes: `$USER`, else `unknown`.
pub fn whoami() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The one writer of an incident's journal. Holding it holds an exclusive lock on the file.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
    incident: Incident,
    who: String,
    /// Records in the file, for the line number of an error.
    lines: usize,
}

impl Journal {
    /// Opens a new incident: creates its folder and its `started` record.
    pub fn start(
        state_dir: &Path,
        name: &str,
        at: Timestamp,
        account: Option<String>,
        region: Option<String>,
        who: &str,
    ) -> Result<Journal, JournalError> {
        let path = journal_path(state_dir, name)?;
        let dir = path.parent().unwrap_or(state_dir);
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let mut file = match open_locked(&path, true) {
            Err(JournalError::Io { error, .. })
                if error.kind() == std::io::ErrorKind::AlreadyExists =>
            {
                return Err(JournalError::Exists(dir.to_path_buf()));
            }
            other => other?,
        };
        let started = Entry::Started {
            recorded: Timestamp::now(),
            at,
            name: name.to_string(),
            account,
            region,
            who: who.to_string(),
        };
        write_entry(&mut file, &started).map_err(io(&path))?;
        let incident = fold(&path, std::slice::from_ref(&started))?;
        Ok(Journal {
            file,
            path,
            incident,
            who: who.to_string(),
            lines: 1,
        })
    }

    /// Opens an incident's journal to write to it. A torn last line is moved aside to
    /// `journal.jsonl.torn` so the next record starts on a line of its own; the warning says so.
    pub fn open(
        state_dir: &Path,
        name: &str,
        who: &str,
    ) -> Result<(Journal, Option<String>), JournalError> {
        let path = journal_path(state_dir, name)?;
        if !path.exists() {
            return Err(JournalError::NotFound(path));
        }
        let mut file = open_locked(&path, false)?;
        let loaded = load(&path)?;
        if loaded.warning.is_some() {
            cut_torn_tail(&mut file, &path).map_err(io(&path))?;
        }
        let incident = fold(&path, &loaded.entries)?;
        Ok((
            Journal {
                file,
                path,
                incident,
                who: who.to_string(),
                lines: loaded.entries.len(),
            },
            loaded.warning,
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The current view, with every record written so far.
    pub fn incident(&self) -> &Incident {
        &self.incident
    }

    fn append(&mut self, entry: Entry) -> Result<(), JournalError> {
        // A record that does not fold (an edit of a note that is not there) never reaches disk.
        let mut next = self.incident.clone();
        apply(&mut next, &entry).map_err(|error| JournalError::Inconsistent {
            path: self.path.clone(),
            line: self.lines + 1,
            error,
        })?;
        write_entry(&mut self.file, &entry).map_err(io(&self.path))?;
        self.incident = next;
        self.lines += 1;
        Ok(())
    }

    pub fn mark(&mut self, marker: Marker, at: Timestamp) -> Result<(), JournalError> {
        self.append(Entry::Marker {
            recorded: Timestamp::now(),
            at,
            marker,
            who: self.who.clone(),
        })
    }

    /// Adds a note at `at` (now, or a typed time); returns its id.
    pub fn add_note(&mut self, at: Timestamp, text: &str) -> Result<String, JournalError> {
        let id = format!("n{}", self.incident.next_note);
        self.append(Entry::NoteAdded {
            recorded: Timestamp::now(),
            id: id.clone(),
            at,
            text: text.to_string(),
            who: self.who.clone(),
        })?;
        Ok(id)
    }

    pub fn edit_note(&mut self, id: &str, text: &str) -> Result<(), JournalError> {
        self.append(Entry::NoteEdited {
            recorded: Timestamp::now(),
            id: id.to_string(),
            text: text.to_string(),
            who: self.who.clone(),
        })
    }

    pub fn delete_note(&mut self, id: &str) -> Result<(), JournalError> {
        self.append(Entry::NoteDeleted {
            recorded: Timestamp::now(),
            id: id.to_string(),
            who: self.who.clone(),
        })
    }

    /// Pins an item of any pane into the timeline, at the item's own time.
    pub fn pin(&mut self, item: TimelineEvent) -> Result<(), JournalError> {
        self.append(Entry::Pinned {
            recorded: Timestamp::now(),
            who: self.who.clone(),
            item,
        })
    }
}

/// Opens for appending and takes the writer's lock; `new` refuses a file that exists.
fn open_locked(path: &Path, new: bool) -> Result<File, JournalError> {
    let mut options = OpenOptions::new();
    options.read(true).append(true);
    if new {
        options.create_new(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path).map_err(io(path))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(JournalError::Locked(path.to_path_buf())),
        Err(TryLockError::Error(e)) => Err(io(path)(e)),
    }
}

fn write_entry(file: &mut File, entry: &Entry) -> std::io::Result<()> {
    let mut line = serde_json::to_string(entry)?;
    line.push('\n');
    file.write_all(line.as_bytes())?;
    file.sync_data()
}

/// Moves the bytes after the last complete line to `<journal>.torn` and cuts them off.
fn cut_torn_tail(file: &mut File, path: &Path) -> std::io::Result<()> {
    let mut bytes = Vec::new();
    file.seek(SeekFrom::Start(0))?;
    file.read_to_end(&mut bytes)?;
    let trimmed = bytes.trim_ascii_end();
    let keep = match trimmed.iter().rposition(|b| *b == b'\n') {
        Some(i) => i + 1,
        None => 0,
    };
    let mut aside = path.as_os_str().to_owned();
    aside.push(".torn");
    let mut torn = OpenOptions::new().create(true).append(true).open(aside)?;
    torn.write_all(&bytes[keep..])?;
    torn.write_all(b"\n")?;
    torn.sync_data()?;
    file.set_len(keep as u64)?;
    file.sync_data()
}

/// Notes, markers and pins as timeline rows.
pub fn events(incident: &Incident) -> Vec<TimelineEvent> {
    let mut rows = Vec::new();
    for (marker, at) in [
        (Marker::Started, Some(incident.started)),
        (Marker::Detected, incident.detected),
        (Marker::Mitigated, incident.mitigated),
        (Marker::Resolved, incident.resolved),
    ] {
        if let Some(at) = at {
            rows.push(TimelineEvent {
                time: at,
                source: Source::Marker,
                what: format!("incident {} {}", incident.name, marker.label()),
                who: String::new(),
                detail: String::new(),
                risky: false,
                key: format!("marker:{}:{}", incident.name, marker.label()),
            });
        }
    }
    for note in &incident.notes {
        // The id is what `:note edit ID` and `:note delete ID` take.
        let edited = match note.history.len() {
            0 => format!("note {}", note.id),
            n => format!("note {}, edited {n} time(s)", note.id),
        };
        rows.push(TimelineEvent {
            time: note.at,
            source: Source::Note,
            what: note.text.clone(),
            who: note.who.clone(),
            detail: edited,
            risky: false,
            key: format!("note:{}:{}", incident.name, note.id),
        });
    }
    rows.extend(incident.pins.iter().cloned());
    rows.sort_by_key(|r| r.time);
    rows
}

/// Key times and durations for the postmortem's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyTimes {
    pub started: Timestamp,
    pub detected: Option<Timestamp>,
    /// Whether `detected` comes from the first alarm to fire, not a marker.
    pub detected_by_alarm: Option<String>,
    pub mitigated: Option<Timestamp>,
    pub resolved: Option<Timestamp>,
}

impl KeyTimes {
    /// Detected marker, else the first alarm transition to ALARM at or after the start.
    pub fn derive(incident: &Incident, events: &[TimelineEvent]) -> KeyTimes {
        let (detected, by) = match incident.detected {
            Some(at) => (Some(at), None),
            None => match events
                .iter()
                .filter(|e| e.is_alarm_firing() && e.time >= incident.started)
                .min_by_key(|e| e.time)
            {
                Some(e) => (Some(e.time), Some(e.what.clone())),
                None => (None, None),
            },
        };
        KeyTimes {
            started: incident.started,
            detected,
            detected_by_alarm: by,
            mitigated: incident.mitigated,
            resolved: incident.resolved,
        }
    }

    pub fn time_to_detect(&self) -> Option<SignedDuration> {
        self.detected.map(|d| d.duration_since(self.started))
    }

    pub fn time_to_mitigate(&self) -> Option<SignedDuration> {
        self.mitigated.map(|m| m.duration_since(self.started))
    }

    pub fn time_to_resolve(&self) -> Option<SignedDuration> {
        self.resolved.map(|r| r.duration_since(self.started))
    }
}

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

#[cfg(test)]
mod tests;
