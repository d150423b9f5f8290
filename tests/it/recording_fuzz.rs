//! No recording panics the reader or the replay console built on it, and every line it
//! refuses is named by file and line.

use crate::common;

use std::path::Path;

use jiff::Timestamp;
use proptest::prelude::*;
use ratatui::layout::Size;

use warroom::alarms::AlarmState;
use warroom::alarms::sample::metric_alarm;
use warroom::aws::{Identity, SessionSettings};
use warroom::changes::sample::change;
use warroom::config::Config;
use warroom::console::{Feed, build};
use warroom::record::reader::Recording;
use warroom::record::{Entry, VERSION};
use warroom::startup::Startup;
use warroom::theme::Theme;

const FILE: &str = "rec.jsonl";

/// Times in and out of order, at the edges of what a replay can show, and past them.
const TIMES: &[&str] = &[
    "2026-11-23T03:00:00Z",
    "2026-11-23T03:05:00Z",
    "2026-11-23T02:00:00Z",
    "2026-11-23T03:05:00.000000001Z",
    "1677-09-21T00:12:43.145224192Z",
    "1677-09-21T00:12:43.145224191Z",
    "2262-04-11T23:47:16.854775807Z",
    "2262-04-11T23:47:16.854775808Z",
    "-009999-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999999Z",
    "1970-01-01T00:00:00Z",
];

const AT: &str = "2000-01-01T00:00:00Z";
const INNER: &str = "2000-01-02T00:00:00Z";

fn t(text: &str) -> Timestamp {
    text.parse().expect("a time")
}

/// Whole lines of each kind, at any of the times, and their likely damage.
fn line() -> impl Strategy<Value = String> {
    let time = prop::sample::select(TIMES);
    let entry = (0..5u8, time.clone(), time).prop_map(|(kind, at_text, inner_text)| {
        // Placeholders, replaced by the chosen times in the text (some are no Timestamp).
        let (at, inner) = (AT, INNER);
        let entry = match kind {
            0 => Entry::Header {
                version: VERSION,
                started: t(at),
                account: Some("123456789012".into()),
                region: "us-east-1".into(),
            },
            1 => Entry::Identity {
                t: t(at),
                identity: Identity {
                    account: "123456789012".into(),
                    arn: "arn:aws:iam::123456789012:user/alice".into(),
                },
            },
            2 => Entry::Alarms {
                t: t(at),
                upsert: vec![metric_alarm(
                    "checkout-api-5xx",
                    AlarmState::Alarm,
                    t(inner),
                    ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
                    10.0,
                )],
                remove: vec!["gone".into()],
            },
            3 => Entry::Changes {
                t: t(at),
                changes: vec![change(
                    "RevokeSecurityGroupIngress",
                    "alice",
                    "ec2.amazonaws.com",
                    "sg-1",
                    t(inner),
                )],
                records: vec!["{\"eventName\":\"RevokeSecurityGroupIngress\"}".into()],
            },
            _ => Entry::Health {
                t: t(at),
                upsert: Vec::new(),
                remove: vec!["arn:aws:health:x".into()],
            },
        };
        serde_json::to_string(&entry)
            .expect("an entry serializes")
            .replace(AT, at_text)
            .replace(INNER, inner_text)
    });
    prop_oneof![
        6 => entry.clone().prop_map(|l| l + "\n"),
        1 => (entry.clone(), any::<prop::sample::Index>())
            .prop_map(|(l, cut)| l[..cut.index(l.len())].to_string()),
        1 => (entry, any::<prop::sample::Index>(), any::<u8>()).prop_map(|(l, at, b)| {
            let mut bytes = l.into_bytes();
            let i = at.index(bytes.len());
            bytes[i] = b;
            String::from_utf8_lossy(&bytes).into_owned() + "\n"
        }),
        1 => Just("\n".to_string()),
        1 => ".{0,40}\n",
    ]
}

