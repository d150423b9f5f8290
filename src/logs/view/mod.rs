//! Drawing the Logs pane: log groups and range, the query, its status, and the results as a
//! table, a chart, one row in full, or a picker over them.

mod detail;
mod pickers;
mod table_view;

use detail::draw_detail;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::chart_view;
use super::editor::{Token, highlight};
use super::model::{QueryStatus, Statistics};
use super::pane::{LogsPane, Overlay, Phase, View};
use crate::command::Command;
use crate::kit::Loadable;
use crate::kit::cursor::ListPane;
use crate::kit::spinner;
use crate::kit::table;
use crate::kit::text::{self, Segments};
use crate::pane::{DETAIL_HINTS, Hint, Hints, Pane, ViewCx};
use crate::theme::{Slot, Theme};
use crate::time::compact_duration;

/// The most query lines shown at once.
const EDITOR_ROWS: usize = 6;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    pane: &LogsPane,
    cx: &ViewCx,
    theme: &Theme,
    focused: bool,
) {
    if let Some(tail) = &pane.tail {
        return crate::logs::tail::view::draw(frame, area, tail, cx, theme, focused);
    }
    let border = if focused {
        Slot::FocusedBorder
    } else {
        Slot::Border
    };
    let title = Line::from(vec![Span::styled(
        " Logs Insights ",
        theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
    )]);
    let count = Line::from(Span::styled(
        format!(" {} rows ", pane.results.len()),
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
    let editor_rows = editor_rows(pane) as u16;
    let status = status(pane, cx);
    let status_rows = table::status_height(&status, inner.width);
    let [head, editor, status_area, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(editor_rows),
        Constraint::Length(status_rows),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(text::line(&head_line(pane, cx), theme)),
        head,
    );
    draw_editor(frame, editor, pane, theme, focused);
    frame.render_widget(
        Paragraph::new(text::line(&status, theme)).wrap(Wrap { trim: false }),
        status_area,
    );
    match (&pane.overlay, &pane.detail, pane.view) {
        (Some(Overlay::Groups(picker)), _, _) => {
            pickers::draw_groups(frame, body, cx, picker, theme)
        }
        (Some(Overlay::Saved(picker)), _, _) => pickers::draw_saved(frame, body, picker, theme),
        (None, Some(_), _) => draw_detail(frame, body, pane, cx, theme),
        (None, None, View::Chart) => chart_view::draw(frame, body, pane, theme),
        (None, None, View::Table) => table_view::draw(frame, body, pane, theme),
    }
}

/// Rows above the results: groups and range, the query, the status.
pub fn status_height(pane: &LogsPane, cx: &ViewCx, width: u16) -> u16 {
    if let Some(tail) = &pane.tail {
        return crate::logs::tail::view::status_height(tail, cx, width);
    }
    1 + editor_rows(pane) as u16 + table::status_height(&status(pane, cx), width)
}

fn editor_rows(pane: &LogsPane) -> usize {
    pane.editor.lines().len().clamp(1, EDITOR_ROWS)
}

fn head_line(pane: &LogsPane, cx: &ViewCx) -> Segments {
    let mut out: Segments = vec![("Groups: ".into(), Slot::Dim)];
    match pane.groups.as_slice() {
        [] => out.push(("none — press l to choose".into(), Slot::Warning)),
        [one] => out.push((one.clone(), Slot::Text)),
        [first, rest @ ..] => out.push((format!("{first} (+{} more)", rest.len()), Slot::Text)),
    }
    let unbounded = pane.unbounded_groups();
    if !unbounded.is_empty() {
        out.push((
            format!("  ∞ {} without retention", unbounded.len()),
            Slot::Warning,
        ));
    }
    out.push(("   Range: ".into(), Slot::Dim));
    out.push((pane.range.label(cx.now), Slot::Text));
    out
}

fn token_slot(token: Token) -> (Slot, bool) {
    match token {
        Token::Command => (Slot::KeyHint, true),
        Token::Keyword => (Slot::Changed, false),
        Token::Function => (Slot::Info, false),
        Token::Field => (Slot::Ok, false),
        Token::Text | Token::Number => (Slot::Warning, false),
        Token::Pipe => (Slot::Dim, true),
        Token::Plain => (Slot::Text, false),
    }
}

fn draw_editor(frame: &mut Frame, area: Rect, pane: &LogsPane, theme: &Theme, focused: bool) {
    let (row, col) = pane.editor.cursor();
    let top = (row + 1).saturating_sub(area.height as usize);
    let malformed = matches!(
        pane.run.as_ref().map(|r| &r.phase),
        Some(Phase::Failed {
            malformed: true,
            ..
        })
    );
    let gutter_slot = if pane.editing {
        Slot::KeyHint
    } else if malformed {
        Slot::Error
    } else {
        Slot::Dim
    };
    let lines: Vec<Line> = pane
        .editor
        .lines()
        .iter()
        .enumerate()
        .skip(top)
        .take(area.height as usize)
        .map(|(n, line)| {
            let mut spans = vec![Span::styled(
                format!("{:>2}│", n + 1),
                theme.fg(gutter_slot),
            )];
            spans.extend(highlight(line).into_iter().map(|(piece, token)| {
                let (slot, bold) = token_slot(token);
                let style = theme.fg(slot);
                Span::styled(
                    piece.to_string(),
                    if bold {
                        style.add_modifier(Modifier::BOLD)
                    } else {
                        style
                    },
                )
            }));
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
    if pane.editing && focused && pane.overlay.is_none() {
        let before: String = pane
            .editor
            .lines()
            .get(row)
            .map(|l| l.chars().take(col).collect())
            .unwrap_or_default();
        let x = area.x + 3 + before.width() as u16;
        let y = area.y + (row - top) as u16;
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), y));
    }
}

/// `12,345`
pub fn thousands(n: f64) -> String {
    let digits = format!("{:.0}", n.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1.2 GB`
pub fn bytes(n: f64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"];
    let mut value = n.max(0.0);
    let mut unit = 0;
    while value >= 1000.0 && unit < units.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{value:.0} B")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

fn statistics(s: &Option<Statistics>) -> String {
    let Some(s) = s else {
        return "statistics not reported".to_string();
    };
    format!(
        "{} matched · {} scanned · {}",
        thousands(s.records_matched),
        thousands(s.records_scanned),
        bytes(s.bytes_scanned)
    )
}

fn status(pane: &LogsPane, cx: &ViewCx) -> Segments {
    let mut out: Segments = Vec::new();
    let Some(run) = &pane.run else {
        out.push((
            "e writes the query · Q picks a saved one · l chooses log groups · t changes the range · ctrl-r runs".into(),
            Slot::Dim,
        ));
        return out;
    };
    let elapsed = run
        .finished_at
        .unwrap_or(cx.now)
        .duration_since(run.started_at)
        .as_secs()
        .max(0);
    let spin = spinner::at(cx.now);
    match &run.phase {
        Phase::Starting => out.push((format!("{spin} Starting the query…"), Slot::Info)),
        Phase::Queued { attempt } => out.push((
            format!(
                "{spin} Queued: the account already runs as many Logs Insights queries as it may (LimitExceededException). Trying again every few seconds (attempt {attempt}); X stops it."
            ),
            Slot::Warning,
        )),
        Phase::Polling(status) => {
            let word = if *status == QueryStatus::Scheduled {
                "Scheduled"
            } else {
                "Running"
            };
            out.push((
                format!(
                    "{spin} {word} {} · {} · {} rows so far · X stops it",
                    compact_duration(elapsed),
                    statistics(&run.statistics),
                    thousands(run.rows_so_far as f64)
                ),
                Slot::Info,
            ));
        }
        Phase::Complete => out.push((
            format!(
                "✓ Complete in {} · {} rows · {}",
                compact_duration(elapsed),
                thousands(run.rows_so_far as f64),
                statistics(&run.statistics)
            ),
            Slot::Ok,
        )),
        Phase::Cancelled => out.push((
            format!("■ Cancelled after {} · ctrl-r runs it again", compact_duration(elapsed)),
            Slot::Warning,
        )),
        Phase::Failed {
            message, malformed, ..
        } => {
            let lead = if *malformed {
                "✗ Logs Insights cannot parse the query: "
            } else {
                "✗ "
            };
            out.push((format!("{lead}{message}"), Slot::Error));
            if *malformed {
                out.push(("  e edits it.".into(), Slot::Dim));
            }
        }
    }
    if let Some(sort) = pane.results.sort
        && let Some(field) = pane.results.fields.get(sort.column)
    {
        let arrow = if sort.descending { "▼" } else { "▲" };
        out.push((format!("  sorted by {field} {arrow}"), Slot::Dim));
    }
    let narrowing = text::filter_words(pane.filter());
    text::narrowed(&narrowing, pane.visible_len(), pane.results.len(), &mut out);
    out
}

/// A cell on one line: newlines and runs of spaces fold.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Logs pane's keys: in a picker, while editing the query, over the results.
fn hints(pane: &LogsPane) -> Hints {
    const EDITING: &[Hint] = &[
        Hint::Bound(Command::RunQuery, "run"),
        Hint::Key("esc", "done editing"),
        Hint::Key("↑↓", "past queries (first and last line)"),
    ];
    const RESULTS: &[Hint] = &[
        Hint::Bound(Command::EditQuery, "edit"),
        Hint::Bound(Command::RunQuery, "run"),
        Hint::Bound(Command::Stop, "stop"),
        Hint::Bound(Command::Logs, "groups"),
        Hint::Bound(Command::TimeRange, "range"),
        Hint::Bound(Command::SavedQueries, "saved"),
        Hint::Bound(Command::ToggleChart, "chart"),
        Hint::Bound(Command::SortNext, "sort"),
        Hint::Bound(Command::Filter, "filter"),
        Hint::Bound(Command::Open, "row"),
        Hint::Bound(Command::Help, "help"),
    ];
    if pane.overlay.is_some() {
        return Hints::Text(
            " ↑↓ move  space choose  enter confirm  esc cancel  type to search".into(),
        );
    }
    Hints::Keys(if pane.editing {
        EDITING
    } else if pane.detail.is_some() {
        DETAIL_HINTS
    } else {
        RESULTS
    })
}

impl Pane for LogsPane {
    fn busy(&self) -> bool {
        LogsPane::busy(self)
    }

    fn in_detail(&self) -> bool {
        match &self.tail {
            Some(tail) => tail.open.is_some(),
            None => self.detail.is_some(),
        }
    }

    fn hints(&self) -> Hints {
        match &self.tail {
            Some(tail) => crate::logs::tail::view::hints(tail),
            None => hints(self),
        }
    }

    fn status_height(&self, cx: &ViewCx, width: u16) -> u16 {
        status_height(self, cx, width)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &ViewCx, theme: &Theme, focused: bool) {
        draw(frame, area, self, cx, theme, focused)
    }
}
