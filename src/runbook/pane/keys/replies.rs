//! What the Runbooks pane does with its work's answers: the catalog read, the commands left
//! in flight by an earlier run looked up, and each step's send, progress and end.

use crate::kit::Loadable;
use crate::pane::{Ask, Cx, News};
use crate::runbook::RunbookMsg;
use crate::runbook::RunbookWork;
use crate::runbook::pane::state::RunbooksPane;
use crate::runbook::pane::steps::StepNews;

impl RunbooksPane {
    /// Asks SSM about the sends an earlier run left open, once this session is connected
    /// (before, there is no fleet to ask, and a new session ends what the old one started).
    pub(super) fn resume(&mut self, cx: &mut Cx<RunbookWork>) {
        let open = !self.in_flight.is_empty() || !self.unresolved.is_empty();
        if !open || self.resume_asked || !self.resumed.is_empty() || !cx.session.connected {
            return;
        }
        // Only this account's sends are looked up: asked again when STS has said which it is.
        let Loadable::Ready(identity) = &cx.session.identity else {
            return;
        };
        self.resume_asked = true;
        cx.work(RunbookWork::Resume {
            in_flight: self.in_flight.clone(),
            unresolved: self.unresolved.clone(),
            account: identity.account.clone(),
            region: cx.session.region.clone(),
        });
    }

    pub(super) fn reply(&mut self, msg: RunbookMsg, cx: &mut Cx<RunbookWork>) {
        match msg {
            RunbookMsg::Loaded {
                req,
                entries,
                missing,
                in_flight,
                unresolved,
                audit_warnings,
            } => {
                let firing = self.firing.clone();
                if !self.loaded(req, entries, missing, &firing) {
                    return;
                }
                self.in_flight = in_flight;
                self.unresolved = unresolved;
                self.resume(cx);
                self.audit_warnings = audit_warnings;
                let mut problems: Vec<String> = self.audit_warnings.clone();
                if !self.in_flight.is_empty() {
                    problems.push(format!(
                        "{} runbook command(s) were still running when warroom last stopped: see the Runbooks pane ({})",
                        self.in_flight.len(),
                        cx.number
                    ));
                }
                if !self.unresolved.is_empty() {
                    problems.push(format!(
                        "{} runbook send(s) never got SSM's answer when warroom last ran: looking them up by their id before anything else",
                        self.unresolved.len()
                    ));
                }
                if !problems.is_empty() {
                    cx.ask(Ask::Notice(problems.join("; ")));
                }
            }
            RunbookMsg::Resumed { results, resolved } => {
                if let Some(notice) = crate::runbook::pane::steps::resolutions(self, resolved) {
                    cx.ask(Ask::Notice(notice));
                }
                self.resumed = results;
            }
            RunbookMsg::StepUnknown { req, send, message } => {
                cx.tell(News::Happened);
                if let StepNews::Failed(text) = self.step_unknown(req, send, message) {
                    cx.error(text);
                }
            }
            RunbookMsg::TargetsPreviewed { req, result } => self.preview_loaded(req, result),
            RunbookMsg::StepSent { req, command_id } => self.sent(req, command_id),
            RunbookMsg::StepProgress { req, invocations } => self.progress(req, invocations),
            RunbookMsg::StepFinished { req, result } => {
                cx.tell(News::Happened);
                match self.step_finished(req, result) {
                    StepNews::Nothing => {}
                    StepNews::Succeeded(text) => cx.info(text),
                    StepNews::Failed(text) => cx.error(text),
                }
            }
            RunbookMsg::OutputLoaded { req, result } => self.output_loaded(req, result),
            RunbookMsg::Cancelled { command_id, result } => {
                if let Some(message) = self.cancel_answered(&command_id, result) {
                    cx.error(message);
                }
            }
            RunbookMsg::AuditFailed { message } => {
                cx.ask(Ask::Notice(format!("The audit log: {message}")));
            }
            RunbookMsg::QueryFinished { req, result } => self.query_finished(req, result),
        }
    }
}
