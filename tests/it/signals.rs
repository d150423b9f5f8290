//! Stop signals through a pseudo-terminal (util-linux `script`): the console gives the
//! terminal back (main screen, cursor shown, cooked mode with echo) and exits 128 + n;
//! `warroom runbook run` stopped mid-command writes the command it leaves in flight to the
//! audit log, so that the next start resumes it.

use crate::common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::json;

use common::emulator::Emulator;
use common::pty::{Pty, shell_quote, warroom_line};
use warroom::runbook::run::audit::{self, Record};

const WAIT: Duration = Duration::from_secs(60);

/// Sends `signal` (TERM, HUP, INT) to the process whose id `pid_file` holds.
fn signal(pid_file: &Path, signal: &str) {
    let pid =
        std::fs::read_to_string(pid_file).unwrap_or_else(|e| panic!("{}: {e}", pid_file.display()));
    let status = Command::new("kill")
        .args([&format!("-{signal}"), pid.trim()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{signal} {pid}");
}

/// The terminal's state after warroom ended, as `stty -a` printed it after the marker.
fn stty_after(text: &str) -> Vec<String> {
    let (_, stty) = text
        .split_once("STTY-STATE")
        .unwrap_or_else(|| panic!("no stty output:\n{text}"));
    stty.split(|c: char| c.is_whitespace() || c == ';')
        .map(str::to_string)
        .collect()
}

fn assert_cooked(text: &str) {
    let stty = stty_after(text);
    for on in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(
            stty.iter().any(|s| s == on) && !stty.iter().any(|s| *s == format!("-{on}")),
            "{on} is off after warroom:\n{text}"
        );
    }
}

/// Runs warroom with `args` in the background of a shell in the terminal (its pid in
/// `pid_file`), then prints the terminal's state once it has ended.
fn console_line(args: &[&str], pid_file: &Path) -> String {
    format!(
        "{} < /dev/tty & echo $! > {}; wait $!; code=$?; printf '\\nSTTY-STATE '; stty -a; exit $code",
        warroom_line(args),
        shell_quote(&pid_file.display().to_string())
    )
}

#[test]
fn sigterm_and_sighup_give_the_console_terminal_back_and_exit_128_plus_the_signal() {
    let emulator = Emulator::start();
    for (name, code) in [("TERM", 143), ("HUP", 129)] {
        let state = tempfile::tempdir().unwrap();
        let pid_file = state.path().join("pid");
        let settings = common::binary::warroom(Some(state.path()));
        let args = ["--endpoint-url", &emulator.url, "--region", "us-east-1"];
        let pty = Pty::spawn(&settings, &console_line(&args, &pid_file));
        pty.expect("\u{1b}[?1049h", WAIT);
        pty.expect("Alarms", WAIT);
        signal(&pid_file, name);
        let (exit, text) = pty.wait_open(WAIT);
        assert_eq!(exit, code, "SIG{name}:\n{text}");
        let (console, _) = text.split_once("STTY-STATE").unwrap_or((&text, ""));
        let entered = console
            .rfind("\u{1b}[?1049h")
            .expect("the alternate screen");
        let left = console
            .rfind("\u{1b}[?1049l")
            .unwrap_or_else(|| panic!("SIG{name}: never left the alternate screen:\n{text:?}"));
        let shown = console
            .rfind("\u{1b}[?25h")
            .unwrap_or_else(|| panic!("SIG{name}: the cursor is never shown:\n{text:?}"));
        assert!(entered < left && left < shown, "SIG{name}:\n{text:?}");
        let after = &console[shown + "\u{1b}[?25h".len()..];
        assert!(
            !after.contains('\u{1b}'),
            "SIG{name}: nothing is drawn after the terminal is given back:\n{after:?}"
        );
        assert!(
            console.contains(&format!("warroom: stopped by SIG{name}.")),
            "{text}"
        );
        assert_cooked(&text);
    }
}

fn seed_slow_web(emulator: &Emulator) {
    emulator.seed(json!({"ssm": {"polls": 100000, "instances": [
        {"id": "i-0aaa000000000001", "name": "web-1", "tags": {"Service": "web"}}
    ]}}));
}

fn runbook(dir: &Path) -> String {
    let path = dir.join("restart.md");
    std::fs::write(
        &path,
        "+++\ntitle = \"restart web\"\n[targets]\ntags = { Service = \"web\" }\n+++\n\n## Restart\n\n```sh {\"name\":\"restart\"}\nsystemctl restart web\n```\n",
    )
    .unwrap();
    path.display().to_string()
}

/// `runbook run` in the terminal itself (the shell execs it: its pid is the shell's).
fn runbook_run(emulator: &Emulator, state: &Path, pid_file: &Path, yes: bool) -> Pty {
    let file = runbook(state);
    let mut args = vec![
        "--endpoint-url",
        &emulator.url,
        "--region",
        "us-east-1",
        "runbook",
        "run",
        &file,
    ];
    if yes {
        args.push("--yes");
    }
    let line = format!(
        "echo $$ > {}; {}; code=$?; printf '\\nSTTY-STATE '; stty -a; exit $code",
        shell_quote(&pid_file.display().to_string()),
        warroom_line(&args)
    );
    Pty::spawn(&common::binary::warroom(Some(state)), &line)
}

/// The pid of warroom itself: the shell's child.
fn child_pid_file(state: &Path, shell_pid: &Path) -> std::path::PathBuf {
    let shell = std::fs::read_to_string(shell_pid).unwrap_or_default();
    let children = std::fs::read_to_string(format!("/proc/{0}/task/{0}/children", shell.trim()))
        .unwrap_or_default();
    let child = children
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        !child.is_empty(),
        "warroom's pid, child of the shell {shell}"
    );
    let file = state.join("warroom.pid");
    std::fs::write(&file, child).unwrap();
    file
}

