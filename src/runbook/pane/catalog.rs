//! The runbooks the console offers: every `*.md` under `./runbooks` and the configured
//! folders, each loaded and linted, kept with its text's hash for the audit log.

use std::path::{Path, PathBuf};

use crate::runbook::language::model::Runbook;
use crate::runbook::run::audit::content_hash;
use crate::runbook::{RunbookError, lint, read};

#[derive(Clone, Debug)]
pub struct CatalogEntry {
    pub path: PathBuf,
    /// The runbook, or every problem that keeps it from running.
    pub runbook: Result<Runbook, Vec<RunbookError>>,
    /// SHA-256 of the file as loaded.
    pub content_hash: String,
}

impl CatalogEntry {
    pub fn title(&self) -> String {
        match &self.runbook {
            Ok(runbook) => runbook.title.clone(),
            Err(_) => self
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }

    /// Whether it answers one of these alarms (names of alarms now in ALARM).
    pub fn answers_any(&self, firing: &[String]) -> bool {
        self.runbook
            .as_ref()
            .is_ok_and(|r| firing.iter().any(|alarm| r.answers(alarm)))
    }
}

pub fn load_entry(path: &Path) -> CatalogEntry {
    let runbook = read(path).map(|text| (content_hash(text.as_bytes()), text));
    match runbook {
        Ok((hash, text)) => {
            let (runbook, problems) = lint(path, &text);
            CatalogEntry {
                path: path.to_path_buf(),
                runbook: if problems.is_empty() {
                    Ok(runbook)
                } else {
                    Err(problems)
                },
                content_hash: hash,
            }
        }
        Err(e) => CatalogEntry {
            path: path.to_path_buf(),
            runbook: Err(vec![e]),
            content_hash: String::new(),
        },
    }
}

/// Every runbook under the folders that exist, in path order; folders that do not exist are
/// skipped (the config may name one that is not there on this machine) and named in the
/// second value.
pub fn load(folders: &[PathBuf]) -> (Vec<CatalogEntry>, Vec<String>) {
    let mut entries: Vec<CatalogEntry> = Vec::new();
    let mut missing = Vec::new();
    for folder in folders {
        match crate::runbook::find(std::slice::from_ref(folder)) {
            Ok(paths) => {
                for path in paths {
                    if !entries.iter().any(|e| e.path == path) {
                        entries.push(load_entry(&path));
                    }
                }
            }
            Err(e) => missing.push(e),
        }
    }
    (entries, missing)
}
