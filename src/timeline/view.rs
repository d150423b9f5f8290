//! Drawing the Timeline pane: the window and the incident's key times over every row in
//! time order, dates in UTC.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Paragraph, Row, Wrap};

use super::export::duration;
use super::journal::KeyTimes;
use super::model::Source;
use super::pane::TimelinePane;
use crate::accounts::place;
use crate::aws::AwsError;
use crate::command::Command;
use crate::kit::cursor::ListPane;
use crate::kit::spinner;
use crate::kit::table;
use crate::kit::text::{self, Segments};
use crate::pane::{Hint, Pane, ViewCx};
use crate::theme::{Slot, Theme};
use crate::time::{utc, utc_short};

fn source_slot(source: Source) -> Slot {
    match source {
        Source::Alarm => Slot::Alarm,
        Source::Change => Slot::Changed,
        Source::Health => Slot::Warning,
        Source::Query => Slot::Info,
        Source::Runbook => Slot::Ok,
        Source::Note | Source::Marker => Slot::Title,
    }
}

fn status(pane: &TimelinePane, cx: &ViewCx) -> Segments {
    let mut out: Segments = Vec::new();
    if pane.status.in_flight() {
        out.push((format!("{} gathering… ", spinner::at(cx.now)), Slot::Info));
    }
    let (start, end) = pane.window.unwrap_or_else(|| pane.window_at(cx.now));
    out.push((
        format!("{} – {} UTC", utc_short(start), utc_short(end)),
        Slot::Dim,
    ));
    match &pane.incident {
        Some(incident) => {
            let keys = KeyTimes::derive(incident, pane.all());
            let mut parts = vec![format!("started {}", utc(incident.started))];
            if let Some(d) = keys.time_to_detect() {
                parts.push(format!("detected after {}", duration(d)));
            }
            if let Some(d) = keys.time_to_mitigate() {
                parts.push(format!("mitigated after {}", duration(d)));
            }
            if let Some(d) = keys.time_to_resolve() {
                parts.push(format!("resolved after {}", duration(d)));
            }
            out.push((
                format!("  incident {}: {}", incident.name, parts.join(", ")),
                Slot::Title,
            ));
        }
        None => out.push(("  no incident open: :incident start NAME".into(), Slot::Dim)),
    }
    for (source, why) in &pane.failures {
        out.push((format!("  ✗ {source}: {why}"), Slot::Error));
    }
    let narrowing = text::filter_words(pane.filter());
    text::narrowed(&narrowing, pane.visible_len(), pane.all().len(), &mut out);
    out
}

pub fn status_height(pane: &TimelinePane, cx: &ViewCx, width: u16) -> u16 {
    table::status_height(&status(pane, cx), width)
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    pane: &TimelinePane,
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
        .border_style(theme.fg(border))
        .title(Span::styled(
            " Timeline ",
            theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
        ))
        .title(
            Line::from(Span::styled(
                format!(" {} events ", pane.all().len()),
                theme.fg(Slot::Text),
            ))
            .right_aligned(),
        );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let table_area = table::draw_status(frame, inner, &status(pane, cx), theme);
    if let Some(row) = pane.detail.and_then(|_| pane.selected()) {
        let lines = vec![
            Line::from(Span::styled(
                format!("{} · {}", utc(row.time), row.source.label()),
                theme.fg(Slot::Dim),
            )),
            Line::from(Span::styled(
                row.what.clone(),
                theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
            )),
            Line::from(Span::styled(row.who.clone(), theme.fg(Slot::Text))),
            Line::from(Span::styled(row.detail.clone(), theme.fg(Slot::Text))),
            Line::raw(""),
            Line::from(Span::styled("esc goes back", theme.fg(Slot::Dim))),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), table_area);
        return;
    }
    if pane.visible_len() == 0 {
        let text = if pane.status.loaded_at.is_none() {
            ""
        } else {
            "Nothing in this window. :timeline since 6h looks further back."
        };
        frame.render_widget(
            Paragraph::new(Span::styled(text, theme.fg(Slot::Dim))),
            table_area,
        );
        return;
    }
    let shown = table::rows_shown(table_area);
    let page: Vec<_> = pane
        .shown_placed()
        .skip(pane.cursor.offset)
        .take(shown)
        .collect();
    let placed = pane.placed();
    let rows = page.iter().map(|(e, origin)| {
        let what = if e.risky {
            format!("⚠ {}", e.what)
        } else {
            e.what.clone()
        };
        let what_slot = if e.risky { Slot::Alarm } else { Slot::Text };
        let mut cells = vec![Cell::from(Span::styled(
            utc(e.time).trim_end_matches(" UTC").to_string(),
            theme.fg(Slot::Dim),
        ))];
        if placed {
            let (account, region) = origin
                .map(|o| (o.account.clone(), o.region.clone()))
                .unwrap_or_default();
            cells.push(Cell::from(Span::styled(account, theme.fg(Slot::Text))));
            cells.push(Cell::from(Span::styled(region, theme.fg(Slot::Dim))));
        }
        cells.extend([
            Cell::from(Span::styled(
                e.source.label(),
                theme.fg(source_slot(e.source)),
            )),
            Cell::from(Span::styled(what, theme.fg(what_slot))),
            Cell::from(Span::styled(e.who.clone(), theme.fg(Slot::Text))),
            Cell::from(Span::styled(e.detail.clone(), theme.fg(Slot::Dim))),
        ]);
        Row::new(cells)
    });
    let mut titles = vec!["TIME (UTC)"];
    let mut widths = vec![Constraint::Length(19)];
    if placed {
        let names = page.iter().filter_map(|(_, o)| *o);
        let (account, region) =
            place::widths(names.map(|o| (o.account.as_str(), o.region.as_str())));
        titles.extend(["ACCOUNT", "REGION"]);
        widths.extend([Constraint::Length(account), Constraint::Length(region)]);
    }
    titles.extend(["SOURCE", "EVENT", "WHO", "DETAIL"]);
    widths.extend([
        Constraint::Length(7),
        Constraint::Fill(3),
        Constraint::Fill(1),
        Constraint::Fill(2),
    ]);
    table::draw(frame, table_area, &titles, rows, widths, pane.cursor, theme);
}

/// What the TimelinePane pane's keys do with nothing open.
const TIMELINE_HINTS: &[Hint] = &[
    Hint::Bound(Command::Open, "original"),
    Hint::Bound(Command::Filter, "filter"),
    Hint::Bound(Command::Note, "note"),
    Hint::Bound(Command::Pin, "pin"),
    Hint::Bound(Command::CommandMode, "export md"),
    Hint::Bound(Command::Help, "help"),
    Hint::Bound(Command::Quit, "quit"),
];

impl Pane for TimelinePane {
    fn busy(&self) -> bool {
        TimelinePane::busy(self)
    }

    fn in_detail(&self) -> bool {
        self.detail.is_some()
    }

    fn error(&self) -> Option<&AwsError> {
        self.status.error.as_ref()
    }

    fn list_hints(&self) -> &'static [Hint] {
        TIMELINE_HINTS
    }

    fn status_height(&self, cx: &ViewCx, width: u16) -> u16 {
        status_height(self, cx, width)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &ViewCx, theme: &Theme, focused: bool) {
        draw(frame, area, self, cx, theme, focused)
    }
}
