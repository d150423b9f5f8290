//! The Logs pane's state and how messages change it.

use jiff::Timestamp;

use super::chart::{BinChart, bin_chart};
use super::editor::QueryEditor;
use super::history::{self, PastQuery};
use super::model::{LogGroup, QueryRequest, QueryResult, QueryStatus, SavedQuery, Statistics};
use super::picker::{GroupPicker, SavedPicker};
use super::range::TimeRange;
use super::results::{MAX_ROWS, ResultsTable};
use super::run::{Progress, QueryError};
use super::work::LogsWork;
use crate::aws::AwsError;
use crate::kit::Loadable;
use crate::kit::cursor::{Cursor, ListPane};

/// The longest query text Logs Insights takes.
pub const MAX_QUERY_CHARS: usize = 10_000;

/// Where a query is in its life.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Starting,
    /// Too many queries run in the account; this one waits its turn.
    Queued {
        attempt: u32,
    },
    Polling(QueryStatus),
    Complete,
    /// Stopped by the user (or by leaving the pane).
    Cancelled,
    /// Failed, timed out, or refused; `malformed` when the query text is at fault.
    Failed {
        status: Option<QueryStatus>,
        message: String,
        malformed: bool,
    },
}

#[derive(Clone, Debug)]
pub struct QueryRun {
    pub req: u64,
    pub query: String,
    pub log_groups: Vec<String>,
    pub start: Timestamp,
    pub end: Timestamp,
    pub started_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    pub query_id: Option<String>,
    pub phase: Phase,
    /// None until a poll reports them, and when the service does not.
    pub statistics: Option<Statistics>,
    pub rows_so_far: usize,
}

