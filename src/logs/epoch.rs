//! Logs Insights answers some fields (`@ingestionTime`, a numeric `@timestamp`) in epoch
//! milliseconds: shown as UTC times, the value itself unchanged everywhere else.

use std::borrow::Cow;

/// `value` of `field` as shown in the results table: a system field (`@...`) holding epoch
/// milliseconds (13 digits) as `2026-11-23 03:01:03.120`, anything else as it is.
pub fn shown<'a>(field: &str, value: &'a str) -> Cow<'a, str> {
    if !field.starts_with('@') || value.len() != 13 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Cow::Borrowed(value);
    }
    match value
        .parse::<i64>()
        .ok()
        .and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok())
    {
        Some(at) => Cow::Owned(at.strftime("%Y-%m-%d %H:%M:%S%.3f").to_string()),
        None => Cow::Borrowed(value),
    }
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn ingestion_time_in_epoch_milliseconds_is_shown_as_a_utc_time() {
        assert_eq!(
            shown("@ingestionTime", "1795402863120"),
            "2026-11-23 03:01:03.120"
        );
        assert_eq!(
            shown("@timestamp", "1795402863120"),
            "2026-11-23 03:01:03.120"
        );
        assert_eq!(shown("count(*)", "1795402863120"), "1795402863120");
        assert_eq!(shown("@ingestionTime", "17954028631"), "17954028631");
        assert_eq!(shown("@message", "hello"), "hello");
    }
}
