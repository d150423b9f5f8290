//! Drawing the Changes pane: the list as pages stream in (over an account set, a line for
//! each account that could not be asked, and ACCOUNT and REGION columns), or one change in
//! full.

use super::detail::draw_detail;
use super::model::Change;
use super::pane::ChangesPane;
use crate::accounts::place::{place_cells, place_widths};
use crate::accounts::sweep::failed_lines;
use crate::aws::AwsError;
use crate::command::Command;
use crate::kit::cursor::ListPane;
use crate::kit::spinner;
use crate::kit::table;
use crate::kit::text::{self, Segments};
use crate::pane::{Hint, Pane, ViewCx};
use crate::theme::{Slot, Theme};
use crate::time::utc_short;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Paragraph, Row};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    pane: &ChangesPane,
    cx: &ViewCx,
    theme: &Theme,
    focused: bool,
) {
    let border = if focused {
        Slot::FocusedBorder
    } else {
        Slot::Border
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.fg(border));
    let inner = block.inner(area);
    match pane
        .detail
        .as_ref()
        .and_then(|d| pane.find(&d.id).map(|c| (d, c)))
    {
        Some((detail, change)) => {
            let title = Line::from(vec![
                Span::styled(" Change ", theme.fg(Slot::Dim)),
                Span::styled(
                    format!("{} ", change.name),
                    theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
                ),
            ]);
            frame.render_widget(block.title(title), area);
            draw_detail(frame, inner, cx, detail, change, theme);
        }
        None => {
            let risky = pane.risky();
            let title = Line::from(vec![
                Span::styled(
                    " Changes ",
                    theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
                ),
                Span::styled(format!("({}) ", pane.query.describe()), theme.fg(Slot::Dim)),
            ]);
            let counts = Line::from(vec![
                Span::styled(
                    format!(" ⚠ {risky} risky "),
                    theme.fg(Slot::Alarm).add_modifier(Modifier::BOLD),
                ),
                Span::styled(
                    format!(" {} changes ", pane.all().len()),
                    theme.fg(Slot::Text),
                ),
            ])
            .right_aligned();
            frame.render_widget(block.title(title).title(counts), area);
            draw_list(frame, inner, pane, cx, theme);
        }
    }
}

/// Progress, error, filter and the selected change's risk, above the list.
fn status(pane: &ChangesPane, cx: &ViewCx) -> Segments {
    let p = &pane.progress;
    let mut out: Segments = Vec::new();
    let window = format!(
        "{} – {} UTC",
        utc_short(pane.query.start),
        utc_short(pane.query.end)
    );
    let covered = match (p.reached, p.done) {
        (_, true) | (None, _) => window.clone(),
        (Some(reached), false) => format!(
            "{} – {} UTC of {window}",
            utc_short(reached),
            utc_short(pane.query.end)
        ),
    };
    let paging = if pane.status.in_flight() {
        format!("{} loading: ", spinner::at(cx.now))
    } else if p.stopped {
        "stopped when you left the pane (r loads again): ".to_string()
    } else {
        String::new()
    };
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let pages = match pane.sweeping() {
        Some((over, shown)) => {
            let spin = spinner::at(cx.now);
            format!(
                "{}, {}",
                over.progress(spin, shown),
                plural(p.events, "event")
            )
        }
        None if pane.over_set() => format!("{paging}{}, {window}", plural(p.events, "event")),
        None => format!(
            "{paging}{}, {}, {covered}",
            plural(p.pages, "page"),
            plural(p.events, "event")
        ),
    };
    out.push((
        pages,
        if pane.status.in_flight() {
            Slot::Info
        } else {
            Slot::Dim
        },
    ));
    if pane.status.error.is_some() {
        out.push(("  ".to_string(), Slot::Dim));
        text::failure(&pane.status, cx.refresh.changes, cx.now, &mut out);
    }
    let narrowing = text::filter_words(pane.filter());
    text::narrowed(&narrowing, pane.visible_len(), pane.all().len(), &mut out);
    if let Some(reason) = pane.selected_change().and_then(|c| c.risk.as_ref()) {
        out.push((format!("  ⚠ {reason}"), Slot::Alarm));
    }
    out
}

/// Rows the status line and the failed accounts' lines take inside a pane `width` wide.
pub fn status_height(pane: &ChangesPane, cx: &ViewCx, width: u16) -> u16 {
    failed_lines(pane.over()).iter().fold(
        table::status_height(&status(pane, cx), width),
        |rows, line| rows.saturating_add(table::status_height(line, width)),
    )
}

