//! How far back an opened alarm's chart reaches, and how finely its metric is asked for.
//!
//! The chart ends now and starts an hour before the alarm's last state change, so the
//! crossing and the time before it are on it: at least the last 3 hours, at most 24.
//! `+`/`-` double or halve it, between 15 minutes and 24 hours.

use jiff::{SignedDuration, Timestamp};

use super::model::MetricStat;

/// The chart of an alarm with no state change time, and the least an opened alarm shows.
pub const DEFAULT: SignedDuration = SignedDuration::from_hours(3);
/// The narrowest the keys make it.
pub const NARROWEST: SignedDuration = SignedDuration::from_mins(15);
/// The widest: what GetMetricData answers at 5-minute points in one page (288 points).
pub const WIDEST: SignedDuration = SignedDuration::from_hours(24);
/// How much of the time before the change the chart shows.
const BEFORE_CHANGE: SignedDuration = SignedDuration::from_hours(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartWindow {
    span: SignedDuration,
}

impl Default for ChartWindow {
    fn default() -> Self {
        ChartWindow { span: DEFAULT }
    }
}

impl ChartWindow {
    /// The window for an alarm whose state last changed at `changed`, seen at `now`.
    pub fn around(changed: Option<Timestamp>, now: Timestamp) -> ChartWindow {
        let Some(changed) = changed else {
            return ChartWindow::default();
        };
        let back = now.duration_since(changed) + BEFORE_CHANGE;
        // Whole minutes, rounded up, so the change is never just off the left edge.
        let mins = (back.as_secs() + 59).div_euclid(60);
        let span = SignedDuration::from_mins(mins).clamp(DEFAULT, WIDEST);
        ChartWindow { span }
    }

    pub fn span(self) -> SignedDuration {
        self.span
    }

    pub fn start(self, now: Timestamp) -> Timestamp {
        now - self.span
    }

    /// Twice as wide, up to 24 hours; None when it already is.
    pub fn wider(self) -> Option<ChartWindow> {
        (self.span < WIDEST).then(|| ChartWindow {
            span: (self.span * 2).min(WIDEST),
        })
    }

    /// Half as wide, down to 15 minutes; None when it already is.
    pub fn narrower(self) -> Option<ChartWindow> {
        (self.span > NARROWEST).then(|| ChartWindow {
            span: (self.span / 2).max(NARROWEST),
        })
    }

    /// The seconds between points: a point a minute up to 3 hours (180 points), one per
    /// 5 minutes beyond (288 at 24 hours), never finer than the alarm's own period.
    pub fn period_seconds(self, alarm_period: i32) -> i32 {
        let fits = if self.span <= DEFAULT { 60 } else { 300 };
        alarm_period.max(fits)
    }

    /// The alarm's metric as this window asks for it.
    pub fn stat(self, alarm: &MetricStat) -> MetricStat {
        MetricStat {
            period_seconds: self.period_seconds(alarm.period_seconds),
            ..alarm.clone()
        }
    }

    /// `last 18 hours`, `last 45 minutes`, `last 4 h 30 min`.
    pub fn label(self) -> String {
        format!("last {}", span_words(self.span))
    }
}

fn span_words(span: SignedDuration) -> String {
    let mins = span.as_secs().div_euclid(60);
    let (hours, rest) = (mins / 60, mins % 60);
    match (hours, rest) {
        (0, m) => format!("{m} minutes"),
        (1, 0) => "1 hour".to_string(),
        (h, 0) => format!("{h} hours"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// How often the chart has a point: `per minute`, `per 5 minutes`.
pub fn period_words(seconds: i32) -> String {
    match seconds {
        60 => "per minute".to_string(),
        s if s % 3600 == 0 && s > 3600 => format!("per {} hours", s / 3600),
        3600 => "per hour".to_string(),
        s if s % 60 == 0 => format!("per {} minutes", s / 60),
        s => format!("per {s} seconds"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-03-02T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn the_chart_starts_an_hour_before_the_change() {
        let window = ChartWindow::around(Some(now() - SignedDuration::from_hours(17)), now());
        assert_eq!(window.start(now()), now() - SignedDuration::from_hours(18));
        assert_eq!(window.label(), "last 18 hours");
        assert_eq!(window.period_seconds(60), 300);
    }

    #[test]
    fn the_chart_reaches_back_at_most_a_day() {
        let window = ChartWindow::around(Some(now() - SignedDuration::from_hours(30)), now());
        assert_eq!(window.start(now()), now() - SignedDuration::from_hours(24));
        assert_eq!(window.wider(), None);
    }

    #[test]
    fn without_a_change_the_chart_is_the_last_3_hours() {
        let window = ChartWindow::around(None, now());
        assert_eq!(window.start(now()), now() - SignedDuration::from_hours(3));
        assert_eq!(window.period_seconds(60), 60);
        // A recent change still shows the last 3 hours.
        let recent = ChartWindow::around(Some(now() - SignedDuration::from_mins(20)), now());
        assert_eq!(recent, window);
    }

    #[test]
    fn a_change_off_the_minute_is_still_on_the_chart() {
        let changed = now() - SignedDuration::from_secs(5 * 3600 + 30);
        let window = ChartWindow::around(Some(changed), now());
        assert!(window.start(now()) <= changed - SignedDuration::from_hours(1));
        assert_eq!(window.label(), "last 6 h 1 min");
    }

    #[test]
    fn the_keys_double_and_halve_it_within_15_minutes_and_24_hours() {
        let mut window = ChartWindow::default();
        let mut narrower = Vec::new();
        while let Some(w) = window.narrower() {
            window = w;
            narrower.push(w.label());
        }
        assert_eq!(
            narrower,
            [
                "last 1 h 30 min",
                "last 45 minutes",
                "last 22 minutes",
                "last 15 minutes"
            ]
        );
        let mut wider = Vec::new();
        while let Some(w) = window.wider() {
            window = w;
            wider.push(w.label());
        }
        assert_eq!(
            wider,
            [
                "last 30 minutes",
                "last 1 hour",
                "last 2 hours",
                "last 4 hours",
                "last 8 hours",
                "last 16 hours",
                "last 24 hours"
            ]
        );
        // Every window asks for at most 1,440 points, the most one GetMetricData page holds.
        assert!(WIDEST.as_secs() / i64::from(window.period_seconds(60)) <= 1440);
    }

    #[test]
    fn the_period_is_said_in_words() {
        assert_eq!(period_words(60), "per minute");
        assert_eq!(period_words(300), "per 5 minutes");
        assert_eq!(period_words(3600), "per hour");
    }
}
