//! The whole state of the console: what draw reads and update writes.

use std::time::Duration;

use jiff::Timestamp;
use ratatui::layout::Size;
use tui_input::Input;

use crate::alarms::AlarmsPane;
use crate::app::list::ListPane;
use crate::aws::{AwsError, Identity, SessionSettings};
use crate::changes::pane::ChangesPane;
use crate::config::Refresh;
use crate::health::HealthPane;
use crate::logs::pane::LogsPane;
use crate::runbook::pane::RunbooksPane;
use crate::timeline::pane::TimelinePane;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaneId {
    Alarms,
    Changes,
    Health,
    Logs,
    Runbooks,
    Timeline,
}

impl PaneId {
    pub const ALL: &'static [PaneId] = &[
        PaneId::Alarms,
        PaneId::Changes,
        PaneId::Health,
        PaneId::Logs,
        PaneId::Runbooks,
        PaneId::Timeline,
    ];

    pub fn title(self) -> &'static str {
        match self {
            PaneId::Alarms => "Alarms",
            PaneId::Changes => "Changes",
            PaneId::Health => "Health",
            PaneId::Logs => "Logs",
            PaneId::Runbooks => "Runbooks",
            PaneId::Timeline => "Timeline",
        }
    }

    /// The `:` command that focuses it.
    pub fn command(self) -> &'static str {
        match self {
            PaneId::Alarms => "alarms",
            PaneId::Changes => "changes",
            PaneId::Health => "health",
            PaneId::Logs => "logs",
            PaneId::Runbooks => "runbooks",
            PaneId::Timeline => "timeline",
        }
    }
}

/// Data that is loading, loaded, or failed to load.
#[derive(Clone, Debug, PartialEq)]
pub enum Loadable<T> {
    Loading,
    Ready(T),
    Failed(AwsError),
}

/// The life of one source's requests: in flight, age of data, last error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceStatus {
    pub pending: Option<u64>,
    pub requested_at: Option<Timestamp>,
    pub loaded_at: Option<Timestamp>,
    /// When the last answer, data or error, arrived.
    pub settled_at: Option<Timestamp>,
    pub error: Option<AwsError>,
}

impl SourceStatus {
    pub fn start(&mut self, req: u64, now: Timestamp) {
        self.pending = Some(req);
        self.requested_at = Some(now);
    }

    /// Whether `req` is the answer awaited; a stale one is dropped.
    pub fn accept(&mut self, req: u64) -> bool {
        if self.pending == Some(req) {
            self.pending = None;
            true
        } else {
            false
        }
    }

    pub fn finish<T>(&mut self, result: &Result<T, AwsError>, now: Timestamp) {
        self.settled_at = Some(now);
        match result {
            Ok(_) => {
                self.loaded_at = Some(now);
                self.error = None;
            }
            Err(e) => self.error = Some(e.clone()),
        }
    }

    pub fn in_flight(&self) -> bool {
        self.pending.is_some()
    }

    /// Time for the next refresh: nothing in flight and the interval has passed since
    /// the last answer.
    pub fn due(&self, now: Timestamp, every: Duration) -> bool {
        if self.in_flight() {
            return false;
        }
        match self.settled_at.or(self.requested_at) {
            None => true,
            Some(at) => now.duration_since(at).unsigned_abs() >= every,
        }
    }
}

pub enum Mode {
    Normal,
    Command(CommandLine),
    Filter(Input),
    Help { scroll: u16 },
}

#[derive(Default)]
pub struct CommandLine {
    pub input: Input,
    /// Candidates for the word being completed, cycled by tab.
    pub completions: Vec<String>,
    pub completion_index: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flash {
    pub level: Level,
    pub text: String,
    pub until: Timestamp,
}

pub struct SessionView {
    pub settings: SessionSettings,
    /// Why warroom is read-only when the user did not ask for it (the header says it).
    pub read_only_reason: Option<&'static str>,
    pub generation: u64,
    pub connected: bool,
    pub region: String,
    pub region_defaulted: bool,
    pub endpoint: Option<String>,
    pub profile: Option<String>,
    pub identity: Loadable<Identity>,
    pub identity_status: SourceStatus,
}

/// A replay's place in its recording.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplayView {
    /// The instant shown.
    pub at: Timestamp,
    pub start: Timestamp,
    pub end: Timestamp,
    /// Where a damaged recording stopped being read.
    pub damage: Option<String>,
}

