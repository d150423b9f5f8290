//! `warroom timeline` and `warroom triage` run as a user runs them, against the emulator
//! seeded with the demo incident (and against a calm, empty account).

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use jiff::{SignedDuration, Timestamp, tz::TimeZone};
use serde_json::{Value, json};

use common::emulator::{Emulator, python};
use warroom::logs::history::{self, PastQuery};
use warroom::runbook::Targets;
use warroom::runbook::run::audit::{self, AuditLog, Finished, Intent, Record, Sent};
use warroom::timeline::journal::{Journal, Marker};
use warroom::timeline::{Source, TimelineEvent};

const ACCOUNT: &str = "123456789012";

/// warroom with the emulator's credentials, its own state dir, nothing of the developer's.
fn warroom(emulator_url: &str, state: &Path) -> Command {
    let mut cmd = common::binary::warroom(Some(state));
    cmd.args(["--endpoint-url", emulator_url, "--region", "us-east-1"]);
    cmd
}

fn run(cmd: &mut Command) -> (Output, String, String) {
    let out = cmd.output().expect("warroom runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

/// The demo's "03:02" moment, as the emulator picks it by default: the whole minute 12 minutes
/// ago, so the incident is happening now at any time of day. Passed to it explicitly so both
/// sides agree.
fn anchor() -> Timestamp {
    let ago = Timestamp::now() - SignedDuration::from_mins(12);
    Timestamp::from_second(ago.as_second().div_euclid(60) * 60).expect("a time")
}

fn mins(m: i64) -> SignedDuration {
    SignedDuration::from_mins(m)
}

fn demo(t: Timestamp) -> Emulator {
    Emulator::start_with(&["--seed", "demo", "--anchor", &t.to_string()])
}

/// What the demo seeds, read from the scenario's own Python (not from warroom).
fn seeded(t: Timestamp) -> Value {
    let script = r#"
import json, sys
from scenarios import demo_changes, demo_health
T = float(sys.argv[1])
print(json.dumps({
    "changes": [[e["eventName"], e["eventTime"]] for e in demo_changes.events("us-east-1", T)],
    "health": [{"service": e["service"], "start": e.get("startTime"), "update": e.get("lastUpdatedTime"),
                "end": e.get("endTime"), "status": e["statusCode"]} for e in demo_health.events("us-east-1", T)],
}))
"#;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulator");
    let out = Command::new(python())
        .current_dir(&dir)
        .args(["-c", script, &t.as_second().to_string()])
        .output()
        .expect("the emulator's python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the scenario as JSON")
}

fn epoch(v: &Value) -> Option<Timestamp> {
    v.as_f64()
        .and_then(|s| Timestamp::from_millisecond((s * 1000.0).round() as i64).ok())
}

/// (time, source, text the row's event holds) for every seeded item in the window.
fn expected(t: Timestamp, window: (Timestamp, Timestamp)) -> Vec<(Timestamp, Source, String)> {
    let inside = |at: Timestamp| at >= window.0 && at <= window.1;
    let mut rows = Vec::new();
    // DescribeAlarmHistory StateUpdates, as scenarios/demo.py seeds them.
    for (name, offset, from, to) in [
        ("search-indexer-lag", -332, "OK", "INSUFFICIENT_DATA"),
        ("checkout-p99-latency", -298, "OK", "INSUFFICIENT_DATA"),
        ("checkout-p99-latency", -292, "INSUFFICIENT_DATA", "OK"),
        ("checkout-p99-latency", -107, "OK", "ALARM"),
        ("checkout-p99-latency", -105, "ALARM", "OK"),
        ("checkout-api-5xx", 0, "OK", "ALARM"),
        ("checkout-p99-latency", 2, "OK", "ALARM"),
        ("checkout-customer-impact", 2, "OK", "ALARM"),
    ] {
        rows.push((
            t + mins(offset),
            Source::Alarm,
            format!("{name} {from} → {to}"),
        ));
    }
    let seed = seeded(t);
    for change in seed["changes"].as_array().expect("changes") {
        let at = epoch(&change[1]).expect("an event time");
        let name = change[0].as_str().expect("an event name");
        rows.push((at, Source::Change, name.to_string()));
    }
    for event in seed["health"].as_array().expect("health events") {
        let service = event["service"].as_str().expect("a service");
        let (start, update, end) = (
            epoch(&event["start"]),
            epoch(&event["update"]),
            epoch(&event["end"]).filter(|_| event["status"] == "closed"),
        );
        if let Some(at) = start {
            rows.push((at, Source::Health, format!("{service} ")));
        }
        if let Some(at) = update.filter(|u| Some(*u) != start && Some(*u) != end) {
            rows.push((at, Source::Health, format!("{service} ")));
        }
        if let Some(at) = end {
            rows.push((at, Source::Health, format!("{service} ")));
        }
    }
    rows.push((t + mins(6), Source::Query, "/aws/ecs/checkout-api".into()));
    rows.push((t + mins(20), Source::Runbook, "restart sent".into()));
    rows.push((
        t + mins(21),
        Source::Runbook,
        "restart finished: Success".into(),
    ));
    rows.push((t - mins(1), Source::Marker, "started".into()));
    rows.push((t + mins(25), Source::Marker, "mitigated".into()));
    rows.push((
        t + mins(3),
        Source::Note,
        "paged the db team | by phone".into(),
    ));
    rows.retain(|(at, _, _)| inside(*at));
    rows.sort_by_key(|(at, _, _)| *at);
    rows
}

/// Every expected row matched by exactly one exported row (same time, source, text), and
/// nothing else exported.
fn assert_same_events(
    what: &str,
    got: &[(Timestamp, Source, String)],
    want: &[(Timestamp, Source, String)],
) {
    let mut unused: Vec<&(Timestamp, Source, String)> = got.iter().collect();
    for w in want {
        let found = unused
            .iter()
            .position(|g| g.0 == w.0 && g.1 == w.1 && g.2.contains(&w.2));
        match found {
            Some(i) => {
                unused.remove(i);
            }
            None => panic!("{what}: no row for {w:?}\nrows: {got:#?}"),
        }
    }
    assert!(unused.is_empty(), "{what}: rows nobody seeded: {unused:#?}");
    assert!(
        got.windows(2).all(|p| p[0].0 <= p[1].0),
        "{what}: rows out of time order: {got:#?}"
    );
}

/// The state dir of someone who ran a query and a runbook step during the demo incident,
/// and keeps its journal.
fn state_dir(t: Timestamp) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    let warroom = dir.path().join("warroom");
    let query = |account: &str, minute: i64, group: &str| PastQuery {
        account: account.into(),
        query: "fields @timestamp, @message\n| filter @message like /ERROR/".into(),
        log_groups: vec![group.into()],
        at: t + mins(minute),
        range: Some((t + mins(minute - 60), t + mins(minute))),
        rows: Some(42),
    };
    let queries = warroom.join("queries.jsonl");
    history::append(&queries, &query(ACCOUNT, 6, "/aws/ecs/checkout-api")).expect("a query");
    history::append(&queries, &query("999999999999", 7, "/other-account")).expect("a query");

    let mut log = AuditLog::open(&warroom.join(audit::FILE_NAME)).expect("the audit log");
    let intent = Intent {
        id: "i-1".into(),
        time: t + mins(20),
        runbook: "runbooks/checkout-5xx.md".into(),
        content_hash: audit::content_hash(b"runbook"),
        step: "restart".into(),
        parameters: BTreeMap::new(),
        document: "AWS-RunShellScript".into(),
        commands: "systemctl restart checkout-api".into(),
        targets: Targets::Tags(BTreeMap::from([(
            "Service".to_string(),
            vec!["checkout".to_string()],
        )])),
        max_concurrency: "1".into(),
        max_errors: "0".into(),
        timeout_seconds: 300,
        caller_arn: format!("arn:aws:sts::{ACCOUNT}:assumed-role/oncall/alice"),
        account: ACCOUNT.into(),
        region: "us-east-1".into(),
    };
    for record in [
        Record::Intent(Box::new(intent)),
        Record::Sent(Sent {
            intent: "i-1".into(),
            time: t + mins(20),
            command_id: "cmd-0abc".into(),
            resolved: None,
        }),
        Record::Finished(Finished {
            intent: "i-1".into(),
            time: t + mins(21),
            command_id: "cmd-0abc".into(),
            status: "Success".into(),
            instances: Vec::new(),
        }),
    ] {
        log.append(&record).expect("an audit record");
    }

    let mut journal = Journal::start(
        &warroom,
        "checkout-5xx",
        t - mins(1),
        Some(ACCOUNT.into()),
        Some("us-east-1".into()),
        "alice",
    )
    .expect("the incident");
    journal
        .add_note(t + mins(3), "paged the db team | by phone")
        .expect("a note");
    journal
        .mark(Marker::Mitigated, t + mins(25))
        .expect("a marker");
    // A pin of the 5xx alarm's transition: at 03:02, shown once beside the fetched one.
    journal
        .pin(TimelineEvent {
            time: t,
            source: Source::Alarm,
            what: "checkout-api-5xx OK → ALARM".into(),
            who: "CloudWatch".into(),
            detail: "pinned".into(),
            risky: false,
            key: format!("alarm:checkout-api-5xx@{t}"),
        })
        .expect("a pin");
    dir
}

