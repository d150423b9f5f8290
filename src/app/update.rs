//! The update step: a message in, new state and the effects to run out.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};
use ratatui::layout::Size;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::cmdline::{self, LineCommand};
use super::command::Command;
use super::effect::Effect;
use super::keymap::Keymap;
use super::msg::Msg;
use super::state::{AppState, CommandLine, Level, Loadable, Mode, PaneId};
use crate::ui::layout;

pub fn update(state: &mut AppState, keymap: &Keymap, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => on_key(state, keymap, key),
        Msg::Key(_) => Vec::new(),
        Msg::Resize { width, height } => {
            state.screen = Size::new(width, height);
            let rows = layout::alarm_rows(state);
            state.alarms.scroll_into_view(rows);
            Vec::new()
        }
        Msg::Tick(now) => {
            state.now = now;
            if state.flash.as_ref().is_some_and(|f| f.until <= now) {
                state.flash = None;
            }
            schedule(state, false)
        }
        Msg::Connected {
            generation, info, ..
        } => {
            if generation != state.session.generation {
                return Vec::new();
            }
            let s = &mut state.session;
            s.connected = true;
            s.region = info.region;
            s.region_defaulted = info.region_defaulted;
            s.profile = info.profile;
            s.endpoint = info.endpoint;
            schedule(state, true)
        }
        Msg::IdentityLoaded { req, result } => {
            let s = &mut state.session;
            if s.identity_status.accept(req) {
                s.identity_status.finish(&result, state.now);
                s.identity = match result {
                    Ok(identity) => Loadable::Ready(identity),
                    Err(e) => Loadable::Failed(e),
                };
            }
            Vec::new()
        }
        Msg::AlarmsLoaded { req, result } => {
            let rows = layout::alarm_rows(state);
            if state.alarms.loaded(req, result, state.now) {
                state.alarms.scroll_into_view(rows);
            }
            Vec::new()
        }
        Msg::AlarmHistoryLoaded { req, result } => {
            state.alarms.history_loaded(req, result);
            Vec::new()
        }
        Msg::AlarmMetricLoaded { req, result } => {
            state.alarms.metric_loaded(req, result);
            Vec::new()
        }
    }
}

/// Starts the refreshes that are due (or all of them when `force`).
fn schedule(state: &mut AppState, force: bool) -> Vec<Effect> {
    if !state.session.connected {
        return Vec::new();
    }
    let now = state.now;
    let mut effects = Vec::new();
    let identity_due = match state.session.identity {
        Loadable::Ready(_) => false,
        Loadable::Loading => !state.session.identity_status.in_flight(),
        Loadable::Failed(_) => state.session.identity_status.due(now, state.refresh.alarms),
    };
    if (force && !matches!(state.session.identity, Loadable::Ready(_))) || identity_due {
        let req = state.next_req();
        state.session.identity_status.start(req, now);
        effects.push(Effect::LoadIdentity { req });
    }
    if force || state.alarms.status.due(now, state.refresh.alarms) {
        let req = state.next_req();
        effects.push(state.alarms.request(req, now));
    }
    effects
}

/// Starts a new session with changed settings: every pane starts over.
fn reconnect(state: &mut AppState) -> Vec<Effect> {
    let s = &mut state.session;
    s.generation += 1;
    s.connected = false;
    s.identity = Loadable::Loading;
    s.identity_status = Default::default();
    s.region = s.settings.region.clone().unwrap_or_default();
    s.profile = s.settings.effective_profile();
    state.alarms.reset();
    vec![Effect::Connect {
        generation: state.session.generation,
        settings: state.session.settings.clone(),
    }]
}

