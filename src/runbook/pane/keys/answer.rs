//! Keys while a confirmation is open: scroll through what it sends, answer it, or cancel.
//! An answer is refused until the screen has shown the last row of what it sends.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use crate::pane::Cx;
use crate::runbook::RunbookWork;
use crate::runbook::pane::state::{Execution, Modal, RunbooksPane, StepStatus};
use crate::runbook::run::confirm::{Confirmation, Scroll, Session};

impl RunbooksPane {
    /// A key while confirmation `c` is open.
    pub(super) fn answer(
        &mut self,
        mut c: Box<Confirmation>,
        key: KeyEvent,
        cx: &mut Cx<RunbookWork>,
    ) {
        let typed = c.typed_confirmation();
        if let Some(how) = scroll(&c, key, typed) {
            c.screen.scroll_by(how);
            self.put_back(Modal::Send(c));
            return;
        }
        match key.code {
            KeyCode::Char('y') if !typed => {}
            KeyCode::Enter if typed => {
                if !c.accepts(c.typed.value()) {
                    cx.error(c.wrong_answer());
                    return;
                }
            }
            KeyCode::Esc => {
                cx.info("Cancelled: nothing was sent");
                return;
            }
            _ if typed => {
                c.typed.handle_event(&Event::Key(key));
                self.put_back(Modal::Send(c));
                return;
            }
            _ => {
                cx.info("Cancelled: nothing was sent");
                return;
            }
        }
        if let Some(why) = c.moved(&Session::of(cx.session)) {
            cx.error(format!("Not sent: {why}"));
            return;
        }
        if !c.sendable() {
            let message = match (c.refusal(), c.reading().refusal()) {
                (Some(why), _) => format!("Cannot send: {why}"),
                (None, Some(why)) => format!("Not sent yet: {why}"),
                (None, None) => "Cannot send: the targets are still being resolved".to_string(),
            };
            cx.error(message);
            self.put_back(Modal::Send(c));
            return;
        }
        self.send(&c, cx);
    }
}

/// The move a key asks for. In a typed confirmation letters are typed, so only ↓ ↑ pgdn
/// pgup scroll; otherwise j k g G (and home, end) too, once there is something to scroll.
fn scroll(c: &Confirmation, key: KeyEvent, typed: bool) -> Option<Scroll> {
    let arrows = match key.code {
        KeyCode::Down => Some(Scroll::Down),
        KeyCode::Up => Some(Scroll::Up),
        KeyCode::PageDown => Some(Scroll::PageDown),
        KeyCode::PageUp => Some(Scroll::PageUp),
        _ => None,
    };
    if typed {
        return arrows;
    }
    if !c.screen.scrollable() {
        return None;
    }
    arrows.or(match key.code {
        KeyCode::Char('j') => Some(Scroll::Down),
        KeyCode::Char('k') => Some(Scroll::Up),
        KeyCode::Char('g') | KeyCode::Home => Some(Scroll::Top),
        KeyCode::Char('G') | KeyCode::End => Some(Scroll::Bottom),
        _ => None,
    })
}

impl RunbooksPane {
    fn send(&mut self, c: &Confirmation, cx: &mut Cx<RunbookWork>) {
        let (req, now) = (cx.req(), cx.now);
        let intent = Box::new(c.intent(now));
        let request = c.request.clone();
        if let Some(step) = self.open.as_mut().and_then(|o| o.steps.get_mut(c.step)) {
            step.attempts += 1;
            step.status = StepStatus::Running;
            step.execution = Some(Execution {
                req,
                sent_at: now,
                command_id: None,
                invocations: Vec::new(),
                outcome: None,
                output: None,
                cancelling: false,
            });
        }
        cx.info(format!(
            "Sending `{}` (written to the audit log first)",
            c.step_name
        ));
        cx.work(RunbookWork::RunStep {
            req,
            intent,
            request,
        });
    }
}
