//! Everything that can happen to the console, each carrying its data: the terminal's events,
//! the clock, the session, and each pane's own answers.

use std::time::Instant;

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;

pub use super::sources::SessionInfo;
use super::sources::Sources;
use crate::alarms::AlarmsMsg;
use crate::aws::{AwsError, Identity};
use crate::changes::ChangesMsg;
use crate::health::HealthMsg;
use crate::logs::LogsMsg;
use crate::runbook::RunbookMsg;
use crate::timeline::TimelineMsg;

pub enum Msg {
    Key(KeyEvent),
    /// A key as the terminal gave it, with when it was read: a confirmation drops the keys
    /// read before it was first on screen (typed ahead, without seeing it).
    KeyRead {
        key: KeyEvent,
        at: Instant,
    },
    Resize {
        width: u16,
        height: u16,
    },
    Tick(Timestamp),
    Connected {
        generation: u64,
        info: SessionInfo,
        sources: Option<Sources>,
    },
    IdentityLoaded {
        req: u64,
        result: Result<Identity, AwsError>,
    },
    Alarms(AlarmsMsg),
    Changes(ChangesMsg),
    Health(HealthMsg),
    Logs(LogsMsg),
    Runbooks(RunbookMsg),
    Timeline(TimelineMsg),
    #[cfg(test)]
    Example(crate::example::ExampleMsg),
}
