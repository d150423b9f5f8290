//! The one list of the console's panes: their order (which is their number), titles and
//! `:` words, and the one place that turns a `PaneId` into its pane. Everything else
//! iterates this list.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::state::AppState;
use crate::alarms::AlarmsPane;
use crate::changes::pane::ChangesPane;
use crate::health::HealthPane;
use crate::logs::pane::LogsPane;
use crate::pane::{Pane, ViewCx};
use crate::runbook::pane::RunbooksPane;
use crate::theme::Theme;
use crate::timeline::pane::TimelinePane;

/// Every pane's state.
pub struct Panes {
    pub alarms: AlarmsPane,
    pub changes: ChangesPane,
    pub health: HealthPane,
    pub logs: LogsPane,
    pub runbooks: RunbooksPane,
    pub timeline: TimelinePane,
}

impl Panes {
    pub fn new(now: jiff::Timestamp) -> Panes {
        Panes {
            alarms: AlarmsPane::default(),
            changes: ChangesPane::new(jiff::SignedDuration::from_hours(3), now),
            health: HealthPane::default(),
            logs: LogsPane::default(),
            runbooks: RunbooksPane::looking_in(vec![std::path::PathBuf::from("runbooks")]),
            timeline: TimelinePane::default(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaneId {
    Alarms,
    Changes,
    Health,
    Logs,
    Runbooks,
    Timeline,
}

/// A pane's place in the console.
struct Entry {
    id: PaneId,
    title: &'static str,
    /// The `:` command that focuses it.
    word: &'static str,
}

/// The panes in order: the first is pane 1.
const PANES: &[Entry] = &[
    Entry {
        id: PaneId::Alarms,
        title: "Alarms",
        word: "alarms",
    },
    Entry {
        id: PaneId::Changes,
        title: "Changes",
        word: "changes",
    },
    Entry {
        id: PaneId::Health,
        title: "Health",
        word: "health",
    },
    Entry {
        id: PaneId::Logs,
        title: "Logs",
        word: "logs",
    },
    Entry {
        id: PaneId::Runbooks,
        title: "Runbooks",
        word: "runbooks",
    },
    Entry {
        id: PaneId::Timeline,
        title: "Timeline",
        word: "timeline",
    },
];

impl PaneId {
    pub const ALL: &'static [PaneId] = &[
        PaneId::Alarms,
        PaneId::Changes,
        PaneId::Health,
        PaneId::Logs,
        PaneId::Runbooks,
        PaneId::Timeline,
    ];

    fn entry(self) -> &'static Entry {
        let at = PANES.iter().position(|e| e.id == self).unwrap_or_default();
        &PANES[at]
    }

    pub fn title(self) -> &'static str {
        self.entry().title
    }

    /// The `:` command that focuses it.
    pub fn command(self) -> &'static str {
        self.entry().word
    }

    /// Its number: the key that focuses it.
    pub fn number(self) -> usize {
        PANES.iter().position(|e| e.id == self).unwrap_or_default() + 1
    }

    /// The pane with this number, if there is one.
    pub fn numbered(n: usize) -> Option<PaneId> {
        PANES.get(n.checked_sub(1)?).map(|e| e.id)
    }

    /// The pane whose `:` word this is.
    pub fn named(word: &str) -> Option<PaneId> {
        PANES.iter().find(|e| e.word == word).map(|e| e.id)
    }

    /// How a message names the way to it: `press 4 or :logs`.
    pub fn how_to_focus(self) -> String {
        format!("press {} or :{}", self.number(), self.command())
    }
}

pub fn pane(state: &AppState, id: PaneId) -> &dyn Pane {
    match id {
        PaneId::Alarms => &state.panes.alarms,
        PaneId::Changes => &state.panes.changes,
        PaneId::Health => &state.panes.health,
        PaneId::Logs => &state.panes.logs,
        PaneId::Runbooks => &state.panes.runbooks,
        PaneId::Timeline => &state.panes.timeline,
    }
}

pub fn pane_mut(state: &mut AppState, id: PaneId) -> &mut dyn Pane {
    match id {
        PaneId::Alarms => &mut state.panes.alarms,
        PaneId::Changes => &mut state.panes.changes,
        PaneId::Health => &mut state.panes.health,
        PaneId::Logs => &mut state.panes.logs,
        PaneId::Runbooks => &mut state.panes.runbooks,
        PaneId::Timeline => &mut state.panes.timeline,
    }
}

/// What a pane's drawing is told of the console.
pub fn view_cx(state: &AppState) -> ViewCx<'_> {
    ViewCx {
        now: state.now,
        connected: state.session.connected,
        refresh: &state.refresh,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, id: PaneId) {
    let cx = view_cx(state);
    pane(state, id).draw(frame, area, &cx, theme, id == state.focus);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pane_has_one_number_title_and_word() {
        for (i, id) in PaneId::ALL.iter().enumerate() {
            assert_eq!(id.number(), i + 1);
            assert_eq!(PaneId::numbered(i + 1), Some(*id));
            assert_eq!(PaneId::named(id.command()), Some(*id));
        }
        assert_eq!(PANES.len(), PaneId::ALL.len());
        assert_eq!(PaneId::numbered(0), None);
        assert_eq!(PaneId::numbered(PaneId::ALL.len() + 1), None);
        assert_eq!(PaneId::Logs.how_to_focus(), "press 4 or :logs");
    }
}
