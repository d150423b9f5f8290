//! The one writer of an incident's journal: every record on disk before the next.

use super::*;

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
        crate::private::dirs_down_to(state_dir, dir).map_err(io(dir))?;
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
        let dir = path.parent().unwrap_or(state_dir);
        crate::private::dirs_down_to(state_dir, dir).map_err(io(dir))?;
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
    let file = crate::private::open(&mut options, path).map_err(io(path))?;
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
    let mut torn = crate::private::append(Path::new(&aside))?;
    torn.write_all(&bytes[keep..])?;
    torn.write_all(b"\n")?;
    torn.sync_data()?;
    file.set_len(keep as u64)?;
    file.sync_data()
}
