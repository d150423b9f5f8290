//! warroom's integration tests, one module per area, in one binary: the real loop, the real
//! SDK against the emulator, snapshots of real frames, and the binary's commands.
//! What is process-wide (the allocator's count in `memory`, the panic hook in `panic_hook`)
//! is tested in a process of its own (`common::solo`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test that cannot set up what it tests fails there"
)]

mod common;

mod accounts_console;
mod accounts_headless;
mod accounts_panes;
mod accounts_timeline;
mod alarm_chart;
mod alarms_emulator;
mod alarms_firing_first;
mod changes_emulator;
mod changes_snapshots;
mod deadlines;
mod demo_story;
mod export_place;
mod failed_calls_logged;
mod fixtures;
mod focused_account;
mod global_changes;
mod headless;
mod health_emulator;
mod health_snapshots;
mod help_readme;
mod live_tail;
mod live_tail_snapshots;
mod logs_emulator;
mod logs_localstack;
mod logs_pane;
mod logs_snapshots;
mod memory;
mod oam;
mod panic_hook;
mod read_only;
mod recording_fuzz;
mod replay;
mod runbook_fuzz;
mod runbook_lint;
mod runbook_pane;
mod runbook_plan;
mod runbook_run;
mod runbook_run_guards;
mod runbook_snapshots;
mod send_outcome;
mod signals;
mod snapshots;
mod ssm_emulator;
mod startup;
mod state_files;
mod step_header;
mod timeline_emulator;
mod timeline_pane;
mod timesketch_export;
mod whole_messages;
