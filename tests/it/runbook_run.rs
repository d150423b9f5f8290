//! `warroom runbook run` as a user runs it: refused without a terminal, refused on a pin that
//! does not match, and, through a pseudo-terminal (`script`), a typed confirmation that sends.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::json;

use common::emulator::Emulator;

/// warroom with the emulator's credentials, a state dir of its own, and nothing from the
/// developer's AWS setup.
fn warroom(state: &Path) -> Command {
    common::binary::warroom(Some(state))
}

/// The binary run inside a pseudo-terminal by util-linux `script`, each line of `input` typed
/// into it once a question waits for it (typed ahead, it would be thrown away).
fn in_terminal(state: &Path, args: &[&str], input: &str) -> (i32, String) {
    let mut pty = common::terminal::Pty::spawn(&warroom(state), args, "");
    pty.answer(input, std::time::Duration::from_secs(60));
    pty.finish()
}

/// As `in_terminal`, with only the terminal's own newline translation (`\r\n` for `\n`)
/// undone: any other carriage return or control byte in the output is warroom's.
fn in_terminal_raw(state: &Path, args: &[&str], input: &str) -> (i32, Vec<u8>) {
    let mut pty = common::terminal::Pty::spawn(&warroom(state), args, "");
    pty.answer(input, std::time::Duration::from_secs(60));
    let (code, out) = pty.finish_bytes();
    let mut bytes = Vec::with_capacity(out.len());
    let mut iter = out.iter().peekable();
    while let Some(&b) = iter.next() {
        if b == b'\r' && iter.peek() == Some(&&b'\n') {
            continue;
        }
        bytes.push(b);
    }
    (code, bytes)
}

fn audit_file(state: &Path) -> std::path::PathBuf {
    state.join("warroom").join("runbook-audit.jsonl")
}

#[test]
fn without_a_terminal_it_refuses_before_any_aws_call() {
    let state = tempfile::tempdir().unwrap();
    let out = warroom(state.path())
        .args([
            "--endpoint-url",
            "http://127.0.0.1:9",
            "runbook",
            "run",
            "runbooks/checkout-5xx.md",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("asks for each confirmation on the terminal, and stdin is not one"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warroom runbook plan runbooks/checkout-5xx.md"),
        "{stderr}"
    );
    assert!(!audit_file(state.path()).exists());
}

#[test]
fn a_runbook_with_a_bad_parameter_is_refused_before_the_terminal_check() {
    let state = tempfile::tempdir().unwrap();
    let out = warroom(state.path())
        .args([
            "runbook",
            "run",
            "runbooks/checkout-5xx.md",
            "--param",
            "nope=1",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("nope"), "{stderr}");
}

fn one_step_runbook(dir: &Path, front: &str) -> String {
    let path = dir.join("restart.md");
    std::fs::write(
        &path,
        format!(
            "+++\ntitle = \"restart web\"\n{front}\n[targets]\ntags = {{ Service = \"web\" }}\n+++\n\n## Restart\n\nRestart it.\n\n```sh {{\"name\":\"restart\",\"confirm\":\"typed\",\"max_concurrency\":\"1\"}}\nsystemctl restart web\n```\n"
        ),
    )
    .unwrap();
    path.display().to_string()
}

fn seed_web(emulator: &Emulator) {
    emulator.seed(json!({"ssm": {"polls": 0, "instances": [
        {"id": "i-0aaa000000000001", "name": "web-1", "tags": {"Service": "web"}},
        {"id": "i-0aaa000000000002", "name": "web-2", "tags": {"Service": "web"}}
    ], "outcomes": [{"match": "systemctl restart web", "stdout": "restarted on {instance_name}\n"}]}}));
}

#[test]
fn a_pin_on_another_region_or_account_refuses_and_says_which() {
    let emulator = Emulator::start();
    let state = tempfile::tempdir().unwrap();
    let region_pinned = one_step_runbook(state.path(), "regions = [\"us-east-1\"]");
    let args = [
        "--endpoint-url",
        &emulator.url,
        "--region",
        "eu-west-1",
        "runbook",
        "run",
        &region_pinned,
    ];
    let (code, text) = in_terminal(state.path(), &args, "");
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains(
            "runs only in us-east-1, and warroom is in eu-west-1. Pass --region us-east-1."
        ),
        "{text}"
    );

    let other = tempfile::tempdir().unwrap();
    let account_pinned = one_step_runbook(other.path(), "account = \"999999999999\"");
    let args = [
        "--endpoint-url",
        &emulator.url,
        "--region",
        "us-east-1",
        "runbook",
        "run",
        &account_pinned,
    ];
    let (code, text) = in_terminal(state.path(), &args, "");
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains(
            "runs only in account 999999999999, and the credentials act in account 123456789012"
        ),
        "{text}"
    );
    assert_eq!(emulator.calls_of("SendCommand"), 0);
}

#[test]
fn in_a_terminal_a_typed_confirmation_sends_and_the_audit_file_records_it() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    let runbook = one_step_runbook(state.path(), "regions = [\"us-east-1\"]");
    let args = [
        "--endpoint-url",
        &emulator.url,
        "--region",
        "us-east-1",
        "runbook",
        "run",
        &runbook,
        "--yes",
    ];
    let (code, text) = in_terminal(state.path(), &args, "web\n");
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("instances tagged Service=web: 2 instances"),
        "{text}"
    );
    assert!(text.contains("--yes does not answer it"), "{text}");
    assert!(
        text.contains("restarted on web-1") && text.contains("restarted on web-2"),
        "{text}"
    );
    assert!(
        text.contains("ended Success: 2 of 2 instances succeeded."),
        "{text}"
    );
    let audit = std::fs::read_to_string(audit_file(state.path())).unwrap();
    let kinds: Vec<String> = audit
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["record"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(kinds, ["intent", "sent", "finished"]);
    assert_eq!(emulator.calls_of("SendCommand"), 1);
}

