//! Drawing the Alarms pane: the list, or the opened alarm with its chart.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, BorderType, Chart, Dataset, GraphType, Paragraph, Wrap};

use super::chart_window::period_words;
use super::detail::{self, state_style};
use super::model::{AlarmKind, AlarmState};
use super::pane::{AlarmsPane, Detail};
use super::status::status_height;
use crate::aws::AwsError;
use crate::command::Command;
use crate::kit::Loadable;
use crate::kit::spinner;
use crate::pane::{DETAIL_HINTS, Hint, Hints, Pane, ViewCx};
use crate::theme::{Slot, Theme};
use crate::time::utc_hm;

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

fn draw_chart(
    frame: &mut Frame,
    area: Rect,
    pane: &AlarmsPane,
    cx: &ViewCx,
    detail: &Detail,
    series: &Loadable<super::model::MetricSeries>,
    theme: &Theme,
) {
    let series = match series {
        Loadable::Ready(s) => s,
        Loadable::Loading => {
            let text = Span::styled(
                format!("{} loading metric (GetMetricData)…", spinner::at(cx.now)),
                theme.fg(Slot::Info),
            );
            frame.render_widget(Paragraph::new(text), area);
            return;
        }
        Loadable::Failed(e) => {
            frame.render_widget(
                Paragraph::new(Span::styled(
                    format!("✗ {}", e.message),
                    theme.fg(Slot::Error),
                ))
                .wrap(Wrap { trim: true }),
                area,
            );
            return;
        }
    };
    let threshold = pane.opened(detail).and_then(|a| match &a.kind {
        AlarmKind::Metric(m) => m.threshold,
        AlarmKind::Composite { .. } => None,
    });
    let end = cx.now;
    let start = detail.chart.start(end);
    let x = |t: jiff::Timestamp| t.duration_since(start).as_secs_f64();
    let x_max = x(end);
    let points: Vec<(f64, f64)> = series.points.iter().map(|(t, v)| (x(*t), *v)).collect();
    let (mut lo, mut hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
            (lo.min(*v), hi.max(*v))
        });
    if let Some(t) = threshold {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    lo = lo.min(0.0);
    let hi = if hi <= lo {
        lo + 1.0
    } else {
        hi + (hi - lo) * 0.1
    };
    let threshold_line: Vec<(f64, f64)> = threshold
        .map(|t| vec![(0.0, t), (x_max, t)])
        .unwrap_or_default();

    let mut datasets = vec![
        Dataset::default()
            .name(series.label.clone())
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.fg(Slot::ChartMetric))
            .data(&points),
    ];
    if let Some(t) = threshold {
        datasets.push(
            Dataset::default()
                .name(format!("threshold {t}"))
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.fg(Slot::ChartThreshold))
                .data(&threshold_line),
        );
    }
    let mid = start + detail.chart.span() / 2;
    let axis_style = Style::new().fg(theme.color(Slot::Dim));
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .style(axis_style)
                .bounds([0.0, x_max])
                .labels([utc_hm(start), format!("{} UTC", utc_hm(mid)), utc_hm(end)]),
        )
        .y_axis(Axis::default().style(axis_style).bounds([lo, hi]).labels([
            format_value(lo),
            format_value((lo + hi) / 2.0),
            format_value(hi),
        ]))
        .legend_position(None);
    let mut caption = vec![Span::styled(
        format!("━ {}", series.label),
        theme.fg(Slot::ChartMetric),
    )];
    if let Some(t) = threshold {
        caption.push(Span::styled(
            format!("   ━ threshold {t}"),
            theme.fg(Slot::ChartThreshold),
        ));
    }
    let every = detail
        .stat
        .as_ref()
        .map(|s| format!(", {}", period_words(detail.chart.stat(s).period_seconds)))
        .unwrap_or_default();
    caption.push(Span::styled(
        format!("   {}{every}", detail.chart.label()),
        theme.fg(Slot::Dim),
    ));
    let caption = Line::from(caption);
    // The caption wraps rather than lose the window's end when the pane is narrow.
    let caption_rows = if caption.width() > area.width as usize {
        2
    } else {
        1
    };
    let [caption_area, chart_area] =
        Layout::vertical([Constraint::Length(caption_rows), Constraint::Min(0)]).areas(area);
    frame.render_widget(
        Paragraph::new(caption).wrap(Wrap { trim: true }),
        caption_area,
    );
    if points.is_empty() {
        let text = Span::styled(
            format!("No datapoints in the {}.", detail.chart.label()),
            theme.fg(Slot::Dim),
        );
        frame.render_widget(Paragraph::new(text), chart_area);
        return;
    }
    frame.render_widget(chart, chart_area);
}

fn format_value(v: f64) -> String {
    if v.abs() >= 1000.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
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
