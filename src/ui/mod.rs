//! Drawing: a pure function of the state. It never awaits, locks or does I/O.

pub mod columns;
pub mod footer;
pub mod header;
pub mod help;
pub mod layout;
pub mod list;
pub mod text;

use ratatui::Frame;

use crate::alarms::view as alarms_view;
use crate::app::keymap::Keymap;
use crate::app::state::{AppState, Mode, PaneId};
use crate::changes::view as changes_view;
use crate::health::view as health_view;
use crate::logs::view as logs_view;
use crate::runbook::view as runbook_view;
use crate::theme::Theme;
use crate::timeline::view as timeline_view;

pub fn draw(frame: &mut Frame, state: &AppState, theme: &Theme, keymap: &Keymap) {
    let areas = layout::areas(state);
    header::draw(frame, areas.header, state, theme);
    for (pane, area) in layout::panes(areas.body, state.focus, state.grid) {
        let focused = pane == state.focus;
        match pane {
            PaneId::Alarms => alarms_view::draw(frame, area, state, theme, focused),
            PaneId::Changes => changes_view::draw(frame, area, state, theme, focused),
            PaneId::Health => health_view::draw(frame, area, state, theme, focused),
            PaneId::Logs => logs_view::draw(frame, area, state, theme, focused),
            PaneId::Runbooks => runbook_view::draw(frame, area, state, theme, focused),
            PaneId::Timeline => timeline_view::draw(frame, area, state, theme, focused),
        }
    }
    footer::draw(frame, areas.footer, state, theme, keymap);
    if let Mode::Help { scroll } = state.mode {
        help::draw(frame, areas.body, scroll, keymap, theme);
    }
    defuse_cells(frame.buffer_mut());
}

/// Ratatui drops C0 and C1 controls from what it draws, but keeps bidi controls and line
/// separators from AWS text (a zero-width one rides on the cell before it), which would
/// reorder or break what the terminal shows. They are taken out here, once every pane is
/// drawn, so no view has to remember them.
fn defuse_cells(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        if let std::borrow::Cow::Owned(symbol) = crate::defuse::strip(cell.symbol()) {
            cell.set_symbol(if symbol.is_empty() { " " } else { &symbol });
        }
    }
}