#[test]
fn in_a_terminal_read_only_shows_the_command_and_never_sends_it() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    let runbook = one_step_runbook(state.path(), "");
    let args = [
        "--endpoint-url",
        &emulator.url,
        "--region",
        "us-east-1",
        "--read-only",
        "runbook",
        "run",
        &runbook,
    ];
    let (code, text) = in_terminal(state.path(), &args, "s\n");
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("systemctl restart web"), "{text}");
    assert!(
        text.contains("Cannot send this step: warroom is read-only"),
        "{text}"
    );
    assert!(
        text.contains("Runbook finished; skipped: restart."),
        "{text}"
    );
    assert_eq!(emulator.calls_of("SendCommand"), 0);
}

/// warroom stopped right after a send: the audit file holds the intent and the CommandId and
/// no end. The next `warroom runbook run` lists that command with its status now, and writes
/// its end.
#[test]
fn the_next_run_shows_a_command_left_in_flight_and_records_its_end() {
    use warroom::runbook::run::audit::{self, AuditLog, Intent, Record, Sent};
    use warroom::runbook::run::fleet::{CommandRequest, Fleet};
    use warroom::runbook::run::ssm::SsmFleet;

    let emulator = Emulator::start();
    seed_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    let path = audit_file(state.path());
    common::emulator::isolate_aws_env();
    let targets = warroom::runbook::Targets::InstanceIds(vec!["i-0aaa000000000001".into()]);
    let command_id = common::console::runtime().block_on(async {
        let settings = warroom::aws::SessionSettings {
            endpoint_url: Some(emulator.url.clone()),
            ..warroom::aws::SessionSettings::in_region("us-east-1")
        };
        let aws = warroom::aws::AwsSession::connect(settings).await;
        let fleet = SsmFleet::new(&aws);
        let request = CommandRequest {
            document: "AWS-RunShellScript".into(),
            commands: "systemctl restart web".into(),
            targets: targets.clone(),
            max_concurrency: "1".into(),
            max_errors: "0".into(),
            timeout_seconds: 60,
            comment: "warroom restart.md restart".into(),
            stop_on_alarm: Vec::new(),
        };
        let time = jiff::Timestamp::now();
        let intent = Intent {
            id: "killed-1".into(),
            time,
            runbook: "restart.md".into(),
            content_hash: audit::content_hash(b"x"),
            step: "restart".into(),
            parameters: Default::default(),
            document: request.document.clone(),
            commands: request.commands.clone(),
            targets: targets.clone(),
            max_concurrency: "1".into(),
            max_errors: "0".into(),
            timeout_seconds: 60,
            caller_arn: "arn:aws:sts::123456789012:user/moto".into(),
            account: "123456789012".into(),
            region: "us-east-1".into(),
        };
        let mut log = AuditLog::open(&path).unwrap();
        log.append(&Record::Intent(Box::new(intent))).unwrap();
        let command_id = fleet.send(request).await.unwrap();
        log.append(&Record::Sent(Sent {
            intent: "killed-1".into(),
            time,
            command_id: command_id.clone(),
            resolved: None,
        }))
        .unwrap();
        // the instance moves on while warroom is away
        for _ in 0..2 {
            fleet.invocations(command_id.clone()).await.unwrap();
        }
        command_id
    });
    assert_eq!(
        audit::in_flight(&audit::read(&path).unwrap().records).len(),
        1
    );

    let runbook = one_step_runbook(state.path(), "");
    let args = [
        "--endpoint-url",
        &emulator.url,
        "--region",
        "us-east-1",
        "runbook",
        "run",
        &runbook,
    ];
    // decline the typed confirmation, then skip
    let (code, text) = in_terminal(state.path(), &args, "no\ns\n");
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("Commands sent earlier whose end was never recorded"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{command_id} step `restart` of restart.md")),
        "{text}"
    );
    assert!(text.contains("ended Success"), "{text}");
    let records = audit::read(&path).unwrap().records;
    assert!(audit::in_flight(&records).is_empty(), "{records:?}");
    assert!(records.iter().any(
        |r| matches!(r, Record::Finished(f) if f.intent == "killed-1" && f.status == "Success")
    ));
    assert_eq!(
        emulator.calls_of("SendCommand"),
        1,
        "the declined step sent nothing"
    );
}

