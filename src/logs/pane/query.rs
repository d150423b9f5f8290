//! A query's life in the Logs pane: started over the chosen groups, polled, finished or
//! stopped.

use jiff::Timestamp;

use super::*;

impl LogsPane {
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
}
