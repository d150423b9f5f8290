//! Sends whose answer never came: looked up by the intent id in the Comment, adopted when
//! found, not sent only after the settle delay, unknown (and never sent again) when the
//! lookup fails.

use super::*;
use crate::runbook::run::audit::{NotSent, OutcomeUnknown};

fn timed_out() -> AwsError {
    AwsError {
        kind: ErrorKind::Timeout,
        code: None,
        message: "ssm:SendCommand timed out.".into(),
    }
}

fn listed(command_id: &str) -> ListedCommand {
    ListedCommand {
        command_id: command_id.into(),
        comment: "warroom intent-1 checkout-5xx.md restart".into(),
        requested: None,
        status: "InProgress".into(),
    }
}

fn kinds(audit: &Capture) -> Vec<&'static str> {
    audit
        .records
        .iter()
        .map(|r| match r {
            Record::Intent(_) => "intent",
            Record::Sent(_) => "sent",
            Record::OutcomeUnknown(_) => "outcome_unknown",
            Record::NotSent(_) => "not_sent",
            Record::Finished(_) => "finished",
            _ => "other",
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn the_comment_carries_the_intent_id_then_the_runbook_and_step() {
    let journal = Arc::default();
    let fleet = Scripted::new(&journal, vec![vec![("i-1", Success)]]);
    let mut audit = Capture::new(&journal);
    run(&fleet, &mut audit, &CancelSignal::new())
        .await
        .0
        .unwrap();
    assert_eq!(
        fleet.comments.lock().unwrap().as_slice(),
        ["warroom intent-1 checkout-5xx.md restart"]
    );
}

#[tokio::test(start_paused = true)]
async fn a_send_whose_answer_never_came_is_found_by_its_id_and_followed() {
    let journal = Arc::default();
    let fleet = Scripted::new(
        &journal,
        vec![vec![("i-1", InProgress)], vec![("i-1", Success)]],
    );
    *fleet.send.lock().unwrap() = Some(Err(timed_out()));
    *fleet.lookups.lock().unwrap() = vec![Ok(Some(listed("cmd-found")))];
    let mut audit = Capture::new(&journal);
    let (result, seen) = run(&fleet, &mut audit, &CancelSignal::new()).await;
    let outcome = result.unwrap();
    assert_eq!(outcome.command_id, "cmd-found");
    assert_eq!(outcome.status, CommandStatus::Success);
    assert_eq!(fleet.calls("send"), 1, "never sent twice");
    assert_eq!(
        kinds(&audit),
        ["intent", "outcome_unknown", "sent", "finished"]
    );
    let Record::Sent(sent) = &audit.records[2] else {
        unreachable!()
    };
    assert_eq!(sent.command_id, "cmd-found");
    let how = sent.resolved.as_deref().unwrap_or_default();
    assert!(how.contains("found by ListCommands"), "{how}");
    assert!(how.contains("ssm:SendCommand timed out."), "{how}");
    assert!(seen.contains(&Progress::OutcomeUnknown { error: timed_out() }));
    assert!(seen.contains(&Progress::Found {
        command_id: "cmd-found".into()
    }));
}

#[tokio::test(start_paused = true)]
async fn not_found_is_not_sent_only_once_the_settle_delay_has_passed() {
    let journal = Arc::default();
    let fleet = Scripted::new(&journal, vec![vec![]]);
    *fleet.send.lock().unwrap() = Some(Err(timed_out()));
    let mut audit = Capture::new(&journal);
    let started = tokio::time::Instant::now();
    let (result, _) = run(&fleet, &mut audit, &CancelSignal::new()).await;
    let waited = started.elapsed();
    let message = result.unwrap_err().to_string();
    assert!(waited >= quick().settle, "{waited:?}");
    assert!(fleet.calls("lookup") > 2, "asked again while the delay ran");
    assert!(message.starts_with("Not sent:"), "{message}");
    assert!(
        message.contains("comment starts with `warroom intent-1`"),
        "{message}"
    );
    assert!(!message.contains("Nothing was sent"), "{message}");
    assert_eq!(kinds(&audit), ["intent", "outcome_unknown", "not_sent"]);
    let Record::NotSent(NotSent { reason, .. }) = &audit.records[2] else {
        unreachable!()
    };
    assert!(
        reason.contains("no command carrying this intent's id"),
        "{reason}"
    );
    assert_eq!(fleet.calls("send"), 1);
    assert_eq!(fleet.calls("list"), 0);
}

#[tokio::test(start_paused = true)]
async fn a_lookup_that_fails_leaves_it_unknown_and_a_retry_looks_again_without_sending() {
    let journal = Arc::default();
    let fleet = Scripted::new(&journal, vec![vec![("i-1", Success)]]);
    *fleet.send.lock().unwrap() = Some(Err(timed_out()));
    let denied = AwsError {
        kind: ErrorKind::AccessDenied,
        code: Some("AccessDeniedException".into()),
        message:
            "Access denied (AccessDeniedException): the credentials in use lack ssm:ListCommands."
                .into(),
    };
    *fleet.lookups.lock().unwrap() = vec![Err(denied), Ok(Some(listed("cmd-late")))];
    let mut audit = Capture::new(&journal);
    let (result, _) = run(&fleet, &mut audit, &CancelSignal::new()).await;
    let error = result.unwrap_err();
    let message = error.to_string();
    assert!(message.starts_with("Outcome unknown:"), "{message}");
    assert!(message.contains("lack ssm:ListCommands"), "{message}");
    assert!(message.contains("warroom intent-1"), "{message}");
    assert!(!message.contains("Nothing was sent"), "{message}");
    assert_eq!(
        kinds(&audit),
        ["intent", "outcome_unknown", "outcome_unknown"]
    );
    let Record::OutcomeUnknown(OutcomeUnknown { reason, .. }) = &audit.records[2] else {
        unreachable!()
    };
    assert!(reason.contains("looking the command up failed"), "{reason}");

    let look_up = error.into_look_up().expect("an unknown outcome to look up");
    let outcome = follow_unknown(
        &fleet,
        &mut audit,
        look_up,
        quick(),
        &CancelSignal::new(),
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(outcome.command_id, "cmd-late");
    assert_eq!(
        fleet.calls("send"),
        1,
        "the retry looked it up and sent nothing"
    );
    assert_eq!(
        kinds(&audit)[3..],
        ["sent", "finished"],
        "{:?}",
        audit.records
    );
}

#[tokio::test(start_paused = true)]
async fn the_next_start_adopts_found_sends_and_records_the_missing_ones_not_sent() {
    use crate::runbook::run::audit::Unresolved;
    let journal = Arc::default();
    let fleet = Scripted::new(&journal, vec![vec![]]);
    *fleet.lookups.lock().unwrap() = vec![Ok(Some(listed("cmd-ran"))), Ok(None)];
    let mut audit = Capture::new(&journal);
    let mut other = intent();
    other.id = "intent-2".into();
    let unresolved = [
        Unresolved {
            intent: intent(),
            since: Timestamp::UNIX_EPOCH,
            reason: None,
        },
        Unresolved {
            intent: other,
            since: Timestamp::UNIX_EPOCH,
            reason: Some("SendCommand gave no answer: ssm:SendCommand timed out.".into()),
        },
    ];
    let results = resolve_unresolved(&fleet, &mut audit, &unresolved, quick().settle).await;
    let Resolved::Adopted { flight, .. } = &results[0].1 else {
        panic!("{:?}", results[0].1)
    };
    assert_eq!(flight.command_id, "cmd-ran");
    assert!(
        matches!(results[1].1, Resolved::NotSent { .. }),
        "{:?}",
        results[1].1
    );
    assert_eq!(kinds(&audit), ["sent", "not_sent"]);
    assert_eq!(fleet.calls("send"), 0);
    assert_eq!(
        fleet.calls("lookup"),
        2,
        "long past the settle delay: asked once each"
    );
}

#[tokio::test(start_paused = true)]
async fn a_stop_signal_mid_command_writes_it_down_as_left_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let mut log = crate::runbook::run::audit::AuditLog::open(&path).unwrap();
    let journal = Arc::default();
    let fleet = Scripted::new(
        &journal,
        vec![vec![("i-1", InProgress)], vec![("i-1", Success)]],
    );
    let mut notes = Vec::new();
    let outcome = run_command(
        &fleet,
        &mut log,
        intent(),
        request(),
        quick(),
        &CancelSignal::new(),
        |p| {
            if matches!(p, Progress::Polled { .. }) && notes.is_empty() {
                notes = interrupted(15);
            }
        },
    )
    .await
    .unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("command cmd-1 was running: recorded in")),
        "{notes:?}"
    );
    let records = crate::runbook::run::audit::read(&path).unwrap().records;
    let left = records.iter().find_map(|r| match r {
        Record::Interrupted(i) if i.intent == "intent-1" => Some(i.clone()),
        _ => None,
    });
    let left = left.unwrap_or_else(|| panic!("{records:?}"));
    assert_eq!(left.signal, 15);
    assert_eq!(left.command_id.as_deref(), Some("cmd-1"));
    assert_eq!(outcome.command_id, "cmd-1");
    assert!(
        interrupted(15).iter().all(|n| !n.contains("cmd-1")),
        "a run that ended is no longer in flight"
    );
}