impl QueryRun {
    pub fn active(&self) -> bool {
        matches!(
            self.phase,
            Phase::Starting | Phase::Queued { .. } | Phase::Polling(_)
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    Table,
    Chart,
}

/// One result row opened whole, and the full log event behind it.
pub struct RecordDetail {
    pub req: u64,
    pub fields: Vec<(String, String)>,
    pub record: Option<Loadable<Vec<(String, String)>>>,
    pub scroll: usize,
}

pub enum Overlay {
    Groups(Box<GroupPicker>),
    Saved(SavedPicker),
}

pub struct LogsPane {
    pub editor: QueryEditor,
    pub editing: bool,
    pub groups: Vec<String>,
    /// What the picker knows of the chosen groups (retention, for the warning).
    pub group_info: Vec<LogGroup>,
    pub range: TimeRange,
    pub run: Option<QueryRun>,
    pub results: ResultsTable,
    pub cursor: Cursor,
    pub view: View,
    /// The results as a chart over time, or why they make none: worked out once per result,
    /// not at every frame.
    pub chart: Result<BinChart, String>,
    pub detail: Option<RecordDetail>,
    pub overlay: Option<Overlay>,
    /// Saved queries from warroom's config.
    pub configured: Vec<SavedQuery>,
    /// Log groups named for alarms in config: (alarm name or glob, groups).
    pub alarm_groups: Vec<(String, Vec<String>)>,
    /// Every account's past queries, oldest first.
    pub history: Vec<PastQuery>,
    /// The account the history is read for.
    account: String,
    /// The Live Tail on screen instead of the query's results, while there is one.
    pub tail: Option<super::tail::TailView>,
    /// Lines a Live Tail keeps (`[logs] tail_lines`).
    pub tail_lines: usize,
}

impl Default for LogsPane {
    fn default() -> Self {
        LogsPane::new(Vec::new(), Vec::new(), Vec::new())
    }
}

pub const STARTER_QUERY: &str =
    "fields @timestamp, @message, @logStream\n| sort @timestamp desc\n| limit 200";

impl LogsPane {
    pub fn new(
        configured: Vec<SavedQuery>,
        alarm_groups: Vec<(String, Vec<String>)>,
        history: Vec<PastQuery>,
    ) -> LogsPane {
        LogsPane {
            editor: QueryEditor::new(STARTER_QUERY),
            editing: false,
            groups: Vec::new(),
            group_info: Vec::new(),
            range: TimeRange::default(),
            run: None,
            results: ResultsTable::default(),
            cursor: Cursor::default(),
            view: View::Table,
            chart: bin_chart(&ResultsTable::default(), ""),
            detail: None,
            overlay: None,
            configured,
            alarm_groups,
            history,
            account: String::new(),
            tail: None,
            tail_lines: super::tail::buffer::DEFAULT_LINES,
        }
    }

    pub fn from_config(config: &crate::config::LogsConfig, history: Vec<PastQuery>) -> LogsPane {
        let mut pane = LogsPane::new(config.saved.clone(), config.alarm_groups.clone(), history);
        let secs = i64::try_from(config.range.as_secs())
            .unwrap_or(3600)
            .max(60);
        pane.range = TimeRange::Last(secs);
        pane.tail_lines = config.tail_lines;
        pane
    }

    /// The account is known: its past queries are the ones up and down walk through.
    pub fn set_account(&mut self, account: &str) {
        self.account = account.to_string();
        self.editor
            .set_history(history::queries_of(&self.history, account));
    }

    pub fn recent_groups(&self) -> Vec<String> {
        history::recent_groups(&self.history, &self.account)
    }

    pub fn busy(&self) -> bool {
        self.tail.is_some()
            || self.run.as_ref().is_some_and(QueryRun::active)
            || matches!(&self.overlay, Some(Overlay::Groups(p)) if p.loading)
            || matches!(&self.overlay, Some(Overlay::Saved(p)) if p.loading)
    }

    /// Keys go to the editor or a picker rather than the keymap.
    pub fn captures_keys(&self) -> bool {
        self.editing || self.overlay.is_some()
    }

    /// Opens the selected row whole; the full event is fetched when the row points to one.
    pub fn open(&mut self, req: u64) -> Vec<LogsWork> {
        let Some(row) = self.results.row(self.cursor.selected) else {
            return Vec::new();
        };
        let pointer = row.pointer().map(str::to_string);
        self.detail = Some(RecordDetail {
            req,
            fields: row
                .cells
                .iter()
                .filter(|(f, _)| f != "@ptr")
                .cloned()
                .collect(),
            record: pointer.as_ref().map(|_| Loadable::Loading),
            scroll: 0,
        });
        pointer
            .map(|pointer| vec![LogsWork::LoadRecord { req, pointer }])
            .unwrap_or_default()
    }

    pub fn record_loaded(&mut self, req: u64, result: Result<Vec<(String, String)>, AwsError>) {
        if let Some(detail) = self.detail.as_mut().filter(|d| d.req == req) {
            detail.record = Some(match result {
                Ok(fields) => Loadable::Ready(fields),
                Err(e) => Loadable::Failed(e),
            });
        }
    }

    /// Log groups for an alarm: those named for it in config, else the last used.
    pub fn groups_for_alarm(&self, alarm: &str) -> Option<Vec<String>> {
        self.alarm_groups
            .iter()
            .find(|(pattern, _)| wildmatch::WildMatch::new(pattern).matches(alarm))
            .map(|(_, groups)| groups.clone())
    }

    /// Chosen groups kept forever: no retention policy.
    pub fn unbounded_groups(&self) -> Vec<&str> {
        self.group_info
            .iter()
            .filter(|g| g.retention_days.is_none())
            .map(|g| g.name.as_str())
            .collect()
    }
}

impl ListPane for LogsPane {
    fn cursor_mut(&mut self) -> &mut Cursor {
        match &mut self.tail {
            Some(tail) => &mut tail.cursor,
            None => &mut self.cursor,
        }
    }

    fn visible_len(&self) -> usize {
        match &self.tail {
            Some(tail) => tail.lines.len(),
            None => self.results.visible_len(),
        }
    }

    /// In Live Tail, `/` highlights rather than filters: every line stays.
    fn filter(&self) -> &str {
        match &self.tail {
            Some(tail) => &tail.highlight,
            None => self.results.filter(),
        }
    }

    fn set_filter(&mut self, text: &str) {
        if let Some(tail) = &mut self.tail {
            tail.highlight = text.to_string();
            return;
        }
        self.results.set_filter(text);
        self.cursor.reselect(None);
    }

    fn detail_scroll(&mut self) -> Option<&mut usize> {
        if let Some(tail) = &mut self.tail {
            return tail.open.as_mut().map(|(_, scroll)| scroll);
        }
        self.detail.as_mut().map(|d| &mut d.scroll)
    }

    fn close(&mut self) -> bool {
        if let Some(tail) = &mut self.tail {
            return tail.open.take().is_some();
        }
        if self.detail.take().is_some() {
            return true;
        }
        if self.view == View::Chart {
            self.view = View::Table;
            return true;
        }
        false
    }
}

mod pickers;
mod query;
