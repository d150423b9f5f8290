//! Live Tail: CloudWatch Logs' StartLiveTail stream on the chosen log groups, followed in the
//! Logs pane (`T`, `:logs tail`) and by `warroom tail`.

pub mod buffer;
pub mod headless;
mod keys;
pub mod run;
pub mod sdk;
pub mod source;
pub mod view;

use jiff::Timestamp;

pub use buffer::TailView;
pub use run::{TailMsg, TailPatience};
pub use sdk::CloudWatchTail;
pub use source::{StreamEnd, TailSource, TailStream};

/// What to tail: log groups (names or ARNs, 1 to 10), optionally only some streams of one
/// group (by name or by prefix), and a filter pattern as FilterLogEvents reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TailRequest {
    pub groups: Vec<String>,
    pub streams: Vec<String>,
    pub prefixes: Vec<String>,
    pub filter: Option<String>,
}

/// The most log groups one Live Tail session follows.
pub const MAX_GROUPS: usize = 10;

impl TailRequest {
    /// What AWS would refuse, said before anything is sent.
    pub fn check(&self) -> Result<(), String> {
        if self.groups.is_empty() {
            return Err("Live Tail needs a log group: press l to choose some".into());
        }
        if self.groups.len() > MAX_GROUPS {
            return Err(format!(
                "Live Tail follows at most {MAX_GROUPS} log groups; {} are chosen (press l to choose fewer)",
                self.groups.len()
            ));
        }
        if !self.streams.is_empty() && !self.prefixes.is_empty() {
            return Err("Live Tail takes stream names or stream prefixes, not both".into());
        }
        if (!self.streams.is_empty() || !self.prefixes.is_empty()) && self.groups.len() != 1 {
            return Err(format!(
                "Live Tail narrows to streams on one log group only; {} are chosen",
                self.groups.len()
            ));
        }
        Ok(())
    }
}

/// One log event as Live Tail delivers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TailEvent {
    /// The event's own time.
    pub time: Timestamp,
    pub ingested: Option<Timestamp>,
    /// The log group's name (Live Tail answers with its ARN).
    pub group: String,
    pub stream: String,
    pub message: String,
}

/// One `sessionUpdate`: the events since the last, and whether AWS sampled them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TailUpdate {
    pub events: Vec<TailEvent>,
    pub sampled: bool,
}

/// `/aws/x` from `arn:aws:logs:…:log-group:/aws/x` (or `…:/aws/x:*`); a name stays itself.
pub fn group_name(identifier: &str) -> &str {
    match identifier.split_once(":log-group:") {
        Some((_, name)) if identifier.starts_with("arn:") => {
            name.strip_suffix(":*").unwrap_or(name)
        }
        _ => identifier,
    }
}

/// Milliseconds since the epoch as a time (the epoch itself when out of range).
pub fn millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_aws_would_refuse_is_refused_before_it_is_sent() {
        let mut request = TailRequest::default();
        assert!(request.check().unwrap_err().contains("press l"));
        request.groups = (0..11).map(|i| format!("/g/{i}")).collect();
        assert!(request.check().unwrap_err().contains("at most 10"));
        request.groups.truncate(2);
        request.prefixes = vec!["web/".into()];
        assert!(request.check().unwrap_err().contains("one log group"));
        request.groups.truncate(1);
        assert_eq!(request.check(), Ok(()));
        request.streams = vec!["web/1".into()];
        assert!(request.check().unwrap_err().contains("not both"));
    }

    #[test]
    fn group_names_come_out_of_arns() {
        assert_eq!(
            group_name("arn:aws:logs:us-east-1:123456789012:log-group:/aws/app:*"),
            "/aws/app"
        );
        assert_eq!(
            group_name("arn:aws:logs:us-east-1:123456789012:log-group:/aws/app"),
            "/aws/app"
        );
        assert_eq!(group_name("/aws/app"), "/aws/app");
    }
}
