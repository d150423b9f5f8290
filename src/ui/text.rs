//! Text as segments of (words, colour slot): measured for layout without a theme, styled
//! for drawing with one.

use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::theme::{Slot, Theme};

pub type Segments = Vec<(String, Slot)>;

pub fn line(segments: &Segments, theme: &Theme) -> Line<'static> {
    Line::from(
        segments
            .iter()
            .map(|(text, slot)| Span::styled(text.clone(), theme.fg(*slot)))
            .collect::<Vec<_>>(),
    )
}

/// How many rows the segments take when wrapped to `width`, at most `max`.
pub fn height(segments: &Segments, width: u16, max: u16) -> u16 {
    if segments.iter().all(|(t, _)| t.is_empty()) {
        return 1;
    }
    let plain: String = segments.iter().map(|(t, _)| t.as_str()).collect();
    let rows = Paragraph::new(plain)
        .wrap(Wrap { trim: false })
        .line_count(width);
    (rows as u16).clamp(1, max)
}
