//! The one list of the console's panes: their order (which is their number), titles and
//! `:` words, and the one place that turns a `PaneId` into its pane. Everything else
//! iterates this list.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::state::AppState;
use crate::pane::{Pane, ViewCx};
use crate::theme::Theme;

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
        PaneId::Alarms => &state.alarms,
        PaneId::Changes => &state.changes,
        PaneId::Health => &state.health,
        PaneId::Logs => &state.logs,
        PaneId::Runbooks => &state.runbooks,
        PaneId::Timeline => &state.timeline,
    }
}

pub fn pane_mut(state: &mut AppState, id: PaneId) -> &mut dyn Pane {
    match id {
        PaneId::Alarms => &mut state.alarms,
        PaneId::Changes => &mut state.changes,
        PaneId::Health => &mut state.health,
        PaneId::Logs => &mut state.logs,
        PaneId::Runbooks => &mut state.runbooks,
        PaneId::Timeline => &mut state.timeline,
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
