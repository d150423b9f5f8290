//! The opened alarm's chart: its metric against the threshold over the chart's window.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Wrap};

use super::chart_window::period_words;
use super::model::AlarmKind;
use super::pane::{AlarmsPane, Detail};
use crate::kit::{Loadable, spinner};
use crate::pane::ViewCx;
use crate::theme::{Slot, Theme};
use crate::time::utc_hm;

pub(super) fn draw_chart(
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
