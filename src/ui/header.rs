//! The always-visible top line: who, where, and when.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::state::AppState;
use crate::kit::Loadable;
use crate::theme::{Slot, Theme};
use crate::time::utc;

/// The mark of a production account.
const PROD: &str = " PROD ";

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let s = &state.session;
    let focused = s.focused();
    // The focused account's colour, whatever the theme, so that accounts look apart.
    let colour = focused.as_ref().and_then(|f| f.color);
    let base = match colour {
        Some(bg) => Style::new().fg(readable_on(bg)).bg(bg),
        None => Style::new()
            .fg(theme.color(Slot::HeaderFg))
            .bg(theme.color(Slot::HeaderBg)),
    };
    let (account, arn) = match (&s.identity, &focused) {
        (Loadable::Ready(id), Some(f)) => (f.label(), Some(id.arn.clone())),
        (Loadable::Ready(id), None) => (id.account.clone(), Some(id.arn.clone())),
        (Loadable::Loading, _) => ("account …".to_string(), None),
        (Loadable::Failed(_), _) => ("account unknown".to_string(), None),
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
    let sep_style = match colour {
        Some(_) => base,
        None => base.fg(theme.color(Slot::Dim)),
    };
    let sep = || Span::styled(" │ ", sep_style);

    // Shown in this order; when the line is too narrow the highest rank goes first.
    // The caller appears once: the whole ARN when it fits, else its principal part.
    const SHORT_CALLER: u8 = 1;
    let mut parts: Vec<(u8, Span)> = vec![(0, Span::styled(" warroom", bold))];
    if focused.as_ref().is_some_and(|f| f.production) {
        // Reversed as well as bold: it stands out on a monochrome terminal too.
        let prod = bold.add_modifier(Modifier::REVERSED);
        parts.push((0, Span::styled(PROD, prod)));
    }
    parts.push((0, Span::styled(account.clone(), bold)));
    if let Some(arn) = arn {
        let principal = arn.splitn(6, ':').nth(5).unwrap_or(&arn).to_string();
        parts.push((4, Span::styled(arn, base)));
        parts.push((SHORT_CALLER, Span::styled(principal, base)));
    }
    parts.push((0, Span::styled(region, bold)));
    if let Some(set) = &s.accounts {
        // The Alarms, Changes and Health panes sweep every account of it.
        parts.push((0, Span::styled(format!("over set {}", set.name), bold)));
    }
    if let Some(clock) = state.panes.timeline.incident_clock(state.now) {
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
    let width = area.width as usize;
    let total = |parts: &[(u8, Span)]| parts.iter().map(|(_, s)| s.width() + 3).sum::<usize>();
    let badge_text = if state.replay.is_some() {
        Some(" REPLAY [ ] ".to_string())
    } else {
        s.settings.read_only.then(|| {
            // The reason in full when it fits beside what is always shown, else its first word.
            // (`total` counts a separator for each part; one fewer is drawn, and the badge and
            // the clock take three spaces.)
            let fits = |text: &str| {
                let kept: Vec<(u8, Span)> =
                    parts.iter().filter(|(p, _)| *p == 0).cloned().collect();
                total(&kept) + clock.width() + text.width() <= width
            };
            match s.read_only_reason {
                Some(why) => [
                    format!(" READ-ONLY: {why} "),
                    format!(" READ-ONLY: {} ", why.split(' ').next().unwrap_or(why)),
                ]
                .into_iter()
                .find(|text| fits(text))
                .unwrap_or_else(|| " READ-ONLY ".to_string()),
                None => " READ-ONLY ".to_string(),
            }
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
    // Still too wide: the account by its name alone, the id left out.
    if total(&parts) + fixed > width
        && let Some(name) = focused.as_ref().and_then(|f| f.name.clone())
        && let Some((_, span)) = parts.iter_mut().find(|(_, s)| s.content == account)
    {
        *span = Span::styled(name, bold);
    }
    let mut spans = Vec::new();
    let mut after_prod = false;
    for (i, (_, span)) in parts.into_iter().enumerate() {
        if i > 0 {
            // PROD goes with the account it marks.
            spans.push(if after_prod {
                Span::styled(" ", base)
            } else {
                sep()
            });
        }
        after_prod = span.content == PROD;
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

/// Black or white, whichever reads better on `bg`.
fn readable_on(bg: Color) -> Color {
    let light = match bg {
        Color::Rgb(r, g, b) => {
            let luma = 299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b);
            luma > 128_000
        }
        Color::Black
        | Color::Red
        | Color::Blue
        | Color::Magenta
        | Color::DarkGray
        | Color::Indexed(_) => false,
        _ => true,
    };
    if light { Color::Black } else { Color::White }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::layout::Size;

    use super::*;
    use crate::aws::{Identity, SessionSettings};
    use crate::config::Refresh;

    fn header(width: u16, reason: Option<&'static str>) -> String {
        let state = state(width, reason, Vec::new());
        let buffer = drawn(&state, width);
        (0..width).map(|x| buffer[(x, 0)].symbol()).collect()
    }

    fn drawn(state: &AppState, width: u16) -> ratatui::buffer::Buffer {
        let mut terminal = Terminal::new(TestBackend::new(width, 1)).unwrap();
        terminal
            .draw(|f| draw(f, f.area(), state, &Theme::dark()))
            .unwrap();
        terminal.backend().buffer().clone()
    }

    fn state(
        width: u16,
        reason: Option<&'static str>,
        accounts: Vec<crate::accounts::AccountEntry>,
    ) -> AppState {
        let mut state = AppState::new(
            SessionSettings::in_region("us-east-1"),
            Refresh::every(Duration::from_secs(30)),
            "2026-11-23T03:05:00Z".parse().unwrap(),
            Size::new(width, 24),
        );
        state.session.settings.read_only = true;
        state.session.read_only_reason = reason;
        state.session.identity = Loadable::Ready(Identity {
            account: "123456789012".into(),
            arn: "arn:aws:iam::123456789012:user/alice".into(),
        });
        state.session.account_sets = vec![crate::accounts::AccountSet {
            name: "teams".into(),
            source: crate::accounts::SetSource::Profiles(Vec::new()),
            regions: Vec::new(),
            concurrency: 16,
            accounts,
        }];
        state
    }

    #[test]
    fn a_production_account_is_named_coloured_and_marked_prod() {
        let entry = crate::accounts::AccountEntry {
            key: crate::accounts::AccountKey::Id("123456789012".into()),
            name: Some("prod-payments".into()),
            color: Some(Color::Rgb(200, 0, 0)),
            production: true,
        };
        let mut state = state(100, None, vec![entry.clone()]);
        state.session.settings.read_only = false;
        let wide = drawn(&state, 100);
        let text: String = (0..100).map(|x| wide[(x, 0)].symbol()).collect();
        assert!(
            text.starts_with(" warroom │  PROD  prod-payments (123456789012) │ "),
            "{text}"
        );
        let buffer = drawn(&state, 80);
        let text: String = (0..80).map(|x| buffer[(x, 0)].symbol()).collect();
        assert!(
            text.starts_with(" warroom │  PROD  prod-payments │ us-east-1 ")
                && text.trim_end().ends_with("2026-11-23 03:05:00 UTC"),
            "narrow: the name alone, the clock whole: {text}"
        );
        let x = text.find("PROD").unwrap() as u16;
        let prod = &buffer[(x, 0)];
        assert!(
            prod.modifier.contains(Modifier::REVERSED) && prod.modifier.contains(Modifier::BOLD),
            "PROD shows on a monochrome terminal too"
        );
        assert_eq!(
            buffer[(0, 0)].bg,
            Color::Rgb(200, 0, 0),
            "the account's colour"
        );
        assert_eq!(buffer[(79, 0)].bg, Color::Rgb(200, 0, 0), "the whole line");
        assert_eq!(buffer[(0, 0)].fg, Color::White, "readable on dark red");

        let plain = state_without_entry();
        let buffer = drawn(&plain, 80);
        let text: String = (0..80).map(|x| buffer[(x, 0)].symbol()).collect();
        assert!(text.starts_with(" warroom │ 123456789012 │ "), "{text}");
        assert!(!text.contains("PROD"), "{text}");
        assert_eq!(
            buffer[(0, 0)].bg,
            Theme::dark().color(Slot::HeaderBg),
            "the theme's, as before"
        );
    }

    fn state_without_entry() -> AppState {
        let mut state = state(80, None, Vec::new());
        state.session.settings.read_only = false;
        state
    }

    #[test]
    fn over_an_account_set_the_header_names_it_and_keeps_the_clock() {
        let mut state = state(80, None, Vec::new());
        state.session.settings.read_only = false;
        let line = |state: &AppState| {
            let buffer = drawn(state, 80);
            (0..80).map(|x| buffer[(x, 0)].symbol()).collect::<String>()
        };
        assert!(!line(&state).contains("over set"), "{}", line(&state));
        state.session.accounts = state.session.account_sets.first().cloned();
        let shown = line(&state);
        assert!(shown.contains("over set teams"), "{shown}");
        assert!(shown.contains("03:05:00"), "{shown}");
    }

    #[test]
    fn the_badge_says_why_warroom_is_read_only_and_the_clock_stays_whole() {
        let wide = header(120, Some("config error"));
        assert!(wide.contains(" READ-ONLY: config error "), "{wide}");
        let narrow = header(80, Some("config error"));
        assert!(narrow.contains(" READ-ONLY: config "), "{narrow}");
        assert!(
            narrow.trim_end().ends_with("2026-11-23 03:05:00 UTC"),
            "{narrow}"
        );
        let asked = header(120, None);
        assert!(
            asked.contains(" READ-ONLY ") && !asked.contains("READ-ONLY:"),
            "{asked}"
        );
    }
}
