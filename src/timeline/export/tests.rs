use super::*;
use crate::timeline::journal::KeyTimes;
use crate::timeline::model::Source;

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn rows() -> Vec<TimelineEvent> {
    vec![
        TimelineEvent {
            time: t("2026-11-23T02:50:00Z"),
            source: Source::Health,
            what: "EC2 operational issue began (us-east-1/use1-az4)".into(),
            who: "AWS Health".into(),
            detail: "issue · open · arn:aws:health:us-east-1::event/EC2/x".into(),
            risky: false,
            key: "health:arn#start".into(),
        },
        TimelineEvent {
            time: t("2026-11-23T02:58:00.250Z"),
            source: Source::Change,
            what: "RevokeSecurityGroupIngress sg-0db5e1c7a9f3b2d41".into(),
            who: "alice".into(),
            detail: "risky: security group | network; ec2.amazonaws.com".into(),
            risky: true,
            key: "change:c7e1".into(),
        },
        TimelineEvent {
            time: t("2026-11-23T03:06:00Z"),
            source: Source::Query,
            what: "Logs Insights query on /aws/ecs/checkout-api".into(),
            who: "warroom".into(),
            detail: "fields @timestamp, @message\n| filter level = \"ERROR\" \\| x, \"quoted\""
                .into(),
            risky: false,
            key: "query:1@x".into(),
        },
        TimelineEvent {
            time: t("2026-11-23T03:07:00Z"),
            source: Source::Note,
            what: "db unreachable, é ü".into(),
            who: String::new(),
            detail: String::new(),
            risky: false,
            key: "note:n1".into(),
        },
    ]
}

/// Splits a table row on pipes that are not escaped, and unescapes the cells.
fn md_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut prev = ' ';
    for c in inner.chars() {
        if c == '|' && prev != '\\' {
            cells.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
        prev = c;
    }
    cells.push(current);
    cells
        .into_iter()
        .map(|c| c.trim().replace("\\|", "|").replace("<br>", "\n"))
        .collect()
}

#[test]
fn markdown_holds_the_header_and_every_row_with_pipes_escaped() {
    let header = Header {
        incident: Some("checkout-5xx".into()),
        account: Some("123456789012".into()),
        region: "us-east-1".into(),
        window: Some((t("2026-11-23T02:00:00Z"), t("2026-11-23T04:00:00Z"))),
        key_times: Some(KeyTimes {
            started: t("2026-11-23T03:00:00Z"),
            detected: Some(t("2026-11-23T03:02:00Z")),
            detected_by_alarm: Some("checkout-api-5xx OK → ALARM".into()),
            mitigated: Some(t("2026-11-23T03:31:10Z")),
            resolved: None,
        }),
        failures: vec![("health".into(), "SubscriptionRequiredException".into())],
    };
    let mut out = Vec::new();
    markdown(&mut out, &header, &rows()).unwrap();
    let text = String::from_utf8(out).unwrap();
    for line in [
        "# Incident checkout-5xx: timeline",
        "- **Account:** 123456789012",
        "- **Window:** 2026-11-23 02:00:00 UTC to 2026-11-23 04:00:00 UTC (2h 00m 00s)",
        "- **Detected:** 2026-11-23 03:02:00 UTC (after 2m 00s; first alarm: checkout-api-5xx OK → ALARM)",
        "- **Mitigated:** 2026-11-23 03:31:10 UTC (after 31m 10s)",
        "- **Resolved:** not yet",
        "- **Time to detect:** 2m 00s; **time to mitigate:** 31m 10s; **time to resolve:** -",
        "- **Missing source:** health: SubscriptionRequiredException (its events are not in this timeline)",
        "| Time (UTC) | Source | Event | Actor | Detail |",
    ] {
        assert!(text.lines().any(|l| l == line), "missing {line:?}:\n{text}");
    }
    let table: Vec<Vec<String>> = text
        .lines()
        .skip_while(|l| !l.starts_with("|---"))
        .skip(1)
        .map(md_cells)
        .collect();
    let expected: Vec<Vec<String>> = rows()
        .iter()
        .map(|e| {
            vec![
                utc(e.time),
                e.source.label().to_string(),
                format!("{}{}", if e.risky { "⚠ " } else { "" }, e.what),
                e.who.clone(),
                e.detail.clone(),
            ]
        })
        .collect();
    assert_eq!(table, expected);
    assert!(
        text.contains("risky: security group \\| network"),
        "the pipe in a cell is escaped"
    );
}

