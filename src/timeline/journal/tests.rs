use std::io::Write;

use super::*;
use crate::timeline::merge::merge;

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn started(dir: &Path) -> Journal {
    Journal::start(
        dir,
        "checkout-5xx",
        t("2026-11-23T03:00:00Z"),
        Some("123456789012".into()),
        Some("us-east-1".into()),
        "alice",
    )
    .unwrap()
}

fn sg_change() -> TimelineEvent {
    TimelineEvent {
        time: t("2026-11-23T02:58:00Z"),
        source: Source::Change,
        what: "RevokeSecurityGroupIngress sg-0db5".into(),
        who: "alice".into(),
        detail: "ec2.amazonaws.com".into(),
        risky: true,
        key: "change:c7e1".into(),
    }
}

#[test]
fn a_torn_last_line_loads_everything_before_it_with_a_warning_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = started(dir.path());
    journal
        .add_note(t("2026-11-23T03:05:00Z"), "paged db team")
        .unwrap();
    journal
        .mark(Marker::Detected, t("2026-11-23T03:03:00Z"))
        .unwrap();
    let path = journal.path().to_path_buf();
    drop(journal);
    OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(br#"{"record":"note_added","recorded":"2026-11-23T03:1"#)
        .unwrap();

    let loaded = load(&path).unwrap();
    assert_eq!(loaded.entries.len(), 3, "started, the note, the marker");
    let warning = loaded.warning.expect("a warning");
    assert!(
        warning.starts_with(&format!("{}:4:", path.display())),
        "{warning}"
    );

    // Writing again moves the torn bytes aside and the journal reads clean afterwards.
    let (mut journal, warning) = Journal::open(dir.path(), "checkout-5xx", "bob").unwrap();
    assert!(warning.is_some());
    journal
        .add_note(t("2026-11-23T03:20:00Z"), "rolled back")
        .unwrap();
    drop(journal);
    let loaded = load(&path).unwrap();
    assert_eq!(loaded.warning, None);
    let texts: Vec<String> = fold(&path, &loaded.entries)
        .unwrap()
        .notes
        .into_iter()
        .map(|n| n.text)
        .collect();
    assert_eq!(texts, ["paged db team", "rolled back"]);
    let torn =
        std::fs::read_to_string(dir.path().join("incidents/checkout-5xx/journal.jsonl.torn"))
            .unwrap();
    assert!(torn.contains("2026-11-23T03:1"), "{torn}");
}

#[test]
fn a_bad_line_before_the_last_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = started(dir.path());
    let path = journal.path().to_path_buf();
    journal.add_note(t("2026-11-23T03:05:00Z"), "one").unwrap();
    drop(journal);
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("\n", "\nnot json\n", 1);
    std::fs::write(&path, broken).unwrap();
    let error = load(&path).unwrap_err().to_string();
    assert!(
        error.starts_with(&format!("{}:2: not a journal record", path.display())),
        "{error}"
    );
    let error = read(dir.path(), "checkout-5xx").unwrap_err().to_string();
    assert!(error.contains(":2:"), "{error}");
}

#[test]
fn notes_survive_a_restart_with_their_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = started(dir.path());
    let first = journal
        .add_note(t("2026-11-23T03:10:00Z"), "db unreachable")
        .unwrap();
    let second = journal
        .add_note(t("2026-11-23T02:58:30Z"), "alice revoked the db SG rule")
        .unwrap();
    journal
        .edit_note(&first, "db unreachable from checkout-api only")
        .unwrap();
    let third = journal.add_note(t("2026-11-23T03:12:00Z"), "typo").unwrap();
    journal.delete_note(&third).unwrap();
    assert!(
        journal.edit_note(&third, "again").is_err(),
        "a deleted note cannot be edited"
    );
    drop(journal);

    let (incident, warning) = read(dir.path(), "checkout-5xx").unwrap();
    assert_eq!(warning, None);
    let notes: Vec<(&str, &str)> = incident
        .notes
        .iter()
        .map(|n| (n.id.as_str(), n.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (second.as_str(), "alice revoked the db SG rule"),
            (first.as_str(), "db unreachable from checkout-api only")
        ],
        "in time order, edits applied, the deleted one gone"
    );
    assert_eq!(incident.notes[1].history, ["db unreachable"]);
    assert_eq!(incident.deleted.len(), 1);
    assert_eq!(incident.notes[1].who, "alice");

    let (mut journal, _) = Journal::open(dir.path(), "checkout-5xx", "bob").unwrap();
    let fourth = journal.add_note(t("2026-11-23T03:30:00Z"), "next").unwrap();
    assert!(
        ![&first, &second, &third].contains(&&fourth),
        "ids are never reused: {fourth}"
    );
    let rows = events(journal.incident());
    assert!(
        rows.iter()
            .any(|r| r.source == Source::Note && r.what == "next" && r.who == "bob")
    );
}

