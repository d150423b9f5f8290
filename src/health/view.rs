//! Drawing the Health pane: events grouped by status, or the opened event.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Paragraph, Row};

use super::detail::draw_detail;
use super::model::{EventStatus, HealthEvent};
use super::pane::HealthPane;
use crate::accounts::place::place_widths;
use crate::accounts::sweep::failed_lines;
use crate::aws::AwsError;
use crate::command::Command;
use crate::kit::cursor::ListPane;
use crate::kit::table;
use crate::kit::text::{self, Segments};
use crate::pane::{Hint, Pane, ViewCx};
use crate::theme::{Slot, Theme};
use crate::time::utc_short;

pub fn status_style(status: EventStatus, theme: &Theme) -> Style {
    let slot = match status {
        EventStatus::Open => Slot::Alarm,
        EventStatus::Upcoming => Slot::Warning,
        EventStatus::Closed => Slot::Ok,
    };
    theme.fg(slot).add_modifier(Modifier::BOLD)
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    pane: &HealthPane,
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
    let view = if pane.organization {
        "organization"
    } else {
        "this account"
    };
    match &pane.detail {
        Some(detail) => {
            let title = Line::from(vec![
                Span::styled(" Health event ", theme.fg(Slot::Dim)),
                Span::styled(
                    format!("{} ", detail.event.type_code),
                    theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
                ),
            ]);
            frame.render_widget(block.title(title), area);
            draw_detail(frame, inner, cx, detail, theme);
        }
        None => {
            let count = |s: EventStatus| pane.all().iter().filter(|e| e.status == s).count();
            let title = Line::from(vec![
                Span::styled(
                    " Health ",
                    theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
                ),
                Span::styled(format!("({view}) "), theme.fg(Slot::Dim)),
            ]);
            let counts = Line::from(vec![
                Span::styled(
                    format!(" ● {} open ", count(EventStatus::Open)),
                    status_style(EventStatus::Open, theme),
                ),
                Span::styled(
                    format!(" ◷ {} upcoming ", count(EventStatus::Upcoming)),
                    status_style(EventStatus::Upcoming, theme),
                ),
                Span::styled(
                    format!(" ✓ {} closed ", count(EventStatus::Closed)),
                    status_style(EventStatus::Closed, theme),
                ),
            ])
            .right_aligned();
            frame.render_widget(block.title(title).title(counts), area);
            draw_list(frame, inner, pane, cx, theme);
        }
    }
}

/// The line above the list: the pane's error (wrapped), loading, filters.
fn status(pane: &HealthPane, cx: &ViewCx) -> Segments {
    let mut out: Segments = Vec::new();
    let (every, now, connected) = (cx.refresh.health, cx.now, cx.connected);
    if let Some((over, shown)) = pane.sweeping() {
        out.push((
            over.progress(crate::kit::spinner::at(now), shown),
            Slot::Info,
        ));
    } else if pane.only_open && pane.status.in_flight() && pane.status.error.is_none() {
        out.push((
            format!(
                "{} the open events are in; loading the upcoming and recently closed…",
                crate::kit::spinner::at(now)
            ),
            Slot::Info,
        ));
    } else {
        text::loading(
            &pane.status,
            "AWS Health events",
            every,
            now,
            connected,
            &mut out,
        );
    }
    if pane.only_open && pane.status.error.is_some() {
        out.push((
            "  Only the open events are shown: the rest did not load.".to_string(),
            Slot::Warning,
        ));
    }
    let mut narrowing = pane.facets.describe();
    narrowing.extend(text::filter_words(pane.filter()));
    text::narrowed(&narrowing, pane.visible_len(), pane.all().len(), &mut out);
    out
}

/// Rows the status line and the failed accounts' lines take inside a pane `width` wide.
pub fn status_height(pane: &HealthPane, cx: &ViewCx, width: u16) -> u16 {
    failed_lines(pane.over()).iter().fold(
        table::status_height(&status(pane, cx), width),
        |rows, line| rows.saturating_add(table::status_height(line, width)),
    )
}

