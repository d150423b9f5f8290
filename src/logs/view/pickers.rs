//! The log group picker and the saved query picker, over the results.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};
use unicode_width::UnicodeWidthStr;

use super::super::picker::{GroupPicker, MAX_CHOSEN, SavedPicker};
use super::{bytes, one_line};
use crate::kit::spinner;
use crate::kit::table;
use crate::kit::text::{self, Segments};
use crate::pane::ViewCx;
use crate::theme::{Slot, Theme};

pub(super) fn draw_groups(
    frame: &mut Frame,
    area: Rect,
    cx: &ViewCx,
    picker: &GroupPicker,
    theme: &Theme,
) {
    let note = groups_note(cx, picker);
    let [search, info, list_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(text::rows(&note, area.width)),
        Constraint::Min(0),
    ])
    .areas(area);
    let value = picker.input.value();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                "Log groups: ",
                theme.fg(Slot::KeyHint).add_modifier(Modifier::BOLD),
            ),
            Span::styled(value.to_string(), theme.fg(Slot::Text)),
        ])),
        search,
    );
    let x = search.x + 12 + value.width() as u16;
    frame.set_cursor_position(Position::new(
        x.min(search.right().saturating_sub(1)),
        search.y,
    ));
    text::draw(frame, info, &note, theme);
    let shown = table::rows_shown(list_area);
    let first = picker.cursor.offset;
    // In a monitoring account, each group's owning account.
    let linked = picker.has_linked();
    let rows = (first..(first + shown).min(picker.len()))
        .filter_map(|n| picker.get(n))
        .map(|g| {
            let mark = if picker.is_chosen(g) { "[x]" } else { "[ ]" };
            let retention = match g.retention_days {
                Some(days) => Span::styled(format!("{days}d"), theme.fg(Slot::Dim)),
                None => Span::styled("∞ no retention", theme.fg(Slot::Warning)),
            };
            let recent = if picker.is_recent(&g.name) {
                "recent"
            } else {
                ""
            };
            let mut cells = vec![
                Cell::from(Span::styled(mark, theme.fg(Slot::KeyHint))),
                Cell::from(Span::styled(g.name.clone(), theme.fg(Slot::Text))),
            ];
            if linked {
                let account = g.account.clone().unwrap_or_default();
                let slot = match g.is_linked(&picker.own_account) {
                    true => Slot::Info,
                    false => Slot::Dim,
                };
                cells.push(Cell::from(Span::styled(account, theme.fg(slot))));
            }
            cells.extend([
                Cell::from(retention),
                Cell::from(Span::styled(
                    bytes(g.stored_bytes as f64),
                    theme.fg(Slot::Dim),
                )),
                Cell::from(Span::styled(recent, theme.fg(Slot::Info))),
            ]);
            Row::new(cells)
        });
    let mut header = vec!["", "LOG GROUP"];
    let mut widths = vec![Constraint::Length(3), Constraint::Fill(1)];
    if linked {
        header.push("ACCOUNT");
        widths.push(Constraint::Length(12));
    }
    header.extend(["RETENTION", "STORED", ""]);
    widths.extend([
        Constraint::Length(14),
        Constraint::Length(9),
        Constraint::Length(6),
    ]);
    table::draw(
        frame,
        list_area,
        &header,
        rows,
        widths,
        picker.cursor,
        theme,
    );
}

pub(super) fn draw_saved(frame: &mut Frame, area: Rect, picker: &SavedPicker, theme: &Theme) {
    let note = match (&picker.error, picker.loading) {
        (Some(e), _) => (format!("✗ the account's saved queries: {e}"), Slot::Error),
        (None, true) => (
            "loading the account's saved queries…".to_string(),
            Slot::Info,
        ),
        (None, false) => (
            "enter puts the query in the editor · esc cancels".to_string(),
            Slot::Dim,
        ),
    };
    let note = vec![note];
    let [info, list_area] = Layout::vertical([
        Constraint::Length(text::rows(&note, area.width)),
        Constraint::Min(0),
    ])
    .areas(area);
    text::draw(frame, info, &note, theme);
    let shown = table::rows_shown(list_area);
    let first = picker.cursor.offset;
    let name_width = picker
        .items
        .iter()
        .map(|q| q.name.width())
        .max()
        .unwrap_or(4)
        .clamp(4, 48) as u16;
    let rows = picker.items.iter().skip(first).take(shown).map(|q| {
        let origin = match q.origin {
            crate::logs::Origin::Config => "config",
            crate::logs::Origin::Account => "account",
        };
        Row::new(vec![
            Cell::from(Span::styled(q.name.clone(), theme.fg(Slot::Text))),
            Cell::from(Span::styled(origin, theme.fg(Slot::Dim))),
            Cell::from(Span::styled(one_line(&q.query), theme.fg(Slot::Dim))),
        ])
    });
    table::draw(
        frame,
        list_area,
        &["NAME", "FROM", "QUERY"],
        rows,
        vec![
            Constraint::Length(name_width),
            Constraint::Length(8),
            Constraint::Fill(1),
        ],
        picker.cursor,
        theme,
    );
}

/// The row under the search: how many groups are shown and chosen and the keys, or why
/// they could not be listed (wrapped, every word of it).
fn groups_note(cx: &ViewCx, picker: &GroupPicker) -> Segments {
    let mut note: Segments = vec![(
        format!(
            "{} shown · {} of {MAX_CHOSEN} chosen · space chooses, enter confirms, esc cancels; type to search, /prefix asks AWS",
            picker.len(),
            picker.chosen.len()
        ),
        Slot::Dim,
    )];
    if picker.loading {
        note.insert(0, (format!("{} loading ", spinner::at(cx.now)), Slot::Info));
    }
    if let Some(e) = &picker.error {
        note = vec![(format!("✗ {e}"), Slot::Error)];
    }
    note
}
