//! Time as warroom shows it: always UTC, always with the date when it is a moment.

use jiff::{SignedDuration, Timestamp, tz::TimeZone};

/// `2026-11-23 03:02:00 UTC`
pub fn utc(ts: Timestamp) -> String {
    ts.to_zoned(TimeZone::UTC)
        .strftime("%Y-%m-%d %H:%M:%S UTC")
        .to_string()
}

/// `11-23 03:02` for dense table cells.
pub fn utc_short(ts: Timestamp) -> String {
    ts.to_zoned(TimeZone::UTC)
        .strftime("%m-%d %H:%M")
        .to_string()
}

/// `03:02` for chart axes.
pub fn utc_hm(ts: Timestamp) -> String {
    ts.to_zoned(TimeZone::UTC).strftime("%H:%M").to_string()
}

/// How long ago, compactly: `45s`, `12m`, `3h05m`, `2d04h`.
pub fn age(since: Timestamp, now: Timestamp) -> String {
    let secs = now.duration_since(since).as_secs().max(0);
    compact_duration(secs)
}

pub fn compact_duration(secs: i64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("{d}d{h:02}h")
    } else if h > 0 {
        format!("{h}h{m:02}m")
    } else if m > 0 {
        format!("{m}m")
    } else {
        format!("{s}s")
    }
}

pub fn from_smithy(dt: &aws_smithy_types::DateTime) -> Option<Timestamp> {
    Timestamp::new(dt.secs(), dt.subsec_nanos() as i32).ok()
}

pub fn to_smithy(ts: Timestamp) -> aws_smithy_types::DateTime {
    aws_smithy_types::DateTime::from_secs_and_nanos(
        ts.as_second(),
        ts.subsec_nanosecond().max(0) as u32,
    )
}

/// Parses an interval such as `30s`, `5m` or `1h 30m`.
pub fn parse_interval(text: &str) -> Result<std::time::Duration, String> {
    let parsed: SignedDuration = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a duration (try `30s`, `5m` or `1h`)"))?;
    std::time::Duration::try_from(parsed)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("`{text}` must be a positive duration"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_compact() {
        let now: Timestamp = "2026-11-23T19:40:00Z".parse().unwrap();
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(age(t("2026-11-23T19:39:15Z"), now), "45s");
        assert_eq!(age(t("2026-11-23T19:28:00Z"), now), "12m");
        assert_eq!(age(t("2026-11-23T03:02:00Z"), now), "16h38m");
        assert_eq!(age(t("2026-11-21T15:00:00Z"), now), "2d04h");
    }

    #[test]
    fn moments_carry_their_date_in_utc() {
        let t: Timestamp = "2026-11-23T03:02:00Z".parse().unwrap();
        assert_eq!(utc(t), "2026-11-23 03:02:00 UTC");
    }

    #[test]
    fn intervals_parse_or_explain() {
        assert_eq!(
            parse_interval("30s"),
            Ok(std::time::Duration::from_secs(30))
        );
        assert_eq!(
            parse_interval("1h 30m"),
            Ok(std::time::Duration::from_secs(5400))
        );
        assert!(
            parse_interval("soon")
                .unwrap_err()
                .contains("not a duration")
        );
        assert!(parse_interval("0s").unwrap_err().contains("positive"));
    }
}
