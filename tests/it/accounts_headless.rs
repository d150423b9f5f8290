//! `warroom triage --accounts NAME` and `warroom alarms --accounts NAME` against the demo's
//! organization in the emulator:
//! production (the management account, in ALARM), staging (in ALARM in us-east-1),
//! shared-services (calm) and sandbox (AssumeRole denied), each in us-east-1 and eu-west-1.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use common::emulator::Emulator;

const SETS: &str = r#"
[accounts.demo]
organization = { role = "OrganizationAccountAccessRole" }
regions = ["us-east-1", "eu-west-1"]

[[accounts.demo.account]]
id = "123456789012"
production = true

[accounts.calm]
profiles = ["shared"]
regions = ["us-east-1", "eu-west-1"]

[accounts.half]
profiles = ["shared", "gone"]
regions = ["eu-west-1"]
"#;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn triage(emulator: &Emulator, dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["triage", "--since", "30h"];
    all.extend(args);
    warroom(emulator, dir, &all)
}

/// The binary with the demo's caller (production's key), the config above, and an AWS
/// config whose `shared` profile holds shared-services' key.
fn warroom(emulator: &Emulator, dir: &Path, args: &[&str]) -> Run {
    warroom_as(emulator, dir, "testing", args)
}

/// As [`warroom`], the caller's access key `key`.
fn warroom_as(emulator: &Emulator, dir: &Path, key: &str, args: &[&str]) -> Run {
    let config = dir.join("config.toml");
    std::fs::write(&config, SETS).unwrap();
    let credentials = dir.join("credentials");
    std::fs::write(
        &credentials,
        "[shared]\naws_access_key_id = AKIASHARED0000000001\naws_secret_access_key = x\n",
    )
    .unwrap();
    let aws_config = dir.join("aws-config");
    std::fs::write(&aws_config, "[profile shared]\nregion = eu-west-1\n").unwrap();
    let mut cmd: Command = common::binary::warroom(Some(dir));
    cmd.env("WARROOM_CONFIG", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
        .env("AWS_CONFIG_FILE", &aws_config)
        .env("USER", "oncall.alice")
        .env("AWS_ACCESS_KEY_ID", key)
        .args(["--endpoint-url", &emulator.url, "--region", "us-east-1"])
        .args(args);
    let out = cmd.output().expect("warroom runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The section headings, in order.
fn headings(stdout: &str) -> Vec<&str> {
    stdout.lines().filter(|l| l.starts_with("== ")).collect()
}

fn section<'a>(stdout: &'a str, heading: &str) -> &'a str {
    let start = stdout
        .find(heading)
        .unwrap_or_else(|| panic!("no section {heading}:\n{stdout}"));
    let rest = &stdout[start + heading.len()..];
    &rest[..rest.find("\n== ").unwrap_or(rest.len())]
}

const DENIED: &str = "AccessDenied: cannot assume arn:aws:iam::456789012345:role/OrganizationAccountAccessRole. Its trust policy must allow the caller, and the caller needs sts:AssumeRole on it. AWS said: User: arn:aws:iam::123456789012:user/moto is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::456789012345:role/OrganizationAccountAccessRole";

#[test]
fn every_account_and_region_is_printed_alarms_first_and_the_denied_account_as_such() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let dir = tempfile::tempdir().unwrap();
    let run = triage(&emulator, dir.path(), &["--accounts", "demo"]);
    assert_eq!(run.code, Some(2), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with(
            "ACCOUNT SET demo: 4 accounts × 2 regions; 2 with alarms in ALARM, 1 not reached\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        headings(&run.stdout),
        [
            "== production (123456789012) · us-east-1 · PROD ==",
            "== staging (210987654321) · us-east-1 ==",
            "== sandbox (456789012345) · us-east-1, eu-west-1 ==",
            "== production (123456789012) · eu-west-1 · PROD ==",
            "== staging (210987654321) · eu-west-1 ==",
            "== shared-services (345678901234) · us-east-1 ==",
            "== shared-services (345678901234) · eu-west-1 ==",
        ],
        "{}",
        run.stdout
    );
    let production = section(
        &run.stdout,
        "== production (123456789012) · us-east-1 · PROD ==",
    );
    assert!(production.contains("ALARMS IN ALARM (3)"), "{production}");
    assert!(production.contains("● checkout-api-5xx"), "{production}");
    let staging = section(&run.stdout, "== staging (210987654321) · us-east-1 ==");
    assert!(staging.contains("ALARMS IN ALARM (1)"), "{staging}");
    assert!(staging.contains("● staging-checkout-api-5xx"), "{staging}");
    assert!(
        !staging.contains("● checkout-api-5xx"),
        "production's alarms are not staging's: {staging}"
    );
    let sandbox = section(
        &run.stdout,
        "== sandbox (456789012345) · us-east-1, eu-west-1 ==",
    );
    assert_eq!(sandbox, format!("\nnot reached\nerror: {DENIED}\n"));
    assert!(
        run.stderr.contains(&format!(
            "warroom: triage without sandbox (456789012345) us-east-1, eu-west-1: {DENIED}"
        )),
        "{}",
        run.stderr
    );
    let shared = section(
        &run.stdout,
        "== shared-services (345678901234) · eu-west-1 ==",
    );
    assert!(shared.contains("ALARMS IN ALARM (0)"), "{shared}");

    let requests = emulator.requests();
    let assumed: Vec<(&str, &str)> = requests
        .iter()
        .filter(|r| r["operation"] == "AssumeRole")
        .map(|r| {
            (
                r["role_arn"].as_str().unwrap_or(""),
                r["role_session_name"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        assumed.len(),
        3,
        "one AssumeRole per member account: {assumed:?}"
    );
    assert!(
        assumed
            .iter()
            .all(|(_, name)| *name == "warroom-oncall.alice"),
        "{assumed:?}"
    );
    assert!(
        !assumed.iter().any(|(arn, _)| arn.contains("123456789012")),
        "the caller's own account is reached with its own credentials: {assumed:?}"
    );
    assert_lookups_within_rate(&requests);
}

/// No (account, region) pair above 2 LookupEvents in any second.
pub(crate) fn assert_lookups_within_rate(requests: &[Value]) {
    let mut by_pair: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    for r in requests.iter().filter(|r| r["operation"] == "LookupEvents") {
        by_pair
            .entry((
                r["account"].as_str().unwrap_or("").to_string(),
                r["region"].as_str().unwrap_or("").to_string(),
            ))
            .or_default()
            .push(r["time"].as_f64().expect("a request time"));
    }
    let us_east_1 = by_pair
        .get(&("123456789012".to_string(), "us-east-1".to_string()))
        .map_or(0, Vec::len);
    assert!(
        us_east_1 >= 3,
        "production's us-east-1 is asked for its own changes and eu-west-1's global ones: {by_pair:?}"
    );
    for (pair, times) in &mut by_pair {
        times.sort_by(f64::total_cmp);
        for window in times.windows(3) {
            assert!(
                window[2] - window[0] >= 1.0,
                "{pair:?}: 3 LookupEvents within {:.3} s: {times:?}",
                window[2] - window[0]
            );
        }
    }
}

#[test]
fn every_json_record_carries_its_account_and_region() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let dir = tempfile::tempdir().unwrap();
    let run = triage(
        &emulator,
        dir.path(),
        &["--accounts", "demo", "--format", "json"],
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let targets = json["targets"].as_array().expect("targets");
    assert_eq!(targets.len(), 8, "4 accounts × 2 regions");
    let mut records = 0;
    for target in targets {
        let (account, region) = (&target["account"], &target["region"]);
        assert!(
            account["id"].is_string() && account["name"].is_string(),
            "{target}"
        );
        assert!(region == "us-east-1" || region == "eu-west-1", "{target}");
        if account["name"] == "sandbox" {
            assert!(
                target["error"]
                    .as_str()
                    .is_some_and(|e| e.starts_with("AccessDenied")),
                "{target}"
            );
            continue;
        }
        for key in ["alarms", "risky_changes", "health_issues"] {
            for item in target[key]["items"].as_array().expect("items") {
                assert_eq!(&item["account"], account, "{item}");
                assert_eq!(&item["region"], region, "{item}");
                records += 1;
            }
        }
    }
    assert!(records >= 10, "{records} records");
    assert_eq!(targets[0]["account"]["name"], "production");
    assert_eq!(
        targets[0]["alarms"]["items"][0]["account"]["id"],
        "123456789012"
    );
}

#[test]
fn exit_codes_across_a_set_and_an_unknown_set() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let dir = tempfile::tempdir().unwrap();
    let calm = triage(&emulator, dir.path(), &["--accounts", "calm"]);
    assert_eq!(calm.code, Some(0), "{}\n{}", calm.stdout, calm.stderr);
    assert_eq!(
        headings(&calm.stdout),
        [
            "== shared (345678901234) · us-east-1 ==",
            "== shared (345678901234) · eu-west-1 =="
        ]
    );
    let half = triage(&emulator, dir.path(), &["--accounts", "half"]);
    assert_eq!(half.code, Some(1), "{}\n{}", half.stdout, half.stderr);
    assert!(
        half.stdout.contains("== gone · eu-west-1 ==\nnot reached\nerror: no profile `gone` in the AWS config or credentials file"),
        "{}",
        half.stdout
    );
    assert!(
        half.stdout
            .contains("== shared (345678901234) · eu-west-1 ==")
    );
    let unknown = triage(&emulator, dir.path(), &["--accounts", "prod"]);
    assert_eq!(unknown.code, Some(2));
    assert_eq!(
        unknown.stderr.trim_end(),
        "warroom: --accounts: no account set named `prod` (the config defines: calm, demo, half)"
    );
    assert!(unknown.stdout.is_empty());
}

#[test]
fn without_accounts_triage_is_as_before_and_other_commands_refuse_the_flag() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let dir = tempfile::tempdir().unwrap();
    let plain = triage(&emulator, dir.path(), &[]);
    assert_eq!(plain.code, Some(2), "{}", plain.stderr);
    assert!(
        plain.stdout.starts_with("ALARMS IN ALARM (3)\n"),
        "{}",
        plain.stdout
    );
    assert!(!plain.stdout.contains("=="), "{}", plain.stdout);
    let out = common::binary::warroom(Some(dir.path()))
        .args([
            "--endpoint-url",
            &emulator.url,
            "--accounts",
            "demo",
            "health",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "--accounts works with the console, `warroom triage`, `alarms` and `changes` only"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        emulator.calls_of("DescribeEvents"),
        1,
        "nothing asked for the refused command"
    );
}

#[test]
fn alarms_of_every_account_and_region_in_one_list_alarm_first() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let dir = tempfile::tempdir().unwrap();
    let run = warroom(&emulator, dir.path(), &["--accounts", "demo", "alarms"]);
    assert_eq!(
        run.code,
        Some(1),
        "sandbox was not answered: {}",
        run.stderr
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("ACCOUNT SET demo: 4 accounts × 2 regions; ")
            && lines[0].ends_with(", 4 in ALARM; 1 not answered"),
        "{}",
        run.stdout
    );
    let rows: Vec<Vec<&str>> = lines[3..]
        .iter()
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    let firing: Vec<(&str, &str, &str)> = rows
        .iter()
        .take_while(|r| r[1] == "ALARM")
        .map(|r| (r[2], r[3], r[4]))
        .collect();
    assert_eq!(
        firing,
        [
            ("production", "us-east-1", "checkout-customer-impact"),
            ("production", "us-east-1", "checkout-p99-latency"),
            ("production", "us-east-1", "checkout-api-5xx"),
            ("staging", "us-east-1", "staging-checkout-api-5xx"),
        ],
        "{}",
        run.stdout
    );
    for (account, region) in [
        ("shared-services", "eu-west-1"),
        ("shared-services", "us-east-1"),
        ("staging", "eu-west-1"),
    ] {
        assert!(
            rows.iter().any(|r| r[2] == account && r[3] == region),
            "{account} {region}: {}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains(&format!(
            "\n== sandbox (456789012345) · us-east-1, eu-west-1 ==\nnot answered\nerror: {DENIED}\n"
        )),
        "{}",
        run.stdout
    );
    let json = warroom(
        &emulator,
        dir.path(),
        &[
            "--accounts",
            "demo",
            "alarms",
            "--format",
            "json",
            "--state",
            "ALARM",
        ],
    );
    let json: Value = serde_json::from_str(&json.stdout).expect("JSON");
    let alarms = json["alarms"].as_array().expect("alarms");
    assert_eq!(alarms.len(), 4);
    assert_eq!(alarms[3]["account"]["id"], "210987654321");
    assert_eq!(alarms[3]["account"]["name"], "staging");
    assert_eq!(alarms[3]["region"], "us-east-1");
    assert_eq!(alarms[3]["name"], "staging-checkout-api-5xx");
}

#[test]
fn an_organization_set_from_a_member_account_says_who_may_list_it() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let dir = tempfile::tempdir().unwrap();
    let run = warroom_as(
        &emulator,
        dir.path(),
        "AKIASTAGING000000001",
        &["triage", "--accounts", "demo"],
    );
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "warroom: account set demo: cannot list the organization's accounts (run warroom with the management account's or a delegated administrator's credentials): Access denied (AccessDeniedException): the credentials in use lack organizations:ListAccounts."
        ),
        "{}",
        run.stderr
    );
    assert_eq!(emulator.calls_of("AssumeRole"), 0);
}