#[test]
fn a_pin_keeps_the_items_own_time_and_shows_once_beside_the_fetched_item() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = started(dir.path());
    journal.pin(sg_change()).unwrap();
    drop(journal);
    let (incident, _) = read(dir.path(), "checkout-5xx").unwrap();
    let rows = events(&incident);
    let pinned = rows.iter().find(|r| r.key == "change:c7e1").unwrap();
    assert_eq!(pinned.time, t("2026-11-23T02:58:00Z"));
    assert!(
        pinned.time < incident.started,
        "before the incident started"
    );

    let merged = merge(vec![vec![sg_change()], rows]);
    assert_eq!(merged.iter().filter(|r| r.key == "change:c7e1").count(), 1);
    assert_eq!(merged[0].key, "change:c7e1", "02:58 comes first");
}

#[test]
fn key_times_come_from_markers_else_from_the_first_alarm_to_fire() {
    let dir = tempfile::tempdir().unwrap();
    let mut journal = started(dir.path());
    let firing = |minute: &str, name: &str| TimelineEvent {
        time: t(&format!("2026-11-23T03:{minute}:00Z")),
        source: Source::Alarm,
        what: format!("{name} OK → ALARM"),
        who: "CloudWatch".into(),
        detail: String::new(),
        risky: false,
        key: format!("alarm:{name}"),
    };
    let rows = vec![
        firing("04", "checkout-p99-latency"),
        firing("02", "checkout-api-5xx"),
    ];
    let times = KeyTimes::derive(journal.incident(), &rows);
    assert_eq!(times.detected, Some(t("2026-11-23T03:02:00Z")));
    assert_eq!(
        times.detected_by_alarm.as_deref(),
        Some("checkout-api-5xx OK → ALARM")
    );
    assert_eq!(times.time_to_detect(), Some(SignedDuration::from_mins(2)));
    assert_eq!(times.time_to_mitigate(), None);

    // Back-dated markers win over alarms, and the start itself can be corrected.
    journal
        .mark(Marker::Started, t("2026-11-23T02:58:00Z"))
        .unwrap();
    journal
        .mark(Marker::Detected, t("2026-11-23T03:01:00Z"))
        .unwrap();
    journal
        .mark(Marker::Mitigated, t("2026-11-23T03:25:00Z"))
        .unwrap();
    journal
        .mark(Marker::Resolved, t("2026-11-23T03:40:00Z"))
        .unwrap();
    let times = KeyTimes::derive(journal.incident(), &rows);
    assert_eq!(times.time_to_detect(), Some(SignedDuration::from_mins(3)));
    assert_eq!(times.detected_by_alarm, None);
    assert_eq!(
        times.time_to_mitigate(),
        Some(SignedDuration::from_mins(27))
    );
    assert_eq!(times.time_to_resolve(), Some(SignedDuration::from_mins(42)));
}

#[test]
fn incidents_are_listed_latest_first_and_one_writer_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let first = started(dir.path());
    let later = Journal::start(
        dir.path(),
        "payments-lag",
        t("2026-11-24T10:00:00Z"),
        None,
        None,
        "bob",
    )
    .unwrap();
    drop(later);
    let listed: Vec<String> = list(dir.path()).into_iter().map(|s| s.name).collect();
    assert_eq!(listed, ["payments-lag", "checkout-5xx"]);

    let error = Journal::open(dir.path(), "checkout-5xx", "bob").unwrap_err();
    assert!(matches!(error, JournalError::Locked(_)), "{error}");
    drop(first);
    assert!(Journal::open(dir.path(), "checkout-5xx", "bob").is_ok());
    assert!(matches!(
        Journal::start(
            dir.path(),
            "checkout-5xx",
            t("2026-11-23T03:00:00Z"),
            None,
            None,
            "x"
        ),
        Err(JournalError::Exists(_))
    ));
    for bad in ["../etc", ".hidden", "a b", ""] {
        assert!(
            matches!(journal_path(dir.path(), bad), Err(JournalError::BadName(_))),
            "{bad:?}"
        );
    }
    assert!(matches!(
        read(dir.path(), "nope"),
        Err(JournalError::NotFound(_))
    ));
}

#[test]
fn a_complete_last_line_that_is_not_utf8_is_invalid_not_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let journal = started(dir.path());
    let path = journal.path().to_path_buf();
    drop(journal);
    OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(b"{\"record\":\"note_deleted\",\"recorded\":\"2026-11-23T03:10:00Z\",\"id\":\"n\xc3\",\"who\":\"x\"}\n")
        .unwrap();
    let error = load(&path).unwrap_err().to_string();
    assert_eq!(
        error,
        format!(
            "{}:2: not a journal record (not UTF-8 text: an invalid byte at column 67); fix or remove that line",
            path.display()
        )
    );
    // Cut short in the middle of a character, it is a torn line as before.
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - 13]).unwrap();
    let loaded = load(&path).unwrap();
    assert!(
        loaded
            .warning
            .is_some_and(|w| w.contains(":2: the last line is not a complete record")),
    );
}