/// The header first, most of the time, then any lines.
fn recording() -> impl Strategy<Value = Vec<u8>> {
    let header = serde_json::to_string(&Entry::Header {
        version: VERSION,
        started: t("2026-11-23T02:55:00Z"),
        account: None,
        region: "us-east-1".into(),
    })
    .expect("a header")
        + "\n";
    (any::<bool>(), prop::collection::vec(line(), 0..12)).prop_map(move |(with_header, lines)| {
        let mut text = if with_header {
            header.clone()
        } else {
            String::new()
        };
        text.push_str(&lines.concat());
        text.into_bytes()
    })
}

/// Reads the bytes and asks the recording everything the replay asks it.
fn exercise(bytes: &[u8]) -> Result<(), TestCaseError> {
    match Recording::parse(Path::new(FILE), bytes) {
        Err(error) => prop_assert!(error.starts_with(&format!("{FILE}:1: ")), "{error}"),
        Ok(recording) => {
            if let Some(damage) = &recording.damage {
                let line = damage
                    .strip_prefix(&format!("{FILE}:"))
                    .and_then(|rest| rest.split(':').next())
                    .and_then(|n| n.parse::<usize>().ok());
                prop_assert!(line.is_some_and(|n| n >= 2), "{damage}");
            }
            if let Some((start, end)) = recording.span() {
                prop_assert!(start <= end);
                let middle = start + start.duration_until(end) / 2;
                for at in [start, middle, end, Timestamp::MIN, Timestamp::MAX] {
                    let _ = recording.identity_at(at);
                    let _ = recording.alarms_at(at);
                    let _ = recording.health_at(at);
                    let _ = recording.changes_at(at);
                }
                prop_assert_eq!(recording.instant(None), Ok(end));
                let _ = recording.instant(Some("03:05"));
            }
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_bytes_are_read_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        exercise(&bytes)?;
    }

    #[test]
    fn lines_in_any_order_and_state_are_read_without_panic(bytes in recording()) {
        exercise(&bytes)?;
    }
}

/// `warroom replay` on a recording whose lines go back in time: the console opens on what came
/// before that line, and its notice names the file and line (it panicked in `console::build`).
#[test]
fn a_recording_that_goes_back_in_time_replays_up_to_that_line_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rec.jsonl");
    let alarms = |at: &str| Entry::Alarms {
        t: t(at),
        upsert: vec![metric_alarm(
            "checkout-api-5xx",
            AlarmState::Alarm,
            t("2026-11-23T03:00:00Z"),
            ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
            10.0,
        )],
        remove: Vec::new(),
    };
    let entries = [
        Entry::Header {
            version: VERSION,
            started: t("2026-11-23T02:55:00Z"),
            account: Some("123456789012".into()),
            region: "us-east-1".into(),
        },
        alarms("2026-11-23T03:10:00Z"),
        alarms("2026-11-23T03:00:00Z"),
    ];
    let text: String = entries
        .iter()
        .map(|e| serde_json::to_string(e).unwrap() + "\n")
        .collect();
    std::fs::write(&path, text).unwrap();
    let recording = Recording::read(&path).expect("read up to the damage");
    let at = recording.instant(None).expect("something to replay");
    let app = common::console::runtime().block_on(async {
        let startup = Startup {
            config: Config::defaults(),
            theme: Theme::dark(),
            problems: Vec::new(),
        };
        let feed = Feed::Replay { recording, at };
        let settings = SessionSettings::in_region("us-east-1");
        build(settings, startup, false, Size::new(120, 40), feed).expect("the replay builds")
    });
    let notice = app.state.notice.clone().unwrap_or_default();
    assert_eq!(
        notice,
        format!(
            "{}:3: a line that goes back in time (2026-11-23 03:00:00 UTC after 2026-11-23 03:10:00 UTC); replaying up to 2026-11-23 03:10:00 UTC",
            path.display()
        )
    );
}
