//! The one list of the console's panes: their order (which is their number), titles and
//! `:` words, and the one place that turns a `PaneId` into its pane. Everything else
//! iterates this list.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::effect::Effect;
use super::msg::Msg;
use super::state::AppState;
use crate::alarms::AlarmsPane;
use crate::changes::pane::ChangesPane;
use crate::command::Command;
use crate::health::HealthPane;
use crate::keymap::Keymap;
use crate::logs::pane::LogsPane;
use crate::pane::{Ask, Component, Console, Cx, News};
use crate::pane::{Pane, ViewCx};
use crate::runbook::pane::RunbooksPane;
use crate::theme::Theme;
use crate::timeline::pane::TimelinePane;
use ratatui::crossterm::event::KeyEvent;

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
    /// The commands that work in this pane only: elsewhere they say to come here.
    home: &'static [Command],
}

/// The panes in order: the first is pane 1.
const PANES: &[Entry] = &[
    Entry {
        id: PaneId::Alarms,
        title: "Alarms",
        word: "alarms",
        home: &[Command::ToggleFiring, Command::ChangesBefore],
    },
    Entry {
        id: PaneId::Changes,
        title: "Changes",
        word: "changes",
        home: &[
            Command::SamePrincipal,
            Command::SameResource,
            Command::Copy,
            Command::CopyArn,
        ],
    },
    Entry {
        id: PaneId::Health,
        title: "Health",
        word: "health",
        home: &[],
    },
    Entry {
        id: PaneId::Logs,
        title: "Logs",
        word: "logs",
        home: &[
            Command::Logs,
            Command::EditQuery,
            Command::RunQuery,
            Command::TimeRange,
            Command::SavedQueries,
            Command::SaveQuery,
            Command::ToggleChart,
            Command::SortNext,
            Command::SortPrev,
            Command::SortReverse,
        ],
    },
    Entry {
        id: PaneId::Runbooks,
        title: "Runbooks",
        word: "runbooks",
        home: &[
            Command::Execute,
            Command::Stop,
            Command::SkipStep,
            Command::Acknowledge,
            Command::AbortRunbook,
            Command::InstanceOutput,
        ],
    },
    Entry {
        id: PaneId::Timeline,
        title: "Timeline",
        word: "timeline",
        home: &[],
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

/// Runs `$body` with `$p` bound to the pane in field `$field` (pane `$id`) through a `Cx`;
/// gives what the body returned, the effects the pane asked for, and its asks.
macro_rules! with {
    ($state:expr, $keymap:expr, $id:expr, $field:ident, |$p:ident, $cx:ident| $body:expr) => {{
        let id: PaneId = $id;
        let rows = crate::ui::layout::list_rows($state, id);
        let focused = $state.focus == id;
        let mut asks = Vec::new();
        let state: &mut AppState = $state;
        let console = Console {
            now: state.now,
            session: &state.session,
            refresh: &state.refresh,
            keymap: $keymap,
            grid: state.grid,
            replaying: state.replay.is_some(),
            number: id.number(),
            reqs: &mut state.reqs,
            asks: &mut asks,
        };
        let (out, effects) = drive(
            &mut state.panes.$field,
            console,
            rows,
            focused,
            |$p, $cx| $body,
        );
        (out, effects, asks)
    }};
}

/// `with!` for pane `$id`, whichever it is: `$body` is written once for every pane.
macro_rules! act {
    ($state:expr, $keymap:expr, $id:expr, |$p:ident, $cx:ident| $body:expr) => {
        match $id {
            PaneId::Alarms => with!($state, $keymap, PaneId::Alarms, alarms, |$p, $cx| $body),
            PaneId::Changes => with!($state, $keymap, PaneId::Changes, changes, |$p, $cx| $body),
            PaneId::Health => with!($state, $keymap, PaneId::Health, health, |$p, $cx| $body),
            PaneId::Logs => with!($state, $keymap, PaneId::Logs, logs, |$p, $cx| $body),
            PaneId::Runbooks => with!($state, $keymap, PaneId::Runbooks, runbooks, |$p, $cx| $body),
            PaneId::Timeline => with!($state, $keymap, PaneId::Timeline, timeline, |$p, $cx| $body),
        }
    };
}

fn drive<P, R>(
    pane: &mut P,
    console: Console,
    rows: usize,
    focused: bool,
    f: impl FnOnce(&mut P, &mut Cx<P::Work>) -> R,
) -> (R, Vec<Effect>)
where
    P: Component,
    P::Work: Into<Effect>,
{
    let mut cx = Cx::new(console, rows, focused);
    let out = f(pane, &mut cx);
    (out, cx.into_work().into_iter().map(Into::into).collect())
}

/// What a pane did: the effects it asked for and what it asks of the console.
pub struct Acted<R> {
    pub out: R,
    pub effects: Vec<Effect>,
    pub asks: Vec<Ask>,
}

fn acted<R>((out, effects, asks): (R, Vec<Effect>, Vec<Ask>)) -> Acted<R> {
    Acted { out, effects, asks }
}

/// A pane's message goes to its pane.
pub fn update(state: &mut AppState, keymap: &Keymap, msg: Msg) -> Option<(PaneId, Acted<()>)> {
    let (id, done) = match msg {
        Msg::Alarms(m) => (
            PaneId::Alarms,
            with!(state, keymap, PaneId::Alarms, alarms, |p, cx| {
                Component::update(p, m, cx)
            }),
        ),
        Msg::Changes(m) => (
            PaneId::Changes,
            with!(state, keymap, PaneId::Changes, changes, |p, cx| {
                Component::update(p, m, cx)
            }),
        ),
        Msg::Health(m) => (
            PaneId::Health,
            with!(state, keymap, PaneId::Health, health, |p, cx| {
                Component::update(p, m, cx)
            }),
        ),
        Msg::Logs(m) => (
            PaneId::Logs,
            with!(
                state,
                keymap,
                PaneId::Logs,
                logs,
                |p, cx| Component::update(p, m, cx)
            ),
        ),
        Msg::Runbooks(m) => (
            PaneId::Runbooks,
            with!(state, keymap, PaneId::Runbooks, runbooks, |p, cx| {
                Component::update(p, m, cx)
            }),
        ),
        Msg::Timeline(m) => (
            PaneId::Timeline,
            with!(state, keymap, PaneId::Timeline, timeline, |p, cx| {
                Component::update(p, m, cx)
            }),
        ),
        _ => return None,
    };
    Some((id, acted(done)))
}

/// A command to the focused pane; `out` is false when it is not the pane's.
pub fn command(state: &mut AppState, keymap: &Keymap, command: Command) -> Acted<bool> {
    let id = state.focus;
    acted(act!(state, keymap, id, |p, cx| Component::command(
        p, command, cx
    )))
}

/// Whether the focused pane reads keys itself now.
pub fn captures_keys(state: &AppState) -> bool {
    match state.focus {
        PaneId::Alarms => Component::captures_keys(&state.panes.alarms),
        PaneId::Changes => Component::captures_keys(&state.panes.changes),
        PaneId::Health => Component::captures_keys(&state.panes.health),
        PaneId::Logs => Component::captures_keys(&state.panes.logs),
        PaneId::Runbooks => Component::captures_keys(&state.panes.runbooks),
        PaneId::Timeline => Component::captures_keys(&state.panes.timeline),
    }
}

/// Whether the focused pane drops a key the terminal read at `read_at` (typed before what it
/// would answer was on screen).
pub fn drops_key(state: &AppState, read_at: std::time::Instant) -> bool {
    if !matches!(state.mode, super::state::Mode::Normal) {
        return false;
    }
    match state.focus {
        PaneId::Alarms => Component::drops_key(&state.panes.alarms, read_at),
        PaneId::Changes => Component::drops_key(&state.panes.changes, read_at),
        PaneId::Health => Component::drops_key(&state.panes.health, read_at),
        PaneId::Logs => Component::drops_key(&state.panes.logs, read_at),
        PaneId::Runbooks => Component::drops_key(&state.panes.runbooks, read_at),
        PaneId::Timeline => Component::drops_key(&state.panes.timeline, read_at),
    }
}

pub fn key(state: &mut AppState, keymap: &Keymap, key: KeyEvent) -> Acted<()> {
    let id = state.focus;
    acted(act!(state, keymap, id, |p, cx| Component::key(p, key, cx)))
}

pub fn open(state: &mut AppState, keymap: &Keymap) -> Acted<()> {
    let id = state.focus;
    acted(act!(state, keymap, id, |p, cx| Component::open(p, cx)))
}

pub fn line(state: &mut AppState, keymap: &Keymap, id: PaneId, args: &[String]) -> Acted<()> {
    acted(act!(state, keymap, id, |p, cx| Component::line(
        p, args, cx
    )))
}

pub fn schedule(state: &mut AppState, keymap: &Keymap, id: PaneId, force: bool) -> Acted<()> {
    acted(act!(state, keymap, id, |p, cx| Component::schedule(
        p, force, cx
    )))
}

pub fn focus(state: &mut AppState, keymap: &Keymap, id: PaneId, focused: bool) -> Acted<()> {
    acted(act!(state, keymap, id, |p, cx| Component::focus(
        p, focused, cx
    )))
}

pub fn hear(state: &mut AppState, keymap: &Keymap, id: PaneId, news: &News) -> Acted<()> {
    acted(act!(state, keymap, id, |p, cx| Component::hear(
        p, news, cx
    )))
}

pub fn reset(state: &mut AppState, keymap: &Keymap, id: PaneId) -> Acted<()> {
    acted(act!(state, keymap, id, |p, cx| Component::reset(p, cx)))
}

/// Selects the item with this timeline key in pane `id`; whether it had it.
pub fn show(state: &mut AppState, id: PaneId, key: &str) -> bool {
    let panes = &mut state.panes;
    match id {
        PaneId::Alarms => Component::show(&mut panes.alarms, key),
        PaneId::Changes => Component::show(&mut panes.changes, key),
        PaneId::Health => Component::show(&mut panes.health, key),
        PaneId::Logs => Component::show(&mut panes.logs, key),
        PaneId::Runbooks => Component::show(&mut panes.runbooks, key),
        PaneId::Timeline => Component::show(&mut panes.timeline, key),
    }
}

/// The focused pane's selected item, as the event `p` pins.
pub fn pin(state: &AppState) -> Result<crate::timeline::TimelineEvent, String> {
    let (panes, now) = (&state.panes, state.now);
    match state.focus {
        PaneId::Alarms => Component::pin(&panes.alarms, now),
        PaneId::Changes => Component::pin(&panes.changes, now),
        PaneId::Health => Component::pin(&panes.health, now),
        PaneId::Logs => Component::pin(&panes.logs, now),
        PaneId::Runbooks => Component::pin(&panes.runbooks, now),
        PaneId::Timeline => Component::pin(&panes.timeline, now),
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
