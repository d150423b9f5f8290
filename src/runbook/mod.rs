//! Runbooks: markdown files whose `##` steps run through SSM Run Command or Logs Insights,
//! checked (lint), filled in with parameters (plan) and written down (audit).
//!
//! - `language/`: the markdown runbook itself: parse, front matter, lint, parameters, resolve.
//! - `run/`: sending a step and writing it down: execute, audit, fleet, SSM, confirmation.
//! - `pane/`: the Runbooks pane: its state, keys, messages, work and view.
//! - `headless/`: `warroom runbook run` and its questions on the terminal.

pub mod headless;
pub mod language;
pub mod pane;
pub mod run;

pub use language::error::RunbookError;
pub use language::file::{find, load, read};
pub use language::lint::lint;
pub use language::model::{
    Action, CommandBlock, Confirm, FrontMatter, Param, Position, Prose, QueryBlock, RateControl,
    Runbook, Shell, Step, Targets,
};
pub use language::params::{ParamError, ParamValues, resolve_params};
pub use language::resolve::{ResolveError, ResolvedAction, ResolvedStep, resolve_step};
pub use pane::msg::RunbookMsg;
pub use pane::work::RunbookWork;
