//! The bottom of the screen: each source's age, spinner and last error (wrapped, so the
//! fix it names is never cut off); then key hints, the line being typed, or a message.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::panes::{self};
use crate::app::state::{AppState, Mode};
use crate::command::Command;
use crate::keymap::Keymap;
use crate::kit::spinner;
use crate::kit::text::{self, Segments};
use crate::kit::{Loadable, SourceStatus};
use crate::pane::Level;
use crate::pane::{Hint, Hints};
use crate::theme::{Slot, Theme};

/// What the keys do in help.
const HELP_HINTS: &[Hint] = &[
    Hint::Bound(Command::Back, "close"),
    Hint::Bound(Command::Down, "scroll"),
];
use crate::time::age;

/// Rows the footer needs at this width: the notice and the status, every row of them, then
/// the hints or the line being typed (one row) or a message (all of its rows).
pub fn height(state: &AppState, width: u16) -> u16 {
    notice_height(state, width)
        .saturating_add(text::rows(&status(state), width))
        .saturating_add(last_height(state, width))
}

/// The message shown instead of the hints, when there is one and nothing is being typed.
fn flash(state: &AppState) -> Option<Segments> {
    if matches!(state.mode, Mode::Command(_) | Mode::Filter(_)) {
        return None;
    }
    let flash = state.flash.as_ref()?;
    let slot = if flash.level == Level::Error {
        Slot::Error
    } else {
        Slot::Info
    };
    Some(vec![(format!(" {}", flash.text), slot)])
}

fn last_height(state: &AppState, width: u16) -> u16 {
    flash(state).map_or(1, |f| text::rows(&f, width))
}

/// A problem that outlives a flash, such as a bad config file, until `esc`.
fn notice(state: &AppState) -> Option<Segments> {
    let notice = state.notice.as_ref()?;
    Some(vec![(
        format!(" ⚠ {notice}  (esc dismisses)"),
        Slot::Warning,
    )])
}

fn notice_height(state: &AppState, width: u16) -> u16 {
    notice(state).map_or(0, |n| text::rows(&n, width))
}

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme, keymap: &Keymap) {
    let [notice_area, status_area, input] = Layout::vertical([
        Constraint::Length(notice_height(state, area.width)),
        Constraint::Min(1),
        Constraint::Length(last_height(state, area.width)),
    ])
    .areas(area);
    if let Some(notice) = notice(state) {
        text::draw(frame, notice_area, &notice, theme);
    }
    text::draw(frame, status_area, &status(state), theme);
    if let Some(flash) = flash(state) {
        text::draw(frame, input, &flash, theme);
        return;
    }
    match &state.mode {
        Mode::Command(line) => draw_input(
            frame,
            input,
            ":",
            line.input.value(),
            line.input.visual_cursor(),
            theme,
        ),
        Mode::Filter(text) => {
            draw_input(frame, input, "/", text.value(), text.visual_cursor(), theme)
        }
        _ => frame.render_widget(
            Paragraph::new(message_or_hints(state, theme, keymap)),
            input,
        ),
    }
}

fn source(name: &str, status: &SourceStatus, state: &AppState, out: &mut Segments) {
    out.push((name.to_string(), Slot::Title));
    if status.in_flight() {
        out.push((format!(" {}", spinner::at(state.now)), Slot::Info));
    }
    match (&status.error, status.loaded_at) {
        (Some(_), _) => out.push((" ✗ error".to_string(), Slot::Error)),
        (None, Some(at)) => out.push((format!(" {} ago", age(at, state.now)), Slot::Dim)),
        (None, None) if !status.in_flight() => out.push((" waiting".to_string(), Slot::Dim)),
        _ => {}
    }
}

fn status(state: &AppState) -> Segments {
    let mut out = vec![(" ".to_string(), Slot::Dim)];
    if !state.session.connected {
        out.push((
            format!("connecting {} ", spinner::at(state.now)),
            Slot::Info,
        ));
    }
    source("alarms", &state.panes.alarms.status, state, &mut out);
    if let Some(tally) = state.panes.alarms.tally() {
        out.push((crate::accounts::sweep::tally_words(tally), Slot::Dim));
    }
    out.push(("  ".to_string(), Slot::Dim));
    source("changes", &state.panes.changes.status, state, &mut out);
    if let Some(tally) = state.panes.changes.tally() {
        out.push((crate::accounts::sweep::tally_words(tally), Slot::Dim));
    }
    out.push(("  ".to_string(), Slot::Dim));
    source("health", &state.panes.health.status, state, &mut out);
    if let Some(tally) = state.panes.health.tally() {
        out.push((crate::accounts::sweep::tally_words(tally), Slot::Dim));
    }
    let identity_error = match &state.session.identity {
        Loadable::Failed(e) => Some(e),
        _ => None,
    };
    let focused_error = panes::pane(state, state.focus).error();
    let last_error = identity_error
        .or(focused_error)
        .or(state.panes.alarms.status.error.as_ref())
        .or(state.panes.health.status.error.as_ref());
    if let Some(e) = last_error {
        out.push((" │ ".to_string(), Slot::Dim));
        out.push((e.message.clone(), Slot::Error));
    }
    out
}

