//! The time range a query covers: the last few minutes or hours, or fixed start and end.

use jiff::{SignedDuration, Timestamp};

use crate::changes::query::parse_moment;
use crate::time::utc_short;

/// The ranges `t` cycles through.
pub const PRESETS: &[i64] = &[5 * 60, 15 * 60, 3600, 3 * 3600, 12 * 3600, 86_400];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeRange {
    /// The last this many seconds, up to the moment the query starts.
    Last(i64),
    Between(Timestamp, Timestamp),
}

impl Default for TimeRange {
    fn default() -> Self {
        TimeRange::Last(3600)
    }
}

impl TimeRange {
    pub fn resolve(self, now: Timestamp) -> (Timestamp, Timestamp) {
        match self {
            TimeRange::Last(secs) => (now - SignedDuration::from_secs(secs), now),
            TimeRange::Between(start, end) => (start, end),
        }
    }

    /// The next preset, longer, wrapping round; a fixed range goes back to the first.
    pub fn next(self) -> TimeRange {
        match self {
            TimeRange::Last(secs) => {
                let at = PRESETS.iter().position(|p| *p > secs).unwrap_or(0);
                TimeRange::Last(PRESETS[at])
            }
            TimeRange::Between(..) => TimeRange::Last(PRESETS[0]),
        }
    }

    /// `last 1h (02:05 – 03:05 UTC)` or `11-23 02:00 – 11-23 04:00 UTC`.
    pub fn label(self, now: Timestamp) -> String {
        let (start, end) = self.resolve(now);
        let span = format!("{} – {} UTC", utc_short(start), utc_short(end));
        match self {
            TimeRange::Last(secs) => format!("last {} ({span})", span_words(secs)),
            TimeRange::Between(..) => span,
        }
    }

    /// Applies `since X` and `until Y` words (`1h`, `02:30`, or RFC 3339), as `:logs` takes
    /// them. `since` alone with a duration is a rolling range.
    pub fn apply(
        self,
        since: Option<&str>,
        until: Option<&str>,
        now: Timestamp,
    ) -> Result<TimeRange, String> {
        if let (Some(since), None) = (since, until)
            && let Ok(span) = crate::time::parse_interval(since)
        {
            let secs = span.as_secs() as i64;
            if secs > 0 {
                return Ok(TimeRange::Last(secs));
            }
        }
        let (mut start, mut end) = self.resolve(now);
        if let Some(since) = since {
            start = parse_moment(since, now)?;
            if until.is_none() {
                end = now;
            }
        }
        if let Some(until) = until {
            end = parse_moment(until, now)?;
        }
        if start >= end {
            return Err("the range is empty: `since` must come before `until`".to_string());
        }
        Ok(TimeRange::Between(start, end))
    }
}

/// `5m`, `1h`, `1d`, or `90m` when hours would not be whole.
pub fn span_words(secs: i64) -> String {
    match secs {
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn presets_cycle_from_five_minutes_to_a_day_and_round() {
        let mut range = TimeRange::Last(5 * 60);
        let mut seen = Vec::new();
        for _ in 0..6 {
            range = range.next();
            seen.push(range);
        }
        assert_eq!(
            seen,
            [900, 3600, 10_800, 43_200, 86_400, 300].map(TimeRange::Last)
        );
    }

    #[test]
    fn ranges_are_shown_in_utc_with_their_dates() {
        let now = at("2026-11-23T03:05:00Z");
        assert_eq!(
            TimeRange::Last(3600).label(now),
            "last 1h (11-23 02:05 – 11-23 03:05 UTC)"
        );
        let fixed = TimeRange::default()
            .apply(Some("2026-11-23T02:00:00Z"), Some("03:00"), now)
            .unwrap();
        assert_eq!(
            fixed,
            TimeRange::Between(at("2026-11-23T02:00:00Z"), at("2026-11-23T03:00:00Z"))
        );
        assert_eq!(
            TimeRange::default().apply(Some("15m"), None, now),
            Ok(TimeRange::Last(900))
        );
        assert!(
            TimeRange::default()
                .apply(Some("03:00"), Some("02:00"), now)
                .unwrap_err()
                .contains("empty")
        );
    }
}