/// Text a compromised host controls: OSC 52 (writes the clipboard), OSC 0 (retitles the
/// terminal), a screen wipe, a carriage return that hides what came before it, a
/// right-to-left override and a C1 CSI.
const EVIL: &str = "pwn\u{1b}]52;c;ZWNobyBoaQ==\u{7} \u{1b}]0;owned\u{7} \u{1b}[2J\rfake \u{202e}txt.exe \u{9b}31m";

/// The first character of `bytes` a terminal would act on: a byte below 0x20 other than
/// `\n`, DEL, a C1 control, a bidi control or a line separator.
fn first_raw(bytes: &[u8]) -> Option<String> {
    if let Some(b) = bytes.iter().find(|&&b| b < 0x20 && b != b'\n' || b == 0x7f) {
        return Some(format!("byte {b:#04x}"));
    }
    String::from_utf8_lossy(bytes)
        .chars()
        .find(|&c| {
            matches!(c, '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}')
        })
        .map(|c| format!("{c:?}"))
}

#[test]
fn hostile_output_from_a_host_is_shown_escaped_and_takes_nothing_over() {
    let emulator = Emulator::start();
    emulator.seed(json!({"ssm": {"polls": 0, "instances": [
        {"id": "i-0aaa000000000001", "name": format!("web-1{EVIL}"), "tags": {"Service": "web"}}
    ], "outcomes": [{"match": "systemctl restart web", "stdout": format!("restarted\n{EVIL}\n"),
        "stderr": format!("warning: {EVIL}\n")}]}}));
    let state = tempfile::tempdir().unwrap();
    let runbook = one_step_runbook(state.path(), "");
    let args = [
        "--endpoint-url",
        &emulator.url,
        "--region",
        "us-east-1",
        "runbook",
        "run",
        &runbook,
    ];
    let (code, out) = in_terminal_raw(state.path(), &args, "web\n");
    let text = String::from_utf8_lossy(&out).into_owned();
    assert_eq!(code, 0, "{text}");
    assert_eq!(emulator.calls_of("SendCommand"), 1, "{text}");
    assert_eq!(first_raw(&out), None, "{text}");
    assert!(
        text.contains("   pwn\\x1b]52;c;ZWNobyBoaQ==\\x07 \\x1b]0;owned\\x07 \\x1b[2J\\rfake \\u{202e}txt.exe \\u{9b}31m\n"),
        "the host's stdout, escaped: {text}"
    );
    assert!(
        text.contains("   warning: pwn\\x1b]52;c;"),
        "the host's stderr, escaped: {text}"
    );
    assert!(
        text.contains("web-1pwn\\x1b]52;c;"),
        "the instance's name in the confirmation, escaped: {text}"
    );
}