#[test]
fn jsonl_parses_back_to_the_same_rows_with_timesketch_fields() {
    let mut out = Vec::new();
    jsonl(&mut out, &rows(), None).unwrap();
    let text = String::from_utf8(out).unwrap();
    let parsed: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed.len(), rows().len());
    for (p, e) in parsed.iter().zip(rows()) {
        let datetime = p["datetime"].as_str().unwrap();
        assert!(datetime.ends_with("+00:00"), "{datetime}");
        assert_eq!(datetime.parse::<Timestamp>().unwrap(), e.time);
        assert_eq!(p["timestamp"].as_i64(), Some(e.time.as_microsecond()));
        assert_eq!(p["timestamp_desc"], e.source.timestamp_desc());
        assert!(p["message"].as_str().unwrap().contains(&e.what));
        assert_eq!(p["source"], e.source.label());
        assert_eq!(p["what"], e.what.as_str());
        assert_eq!(p["who"], e.who.as_str());
        assert_eq!(p["detail"], e.detail.as_str());
        assert_eq!(p["risky"], e.risky);
        assert_eq!(p["key"], e.key.as_str());
    }
    assert_eq!(
        parsed[1]["datetime"], "2026-11-23T02:58:00.250000+00:00",
        "fractions of a second are kept, always to six digits"
    );
    assert_eq!(
        parsed[0]["datetime"], "2026-11-23T02:50:00.000000+00:00",
        "a whole second has six zeros, so every row has one format"
    );
    let keys: Vec<&str> = parsed[0]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys, COLUMNS, "the keys come in the CSV's column order");
}

#[test]
fn csv_parses_back_to_the_same_rows() {
    let mut out = Vec::new();
    csv(&mut out, &rows(), None).unwrap();
    let mut reader = ::csv::Reader::from_reader(out.as_slice());
    assert_eq!(
        reader.headers().unwrap(),
        [
            "message",
            "datetime",
            "timestamp_desc",
            "timestamp",
            "source",
            "what",
            "who",
            "detail",
            "risky",
            "key"
        ]
        .as_slice(),
        "the JSONL's columns, Timesketch's mandatory ones first"
    );
    let records: Vec<::csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let back: Vec<TimelineEvent> = records
        .iter()
        .map(|r| TimelineEvent {
            time: r[1].parse().unwrap(),
            source: Source::parse(&r[4]).unwrap(),
            what: r[5].to_string(),
            who: r[6].to_string(),
            detail: r[7].to_string(),
            risky: &r[8] == "true",
            key: r[9].to_string(),
        })
        .collect();
    assert_eq!(back, rows());
    assert_eq!(
        &records[1][0],
        "[change] RevokeSecurityGroupIngress sg-0db5e1c7a9f3b2d41 (alice)"
    );
    assert_eq!(&records[1][1], "2026-11-23T02:58:00.250000+00:00");
    assert_eq!(&records[1][2], "CloudTrail write");
    assert_eq!(&records[1][3], "1795402680250000");
    assert_eq!(&records[0][8], "false");
}

#[test]
fn durations_read_as_hours_minutes_seconds() {
    assert_eq!(duration(SignedDuration::from_secs(45)), "45s");
    assert_eq!(duration(SignedDuration::from_secs(240)), "4m 00s");
    assert_eq!(duration(SignedDuration::from_secs(3912)), "1h 05m 12s");
    assert_eq!(duration(SignedDuration::from_secs(-120)), "-2m 00s");
}

fn hostile() -> TimelineEvent {
    TimelineEvent {
        time: t("2026-11-23T03:10:00Z"),
        source: Source::Change,
        what: "=HYPERLINK(\"http://evil.example\",\"click\")".into(),
        who: "mallory\u{1b}]0;pwned\u{7}\u{202e}".into(),
        detail: "<script>alert(1)</script> & more\rfake | row".into(),
        risky: false,
        key: "change:evil".into(),
    }
}

#[test]
fn markdown_escapes_html_and_a_lone_carriage_return_keeps_one_row() {
    let mut out = Vec::new();
    markdown(&mut out, &Header::default(), &[hostile()]).unwrap();
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("|---"))
        .skip(1)
        .collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert_eq!(
        md_cells(rows[0]).len(),
        5,
        "the pipe in the detail stays in its cell: {}",
        rows[0]
    );
    assert!(
        rows[0].contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more<br>fake \\| row"),
        "{}",
        rows[0]
    );
    assert!(
        rows[0].contains("mallory\\x1b]0;pwned\\x07\\u{202e}"),
        "{}",
        rows[0]
    );
    assert!(!text.contains('\r') && !text.contains('\u{1b}') && !text.contains('\u{202e}'));
}

#[test]
fn csv_guards_a_cell_that_would_be_a_formula_and_shows_escapes() {
    let mut out = Vec::new();
    csv(&mut out, &[hostile()], None).unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text}"
    );
    let mut reader = ::csv::Reader::from_reader(out.as_slice());
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(&record[5], "'=HYPERLINK(\"http://evil.example\",\"click\")");
    assert_eq!(&record[6], "mallory\\x1b]0;pwned\\x07\\u{202e}");
    assert_eq!(&record[7], "<script>alert(1)</script> & more\\rfake | row");
}

