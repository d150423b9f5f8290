//! Drawing a `stats ... by bin(...)` result as lines over time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, LegendPosition, Paragraph, Wrap};

use super::pane::LogsPane;
use crate::theme::{Slot, Theme};
use crate::time::{utc_hm, utc_short};

const SERIES_SLOTS: &[Slot] = &[
    Slot::ChartMetric,
    Slot::Alarm,
    Slot::Ok,
    Slot::Warning,
    Slot::Changed,
    Slot::Info,
];

/// A number for an axis: `12`, `1.5`, `12.3k`.
fn axis_number(n: f64) -> String {
    if n >= 10_000.0 {
        format!("{:.1}k", n / 1000.0)
    } else if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.1}")
    }
}

pub fn draw(frame: &mut Frame, area: Rect, pane: &LogsPane, theme: &Theme) {
    let chart = match &pane.chart {
        Ok(chart) => chart,
        Err(why) => {
            frame.render_widget(
                Paragraph::new(Span::styled(
                    format!("No chart: {why}"),
                    theme.fg(Slot::Dim),
                ))
                .wrap(Wrap { trim: false }),
                area,
            );
            return;
        }
    };
    let (x0, mut x1) = (chart.start.as_second() as f64, chart.end.as_second() as f64);
    if x1 <= x0 {
        x1 = x0 + 60.0;
    }
    let top = if chart.max > 0.0 { chart.max } else { 1.0 };
    let datasets: Vec<Dataset> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Dataset::default()
                .name(s.name.clone())
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.fg(SERIES_SLOTS[i % SERIES_SLOTS.len()]))
                .data(&s.points)
        })
        .collect();
    let mid = chart.start + chart.end.duration_since(chart.start) / 2;
    let title = Line::from(vec![
        Span::styled(
            chart
                .series
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            theme.fg(Slot::Title).add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!(
                " by {} · {} – {} UTC · v shows the table",
                chart.time_field,
                utc_short(chart.start),
                utc_short(chart.end)
            ),
            theme.fg(Slot::Dim),
        ),
    ]);
    let legend = (chart.series.len() > 1).then_some(LegendPosition::TopLeft);
    let widget = Chart::new(datasets)
        .block(ratatui::widgets::Block::new().title(title))
        .legend_position(legend)
        .x_axis(
            Axis::default()
                .style(theme.fg(Slot::Dim))
                .bounds([x0, x1])
                .labels([utc_hm(chart.start), utc_hm(mid), utc_hm(chart.end)]),
        )
        .y_axis(
            Axis::default()
                .style(theme.fg(Slot::Dim))
                .bounds([0.0, top])
                .labels([
                    "0".to_string(),
                    axis_number(chart.max / 2.0),
                    axis_number(chart.max),
                ]),
        );
    frame.render_widget(widget, area);
}
