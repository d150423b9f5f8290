//! What the Logs pane does with its messages and keys: its commands, the editor and pickers
//! that take the keys while open, the `:logs` line, and the pivot from an alarm.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::msg::LogsMsg;
use super::pane::{LogsPane, Overlay, View};
use super::range::TimeRange;
use super::results::Sort;
use super::work::LogsWork;
use crate::command::Command;
use crate::pane::{Ask, Component, Cx, News};
use crate::timeline::model::{Source, TimelineEvent};

impl Component for LogsPane {
    type Msg = LogsMsg;
    type Work = LogsWork;

    fn update(&mut self, msg: LogsMsg, cx: &mut Cx<LogsWork>) {
        match msg {
            LogsMsg::GroupsLoaded { result, .. } => self.groups_loaded(result),
            LogsMsg::Progress { req, progress } => self.progress(req, progress),
            LogsMsg::Finished { req, result } => {
                let more = self.finished(req, result, cx.now);
                cx.works(more);
                cx.tell(News::Happened);
            }
            LogsMsg::Stopped { query_id, result } => self.stopped(query_id, result),
            LogsMsg::RecordLoaded { req, result } => self.record_loaded(req, result),
            LogsMsg::SavedLoaded { result, .. } => self.saved_loaded(result),
            LogsMsg::Saved { name, result } => match result {
                Ok(()) => cx.info(format!("Saved the query to the account as \"{name}\"")),
                Err(e) => cx.error(format!("Could not save \"{name}\": {}", e.message)),
            },
            LogsMsg::Tail(msg) => self.tail_msg(msg, cx),
        }
    }

    fn captures_keys(&self) -> bool {
        LogsPane::captures_keys(self)
    }

    fn key(&mut self, key: KeyEvent, cx: &mut Cx<LogsWork>) {
        self.captured(key, cx);
    }

    fn command(&mut self, command: Command, cx: &mut Cx<LogsWork>) -> bool {
        if let Some(done) = self.tail_command(command, cx) {
            return done;
        }
        self.logs_command(command, cx)
    }

    fn open(&mut self, cx: &mut Cx<LogsWork>) {
        if self.tail.is_some() {
            self.open_tail_line();
        } else if self.detail.is_none() {
            let req = cx.req();
            let work = LogsPane::open(self, req);
            cx.works(work);
        }
    }

    fn line(&mut self, args: &[String], cx: &mut Cx<LogsWork>) {
        match args.split_first() {
            Some((word, rest)) if word == "tail" => self.tail_line(rest, cx),
            _ => self.logs_line(args, cx),
        }
    }

    /// Leaving the pane stops the running query and ends the Live Tail (in the grid both
    /// stay on screen and run on).
    fn focus(&mut self, focused: bool, cx: &mut Cx<LogsWork>) {
        if focused || cx.grid {
            return;
        }
        self.end_tail(cx, " when you left the Logs pane");
        let stopping = self.stop();
        if !stopping.is_empty() {
            cx.info("The running query was stopped when you left the Logs pane");
        }
        cx.works(stopping);
    }

    fn hear(&mut self, news: &News, cx: &mut Cx<LogsWork>) {
        match news {
            News::Account(account) => self.set_account(account),
            News::LogsAround { alarm, at } => self.around(alarm, *at, cx),
            _ => {}
        }
    }

    fn reset(&mut self, cx: &mut Cx<LogsWork>) {
        self.end_tail(cx, " (the session changed)");
        let stopping = self.stop();
        cx.works(stopping);
    }