fn md_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = vec![String::new()];
    let mut prev = ' ';
    for c in inner.chars() {
        if c == '|' && prev != '\\' {
            cells.push(String::new());
        } else if let Some(last) = cells.last_mut() {
            last.push(c);
        }
        prev = c;
    }
    cells
        .into_iter()
        .map(|c| c.trim().replace("\\|", "|").replace("<br>", "\n"))
        .collect()
}

fn utc_cell(text: &str) -> Timestamp {
    let bare = text
        .strip_suffix(" UTC")
        .unwrap_or_else(|| panic!("a time in UTC with its date: {text:?}"));
    jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S", bare)
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
        .to_zoned(TimeZone::UTC)
        .expect("UTC")
        .timestamp()
}

fn to_second(t: Timestamp) -> Timestamp {
    Timestamp::from_second(t.as_second()).expect("a time")
}

#[test]
fn the_demo_timeline_holds_every_seeded_event_in_time_order_in_md_jsonl_and_csv() {
    let t = anchor();
    let emulator = demo(t);
    let state = state_dir(t);
    let window = (
        t - SignedDuration::from_hours(6),
        t + SignedDuration::from_hours(1),
    );
    let want = expected(t, window);
    assert!(want.len() > 40, "the demo seeds a story: {}", want.len());
    let args = |format: &str| {
        vec![
            "timeline".to_string(),
            "--incident".into(),
            "checkout-5xx".into(),
            "--since".into(),
            window.0.to_string(),
            "--until".into(),
            window.1.to_string(),
            "--format".into(),
            format.into(),
        ]
    };

    // JSONL, to a file.
    let file = state.path().join("timeline.jsonl");
    let mut jsonl_args = args("jsonl");
    jsonl_args.extend(["-o".to_string(), file.display().to_string()]);
    let (out, stdout, stderr) = run(warroom(&emulator.url, state.path()).args(&jsonl_args));
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.is_empty(), "the export went to the file: {stdout}");
    let text = std::fs::read_to_string(&file).expect("the export file");
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let from_jsonl: Vec<(Timestamp, Source, String)> = lines
        .iter()
        .map(|l| {
            for field in ["message", "datetime", "timestamp_desc"] {
                assert!(l[field].is_string(), "Timesketch needs {field}: {l}");
            }
            (
                l["datetime"]
                    .as_str()
                    .and_then(|d| d.parse().ok())
                    .expect("ISO 8601"),
                l["source"]
                    .as_str()
                    .and_then(Source::parse)
                    .expect("a source"),
                l["what"].as_str().expect("what").to_string(),
            )
        })
        .collect();
    assert_same_events("jsonl", &from_jsonl, &want);
    let sg = lines
        .iter()
        .find(|l| {
            l["what"]
                .as_str()
                .is_some_and(|w| w.starts_with("RevokeSecurityGroupIngress"))
        })
        .expect("the SG change");
    assert_eq!(sg["who"], "alice");
    assert_eq!(sg["risky"], true);
    assert_eq!(
        sg["datetime"]
            .as_str()
            .and_then(|d| d.parse::<Timestamp>().ok()),
        Some(t - mins(4)),
        "02:58"
    );
    assert!(
        !text.contains("/other-account"),
        "another account's query stays out"
    );

    // CSV on stdout.
    let (out, stdout, stderr) = run(warroom(&emulator.url, state.path()).args(args("csv")));
    assert!(out.status.success(), "{stderr}");
    let csv_rows = common::timesketch::read_csv(stdout.as_bytes())
        .unwrap_or_else(|e| panic!("Timesketch refuses the CSV: {e}"));
    let from_csv: Vec<(Timestamp, Source, String)> = csv_rows
        .iter()
        .map(|r| {
            (
                r["datetime"].parse().expect("an ISO 8601 time"),
                Source::parse(&r["source"]).expect("a source"),
                r["what"].to_string(),
            )
        })
        .collect();
    assert_eq!(from_csv, from_jsonl, "the CSV holds the same rows");
    let jsonl_rows = common::timesketch::read_jsonl(&text)
        .unwrap_or_else(|e| panic!("Timesketch refuses the JSONL: {e}"));
    assert_eq!(jsonl_rows.len(), csv_rows.len());
    for (json_row, csv_row) in jsonl_rows.iter().zip(&csv_rows) {
        let mut keys: Vec<&String> = json_row.keys().collect();
        keys.sort();
        assert_eq!(keys, csv_row.keys().collect::<Vec<_>>(), "the same columns");
        for column in ["datetime", "timestamp", "timestamp_desc", "source", "risky"] {
            let json_value = match &json_row[column] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(json_value, csv_row[column], "{column} is the same in both");
        }
    }

    // Markdown on stdout: header, then the same rows with UTC dates.
    let (out, stdout, stderr) = run(warroom(&emulator.url, state.path()).args(args("md")));
    assert!(out.status.success(), "{stderr}");
    let utc = warroom::time::utc;
    for line in [
        "# Incident checkout-5xx: timeline".to_string(),
        format!("- **Account:** {ACCOUNT}"),
        "- **Region:** us-east-1".to_string(),
        format!("- **Started:** {}", utc(t - mins(1))),
        format!(
            "- **Detected:** {} (after 1m 00s; first alarm: checkout-api-5xx OK → ALARM)",
            utc(t)
        ),
        format!("- **Mitigated:** {} (after 26m 00s)", utc(t + mins(25))),
        format!("- **Events:** {}", want.len()),
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "missing {line:?}:\n{stdout}"
        );
    }
    let from_md: Vec<(Timestamp, Source, String)> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("|---"))
        .skip(1)
        .map(|l| {
            let cells = md_cells(l);
            assert_eq!(cells.len(), 5, "five cells: {l}");
            (
                utc_cell(&cells[0]),
                Source::parse(&cells[1]).expect("a source"),
                cells[2].trim_start_matches("⚠ ").to_string(),
            )
        })
        .collect();
    let seconds: Vec<(Timestamp, Source, String)> = from_jsonl
        .iter()
        .map(|(at, s, w)| (to_second(*at), *s, w.clone()))
        .collect();
    assert_eq!(from_md, seconds, "the Markdown holds the same rows");
}

