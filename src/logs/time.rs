//! A result row's time, in whichever form the service wrote it. Every place that reads a
//! row's time (pin, the chart's `bin(...)` detection and time axis) goes through [`parse_time`].

use jiff::Timestamp;

/// Epoch values from 2001-09-09 (10 digits of seconds, 13 of milliseconds) to 5138.
const EPOCH_SECONDS: std::ops::Range<i64> = 1_000_000_000..100_000_000_000;
const EPOCH_MILLIS: std::ops::Range<i64> = 1_000_000_000_000..100_000_000_000_000;

/// How a time was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `2026-11-23 03:00:00.000` (AWS's form, UTC) or RFC 3339 with an offset.
    Text,
    /// Seconds or milliseconds since the epoch (LocalStack sends `1796151098562`).
    Epoch,
}

/// A row's time: `2026-11-23 03:00:00.000` (UTC, AWS's form), RFC 3339
/// (`2026-11-23T03:00:00.123Z`, `…+01:00`), or epoch seconds or milliseconds.
pub fn parse_time(text: &str) -> Option<Timestamp> {
    parse_with_form(text).map(|(at, _)| at)
}

/// As [`parse_time`], saying which form it was in.
pub fn parse_with_form(text: &str) -> Option<(Timestamp, Form)> {
    let text = text.trim();
    if let Some(at) = aws_form(text).or_else(|| text.parse::<Timestamp>().ok()) {
        return Some((at, Form::Text));
    }
    epoch(text).map(|at| (at, Form::Epoch))
}

fn aws_form(text: &str) -> Option<Timestamp> {
    let civil = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S%.f", text)
        .or_else(|_| jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S", text))
        .ok()?;
    civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// Whole seconds or milliseconds (seconds may carry a fraction); a number outside the
/// plausible range (a count, a latency) is not a time.
fn epoch(text: &str) -> Option<Timestamp> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let n: i64 = whole.parse().ok()?;
    if EPOCH_MILLIS.contains(&n) && fraction.is_empty() {
        return Timestamp::from_millisecond(n).ok();
    }
    if !EPOCH_SECONDS.contains(&n) {
        return None;
    }
    let digits: String = fraction
        .chars()
        .chain("000000000".chars())
        .take(9)
        .collect();
    let nanos: i32 = digits.parse().ok()?;
    Timestamp::new(n, nanos).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn every_form_a_service_sends_reads_as_the_same_instant() {
        let want = at("2026-12-01T03:31:38.562Z");
        for text in [
            "2026-12-01 03:31:38.562",
            "2026-12-01T03:31:38.562Z",
            "2026-12-01T04:31:38.562+01:00",
            "1796095898562",
            "1796095898.562",
            " 1796095898562 ",
        ] {
            assert_eq!(parse_time(text), Some(want), "{text}");
        }
        assert_eq!(
            parse_time("2026-12-01 03:31:38"),
            Some(at("2026-12-01T03:31:38Z"))
        );
        assert_eq!(parse_time("1796095898"), Some(at("2026-12-01T03:31:38Z")));
    }

    #[test]
    fn counts_and_words_are_not_times() {
        for text in ["25", "1200", "95.5", "", "-1796095898562", "ERROR", "1e12"] {
            assert_eq!(parse_time(text), None, "{text:?}");
        }
        assert_eq!(
            parse_with_form("1796095898562").map(|(_, f)| f),
            Some(Form::Epoch)
        );
        assert_eq!(
            parse_with_form("2026-12-01 03:31:38.562").map(|(_, f)| f),
            Some(Form::Text)
        );
    }
}
