//! warroom: a full-screen terminal incident console for AWS.

pub mod accounts;
pub mod alarms;
pub mod app;
pub mod aws;
pub mod changes;
pub mod cli;
pub mod command;
pub mod commands;
pub mod config;
pub mod console;
pub mod defuse;
#[cfg(test)]
pub mod example;
pub mod health;
pub mod keymap;
pub mod kit;
pub mod logging;
pub mod logs;
pub mod pane;
pub mod private;
pub mod record;
pub mod release;
pub mod runbook;
pub mod session;
pub mod startup;
pub mod terminal;
pub mod theme;
pub mod time;
pub mod timeline;
pub mod triage;
pub mod ui;
