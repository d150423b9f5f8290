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
    Groups(GroupPicker),
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
        }
    }

    pub fn from_config(config: &crate::config::LogsConfig, history: Vec<PastQuery>) -> LogsPane {
        let mut pane = LogsPane::new(config.saved.clone(), config.alarm_groups.clone(), history);
        let secs = i64::try_from(config.range.as_secs())
            .unwrap_or(3600)
            .max(60);
        pane.range = TimeRange::Last(secs);
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
        self.run.as_ref().is_some_and(QueryRun::active)
            || matches!(&self.overlay, Some(Overlay::Groups(p)) if p.loading)
            || matches!(&self.overlay, Some(Overlay::Saved(p)) if p.loading)
    }

    /// Keys go to the editor or a picker rather than the keymap.
    pub fn captures_keys(&self) -> bool {
        self.editing || self.overlay.is_some()
    }

    /// Starts the query in the editor over the chosen groups; a running one is stopped.
    pub fn start(&mut self, req: u64, now: Timestamp) -> Result<Vec<LogsWork>, String> {
        let query = self.editor.text().trim().to_string();
        if query.is_empty() {
            return Err("The query is empty: press e to write one, or Q for a saved one".into());
        }
        if query.chars().count() > MAX_QUERY_CHARS {
            return Err(format!(
                "The query is longer than Logs Insights takes ({MAX_QUERY_CHARS} characters)"
            ));
        }
        if self.groups.is_empty() {
            return Err("Choose log groups first: press l".into());
        }
        let mut effects = self.stop();
        let (start, end) = self.range.resolve(now);
        self.run = Some(QueryRun {
            req,
            query: query.clone(),
            log_groups: self.groups.clone(),
            start,
            end,
            started_at: now,
            finished_at: None,
            query_id: None,
            phase: Phase::Starting,
            statistics: None,
            rows_so_far: 0,
        });
        self.editing = false;
        self.editor.remember(&query);
        effects.push(LogsWork::Run {
            req,
            request: QueryRequest {
                log_groups: self.groups.clone(),
                query,
                start,
                end,
                limit: None,
            },
        });
        Ok(effects)
    }

    /// Stops the running query, if any: its polling ends and AWS is told (StopQuery).
    pub fn stop(&mut self) -> Vec<LogsWork> {
        match self.run.as_mut() {
            Some(run) if run.active() => {
                run.phase = Phase::Cancelled;
                vec![LogsWork::Stop {
                    query_id: run.query_id.clone(),
                }]
            }
            _ => Vec::new(),
        }
    }

    pub fn progress(&mut self, req: u64, progress: Progress) {
        let Some(run) = self.run.as_mut().filter(|r| r.req == req && r.active()) else {
            return;
        };
        match progress {
            Progress::Queued { attempt } => run.phase = Phase::Queued { attempt },
            Progress::Started { query_id } => {
                run.query_id = Some(query_id);
                run.phase = Phase::Polling(QueryStatus::Scheduled);
            }
            Progress::Polled {
                status,
                statistics,
                rows,
            } => {
                run.phase = Phase::Polling(status);
                run.statistics = statistics;
                run.rows_so_far = rows;
            }
        }
    }

    /// The query ended; a completed one is remembered (the effect writes it to the history).
    pub fn finished(
        &mut self,
        req: u64,
        result: Result<QueryResult, QueryError>,
        now: Timestamp,
    ) -> Vec<LogsWork> {
        let Some(run) = self.run.as_mut().filter(|r| r.req == req && r.active()) else {
            return Vec::new();
        };
        run.finished_at = Some(now);
        match result {
            Ok(result) => {
                let past = PastQuery {
                    account: self.account.clone(),
                    query: run.query.clone(),
                    log_groups: run.log_groups.clone(),
                    at: run.started_at,
                    range: Some((run.start, run.end)),
                    rows: Some(result.rows.len().min(MAX_ROWS)),
                };
                self.history.push(past.clone());
                self.complete(result);
                vec![LogsWork::Remember { past }]
            }
            Err(e) => {
                let (status, malformed) = match &e {
                    QueryError::Ended { status, .. } => (Some(*status), false),
                    QueryError::Aws(aws) => {
                        (None, aws.code.as_deref() == Some("MalformedQueryException"))
                    }
                };
                run.phase = Phase::Failed {
                    status,
                    message: e.to_string(),
                    malformed,
                };
                Vec::new()
            }
        }
    }

    fn complete(&mut self, mut result: QueryResult) {
        let Some(run) = self.run.as_mut() else { return };
        result.rows.truncate(MAX_ROWS);
        run.statistics = result.statistics_reported.then_some(result.statistics);
        run.rows_so_far = result.rows.len();
        run.phase = Phase::Complete;
        self.results = ResultsTable::new(result);
        self.chart = bin_chart(&self.results, &run.query);
        self.cursor = Cursor::default();
        self.detail = None;
    }

    /// StopQuery answered; a failure is told at the query.
    pub fn stopped(&mut self, query_id: Option<String>, result: Result<(), AwsError>) {
        let Err(e) = result else { return };
        if let Some(run) = self
            .run
            .as_mut()
            .filter(|r| r.query_id == query_id && r.phase == Phase::Cancelled)
        {
            run.phase = Phase::Failed {
                status: None,
                message: format!("Could not stop the query: {}", e.message),
                malformed: false,
            };
        }
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

    pub fn open_groups(&mut self, req: u64) -> Vec<LogsWork> {
        let picker = GroupPicker::new(self.groups.clone(), self.recent_groups());
        self.overlay = Some(Overlay::Groups(picker));
        vec![LogsWork::LoadGroups { req, prefix: None }]
    }

    pub fn groups_loaded(&mut self, result: Result<Vec<LogGroup>, AwsError>) {
        if let Some(Overlay::Groups(picker)) = &mut self.overlay {
            match result {
                Ok(groups) => picker.add(groups),
                Err(e) => picker.failed(e.message),
            }
        }
    }

    /// The picker's choice becomes the query's log groups.
    pub fn choose_groups(&mut self) {
        if let Some(Overlay::Groups(picker)) = self.overlay.take() {
            self.group_info = picker
                .chosen
                .iter()
                .filter_map(|name| {
                    (0..picker.len())
                        .filter_map(|n| picker.get(n))
                        .find(|g| &g.name == name)
                        .cloned()
                })
                .collect();
            self.groups = picker.chosen;
        }
    }

    pub fn open_saved(&mut self, req: u64) -> Vec<LogsWork> {
        self.overlay = Some(Overlay::Saved(SavedPicker {
            items: self.configured.clone(),
            loading: true,
            ..SavedPicker::default()
        }));
        vec![LogsWork::LoadSaved { req }]
    }

    pub fn saved_loaded(&mut self, result: Result<Vec<SavedQuery>, AwsError>) {
        if let Some(Overlay::Saved(picker)) = &mut self.overlay {
            picker.loading = false;
            match result {
                Ok(saved) => picker.items.extend(saved),
                Err(e) => picker.error = Some(e.message),
            }
        }
    }

    /// The highlighted saved query goes into the editor (and its log groups, if it has any).
    pub fn choose_saved(&mut self) {
        if let Some(Overlay::Saved(picker)) = self.overlay.take()
            && let Some(saved) = picker.items.get(picker.cursor.selected)
        {
            self.editor.set_text(&saved.query);
            if !saved.log_groups.is_empty() {
                self.groups = saved.log_groups.clone();
                self.group_info.clear();
            }
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
        &mut self.cursor
    }

    fn visible_len(&self) -> usize {
        self.results.visible_len()
    }

    fn filter(&self) -> &str {
        self.results.filter()
    }

    fn set_filter(&mut self, text: &str) {
        self.results.set_filter(text);
        self.cursor.reselect(None);
    }

    fn detail_scroll(&mut self) -> Option<&mut usize> {
        self.detail.as_mut().map(|d| &mut d.scroll)
    }

    fn close(&mut self) -> bool {
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
