//! What keys do: in normal mode through the keymap, while typing a filter or a `:` line,
//! and in help.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::cmdline::{self, LineCommand};
use super::effect::Effect;
use super::panes::{self, PaneId};
use super::route;
use super::route::{keep_selection_on_screen, reconnect, schedule};
use super::state::{AppState, CommandLine, Mode};
use crate::command::Command;
use crate::keymap::Keymap;
use crate::pane::{Level, News};
use crate::ui::layout;

pub fn on_key(state: &mut AppState, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    let captured = panes::captures_keys(state);
    match &mut state.mode {
        Mode::Normal if captured => {
            let acted = panes::key(state, keymap, key);
            let focus = state.focus;
            route::settle(state, keymap, focus, acted).1
        }
        Mode::Normal => match keymap.command_for(&key) {
            Some(command) => run(state, keymap, command),
            None => Vec::new(),
        },
        Mode::Help { scroll } => {
            match keymap.command_for(&key) {
                Some(Command::Down) => *scroll = scroll.saturating_add(1),
                Some(Command::Up) => *scroll = scroll.saturating_sub(1),
                Some(Command::PageDown) => *scroll = scroll.saturating_add(10),
                Some(Command::PageUp) => *scroll = scroll.saturating_sub(10),
                Some(Command::Top) => *scroll = 0,
                Some(Command::Back | Command::Help | Command::Quit) => state.mode = Mode::Normal,
                _ => {}
            }
            Vec::new()
        }
        Mode::Filter(input) => {
            match key.code {
                KeyCode::Enter => state.mode = Mode::Normal,
                KeyCode::Esc => {
                    state.focused_list().set_filter("");
                    state.mode = Mode::Normal;
                }
                _ => {
                    input.handle_event(&Event::Key(key));
                    let text = input.value().to_string();
                    state.focused_list().set_filter(&text);
                    keep_selection_on_screen(state);
                }
            }
            Vec::new()
        }
        Mode::Command(line) => match key.code {
            KeyCode::Esc => {
                state.mode = Mode::Normal;
                Vec::new()
            }
            KeyCode::Tab | KeyCode::BackTab => {
                let accounts = crate::accounts::focus::names(&state.session.account_sets);
                let pools = (&state.profiles[..], &accounts[..]);
                complete(line, pools, key.code == KeyCode::BackTab);
                Vec::new()
            }
            KeyCode::Enter => {
                let text = line.input.value().to_string();
                state.mode = Mode::Normal;
                match cmdline::parse(&text) {
                    Ok(command) => run_line(state, keymap, command),
                    Err(message) if message.is_empty() => Vec::new(),
                    Err(message) => {
                        state.flash(Level::Error, message);
                        Vec::new()
                    }
                }
            }
            _ => {
                line.input.handle_event(&Event::Key(key));
                line.completions.clear();
                line.completion_index = None;
                Vec::new()
            }
        },
    }
}

/// Completes the line from the `(profiles, accounts)` it may name.
fn complete(line: &mut CommandLine, pools: (&[String], &[String]), backwards: bool) {
    if line.completion_index.is_none() {
        line.completions = cmdline::completions(line.input.value(), pools.0, pools.1);
    }
    let count = line.completions.len();
    if count == 0 {
        return;
    }
    let next = match (line.completion_index, backwards) {
        (None, false) => 0,
        (None, true) => count - 1,
        (Some(i), false) => (i + 1) % count,
        (Some(i), true) => (i + count - 1) % count,
    };
    line.completion_index = Some(next);
    let mut text = line.completions[next].clone();
    if count == 1 && matches!(text.as_str(), "region" | "profile" | "account") {
        text.push(' ');
    }
    line.input = Input::new(text);
}

