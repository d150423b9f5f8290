//! What the Changes pane does with its pages, keys and `:changes` line; and the pivots that
//! end here (an alarm to the changes before it, a change to the same principal or resource).

use super::msg::ChangesMsg;
use super::pane::ChangesPane;
use super::work::ChangesWork;
use super::{Change, Preset};
use crate::command::Command;
use crate::pane::{Ask, Component, Cx, News};
use crate::timeline::model::{self, TimelineEvent};

impl Component for ChangesPane {
    type Msg = ChangesMsg;
    type Work = ChangesWork;

    fn update(&mut self, msg: ChangesMsg, cx: &mut Cx<ChangesWork>) {
        match msg {
            ChangesMsg::Page { req, result, more } => self.page(req, result, more, cx.now),
            ChangesMsg::Planned { req, result } => self.planned(req, result, cx.now),
            ChangesMsg::Answered { req, place, result } => {
                self.target_answered(req, place, result, cx.now)
            }
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<ChangesWork>) -> bool {
        match command {
            Command::SamePrincipal | Command::SameResource => self.same_as_selected(command, cx),
            Command::Copy | Command::CopyArn => self.copy(command, cx),
            Command::ToggleFiring => {
                cx.info("f shows only firing alarms; in Changes use :changes errors or a filter")
            }
            _ => return false,
        }
        true
    }

    fn open(&mut self, _: &mut Cx<ChangesWork>) {
        ChangesPane::open(self);
    }

    /// `:changes since 6h user=alice event=Authorize* errors ...`: a new query, loaded at once.
    fn line(&mut self, args: &[String], cx: &mut Cx<ChangesWork>) {
        if args.is_empty() {
            return;
        }
        let words: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut query = self.query.clone();
        if let Err(message) = query.apply(&words, cx.now) {
            cx.error(message);
            return;
        }
        let relative = match (words.contains(&"since"), words.contains(&"until")) {
            (_, true) => None,
            (true, false) => Some(query.end.duration_since(query.start)),
            (false, false) => self.relative,
        };
        let req = cx.req();
        self.detail = None;
        let work = self.set_query(query, relative, req, cx.now);
        cx.work(work);
    }

    /// CloudTrail is slow and rationed: Changes loads only while someone looks at it.
    fn schedule(&mut self, force: bool, cx: &mut Cx<ChangesWork>) {
        if cx.focused && (force || self.status.due(cx.now, cx.refresh.changes)) {
            let req = cx.req();
            let work = self.refresh(req, cx.now);
            cx.work(work);
        }
    }

    /// Leaving stops the paging; coming back resumes it.
    fn focus(&mut self, focused: bool, cx: &mut Cx<ChangesWork>) {
        if !focused {
            if self.status.in_flight() {
                self.stop();
                cx.work(ChangesWork::Stop);
            }
            return;
        }
        let unfinished = self.progress.stopped || self.progress.pages == 0;
        if cx.session.connected && unfinished && !self.status.in_flight() {
            let req = cx.req();
            let work = self.load(req, cx.now);
            cx.work(work);
        }
    }

    fn hear(&mut self, news: &News, cx: &mut Cx<ChangesWork>) {
        let News::ChangesBefore { at } = news else {
            return;
        };
        let mut query = self.query.clone();
        query.start = *at - jiff::SignedDuration::from_hours(1);
        query.end = *at;
        query.filters = Default::default();
        query.preset = Preset::Writes;
        let req = cx.req();
        self.detail = None;
        let work = self.set_query(query, None, req, cx.now);
        cx.work(work);
        self.select_risky_on_arrival();
        cx.ask(Ask::Focus);
    }

    /// In a replay the window moves with the replay's clock.
    fn reset(&mut self, cx: &mut Cx<ChangesWork>) {
        ChangesPane::reset(self);
        if cx.replaying {
            let window = self.query.end.duration_since(self.query.start);
            self.query.end = cx.now;
            self.query.start = cx.now - window;
        }
    }

    fn show(&mut self, key: &str) -> bool {
        key.strip_prefix("change:")
            .is_some_and(|id| self.select(id))
    }

    fn pin(&self, _: jiff::Timestamp) -> Result<TimelineEvent, String> {
        self.selected_change()
            .map(model::from_change)
            .ok_or_else(|| "No change selected".to_string())
    }
}

impl ChangesPane {
    /// Narrows Changes to the selected change's principal or resource.
    fn same_as_selected(&mut self, command: Command, cx: &mut Cx<ChangesWork>) {
        let Some(change) = self.selected_or(cx, "u and o work on a change: select one first")
        else {
            return;
        };
        let mut query = self.query.clone();
        if command == Command::SamePrincipal {
            query.filters.user = Some(change.principal.clone());
        } else {
            match change.resources.first() {
                Some(r) => query.filters.resource = Some(r.name.clone()),
                None => {
                    cx.info("This change names no resource");
                    return;
                }
            }
        }
        let (req, relative) = (cx.req(), self.relative);
        self.detail = None;
        let work = self.set_query(query, relative, req, cx.now);
        cx.work(work);
    }

    fn copy(&mut self, command: Command, cx: &mut Cx<ChangesWork>) {
        let Some(change) = self.selected_or(cx, "y and Y copy a change: select one first") else {
            return;
        };
        let text = if command == Command::Copy {
            serde_json::from_str::<serde_json::Value>(&change.record)
                .ok()
                .and_then(|v| serde_json::to_string_pretty(&v).ok())
                .unwrap_or_else(|| change.record.to_string())
        } else {
            match super::detail::resource_arn(&change) {
                Some(arn) => arn,
                None => {
                    cx.info("This change names no resource");
                    return;
                }
            }
        };
        let what = if command == Command::Copy {
            "the CloudTrail record"
        } else {
            "the resource ARN"
        };
        cx.info(format!("Copied {what} to the clipboard"));
        cx.ask(Ask::Copy(text));
    }

    /// The selected change; else says `why_not` and gives none.
    fn selected_or(&self, cx: &mut Cx<ChangesWork>, why_not: &str) -> Option<Change> {
        let change = self.selected_change().cloned();
        if change.is_none() {
            cx.info(why_not);
        }
        change
    }
}
