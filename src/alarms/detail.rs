//! The text of an opened alarm: configuration, reason, composite children, history.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::model::{Alarm, AlarmKind, AlarmState, MetricAlarmConfig, rule_children};
use super::pane::{AlarmsPane, Detail};
use crate::kit::Loadable;
use crate::theme::{Slot, Theme};
use crate::time::{age, utc};

pub fn state_style(state: AlarmState, theme: &Theme) -> Style {
    let slot = match state {
        AlarmState::Alarm => Slot::Alarm,
        AlarmState::InsufficientData => Slot::Insufficient,
        AlarmState::Ok => Slot::Ok,
    };
    theme.fg(slot).add_modifier(Modifier::BOLD)
}

fn comparison_symbol(op: &str) -> &str {
    match op {
        "GreaterThanThreshold" => ">",
        "GreaterThanOrEqualToThreshold" => ">=",
        "LessThanThreshold" => "<",
        "LessThanOrEqualToThreshold" => "<=",
        "LessThanLowerOrGreaterThanUpperThreshold" => "outside band",
        "LessThanLowerThreshold" => "below band",
        "GreaterThanUpperThreshold" => "above band",
        other => other,
    }
}

struct Writer<'t> {
    lines: Vec<Line<'static>>,
    width: usize,
    theme: &'t Theme,
}

impl Writer<'_> {
    fn heading(&mut self, text: &str) {
        if !self.lines.is_empty() {
            self.lines.push(Line::default());
        }
        self.lines.push(Line::from(Span::styled(
            text.to_string(),
            self.theme
                .fg(Slot::Title)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )));
    }

    /// `  Label        value`, the value wrapped under itself.
    fn field(&mut self, label: &str, value: &str) {
        let indent = 16;
        let room = self.width.saturating_sub(indent).max(20);
        let mut first = true;
        for chunk in value.lines().flat_map(|l| textwrap::wrap(l, room)) {
            let label_text = if first {
                format!("  {label:<13} ")
            } else {
                " ".repeat(indent)
            };
            first = false;
            self.lines.push(Line::from(vec![
                Span::styled(label_text, self.theme.fg(Slot::Dim)),
                Span::styled(chunk.into_owned(), self.theme.fg(Slot::Text)),
            ]));
        }
        if first {
            self.lines.push(Line::from(Span::styled(
                format!("  {label:<13} —"),
                self.theme.fg(Slot::Dim),
            )));
        }
    }

    fn text(&mut self, text: &str, style: Style) {
        for chunk in textwrap::wrap(text, self.width.saturating_sub(2).max(20)) {
            self.lines
                .push(Line::from(Span::styled(format!("  {chunk}"), style)));
        }
    }

    fn spans(&mut self, spans: Vec<Span<'static>>) {
        self.lines.push(Line::from(spans));
    }
}

pub fn lines(
    pane: &AlarmsPane,
    detail: &Detail,
    theme: &Theme,
    now: jiff::Timestamp,
    width: usize,
) -> Vec<Line<'static>> {
    let mut w = Writer {
        lines: Vec::new(),
        width,
        theme,
    };
    let Some(alarm) = pane.opened(detail) else {
        w.text(
            &format!("{} is no longer in the alarm list.", detail.name),
            theme.fg(Slot::Warning),
        );
        return w.lines;
    };
    summary(&mut w, alarm, now);
    match &alarm.kind {
        AlarmKind::Metric(config) => metric_config(&mut w, config, &alarm.arn),
        AlarmKind::Composite { rule } => composite(&mut w, pane, rule),
    }
    actions(&mut w, alarm);
    history(&mut w, detail, now);
    w.lines
}

fn summary(w: &mut Writer, alarm: &Alarm, now: jiff::Timestamp) {
    let since = alarm
        .state_updated
        .map(|t| format!(" since {} ({} ago)", utc(t), age(t, now)))
        .unwrap_or_default();
    w.spans(vec![
        Span::styled(
            format!("{} {}", alarm.state.symbol(), alarm.state.as_aws()),
            state_style(alarm.state, w.theme),
        ),
        Span::styled(since, w.theme.fg(Slot::Text)),
    ]);
    if let Some(d) = alarm.description.as_deref().filter(|d| !d.is_empty()) {
        w.field("Description", d);
    }
    w.field("Reason", &alarm.state_reason);
    if let Some(data) = &alarm.state_reason_data {
        let pretty = serde_json::from_str::<serde_json::Value>(data)
            .ok()
            .and_then(|v| serde_json::to_string(&v).ok())
            .unwrap_or_else(|| data.clone());
        w.field("Reason data", &pretty);
    }
    w.field("ARN", &alarm.arn);
}

