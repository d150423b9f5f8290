//! What the Logs pane does with its messages and keys.

use super::msg::LogsMsg;
use super::pane::LogsPane;
use super::range::TimeRange;
use super::work::LogsWork;
use crate::pane::{Ask, Component, Cx, News};
use crate::timeline::model::{Source, TimelineEvent};

impl Component for LogsPane {
    type Msg = LogsMsg;
    type Work = LogsWork;

    fn update(&mut self, _: LogsMsg, _: &mut Cx<LogsWork>) {}

    /// Leaving the pane stops the running query (in the grid it stays on screen and runs on).
    fn focus(&mut self, focused: bool, cx: &mut Cx<LogsWork>) {
        if focused || cx.grid {
            return;
        }
        let stopping = self.stop();
        if !stopping.is_empty() {
            cx.info("The running query was stopped when you left the Logs pane");
        }
        cx.works(stopping);
    }

    /// From an alarm: the pane over the time around its last transition, on the log groups
    /// named for it in config (or the last used).
    fn hear(&mut self, news: &News, cx: &mut Cx<LogsWork>) {
        let News::LogsAround {
            alarm: name,
            at: changed,
        } = news
        else {
            return;
        };
        let margin = jiff::SignedDuration::from_mins(30);
        let end = (*changed + margin).min(cx.now);
        let start = *changed - margin;
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

    fn reset(&mut self, cx: &mut Cx<LogsWork>) {
        let stopping = self.stop();
        cx.works(stopping);
    }

    /// The selected result row, at its `@timestamp`.
    fn pin(&self, _: jiff::Timestamp) -> Result<TimelineEvent, String> {
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
