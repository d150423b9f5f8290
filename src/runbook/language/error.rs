//! A problem in a runbook file, named by file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use super::model::Position;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunbookError {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl RunbookError {
    pub fn new(file: &Path, at: Position, message: impl Into<String>) -> Self {
        RunbookError {
            file: file.to_path_buf(),
            line: at.line,
            column: at.column,
            message: message.into(),
        }
    }

    pub fn position(&self) -> Position {
        Position {
            line: self.line,
            column: self.column,
        }
    }
}

impl fmt::Display for RunbookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

impl std::error::Error for RunbookError {}

/// Where a byte offset of the file falls.
pub fn position(source: &str, offset: usize) -> Position {
    let (line, column) = crate::config::line_col(source, offset);
    Position { line, column }
}

/// Collects problems as a file is read, each at a byte offset of the whole file.
pub struct Problems<'a> {
    pub file: &'a Path,
    pub source: &'a str,
    pub found: Vec<RunbookError>,
}

impl<'a> Problems<'a> {
    pub fn new(file: &'a Path, source: &'a str) -> Self {
        Problems {
            file,
            source,
            found: Vec::new(),
        }
    }

    pub fn at(&self, offset: usize) -> Position {
        position(self.source, offset)
    }

    pub fn add(&mut self, offset: usize, message: impl Into<String>) {
        let at = self.at(offset);
        self.add_at(at, message);
    }

    pub fn add_at(&mut self, at: Position, message: impl Into<String>) {
        self.found
            .push(RunbookError::new(self.file, at, message.into()));
    }
}