#[test]
fn jsonl_keeps_the_text_and_escapes_what_serde_leaves_raw() {
    let mut out = Vec::new();
    jsonl(&mut out, &[hostile()], None).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        !text.contains('\u{202e}') && text.contains("\\u202e"),
        "{text}"
    );
    let line: serde_json::Value = serde_json::from_str(text.trim_end()).unwrap();
    assert_eq!(line["who"], hostile().who.as_str());
}

fn at_nanos(s: &str, nanos: i32) -> Timestamp {
    t(s) + SignedDuration::new(0, nanos)
}

#[test]
fn datetime_has_six_digits_and_timestamp_names_the_same_microsecond() {
    for (time, datetime_text, micros) in [
        (
            at_nanos("2026-12-01T03:06:07Z", 123_456_789),
            "2026-12-01T03:06:07.123456+00:00",
            1_796_094_367_123_456,
        ),
        (
            at_nanos("2026-12-01T03:06:08Z", 500_000_000),
            "2026-12-01T03:06:08.500000+00:00",
            1_796_094_368_500_000,
        ),
        (
            t("2026-12-01T03:06:09Z"),
            "2026-12-01T03:06:09.000000+00:00",
            1_796_094_369_000_000,
        ),
    ] {
        assert_eq!(datetime(time), datetime_text);
        assert_eq!(timestamp(time), micros);
        let back: Timestamp = datetime_text.parse().unwrap();
        assert_eq!(back.as_microsecond(), micros, "{datetime_text}");
    }
}

#[test]
fn the_formula_guard_leaves_the_mandatory_columns_alone() {
    let e = TimelineEvent {
        time: at_nanos("2026-12-01T03:06:07Z", 1_000),
        source: Source::Note,
        what: "-1 after the rollback".into(),
        who: "=cmd".into(),
        detail: "+x".into(),
        risky: true,
        key: "@note".into(),
    };
    let mut out = Vec::new();
    csv(&mut out, &[e], None).unwrap();
    let mut reader = ::csv::Reader::from_reader(out.as_slice());
    let r = reader.records().next().unwrap().unwrap();
    assert_eq!(&r[0], "[note] -1 after the rollback (=cmd)");
    assert_eq!(&r[1], "2026-12-01T03:06:07.000001+00:00");
    assert_eq!(&r[2], "Incident note");
    assert_eq!(&r[3], "1796094367000001");
    assert_eq!(&r[5], "'-1 after the rollback");
    assert_eq!(&r[6], "'=cmd");
    assert_eq!(&r[7], "'+x");
    assert_eq!(&r[8], "true");
    assert_eq!(&r[9], "'@note");
}

#[test]
fn jsonl_writes_line_separators_and_next_line_as_escapes() {
    let e = TimelineEvent {
        what: "one\u{2028}two\u{2029}three\u{85}four\u{b}\u{c}\u{1c}\u{1d}\u{1e}five".into(),
        ..hostile()
    };
    let mut out = Vec::new();
    jsonl(&mut out, std::slice::from_ref(&e), None).unwrap();
    let text = String::from_utf8(out).unwrap();
    for raw in [
        '\u{2028}', '\u{2029}', '\u{85}', '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}',
    ] {
        assert!(!text.contains(raw), "{raw:?} is written raw: {text:?}");
    }
    assert!(
        text.contains("one\\u2028two\\u2029three\\u0085four"),
        "{text}"
    );
    assert_eq!(text.matches('\n').count(), 1, "{text:?}");
    let back: serde_json::Value = serde_json::from_str(text.trim_end()).unwrap();
    assert_eq!(back["what"], e.what.as_str(), "the same text once parsed");
}

#[test]
fn markdown_keeps_a_note_with_pipe_cr_and_line_separator_on_one_row() {
    let note = TimelineEvent {
        time: t("2026-11-23T03:07:00Z"),
        source: Source::Note,
        what: "db | cache\rfailover\u{2028}done\u{85}ok".into(),
        who: String::new(),
        detail: String::new(),
        risky: false,
        key: "note:n2".into(),
    };
    let mut out = Vec::new();
    markdown(&mut out, &Header::default(), &[note]).unwrap();
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("|---"))
        .skip(1)
        .collect();
    assert_eq!(rows.len(), 1, "{text:?}");
    assert_eq!(md_cells(rows[0]).len(), 5, "{}", rows[0]);
    assert!(
        rows[0].contains("db \\| cache<br>failover<br>done\\u{85}ok"),
        "{}",
        rows[0]
    );
    for raw in ['\r', '\u{2028}', '\u{85}'] {
        assert!(!text.contains(raw), "{raw:?} is written raw: {text:?}");
    }
}
