//! The parameter form a runbook opens with: one field per parameter, checked as it is typed.

use tui_input::Input;

use crate::runbook::language::model::Runbook;
use crate::runbook::language::params::check_value;

/// One parameter being filled in.
pub struct ParamField {
    pub name: String,
    pub description: Option<String>,
    pub pattern: Option<String>,
    pub input: Input,
    pub error: Option<String>,
}

pub struct ParamForm {
    pub fields: Vec<ParamField>,
    pub focus: usize,
}

impl ParamForm {
    pub(super) fn new(runbook: &Runbook) -> ParamForm {
        ParamForm {
            fields: runbook
                .front
                .params
                .iter()
                .map(|p| ParamField {
                    name: p.name.clone(),
                    description: p.description.clone(),
                    pattern: p.pattern.as_ref().map(|p| p.value.clone()),
                    input: Input::new(
                        p.default
                            .as_ref()
                            .map(|d| d.value.clone())
                            .unwrap_or_default(),
                    ),
                    error: None,
                })
                .collect(),
            focus: 0,
        }
    }

    /// Checks the focused field as it is typed.
    pub fn check_focused(&mut self) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.error = if field.input.value().is_empty() {
                None
            } else {
                check_value(&field.name, field.input.value(), field.pattern.as_deref())
                    .err()
                    .map(|e| e.problem)
            };
        }
    }
}
