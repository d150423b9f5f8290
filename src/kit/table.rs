//! The table every list pane draws: a header, only the rows on screen, the selection.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::widgets::{Row, Table, TableState};

use super::cursor::Cursor;
use super::text::{self, Segments};
use crate::theme::{Slot, Theme};

/// How many rows fit under the header.
pub fn rows_shown(area: Rect) -> usize {
    area.height.saturating_sub(1) as usize
}

/// Draws `rows` (already only those on screen, from `cursor.offset`) under `header`.
pub fn draw<'a>(
    frame: &mut Frame,
    area: Rect,
    header: &[&'a str],
    rows: impl IntoIterator<Item = Row<'a>>,
    widths: Vec<Constraint>,
    cursor: Cursor,
    theme: &Theme,
) {
    let header =
        Row::new(header.iter().copied()).style(theme.fg(Slot::Dim).add_modifier(Modifier::BOLD));
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.selection());
    let mut state =
        TableState::default().with_selected(Some(cursor.selected.saturating_sub(cursor.offset)));
    frame.render_stateful_widget(table, area, &mut state);
}

/// Rows the status line over a list takes at this width: all of its wrapped rows, so an
/// error is never cut (the list under it gets what is left).
pub fn status_height(status: &Segments, width: u16) -> u16 {
    text::rows(status, width)
}

/// Draws the status line (wrapped) over the list; returns the area left for the table.
pub fn draw_status(frame: &mut Frame, area: Rect, status: &Segments, theme: &Theme) -> Rect {
    let rows = status_height(status, area.width);
    let [status_area, rest] =
        Layout::vertical([Constraint::Length(rows), Constraint::Min(0)]).areas(area);
    text::draw(frame, status_area, status, theme);
    rest
}
