//! What the Runbooks pane does with its messages and keys: open a runbook, fill in its
//! parameters, run, skip or acknowledge steps, and the confirmation every command passes
//! through before it is sent.

use std::time::Instant;

use ratatui::crossterm::event::KeyEvent;

use super::msg::RunbookMsg;
use super::work::RunbookWork;
use crate::command::Command;
use crate::pane::{Component, Cx, News};
use crate::runbook::language::model::Action;
use crate::runbook::pane::state::{Modal, RunbooksPane, StepStatus};
use crate::timeline::model::TimelineEvent;

mod answer;
mod command;
mod form;
mod replies;
#[cfg(test)]
mod tests;

impl Component for RunbooksPane {
    type Msg = RunbookMsg;
    type Work = RunbookWork;

    fn update(&mut self, msg: RunbookMsg, cx: &mut Cx<RunbookWork>) {
        self.reply(msg, cx);
    }

    /// Keys go to the parameter form or a modal rather than the keymap.
    fn captures_keys(&self) -> bool {
        RunbooksPane::captures_keys(self)
    }

    fn key(&mut self, key: KeyEvent, cx: &mut Cx<RunbookWork>) {
        self.captured(key, cx);
    }

    /// A key read from the terminal before the open confirmation was first drawn was typed
    /// without seeing what it would answer.
    fn drops_key(&self, read_at: Instant) -> bool {
        match self.open.as_ref().and_then(|o| o.modal.as_ref()) {
            Some(Modal::Send(confirmation)) => confirmation.screen.read_before_drawn(read_at),
            _ => false,
        }
    }

    fn holds_session(&self) -> Option<String> {
        let open = self.open.as_ref()?;
        let (n, _) = open.steps.iter().enumerate().find(|(n, s)| {
            s.status == StepStatus::Running
                && matches!(open.step_action(*n), Some(Action::RunCommand(_)))
        })?;
        let step = &open.runbook.steps[n];
        Some(format!(
            "Step {}, \"{}\", was sent to the fleet and is still followed in this account and \
             region: wait for it to end (X cancels it) before switching the account, region or profile",
            n + 1,
            step.heading
        ))
    }

    fn command(&mut self, command: Command, cx: &mut Cx<RunbookWork>) -> bool {
        match command {
            Command::Down | Command::Up | Command::Top | Command::Bottom if self.open.is_some() => {
                self.step_to(command)
            }
            Command::Execute
            | Command::Stop
            | Command::SkipStep
            | Command::Acknowledge
            | Command::AbortRunbook
            | Command::InstanceOutput => self.step_command(command, cx),
            Command::ToggleFiring => cx.info("f shows only firing alarms; filter this pane with /"),
            // `r` with no runbook open reads the runbooks again.
            Command::Refresh => {
                if self.open.is_none() {
                    self.load(cx);
                }
            }
            _ => return false,
        }
        true
    }

    fn open(&mut self, cx: &mut Cx<RunbookWork>) {
        if self.open.is_none()
            && let Err(message) = self.open_selected()
        {
            cx.error(message);
        }
    }

    /// The runbooks are read once the session is ready, and again on `r`.
    fn schedule(&mut self, force: bool, cx: &mut Cx<RunbookWork>) {
        if force && !self.loaded && self.load_req.is_none() {
            self.load(cx);
        }
    }

    fn hear(&mut self, news: &News, cx: &mut Cx<RunbookWork>) {
        match news {
            News::Firing(names) => {
                self.firing = names.clone();
                self.arrange(names);
            }
            // The session is connected and knows its account: the sends left open are asked
            // about now if the audit log was read first.
            News::Account(_) => self.resume(cx),
            _ => {}
        }
    }

    /// The Alarms pane forgets its alarms: none is known to fire. A new session asks SSM
    /// about the open sends again (of its own account and region).
    fn reset(&mut self, _: &mut Cx<RunbookWork>) {
        self.firing.clear();
        self.resume_asked = false;
    }

    fn pin(&self, _: jiff::Timestamp) -> Result<TimelineEvent, String> {
        Err("Runbook steps join the timeline by themselves".into())
    }
}

impl RunbooksPane {
    /// Reads the runbooks in the pane's folders.
    fn load(&mut self, cx: &mut Cx<RunbookWork>) {
        let req = cx.req();
        self.load_req = Some(req);
        self.resumed.clear();
        self.resume_asked = false;
        cx.work(RunbookWork::Load {
            req,
            folders: self.folders.clone(),
        });
    }
}
