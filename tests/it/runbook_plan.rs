//! `warroom runbook plan`: every step resolved, nothing sent, hostile values quoted.

use std::process::{Command, Output};

const ANNOUNCE: &str = "tests/fixtures/runbooks/plan/announce.md";

fn plan(args: &[&str]) -> (Output, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["runbook", "plan"])
        .args(args)
        .output()
        .expect("warroom runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

/// The lines under `commands:` of the step whose heading line contains `heading`.
fn commands_of(stdout: &str, heading: &str) -> Vec<String> {
    stdout
        .lines()
        .skip_while(|line| !line.contains(heading))
        .skip_while(|line| line.trim() != "commands:")
        .skip(1)
        .take_while(|line| line.starts_with("    "))
        .map(|line| line[4..].to_string())
        .collect()
}

#[test]
fn the_demo_runbook_plans_every_step_with_what_would_be_sent() {
    let (out, stdout, stderr) = plan(&["runbooks/checkout-5xx.md"]);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("Nothing is sent: this is a plan."));
    assert!(stdout.contains("Runs only in account 123456789012"));
    assert!(stdout.contains("Step 1. Confirm the errors and when they began  [logs-insights]"));
    assert!(stdout.contains("  log groups:    /aws/ecs/checkout-api\n  since:         1h ago\n"));
    assert!(stdout.contains("    | stats count(*) by bin(5m)\n"));
    assert!(stdout.contains("Step 5. Review the security group change  [manual]"));
    let restart = stdout
        .split("\n\n")
        .find(|step| step.starts_with("Step 6. Restart checkout-api  [AWS-RunShellScript]"))
        .expect("the restart step");
    for line in [
        "  document:      AWS-RunShellScript",
        "  targets:       instances tagged Service=checkout",
        "  rate control:  max concurrency 1, max errors 0",
        "  timeout:       5m",
        "  confirm:       typed (type the account id or the target name)",
        "  stop on alarm: checkout-db-cpu",
        "    systemctl restart checkout-api",
    ] {
        assert!(restart.lines().any(|l| l == line), "{line:?} in\n{restart}");
    }
}

#[test]
fn a_hostile_value_is_shown_quoted_and_a_shell_reads_it_back_whole() {
    let hostile = "it's done; rm -rf / $(reboot) `id` \"$HOME\"";
    let (out, stdout, stderr) = plan(&[ANNOUNCE, "--param", &format!("message={hostile}")]);
    assert!(out.status.success(), "{stderr}");
    let wall = commands_of(&stdout, "Announce on Linux");
    assert_eq!(
        wall,
        [r#"wall 'it'\''s done; rm -rf / $(reboot) `id` "$HOME"'"#]
    );
    let word = wall[0].trim_start_matches("wall ");
    let echoed = Command::new("sh")
        .arg("-c")
        .arg(format!("printf %s {word}"))
        .output()
        .expect("sh runs");
    assert_eq!(String::from_utf8_lossy(&echoed.stdout), hostile);
    assert_eq!(
        commands_of(&stdout, "Announce on Windows"),
        [r#"msg * 'it''s done; rm -rf / $(reboot) `id` "$HOME"'"#]
    );
    assert!(
        stdout.contains("  targets:       instances i-0123456789abcdef0, i-0fedcba9876543210\n")
    );
}

#[test]
fn a_value_that_fails_its_pattern_and_a_missing_one_are_refused_by_name() {
    let (out, stdout, stderr) = plan(&[
        "runbooks/restart-service.md",
        "--param",
        "service=web; reboot",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "warroom: runbooks/restart-service.md: parameter `service`: `web; reboot` does not match its pattern `[a-z][a-z0-9-]{1,40}`\n\
         warroom: runbooks/restart-service.md: parameter `unit`: needs a value (the systemd unit to restart, such as checkout-api): pass --param unit=…\n"
    );
}

#[test]
fn an_unknown_parameter_is_refused() {
    let (out, _, stderr) = plan(&[ANNOUNCE, "--param", "message=hi", "--param", "mesage=hi"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr,
        "warroom: tests/fixtures/runbooks/plan/announce.md: parameter `mesage`: no such parameter (this runbook takes message)\n"
    );
}

#[test]
fn a_runbook_with_problems_is_not_planned() {
    let (out, stdout, stderr) = plan(&["tests/fixtures/runbooks/invalid/no_targets.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with(
            "tests/fixtures/runbooks/invalid/no_targets.md:7:1: this bash block has no targets"
        ),
        "{stderr}"
    );
}

#[test]
fn a_param_without_equals_is_a_usage_error() {
    let (out, _, stderr) = plan(&[ANNOUNCE, "--param", "message"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("`message` is not name=value"), "{stderr}");
}

/// Text of the file that the plan prints (the title and the description, spelled with TOML
/// escapes) shows its control and bidi characters as escapes.
#[test]
fn control_characters_in_the_runbook_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("titled.md");
    std::fs::write(
        &file,
        "+++\ntitle = \"restart\\u001b]0;owned\\u0007\"\ndescription = \"safe\\u001b[2J\\rhidden \\u202eexe\"\n[targets]\ntags = { Service = \"web\" }\n+++\n\n## Check\n\nCheck it.\n\n```sh {\"name\":\"check\"}\nuptime\n```\n",
    )
    .unwrap();
    let (out, stdout, stderr) = plan(&[&file.display().to_string()]);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !out.stdout.iter().any(|&b| b < 0x20 && b != b'\n') && !stdout.contains('\u{202e}'),
        "{stdout:?}"
    );
    assert!(
        stdout.starts_with("restart\\x1b]0;owned\\x07\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nsafe\\x1b[2J\\rhidden \\u{202e}exe\n"),
        "{stdout}"
    );
}