/// The account of an alarm's ARN (`arn:aws:cloudwatch:us-east-1:123456789012:alarm:x`).
fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

fn metric_config(w: &mut Writer, m: &MetricAlarmConfig, arn: &str) {
    w.heading("Configuration");
    if let (Some(ns), Some(name)) = (&m.namespace, &m.metric_name) {
        w.field("Namespace", ns);
        w.field("Metric", name);
    }
    let dims: Vec<String> = m
        .dimensions
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if !dims.is_empty() {
        w.field("Dimensions", &dims.join(", "));
    }
    for q in &m.queries {
        let what = match (&q.expression, &q.metric) {
            (Some(e), _) => e.clone(),
            (None, Some(s)) => format!(
                "{} {}/{} {}s",
                s.stat, s.namespace, s.metric_name, s.period_seconds
            ),
            _ => String::new(),
        };
        let marker = if q.return_data { " (alarmed)" } else { "" };
        // A metric's account: its own (a linked source account's) or the alarm's.
        let account = match (&q.metric, q.account_id.as_deref().or(arn_account(arn))) {
            (Some(_), Some(account)) => format!(" · account {account}"),
            _ => String::new(),
        };
        w.field(
            &format!("Query {}", q.id),
            &format!("{what}{marker}{account}"),
        );
    }
    if let Some(stat) = &m.statistic {
        w.field("Statistic", stat);
    }
    if let Some(p) = m.period_seconds {
        w.field("Period", &format!("{p} s"));
    }
    if let Some(e) = m.evaluation_periods {
        let of = m.datapoints_to_alarm.unwrap_or(e);
        w.field("Evaluation", &format!("{of} out of {e} datapoints"));
    }
    if let (Some(op), Some(t)) = (&m.comparison, m.threshold) {
        let stat = m.statistic.as_deref().unwrap_or("value");
        let unit = m
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        w.field(
            "Condition",
            &format!("{stat} {} {t}{unit}  ({op})", comparison_symbol(op)),
        );
    }
    if let Some(t) = &m.treat_missing_data {
        w.field("Missing data", t);
    }
}

fn composite(w: &mut Writer, pane: &AlarmsPane, rule: &str) {
    w.heading("Composite rule");
    w.text(rule, w.theme.fg(Slot::Text));
    w.heading("Children");
    for child in rule_children(rule) {
        let (mark, style) = match pane.find(&child) {
            Some(a) => (
                format!("{} {:<8}", a.state.symbol(), a.state.label()),
                state_style(a.state, w.theme),
            ),
            None => ("? unknown ".to_string(), w.theme.fg(Slot::Dim)),
        };
        w.spans(vec![
            Span::styled(format!("  {mark} "), style),
            Span::styled(child, w.theme.fg(Slot::Text)),
        ]);
    }
}

fn actions(w: &mut Writer, alarm: &Alarm) {
    w.heading("Actions");
    let a = &alarm.actions;
    w.field(
        "Enabled",
        if a.enabled {
            "yes"
        } else {
            "no (notifications are off)"
        },
    );
    for (label, list) in [
        ("On ALARM", &a.on_alarm),
        ("On OK", &a.on_ok),
        ("On NO DATA", &a.on_insufficient_data),
    ] {
        if !list.is_empty() {
            w.field(label, &list.join("\n"));
        }
    }
}

fn history(w: &mut Writer, detail: &Detail, now: jiff::Timestamp) {
    w.heading("State changes, last 24 hours");
    match &detail.history {
        Loadable::Loading => w.text("loading…", w.theme.fg(Slot::Dim)),
        Loadable::Failed(e) => w.text(&format!("✗ {}", e.message), w.theme.fg(Slot::Error)),
        Loadable::Ready(items) if items.is_empty() => {
            w.text("no state changes", w.theme.fg(Slot::Dim))
        }
        Loadable::Ready(items) => {
            for item in items.iter().rev() {
                let change = match (item.from, item.to) {
                    (Some(f), Some(t)) => vec![
                        Span::styled(f.label().to_string(), state_style(f, w.theme)),
                        Span::styled(" → ", w.theme.fg(Slot::Dim)),
                        Span::styled(t.label().to_string(), state_style(t, w.theme)),
                    ],
                    _ => vec![Span::styled(item.summary.clone(), w.theme.fg(Slot::Text))],
                };
                let mut spans = vec![Span::styled(
                    format!("  {}  {:>7} ago  ", utc(item.time), age(item.time, now)),
                    w.theme.fg(Slot::Dim),
                )];
                spans.extend(change);
                w.spans(spans);
            }
        }
    }
}