fn run_line(state: &mut AppState, keymap: &Keymap, command: LineCommand) -> Vec<Effect> {
    match command {
        LineCommand::Quit => run(state, keymap, Command::Quit),
        LineCommand::Help => run(state, keymap, Command::Help),
        LineCommand::Refresh => schedule(state, keymap, true),
        LineCommand::Grid => run(state, keymap, Command::ToggleGrid),
        LineCommand::Focus(name) => match PaneId::named(name) {
            Some(pane) => set_focus(state, keymap, pane),
            None => Vec::new(),
        },
        LineCommand::Alarms(args) => pane_line(state, keymap, "alarms", &args),
        LineCommand::Changes(args) => pane_line(state, keymap, "changes", &args),
        LineCommand::Logs(args) => pane_line(state, keymap, "logs", &args),
        LineCommand::Incident(args) => pane_words(state, keymap, "timeline", "incident", args),
        LineCommand::Note(args) => pane_words(state, keymap, "timeline", "note", args),
        LineCommand::Export(args) => pane_words(state, keymap, "timeline", "export", args),
        LineCommand::Timeline(args) => pane_words(state, keymap, "timeline", "timeline", args),
        LineCommand::Health(args) => pane_line(state, keymap, "health", &args),
        LineCommand::Region(_)
        | LineCommand::Profile(_)
        | LineCommand::Accounts(_)
        | LineCommand::Account(_)
            if let Some(why) = panes::holds_session(state) =>
        {
            state.flash(Level::Error, why);
            Vec::new()
        }
        LineCommand::Region(region) => {
            state.session.settings.region = Some(region.clone());
            state.flash(Level::Info, format!("Switching to region {region}"));
            reconnect(state, keymap)
        }
        LineCommand::Account(name) => super::account::focus(state, keymap, &name),
        LineCommand::Profile(profile) => {
            state.session.settings.profile = Some(profile.clone());
            state.session.settings.role_arn = None;
            state.session.caller_profile = Some(profile.clone());
            state.session.caller_account = None;
            state.flash(Level::Info, format!("Switching to profile {profile}"));
            reconnect(state, keymap)
        }
        LineCommand::Accounts(name) => over_accounts(state, keymap, name.as_deref()),
    }
}

/// `:accounts NAME`: the Alarms pane sweeps that set (the other panes stay on the session);
/// `:accounts` alone or `off`: back to the one session. An unknown set names the known ones.
fn over_accounts(state: &mut AppState, keymap: &Keymap, name: Option<&str>) -> Vec<Effect> {
    let set = match name.map(|n| crate::accounts::find(&state.session.account_sets, n)) {
        None if state.session.accounts.is_none() => {
            state.flash(Level::Info, "The console is on one account already");
            return Vec::new();
        }
        None => None,
        Some(Ok(set)) => Some(set.clone()),
        Some(Err(why)) => {
            state.flash(Level::Error, why);
            return Vec::new();
        }
    };
    let words = match &set {
        Some(set) => format!("Alarms over the account set {}", set.name),
        None => "Back to one account".to_string(),
    };
    state.flash(Level::Info, words);
    state.session.accounts = set;
    reconnect(state, keymap)
}

/// `:WORD args` for a pane: focuses it, then the pane reads its line.
fn pane_line(state: &mut AppState, keymap: &Keymap, word: &str, args: &[String]) -> Vec<Effect> {
    let Some(pane) = PaneId::named(word) else {
        return Vec::new();
    };
    let mut effects = set_focus(state, keymap, pane);
    let acted = panes::line(state, keymap, pane, args);
    effects.extend(route::settle(state, keymap, pane, acted).1);
    effects
}

/// `:WORD args` for a pane that reads several words (`:incident`, `:note` ... are the
/// Timeline's): the pane gets the word first, and asks for the focus when it wants it.
fn pane_words(
    state: &mut AppState,
    keymap: &Keymap,
    pane: &str,
    word: &str,
    args: Vec<String>,
) -> Vec<Effect> {
    let Some(pane) = PaneId::named(pane) else {
        return Vec::new();
    };
    let words: Vec<String> = std::iter::once(word.to_string()).chain(args).collect();
    let acted = panes::line(state, keymap, pane, &words);
    route::settle(state, keymap, pane, acted).1
}

