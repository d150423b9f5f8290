//! The Runbooks pane: the catalog, the open runbook's state, its keys, messages, work and view.

pub mod catalog;
mod form;
mod keys;
pub mod msg;
pub mod state;
pub mod steps;
pub mod view;
pub mod work;

// The view names these through `super::super::`.
use super::language::model;
use super::run::confirm;