fn draw_list(frame: &mut Frame, area: Rect, pane: &ChangesPane, cx: &ViewCx, theme: &Theme) {
    let mut table_area = table::draw_status(frame, area, &status(pane, cx), theme);
    for line in failed_lines(pane.over()) {
        table_area = table::draw_status(frame, table_area, &line, theme);
    }
    if pane.visible_len() == 0 {
        let text = if pane.status.in_flight() || pane.progress.pages == 0 {
            ""
        } else if pane.all().is_empty() && pane.over_set() {
            "No changes in this window in the account set. :changes since 6h looks further back; :changes all includes reads."
        } else if pane.all().is_empty() {
            "No changes in this window. :changes since 6h looks further back; :changes all includes reads."
        } else {
            "No change matches the filter. esc clears it."
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.fg(Slot::Dim))),
            table_area,
        );
        return;
    }
    let wide = table_area.width >= 110;
    let placed = pane.over_set();
    let mut header = vec!["", "TIME (UTC)"];
    if placed {
        header.extend(["ACCOUNT", "REGION"]);
    }
    header.extend(["EVENT", "PRINCIPAL", "SOURCE", "RESOURCES"]);
    if wide && !placed {
        header.push("SOURCE IP");
    }
    if wide {
        header.push("ERROR");
    }
    let rows_shown = table::rows_shown(table_area);
    let shown: Vec<&Change> = pane.visible_rows(pane.cursor.offset, rows_shown).collect();
    let places = shown.iter().filter_map(|c| c.place.as_ref());
    let (account_width, region_width) = place_widths(places);
    // Wider only while a global service's event (`iam (global)`) is on screen.
    let source_width = shown
        .iter()
        .filter(|c| c.global)
        .map(|c| c.service_label().chars().count() as u16)
        .max()
        .map_or(10, |w| w.clamp(10, 22));
    let rows = shown.into_iter().map(|c: &Change| {
        let (mark, name_slot) = match &c.risk {
            Some(_) => ("⚠", Slot::Alarm),
            None => (" ", Slot::Text),
        };
        let mut cells = vec![
            Cell::from(Span::styled(
                mark,
                theme.fg(Slot::Alarm).add_modifier(Modifier::BOLD),
            )),
            Cell::from(Span::styled(utc_short(c.time), theme.fg(Slot::Dim))),
        ];
        if placed {
            cells.extend(place_cells(c.place.as_ref(), theme));
        }
        cells.extend([
            Cell::from(Span::styled(c.name.clone(), theme.fg(name_slot))),
            Cell::from(Span::styled(c.principal.clone(), theme.fg(Slot::Text))),
            Cell::from(Span::styled(c.service_label(), theme.fg(Slot::Dim))),
            Cell::from(Span::styled(c.resources_line(), theme.fg(Slot::Text))),
        ]);
        if wide && !placed {
            cells.push(Cell::from(Span::styled(
                c.source_ip.clone().unwrap_or_default(),
                theme.fg(Slot::Dim),
            )));
        }
        if wide {
            cells.push(Cell::from(Span::styled(
                c.error_code.clone().unwrap_or_default(),
                theme.fg(Slot::Error),
            )));
        }
        Row::new(cells)
    });
    let mut widths = vec![Constraint::Length(1), Constraint::Length(11)];
    if placed {
        widths.extend([
            Constraint::Length(account_width),
            Constraint::Length(region_width),
        ]);
    }
    widths.extend([
        Constraint::Length(26),
        Constraint::Length(14),
        Constraint::Length(source_width),
        Constraint::Fill(1),
    ]);
    if wide && !placed {
        widths.push(Constraint::Length(15));
    }
    if wide {
        widths.push(Constraint::Length(12));
    }
    table::draw(frame, table_area, &header, rows, widths, pane.cursor, theme);
}

/// What the ChangesPane pane's keys do with nothing open.
const CHANGES_HINTS: &[Hint] = &[
    Hint::Bound(Command::Open, "details"),
    Hint::Bound(Command::Filter, "filter"),
    Hint::Bound(Command::SamePrincipal, "same principal"),
    Hint::Bound(Command::SameResource, "same resource"),
    Hint::Bound(Command::Help, "help"),
    Hint::Bound(Command::Quit, "quit"),
];

impl Pane for ChangesPane {
    fn busy(&self) -> bool {
        ChangesPane::busy(self)
    }

    fn in_detail(&self) -> bool {
        self.detail.is_some()
    }

    fn error(&self) -> Option<&AwsError> {
        self.status.error.as_ref()
    }

    fn list_hints(&self) -> &'static [Hint] {
        CHANGES_HINTS
    }

    fn status_height(&self, cx: &ViewCx, width: u16) -> u16 {
        status_height(self, cx, width)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &ViewCx, theme: &Theme, focused: bool) {
        draw(frame, area, self, cx, theme, focused)
    }
}
