//! The opened Health event: when it started, was last updated and ended, its scope and ARN,
//! the full description, and the affected resources.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane::Detail;
use super::view::status_style;
use crate::kit::Loadable;
use crate::pane::ViewCx;
use crate::theme::{Slot, Theme};
use crate::time::{age, utc};

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

pub fn draw_detail(frame: &mut Frame, area: Rect, cx: &ViewCx, detail: &Detail, theme: &Theme) {
    let lines = detail_lines(detail, theme, cx.now, area.width as usize);
    let max_scroll = lines.len().saturating_sub(area.height as usize);
    let scroll = detail.scroll.min(max_scroll) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}
