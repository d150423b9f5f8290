//! Keys while a confirmation is open: scroll through what it sends, answer it, or cancel.
//! An answer is refused until the screen has shown the last row of what it sends.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::put_back;
use crate::app::effect::Effect;
use crate::app::state::AppState;
use crate::pane::Level;
use crate::runbook::RunbookWork;
use crate::runbook::confirm::{Confirmation, Scroll};
use crate::runbook::pane::{Execution, Modal, StepStatus};

pub(super) fn key(state: &mut AppState, mut c: Box<Confirmation>, key: KeyEvent) -> Vec<Effect> {
    let typed = c.typed_confirmation();
    if let Some(how) = scroll(&c, key, typed) {
        c.screen.scroll_by(how);
        put_back(state, Modal::Send(c));
        return Vec::new();
    }
    match key.code {
        KeyCode::Char('y') if !typed => {}
        KeyCode::Enter if typed => {
            if !c.accepts(c.typed.value()) {
                state.flash(
                    Level::Error,
                    format!("Not sent: type {} to send", c.answers().join(" or ")),
                );
                return Vec::new();
            }
        }
        KeyCode::Esc => {
            state.flash(Level::Info, "Cancelled: nothing was sent");
            return Vec::new();
        }
        _ if typed => {
            c.typed.handle_event(&Event::Key(key));
            put_back(state, Modal::Send(c));
            return Vec::new();
        }
        _ => {
            state.flash(Level::Info, "Cancelled: nothing was sent");
            return Vec::new();
        }
    }
    if !c.sendable() {
        let message = match (c.refusal(), c.reading().refusal()) {
            (Some(why), _) => format!("Cannot send: {why}"),
            (None, Some(why)) => format!("Not sent yet: {why}"),
            (None, None) => "Cannot send: the targets are still being resolved".to_string(),
        };
        state.flash(Level::Error, message);
        put_back(state, Modal::Send(c));
        return Vec::new();
    }
    send(state, &c)
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

fn send(state: &mut AppState, c: &Confirmation) -> Vec<Effect> {
    let (req, now) = (state.next_req(), state.now);
    let intent = Box::new(c.intent(now));
    let request = c.request.clone();
    if let Some(step) = state
        .panes
        .runbooks
        .open
        .as_mut()
        .and_then(|o| o.steps.get_mut(c.step))
    {
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
    state.flash(
        Level::Info,
        format!("Sending `{}` (written to the audit log first)", c.step_name),
    );
    vec![Effect::Runbooks(RunbookWork::RunStep {
        req,
        intent,
        request,
    })]
}
