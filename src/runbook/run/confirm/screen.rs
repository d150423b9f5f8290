//! How much of a confirmation has been on screen: where it is scrolled to, when it was
//! first drawn, and how many rows of what it sends have never been shown. The view writes
//! this down as it draws, so an answer is refused until the screen itself has shown the end,
//! and keys read before the first frame are known for what they are: typed without seeing it.

use std::cell::Cell;
use std::time::Instant;

/// What one frame showed of a confirmation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown {
    /// When the confirmation was first drawn.
    pub first: Instant,
    /// What was drawn: see `Confirmation::fingerprint`.
    pub fingerprint: u64,
    /// Rows of what it sends (commands, targets, rate), wrapped at the width drawn.
    pub total: usize,
    /// How many of those rows the screen holds at once.
    pub rows: usize,
    /// Rows below the lowest row that has ever been on screen.
    pub unread: usize,
}

/// Whether the engineer can have read all of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Not drawn yet, or changed (the targets arrived) since it was last drawn.
    NotShown,
    /// This many rows were never on screen.
    Unread(usize),
    Read,
}

impl Reading {
    /// Why an answer is refused, when it is.
    pub fn refusal(self) -> Option<String> {
        match self {
            Reading::NotShown => {
                Some("it has not been on screen as it is now: read it, then answer".into())
            }
            Reading::Unread(n) => Some(format!(
                "scroll to the end first: {n} more line{}",
                if n == 1 { "" } else { "s" }
            )),
            Reading::Read => None,
        }
    }
}

/// A move through the rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scroll {
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
}

#[derive(Debug, Default)]
pub struct Screen {
    scroll: usize,
    shown: Cell<Option<Shown>>,
}

impl Screen {
    /// The first row on screen, as asked (the view keeps it within the rows).
    pub fn scroll(&self) -> usize {
        self.scroll
    }

    pub fn shown(&self) -> Option<Shown> {
        self.shown.get()
    }

    /// Whether the rows did not all fit on the last frame.
    pub fn scrollable(&self) -> bool {
        self.shown().is_some_and(|s| s.total > s.rows)
    }

    /// Notes a frame that showed `rows` rows from `top` of `total`; returns the rows never
    /// shown since the content was last changed.
    pub fn drawn(
        &self,
        now: Instant,
        fingerprint: u64,
        total: usize,
        rows: usize,
        top: usize,
    ) -> usize {
        let unread = self.unread_after(fingerprint, total, rows, top);
        let previous = self.shown.get();
        self.shown.set(Some(Shown {
            first: previous.map(|p| p.first).unwrap_or(now),
            fingerprint,
            total,
            rows,
            unread,
        }));
        unread
    }

    /// The rows that would stay unread once a frame shows `rows` rows from `top`.
    pub fn unread_after(&self, fingerprint: u64, total: usize, rows: usize, top: usize) -> usize {
        let below = total.saturating_sub(top.saturating_add(rows));
        match self.shown.get() {
            Some(p) if p.fingerprint == fingerprint => p.unread.min(below),
            _ => below,
        }
    }

    pub fn reading(&self, fingerprint: u64) -> Reading {
        match self.shown.get() {
            Some(s) if s.fingerprint != fingerprint => Reading::NotShown,
            None => Reading::NotShown,
            Some(s) if s.unread > 0 => Reading::Unread(s.unread),
            Some(_) => Reading::Read,
        }
    }

    /// True for a key read before the first frame showed the confirmation.
    pub fn read_before_drawn(&self, read_at: Instant) -> bool {
        self.shown.get().is_none_or(|s| read_at < s.first)
    }

    /// Moves through the rows as the last frame laid them out.
    pub fn scroll_by(&mut self, how: Scroll) {
        let (total, rows) = self
            .shown
            .get()
            .map(|s| (s.total, s.rows))
            .unwrap_or((0, 0));
        let last = total.saturating_sub(rows);
        let page = rows.saturating_sub(1).max(1);
        let now = self.scroll.min(last);
        self.scroll = match how {
            Scroll::Down => now.saturating_add(1),
            Scroll::Up => now.saturating_sub(1),
            Scroll::PageDown => now.saturating_add(page),
            Scroll::PageUp => now.saturating_sub(page),
            Scroll::Top => 0,
            Scroll::Bottom => last,
        }
        .min(last);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_end_counts_as_read_once_a_frame_showed_it_and_only_for_that_content() {
        let t0 = Instant::now();
        let mut screen = Screen::default();
        assert_eq!(screen.reading(1), Reading::NotShown);
        assert!(screen.read_before_drawn(t0));
        assert_eq!(screen.drawn(t0, 1, 60, 20, 0), 40);
        assert_eq!(screen.reading(1), Reading::Unread(40));
        screen.scroll_by(Scroll::PageDown);
        assert_eq!(screen.scroll(), 19);
        screen.scroll_by(Scroll::Bottom);
        assert_eq!(screen.scroll(), 40);
        assert_eq!(
            screen.reading(1),
            Reading::Unread(40),
            "scrolled, not yet drawn"
        );
        let t1 = t0 + Duration::from_millis(5);
        assert_eq!(screen.drawn(t1, 1, 60, 20, 40), 0);
        assert_eq!(screen.reading(1), Reading::Read);
        screen.scroll_by(Scroll::Top);
        screen.drawn(t1, 1, 60, 20, 0);
        assert_eq!(screen.reading(1), Reading::Read, "the end was shown once");
        assert_eq!(screen.reading(2), Reading::NotShown, "the content changed");
        screen.drawn(t1, 2, 64, 20, 0);
        assert_eq!(screen.reading(2), Reading::Unread(44));
        assert!(screen.read_before_drawn(t0 - Duration::from_millis(1)));
        assert!(!screen.read_before_drawn(t1), "first drawn at t0");
    }
}
