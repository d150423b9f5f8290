//! Drawing the Health pane: events grouped by status, or the opened event.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Paragraph, Row};

use super::model::{EventStatus, HealthEvent};
use super::pane::{Detail, HealthPane};
use crate::aws::AwsError;
use crate::command::Command;
use crate::kit::Loadable;
use crate::kit::cursor::ListPane;
use crate::kit::table;
use crate::kit::text::{self, Segments};
use crate::pane::{Hint, Pane, ViewCx};
use crate::theme::{Slot, Theme};
use crate::time::{age, utc, utc_short};

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
    if pane.only_open && pane.status.in_flight() && pane.status.error.is_none() {
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

pub fn status_height(pane: &HealthPane, cx: &ViewCx, width: u16) -> u16 {
    table::status_height(&status(pane, cx), width)
}

fn draw_list(frame: &mut Frame, area: Rect, pane: &HealthPane, cx: &ViewCx, theme: &Theme) {
    let table_area = table::draw_status(frame, area, &status(pane, cx), theme);
    if pane.visible_len() == 0 {
        let text = match (pane.status.loaded_at, pane.all().is_empty()) {
            (None, _) => "",
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
    let header = if wide {
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
    let rows_shown = table::rows_shown(table_area);
    let when = |t: Option<jiff::Timestamp>| t.map(utc_short).unwrap_or_default();
    let rows = pane
        .visible_rows(pane.cursor.offset, rows_shown)
        .map(|e: &HealthEvent| {
            let changed = if pane.is_changed(&e.arn) { "*" } else { " " };
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

/// `  ✗ why`, wrapped to the detail's width so none of it is cut.
fn failure(lines: &mut Vec<Line<'static>>, err: &crate::aws::AwsError, room: usize, theme: &Theme) {
    for chunk in textwrap::wrap(&format!("✗ {}", err.message), room) {
        lines.push(Line::from(Span::styled(
            format!("  {chunk}"),
            theme.fg(Slot::Error),
        )));
    }
}

pub fn detail_lines(
    detail: &Detail,
    theme: &Theme,
    now: jiff::Timestamp,
    width: usize,
) -> Vec<Line<'static>> {
    let e = &detail.event;
    let dim = theme.fg(Slot::Dim);
    let text_style = theme.fg(Slot::Text);
    let heading = |t: &str| {
        Line::from(Span::styled(
            t.to_string(),
            theme
                .fg(Slot::Title)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        ))
    };
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("  {label:<13} "), dim),
            Span::styled(value, text_style),
        ])
    };
    let moment = |t: Option<jiff::Timestamp>| {
        t.map(|t| format!("{} ({} ago)", utc(t), age(t, now)))
            .unwrap_or_else(|| "—".into())
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("{} {}", e.status.symbol(), e.status.as_aws().to_uppercase()),
                status_style(e.status, theme),
            ),
            Span::styled(
                format!("  {} · {} · {}", e.service, e.category_label(), e.place()),
                text_style,
            ),
        ]),
        field("Started", moment(e.start)),
        field("Last update", moment(e.last_updated)),
        field("Ended", moment(e.end)),
        field("Scope", e.scope.clone().unwrap_or_else(|| "—".into())),
        field("ARN", e.arn.clone()),
        Line::default(),
        heading("Description"),
    ];
    let room = width.saturating_sub(2).max(20);
    match &detail.description {
        Loadable::Loading => lines.push(Line::from(Span::styled(
            "  loading (DescribeEventDetails)…",
            dim,
        ))),
        Loadable::Failed(err) => failure(&mut lines, err, room, theme),
        Loadable::Ready(d) => {
            for paragraph in d.text.lines() {
                if paragraph.trim().is_empty() {
                    lines.push(Line::default());
                    continue;
                }
                for chunk in textwrap::wrap(paragraph, room) {
                    lines.push(Line::from(Span::styled(format!("  {chunk}"), text_style)));
                }
            }
            if !d.accounts.is_empty() {
                lines.push(Line::default());
                lines.push(heading("Affected accounts"));
                for account in &d.accounts {
                    lines.push(Line::from(Span::styled(format!("  {account}"), text_style)));
                }
            }
        }
    }
    lines.push(Line::default());
    lines.push(heading("Affected resources"));
    match &detail.entities {
        None | Some(Loadable::Loading) => lines.push(Line::from(Span::styled(
            "  loading (DescribeAffectedEntities)…",
            dim,
        ))),
        Some(Loadable::Failed(err)) => failure(&mut lines, err, room, theme),
        Some(Loadable::Ready(entities)) if entities.is_empty() => {
            lines.push(Line::from(Span::styled("  none listed", dim)));
        }
        Some(Loadable::Ready(entities)) => {
            for entity in entities {
                let status = entity.status.clone().unwrap_or_else(|| "UNKNOWN".into());
                let slot = match status.as_str() {
                    "IMPAIRED" => Slot::Alarm,
                    "UNIMPAIRED" | "RESOLVED" => Slot::Ok,
                    _ => Slot::Warning,
                };
                let tags: Vec<String> = entity
                    .tags
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                let mut spans = vec![
                    Span::styled(
                        format!("  {status:<11}"),
                        theme.fg(slot).add_modifier(Modifier::BOLD),
                    ),
                    Span::styled(format!(" {}", entity.value), text_style),
                ];
                if let Some(account) = &entity.account {
                    spans.push(Span::styled(format!("  account {account}"), dim));
                }
                if !tags.is_empty() {
                    spans.push(Span::styled(format!("  {}", tags.join(" ")), dim));
                }
                lines.push(Line::from(spans));
            }
        }
    }
    lines
}

fn draw_detail(frame: &mut Frame, area: Rect, cx: &ViewCx, detail: &Detail, theme: &Theme) {
    let lines = detail_lines(detail, theme, cx.now, area.width as usize);
    let max_scroll = lines.len().saturating_sub(area.height as usize);
    let scroll = detail.scroll.min(max_scroll) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
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
