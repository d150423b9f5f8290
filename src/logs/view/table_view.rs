//! The results as a table: which columns fit and how wide, `@message` taking the widest
//! share, and words where the rows have nothing to show.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row, Wrap};
use unicode_width::UnicodeWidthStr;

use super::one_line;
use crate::kit::table;
use crate::logs::model::fieldless_note;
use crate::logs::pane::{LogsPane, Phase};
use crate::theme::{Slot, Theme};

/// The widest a column other than the one that fills grows.
const MAX_COLUMN: usize = 40;
/// The narrowest a column is squeezed to before it is left out.
const MIN_COLUMN: usize = 12;
/// Columns that say where a row came from: squeezed and left out before any other.
const PROVENANCE: [&str; 2] = ["@log", "@logStream"];

/// Which columns to show, in their order, and how wide: each column its natural width up
/// to [`MAX_COLUMN`], the fill column (`@message`, else the last) the rest. When they do not
/// fit with the fill column at half the width (or its natural width, if less), columns give
/// way: `@log`, `@logStream`, then the others from the right, `@timestamp` last; a column
/// is squeezed when that alone makes the rest fit (to no less than [`MIN_COLUMN`]), else
/// left out; `@timestamp` stays while the fill column keeps [`MIN_COLUMN`]. The fill column
/// always stays.
pub fn layout(fields: &[String], natural: &[usize], width: u16) -> Vec<(usize, Constraint)> {
    let count = fields.len().min(natural.len());
    if count == 0 {
        return Vec::new();
    }
    let fill = fields[..count]
        .iter()
        .position(|f| f == "@message")
        .unwrap_or(count - 1);
    let width = width as usize;
    let fill_min = natural[fill].max(1).min(width / 2);
    let budget = width.saturating_sub(fill_min);
    let mut widths: Vec<Option<usize>> = (0..count)
        .map(|i| (i != fill).then(|| natural[i].clamp(1, MAX_COLUMN)))
        .collect();
    let rank = |i: usize| {
        let field = fields[i].as_str();
        if field == "@timestamp" {
            (0, 0)
        } else if let Some(p) = PROVENANCE.iter().position(|f| *f == field) {
            (2, count - p)
        } else {
            (1, count - i)
        }
    };
    let mut giving_way: Vec<usize> = (0..count).filter(|i| *i != fill).collect();
    giving_way.sort_by_key(|i| std::cmp::Reverse(rank(*i)));
    let used = |widths: &[Option<usize>]| widths.iter().flatten().map(|w| w + 1).sum::<usize>();
    for i in giving_way {
        let over = used(&widths).saturating_sub(budget);
        let Some(w) = widths[i] else { continue };
        if over == 0 {
            break;
        }
        if fields[i] == "@timestamp" {
            // The time stays while the message keeps a readable width.
            let room = width.saturating_sub(fill_min.min(MIN_COLUMN));
            if used(&widths) > room {
                widths[i] = None;
            }
            continue;
        }
        widths[i] = (w >= MIN_COLUMN + over).then(|| w - over);
    }
    widths
        .iter()
        .enumerate()
        .filter_map(|(i, w)| match (i == fill, w) {
            (true, _) => Some((i, Constraint::Fill(1))),
            (false, Some(w)) => Some((i, Constraint::Length(*w as u16))),
            (false, None) => None,
        })
        .collect()
}

/// What the table area says when there is no row to draw.
fn empty_text(pane: &LogsPane) -> Option<String> {
    let table = &pane.results;
    let complete = pane
        .run
        .as_ref()
        .is_some_and(|r| r.phase == Phase::Complete);
    if complete && let Some(note) = fieldless_note(table.fields.len(), table.len()) {
        return Some(format!(
            "{}: there is nothing in them to show.",
            capitalised(&note)
        ));
    }
    if table.visible_len() > 0 {
        return None;
    }
    Some(match complete {
        true if table.is_empty() => {
            "No rows: nothing matched in this range. t widens it; l adds log groups.".into()
        }
        true => "No row matches the filter. esc clears it.".into(),
        false => String::new(),
    })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub fn draw(frame: &mut Frame, area: Rect, pane: &LogsPane, theme: &Theme) {
    if let Some(text) = empty_text(pane) {
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.fg(Slot::Dim))).wrap(Wrap { trim: false }),
            area,
        );
        return;
    }
    let table = &pane.results;
    let shown = table::rows_shown(area);
    let first = pane.cursor.offset;
    let cells: Vec<Vec<String>> = (first..(first + shown).min(table.visible_len()))
        .filter_map(|n| table.cells(n))
        .map(|row| {
            row.iter()
                .zip(&table.fields)
                .map(|(c, f)| one_line(&crate::logs::epoch::shown(f, c)))
                .collect()
        })
        .collect();
    let header: Vec<String> = table
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| match table.sort {
            Some(s) if s.column == i => format!("{f} {}", if s.descending { "▼" } else { "▲" }),
            _ => f.clone(),
        })
        .collect();
    let natural: Vec<usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            cells
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.width())
                .chain([h.width()])
                .max()
                .unwrap_or(1)
        })
        .collect();
    let columns = layout(&table.fields, &natural, area.width);
    let widths: Vec<Constraint> = columns.iter().map(|(_, w)| *w).collect();
    let rows = cells.into_iter().map(|row| {
        Row::new(columns.iter().map(|(i, _)| {
            let c = row.get(*i).cloned().unwrap_or_default();
            Cell::from(Span::styled(c, theme.fg(Slot::Text)))
        }))
    });
    let header_refs: Vec<&str> = columns.iter().map(|(i, _)| header[*i].as_str()).collect();
    table::draw(frame, area, &header_refs, rows, widths, pane.cursor, theme);
}

#[cfg(test)]
mod tests;
