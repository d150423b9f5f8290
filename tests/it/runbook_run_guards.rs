//! `warroom runbook run` sends nothing no one answered: answers typed ahead are thrown away,
//! read-only holds through a broken config (and says why), and a damaged audit log is
//! shown before the run.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;

use common::emulator::Emulator;
use common::terminal::Pty;

const WAIT: Duration = Duration::from_secs(60);

fn warroom(state: &Path) -> Command {
    common::binary::warroom(Some(state))
}

fn seed_web(emulator: &Emulator) {
    emulator.seed(json!({"ssm": {"polls": 0, "instances": [
        {"id": "i-0aaa000000000001", "name": "web-1", "tags": {"Service": "web"}}
    ], "outcomes": [{"match": "systemctl restart web", "stdout": "restarted on {instance_name}\n"}]}}));
}

/// Two command steps, each confirmed with a plain `y`.
fn two_restarts(dir: &Path) -> String {
    let path = dir.join("two-restarts.md");
    let step = |name: &str| {
        format!(
            "## Restart {name}\n\n```sh {{\"name\":\"{name}\",\"max_concurrency\":\"1\"}}\nsystemctl restart web\n```\n\n"
        )
    };
    std::fs::write(
        &path,
        format!(
            "+++\ntitle = \"restart web twice\"\n\n[targets]\ntags = {{ Service = \"web\" }}\n+++\n\n{}{}",
            step("first"),
            step("second")
        ),
    )
    .unwrap();
    path.display().to_string()
}

fn run_args<'a>(emulator: &'a Emulator, runbook: &'a str) -> Vec<&'a str> {
    vec![
        "--endpoint-url",
        &emulator.url,
        "--region",
        "us-east-1",
        "runbook",
        "run",
        runbook,
    ]
}

#[test]
fn an_answer_typed_ahead_does_not_answer_the_next_question() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    let runbook = two_restarts(state.path());
    let mut pty = Pty::spawn(&warroom(state.path()), &run_args(&emulator, &runbook), "");
    pty.wait_for("Send it? [y/N] ", 1, WAIT);
    // Both answers at once, at the first question.
    pty.type_text("y\ny\n");
    pty.wait_for("Send it? [y/N] ", 2, WAIT);
    std::thread::sleep(Duration::from_secs(2));
    assert!(pty.running(), "the second question waits:\n{}", pty.text());
    assert_eq!(
        emulator.calls_of("SendCommand"),
        1,
        "the second step was not answered:\n{}",
        pty.text()
    );
    // Now declined, then aborted, by answers typed after each question.
    pty.answer("n\na\n", WAIT);
    let (code, text) = pty.finish();
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("Run aborted at step `second`."), "{text}");
    assert_eq!(emulator.calls_of("SendCommand"), 1);
}

#[test]
fn read_only_from_a_broken_config_or_the_environment_sends_nothing_and_says_why() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    let cases = [
        (
            Some("tests/fixtures/config/invalid/read_only_with_bad_value.toml"),
            None,
            "read-only as the file asks",
        ),
        (
            Some("tests/fixtures/config/invalid/not_toml.toml"),
            None,
            "read-only until the file is fixed",
        ),
        (
            None,
            Some("1"),
            "Read-only: commands are shown and never sent.",
        ),
        (
            None,
            Some("yes please"),
            "Read-only: commands are shown and never sent.",
        ),
    ];
    for (config, env, why) in cases {
        let state = tempfile::tempdir().unwrap();
        let runbook = two_restarts(state.path());
        let mut settings = warroom(state.path());
        if let Some(value) = env {
            settings.env("WARROOM_READ_ONLY", value);
        }
        let mut args = run_args(&emulator, &runbook);
        if let Some(config) = config {
            args.splice(0..0, ["--config", config]);
        }
        let mut pty = Pty::spawn(&settings, &args, "");
        pty.answer("y\ns\ny\ns\n", WAIT);
        let (code, text) = pty.finish();
        assert_eq!(code, 0, "{text}");
        assert!(text.contains(why), "{why}:\n{text}");
        if let Some(config) = config {
            assert!(text.contains(&format!("warroom: {config}:")), "{text}");
        }
        assert_eq!(
            text.matches("Cannot send this step: warroom is read-only")
                .count(),
            2,
            "{text}"
        );
        assert!(
            text.contains("Runbook finished; skipped: first, second."),
            "{text}"
        );
    }
    assert_eq!(emulator.calls_of("SendCommand"), 0);
}

#[test]
fn warroom_read_only_off_values_leave_sending_on() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    let runbook = two_restarts(state.path());
    let mut settings = warroom(state.path());
    settings.env("WARROOM_READ_ONLY", "0");
    let mut pty = Pty::spawn(&settings, &run_args(&emulator, &runbook), "");
    pty.answer("y\nn\na\n", WAIT);
    let (code, text) = pty.finish();
    assert_eq!(code, 1, "{text}");
    assert!(!text.contains("Read-only"), "{text}");
    assert_eq!(emulator.calls_of("SendCommand"), 1);
}

#[test]
fn the_audit_logs_damaged_lines_are_shown_before_the_run() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    let audit = state.path().join("warroom").join("runbook-audit.jsonl");
    std::fs::create_dir_all(audit.parent().unwrap()).unwrap();
    std::fs::write(&audit, "{\"record\":\"sent\",\"intent\":\ngarbage\n").unwrap();
    let runbook = two_restarts(state.path());
    let mut pty = Pty::spawn(&warroom(state.path()), &run_args(&emulator, &runbook), "");
    pty.answer("n\na\n", WAIT);
    let (code, text) = pty.finish();
    assert_eq!(code, 1, "{text}");
    for line in [1, 2] {
        assert!(
            text.contains(&format!(
                "{}:{line}: not a complete audit record",
                audit.display()
            )),
            "line {line}:\n{text}"
        );
    }
    assert_eq!(emulator.calls_of("SendCommand"), 0);
}

#[test]
fn warroom_config_naming_a_missing_file_is_an_error_like_config() {
    let state = tempfile::tempdir().unwrap();
    let missing = state.path().join("nope.toml");
    let out = warroom(state.path())
        .env("WARROOM_CONFIG", &missing)
        .args(["runbook", "run", "runbooks/checkout-5xx.md"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "warroom: {}:1:1: cannot read the file WARROOM_CONFIG names: No such file or directory (os error 2) (using the built-in config, read-only until the file is fixed)",
            missing.display()
        )),
        "{stderr}"
    );
}
