//! Every send ends known, against the emulator: a SendCommand whose answer comes after the
//! call timeout (SSM took the command) is found by the intent id in its Comment and followed,
//! never reported as not sent and never sent twice; a retry after a failed lookup looks it up
//! again; the next start finds a command whose `sent` record a killed warroom never wrote; a
//! command genuinely not sent is recorded not sent after the lookup.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use common::console::runtime;
use common::emulator::{Emulator, isolate_aws_env};
use common::pty::{Pty, warroom_line};
use warroom::aws::{AwsSession, RetrySettings, SessionSettings};
use warroom::runbook::Targets;
use warroom::runbook::run::audit::{self, AuditLog, Intent, Record};
use warroom::runbook::run::execute::{
    CancelSignal, CommandStatus, ExecuteError, Progress, StepPatience, run_command,
};
use warroom::runbook::run::fleet::{CommandRequest, Fleet};
use warroom::runbook::run::ssm::SsmFleet;

const WAIT: Duration = Duration::from_secs(60);

/// How long a call may take here: well above what the emulator needs on a busy machine, and
/// well below how late `slow_answer` answers.
const CALL_TIMEOUT: Duration = Duration::from_secs(3);

fn impatient(url: &str) -> SessionSettings {
    isolate_aws_env();
    SessionSettings {
        endpoint_url: Some(url.to_string()),
        retry: RetrySettings {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(20),
            call_timeout: CALL_TIMEOUT,
        },
        ..SessionSettings::in_region("us-east-1")
    }
}

fn seed_web(emulator: &Emulator) {
    emulator.seed(json!({"ssm": {"polls": 0, "instances": [
        {"id": "i-0aaa000000000001", "name": "web-1", "tags": {"Service": "web"}},
        {"id": "i-0aaa000000000002", "name": "web-2", "tags": {"Service": "web"}}
    ], "outcomes": [{"match": "systemctl restart web", "stdout": "restarted on {instance_name}\n"}]}}));
}

/// SSM takes the command, and answers only after the client has given up.
fn slow_answer(emulator: &Emulator) {
    emulator.fault(json!({"operation": "SendCommand", "after_handling": true,
        "delay_seconds": 9.0, "times": 1}));
}

fn web() -> Targets {
    Targets::Tags(BTreeMap::from([(
        "Service".to_string(),
        vec!["web".to_string()],
    )]))
}

fn request() -> CommandRequest {
    CommandRequest {
        document: "AWS-RunShellScript".into(),
        commands: "systemctl restart web".into(),
        targets: web(),
        max_concurrency: "1".into(),
        max_errors: "0".into(),
        timeout_seconds: 60,
        comment: "warroom restart.md restart".into(),
        stop_on_alarm: Vec::new(),
    }
}

fn intent() -> Intent {
    let time = jiff::Timestamp::now();
    Intent {
        id: audit::new_intent_id(time),
        time,
        runbook: "restart.md".into(),
        content_hash: audit::content_hash(b"x"),
        step: "restart".into(),
        parameters: Default::default(),
        document: "AWS-RunShellScript".into(),
        commands: "systemctl restart web".into(),
        targets: web(),
        max_concurrency: "1".into(),
        max_errors: "0".into(),
        timeout_seconds: 60,
        caller_arn: "arn:aws:sts::123456789012:user/moto".into(),
        account: "123456789012".into(),
        region: "us-east-1".into(),
    }
}

fn patience(settle: Duration) -> StepPatience {
    StepPatience {
        first_poll: Duration::from_millis(50),
        max_poll: Duration::from_millis(200),
        poll_failures: 3,
        empty_polls: 3,
        settle,
    }
}

