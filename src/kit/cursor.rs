//! What every list pane shares: a cursor over its visible rows, a filter, and an opened
//! item whose text scrolls.

/// The selected row and the first row on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Moves by `delta` rows among `len`, keeping the selection within `rows` on screen.
    pub fn move_by(&mut self, delta: isize, len: usize, rows: usize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(len.saturating_sub(1));
        self.scroll_into_view(rows);
    }

    pub fn scroll_into_view(&mut self, rows: usize) {
        let rows = rows.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }

    /// Selects `index` (or the first row) after the rows changed.
    pub fn reselect(&mut self, index: Option<usize>) {
        self.selected = index.unwrap_or(0);
        self.offset = self.offset.min(self.selected);
    }
}

pub trait ListPane {
    fn cursor_mut(&mut self) -> &mut Cursor;
    /// Rows shown after filtering.
    fn visible_len(&self) -> usize;
    fn filter(&self) -> &str;
    fn set_filter(&mut self, text: &str);
    /// The opened item's scroll position, when an item is open.
    fn detail_scroll(&mut self) -> Option<&mut usize>;
    /// Closes the opened item; false when none was open.
    fn close(&mut self) -> bool;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_keeps_the_selection_on_screen() {
        let mut c = Cursor::default();
        c.move_by(12, 50, 10);
        assert_eq!((c.selected, c.offset), (12, 3));
        c.move_by(1000, 50, 10);
        assert_eq!((c.selected, c.offset), (49, 40));
        c.move_by(-45, 50, 10);
        assert_eq!((c.selected, c.offset), (4, 4));
        c.move_by(3, 0, 10);
        assert_eq!(
            c.selected, 0,
            "an empty list selects nothing beyond its start"
        );
    }
}
