//! What keys do in the Logs pane: its commands, the editor and pickers that take the keys
//! while open, the `:logs` line, and the pivot from an alarm.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::effect::{self, Effect};
use super::panes::PaneId;
use super::state::{AppState, CommandLine, Mode};
use crate::command::Command;
use crate::keymap::Keymap;
use crate::logs::LogsWork;
use crate::logs::pane::{Overlay, View};
use crate::logs::results::Sort;
use crate::logs::{Origin, SavedQuery};
use crate::pane::Level;
use crate::ui::layout;

/// A key while the editor or a picker is open.
pub(super) fn captured(state: &mut AppState, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    let command = keymap.command_for(&key);
    if command == Some(Command::RunQuery) {
        return run_query(state);
    }
    if command == Some(Command::Quit) && key.code != KeyCode::Char('q') {
        state.quit = true;
        return Vec::new();
    }
    let rows = layout::list_rows(state, PaneId::Logs).max(1);
    let logs = &mut state.panes.logs;
    match &mut logs.overlay {
        Some(Overlay::Groups(picker)) => match key.code {
            KeyCode::Esc => logs.overlay = None,
            KeyCode::Enter => {
                if picker.chosen.is_empty() {
                    let _ = picker.toggle();
                }
                logs.choose_groups();
                let count = logs.groups.len();
                state.flash(
                    Level::Info,
                    format!("{count} log group(s) chosen; ctrl-r runs the query"),
                );
            }
            KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown => {
                let delta = match key.code {
                    KeyCode::Up => -1,
                    KeyCode::Down => 1,
                    KeyCode::PageUp => -(rows as isize),
                    _ => rows as isize,
                };
                let len = picker.len();
                picker.cursor.move_by(delta, len, rows);
            }
            KeyCode::Char(' ') | KeyCode::Tab => {
                if let Err(message) = picker.toggle() {
                    state.flash(Level::Error, message);
                }
            }
            _ => {
                let before = picker.input.value().to_string();
                picker.input.handle_event(&Event::Key(key));
                if picker.input.value() != before {
                    picker.refilter();
                    if let Some(prefix) = picker.prefix() {
                        picker.loading = true;
                        let req = state.next_req();
                        return vec![Effect::Logs(LogsWork::LoadGroups {
                            req,
                            prefix: Some(prefix),
                        })];
                    }
                }
            }
        },
        Some(Overlay::Saved(picker)) => match key.code {
            KeyCode::Esc => logs.overlay = None,
            KeyCode::Enter => logs.choose_saved(),
            KeyCode::Up | KeyCode::Char('k') => {
                let len = picker.items.len();
                picker.cursor.move_by(-1, len, rows);
            }
            KeyCode::Down | KeyCode::Char('j') => {
                let len = picker.items.len();
                picker.cursor.move_by(1, len, rows);
            }
            _ => {}
        },
        None if logs.editing => match key.code {
            KeyCode::Esc => logs.editing = false,
            _ => logs.editor.key(key),
        },
        None => {}
    }
    Vec::new()
}

/// A Logs command from the keymap, in the Logs pane.
pub(super) fn command(state: &mut AppState, command: Command) -> Vec<Effect> {
    let logs = &mut state.panes.logs;
    match command {
        Command::Logs => {
            let req = state.next_req();
            return effect::all(state.panes.logs.open_groups(req));
        }
        Command::EditQuery => {
            logs.editing = true;
            logs.detail = None;
        }
        Command::RunQuery | Command::Execute => return run_query(state),
        Command::Stop => {
            let effects = logs.stop();
            if effects.is_empty() {
                state.flash(Level::Info, "No query is running");
            } else {
                state.flash(Level::Info, "Query stopped (StopQuery sent)");
            }
            return effect::all(effects);
        }
        Command::TimeRange => logs.range = logs.range.next(),
        Command::SavedQueries => {
            let req = state.next_req();
            return effect::all(state.panes.logs.open_saved(req));
        }
        Command::SaveQuery => {
            state.mode = Mode::Command(CommandLine {
                input: Input::new("logs save ".into()),
                ..CommandLine::default()
            });
        }
        Command::ToggleChart => {
            if logs.view == View::Chart {
                logs.view = View::Table;
            } else {
                match &logs.chart {
                    Ok(_) => {
                        logs.view = View::Chart;
                        logs.detail = None;
                    }
                    Err(why) => {
                        let message = format!("No chart: {why}");
                        state.flash(Level::Info, message);
                    }
                }
            }
        }
        Command::SortNext | Command::SortPrev | Command::SortReverse => {
            let columns = logs.results.fields.len();
            if columns == 0 {
                return Vec::new();
            }
            let current = logs.results.sort;
            let sort = match (command, current) {
                (Command::SortReverse, Some(s)) => Sort {
                    descending: !s.descending,
                    ..s
                },
                (Command::SortPrev, None) => Sort {
                    column: columns - 1,
                    descending: false,
                },
                (Command::SortNext, Some(s)) => Sort {
                    column: (s.column + 1) % columns,
                    descending: false,
                },
                (Command::SortPrev, Some(s)) => Sort {
                    column: (s.column + columns - 1) % columns,
                    descending: false,
                },
                _ => Sort {
                    column: 0,
                    descending: false,
                },
            };
            logs.results.sort(sort);
            logs.cursor.reselect(None);
        }
        _ => {}
    }
    Vec::new()
}