/// `rm -rf /data # \recho checking` shows as `echo checking` on a terminal. Printed, the
/// carriage return must show as `\r`; a lint that refuses such a block before anything is
/// printed keeps the promise too, and then nothing is sent.
#[test]
fn a_carriage_return_in_a_block_never_reaches_the_terminal_raw() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    let path = state.path().join("hidden.md");
    std::fs::write(
        &path,
        "+++\ntitle = \"hidden\"\n[targets]\ntags = { Service = \"web\" }\n+++\n\n## Clean up\n\nClean up.\n\n```sh {\"name\":\"clean\",\"confirm\":\"typed\"}\nrm -rf /data # \recho checking\n```\n",
    )
    .unwrap();
    let path = path.display().to_string();
    let args = [
        "--endpoint-url",
        &emulator.url,
        "--region",
        "us-east-1",
        "runbook",
        "run",
        &path,
    ];
    // decline, then abort
    let (_, out) = in_terminal_raw(state.path(), &args, "no\na\n");
    let text = String::from_utf8_lossy(&out).into_owned();
    assert_eq!(first_raw(&out), None, "{text}");
    if text.contains("  commands:") {
        assert!(
            text.contains("    rm -rf /data # \\recho checking\n"),
            "the command as it is: {text}"
        );
    }
    assert_eq!(emulator.calls_of("SendCommand"), 0, "{text}");
}

#[test]
fn in_a_production_account_only_its_name_sends_and_the_confirmation_names_it() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    let runbook = one_step_runbook(state.path(), "regions = [\"us-east-1\"]");
    let config = state.path().join("config.toml");
    std::fs::write(
        &config,
        "[accounts.org]\norganization = { role = \"OrganizationAccountAccessRole\" }\n\n[[accounts.org.account]]\nid = \"123456789012\"\nname = \"demo-prod\"\nproduction = true\n",
    )
    .unwrap();
    let config = config.display().to_string();
    let args = [
        "--config",
        &config,
        "--endpoint-url",
        &emulator.url,
        "--region",
        "us-east-1",
        "runbook",
        "run",
        &runbook,
        "--yes",
    ];
    // The target's name and the id answer an ordinary typed confirmation, not this one.
    let (code, text) = in_terminal(state.path(), &args, "web\nr\n123456789012\na\n");
    assert_eq!(code, 1, "aborted: {text}");
    assert!(
        text.contains("account: demo-prod (123456789012) · region: us-east-1 · PROD"),
        "{text}"
    );
    assert!(
        text.contains(
            "demo-prod (123456789012) is a production account: type its name (demo-prod) to send it (--yes does not answer it)"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "`123456789012` is not the production account's name (demo-prod): not its id, not y."
        ),
        "{text}"
    );
    assert_eq!(emulator.calls_of("SendCommand"), 0);

    let (code, text) = in_terminal(state.path(), &args, "demo-prod\n");
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("ended Success: 2 of 2 instances succeeded."),
        "{text}"
    );
    assert_eq!(emulator.calls_of("SendCommand"), 1);
}
