//! The Runbooks pane's state: the catalog, the open runbook with its parameters and steps,
//! and the confirmation every command passes through before it is sent.

use jiff::Timestamp;

use super::catalog::CatalogEntry;
pub use super::form::{ParamField, ParamForm};
use crate::kit::Loadable;
use crate::kit::cursor::{Cursor, ListPane};
use crate::logs::QueryResult;
use crate::runbook::language::model::{Action, Runbook};
use crate::runbook::language::params::{ParamValues, resolve_params};
use crate::runbook::run::audit::{InFlight, Unresolved};
use crate::runbook::run::confirm::Confirmation;
use crate::runbook::run::execute::LookUp;
use crate::runbook::run::execute::Resumed;
use crate::runbook::run::fleet::{Invocation, InvocationOutput};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepStatus {
    Pending,
    /// Sent (or its query started), not yet ended.
    Running,
    Succeeded,
    Failed(String),
    Skipped,
    Acknowledged,
}

impl StepStatus {
    pub fn mark(&self) -> &'static str {
        match self {
            StepStatus::Pending => "○",
            StepStatus::Running => "◐",
            StepStatus::Succeeded => "✓",
            StepStatus::Failed(_) => "✗",
            StepStatus::Skipped => "↷",
            StepStatus::Acknowledged => "✓",
        }
    }

    pub fn done(&self) -> bool {
        matches!(
            self,
            StepStatus::Succeeded | StepStatus::Skipped | StepStatus::Acknowledged
        )
    }
}

/// A command step on its way: sent, followed, finished.
#[derive(Clone, Debug)]
pub struct Execution {
    pub req: u64,
    pub sent_at: Timestamp,
    pub command_id: Option<String>,
    pub invocations: Vec<Invocation>,
    /// The command's final status (Success, Failed, TimedOut, Cancelled), once known.
    pub outcome: Option<String>,
    /// Whose full output is shown, and the output.
    pub output: Option<(String, u64, Loadable<InvocationOutput>)>,
    pub cancelling: bool,
}

#[derive(Debug)]
pub struct StepState {
    pub status: StepStatus,
    pub execution: Option<Execution>,
    /// A logs-insights step's rows.
    pub query: Option<(u64, Loadable<QueryResult>)>,
    pub attempts: u32,
    /// Its last send got no answer and could not be looked up: a retry looks it up again
    /// instead of sending.
    pub unknown: Option<LookUp>,
}

/// What waits for a yes before anything happens.
pub enum Modal {
    Send(Box<Confirmation>),
    /// CancelCommand for the running step.
    Cancel {
        step: usize,
        command_id: String,
    },
}

pub struct OpenRunbook {
    pub runbook: Runbook,
    pub content_hash: String,
    /// Shown until every parameter has a valid value.
    pub form: Option<ParamForm>,
    pub values: ParamValues,
    pub steps: Vec<StepState>,
    pub current: usize,
    pub scroll: usize,
    pub modal: Option<Modal>,
    pub aborted: bool,
}

impl OpenRunbook {
    pub fn new(runbook: Runbook, content_hash: String) -> OpenRunbook {
        let form = (!runbook.front.params.is_empty()).then(|| ParamForm::new(&runbook));
        let steps = runbook
            .steps
            .iter()
            .map(|_| StepState {
                status: StepStatus::Pending,
                execution: None,
                query: None,
                attempts: 0,
                unknown: None,
            })
            .collect();
        OpenRunbook {
            runbook,
            content_hash,
            form,
            values: ParamValues::default(),
            steps,
            current: 0,
            scroll: 0,
            modal: None,
            aborted: false,
        }
    }

    /// Takes the form's values when every one is valid; else marks the fields at fault.
    pub fn submit_form(&mut self) -> Result<(), String> {
        let Some(form) = self.form.as_mut() else {
            return Ok(());
        };
        let given: Vec<(String, String)> = form
            .fields
            .iter()
            .filter(|f| !f.input.value().is_empty())
            .map(|f| (f.name.clone(), f.input.value().to_string()))
            .collect();
        match resolve_params(&self.runbook, &given) {
            Ok(values) => {
                self.values = values;
                self.form = None;
                Ok(())
            }
            Err(errors) => {
                for field in &mut form.fields {
                    field.error = errors
                        .iter()
                        .find(|e| e.param == field.name)
                        .map(|e| e.problem.clone());
                }
                if let Some(at) = form.fields.iter().position(|f| f.error.is_some()) {
                    form.focus = at;
                }
                Err(format!("{} parameter(s) need a valid value", errors.len()))
            }
        }
    }

    pub fn step_action(&self, n: usize) -> Option<&Action> {
        self.runbook.steps.get(n).map(|s| &s.action)
    }

    /// A step runs or waits for its confirmation.
    pub fn busy(&self) -> bool {
        self.steps.iter().any(|s| s.status == StepStatus::Running)
    }

    /// Moves to the next step not done, after the current one.
    pub fn advance(&mut self) {
        if let Some(next) =
            (self.current + 1..self.steps.len()).find(|n| !self.steps[*n].status.done())
        {
            self.current = next;
        } else if self.current + 1 < self.steps.len() {
            self.current += 1;
        }
    }

    pub fn finished(&self) -> bool {
        self.steps.iter().all(|s| s.status.done())
    }
}

