//! Checks of single values written in front matter or block attributes, shared by both.

use std::time::Duration;

use crate::time::parse_interval;

/// AWS-RunShellScript and AWS-RunPowerShellScript refuse an executionTimeout above 48 hours.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(48 * 3600);

/// `max_concurrency`: a count of at least 1, or a percentage from 1% to 100%.
pub fn concurrency(text: &str) -> Result<String, String> {
    count_or_percent(text, 1).map_err(|_| {
        format!("max_concurrency `{text}` must be a number of instances (1 or more) or a percentage such as `25%`")
    })
}

/// `max_errors`: a count (0 stops at the first error), or a percentage from 0% to 100%.
pub fn errors(text: &str) -> Result<String, String> {
    count_or_percent(text, 0).map_err(|_| {
        format!("max_errors `{text}` must be a number of errors (0 or more) or a percentage such as `10%`")
    })
}

fn count_or_percent(text: &str, least: u64) -> Result<String, ()> {
    let text = text.trim();
    let (digits, percent) = match text.strip_suffix('%') {
        Some(digits) => (digits, true),
        None => (text, false),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    let n: u64 = digits.parse().map_err(|_| ())?;
    if n < least || (percent && n > 100) {
        return Err(());
    }
    Ok(text.to_string())
}

/// `timeout`: a duration such as `10m`, or a number of seconds, at most 48 hours.
pub fn timeout(text: &str) -> Result<Duration, String> {
    let duration = match text.trim().parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => parse_interval(text).map_err(|e| format!("timeout: {e}"))?,
    };
    if duration > MAX_TIMEOUT {
        return Err(format!(
            "timeout `{text}` is longer than SSM allows a command to run (48h)"
        ));
    }
    if duration < Duration::from_secs(1) {
        return Err(format!("timeout `{text}` must be at least 1s"));
    }
    Ok(duration)
}

/// `since`: how far back a query looks, such as `1h`.
pub fn since(text: &str) -> Result<Duration, String> {
    parse_interval(text).map_err(|e| format!("since: {e}"))
}

/// `i-0123456789abcdef0` or, for on-premises managed nodes, `mi-0123456789abcdef0`.
pub fn is_instance_id(id: &str) -> bool {
    let hex = id.strip_prefix("i-").or_else(|| id.strip_prefix("mi-"));
    hex.is_some_and(|hex| {
        (8..=17).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Twelve digits, written as a string.
pub fn is_account_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// Such as `us-east-1`, `eu-central-2` or `us-gov-west-1`.
pub fn is_region(name: &str) -> bool {
    let mut parts = name.split('-');
    let Some(country) = parts.next() else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    country.len() == 2
        && country.bytes().all(|b| b.is_ascii_lowercase())
        && parts.len() >= 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

/// A parameter name usable as `{{name}}`.
pub fn is_param_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A comma-separated list, blanks dropped.
pub fn comma_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_control_takes_counts_and_percentages() {
        assert_eq!(concurrency("1").as_deref(), Ok("1"));
        assert_eq!(concurrency("25%").as_deref(), Ok("25%"));
        assert!(concurrency("0").is_err());
        assert!(concurrency("101%").is_err());
        assert!(concurrency("one").is_err());
        assert_eq!(errors("0").as_deref(), Ok("0"));
        assert!(errors("-1").is_err());
    }

    #[test]
    fn timeouts_are_durations_within_what_ssm_allows() {
        assert_eq!(timeout("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(timeout("300"), Ok(Duration::from_secs(300)));
        assert!(timeout("0").is_err());
        assert!(timeout("49h").unwrap_err().contains("48h"));
        assert!(timeout("soon").unwrap_err().contains("not a duration"));
    }

    #[test]
    fn ids_and_regions_are_recognised() {
        assert!(is_instance_id("i-0123456789abcdef0"));
        assert!(is_instance_id("mi-0123456789abcdef0"));
        assert!(!is_instance_id("i-xyz"));
        assert!(is_account_id("012345678901"));
        assert!(!is_account_id("12345"));
        assert!(is_region("us-east-1"));
        assert!(is_region("us-gov-west-1"));
        assert!(!is_region("us-east"));
        assert!(!is_region("US-EAST-1"));
        assert!(is_param_name("service"));
        assert!(is_param_name("log_group-2"));
        assert!(!is_param_name("2x"));
        assert!(!is_param_name("a b"));
    }
}