#[test]
fn changes_of_every_account_and_region_newest_first_each_at_its_own_pace() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let dir = tempfile::tempdir().unwrap();
    let run = warroom(
        &emulator,
        dir.path(),
        &["--accounts", "demo", "changes", "--since", "30h"],
    );
    assert_eq!(
        run.code,
        Some(1),
        "sandbox was not answered: {}",
        run.stderr
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("ACCOUNT SET demo: 4 accounts × 2 regions; ")
            && lines[0].ends_with("; 1 not answered"),
        "{}",
        run.stdout
    );
    let rows: Vec<Vec<&str>> = lines[3..]
        .iter()
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().collect())
        .collect();
    let times: Vec<String> = rows.iter().map(|r| format!("{} {}", r[0], r[1])).collect();
    let mut newest_first = times.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, newest_first, "{}", run.stdout);
    for (account, region, event) in [
        ("staging", "us-east-1", "UpdateService"),
        ("staging", "eu-west-1", "UpdateFunctionCode20150331v2"),
        (
            "shared-services",
            "us-east-1",
            "ModifyTransitGatewayVpcAttachment",
        ),
        ("production", "us-east-1", "RevokeSecurityGroupIngress"),
    ] {
        assert!(
            rows.iter()
                .any(|r| r[2] == account && r[3] == region && r[4] == event),
            "{account} {region} {event}:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains(&format!(
            "\n== sandbox (456789012345) · us-east-1, eu-west-1 ==\nnot answered\nerror: {DENIED}\n"
        )),
        "{}",
        run.stdout
    );
    assert_lookups_within_rate(&emulator.requests());
}
