//! What the panes ask of the console, done: messages, the focus, the `:` line, news passed
//! to every other pane, an item shown in its own pane, a refresh, the clipboard.

use std::collections::VecDeque;

use tui_input::Input;

use super::effect::Effect;
use super::panes::{self, PaneId};
use super::registry::Acted;
use super::state::{AppState, CommandLine, Mode};
use crate::keymap::Keymap;
use crate::kit::Loadable;
use crate::pane::{Ask, News};

/// A news chain longer than this is a loop between panes: it stops.
const MOST_ASKS: usize = 64;

/// The effects of what pane `from` did, after its asks are done.
pub fn settle<R>(
    state: &mut AppState,
    keymap: &Keymap,
    from: PaneId,
    acted: Acted<R>,
) -> (R, Vec<Effect>) {
    let mut effects = acted.effects;
    let mut queue: VecDeque<(PaneId, Ask)> = acted.asks.into_iter().map(|a| (from, a)).collect();
    let mut done = 0;
    while let Some((who, ask)) = queue.pop_front() {
        done += 1;
        if done > MOST_ASKS {
            tracing::warn!(
                "the panes asked more than {MOST_ASKS} things of one another at once; the rest were dropped"
            );
            break;
        }
        let mut take = |acted: Acted<()>, id: PaneId, effects: &mut Vec<Effect>| {
            effects.extend(acted.effects);
            queue.extend(acted.asks.into_iter().map(|a| (id, a)));
        };
        match ask {
            Ask::Flash(level, text) => state.flash(level, text),
            Ask::Notice(text) => state.notice = Some(text),
            Ask::Prompt(text) => {
                state.mode = Mode::Command(CommandLine {
                    input: Input::new(text),
                    ..CommandLine::default()
                })
            }
            Ask::Copy(text) => effects.push(Effect::Copy { text }),
            Ask::Quit => state.quit = true,
            Ask::Refresh => effects.extend(schedule(state, keymap, true)),
            Ask::Focus => effects.extend(set_focus(state, keymap, who)),
            Ask::Tell(news) => {
                for id in PaneId::ALL.iter().copied().filter(|id| *id != who) {
                    let acted = panes::hear(state, keymap, id, &news);
                    take(acted, id, &mut effects);
                }
            }
            Ask::Show(key) => {
                match PaneId::ALL
                    .iter()
                    .copied()
                    .find(|id| *id != who && panes::show(state, *id, &key))
                {
                    Some(id) => effects.extend(set_focus(state, keymap, id)),
                    None => {
                        let acted = panes::hear(state, keymap, who, &News::NotShown(key));
                        take(acted, who, &mut effects);
                    }
                }
            }
        }
    }
    (acted.out, effects)
}

/// Moves the focus: the pane left and the pane focused each hear of it.
pub fn set_focus(state: &mut AppState, keymap: &Keymap, pane: PaneId) -> Vec<Effect> {
    if pane == state.focus {
        return Vec::new();
    }
    let left = state.focus;
    let acted = panes::focus(state, keymap, left, false);
    let (_, mut effects) = settle(state, keymap, left, acted);
    state.focus = pane;
    let acted = panes::focus(state, keymap, pane, true);
    effects.extend(settle(state, keymap, pane, acted).1);
    effects
}

/// Tells every pane but `from`.
pub fn tell(state: &mut AppState, keymap: &Keymap, from: PaneId, news: News) -> Vec<Effect> {
    let acted = Acted {
        out: (),
        effects: Vec::new(),
        asks: vec![Ask::Tell(news)],
    };
    settle(state, keymap, from, acted).1
}

/// Tells every pane, the focused one too (`p` and `n` work from every pane).
pub fn tell_all(state: &mut AppState, keymap: &Keymap, news: &News) -> Vec<Effect> {
    let mut effects = Vec::new();
    for id in PaneId::ALL.iter().copied() {
        let acted = panes::hear(state, keymap, id, news);
        effects.extend(settle(state, keymap, id, acted).1);
    }
    effects
}

/// Starts the refreshes that are due (or, when `force`, every one not in flight).
pub fn schedule(state: &mut AppState, keymap: &Keymap, force: bool) -> Vec<Effect> {
    if !state.session.connected {
        return Vec::new();
    }
    let mut effects = identity_due(state, force);
    for id in PaneId::ALL.iter().copied() {
        let acted = panes::schedule(state, keymap, id, force);
        effects.extend(settle(state, keymap, id, acted).1);
    }
    effects
}

/// Keeps every pane's selection within the rows it shows.
pub fn keep_selection_on_screen(state: &mut AppState) {
    for id in PaneId::ALL.iter().copied() {
        let rows = crate::ui::layout::list_rows(state, id);
        panes::pane_mut(state, id)
            .cursor_mut()
            .scroll_into_view(rows);
    }
}

/// How soon STS is asked again after it failed: the account names the header, the journal
/// and every confirmation, so it is not left unknown for a whole refresh interval.
const IDENTITY_RETRY: std::time::Duration = std::time::Duration::from_secs(10);

/// STS is asked again while the caller identity is not known.
pub fn identity_due(state: &mut AppState, force: bool) -> Vec<Effect> {
    let now = state.now;
    let due = match state.session.identity {
        Loadable::Ready(_) => false,
        Loadable::Loading => !state.session.identity_status.in_flight(),
        Loadable::Failed(_) => {
            let every = state.refresh.alarms.min(IDENTITY_RETRY);
            state.session.identity_status.due(now, every)
        }
    };
    if (force && !matches!(state.session.identity, Loadable::Ready(_))) || due {
        let req = state.next_req();
        state.session.identity_status.start(req, now);
        return vec![Effect::LoadIdentity { req }];
    }
    Vec::new()
}

/// Starts a new session with changed settings: every pane starts over.
pub fn reconnect(state: &mut AppState, keymap: &Keymap) -> Vec<Effect> {
    let s = &mut state.session;
    s.generation += 1;
    s.connected = false;
    s.identity = Loadable::Loading;
    s.identity_status = Default::default();
    s.region = s.settings.region.clone().unwrap_or_default();
    s.profile = s.settings.effective_profile();
    let mut effects = reset_panes(state, keymap);
    effects.push(Effect::Connect {
        generation: state.session.generation,
        settings: state.session.settings.clone(),
        accounts: state.session.accounts.clone(),
    });
    effects
}

/// Every pane forgets what it holds of the session or instant that ended.
pub fn reset_panes(state: &mut AppState, keymap: &Keymap) -> Vec<Effect> {
    let mut effects = Vec::new();
    for id in PaneId::ALL.iter().copied() {
        let acted = panes::reset(state, keymap, id);
        effects.extend(settle(state, keymap, id, acted).1);
    }
    effects
}
