//! What keys do: in normal mode through the keymap, while typing a filter or a `:` line,
//! and in help.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::cmdline::{self, LineCommand};
use super::effect::{self, Effect};
use super::keymap::Keymap;
use super::logs_keys;
use super::panes::PaneId;
use super::pivot::{changes_before, changes_line, copy, same_as_selected};
use super::runbook_keys;
use super::state::{AppState, CommandLine, Level, Mode};
use super::timeline_keys;
use super::update::{keep_selection_on_screen, load_runbooks, reconnect, schedule};
use crate::changes::ChangesWork;
use crate::command::Command;
use crate::health::pane::Facets;
use crate::ui::layout;

pub fn on_key(state: &mut AppState, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    match &mut state.mode {
        Mode::Normal if state.focus == PaneId::Logs && state.panes.logs.captures_keys() => {
            logs_keys::captured(state, keymap, key)
        }
        Mode::Normal if state.focus == PaneId::Runbooks && state.panes.runbooks.captures_keys() => {
            runbook_keys::captured(state, keymap, key)
        }
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
        LineCommand::Refresh => schedule(state, true),
        LineCommand::Grid => run(state, Command::ToggleGrid),
        LineCommand::Focus(name) => match PaneId::ALL.iter().find(|p| p.command() == name) {
            Some(pane) => set_focus(state, *pane),
            None => Vec::new(),
        },
        LineCommand::Changes(args) => {
            let mut effects = set_focus(state, PaneId::Changes);
            effects.extend(changes_line(state, &args));
            effects
        }
        LineCommand::Logs(args) => {
            let mut effects = set_focus(state, PaneId::Logs);
            effects.extend(logs_keys::logs_line(state, &args));
            effects
        }
        LineCommand::Incident(args) => timeline_keys::incident_line(state, &args),
        LineCommand::Note(args) => timeline_keys::note_line(state, &args),
        LineCommand::Export(args) => timeline_keys::export_line(state, &args),
        LineCommand::Timeline(args) => {
            let mut effects = set_focus(state, PaneId::Timeline);
            effects.extend(timeline_keys::timeline_line(state, &args));
            effects
        }
        LineCommand::Health(args) => {
            let mut effects = set_focus(state, PaneId::Health);
            effects.extend(health_line(state, &args));
            effects
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

/// `:health org`, `:health account`, `:health all`, `:health service=EC2 category=issue`.
fn health_line(state: &mut AppState, args: &[String]) -> Vec<Effect> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let view = match words.first() {
        Some(&"org") => Some(true),
        Some(&"account") => Some(false),
        _ => None,
    };
    if let Some(organization) = view {
        if state.panes.health.organization != organization {
            state.panes.health.organization = organization;
            state.panes.health.detail = None;
            let req = state.next_req();
            let (region, now) = (state.session.region.clone(), state.now);
            return vec![state.panes.health.request(req, &region, now).into()];
        }
        return Vec::new();
    }
    let facets = if words == ["all"] {
        Ok(Facets::default())
    } else {
        Facets::parse(&words)
    };
    match facets {
        Ok(facets) => {
            state.panes.health.set_facets(facets);
            keep_selection_on_screen(state);
        }
        Err(message) => state.flash(Level::Error, message),
    }
    Vec::new()
}

fn run(state: &mut AppState, command: Command) -> Vec<Effect> {
    if state.focus == PaneId::Runbooks
        && state.panes.runbooks.open.is_some()
        && matches!(
            command,
            Command::Down | Command::Up | Command::Top | Command::Bottom
        )
    {
        return runbook_keys::command(state, command);
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
            return set_focus(state, all[(at + step) % all.len()]);
        }
        Command::FocusPane(n) => match PaneId::ALL.get(usize::from(n) - 1) {
            Some(pane) => return set_focus(state, *pane),
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
        Command::Open => return open(state),
        Command::Back => {
            if state.focused_list().close() {
            } else if state.notice.is_some() {
                state.notice = None;
            } else {
                state.focused_list().set_filter("");
            }
        }
        Command::Refresh => {
            let mut effects = schedule(state, true);
            if state.focus == PaneId::Runbooks && state.panes.runbooks.open.is_none() {
                effects.push(load_runbooks(state));
            }
            if state.focused_list().close() {
                effects.extend(open(state));
            }
            return effects;
        }
        Command::ToggleFiring => match state.focus {
            PaneId::Alarms => {
                state.panes.alarms.toggle_firing();
                keep_selection_on_screen(state);
            }
            PaneId::Health => state.flash(
                Level::Info,
                "f shows only firing alarms; in Health use :health category=issue",
            ),
            PaneId::Changes => state.flash(
                Level::Info,
                "f shows only firing alarms; in Changes use :changes errors or a filter",
            ),
            PaneId::Logs | PaneId::Runbooks | PaneId::Timeline => state.flash(
                Level::Info,
                "f shows only firing alarms; filter this pane with /",
            ),
        },
        Command::Logs if state.focus == PaneId::Alarms => return logs_keys::logs_for_alarm(state),
        Command::Logs
        | Command::EditQuery
        | Command::RunQuery
        | Command::TimeRange
        | Command::SavedQueries
        | Command::SaveQuery
        | Command::ToggleChart
        | Command::SortNext
        | Command::SortPrev
        | Command::SortReverse => {
            if state.focus == PaneId::Logs {
                return logs_keys::command(state, command);
            }
            let key = command.name();
            state.flash(
                Level::Info,
                format!(
                    "{key} works in the Logs pane ({})",
                    PaneId::Logs.how_to_focus()
                ),
            );
        }
        Command::ReplayBack | Command::ReplayForward => return replay_step(state, command),
        Command::Note => timeline_keys::start_note(state),
        Command::Pin => return timeline_keys::pin(state),
        Command::Execute
        | Command::Stop
        | Command::SkipStep
        | Command::Acknowledge
        | Command::AbortRunbook
        | Command::InstanceOutput => match state.focus {
            PaneId::Logs => return logs_keys::command(state, command),
            PaneId::Runbooks => return runbook_keys::command(state, command),
            _ => state.flash(
                Level::Info,
                format!(
                    "{} works in the Runbooks pane ({})",
                    command.name(),
                    PaneId::Runbooks.how_to_focus()
                ),
            ),
        },
        Command::ChangesBefore => return changes_before(state),
        Command::SamePrincipal | Command::SameResource => return same_as_selected(state, command),
        Command::Copy | Command::CopyArn => return copy(state, command),
        Command::ToggleGrid => state.grid = !state.grid,
    }
    Vec::new()
}

/// Moves a replay's clock a minute back or forward, within the recording; every pane asks
/// the recording again.
fn replay_step(state: &mut AppState, command: Command) -> Vec<Effect> {
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
    state.panes.alarms.reset();
    state.panes.health.reset();
    state.panes.changes.reset();
    state.panes.timeline.status = Default::default();
    let window = state
        .panes
        .changes
        .query
        .end
        .duration_since(state.panes.changes.query.start);
    state.panes.changes.query.end = state.now;
    state.panes.changes.query.start = state.now - window;
    schedule(state, true)
}

/// Opens the focused pane's selected row.
fn open(state: &mut AppState) -> Vec<Effect> {
    let (first, second) = (state.next_req(), state.next_req());
    match state.focus {
        PaneId::Alarms if state.panes.alarms.detail.is_none() => {
            effect::all(state.panes.alarms.open(state.now, first, second))
        }
        PaneId::Health if state.panes.health.detail.is_none() => {
            effect::all(state.panes.health.open(first, second))
        }
        PaneId::Changes => {
            state.panes.changes.open();
            Vec::new()
        }
        PaneId::Logs if state.panes.logs.detail.is_none() => {
            effect::all(state.panes.logs.open(first))
        }
        PaneId::Timeline if state.panes.timeline.detail.is_none() => {
            timeline_keys::open_original(state)
        }
        PaneId::Runbooks if state.panes.runbooks.open.is_none() => {
            runbook_keys::command(state, Command::Open)
        }
        _ => Vec::new(),
    }
}

/// Moves the focus; leaving Changes stops its paging, coming back resumes it.
pub(super) fn set_focus(state: &mut AppState, pane: PaneId) -> Vec<Effect> {
    if pane == state.focus {
        return Vec::new();
    }
    let mut effects = Vec::new();
    if state.focus == PaneId::Logs && !state.grid {
        let stopping = effect::all(state.panes.logs.stop());
        if !stopping.is_empty() {
            state.flash(
                Level::Info,
                "The running query was stopped when you left the Logs pane",
            );
        }
        effects.extend(stopping);
    }
    if state.focus == PaneId::Changes && state.panes.changes.status.in_flight() {
        state.panes.changes.stop();
        effects.push(Effect::Changes(ChangesWork::Stop));
    }
    state.focus = pane;
    let changes = &state.panes.changes;
    let unfinished = changes.progress.stopped || changes.progress.pages == 0;
    if pane == PaneId::Changes
        && state.session.connected
        && unfinished
        && !changes.status.in_flight()
    {
        let (req, now) = (state.next_req(), state.now);
        effects.push(state.panes.changes.load(req, now).into());
    }
    effects
}
