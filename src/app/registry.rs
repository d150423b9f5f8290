//! The machinery behind the list of panes in `panes.rs`: from one line per pane, `registry!`
//! makes the `PaneId` enum, the `Panes` that hold them, and every function that reaches a
//! pane through its own type (its messages, keys, commands, refreshes, news, drawing).

use super::effect::Effect;
use crate::command::Command;
use crate::pane::{Ask, Component, Console, Cx};

/// A pane's place in the console.
pub struct Entry<Id: 'static> {
    pub id: Id,
    pub title: &'static str,
    /// The `:` command that focuses it.
    pub word: &'static str,
    /// The commands that work in this pane only: elsewhere they say to come here.
    pub home: &'static [Command],
}

/// What a pane did: what its body returned, the effects it asked for, and its asks.
pub struct Acted<R> {
    pub out: R,
    pub effects: Vec<Effect>,
    pub asks: Vec<Ask>,
}

/// Lets `pane` act through a `Cx`, its work turned into the loop's effects.
pub fn drive<P, R>(
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

/// Runs `$body` with `$p` bound to the pane in field `$field` (pane `$id`) through a `Cx`.
macro_rules! with {
    ($state:expr, $keymap:expr, $id:expr, $field:ident, |$p:ident, $cx:ident| $body:expr) => {{
        let id: PaneId = $id;
        let rows = crate::ui::layout::list_rows($state, id);
        let focused = $state.focus == id;
        let mut asks = Vec::new();
        let state: &mut AppState = $state;
        let console = crate::pane::Console {
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
        let (out, effects) = $crate::app::registry::drive(
            &mut state.panes.$field,
            console,
            rows,
            focused,
            |$p, $cx| $body,
        );
        $crate::app::registry::Acted { out, effects, asks }
    }};
}

/// The panes, one line each: `Id(field: Type = make) "Title" "word" [home commands];`, in
/// their order (the first is pane 1). `make` is given the console's start time. A line may
/// carry attributes (`#[cfg(test)]`), which go to everything made from it.
macro_rules! registry {
    ($($(#[$meta:meta])* $id:ident($field:ident: $ty:ty = $make:expr) $title:literal $word:literal [$($home:ident),*];)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum PaneId {
            $($(#[$meta])* $id),*
        }

        /// Every pane's state.
        pub struct Panes {
            $($(#[$meta])* pub $field: $ty),*
        }

        impl Panes {
            pub fn new(now: jiff::Timestamp) -> Panes {
                let _ = now;
                Panes {
                    $($(#[$meta])* $field: ($make)(now)),*
                }
            }
        }

        const PANES: &[Entry<PaneId>] = &[
            $($(#[$meta])* Entry {
                id: PaneId::$id,
                title: $title,
                word: $word,
                home: &[$(Command::$home),*],
            }),*
        ];

        impl PaneId {
            pub const ALL: &'static [PaneId] = &[$($(#[$meta])* PaneId::$id),*];
        }

        /// A pane's message goes to its pane.
        pub fn update(state: &mut AppState, keymap: &Keymap, msg: Msg) -> Option<(PaneId, Acted<()>)> {
            match msg {
                $($(#[$meta])* Msg::$id(m) => Some((
                    PaneId::$id,
                    with!(state, keymap, PaneId::$id, $field, |p, cx| Component::update(p, m, cx)),
                )),)*
                _ => None,
            }
        }

        /// A command to the focused pane; `out` is false when it is not the pane's.
        pub fn command(state: &mut AppState, keymap: &Keymap, command: Command) -> Acted<bool> {
            match state.focus {
                $($(#[$meta])* PaneId::$id => with!(state, keymap, PaneId::$id, $field, |p, cx| Component::command(p, command, cx)),)*
            }
        }

        /// Whether the focused pane reads keys itself now.
        pub fn captures_keys(state: &AppState) -> bool {
            match state.focus {
                $($(#[$meta])* PaneId::$id => Component::captures_keys(&state.panes.$field),)*
            }
        }

        /// Whether the focused pane drops a key the terminal read at `read_at` (typed before
        /// what it would answer was on screen).
        pub fn drops_key(state: &AppState, read_at: std::time::Instant) -> bool {
            if !matches!(state.mode, super::state::Mode::Normal) {
                return false;
            }
            match state.focus {
                $($(#[$meta])* PaneId::$id => Component::drops_key(&state.panes.$field, read_at),)*
            }
        }

        /// Why the session must not change now, from the first pane that holds it.
        pub fn holds_session(state: &AppState) -> Option<String> {
            $($(#[$meta])* if let Some(why) = Component::holds_session(&state.panes.$field) {
                return Some(why);
            })*
            None
        }

        /// A key the focused pane reads itself.
        pub fn key(state: &mut AppState, keymap: &Keymap, key: KeyEvent) -> Acted<()> {
            match state.focus {
                $($(#[$meta])* PaneId::$id => with!(state, keymap, PaneId::$id, $field, |p, cx| Component::key(p, key, cx)),)*
            }
        }

        /// `enter` on the focused pane's list.
        pub fn open(state: &mut AppState, keymap: &Keymap) -> Acted<()> {
            match state.focus {
                $($(#[$meta])* PaneId::$id => with!(state, keymap, PaneId::$id, $field, |p, cx| Component::open(p, cx)),)*
            }
        }

        /// Pane `id`'s `:` line.
        pub fn line(state: &mut AppState, keymap: &Keymap, id: PaneId, args: &[String]) -> Acted<()> {
            match id {
                $($(#[$meta])* PaneId::$id => with!(state, keymap, PaneId::$id, $field, |p, cx| Component::line(p, args, cx)),)*
            }
        }

        pub fn schedule(state: &mut AppState, keymap: &Keymap, id: PaneId, force: bool) -> Acted<()> {
            match id {
                $($(#[$meta])* PaneId::$id => with!(state, keymap, PaneId::$id, $field, |p, cx| Component::schedule(p, force, cx)),)*
            }
        }

        pub fn focus(state: &mut AppState, keymap: &Keymap, id: PaneId, focused: bool) -> Acted<()> {
            match id {
                $($(#[$meta])* PaneId::$id => with!(state, keymap, PaneId::$id, $field, |p, cx| Component::focus(p, focused, cx)),)*
            }
        }

        pub fn hear(state: &mut AppState, keymap: &Keymap, id: PaneId, news: &News) -> Acted<()> {
            match id {
                $($(#[$meta])* PaneId::$id => with!(state, keymap, PaneId::$id, $field, |p, cx| Component::hear(p, news, cx)),)*
            }
        }

        pub fn reset(state: &mut AppState, keymap: &Keymap, id: PaneId) -> Acted<()> {
            match id {
                $($(#[$meta])* PaneId::$id => with!(state, keymap, PaneId::$id, $field, |p, cx| Component::reset(p, cx)),)*
            }
        }

        /// Selects the item with this timeline key in pane `id`; whether it had it.
        pub fn show(state: &mut AppState, id: PaneId, key: &str) -> bool {
            match id {
                $($(#[$meta])* PaneId::$id => Component::show(&mut state.panes.$field, key),)*
            }
        }

        /// The focused pane's selected item, as the event `p` pins.
        pub fn pin(state: &AppState) -> Result<crate::timeline::TimelineEvent, String> {
            match state.focus {
                $($(#[$meta])* PaneId::$id => Component::pin(&state.panes.$field, state.now),)*
            }
        }

        pub fn pane(state: &AppState, id: PaneId) -> &dyn Pane {
            match id {
                $($(#[$meta])* PaneId::$id => &state.panes.$field,)*
            }
        }

        pub fn pane_mut(state: &mut AppState, id: PaneId) -> &mut dyn Pane {
            match id {
                $($(#[$meta])* PaneId::$id => &mut state.panes.$field,)*
            }
        }
    };
}