#[test]
fn a_source_that_fails_is_named_and_the_rest_is_still_exported() {
    let t = anchor();
    let emulator = demo(t);
    emulator.fault(json!({"operation": "DescribeAlarmHistory",
        "error": {"code": "AccessDenied", "message": "not authorized", "status": 403}}));
    let state = tempfile::tempdir().expect("a temp dir");
    let (out, stdout, stderr) = run(warroom(&emulator.url, state.path()).args([
        "timeline",
        "--since",
        &(t - SignedDuration::from_hours(1)).to_string(),
        "--until",
        &(t + mins(10)).to_string(),
    ]));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("timeline without alarms") && stderr.contains("DescribeAlarmHistory"),
        "{stderr}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("- **Missing source:** alarms")),
        "{stdout}"
    );
    assert!(
        stdout.contains("| change | ⚠ RevokeSecurityGroupIngress"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| health | EC2 operational issue began"),
        "{stdout}"
    );
    assert!(!stdout.contains("| alarm |"), "{stdout}");
}

#[test]
fn an_unknown_incident_and_a_bad_window_are_refused() {
    let emulator = Emulator::start();
    let state = tempfile::tempdir().expect("a temp dir");
    let (out, _, stderr) =
        run(warroom(&emulator.url, state.path()).args(["timeline", "--incident", "nope"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("no incident named `nope`"), "{stderr}");
    let (out, _, stderr) =
        run(warroom(&emulator.url, state.path()).args(["timeline", "--since", "soon"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("`soon` is not a time"), "{stderr}");
}

#[test]
fn triage_exits_2_while_the_demo_alarms_fire() {
    let emulator = demo(anchor());
    let state = tempfile::tempdir().expect("a temp dir");
    let (out, stdout, stderr) = run(warroom(&emulator.url, state.path()).args(["triage"]));
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(stdout.contains("ALARMS IN ALARM (3)"), "{stdout}");
    assert!(stdout.contains("● checkout-api-5xx"), "{stdout}");
    assert!(
        stdout.contains("OPEN HEALTH ISSUES, us-east-1 (1)"),
        "{stdout}"
    );
    assert!(stdout.contains("use1-az4"), "{stdout}");

    let (out, stdout, _) =
        run(warroom(&emulator.url, state.path())
            .args(["triage", "--since", "24h", "--format", "json"]));
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let risky: Vec<&str> = json["risky_changes"]["items"]
        .as_array()
        .expect("risky changes")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(risky.contains(&"RevokeSecurityGroupIngress"), "{risky:?}");
    assert!(
        !risky.contains(&"PutDashboard"),
        "only risky ones: {risky:?}"
    );
    assert_eq!(json["alarms"]["items"].as_array().map(Vec::len), Some(3));
}

#[test]
fn triage_exits_0_when_calm_and_1_when_the_alarms_cannot_be_read() {
    let emulator = Emulator::start();
    let state = tempfile::tempdir().expect("a temp dir");
    let (out, stdout, stderr) = run(warroom(&emulator.url, state.path()).args(["triage"]));
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("ALARMS IN ALARM (0)"), "{stdout}");

    emulator.fault(json!({"operation": "DescribeAlarms",
        "error": {"code": "AccessDenied", "message": "not authorized", "status": 403}}));
    let (out, stdout, stderr) = run(warroom(&emulator.url, state.path()).args(["triage"]));
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stdout.contains("ALARMS IN ALARM (unknown)"), "{stdout}");
    assert!(
        stdout.contains("error: ") && stdout.contains("DescribeAlarms"),
        "{stdout}"
    );
    assert!(
        stdout.contains("OPEN HEALTH ISSUES, us-east-1 (0)"),
        "the other sections still answer: {stdout}"
    );
}
