//! Drawing the Alarms pane's list: the status line, over an account set a line for each
//! account that could not be asked, then the table (with ACCOUNT and REGION over a set).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row};

use super::detail::state_style;
use super::model::{Alarm, AlarmKind};
use super::pane::AlarmsPane;
use super::status::{failed_lines, status};
use crate::accounts::place::{place_cells, place_widths};
use crate::kit::table;
use crate::pane::ViewCx;
use crate::theme::{Slot, Theme};
use crate::time::age;

pub fn draw_list(frame: &mut Frame, area: Rect, pane: &AlarmsPane, cx: &ViewCx, theme: &Theme) {
    let mut table_area = table::draw_status(frame, area, &status(pane, cx), theme);
    for line in failed_lines(pane) {
        table_area = table::draw_status(frame, table_area, &line, theme);
    }

    if pane.visible_len() == 0 {
        let first_load = pane.loading().is_some_and(|l| l.shown);
        let text = if pane.status.loaded_at.is_none() || first_load && pane.all().is_empty() {
            ""
        } else if pane.all().is_empty() && pane.over_set() {
            "No alarms in the account set."
        } else if pane.all().is_empty() {
            "No alarms in this region."
        } else {
            "No alarm matches the filter. esc clears it."
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.fg(Slot::Dim))),
            table_area,
        );
        return;
    }

    let rows_shown = table::rows_shown(table_area);
    let wide = table_area.width >= 100;
    let placed = pane.over_set();
    let mut header: Vec<&str> = vec!["", "STATE"];
    if placed {
        header.extend(["ACCOUNT", "REGION"]);
    }
    header.extend(["NAME", "FOR"]);
    if wide {
        header.push("REASON");
    }
    if wide || !placed {
        header.push("METRIC");
    }
    let shown: Vec<&Alarm> = pane.visible_rows(pane.cursor.offset, rows_shown).collect();
    let (account_width, region_width) = place_widths(shown.iter().filter_map(|a| a.place.as_ref()));
    let rows = shown.into_iter().map(|alarm| {
        let changed = if pane.is_changed(alarm) { "*" } else { " " };
        let since = alarm
            .state_updated
            .map(|t| age(t, cx.now))
            .unwrap_or_default();
        let kind_mark = if matches!(alarm.kind, AlarmKind::Composite { .. }) {
            "⧉ "
        } else {
            ""
        };
        let mut cells = vec![
            Cell::from(Span::styled(
                changed,
                theme.fg(Slot::Changed).add_modifier(Modifier::BOLD),
            )),
            Cell::from(Span::styled(
                format!("{} {}", alarm.state.symbol(), alarm.state.label()),
                state_style(alarm.state, theme),
            )),
        ];
        if placed {
            cells.extend(place_cells(alarm.place.as_ref(), theme));
        }
        cells.push(Cell::from(Span::styled(
            format!("{kind_mark}{}", alarm.name),
            theme.fg(Slot::Text),
        )));
        cells.push(Cell::from(Span::styled(since, theme.fg(Slot::Text))));
        if wide {
            cells.push(Cell::from(Span::styled(
                alarm.reason_summary(),
                theme.fg(Slot::Dim),
            )));
        }
        if wide || !placed {
            cells.push(Cell::from(Span::styled(alarm.what(), theme.fg(Slot::Dim))));
        }
        Row::new(cells)
    });
    let mut widths = vec![Constraint::Length(1), Constraint::Length(9)];
    if placed {
        widths.extend([
            Constraint::Length(account_width),
            Constraint::Length(region_width),
        ]);
    }
    widths.extend(match (wide, placed) {
        (true, false) => vec![
            Constraint::Percentage(28),
            Constraint::Length(7),
            Constraint::Fill(1),
            Constraint::Percentage(28),
        ],
        (true, true) => vec![
            Constraint::Percentage(24),
            Constraint::Length(7),
            Constraint::Fill(1),
            Constraint::Percentage(20),
        ],
        (false, false) => vec![
            Constraint::Fill(3),
            Constraint::Length(7),
            Constraint::Fill(2),
        ],
        (false, true) => vec![Constraint::Fill(1), Constraint::Length(7)],
    });
    table::draw(frame, table_area, &header, rows, widths, pane.cursor, theme);
}