#[test]
fn runbook_run_stopped_mid_command_records_the_command_left_in_flight() {
    let emulator = Emulator::start();
    seed_slow_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    let shell_pid = state.path().join("shell.pid");
    let pty = runbook_run(&emulator, state.path(), &shell_pid, true);
    pty.expect("Sent: command", WAIT);
    pty.expect("InProgress", WAIT);
    signal(&child_pid_file(state.path(), &shell_pid), "TERM");
    let (code, text) = pty.wait_open(WAIT);
    assert_eq!(code, 143, "{text}");
    assert!(text.contains("warroom: stopped by SIGTERM."), "{text}");
    assert!(text.contains("was running: recorded in"), "{text}");
    assert_cooked(&text);
    let path = state.path().join("warroom").join("runbook-audit.jsonl");
    let records = audit::read(&path).expect("the audit file").records;
    let Some(Record::Interrupted(left)) = records.last() else {
        panic!("no interrupted record: {records:?}");
    };
    assert_eq!(left.signal, 15);
    let Some(Record::Sent(sent)) = records.get(1) else {
        panic!("{records:?}");
    };
    assert_eq!(left.command_id.as_deref(), Some(sent.command_id.as_str()));
    assert_eq!(left.intent, sent.intent);
    let flying = audit::in_flight(&records);
    assert_eq!(flying.len(), 1, "the next start resumes it: {records:?}");
}

#[test]
fn sigint_at_a_runbook_run_prompt_exits_130_with_the_terminal_cooked() {
    let emulator = Emulator::start();
    seed_slow_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    let shell_pid = state.path().join("shell.pid");
    let pty = runbook_run(&emulator, state.path(), &shell_pid, false);
    pty.expect("Send it? [y/N]", WAIT);
    signal(&child_pid_file(state.path(), &shell_pid), "INT");
    let (code, text) = pty.wait_open(WAIT);
    assert_eq!(code, 130, "{text}");
    assert!(text.contains("warroom: stopped by SIGINT."), "{text}");
    assert_cooked(&text);
    assert_eq!(emulator.calls_of("SendCommand"), 0);
}