fn draw_list(frame: &mut Frame, area: Rect, pane: &HealthPane, cx: &ViewCx, theme: &Theme) {
    let mut table_area = table::draw_status(frame, area, &status(pane, cx), theme);
    for line in failed_lines(pane.over()) {
        table_area = table::draw_status(frame, table_area, &line, theme);
    }
    if pane.visible_len() == 0 {
        let text = match (pane.status.loaded_at, pane.all().is_empty()) {
            (None, _) => "",
            (Some(_), true) if pane.over_set() => {
                "No AWS Health events in the account set's accounts for its regions or global services in the last 7 days."
            }
            (Some(_), true) => {
                "No AWS Health events for this region or global services in the last 7 days."
            }
            (Some(_), false) => {
                "No event matches the filter. esc clears it; :health all clears field filters."
            }
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.fg(Slot::Dim))),
            table_area,
        );
        return;
    }
    let wide = table_area.width >= 110;
    let placed = pane.over_set();
    let mut header = if wide {
        vec![
            "",
            "STATUS",
            "CATEGORY",
            "SERVICE",
            "EVENT",
            "REGION/AZ",
            "START",
            "UPDATED",
            "END",
        ]
    } else {
        vec!["", "STATUS", "SERVICE", "EVENT", "REGION/AZ", "START"]
    };
    if placed {
        header.insert(2, "ACCOUNT");
    }
    let rows_shown = table::rows_shown(table_area);
    let shown: Vec<&HealthEvent> = pane.visible_rows(pane.cursor.offset, rows_shown).collect();
    let (account_width, _) = place_widths(shown.iter().filter_map(|e| e.located.as_ref()));
    let when = |t: Option<jiff::Timestamp>| t.map(utc_short).unwrap_or_default();
    let rows = shown.into_iter().map(|e: &HealthEvent| {
        let changed = if pane.is_changed(&e.key()) { "*" } else { " " };
        let mut cells = vec![
            Cell::from(Span::styled(
                changed,
                theme.fg(Slot::Changed).add_modifier(Modifier::BOLD),
            )),
            Cell::from(Span::styled(
                format!("{} {}", e.status.symbol(), e.status.as_aws()),
                status_style(e.status, theme),
            )),
        ];
        if placed {
            let account = e.located.as_ref().map(|p| p.account.name.clone());
            cells.push(Cell::from(Span::styled(
                account.unwrap_or_default(),
                theme.fg(Slot::Text),
            )));
        }
        if wide {
            cells.push(Cell::from(Span::styled(
                e.category_label(),
                theme.fg(Slot::Text),
            )));
        }
        cells.push(Cell::from(Span::styled(
            e.service.clone(),
            theme.fg(Slot::Text),
        )));
        cells.push(Cell::from(Span::styled(e.what(), theme.fg(Slot::Text))));
        cells.push(Cell::from(Span::styled(e.place(), theme.fg(Slot::Dim))));
        cells.push(Cell::from(Span::styled(when(e.start), theme.fg(Slot::Dim))));
        if wide {
            cells.push(Cell::from(Span::styled(
                when(e.last_updated),
                theme.fg(Slot::Dim),
            )));
            cells.push(Cell::from(Span::styled(when(e.end), theme.fg(Slot::Dim))));
        }
        Row::new(cells)
    });
    let mut widths = vec![Constraint::Length(1), Constraint::Length(10)];
    if placed {
        widths.push(Constraint::Length(account_width));
    }
    if wide {
        widths.push(Constraint::Length(16));
    }
    widths.extend([
        Constraint::Length(8),
        Constraint::Fill(1),
        Constraint::Length(18),
        Constraint::Length(11),
    ]);
    if wide {
        widths.extend([Constraint::Length(11), Constraint::Length(11)]);
    }
    table::draw(frame, table_area, &header, rows, widths, pane.cursor, theme);
}

/// What the HealthPane pane's keys do with nothing open.
const HEALTH_HINTS: &[Hint] = &[
    Hint::Bound(Command::Open, "details"),
    Hint::Bound(Command::Filter, "filter"),
    Hint::Bound(Command::CommandMode, "health category=issue"),
    Hint::Bound(Command::Refresh, "refresh"),
    Hint::Bound(Command::Help, "help"),
    Hint::Bound(Command::Quit, "quit"),
];

impl Pane for HealthPane {
    fn busy(&self) -> bool {
        HealthPane::busy(self)
    }

    fn in_detail(&self) -> bool {
        self.detail.is_some()
    }

    fn error(&self) -> Option<&AwsError> {
        self.status.error.as_ref()
    }

    fn list_hints(&self) -> &'static [Hint] {
        HEALTH_HINTS
    }

    fn status_height(&self, cx: &ViewCx, width: u16) -> u16 {
        status_height(self, cx, width)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &ViewCx, theme: &Theme, focused: bool) {
        draw(frame, area, self, cx, theme, focused)
    }
}
