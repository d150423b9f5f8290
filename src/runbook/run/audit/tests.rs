use std::collections::BTreeMap;

use super::*;

fn time() -> Timestamp {
    "2026-11-23T03:20:00Z".parse().unwrap()
}

fn intent(id: &str) -> Intent {
    Intent {
        id: id.to_string(),
        time: time(),
        runbook: "runbooks/checkout-5xx.md".into(),
        content_hash: content_hash(b"runbook"),
        step: "restart".into(),
        parameters: BTreeMap::from([("service".to_string(), "checkout".to_string())]),
        document: "AWS-RunShellScript".into(),
        commands: "systemctl restart 'checkout-api'".into(),
        targets: Targets::Tags(BTreeMap::from([(
            "Service".to_string(),
            vec!["checkout".to_string()],
        )])),
        max_concurrency: "1".into(),
        max_errors: "0".into(),
        timeout_seconds: 300,
        caller_arn: "arn:aws:sts::123456789012:assumed-role/oncall/alice".into(),
        account: "123456789012".into(),
        region: "us-east-1".into(),
    }
}

fn sent(id: &str, command_id: &str) -> Record {
    Record::Sent(Sent {
        intent: id.into(),
        time: time(),
        command_id: command_id.into(),
        resolved: None,
    })
}

fn finished(id: &str, command_id: &str) -> Record {
    Record::Finished(Finished {
        intent: id.into(),
        time: time(),
        command_id: command_id.into(),
        status: "Success".into(),
        instances: vec![InstanceStatus {
            instance_id: "i-0123456789abcdef0".into(),
            status: "Success".into(),
        }],
    })
}

#[test]
fn records_come_back_in_the_order_written_one_line_each() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state/warroom").join(FILE_NAME);
    let written = vec![
        Record::Intent(Box::new(intent("a"))),
        sent("a", "cmd-1"),
        finished("a", "cmd-1"),
        Record::Acknowledged(StepEvent {
            time: time(),
            runbook: "runbooks/checkout-5xx.md".into(),
            content_hash: content_hash(b"runbook"),
            step: "Review the security group change".into(),
            caller_arn: "arn:aws:iam::123456789012:user/alice".into(),
        }),
    ];
    let mut log = AuditLog::open(&path).unwrap();
    for record in &written {
        log.append(record).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with(r#"{"record":"intent","id":"a""#)
    );
    assert_eq!(
        read(&path).unwrap(),
        AuditRead {
            records: written,
            warnings: vec![]
        }
    );
}

#[test]
fn opening_again_keeps_every_line_already_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let mut log = AuditLog::open(&path).unwrap();
        log.append(&Record::Intent(Box::new(intent("a")))).unwrap();
    }
    let mut log = AuditLog::open(&path).unwrap();
    log.append(&sent("a", "cmd-1")).unwrap();
    assert_eq!(read(&path).unwrap().records.len(), 2);
}

#[test]
fn a_torn_last_line_is_a_warning_with_its_line_and_nothing_before_it_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let mut log = AuditLog::open(&path).unwrap();
        log.append(&Record::Intent(Box::new(intent("a")))).unwrap();
        log.append(&sent("a", "cmd-1")).unwrap();
    }
    let mut file = OpenOptions::new().append(true).open(&path).unwrap();
    file.write_all(br#"{"record":"finished","intent":"a","ti"#)
        .unwrap();
    drop(file);

    let torn = read(&path).unwrap();
    assert_eq!(
        torn.records,
        vec![Record::Intent(Box::new(intent("a"))), sent("a", "cmd-1")]
    );
    assert_eq!(torn.warnings.len(), 1);
    assert!(
        torn.warnings[0].contains(&format!("{}:3:", path.display())),
        "{:?}",
        torn.warnings
    );

    let mut log = AuditLog::open(&path).unwrap();
    log.append(&finished("a", "cmd-1")).unwrap();
    let repaired = read(&path).unwrap();
    assert_eq!(
        repaired.records.len(),
        3,
        "the record after the torn line is whole"
    );
    assert_eq!(repaired.records[2], finished("a", "cmd-1"));
    assert_eq!(repaired.warnings.len(), 1);
}

#[test]
fn a_missing_file_is_an_empty_log() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        read(&dir.path().join("none.jsonl")).unwrap(),
        AuditRead::default()
    );
}

#[test]
fn only_one_writer_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let first = AuditLog::open(&path).unwrap();
    let second = AuditLog::open(&path).unwrap_err();
    assert!(second.contains("another warroom is writing"), "{second}");
    drop(first);
    assert!(AuditLog::open(&path).is_ok());
}

#[test]
fn in_flight_are_the_sent_intents_that_never_finished() {
    let records = vec![
        Record::Intent(Box::new(intent("done"))),
        sent("done", "cmd-1"),
        finished("done", "cmd-1"),
        Record::Intent(Box::new(intent("running"))),
        sent("running", "cmd-2"),
        Record::Intent(Box::new(intent("never-sent"))),
    ];
    let flying = in_flight(&records);
    assert_eq!(flying.len(), 1);
    assert_eq!(flying[0].intent.id, "running");
    assert_eq!(flying[0].command_id, "cmd-2");
}

