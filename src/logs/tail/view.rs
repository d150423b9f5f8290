//! Drawing the Live Tail: its groups and filter, the status line (session age, events a
//! second, minutes billed, AWS's word when it samples, a pause or a reconnect), and the
//! lines, newest at the bottom, or one line whole.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use super::TailEvent;
use super::buffer::{Phase, TailView};
use crate::command::Command;
use crate::kit::spinner;
use crate::kit::table;
use crate::kit::text::{self, Segments};
use crate::pane::{Hint, Hints, ViewCx};
use crate::theme::{Slot, Theme};
use crate::time::compact_duration;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    tail: &TailView,
    cx: &ViewCx,
    theme: &Theme,
    focused: bool,
) {
    let border = if focused {
        Slot::FocusedBorder
    } else {
        Slot::Border
    };
    let title = Line::from(Span::styled(
        " Live Tail ",
        theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
    ));
    let count = Line::from(Span::styled(
        format!(
            " {} lines ",
            crate::logs::view::thousands(tail.lines.len() as f64)
        ),
        theme.fg(Slot::Text),
    ))
    .right_aligned();
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.fg(border))
        .title(title)
        .title(count);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let status = status(tail, cx);
    let [head, status_area, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(table::status_height(&status, inner.width)),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(text::line(&head_line(tail), theme)), head);
    frame.render_widget(
        Paragraph::new(text::line(&status, theme)).wrap(Wrap { trim: false }),
        status_area,
    );
    match &tail.open {
        Some((event, scroll)) => draw_open(frame, body, event, *scroll, theme),
        None => draw_lines(frame, body, tail, theme),
    }
}

/// Rows above the lines: the groups, the status.
pub fn status_height(tail: &TailView, cx: &ViewCx, width: u16) -> u16 {
    1 + table::status_height(&status(tail, cx), width)
}

fn head_line(tail: &TailView) -> Segments {
    let r = &tail.request;
    let mut out: Segments = vec![("Groups: ".into(), Slot::Dim)];
    match r.groups.as_slice() {
        [one] => out.push((crate::defuse::line(one).into_owned(), Slot::Text)),
        [first, rest @ ..] => out.push((
            format!("{} (+{} more)", crate::defuse::line(first), rest.len()),
            Slot::Text,
        )),
        [] => {}
    }
    if !r.streams.is_empty() {
        out.push(("   Streams: ".into(), Slot::Dim));
        out.push((
            crate::defuse::line(&r.streams.join(", ")).into_owned(),
            Slot::Text,
        ));
    }
    if !r.prefixes.is_empty() {
        out.push(("   Stream prefix: ".into(), Slot::Dim));
        out.push((
            crate::defuse::line(&r.prefixes.join(", ")).into_owned(),
            Slot::Text,
        ));
    }
    if let Some(filter) = &r.filter {
        out.push(("   Filter: ".into(), Slot::Dim));
        out.push((crate::defuse::line(filter).into_owned(), Slot::Text));
    }
    out
}

pub fn status(tail: &TailView, cx: &ViewCx) -> Segments {
    let now = cx.now;
    let mut out: Segments = Vec::new();
    match &tail.phase {
        Phase::Starting => out.push((
            format!("{} Starting Live Tail…", spinner::at(now)),
            Slot::Info,
        )),
        Phase::Live => {
            let age = tail.session_age(now).map_or(0, |d| d.as_secs() as i64);
            out.push((
                format!("● Live · session {}", compact_duration(age)),
                Slot::Ok,
            ));
        }
        Phase::Reconnecting { attempt, wait, why } => out.push((
            format!(
                "↻ The stream dropped ({}); reconnecting in {} (attempt {attempt})",
                crate::defuse::line(why),
                crate::aws::attempts::seconds(*wait)
            ),
            Slot::Warning,
        )),
        Phase::Failed(message) => out.push((
            format!(
                "✗ Live Tail stopped: {} · T starts it again",
                crate::defuse::line(message)
            ),
            Slot::Error,
        )),
    }
    out.push((
        format!(
            " · {:.1} events/s · {} billed minute(s)",
            tail.rate(now),
            tail.minutes_used(now)
        ),
        Slot::Text,
    ));
    if tail.renewals > 0 {
        out.push((format!(" · renewed {}×", tail.renewals), Slot::Dim));
    }
    if tail.reconnects > 0 {
        out.push((
            format!(" · reconnected {}×", tail.reconnects),
            Slot::Warning,
        ));
    }
    if tail.dropped > 0 {
        out.push((
            format!(
                " · {} oldest line(s) dropped (keeps {})",
                crate::logs::view::thousands(tail.dropped as f64),
                crate::logs::view::thousands(tail.capacity as f64)
            ),
            Slot::Dim,
        ));
    }
    if tail.sampled {
        out.push((
            " · AWS is sampling: more events arrive than Live Tail sends (500 a second); some are not shown"
                .into(),
            Slot::Warning,
        ));
    } else if tail.sampled_updates > 0 {
        out.push((
            format!(" · AWS sampled {} update(s)", tail.sampled_updates),
            Slot::Dim,
        ));
    }
    if tail.paused {
        out.push((
            format!(
                " · ‖ Paused: {} new line(s) since · space resumes",
                crate::logs::view::thousands(tail.held.len() as f64)
            ),
            Slot::Warning,
        ));
    } else if !tail.following() {
        out.push((" · scrolled up: G follows again".into(), Slot::Dim));
    }
    out
}

