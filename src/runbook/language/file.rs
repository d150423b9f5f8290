//! Finding and reading runbook files.

use std::path::{Path, PathBuf};

use super::error::RunbookError;
use super::lint::lint;
use super::model::{Position, Runbook};

/// Reads and lints a runbook; it is returned only if it has no problem.
pub fn load(path: &Path) -> Result<Runbook, Vec<RunbookError>> {
    let source = read(path).map_err(|e| vec![e])?;
    let (runbook, problems) = lint(path, &source);
    if problems.is_empty() {
        Ok(runbook)
    } else {
        Err(problems)
    }
}

/// The file's text, or an error at 1:1 saying why it cannot be read.
pub fn read(path: &Path) -> Result<String, RunbookError> {
    let start = Position { line: 1, column: 1 };
    let bytes = std::fs::read(path)
        .map_err(|e| RunbookError::new(path, start, format!("cannot read the runbook: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let (line, column) = crate::config::line_col(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            usize::MAX,
        );
        RunbookError::new(
            path,
            Position { line, column },
            "the runbook is not UTF-8 text: save it as UTF-8",
        )
    })
}

/// The runbooks under each path: a file as given, a folder's `*.md` files at any depth,
/// sorted. A path that does not exist is an error.
pub fn find(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.is_dir() {
            let mut inside = Vec::new();
            walk(path, &mut inside).map_err(|e| format!("{}: {e}", path.display()))?;
            inside.sort();
            found.extend(inside);
        } else {
            found.push(path.clone());
        }
    }
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    Ok(())
}
