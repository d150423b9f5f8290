//! What the Logs pane does for Live Tail: `T` and `:logs tail …` start and end it, `space`
//! pauses the view, `enter` opens a line, `p` pins one; its messages move the view on.

use super::super::pane::LogsPane;
use super::super::work::LogsWork;
use super::{TailMsg, TailRequest, TailView};
use crate::command::Command;
use crate::pane::Cx;
use crate::timeline::model::{Source, TimelineEvent};

impl LogsPane {
    /// Starts a tail (ending the one before): AWS bills each minute of session from now.
    pub(crate) fn start_tail(&mut self, request: TailRequest, cx: &mut Cx<LogsWork>) {
        if let Err(message) = request.check() {
            cx.error(message);
            return;
        }
        if let Some(old) = &mut self.tail {
            old.stop(cx.now);
        }
        let req = cx.req();
        let groups = request.groups.len();
        self.tail = Some(TailView::new(req, request.clone(), self.tail_lines, cx.now));
        self.detail = None;
        self.editing = false;
        cx.info(format!(
            "Live Tail on {groups} log group(s): billed per minute of session; T or leaving the pane ends it"
        ));
        cx.work(LogsWork::Tail { req, request });
    }

    /// Ends the tail, if there is one; says what it cost.
    pub(crate) fn end_tail(&mut self, cx: &mut Cx<LogsWork>, why: &str) -> bool {
        let Some(mut tail) = self.tail.take() else {
            return false;
        };
        tail.stop(cx.now);
        cx.work(LogsWork::EndTail);
        cx.info(format!(
            "Live Tail ended{why}: {} line(s) in {} billed minute(s)",
            tail.received,
            tail.minutes_used(cx.now)
        ));
        true
    }

    pub(crate) fn tail_msg(&mut self, msg: TailMsg, cx: &mut Cx<LogsWork>) {
        let Some(tail) = &mut self.tail else {
            return;
        };
        if let TailMsg::Failed { req, error } = &msg
            && *req == tail.req
        {
            cx.error(format!("Live Tail stopped: {}", error.message));
        }
        tail.apply(msg, cx.now);
        tail.per_second(cx.now);
    }

    /// A command while tailing (or one of the tail's own); None when the query's own
    /// handling should answer it.
    pub(crate) fn tail_command(&mut self, command: Command, cx: &mut Cx<LogsWork>) -> Option<bool> {
        match command {
            Command::LiveTail => {
                if !self.end_tail(cx, "") {
                    let request = TailRequest {
                        groups: self.groups.clone(),
                        ..TailRequest::default()
                    };
                    self.start_tail(request, cx);
                }
            }
            Command::Pause => match &mut self.tail {
                Some(tail) => {
                    tail.toggle_pause();
                    if tail.paused {
                        cx.info("Paused: the tail runs on and counts what arrives; space resumes");
                    }
                }
                None => cx.info("space pauses a Live Tail: T starts one"),
            },
            Command::Stop if self.tail.is_some() => {
                self.end_tail(cx, "");
            }
            Command::EditQuery
            | Command::RunQuery
            | Command::Execute
            | Command::Logs
            | Command::SavedQueries
            | Command::ToggleChart
                if self.tail.is_some() =>
            {
                self.end_tail(cx, "");
                return None;
            }
            _ => return None,
        }
        Some(true)
    }

    /// `:logs tail [stream=A,B | prefix=P] [group=G | groups=A,B] [filter PATTERN…]`.
    pub(crate) fn tail_line(&mut self, args: &[String], cx: &mut Cx<LogsWork>) {
        let mut request = TailRequest {
            groups: self.groups.clone(),
            ..TailRequest::default()
        };
        let list = |w: &str| -> Vec<String> {
            w.split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut words = args.iter().map(String::as_str);
        while let Some(word) = words.next() {
            match word {
                "filter" => {
                    let pattern = words.by_ref().collect::<Vec<_>>().join(" ");
                    request.filter = Some(pattern).filter(|p| !p.is_empty());
                }
                "stop" | "end" => {
                    if !self.end_tail(cx, "") {
                        cx.info("No Live Tail is running");
                    }
                    return;
                }
                w if w.starts_with("stream=") => request.streams = list(&w["stream=".len()..]),
                w if w.starts_with("prefix=") => request.prefixes = list(&w["prefix=".len()..]),
                w if w.starts_with("group=") => request.groups = list(&w["group=".len()..]),
                w if w.starts_with("groups=") => request.groups = list(&w["groups=".len()..]),
                w => {
                    cx.error(format!(
                        "`{w}` is not a :logs tail word: use stream=NAME, prefix=P, group=G, groups=A,B, stop, or filter PATTERN last"
                    ));
                    return;
                }
            }
        }
        if request.groups != self.groups && request.check().is_ok() {
            self.groups = request.groups.clone();
            self.group_info.clear();
        }
        self.start_tail(request, cx);
    }

    /// `enter`: the selected line whole.
    pub(crate) fn open_tail_line(&mut self) {
        if let Some(tail) = &mut self.tail
            && let Some(event) = tail.selected().cloned()
        {
            tail.open = Some((event, 0));
        }
    }

    /// `p`: the selected line, pinned at its own time.
    pub(crate) fn pin_tail_line(tail: &TailView) -> Result<TimelineEvent, String> {
        let event = tail
            .open
            .as_ref()
            .map(|(e, _)| e)
            .or_else(|| tail.selected())
            .ok_or("No tail line selected")?;
        let what: String = event.message.chars().take(200).collect();
        Ok(TimelineEvent {
            time: event.time,
            source: Source::Query,
            what,
            who: event.stream.clone(),
            detail: event.group.clone(),
            risky: false,
            key: format!(
                "tail:{}:{}:{}:{}",
                event.group,
                event.stream,
                event.time.as_millisecond(),
                event.message.chars().take(40).collect::<String>()
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::tail::{TailEvent, TailUpdate};
    use crate::pane::Component;

    #[test]
    fn p_pins_the_selected_line_at_its_own_time() {
        let mut pane = LogsPane::default();
        assert!(Component::pin(&pane, jiff::Timestamp::UNIX_EPOCH).is_err());
        let at: jiff::Timestamp = "2026-11-23T03:02:07.250Z".parse().unwrap();
        let mut tail = TailView::new(1, TailRequest::default(), 10, at);
        let update = TailUpdate {
            events: vec![TailEvent {
                time: at,
                ingested: None,
                group: "/aws/app".into(),
                stream: "web/1".into(),
                message: "ERROR checkout failed".into(),
            }],
            sampled: false,
        };
        tail.apply(TailMsg::Update { req: 1, update }, at);
        pane.tail = Some(tail);
        let pinned = Component::pin(&pane, at + jiff::SignedDuration::from_hours(1)).unwrap();
        assert_eq!(pinned.time, at);
        assert_eq!(pinned.what, "ERROR checkout failed");
        assert_eq!(
            (pinned.who.as_str(), pinned.detail.as_str()),
            ("web/1", "/aws/app")
        );
    }
}
