//! The whole state of the console: what draw reads and update writes.

use jiff::Timestamp;
use ratatui::layout::Size;
use tui_input::Input;

use super::panes::{PaneId, Panes};
use crate::aws::SessionSettings;
use crate::config::Refresh;
use crate::kit::cursor::ListPane;
use crate::kit::{Loadable, SourceStatus};

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

pub use crate::pane::Level;
pub use crate::session::Session;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flash {
    pub level: Level,
    pub text: String,
    pub until: Timestamp,
}

/// A replay's place in its recording.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplayPlace {
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
    pub replay: Option<ReplayPlace>,
    pub screen: Size,
    pub mode: Mode,
    pub focus: PaneId,
    /// All panes in a grid instead of the focused one alone.
    pub grid: bool,
    pub session: Session,
    pub panes: Panes,
    pub refresh: Refresh,
    pub flash: Option<Flash>,
    /// A problem that outlives a flash, such as a bad config file; `esc` dismisses it.
    pub notice: Option<String>,
    /// Profile names from the AWS config files, for `:profile` completion.
    pub profiles: Vec<String>,
    pub quit: bool,
    /// Where incidents and exports are kept, shown in help.
    pub state_dir: Option<std::path::PathBuf>,
    /// The last request id given out.
    pub(super) reqs: u64,
}

impl AppState {
    pub fn new(settings: SessionSettings, refresh: Refresh, now: Timestamp, screen: Size) -> Self {
        let region = settings.region.clone().unwrap_or_default();
        let caller_profile = settings.profile.clone();
        AppState {
            now,
            replay: None,
            screen,
            mode: Mode::Normal,
            focus: PaneId::ALL[0],
            grid: false,
            session: Session {
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
                accounts: None,
                account_sets: Vec::new(),
                caller_profile,
                caller_account: None,
            },
            panes: Panes::new(now),
            refresh,
            state_dir: None,
            flash: None,
            notice: None,
            profiles: Vec::new(),
            quit: false,
            reqs: 0,
        }
    }

    pub fn next_req(&mut self) -> u64 {
        self.reqs += 1;
        self.reqs
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
            || PaneId::ALL
                .iter()
                .any(|id| super::panes::pane(self, *id).busy())
    }

    /// The focused pane, for what every list pane does alike.
    pub fn focused_list(&mut self) -> &mut dyn ListPane {
        super::panes::pane_mut(self, self.focus)
    }

    pub fn focused_filter(&self) -> &str {
        super::panes::pane(self, self.focus).filter()
    }
}
