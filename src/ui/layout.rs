//! Where things go on screen; shared by draw and by update (to know a page's height).

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::panes::{self, PaneId};
use crate::app::state::AppState;

pub struct Areas {
    pub header: Rect,
    pub body: Rect,
    pub footer: Rect,
}

pub fn areas(state: &AppState) -> Areas {
    let screen = Rect::new(0, 0, state.screen.width, state.screen.height);
    let footer_rows = super::footer::height(state, screen.width);
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(footer_rows),
    ])
    .areas(screen);
    Areas {
        header,
        body,
        footer,
    }
}

/// The panes on screen: the focused one alone, or all of them in a grid.
pub fn panes(body: Rect, focus: PaneId, grid: bool) -> Vec<(PaneId, Rect)> {
    if !grid || PaneId::ALL.len() == 1 {
        return vec![(focus, body)];
    }
    let count = PaneId::ALL.len();
    let cols = (count as f64).sqrt().ceil() as usize;
    let rows = count.div_ceil(cols);
    let row_areas = Layout::vertical(vec![Constraint::Ratio(1, rows as u32); rows]).split(body);
    let mut out = Vec::with_capacity(count);
    for (r, row) in row_areas.iter().enumerate() {
        let in_row = (count - r * cols).min(cols);
        let cells =
            Layout::horizontal(vec![Constraint::Ratio(1, in_row as u32); in_row]).split(*row);
        for (c, cell) in cells.iter().enumerate() {
            out.push((PaneId::ALL[r * cols + c], *cell));
        }
    }
    out
}

pub fn pane_area(state: &AppState, pane: PaneId) -> Option<Rect> {
    panes(areas(state).body, state.focus, state.grid)
        .into_iter()
        .find(|(p, _)| *p == pane)
        .map(|(_, r)| r)
}

/// How many rows a pane's list shows: the pane less its borders, status and column header.
pub fn list_rows(state: &AppState, pane: PaneId) -> usize {
    pane_area(state, pane)
        .map(|r| {
            let inner_width = r.width.saturating_sub(2);
            let cx = panes::view_cx(state);
            let status = panes::pane(state, pane).status_height(&cx, inner_width);
            r.height.saturating_sub(3 + status) as usize
        })
        .unwrap_or(0)
}