    /// The selected result row, at its `@timestamp`.
    fn pin(&self, _: jiff::Timestamp) -> Result<TimelineEvent, String> {
        if let Some(tail) = &self.tail {
            return LogsPane::pin_tail_line(tail);
        }
        let row = self
            .results
            .row(self.cursor.selected)
            .ok_or("No result row selected")?;
        let at = row
            .get("@timestamp")
            .and_then(super::chart::parse_time)
            .ok_or("This row has no @timestamp to pin it at")?;
        let message = row.get("@message").unwrap_or_default();
        let what: String = message.chars().take(200).collect();
        Ok(TimelineEvent {
            time: at,
            source: Source::Query,
            what: if what.is_empty() {
                row.cells
                    .iter()
                    .map(|(f, v)| format!("{f}={v}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                what
            },
            who: row.get("@logStream").unwrap_or_default().to_string(),
            detail: self.groups.join(", "),
            risky: false,
            key: format!("log:{}", row.pointer().unwrap_or(message)),
        })
    }
}

impl LogsPane {
    /// From an alarm: the pane over the time around its last transition, on the log groups
    /// named for it in config (or the last used).
    fn around(&mut self, name: &str, changed: jiff::Timestamp, cx: &mut Cx<LogsWork>) {
        let margin = jiff::SignedDuration::from_mins(30);
        let end = (changed + margin).min(cx.now);
        let start = changed - margin;
        let message = match self.groups_for_alarm(name) {
            Some(groups) => {
                let count = groups.len();
                self.groups = groups;
                self.group_info.clear();
                format!(
                    "Logs around {name}'s last change: ctrl-r runs the query on {count} group(s)"
                )
            }
            None if self.groups.is_empty() => format!(
                "No log groups are named for {name} in config ([logs.alarm_groups]): press l to pick some"
            ),
            None => format!("Logs around {name}'s last change, on the last used log groups"),
        };
        self.range = TimeRange::Between(start, end.max(start + jiff::SignedDuration::from_mins(1)));
        self.detail = None;
        cx.info(message);
        cx.ask(Ask::Focus);
    }

    /// A key while the editor or a picker is open.
    fn captured(&mut self, key: KeyEvent, cx: &mut Cx<LogsWork>) {
        let command = cx.keymap.command_for(&key);
        if command == Some(Command::RunQuery) {
            return self.run_query(cx);
        }
        if command == Some(Command::Quit) && key.code != KeyCode::Char('q') {
            cx.ask(Ask::Quit);
            return;
        }
        let rows = cx.rows.max(1);
        let logs = &mut *self;
        match &mut logs.overlay {
            Some(Overlay::Groups(picker)) => match key.code {
                KeyCode::Esc => logs.overlay = None,
                KeyCode::Enter => {
                    if picker.chosen.is_empty() {
                        let _ = picker.toggle();
                    }
                    logs.choose_groups();
                    let count = logs.groups.len();
                    cx.info(format!(
                        "{count} log group(s) chosen; ctrl-r runs the query"
                    ));
                }
                KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown => {
                    let delta = match key.code {
                        KeyCode::Up => -1,
                        KeyCode::Down => 1,
                        KeyCode::PageUp => -(rows as isize),
                        _ => rows as isize,
                    };
                    let len = picker.len();
                    picker.cursor.move_by(delta, len, rows);
                }
                KeyCode::Char(' ') | KeyCode::Tab => {
                    if let Err(message) = picker.toggle() {
                        cx.error(message);
                    }
                }
                _ => {
                    let before = picker.input.value().to_string();
                    picker.input.handle_event(&Event::Key(key));
                    if picker.input.value() != before {
                        picker.refilter();
                        if let Some(prefix) = picker.prefix() {
                            picker.loading = true;
                            let req = cx.req();
                            cx.work(LogsWork::LoadGroups {
                                req,
                                prefix: Some(prefix),
                            });
                        }
                    }
                }
            },
            Some(Overlay::Saved(picker)) => match key.code {
                KeyCode::Esc => logs.overlay = None,
                KeyCode::Enter => logs.choose_saved(),
                KeyCode::Up | KeyCode::Char('k') => {
                    let len = picker.items.len();
                    picker.cursor.move_by(-1, len, rows);
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    let len = picker.items.len();
                    picker.cursor.move_by(1, len, rows);
                }
                KeyCode::Home | KeyCode::Char('g') | KeyCode::End | KeyCode::Char('G') => {
                    let len = picker.items.len();
                    let to_end = matches!(key.code, KeyCode::End | KeyCode::Char('G'));
                    let delta = if to_end {
                        len as isize
                    } else {
                        -(len as isize)
                    };
                    picker.cursor.move_by(delta, len, rows);
                }
                _ => {}
            },
            None if logs.editing => match key.code {
                KeyCode::Esc => logs.editing = false,
                _ => logs.editor.key(key),
            },
            None => {}
        }
    }

    /// A Logs command from the keymap, in the Logs pane.
    fn logs_command(&mut self, command: Command, cx: &mut Cx<LogsWork>) -> bool {
        let logs = &mut *self;
        match command {
            Command::Logs => {
                let req = cx.req();
                let work = logs.open_groups(req);
                cx.works(work);
            }
            Command::EditQuery => {
                logs.editing = true;
                logs.detail = None;
            }
            Command::RunQuery | Command::Execute => logs.run_query(cx),
            Command::Stop => {
                let effects = logs.stop();
                if effects.is_empty() {
                    cx.info("No query is running");
                } else {
                    cx.info("Query stopped (StopQuery sent)");
                }
                cx.works(effects);
            }
            Command::TimeRange => logs.range = logs.range.next(),
            Command::SavedQueries => {
                let req = cx.req();
                let work = logs.open_saved(req);
                cx.works(work);
            }
            Command::SaveQuery => {
                cx.ask(Ask::Prompt("logs save ".into()));
            }
            Command::ToggleChart => {
                if logs.view == View::Chart {
                    logs.view = View::Table;
                } else {
                    match &logs.chart {
                        Ok(_) => {
                            logs.view = View::Chart;
                            logs.detail = None;
                        }
                        Err(why) => {
                            let message = format!("No chart: {why}");
                            cx.info(message);
                        }
                    }
                }
            }
            Command::SortNext | Command::SortPrev | Command::SortReverse => {
                let columns = logs.results.fields.len();
                if columns == 0 {
                    return true;
                }
                let current = logs.results.sort;
                let sort = match (command, current) {
                    (Command::SortReverse, Some(s)) => Sort {
                        descending: !s.descending,
                        ..s
                    },
                    (Command::SortPrev, None) => Sort {
                        column: columns - 1,
                        descending: false,
                    },
                    (Command::SortNext, Some(s)) => Sort {
                        column: (s.column + 1) % columns,
                        descending: false,
                    },
                    (Command::SortPrev, Some(s)) => Sort {
                        column: (s.column + columns - 1) % columns,
                        descending: false,
                    },
                    _ => Sort {
                        column: 0,
                        descending: false,
                    },
                };
                logs.results.sort(sort);
                logs.cursor.reselect(None);
            }
            Command::ToggleFiring => cx.info("f shows only firing alarms; filter this pane with /"),
            _ => return false,
        }
        true
    }

    fn run_query(&mut self, cx: &mut Cx<LogsWork>) {
        let (req, now) = (cx.req(), cx.now);
        match self.start(req, now) {
            Ok(effects) => {
                self.view = View::Table;
                cx.works(effects);
            }
            Err(message) => cx.error(message),
        }
    }
}

mod line;
#[cfg(test)]
mod tests;
