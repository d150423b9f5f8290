//! Drawing: a pure function of the state. It never awaits, locks or does I/O.

pub mod columns;
pub mod footer;
pub mod header;
pub mod help;
pub mod layout;

use ratatui::Frame;

use crate::app::panes;
use crate::app::state::{AppState, Mode};
use crate::keymap::Keymap;
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, state: &AppState, theme: &Theme, keymap: &Keymap) {
    let areas = layout::areas(state);
    header::draw(frame, areas.header, state, theme);
    for (pane, area) in layout::panes(areas.body, state.focus, state.grid) {
        panes::draw(frame, area, state, theme, pane);
    }
    footer::draw(frame, areas.footer, state, theme, keymap);
    if let Mode::Help { scroll } = state.mode {
        help::draw(
            frame,
            areas.body,
            scroll,
            keymap,
            theme,
            state.state_dir.as_deref(),
        );
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