fn draw_lines(frame: &mut Frame, area: Rect, tail: &TailView, theme: &Theme) {
    let rows = area.height as usize;
    if tail.lines.is_empty() {
        let note = "No lines yet: Live Tail shows events as they are ingested, from now on.";
        frame.render_widget(
            Paragraph::new(Span::styled(note, theme.fg(Slot::Dim))),
            area,
        );
        return;
    }
    let mut cursor = tail.cursor;
    cursor.scroll_into_view(rows);
    let needle = tail.highlight.to_lowercase();
    let lines: Vec<Line> = tail
        .lines
        .iter()
        .enumerate()
        .skip(cursor.offset)
        .take(rows)
        .map(|(i, event)| {
            let mut spans = vec![
                Span::styled(
                    event
                        .time
                        .to_zoned(jiff::tz::TimeZone::UTC)
                        .strftime("%H:%M:%S%.3f ")
                        .to_string(),
                    theme.fg(Slot::Dim),
                ),
                Span::styled(
                    format!("{} ", crate::defuse::line(&event.stream)),
                    theme.fg(Slot::Info),
                ),
            ];
            spans.extend(highlighted(
                &crate::defuse::line(&event.message),
                &needle,
                theme,
            ));
            let line = Line::from(spans);
            if i == tail.cursor.selected {
                line.style(theme.selection())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The text with every case-insensitive match of `needle` stood out.
fn highlighted(text: &str, needle: &str, theme: &Theme) -> Vec<Span<'static>> {
    let plain = theme.fg(Slot::Text);
    let lower = text.to_lowercase();
    if needle.is_empty() || lower.len() != text.len() {
        return vec![Span::styled(text.to_string(), plain)];
    }
    let mark = theme
        .fg(Slot::Warning)
        .add_modifier(Modifier::BOLD | Modifier::REVERSED);
    let mut out = Vec::new();
    let mut at = 0;
    for (start, found) in lower.match_indices(needle) {
        if start > at {
            out.push(Span::styled(text[at..start].to_string(), plain));
        }
        out.push(Span::styled(
            text[start..start + found.len()].to_string(),
            mark,
        ));
        at = start + found.len();
    }
    out.push(Span::styled(text[at..].to_string(), plain));
    out
}

fn draw_open(frame: &mut Frame, area: Rect, event: &TailEvent, scroll: usize, theme: &Theme) {
    let dim = theme.fg(Slot::Dim);
    let mut lines: Vec<Line<'static>> = vec![Line::from(Span::styled(
        "The line (esc goes back · p pins it)",
        theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
    ))];
    let field = |name: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name}: "), dim),
            Span::styled(value, theme.fg(Slot::Text)),
        ])
    };
    lines.push(field("time", crate::time::utc(event.time)));
    if let Some(at) = event.ingested {
        lines.push(field("ingested", crate::time::utc(at)));
    }
    lines.push(field(
        "group",
        crate::defuse::line(&event.group).into_owned(),
    ));
    lines.push(field(
        "stream",
        crate::defuse::line(&event.stream).into_owned(),
    ));
    lines.push(Line::from(Span::styled("message:", dim)));
    let json = serde_json::from_str::<serde_json::Value>(&event.message)
        .ok()
        .filter(|v| v.is_object() || v.is_array());
    match json {
        Some(json) => lines.extend(crate::changes::json::lines(&json, theme)),
        None => lines.extend(
            crate::defuse::text(&event.message)
                .lines()
                .map(|l| Line::from(Span::styled(format!("  {l}"), theme.fg(Slot::Text)))),
        ),
    }
    let scroll = scroll.min(lines.len().saturating_sub(1)) as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// The keys while tailing.
pub fn hints(tail: &TailView) -> Hints {
    const LINES: &[Hint] = &[
        Hint::Bound(Command::LiveTail, "end tail"),
        Hint::Bound(Command::Pause, "pause"),
        Hint::Bound(Command::Filter, "highlight"),
        Hint::Bound(Command::Open, "line"),
        Hint::Bound(Command::Pin, "pin"),
        Hint::Bound(Command::Bottom, "follow"),
        Hint::Bound(Command::Help, "help"),
    ];
    const OPEN: &[Hint] = &[
        Hint::Bound(Command::Back, "back"),
        Hint::Bound(Command::Down, "scroll"),
        Hint::Bound(Command::Pin, "pin"),
        Hint::Bound(Command::LiveTail, "end tail"),
        Hint::Bound(Command::Help, "help"),
    ];
    Hints::Keys(if tail.open.is_some() { OPEN } else { LINES })
}
