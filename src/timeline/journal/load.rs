//! Reading a journal back: every record, a torn last line set aside with a warning.

use std::path::Path;

use super::{Entry, JournalError, io};

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
    let pieces = bytes.split(|b| *b == b'\n').count();
    let lines: Vec<(usize, &[u8])> = bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .collect();
    let mut loaded = Loaded::default();
    for (n, (i, line)) in lines.iter().enumerate() {
        // A line followed by its newline was written whole: bytes that are not text in it
        // are damage, not a write cut short.
        let complete = i + 1 < pieces;
        if let (true, Err(e)) = (complete, std::str::from_utf8(line)) {
            return Err(JournalError::Malformed {
                path: path.to_path_buf(),
                line: i + 1,
                error: format!(
                    "not UTF-8 text: an invalid byte at column {}",
                    e.valid_up_to() + 1
                ),
            });
        }
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
