//! Drawing the Alarms pane: the list, or the opened alarm with its chart.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::chart_view::draw_chart;
use super::detail::{self, state_style};
use super::model::AlarmState;
use super::pane::{AlarmsPane, Detail};
use super::status::status_height;
use crate::aws::AwsError;
use crate::command::Command;
use crate::pane::{DETAIL_HINTS, Hint, Hints, Pane, ViewCx};
use crate::theme::{Slot, Theme};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    pane: &AlarmsPane,
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
    match &pane.detail {
        Some(detail) => {
            let title = Line::from(vec![
                Span::styled(" Alarm ", theme.fg(Slot::Dim)),
                Span::styled(
                    format!("{} ", detail.name),
                    theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
                ),
            ]);
            let inner = block.inner(area);
            frame.render_widget(block.title(title), area);
            draw_detail(frame, inner, pane, cx, detail, theme);
        }
        None => {
            let title = Line::from(vec![Span::styled(
                " Alarms ",
                theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
            )]);
            let counts = Line::from(vec![
                Span::styled(
                    format!(" ● {} ALARM ", pane.count(AlarmState::Alarm)),
                    state_style(AlarmState::Alarm, theme),
                ),
                Span::styled(
                    format!(" ◌ {} NO DATA ", pane.count(AlarmState::InsufficientData)),
                    state_style(AlarmState::InsufficientData, theme),
                ),
                Span::styled(
                    format!(" ✓ {} OK ", pane.count(AlarmState::Ok)),
                    state_style(AlarmState::Ok, theme),
                ),
            ])
            .right_aligned();
            let inner = block.inner(area);
            frame.render_widget(block.title(title).title(counts), area);
            super::list_view::draw_list(frame, inner, pane, cx, theme);
        }
    }
}

fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    pane: &AlarmsPane,
    cx: &ViewCx,
    detail: &Detail,
    theme: &Theme,
) {
    let text_area = match &detail.series {
        Some(series) => {
            let chart_height = (area.height / 2).clamp(6, 16);
            let [chart_area, rest] =
                Layout::vertical([Constraint::Length(chart_height), Constraint::Min(0)])
                    .areas(area);
            draw_chart(frame, chart_area, pane, cx, detail, series, theme);
            rest
        }
        None => area,
    };
    let lines = detail::lines(pane, detail, theme, cx.now, text_area.width as usize);
    let max_scroll = lines.len().saturating_sub(text_area.height as usize);
    let scroll = detail.scroll.min(max_scroll) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), text_area);
}

/// What the Alarms pane's keys do with nothing open.
const ALARMS_HINTS: &[Hint] = &[
    Hint::Bound(Command::Open, "details"),
    Hint::Bound(Command::Filter, "filter"),
    Hint::Bound(Command::ToggleFiring, "firing only"),
    Hint::Bound(Command::CommandMode, "command"),
    Hint::Bound(Command::Refresh, "refresh"),
    Hint::Bound(Command::Help, "help"),
    Hint::Bound(Command::Quit, "quit"),
];

/// What the keys do with an alarm open; with a chart, its window too.
const CHART_HINTS: &[Hint] = &[
    Hint::Bound(Command::Back, "back"),
    Hint::Bound(Command::Down, "scroll"),
    Hint::Bound(Command::ChartWider, "wider chart"),
    Hint::Bound(Command::ChartNarrower, "narrower"),
    Hint::Bound(Command::Refresh, "refresh"),
    Hint::Bound(Command::Help, "help"),
    Hint::Bound(Command::Quit, "quit"),
];

impl Pane for AlarmsPane {
    fn busy(&self) -> bool {
        AlarmsPane::busy(self)
    }

    fn in_detail(&self) -> bool {
        self.detail.is_some()
    }

    fn error(&self) -> Option<&AwsError> {
        self.status.error.as_ref()
    }

    fn list_hints(&self) -> &'static [Hint] {
        ALARMS_HINTS
    }

    fn hints(&self) -> Hints {
        match &self.detail {
            Some(d) if d.stat.is_some() => Hints::Keys(CHART_HINTS),
            Some(_) => Hints::Keys(DETAIL_HINTS),
            None => Hints::Keys(ALARMS_HINTS),
        }
    }

    fn status_height(&self, cx: &ViewCx, width: u16) -> u16 {
        status_height(self, cx, width)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &ViewCx, theme: &Theme, focused: bool) {
        draw(frame, area, self, cx, theme, focused)
    }
}