fn kinds(path: &Path) -> Vec<String> {
    audit::read(path)
        .expect("the audit file")
        .records
        .iter()
        .map(|r| {
            serde_json::to_value(r).expect("a record")["record"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// Every command the emulator holds: (CommandId, Comment).
fn commands(url: &str) -> Vec<(String, String)> {
    runtime().block_on(async {
        let aws = AwsSession::connect(impatient(url)).await;
        let out = aws.ssm.list_commands().send().await.expect("ListCommands");
        out.commands()
            .iter()
            .map(|c| {
                (
                    c.command_id().unwrap_or_default().to_string(),
                    c.comment().unwrap_or_default().to_string(),
                )
            })
            .collect()
    })
}

#[test]
fn an_answer_later_than_the_call_timeout_is_found_by_its_id_followed_and_sent_once() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    slow_answer(&emulator);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let intent = intent();
    let id = intent.id.clone();
    let (result, seen) = runtime().block_on(async {
        let aws = AwsSession::connect(impatient(&emulator.url)).await;
        let fleet = SsmFleet::new(&aws);
        let mut log = AuditLog::open(&path).unwrap();
        let mut seen = Vec::new();
        let result = run_command(
            &fleet,
            &mut log,
            intent,
            request(),
            patience(Duration::from_secs(5)),
            &CancelSignal::new(),
            |p| seen.push(p),
        )
        .await;
        (result, seen)
    });
    let outcome = result.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome.status, CommandStatus::Success);
    assert!(
        seen.iter().any(|p| matches!(p, Progress::OutcomeUnknown { error } if error.message.contains("timed out"))),
        "{seen:?}"
    );
    assert!(seen.contains(&Progress::Found {
        command_id: outcome.command_id.clone()
    }));
    let held = commands(&emulator.url);
    assert_eq!(held.len(), 1, "exactly one command: {held:?}");
    assert_eq!(held[0].0, outcome.command_id);
    assert_eq!(held[0].1, format!("warroom {id} restart.md restart"));
    assert_eq!(emulator.calls_of("SendCommand"), 1, "never sent again");
    assert_eq!(
        kinds(&path),
        ["intent", "outcome_unknown", "sent", "finished"]
    );
    let records = audit::read(&path).unwrap().records;
    let Record::Sent(sent) = &records[2] else {
        unreachable!()
    };
    assert!(
        sent.resolved
            .as_deref()
            .is_some_and(|how| how.contains("found by ListCommands")),
        "{sent:?}"
    );
}

#[test]
fn an_error_that_proves_nothing_is_looked_up_and_a_refusal_is_not_sent_at_once() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    let dir = tempfile::tempdir().unwrap();
    let run = |path: PathBuf| {
        runtime().block_on(async {
            let aws = AwsSession::connect(impatient(&emulator.url)).await;
            let fleet = SsmFleet::new(&aws);
            let mut log = AuditLog::open(&path).unwrap();
            run_command(
                &fleet,
                &mut log,
                intent(),
                request(),
                patience(Duration::from_secs(1)),
                &CancelSignal::new(),
                |_| {},
            )
            .await
        })
    };

    // A server error proves nothing: looked up, found nowhere, then recorded not sent.
    emulator.fault(json!({"operation": "SendCommand", "times": 1,
        "error": {"code": "InternalServerError", "message": "try again", "status": 500}}));
    let path = dir.path().join("server-error.jsonl");
    let error = run(path.clone()).unwrap_err();
    assert!(matches!(error, ExecuteError::NotSent { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.starts_with("Not sent:"), "{message}");
    assert!(message.contains("InternalServerError"), "{message}");
    assert_eq!(kinds(&path), ["intent", "outcome_unknown", "not_sent"]);
    assert!(emulator.calls_of("ListCommands") >= 1);
    assert_eq!(
        emulator.calls_of("SendCommand"),
        1,
        "not retried by the SDK"
    );
    assert!(commands(&emulator.url).is_empty());

    // A refusal (an answer from SSM, HTTP 4xx) is proof: not sent, no lookup.
    let lookups = emulator.calls_of("ListCommands");
    emulator.fault(json!({"operation": "SendCommand", "times": 1,
        "error": {"code": "AccessDeniedException", "message": "no ssm:SendCommand", "status": 400}}));
    let path = dir.path().join("refused.jsonl");
    let message = run(path.clone()).unwrap_err().to_string();
    assert!(message.starts_with("Nothing was sent:"), "{message}");
    assert_eq!(kinds(&path), ["intent", "not_sent"]);
    assert_eq!(emulator.calls_of("ListCommands"), lookups);

    // A throttle is a refusal too, so it alone is tried again.
    emulator.fault(json!({"operation": "SendCommand", "times": 1,
        "error": {"code": "ThrottlingException", "message": "Rate exceeded", "status": 400}}));
    let path = dir.path().join("throttled.jsonl");
    let outcome = run(path.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome.status, CommandStatus::Success);
    assert_eq!(kinds(&path), ["intent", "sent", "finished"]);
    assert_eq!(commands(&emulator.url).len(), 1);
}

#[test]
fn a_send_that_never_reached_a_connection_is_not_sent_without_a_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let result = runtime().block_on(async {
        let aws = AwsSession::connect(impatient("http://127.0.0.1:9")).await;
        let fleet = SsmFleet::new(&aws);
        let mut log = AuditLog::open(&path).unwrap();
        run_command(
            &fleet,
            &mut log,
            intent(),
            request(),
            patience(Duration::from_secs(30)),
            &CancelSignal::new(),
            |_| {},
        )
        .await
    });
    let message = result.unwrap_err().to_string();
    assert!(message.starts_with("Nothing was sent:"), "{message}");
    assert!(message.contains("connection refused"), "{message}");
    assert_eq!(kinds(&path), ["intent", "not_sent"]);
}

/// How long a call may take where no answer is made late: a start that only looks up what
/// an earlier run left open waits as long as a console would.
const PATIENT: Duration = Duration::from_secs(20);

/// A config file whose calls give up after `call_timeout`.
fn config_with_call_timeout(dir: &Path, call_timeout: Duration) -> PathBuf {
    let path = dir.join("config.toml");
    let seconds = call_timeout.as_secs();
    std::fs::write(&path, format!("[aws]\ncall_timeout = \"{seconds}s\"\n")).unwrap();
    path
}

fn restart_runbook(dir: &Path, confirm: &str) -> String {
    let path = dir.join("restart.md");
    std::fs::write(
        &path,
        format!(
            "+++\ntitle = \"restart web\"\n[targets]\ntags = {{ Service = \"web\" }}\n+++\n\n## Restart\n\nRestart it.\n\n```sh {{\"name\":\"restart\",\"confirm\":\"{confirm}\",\"max_concurrency\":\"1\"}}\nsystemctl restart web\n```\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

fn run_in_terminal(
    state: &Path,
    emulator: &Emulator,
    runbook: &str,
    yes: bool,
    call_timeout: Duration,
) -> Pty {
    let mut settings = common::binary::warroom(Some(state));
    settings
        .env(
            "WARROOM_CONFIG",
            config_with_call_timeout(state, call_timeout),
        )
        .env("WARROOM_SEND_SETTLE", "3s");
    let mut args = vec![
        "--endpoint-url",
        &emulator.url,
        "--region",
        "us-east-1",
        "runbook",
        "run",
        runbook,
    ];
    if yes {
        args.push("--yes");
    }
    Pty::spawn(&settings, &warroom_line(&args))
}

fn audit_file(state: &Path) -> PathBuf {
    state.join("warroom").join("runbook-audit.jsonl")
}

#[test]
fn runbook_run_follows_a_send_whose_answer_came_too_late_and_never_says_nothing_was_sent() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    slow_answer(&emulator);
    let state = tempfile::tempdir().unwrap();
    let runbook = restart_runbook(state.path(), "yes");
    let (code, text) =
        run_in_terminal(state.path(), &emulator, &runbook, true, CALL_TIMEOUT).wait(WAIT);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("Nothing was sent"), "{text}");
    assert!(text.contains("SendCommand gave no answer"), "{text}");
    assert!(text.contains("Found: command"), "{text}");
    assert!(text.contains("restarted on web-1"), "{text}");
    assert!(
        text.contains("ended Success: 2 of 2 instances succeeded."),
        "{text}"
    );
    assert_eq!(commands(&emulator.url).len(), 1);
    assert_eq!(emulator.calls_of("SendCommand"), 1);
    assert_eq!(
        kinds(&audit_file(state.path())),
        ["intent", "outcome_unknown", "sent", "finished"]
    );
}

#[test]
fn a_retry_after_a_failed_lookup_looks_again_and_sends_no_second_command() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    slow_answer(&emulator);
    emulator.fault(json!({"operation": "ListCommands", "times": 1,
        "error": {"code": "AccessDeniedException", "message": "not ssm:ListCommands", "status": 400}}));
    let state = tempfile::tempdir().unwrap();
    let runbook = restart_runbook(state.path(), "yes");
    let mut pty = run_in_terminal(state.path(), &emulator, &runbook, true, CALL_TIMEOUT);
    let text = pty.expect("[r]etry, [s]kip this step", WAIT);
    assert!(text.contains("Outcome unknown:"), "{text}");
    assert!(text.contains("not ssm:ListCommands"), "{text}");
    assert!(!text.contains("Nothing was sent"), "{text}");
    pty.type_line("r");
    let (code, text) = pty.wait(WAIT);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("Looking up the command of the earlier attempt"),
        "{text}"
    );
    assert!(text.contains("Found: command"), "{text}");
    assert!(text.contains("ended Success"), "{text}");
    assert!(!text.contains("Nothing was sent"), "{text}");
    assert_eq!(commands(&emulator.url).len(), 1, "the retry sent nothing");
    assert_eq!(emulator.calls_of("SendCommand"), 1);
    assert_eq!(
        kinds(&audit_file(state.path())),
        [
            "intent",
            "outcome_unknown",
            "outcome_unknown",
            "sent",
            "finished"
        ]
    );
}

/// What a warroom killed (-9) right after SendCommand left: the intent on disk, the command
/// taken by SSM, no `sent` record. The instances finish while warroom is away.
fn killed_after_the_send(emulator: &Emulator, path: &Path) -> (String, String) {
    let intent = intent();
    let id = intent.id.clone();
    let command_id = runtime().block_on(async {
        let aws = AwsSession::connect(impatient(&emulator.url)).await;
        let fleet = SsmFleet::new(&aws);
        let mut log = AuditLog::open(path).unwrap();
        log.append(&Record::Intent(Box::new(intent))).unwrap();
        let mut sent = request();
        sent.comment = warroom::runbook::run::ssm::tagged_comment(&id, "restart.md restart");
        let command_id = fleet.send(sent).await.unwrap();
        for _ in 0..3 {
            fleet.invocations(command_id.clone()).await.unwrap();
        }
        command_id
    });
    let records = audit::read(path).unwrap().records;
    assert!(audit::in_flight(&records).is_empty());
    assert_eq!(audit::unresolved(&records).len(), 1);
    (id, command_id)
}

#[test]
fn the_next_runbook_run_finds_the_command_a_killed_warroom_never_recorded() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    let path = audit_file(state.path());
    let (id, command_id) = killed_after_the_send(&emulator, &path);
    let runbook = restart_runbook(state.path(), "typed");
    let mut pty = run_in_terminal(state.path(), &emulator, &runbook, false, PATIENT);
    let text = pty.expect("Type ", WAIT);
    assert!(
        text.contains("Sends whose outcome was never known"),
        "{text}"
    );
    assert!(
        text.contains(&format!("(intent {id}, "))
            && text.contains(&format!("it went out as command {command_id}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("{command_id} step `restart` of restart.md"))
            && text.contains("ended Success"),
        "followed with the others in flight: {text}"
    );
    pty.type_line("no");
    pty.expect("[r]etry, [s]kip this step", WAIT);
    pty.type_line("s");
    let (code, text) = pty.wait(WAIT);
    assert_eq!(code, 0, "{text}");
    assert_eq!(
        emulator.calls_of("SendCommand"),
        1,
        "the declined step sent nothing"
    );
    let records = audit::read(&path).unwrap().records;
    assert!(audit::unresolved(&records).is_empty(), "{records:?}");
    assert!(audit::in_flight(&records).is_empty(), "{records:?}");
    assert!(records.iter().any(|r| matches!(r, Record::Sent(s)
        if s.intent == id && s.command_id == command_id && s.resolved.is_some())));
    assert!(records.iter().any(|r| matches!(r, Record::Finished(f)
        if f.intent == id && f.status == "Success")));
}

fn json_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

#[test]
fn the_next_start_records_not_sent_what_ssm_never_took() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    let path = audit_file(state.path());
    {
        let mut log = AuditLog::open(&path).unwrap();
        let mut stale = intent();
        stale.time = jiff::Timestamp::now() - jiff::SignedDuration::from_mins(2);
        log.append(&Record::Intent(Box::new(stale))).unwrap();
        let mut elsewhere = intent();
        elsewhere.region = "eu-west-1".into();
        log.append(&Record::Intent(Box::new(elsewhere))).unwrap();
    }
    let runbook = restart_runbook(state.path(), "typed");
    let mut pty = run_in_terminal(state.path(), &emulator, &runbook, false, PATIENT);
    let text = pty.expect("Type ", WAIT);
    assert!(
        text.contains("not sent: SSM lists no command with its id (recorded)"),
        "{text}"
    );
    pty.type_line("no");
    pty.expect("[r]etry, [s]kip this step", WAIT);
    pty.type_line("s");
    let (code, text) = pty.wait(WAIT);
    assert_eq!(code, 0, "{text}");
    let lines = json_lines(&path);
    assert_eq!(lines[2]["record"], "not_sent", "{lines:?}");
    assert_eq!(lines[2]["intent"], lines[0]["id"], "{lines:?}");
    let open = audit::unresolved(&audit::read(&path).unwrap().records);
    assert_eq!(
        open.iter()
            .map(|u| u.intent.region.as_str())
            .collect::<Vec<_>>(),
        ["eu-west-1"],
        "another region's send cannot be looked up from here: left as it is"
    );
    assert!(
        lines[2]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("no command carrying this intent's id")),
        "{lines:?}"
    );
    assert_eq!(emulator.calls_of("SendCommand"), 0);
}

#[path = "send_outcome/pane.rs"]
mod pane;
