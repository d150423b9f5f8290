//! Keys while the parameter form or a modal is open: fill in the parameters, answer a
//! confirmation, or say yes to cancelling the running command.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use crate::command::Command;
use crate::pane::{Ask, Cx};
use crate::runbook::RunbookWork;
use crate::runbook::pane::state::{Modal, RunbooksPane};

impl RunbooksPane {
    /// A key while the parameter form or a modal is open.
    pub(super) fn captured(&mut self, key: KeyEvent, cx: &mut Cx<RunbookWork>) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if let Some(modal) = open.modal.take() {
            return self.modal_key(modal, key, cx);
        }
        let Some(form) = open.form.as_mut() else {
            return;
        };
        match key.code {
            KeyCode::Esc => {
                self.open = None;
            }
            KeyCode::Tab | KeyCode::Down => {
                form.focus = (form.focus + 1) % form.fields.len().max(1);
            }
            KeyCode::BackTab | KeyCode::Up => {
                let n = form.fields.len().max(1);
                form.focus = (form.focus + n - 1) % n;
            }
            KeyCode::Enter => {
                if let Err(message) = open.submit_form() {
                    cx.error(message);
                }
            }
            _ => {
                if cx.keymap.command_for(&key) == Some(Command::Quit)
                    && key.code != KeyCode::Char('q')
                {
                    cx.ask(Ask::Quit);
                    return;
                }
                if let Some(field) = form.fields.get_mut(form.focus) {
                    field.input.handle_event(&Event::Key(key));
                }
                form.check_focused();
            }
        }
    }

    fn modal_key(&mut self, modal: Modal, key: KeyEvent, cx: &mut Cx<RunbookWork>) {
        match modal {
            Modal::Cancel { step, command_id } => {
                if key.code == KeyCode::Char('y') {
                    if let Some(execution) = self
                        .open
                        .as_mut()
                        .and_then(|o| o.steps.get_mut(step))
                        .and_then(|s| s.execution.as_mut())
                    {
                        execution.cancelling = true;
                    }
                    cx.info(format!("Cancelling {command_id} (CancelCommand)"));
                    cx.work(RunbookWork::Cancel { command_id });
                    return;
                }
                cx.info("The command goes on running");
            }
            Modal::Send(confirmation) => self.answer(confirmation, key, cx),
        }
    }

    /// Puts the modal back over the open runbook.
    pub(super) fn put_back(&mut self, modal: Modal) {
        if let Some(open) = self.open.as_mut() {
            open.modal = Some(modal);
        }
    }
}
