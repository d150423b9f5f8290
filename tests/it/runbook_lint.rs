//! `warroom runbook lint` on the shipped runbooks and on invalid ones, each beside the exact
//! output it must give (its `.err` file).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const INVALID: &str = "tests/fixtures/runbooks/invalid";

fn lint(args: &[&str]) -> (Output, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["runbook", "lint"])
        .args(args)
        .output()
        .expect("warroom runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

fn markdown_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no runbooks in {dir}");
    files
}

fn expected(file: &Path) -> String {
    let err = file.with_extension("err");
    std::fs::read_to_string(&err)
        .unwrap_or_else(|e| panic!("{} needs {}: {e}", file.display(), err.display()))
}

#[test]
fn every_shipped_runbook_lints_clean() {
    let count = markdown_files("runbooks").len();
    assert!(count >= 4, "at least four runbooks ship");
    assert!(Path::new("runbooks/checkout-5xx.md").exists());
    let (out, stdout, stderr) = lint(&["runbooks"]);
    assert_eq!(stdout, format!("ok {count} runbooks\n"), "{stderr}");
    assert!(out.status.success());
}

#[test]
fn with_no_path_it_lints_the_runbooks_folder() {
    let (out, stdout, _) = lint(&[]);
    assert!(out.status.success());
    assert_eq!(
        stdout,
        format!("ok {} runbooks\n", markdown_files("runbooks").len())
    );
}

#[test]
fn every_invalid_runbook_gives_its_exact_problems() {
    for file in markdown_files(INVALID) {
        let path = file.to_string_lossy().into_owned();
        let (out, stdout, stderr) = lint(&[&path]);
        assert_eq!(stdout, expected(&file), "{path}: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{path}");
    }
}

#[test]
fn a_folder_gives_the_problems_of_every_file_in_it() {
    let all: String = markdown_files(INVALID)
        .iter()
        .map(|f| expected(f))
        .collect();
    let (out, stdout, _) = lint(&[INVALID]);
    assert_eq!(stdout, all);
    assert_eq!(out.status.code(), Some(1));
    let (out, stdout, _) = lint(&[
        "runbooks/checkout-5xx.md",
        "tests/fixtures/runbooks/invalid/empty.md",
    ]);
    assert_eq!(
        stdout,
        expected(Path::new("tests/fixtures/runbooks/invalid/empty.md"))
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_path_that_does_not_exist_is_named() {
    let (out, stdout, stderr) = lint(&["runbooks/nope.md"]);
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("warroom: runbooks/nope.md: "),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(2));
}

/// A problem that quotes the file (here an instance id the front matter spells with TOML
/// escapes) shows the quoted control characters as escapes, in lint and in plan.
#[test]
fn a_problem_that_quotes_the_file_shows_its_control_characters_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("quoted.md");
    std::fs::write(
        &file,
        "+++\ntitle = \"quoted\"\n[targets]\ninstance_ids = [\"i-0\\u001b]0;owned\\u0007\\u202e\\r\"]\n+++\n\n## Check\n\nCheck it.\n\n```sh {\"name\":\"check\"}\nuptime\n```\n",
    )
    .unwrap();
    let file = file.display().to_string();
    let (out, stdout, _) = lint(&[&file]);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let planned = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["runbook", "plan", &file])
        .output()
        .expect("warroom runs");
    for (what, bytes) in [("lint", &out.stdout), ("plan", &planned.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !bytes.iter().any(|&b| b < 0x20 && b != b'\n') && !text.contains('\u{202e}'),
            "{what}: {text:?}"
        );
        assert!(
            text.contains("`i-0\\x1b]0;owned\\x07\\u{202e}\\r`"),
            "{what}: {text}"
        );
    }
}

#[test]
fn a_carriage_return_or_a_bidi_override_in_a_block_fails_lint_naming_it_where_it_is() {
    let (out, stdout, _) = lint(&["tests/fixtures/runbooks/invalid/hidden_cr.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.starts_with("tests/fixtures/runbooks/invalid/hidden_cr.md:11:16: this block holds \\r carriage return"),
        "{stdout}"
    );
    assert!(
        stdout.contains("The line reads: rm -rf /data # \\recho checking\n"),
        "the line is quoted with the carriage return shown: {stdout}"
    );
    assert!(
        !stdout.contains('\r'),
        "no raw carriage return reaches the terminal"
    );

    let (out, stdout, _) = lint(&["tests/fixtures/runbooks/invalid/hidden_bidi.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("hidden_bidi.md:15:34: this block holds U+202E RIGHT-TO-LEFT OVERRIDE"),
        "{stdout}"
    );
    assert!(
        stdout.contains("hidden_bidi.md:5:24: params.unit.default: `checkout-api\\u{202e}` holds U+202E RIGHT-TO-LEFT OVERRIDE"),
        "a default value is refused too: {stdout}"
    );
    assert!(!stdout.contains('\u{202e}'), "{stdout}");
}

#[test]
fn raw_true_needs_a_pattern_that_keeps_shell_syntax_out() {
    let (out, stdout, _) = lint(&["tests/fixtures/runbooks/invalid/raw_pattern_lets_in_shell.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains(":19:19: raw=true inserts `{{unit}}` unquoted, but the pattern of [params.unit] (line 6) `.*` lets in `;`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("(line 10) `[0-9]+( [0-9]+)?` lets in a space"),
        "{stdout}"
    );
    let (out, stdout, stderr) = lint(&["tests/fixtures/runbooks/valid/raw_safe_pattern.md"]);
    assert_eq!(stdout, "ok 1 runbook\n", "{stderr}");
    assert!(out.status.success());
}

#[test]
fn plan_refuses_a_hidden_character_in_a_block_and_in_a_parameter_value() {
    let plan = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
            .args(["runbook", "plan"])
            .args(args)
            .output()
            .expect("warroom runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = plan(&["tests/fixtures/runbooks/invalid/hidden_cr.md"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("hidden_cr.md:11:16: this block holds \\r carriage return"),
        "{stderr}"
    );
    let (code, stderr) = plan(&[
        "runbooks/checkout-5xx.md",
        "--param",
        "service=checkout\u{202e}ipa-",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains(
            "parameter `service`: `checkout\\u{202e}ipa-` holds U+202E RIGHT-TO-LEFT OVERRIDE (character 9)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains('\u{202e}'), "{stderr}");
}