fn run_query(state: &mut AppState) -> Vec<Effect> {
    let (req, now) = (state.next_req(), state.now);
    match state.panes.logs.start(req, now) {
        Ok(effects) => {
            state.panes.logs.view = View::Table;
            effect::all(effects)
        }
        Err(message) => {
            state.flash(Level::Error, message);
            Vec::new()
        }
    }
}

/// `:logs since 2h`, `:logs 15m`, `:logs since 02:00 until 03:00`, `:logs group=/aws/x`,
/// `:logs groups=/a,/b`, `:logs run`, `:logs stop`, `:logs save NAME`, and `query TEXT` last
/// (the rest of the line is the query).
pub(super) fn logs_line(state: &mut AppState, args: &[String]) -> Vec<Effect> {
    if args.first().map(String::as_str) == Some("save") {
        return save_query(state, args[1..].join(" "));
    }
    let (mut since, mut until, mut run) = (None, None, false);
    let mut groups = state.panes.logs.groups.clone();
    let mut words = args.iter().map(String::as_str);
    while let Some(word) = words.next() {
        match word {
            "since" | "until" => {
                let Some(value) = words.next() else {
                    state.flash(
                        Level::Error,
                        format!("`{word}` needs a time: 1h, 02:30 or 2026-11-23T02:30:00Z"),
                    );
                    return Vec::new();
                };
                if word == "since" {
                    since = Some(value.to_string());
                } else {
                    until = Some(value.to_string());
                }
            }
            "run" => run = true,
            "query" => {
                let text = words.by_ref().collect::<Vec<_>>().join(" ");
                state
                    .panes
                    .logs
                    .editor
                    .set_text(&text.replace(" | ", "\n| "));
            }
            "stop" => return command(state, Command::Stop),
            w if w.starts_with("group=") => {
                let group = w["group=".len()..].to_string();
                if !groups.contains(&group) {
                    groups.push(group);
                }
            }
            w if w.starts_with("groups=") => {
                groups = w["groups=".len()..]
                    .split(',')
                    .filter(|g| !g.is_empty())
                    .map(str::to_string)
                    .collect();
            }
            w if crate::time::parse_interval(w).is_ok() => since = Some(w.to_string()),
            w => {
                state.flash(
                    Level::Error,
                    format!("`{w}` is not a :logs word: use since, until, 15m, group=, groups=, run, stop, query TEXT or save NAME"),
                );
                return Vec::new();
            }
        }
    }
    if since.is_some() || until.is_some() {
        match state
            .panes
            .logs
            .range
            .apply(since.as_deref(), until.as_deref(), state.now)
        {
            Ok(range) => state.panes.logs.range = range,
            Err(message) => {
                state.flash(Level::Error, message);
                return Vec::new();
            }
        }
    }
    if groups.len() > crate::logs::picker::MAX_CHOSEN {
        state.flash(
            Level::Error,
            "A query searches at most 50 log groups".to_string(),
        );
        return Vec::new();
    }
    if groups != state.panes.logs.groups {
        state.panes.logs.groups = groups;
        state.panes.logs.group_info.clear();
    }
    if run { run_query(state) } else { Vec::new() }
}

fn save_query(state: &mut AppState, name: String) -> Vec<Effect> {
    if state.session.settings.read_only {
        state.flash(
            Level::Error,
            "Read-only: warroom saves nothing to AWS (started with --read-only or read_only = true)",
        );
        return Vec::new();
    }
    let name = name.trim().to_string();
    if name.is_empty() {
        state.flash(Level::Error, "Name the query: `:logs save checkout errors`");
        return Vec::new();
    }
    let query = state.panes.logs.editor.text();
    if query.trim().is_empty() {
        state.flash(Level::Error, "The query is empty: nothing to save");
        return Vec::new();
    }
    state.flash(Level::Info, format!("Saving \"{name}\" to the account…"));
    vec![Effect::Logs(LogsWork::Save {
        query: SavedQuery {
            name,
            query,
            log_groups: state.panes.logs.groups.clone(),
            origin: Origin::Account,
        },
    })]
}

#[cfg(test)]
mod tests;