fn message_or_hints<'a>(state: &'a AppState, theme: &Theme, keymap: &Keymap) -> Line<'a> {
    let hints = match state.mode {
        Mode::Help { .. } => Hints::Keys(HELP_HINTS),
        _ => panes::pane(state, state.focus).hints(),
    };
    let hints = match hints {
        Hints::Text(text) => return Line::from(Span::styled(text, theme.fg(Slot::Dim))),
        Hints::Keys(hints) => hints,
    };
    let mut spans = vec![Span::raw(" ")];
    for hint in hints {
        let (key, label) = match *hint {
            Hint::Bound(command, label) => match keymap.hint(command) {
                Some(key) => (key, label),
                None => continue,
            },
            Hint::Key(key, label) => (key.to_string(), label),
        };
        spans.push(Span::styled(
            key,
            theme.fg(Slot::KeyHint).add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::styled(format!(" {label}  "), theme.fg(Slot::Dim)));
    }
    Line::from(spans)
}

fn draw_input(
    frame: &mut Frame,
    area: Rect,
    prompt: &str,
    value: &str,
    cursor: usize,
    theme: &Theme,
) {
    let line = Line::from(vec![
        Span::styled(
            prompt.to_string(),
            theme.fg(Slot::KeyHint).add_modifier(Modifier::BOLD),
        ),
        Span::styled(value.to_string(), Style::new().fg(theme.color(Slot::Text))),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    let x = area
        .x
        .saturating_add(1)
        .saturating_add(cursor as u16)
        .min(area.right().saturating_sub(1));
    frame.set_cursor_position(Position::new(x, area.y));
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::app::panes::PaneId;
    use ratatui::layout::Size;

    use super::*;
    use crate::aws::SessionSettings;
    use crate::config::{Config, Refresh};

    fn footer_hints(focus: PaneId) -> String {
        let settings = SessionSettings::in_region("us-east-1");
        let mut state = AppState::new(
            settings,
            Refresh::every(Duration::from_secs(30)),
            jiff::Timestamp::UNIX_EPOCH,
            Size::new(200, 40),
        );
        state.focus = focus;
        let config = Config::defaults();
        let line = message_or_hints(&state, &Theme::dark(), &config.keymap);
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn each_pane_shows_its_own_keys_each_bound_in_the_keymap() {
        let keymap = Config::defaults().keymap;
        let expected: &[(PaneId, &[&str], &[&str])] = &[
            (PaneId::Alarms, &["<enter> details", "f firing only"], &[]),
            (
                PaneId::Changes,
                &["u same principal", "o same resource", "q quit"],
                &["firing only"],
            ),
            (
                PaneId::Health,
                &[": health category=issue"],
                &["firing only"],
            ),
            (PaneId::Logs, &["e edit", "<ctrl-r> run"], &["firing only"]),
            (
                PaneId::Runbooks,
                &["<enter> open", "r reload"],
                &["firing only"],
            ),
            (
                PaneId::Timeline,
                &["n note", "p pin", ": export md"],
                &["firing only"],
            ),
        ];
        for (pane, shown, not_shown) in expected {
            let footer = footer_hints(*pane);
            for words in *shown {
                assert!(
                    footer.contains(words),
                    "{pane:?}: {footer:?} lacks {words:?}"
                );
            }
            for words in *not_shown {
                assert!(
                    !footer.contains(words),
                    "{pane:?}: {footer:?} shows {words:?}"
                );
            }
        }
        let settings = SessionSettings::in_region("us-east-1");
        let state = AppState::new(
            settings,
            Refresh::every(Duration::from_secs(30)),
            jiff::Timestamp::UNIX_EPOCH,
            Size::new(80, 24),
        );
        for pane in PaneId::ALL {
            if let Hints::Keys(hints) = panes::pane(&state, *pane).hints() {
                for hint in hints {
                    if let Hint::Bound(command, label) = hint {
                        assert!(
                            keymap.hint(*command).is_some(),
                            "{pane:?} hints `{label}` but no key is bound to {command:?}"
                        );
                    }
                }
            }
        }
    }
}
