//! Drawing the Changes pane: the list as pages stream in, or one change in full.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Cell, Paragraph, Row};
use serde_json::Value;

use super::json;
use super::model::Change;
use super::pane::{ChangesPane, Detail};
use crate::aws::AwsError;
use crate::command::Command;
use crate::kit::cursor::ListPane;
use crate::kit::spinner;
use crate::kit::table;
use crate::kit::text::{self, Segments};
use crate::pane::{Hint, Pane, ViewCx};
use crate::theme::{Slot, Theme};
use crate::time::{age, utc, utc_short};

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
    let pages = format!(
        "{paging}{}, {}, {covered}",
        plural(p.pages, "page"),
        plural(p.events, "event")
    );
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

pub fn status_height(pane: &ChangesPane, cx: &ViewCx, width: u16) -> u16 {
    table::status_height(&status(pane, cx), width)
}

fn draw_list(frame: &mut Frame, area: Rect, pane: &ChangesPane, cx: &ViewCx, theme: &Theme) {
    let table_area = table::draw_status(frame, area, &status(pane, cx), theme);
    if pane.visible_len() == 0 {
        let text = if pane.status.in_flight() || pane.progress.pages == 0 {
            ""
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
    let mut header = vec![
        "",
        "TIME (UTC)",
        "EVENT",
        "PRINCIPAL",
        "SOURCE",
        "RESOURCES",
    ];
    if wide {
        header.extend(["SOURCE IP", "ERROR"]);
    }
    let rows_shown = table::rows_shown(table_area);
    // Wider only while a global service's event (`iam (global)`) is on screen.
    let source_width = pane
        .visible_rows(pane.cursor.offset, rows_shown)
        .filter(|c| c.global)
        .map(|c| c.service_label().chars().count() as u16)
        .max()
        .map_or(10, |w| w.clamp(10, 22));
    let rows = pane
        .visible_rows(pane.cursor.offset, rows_shown)
        .map(|c: &Change| {
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
                Cell::from(Span::styled(c.name.clone(), theme.fg(name_slot))),
                Cell::from(Span::styled(c.principal.clone(), theme.fg(Slot::Text))),
                Cell::from(Span::styled(c.service_label(), theme.fg(Slot::Dim))),
                Cell::from(Span::styled(c.resources_line(), theme.fg(Slot::Text))),
            ];
            if wide {
                cells.push(Cell::from(Span::styled(
                    c.source_ip.clone().unwrap_or_default(),
                    theme.fg(Slot::Dim),
                )));
                cells.push(Cell::from(Span::styled(
                    c.error_code.clone().unwrap_or_default(),
                    theme.fg(Slot::Error),
                )));
            }
            Row::new(cells)
        });
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(11),
        Constraint::Length(26),
        Constraint::Length(14),
        Constraint::Length(source_width),
        Constraint::Fill(1),
    ];
    if wide {
        widths.extend([Constraint::Length(15), Constraint::Length(12)]);
    }
    table::draw(frame, table_area, &header, rows, widths, pane.cursor, theme);
}

fn text_at(v: &Value, path: &[&str]) -> Option<String> {
    let found = path.iter().try_fold(v, |v, k| v.get(k))?;
    match found {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The fields that matter, then the whole record.
pub fn detail_lines(
    change: &Change,
    theme: &Theme,
    now: jiff::Timestamp,
    width: usize,
) -> Vec<Line<'static>> {
    let record: Value = serde_json::from_str(&change.record).unwrap_or(Value::Null);
    let dim = theme.fg(Slot::Dim);
    let text_style = theme.fg(Slot::Text);
    let room = width.saturating_sub(18).max(20);
    let mut lines = Vec::new();
    if let Some(reason) = &change.risk {
        lines.push(Line::from(Span::styled(
            format!("⚠ risky: {reason}"),
            theme.fg(Slot::Alarm).add_modifier(Modifier::BOLD),
        )));
    }
    let mut field = |label: &str, value: Option<String>| {
        let Some(value) = value.filter(|v| !v.is_empty()) else {
            return;
        };
        let options =
            textwrap::Options::new(room).word_splitter(textwrap::WordSplitter::NoHyphenation);
        for (i, chunk) in textwrap::wrap(&value, options).into_iter().enumerate() {
            let label = if i == 0 {
                format!("  {label:<15} ")
            } else {
                " ".repeat(18)
            };
            lines.push(Line::from(vec![
                Span::styled(label, dim),
                Span::styled(chunk.into_owned(), text_style),
            ]));
        }
    };
    field(
        "When",
        Some(format!(
            "{} ({} ago)",
            utc(change.time),
            age(change.time, now)
        )),
    );
    field(
        "Who",
        Some(format!(
            "{} ({})",
            change.principal,
            change.identity_type.clone().unwrap_or_default()
        )),
    );
    field("Caller ARN", change.principal_arn.clone());
    field("Access key", change.access_key.clone());
    field("From", change.source_ip.clone());
    field("User agent", text_at(&record, &["userAgent"]));
    field("What", Some(format!("{} ({})", change.name, change.source)));
    field(
        "On",
        Some(
            change
                .resources
                .iter()
                .map(|r| format!("{} {}", r.kind, r.name))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    );
    field("Request", text_at(&record, &["requestParameters"]));
    field(
        "Error",
        change
            .error_code
            .clone()
            .map(|c| match text_at(&record, &["errorMessage"]) {
                Some(m) => format!("{c}: {m}"),
                None => c,
            }),
    );
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "CloudTrail record (y copies it, Y copies the resource ARN)",
        theme
            .fg(Slot::Title)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
    )));
    lines.extend(json::lines(&record, theme));
    lines
}

fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    cx: &ViewCx,
    detail: &Detail,
    change: &Change,
    theme: &Theme,
) {
    let lines = detail_lines(change, theme, cx.now, area.width as usize);
    let max_scroll = lines.len().saturating_sub(area.height as usize);
    let scroll = detail.scroll.min(max_scroll) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}

/// The ARN of the change's first resource, from the record when CloudTrail gives one.
pub fn resource_arn(change: &Change) -> Option<String> {
    let record: Value = serde_json::from_str(&change.record).ok()?;
    record
        .get("resources")
        .and_then(Value::as_array)
        .and_then(|r| r.iter().find_map(|r| r.get("ARN").and_then(Value::as_str)))
        .map(str::to_string)
        .or_else(|| change.resources.first().map(|r| r.name.clone()))
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