fn on_key(state: &mut AppState, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    match &mut state.mode {
        Mode::Normal => match keymap.command_for(&key) {
            Some(command) => run(state, command),
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
                    state.alarms.set_filter("");
                    state.mode = Mode::Normal;
                }
                _ => {
                    input.handle_event(&Event::Key(key));
                    let text = input.value().to_string();
                    state.alarms.set_filter(&text);
                    let rows = layout::alarm_rows(state);
                    state.alarms.scroll_into_view(rows);
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
                complete(line, &state.profiles, key.code == KeyCode::BackTab);
                Vec::new()
            }
            KeyCode::Enter => {
                let text = line.input.value().to_string();
                state.mode = Mode::Normal;
                match cmdline::parse(&text) {
                    Ok(command) => run_line(state, command),
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

fn complete(line: &mut CommandLine, profiles: &[String], backwards: bool) {
    if line.completion_index.is_none() {
        line.completions = cmdline::completions(line.input.value(), profiles);
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
    if count == 1 && matches!(text.as_str(), "region" | "profile") {
        text.push(' ');
    }
    line.input = Input::new(text);
}

fn run_line(state: &mut AppState, command: LineCommand) -> Vec<Effect> {
    match command {
        LineCommand::Quit => run(state, Command::Quit),
        LineCommand::Help => run(state, Command::Help),
        LineCommand::Refresh => run(state, Command::Refresh),
        LineCommand::Zoom => run(state, Command::ToggleZoom),
        LineCommand::Focus(name) => {
            if let Some(pane) = PaneId::ALL.iter().find(|p| p.command() == name) {
                state.focus = *pane;
            }
            Vec::new()
        }
        LineCommand::Region(region) => {
            state.session.settings.region = Some(region.clone());
            state.flash(Level::Info, format!("Switching to region {region}"));
            reconnect(state)
        }
        LineCommand::Profile(profile) => {
            state.session.settings.profile = Some(profile.clone());
            state.flash(Level::Info, format!("Switching to profile {profile}"));
            reconnect(state)
        }
    }
}

fn run(state: &mut AppState, command: Command) -> Vec<Effect> {
    let rows = layout::alarm_rows(state);
    let page = rows.max(1) as isize;
    let in_detail = state.alarms.detail.is_some();
    match command {
        Command::Quit => state.quit = true,
        Command::Help => state.mode = Mode::Help { scroll: 0 },
        Command::CommandMode => state.mode = Mode::Command(CommandLine::default()),
        Command::Filter => state.mode = Mode::Filter(Input::new(state.alarms.filter().to_string())),
        Command::NextPane | Command::PrevPane => {
            let all = PaneId::ALL;
            let at = all.iter().position(|p| *p == state.focus).unwrap_or(0);
            let step = if command == Command::NextPane {
                1
            } else {
                all.len() - 1
            };
            state.focus = all[(at + step) % all.len()];
        }
        Command::FocusPane(n) => match PaneId::ALL.get(usize::from(n) - 1) {
            Some(pane) => state.focus = *pane,
            None => state.flash(Level::Info, format!("There is no pane {n} yet")),
        },
        Command::Down
        | Command::Up
        | Command::PageDown
        | Command::PageUp
        | Command::Top
        | Command::Bottom
            if in_detail =>
        {
            if let Some(d) = state.alarms.detail.as_mut() {
                d.scroll = match command {
                    Command::Down => d.scroll.saturating_add(1),
                    Command::Up => d.scroll.saturating_sub(1),
                    Command::PageDown => d.scroll.saturating_add(page as usize),
                    Command::PageUp => d.scroll.saturating_sub(page as usize),
                    Command::Top => 0,
                    _ => usize::MAX / 2,
                };
            }
        }
        Command::Down => state.alarms.move_by(1, rows),
        Command::Up => state.alarms.move_by(-1, rows),
        Command::PageDown => state.alarms.move_by(page, rows),
        Command::PageUp => state.alarms.move_by(-page, rows),
        Command::Top => state.alarms.move_by(isize::MIN / 2, rows),
        Command::Bottom => state.alarms.move_by(isize::MAX / 2, rows),
        Command::Open => {
            if !in_detail {
                let (history_req, series_req) = (state.next_req(), state.next_req());
                return state.alarms.open(state.now, history_req, series_req);
            }
        }
        Command::Back => {
            if in_detail {
                state.alarms.close();
            } else if state.notice.is_some() {
                state.notice = None;
            } else if !state.alarms.filter().is_empty() {
                state.alarms.set_filter("");
            }
        }
        Command::Refresh => {
            let mut effects = schedule(state, true);
            if in_detail {
                state.alarms.close();
                effects.extend(run(state, Command::Open));
            }
            return effects;
        }
        Command::ToggleFiring => {
            state.alarms.toggle_firing();
            state.alarms.scroll_into_view(rows);
        }
        Command::ToggleZoom => state.zoomed = !state.zoomed,
    }
    Vec::new()
}