#[test]
fn the_content_hash_is_sha256_in_hex() {
    assert_eq!(
        content_hash(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn intent_ids_differ_within_one_millisecond() {
    assert_ne!(new_intent_id(time()), new_intent_id(time()));
}

#[test]
fn intent_ids_carry_random_bits_and_say_they_are_in_the_comment() {
    let a = new_intent_id(time());
    let b = new_intent_id(time());
    let random = |id: &str| id.rsplit('-').next().unwrap_or_default().to_string();
    assert_ne!(random(&a), random(&b), "{a} {b}");
    assert!(a.starts_with(&format!(
        "{}-{}-",
        time().as_millisecond(),
        std::process::id()
    )));
    assert!(id_is_in_comment(&a), "{a}");
    assert!(
        !id_is_in_comment("1763868000000-4242-0"),
        "an id from before"
    );
    assert!(!id_is_in_comment("killed-1"));
}

#[test]
fn unresolved_are_the_intents_with_no_sent_not_sent_or_finished_record() {
    let id = |n: u8| format!("1763868000000-42-{n}-{:016x}", n);
    let at = |s: &str| -> Timestamp { s.parse().unwrap() };
    let records = vec![
        Record::Intent(Box::new(intent(&id(0)))),
        sent(&id(0), "cmd-0"),
        Record::Intent(Box::new(intent(&id(1)))),
        Record::OutcomeUnknown(OutcomeUnknown {
            intent: id(1),
            time: at("2026-11-23T03:21:00Z"),
            reason: "SendCommand gave no answer: ssm:SendCommand timed out.".into(),
        }),
        Record::Intent(Box::new(intent(&id(2)))),
        Record::NotSent(NotSent {
            intent: id(2),
            time: time(),
            reason: "SSM refused it".into(),
        }),
        Record::Intent(Box::new(intent(&id(3)))),
        Record::Intent(Box::new(intent(&id(4)))),
        Record::Interrupted(Interrupted {
            intent: id(4),
            time: at("2026-11-23T03:22:00Z"),
            signal: 15,
            command_id: None,
        }),
        Record::Intent(Box::new(intent(&id(5)))),
        Record::Interrupted(Interrupted {
            intent: id(5),
            time: time(),
            signal: 1,
            command_id: Some("cmd-5".into()),
        }),
        Record::Intent(Box::new(intent("1763868000000-42-9"))),
    ];
    let open = unresolved(&records);
    let ids: Vec<&str> = open.iter().map(|u| u.intent.id.as_str()).collect();
    assert_eq!(ids, [id(1), id(3), id(4)]);
    assert_eq!(open[0].since, at("2026-11-23T03:21:00Z"));
    assert!(
        open[0]
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("timed out")
    );
    assert_eq!(open[1].since, time(), "only the intent: since its time");
    assert_eq!(open[1].reason, None);
    assert!(
        open[2]
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("signal 15")
    );
    let flying = in_flight(&records);
    let flying: Vec<(&str, &str)> = flying
        .iter()
        .map(|f| (f.intent.id.as_str(), f.command_id.as_str()))
        .collect();
    assert_eq!(
        flying,
        [(id(0).as_str(), "cmd-0"), (id(5).as_str(), "cmd-5")]
    );
}

#[test]
fn new_records_read_back_as_written_and_old_sent_records_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let written = vec![
        Record::OutcomeUnknown(OutcomeUnknown {
            intent: "a".into(),
            time: time(),
            reason: "no answer".into(),
        }),
        Record::Sent(Sent {
            intent: "a".into(),
            time: time(),
            command_id: "cmd-1".into(),
            resolved: Some("found by ListCommands".into()),
        }),
        Record::NotSent(NotSent {
            intent: "b".into(),
            time: time(),
            reason: "refused".into(),
        }),
        Record::Interrupted(Interrupted {
            intent: "c".into(),
            time: time(),
            signal: 15,
            command_id: None,
        }),
    ];
    let mut log = AuditLog::open(&path).unwrap();
    for record in &written {
        log.append(record).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with(r#"{"record":"outcome_unknown","intent":"a""#),
        "{text}"
    );
    assert!(text.contains(r#"{"record":"not_sent","#), "{text}");
    assert!(text.contains(r#""signal":15"#), "{text}");
    assert_eq!(read(&path).unwrap().records, written);
    let old: Record = serde_json::from_str(
        r#"{"record":"sent","intent":"a","time":"2026-11-23T03:20:00Z","command_id":"cmd-1"}"#,
    )
    .unwrap();
    assert_eq!(old, sent("a", "cmd-1"));
}

#[test]
fn a_shared_writer_appends_under_the_same_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let mut log = AuditLog::open(&path).unwrap();
    let mut side = log.share().unwrap();
    log.append(&Record::Intent(Box::new(intent("a")))).unwrap();
    side.append(&sent("a", "cmd-1")).unwrap();
    assert!(AuditLog::open(&path).is_err(), "still locked");
    assert_eq!(read(&path).unwrap().records.len(), 2);
}

#[test]
fn the_timeline_reads_how_a_send_was_settled_or_left() {
    let note = |record: Record| {
        let note = record.send_note().unwrap();
        (note.what, note.detail, note.kind)
    };
    assert_eq!(
        note(Record::NotSent(NotSent {
            intent: "a".into(),
            time: time(),
            reason: "SSM refused it".into(),
        })),
        ("not sent".into(), "SSM refused it".into(), "not_sent")
    );
    assert_eq!(
        note(Record::Interrupted(Interrupted {
            intent: "a".into(),
            time: time(),
            signal: 1,
            command_id: None,
        })),
        (
            "left in flight by signal 1".into(),
            "SendCommand had not answered".into(),
            "interrupted"
        )
    );
    assert_eq!(sent("a", "cmd-1").send_note(), None);
}