fn run(state: &mut AppState, keymap: &Keymap, command: Command) -> Vec<Effect> {
    if !console_command(command) {
        let acted = panes::command(state, keymap, command);
        let focus = state.focus;
        let (mine, effects) = route::settle(state, keymap, focus, acted);
        if mine {
            return effects;
        }
    }
    let rows = layout::list_rows(state, state.focus);
    let page = rows.max(1) as isize;
    match command {
        Command::Quit => state.quit = true,
        Command::Help => state.mode = Mode::Help { scroll: 0 },
        Command::CommandMode => state.mode = Mode::Command(CommandLine::default()),
        Command::Filter => {
            state.mode = Mode::Filter(Input::new(state.focused_filter().to_string()))
        }
        Command::NextPane | Command::PrevPane => {
            let all = PaneId::ALL;
            let at = all.iter().position(|p| *p == state.focus).unwrap_or(0);
            let step = if command == Command::NextPane {
                1
            } else {
                all.len() - 1
            };
            return set_focus(state, keymap, all[(at + step) % all.len()]);
        }
        Command::FocusPane(n) => match PaneId::numbered(usize::from(n)) {
            Some(pane) => return set_focus(state, keymap, pane),
            None => state.flash(Level::Info, format!("There is no pane {n} yet")),
        },
        Command::Down
        | Command::Up
        | Command::PageDown
        | Command::PageUp
        | Command::Top
        | Command::Bottom => {
            let delta = match command {
                Command::Down => 1,
                Command::Up => -1,
                Command::PageDown => page,
                Command::PageUp => -page,
                Command::Top => isize::MIN / 2,
                _ => isize::MAX / 2,
            };
            let pane = state.focused_list();
            match pane.detail_scroll() {
                Some(scroll) => *scroll = scroll.saturating_add_signed(delta).min(usize::MAX / 2),
                None => {
                    let len = pane.visible_len();
                    pane.cursor_mut().move_by(delta, len, rows);
                }
            }
        }
        Command::Open => return open(state, keymap),
        Command::Back => {
            if state.focused_list().close() {
            } else if state.notice.is_some() {
                state.notice = None;
            } else {
                state.focused_list().set_filter("");
            }
        }
        Command::Refresh => {
            let mut effects = schedule(state, keymap, true);
            let acted = panes::command(state, keymap, Command::Refresh);
            let focus = state.focus;
            effects.extend(route::settle(state, keymap, focus, acted).1);
            if state.focused_list().close() {
                effects.extend(open(state, keymap));
            }
            return effects;
        }
        Command::ReplayBack | Command::ReplayForward => return replay_step(state, keymap, command),
        Command::Note => return route::tell_all(state, keymap, &News::NoteAsked),
        Command::Pin => {
            let item = panes::pin(state);
            return route::tell_all(state, keymap, &News::Pin(item));
        }
        Command::ToggleGrid => state.grid = !state.grid,
        other => {
            if let Some(home) = PaneId::home_of(other) {
                state.flash(
                    Level::Info,
                    format!(
                        "{} works in the {} pane ({})",
                        keymap
                            .hint(other)
                            .unwrap_or_else(|| other.name().to_string()),
                        home.title(),
                        home.how_to_focus()
                    ),
                );
            }
        }
    }
    Vec::new()
}

/// Commands the console answers whatever pane is focused.
fn console_command(command: Command) -> bool {
    matches!(
        command,
        Command::Quit
            | Command::Help
            | Command::CommandMode
            | Command::Filter
            | Command::NextPane
            | Command::PrevPane
            | Command::FocusPane(_)
            | Command::Back
            | Command::Refresh
            | Command::ReplayBack
            | Command::ReplayForward
            | Command::Note
            | Command::Pin
            | Command::ToggleGrid
    )
}

/// Moves a replay's clock a minute back or forward, within the recording; every pane asks
/// the recording again.
fn replay_step(state: &mut AppState, keymap: &Keymap, command: Command) -> Vec<Effect> {
    let Some(replay) = state.replay.as_mut() else {
        state.flash(
            Level::Info,
            "[ and ] move through time in a replay (warroom replay FILE)",
        );
        return Vec::new();
    };
    let step = jiff::SignedDuration::from_mins(1);
    let at = if command == Command::ReplayBack {
        replay.at - step
    } else {
        replay.at + step
    };
    replay.at = at.clamp(replay.start, replay.end);
    state.now = replay.at;
    let mut effects = route::reset_panes(state, keymap);
    effects.extend(schedule(state, keymap, true));
    effects
}

/// Opens the focused pane's selected row.
fn open(state: &mut AppState, keymap: &Keymap) -> Vec<Effect> {
    let acted = panes::open(state, keymap);
    let focus = state.focus;
    route::settle(state, keymap, focus, acted).1
}

/// Moves the focus; each pane hears that it left or came.
pub(super) fn set_focus(state: &mut AppState, keymap: &Keymap, pane: PaneId) -> Vec<Effect> {
    route::set_focus(state, keymap, pane)
}
