//! The one list of the console's panes: their order (which is their number), titles, `:`
//! words and the commands that are theirs. `registry!` (in `registry.rs`) makes from it the
//! `PaneId`, the `Panes` and the one place that turns a `PaneId` into its pane; everything
//! else iterates this list.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::msg::Msg;
use super::registry::{Acted, Entry};
use super::state::AppState;
use crate::alarms::AlarmsPane;
use crate::changes::pane::ChangesPane;
use crate::command::Command;
use crate::health::HealthPane;
use crate::keymap::Keymap;
use crate::logs::pane::LogsPane;
use crate::pane::{Component, News, Pane, ViewCx};
use crate::runbook::pane::state::RunbooksPane;
use crate::theme::Theme;
use crate::timeline::pane::TimelinePane;

registry! {
    Alarms(alarms: AlarmsPane = |_| AlarmsPane::default()) "Alarms" "alarms" [ToggleFiring, ChangesBefore, ChartWider, ChartNarrower];
    Changes(changes: ChangesPane = |now| ChangesPane::new(jiff::SignedDuration::from_hours(3), now)) "Changes" "changes" [SamePrincipal, SameResource, Copy, CopyArn];
    Health(health: HealthPane = |_| HealthPane::default()) "Health" "health" [];
    Logs(logs: LogsPane = |_| LogsPane::default()) "Logs" "logs" [Logs, EditQuery, RunQuery, TimeRange, SavedQueries, SaveQuery, ToggleChart, SortNext, SortPrev, SortReverse, LiveTail, Pause];
    Runbooks(runbooks: RunbooksPane = |_| RunbooksPane::looking_in(vec!["runbooks".into()])) "Runbooks" "runbooks" [Execute, Stop, SkipStep, Acknowledge, AbortRunbook, InstanceOutput];
    Timeline(timeline: TimelinePane = |_| TimelinePane::default()) "Timeline" "timeline" [];
    #[cfg(test)] Example(example: crate::example::ExamplePane = |_| Default::default()) "Example" "example" [];
}

impl PaneId {
    fn entry(self) -> &'static Entry<PaneId> {
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

    /// The pane a command works in only, if it is one pane's.
    pub fn home_of(command: Command) -> Option<PaneId> {
        PANES
            .iter()
            .find(|e| e.home.contains(&command))
            .map(|e| e.id)
    }

    /// How a message names the way to it: `press 4 or :logs`.
    pub fn how_to_focus(self) -> String {
        format!("press {} or :{}", self.number(), self.command())
    }
}

/// What a pane's drawing is told of the console.
pub fn view_cx(state: &AppState) -> ViewCx<'_> {
    ViewCx {
        now: state.now,
        connected: state.session.connected,
        refresh: &state.refresh,
        set: state.session.accounts.as_ref().map(|s| s.name.as_str()),
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