pub struct AppState {
    pub now: Timestamp,
    /// Set when the console replays a recording instead of talking to AWS.
    pub replay: Option<ReplayView>,
    pub screen: Size,
    pub mode: Mode,
    pub focus: PaneId,
    /// All panes in a grid instead of the focused one alone.
    pub grid: bool,
    pub session: SessionView,
    pub alarms: AlarmsPane,
    pub changes: ChangesPane,
    pub health: HealthPane,
    pub logs: LogsPane,
    pub runbooks: RunbooksPane,
    pub timeline: TimelinePane,
    /// Where runbooks are looked for: `./runbooks` and the config's folders.
    pub runbook_folders: Vec<std::path::PathBuf>,
    pub refresh: Refresh,
    pub flash: Option<Flash>,
    /// A problem that outlives a flash, such as a bad config file; `esc` dismisses it.
    pub notice: Option<String>,
    /// Profile names from the AWS config files, for `:profile` completion.
    pub profiles: Vec<String>,
    pub quit: bool,
    next_req: u64,
}

impl AppState {
    pub fn new(settings: SessionSettings, refresh: Refresh, now: Timestamp, screen: Size) -> Self {
        let region = settings.region.clone().unwrap_or_default();
        AppState {
            now,
            replay: None,
            screen,
            mode: Mode::Normal,
            focus: PaneId::Alarms,
            grid: false,
            session: SessionView {
                endpoint: settings.effective_endpoint(),
                profile: settings.effective_profile(),
                settings,
                read_only_reason: None,
                generation: 0,
                connected: false,
                region,
                region_defaulted: false,
                identity: Loadable::Loading,
                identity_status: SourceStatus::default(),
            },
            alarms: AlarmsPane::default(),
            changes: ChangesPane::new(jiff::SignedDuration::from_hours(3), now),
            health: HealthPane::default(),
            logs: LogsPane::default(),
            runbooks: RunbooksPane::default(),
            timeline: TimelinePane::default(),
            runbook_folders: vec![std::path::PathBuf::from("runbooks")],
            refresh,
            flash: None,
            notice: None,
            profiles: Vec::new(),
            quit: false,
            next_req: 0,
        }
    }

    pub fn next_req(&mut self) -> u64 {
        self.next_req += 1;
        self.next_req
    }

    pub fn flash(&mut self, level: Level, text: impl Into<String>) {
        let until =
            self.now + jiff::SignedDuration::from_secs(if level == Level::Error { 8 } else { 4 });
        self.flash = Some(Flash {
            level,
            text: text.into(),
            until,
        });
    }

    /// Whether anything on screen moves by itself (spinners).
    pub fn animating(&self) -> bool {
        !self.session.connected
            || self.session.identity_status.in_flight()
            || self.alarms.busy()
            || self.health.busy()
            || self.changes.busy()
            || self.logs.busy()
            || self.runbooks.busy()
            || self.timeline.busy()
    }

    /// The focused pane, for what every list pane does alike.
    pub fn focused_list(&mut self) -> &mut dyn ListPane {
        match self.focus {
            PaneId::Alarms => &mut self.alarms,
            PaneId::Changes => &mut self.changes,
            PaneId::Health => &mut self.health,
            PaneId::Logs => &mut self.logs,
            PaneId::Runbooks => &mut self.runbooks,
            PaneId::Timeline => &mut self.timeline,
        }
    }

    pub fn focused_filter(&self) -> &str {
        match self.focus {
            PaneId::Alarms => self.alarms.filter(),
            PaneId::Changes => ListPane::filter(&self.changes),
            PaneId::Health => ListPane::filter(&self.health),
            PaneId::Logs => ListPane::filter(&self.logs),
            PaneId::Runbooks => ListPane::filter(&self.runbooks),
            PaneId::Timeline => ListPane::filter(&self.timeline),
        }
    }
}
