//! The always-visible top line: who, where, and when.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::state::{AppState, Loadable};
use crate::theme::{Slot, Theme};
use crate::time::utc;

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let base = Style::new()
        .fg(theme.color(Slot::HeaderFg))
        .bg(theme.color(Slot::HeaderBg));
    let s = &state.session;
    let (account, arn) = match &s.identity {
        Loadable::Ready(id) => (id.account.clone(), Some(id.arn.clone())),
        Loadable::Loading => ("account …".to_string(), None),
        Loadable::Failed(_) => ("account unknown".to_string(), None),
    };
    let region = if s.region.is_empty() {
        "region …".to_string()
    } else if s.region_defaulted {
        format!("{} (default)", s.region)
    } else {
        s.region.clone()
    };
    let clock = utc(state.now);
    let bold = base.add_modifier(Modifier::BOLD);
    let sep = || Span::styled(" │ ", base.fg(theme.color(Slot::Dim)));

    // Shown in this order; when the line is too narrow the highest rank goes first.
    // The caller appears once: the whole ARN when it fits, else its principal part.
    const SHORT_CALLER: u8 = 1;
    let mut parts: Vec<(u8, Span)> = vec![
        (0, Span::styled(" warroom", bold)),
        (0, Span::styled(account, bold)),
    ];
    if let Some(arn) = arn {
        let principal = arn.splitn(6, ':').nth(5).unwrap_or(&arn).to_string();
        parts.push((4, Span::styled(arn, base)));
        parts.push((SHORT_CALLER, Span::styled(principal, base)));
    }
    parts.push((0, Span::styled(region, bold)));
    if let Some(clock) = crate::app::timeline_keys::incident_clock(state) {
        let style = base
            .fg(theme.color(Slot::Alarm))
            .add_modifier(Modifier::BOLD);
        parts.push((0, Span::styled(clock, style)));
    }
    let profile = format!("profile {}", s.profile.as_deref().unwrap_or("default"));
    parts.push((3, Span::styled(profile, base)));
    if let Some(endpoint) = &s.endpoint {
        let warn = base.fg(theme.color(Slot::Warning));
        parts.push((2, Span::styled(format!("endpoint {endpoint}"), warn)));
    }
    let badge_text = if state.replay.is_some() {
        Some(" REPLAY [ ] ".to_string())
    } else {
        s.settings.read_only.then(|| match s.read_only_reason {
            Some(why) => format!(" READ-ONLY: {why} "),
            None => " READ-ONLY ".to_string(),
        })
    };
    let badge = badge_text.map(|text| {
        Span::styled(
            text,
            Style::new()
                .fg(theme.color(Slot::BadgeFg))
                .bg(theme.color(Slot::BadgeBg))
                .add_modifier(Modifier::BOLD),
        )
    });
    let fixed = clock.width() + 2 + badge.as_ref().map_or(0, |b| b.width() + 1);
    let width = area.width as usize;
    let total = |parts: &[(u8, Span)]| parts.iter().map(|(_, s)| s.width() + 3).sum::<usize>();
    if total(&parts) + fixed <= width {
        parts.retain(|(p, _)| *p != SHORT_CALLER);
    }
    while total(&parts) + fixed > width {
        let Some(drop) = parts
            .iter()
            .enumerate()
            .filter(|(_, (p, _))| *p > 0)
            .max_by_key(|(_, (p, _))| *p)
            .map(|(i, _)| i)
        else {
            break;
        };
        parts.remove(drop);
    }
    let mut spans = Vec::new();
    for (i, (_, span)) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(sep());
        }
        spans.push(span);
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let pad = width.saturating_sub(used + fixed);
    spans.push(Span::styled(" ".repeat(pad + 1), base));
    if let Some(badge) = badge {
        spans.push(badge);
        spans.push(Span::styled(" ", base));
    }
    spans.push(Span::styled(clock, bold));
    spans.push(Span::styled(" ", base));
    frame.render_widget(Paragraph::new(Line::from(spans)).style(base), area);
}