#[derive(Default)]
pub struct RunbooksPane {
    /// Where runbooks are looked for: `./runbooks` and the config's folders.
    pub folders: Vec<std::path::PathBuf>,
    pub entries: Vec<CatalogEntry>,
    /// Indices into `entries`: those that answer a firing alarm first, then by title.
    order: Vec<usize>,
    /// Entries (by index) that answer an alarm now in ALARM.
    suggested: Vec<usize>,
    visible: Vec<usize>,
    filter: String,
    pub cursor: Cursor,
    pub loaded: bool,
    pub load_req: Option<u64>,
    /// Folders from the config that could not be read.
    pub missing: Vec<String>,
    /// Commands in flight when warroom last stopped, from the audit log.
    pub in_flight: Vec<InFlight>,
    /// Sends whose outcome an earlier run never learnt, until looked up.
    pub unresolved: Vec<Unresolved>,
    pub audit_warnings: Vec<String>,
    /// What became of the commands in flight, once asked.
    pub resumed: Vec<(InFlight, Resumed)>,
    /// SSM was asked about them in this session (it is asked once the session is connected,
    /// whichever of the audit log and the session comes first).
    pub resume_asked: bool,
    pub open: Option<OpenRunbook>,
    /// Problems of the selected entry that does not load, shown when opened.
    pub problems: Option<(usize, usize)>,
    /// The alarms in ALARM, as the Alarms pane last told.
    pub firing: Vec<String>,
}

impl RunbooksPane {
    /// A pane that looks for runbooks in `folders`.
    pub fn looking_in(folders: Vec<std::path::PathBuf>) -> RunbooksPane {
        RunbooksPane {
            folders,
            ..Default::default()
        }
    }

    pub fn loaded(
        &mut self,
        req: u64,
        entries: Vec<CatalogEntry>,
        missing: Vec<String>,
        firing: &[String],
    ) -> bool {
        if self.load_req != Some(req) {
            return false;
        }
        self.load_req = None;
        self.entries = entries;
        self.missing = missing;
        self.loaded = true;
        self.arrange(firing);
        true
    }

    /// Orders the list again for the alarms now firing.
    pub fn arrange(&mut self, firing: &[String]) {
        self.suggested = (0..self.entries.len())
            .filter(|i| self.entries[*i].answers_any(firing))
            .collect();
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by_key(|i| (!self.suggested.contains(i), self.entries[*i].title()));
        self.order = order;
        self.refilter();
    }

    fn refilter(&mut self) {
        let filter = self.filter.to_lowercase();
        self.visible = self
            .order
            .iter()
            .copied()
            .filter(|i| {
                let e = &self.entries[*i];
                filter.is_empty()
                    || e.title().to_lowercase().contains(&filter)
                    || e.path.to_string_lossy().to_lowercase().contains(&filter)
            })
            .collect();
        self.cursor.reselect(None);
    }

    pub fn visible(&self) -> impl Iterator<Item = (usize, &CatalogEntry)> {
        self.visible.iter().map(|i| (*i, &self.entries[*i]))
    }

    pub fn is_suggested(&self, index: usize) -> bool {
        self.suggested.contains(&index)
    }

    pub fn selected(&self) -> Option<(usize, &CatalogEntry)> {
        let i = *self.visible.get(self.cursor.selected)?;
        Some((i, &self.entries[i]))
    }

    /// Opens the selected runbook; one that does not lint shows its problems instead.
    pub fn open_selected(&mut self) -> Result<(), String> {
        let Some((index, entry)) = self.selected() else {
            return Err("No runbook selected".into());
        };
        match &entry.runbook {
            Ok(runbook) => {
                self.open = Some(OpenRunbook::new(
                    runbook.clone(),
                    entry.content_hash.clone(),
                ));
                Ok(())
            }
            Err(problems) => {
                let message = format!(
                    "{} has {} problem(s): fix them, then r reloads (warroom runbook lint checks it)",
                    entry.path.display(),
                    problems.len()
                );
                self.problems = Some((index, 0));
                Err(message)
            }
        }
    }

    /// Keys go to the parameter form or a modal rather than the keymap.
    pub fn captures_keys(&self) -> bool {
        self.open
            .as_ref()
            .is_some_and(|o| o.form.is_some() || o.modal.is_some())
    }

    pub fn busy(&self) -> bool {
        self.load_req.is_some() || self.open.as_ref().is_some_and(OpenRunbook::busy)
    }
}

impl ListPane for RunbooksPane {
    fn cursor_mut(&mut self) -> &mut Cursor {
        &mut self.cursor
    }

    fn visible_len(&self) -> usize {
        self.visible.len()
    }

    fn filter(&self) -> &str {
        &self.filter
    }

    fn set_filter(&mut self, text: &str) {
        self.filter = text.to_string();
        self.refilter();
    }

    fn detail_scroll(&mut self) -> Option<&mut usize> {
        if let Some((_, scroll)) = self.problems.as_mut() {
            return Some(scroll);
        }
        self.open.as_mut().map(|o| &mut o.scroll)
    }

    fn close(&mut self) -> bool {
        if self.problems.take().is_some() {
            return true;
        }
        match &self.open {
            Some(open) if open.busy() => false,
            Some(_) => {
                self.open = None;
                true
            }
            None => false,
        }
    }
}
