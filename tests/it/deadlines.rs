//! A source that keeps failing or never answers does not hold up the others: `warroom triage`
//! and `warroom timeline` against the demo with AWS Health answering HTTP 500 every time, or
//! not at all, still show the alarms and the changes, name Health's failure, and finish.

use crate::common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::json;

use common::emulator::Emulator;

/// Far longer than any deadline here: only a hang trips it.
const GUARD: Duration = Duration::from_secs(60);

struct Finished {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn warroom(emulator: &Emulator, state: &std::path::Path, args: &[&str]) -> Command {
    let mut cmd = common::binary::warroom(Some(state));
    cmd.args(["--endpoint-url", &emulator.url, "--region", "us-east-1"])
        .args(args);
    cmd
}

/// Starts the command; `finish` waits for it, failing the test when it runs past `GUARD`.
fn start(mut cmd: Command) -> (u32, mpsc::Receiver<Finished>) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("warroom starts");
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut stdout = String::new();
        let mut stderr = String::new();
        if let Some(mut out) = child.stdout.take() {
            let _ = out.read_to_string(&mut stdout);
        }
        if let Some(mut err) = child.stderr.take() {
            let _ = err.read_to_string(&mut stderr);
        }
        let code = child.wait().ok().and_then(|s| s.code());
        let _ = tx.send(Finished {
            code,
            stdout,
            stderr,
        });
    });
    (pid, rx)
}

fn finish((pid, rx): (u32, mpsc::Receiver<Finished>), what: &str) -> Finished {
    match rx.recv_timeout(GUARD) {
        Ok(done) => done,
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("`warroom {what}` did not finish within {GUARD:?}: a failing source held it up");
        }
    }
}

fn assert_alarms_and_changes_are_there(triage: &Finished, timeline: &Finished) {
    assert_eq!(triage.code, Some(2), "{}\n{}", triage.stdout, triage.stderr);
    assert!(
        triage.stdout.contains("ALARMS IN ALARM (3)"),
        "{}",
        triage.stdout
    );
    assert!(
        triage.stdout.contains("RevokeSecurityGroupIngress"),
        "the risky changes still answer: {}",
        triage.stdout
    );
    assert!(
        triage
            .stdout
            .contains("OPEN HEALTH ISSUES, us-east-1 (unknown)"),
        "{}",
        triage.stdout
    );
    assert_eq!(timeline.code, Some(1), "{}", timeline.stderr);
    for row in ["RevokeSecurityGroupIngress", "checkout-api-5xx"] {
        assert!(
            timeline.stdout.contains(row),
            "the timeline keeps {row}: {}",
            timeline.stdout
        );
    }
}

#[test]
fn health_failing_with_500_every_time_is_tried_3_times_and_named() {
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    emulator.fault(json!({"operation": "DescribeEvents", "service": "health", "http_status": 500}));
    let state = tempfile::tempdir().expect("a temp dir");
    let triage = finish(
        start(warroom(
            &emulator,
            state.path(),
            &["triage", "--since", "30h"],
        )),
        "triage",
    );
    assert_eq!(
        emulator.calls_of("DescribeEvents"),
        3,
        "three attempts, as configured by default"
    );
    let timeline = finish(
        start(warroom(
            &emulator,
            state.path(),
            &["timeline", "--since", "30h"],
        )),
        "timeline",
    );
    assert_alarms_and_changes_are_there(&triage, &timeline);
    let failed = "health:DescribeEvents failed after 3 attempts: the service answered HTTP 500.";
    assert!(triage.stdout.contains(failed), "{}", triage.stdout);
    assert!(
        triage
            .stderr
            .contains("warroom: health:DescribeEvents answered HTTP 500 (attempt 1 of 3); trying again\nwarroom: health:DescribeEvents answered HTTP 500 (attempt 2 of 3); trying again"),
        "each retry said as it happens: {}",
        triage.stderr
    );
    assert!(
        triage.stderr.contains(&format!(
            "warroom: triage without the health issues: {failed}"
        )),
        "{}",
        triage.stderr
    );
    assert!(
        timeline.stderr.contains(&format!(
            "warroom: timeline without health (health:DescribeEvents): {failed}"
        )),
        "{}",
        timeline.stderr
    );
}

#[test]
fn health_that_never_answers_is_named_after_the_deadline_and_the_rest_is_shown() {
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    emulator
        .fault(json!({"operation": "DescribeEvents", "service": "health", "delay_seconds": 300}));
    let state = tempfile::tempdir().expect("a temp dir");
    // Both at once: each waits the default deadline of 10 s for Health, not 300 s.
    let triage = start(warroom(
        &emulator,
        state.path(),
        &["triage", "--since", "30h"],
    ));
    let timeline = start(warroom(
        &emulator,
        state.path(),
        &["timeline", "--since", "30h"],
    ));
    let (triage, timeline) = (finish(triage, "triage"), finish(timeline, "timeline"));
    assert_alarms_and_changes_are_there(&triage, &timeline);
    let late = "health:DescribeEvents timed out: it did not answer within 10 s.";
    assert!(
        triage.stdout.contains(&format!("error: {late}")),
        "{}",
        triage.stdout
    );
    assert!(
        triage
            .stderr
            .contains(&format!("triage without the health issues: {late}")),
        "{}",
        triage.stderr
    );
    assert!(
        timeline.stderr.contains(&format!(
            "timeline without health (health:DescribeEvents): {late}"
        )),
        "{}",
        timeline.stderr
    );
}
