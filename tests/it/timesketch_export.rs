//! The timeline's JSONL and CSV exports read back with Timesketch's importer rules, with
//! events built to break them: a line separator in a message, a lone CR, U+0085, a formula,
//! and source times with nine and one fractional digits.

use crate::common::timesketch::{parse_datetime, read_csv, read_jsonl, splitlines};

use jiff::{SignedDuration, Timestamp};
use warroom::timeline::export::{self, Format, Header};
use warroom::timeline::{Source, TimelineEvent};

fn at(s: &str, nanos: i32) -> Timestamp {
    s.parse::<Timestamp>().unwrap() + SignedDuration::new(0, nanos)
}

fn hostile_events() -> Vec<TimelineEvent> {
    vec![
        TimelineEvent {
            time: at("2026-12-01T03:06:07Z", 123_456_789),
            source: Source::Change,
            what: "PutRolePolicy\u{2028}{\"fake\":\"event\"}".into(),
            who: "mallory\u{85}eve".into(),
            detail: "risky: iam".into(),
            risky: true,
            key: "change:1".into(),
        },
        TimelineEvent {
            time: at("2026-12-01T03:06:08Z", 500_000_000),
            source: Source::Note,
            what: "rolled back\rfake row".into(),
            who: String::new(),
            detail: "=HYPERLINK(\"http://x\")\u{2029}\u{b}\u{c}\u{1c}\u{1d}\u{1e}".into(),
            risky: false,
            key: "note:2".into(),
        },
        TimelineEvent {
            time: at("2026-12-01T03:06:09Z", 0),
            source: Source::Alarm,
            what: "checkout-api-5xx OK → ALARM".into(),
            who: "CloudWatch".into(),
            detail: "Threshold Crossed".into(),
            risky: false,
            key: "alarm:3".into(),
        },
    ]
}

fn export(format: Format, events: &[TimelineEvent]) -> Vec<u8> {
    let mut out = Vec::new();
    export::write(&mut out, format, &Header::default(), events).unwrap();
    out
}

#[test]
fn timesketch_reads_one_event_per_row_from_the_csv_and_the_jsonl() {
    let events = hostile_events();
    let csv_rows = read_csv(&export(Format::Csv, &events)).expect("Timesketch takes the CSV");
    let jsonl_text = String::from_utf8(export(Format::Jsonl, &events)).unwrap();
    let jsonl_rows = read_jsonl(&jsonl_text).expect("Timesketch takes the JSONL");
    assert_eq!(csv_rows.len(), events.len(), "{csv_rows:#?}");
    assert_eq!(
        jsonl_rows.len(),
        events.len(),
        "splitlines gives one line per event: {jsonl_text:?}"
    );

    let datetimes = [
        "2026-12-01T03:06:07.123456+00:00",
        "2026-12-01T03:06:08.500000+00:00",
        "2026-12-01T03:06:09.000000+00:00",
    ];
    for (((csv_row, json_row), event), datetime) in
        csv_rows.iter().zip(&jsonl_rows).zip(&events).zip(datetimes)
    {
        let csv_columns: Vec<&String> = csv_row.keys().collect();
        let mut json_columns: Vec<&String> = json_row.keys().collect();
        json_columns.sort();
        assert_eq!(csv_columns, json_columns, "the same columns in both");

        assert_eq!(csv_row["datetime"], datetime);
        assert_eq!(json_row["datetime"], datetime);
        let micros = parse_datetime(datetime).unwrap().as_microsecond();
        assert_eq!(csv_row["timestamp"], micros.to_string());
        assert_eq!(json_row["timestamp"], micros);
        assert_eq!(csv_row["timestamp_desc"], event.source.timestamp_desc());
        assert_eq!(json_row["timestamp_desc"], event.source.timestamp_desc());
        assert_eq!(csv_row["source"], event.source.label());
        assert_eq!(csv_row["risky"], event.risky.to_string());
        assert_eq!(json_row["risky"], event.risky);
        assert_eq!(json_row["what"], event.what.as_str(), "JSON keeps the text");
        assert_eq!(json_row["detail"], event.detail.as_str());
    }

    assert_eq!(
        csv_rows[0]["message"],
        "[change] PutRolePolicy\\u{2028}{\"fake\":\"event\"} (mallory\\u{85}eve)"
    );
    assert_eq!(csv_rows[1]["what"], "rolled back\\rfake row");
    assert!(
        csv_rows[1]["detail"].starts_with("'=HYPERLINK"),
        "{}",
        csv_rows[1]["detail"]
    );
}

#[test]
fn the_reader_refuses_what_timesketch_refuses() {
    let old_csv = "Time (UTC),Source,Event\n2026-12-01T03:06:07+00:00,note,x\n";
    let refused = read_csv(old_csv.as_bytes()).unwrap_err();
    assert!(
        refused.contains("message, datetime, timestamp_desc"),
        "{refused}"
    );

    for datetime in [
        "2026-12-01T03:06:07.123456789+00:00",
        "2026-12-01T03:06:08.5+00:00",
        "2026-12-01T03:06:09+00:00",
    ] {
        let csv = format!("message,datetime,timestamp_desc\nx,{datetime},y\n");
        assert!(read_csv(csv.as_bytes()).is_err(), "{datetime} is refused");
    }

    let split = "{\"message\":\"a\u{2028}b\",\"datetime\":\"2026-12-01T03:06:09.000000+00:00\",\"timestamp_desc\":\"x\"}\n";
    assert_eq!(splitlines(split).len(), 2);
    assert!(read_jsonl(split).is_err(), "a raw U+2028 splits the event");
}
