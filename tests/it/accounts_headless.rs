//! `warroom triage`, `alarms`, `changes`, `health` and `timeline` with `--accounts NAME`
//! against the demo's organization in the emulator:
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
            "query",
            "fields @message",
            "--log-group",
            "checkout-api",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "--accounts works with the console, `warroom triage`, `alarms`, `changes`, `health` and `timeline` only"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        emulator.calls_of("StartQuery"),
        0,
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

/// (account name, event type) of each row of `warroom health --accounts`' table.
fn health_rows(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .skip(3)
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split_whitespace().collect();
            let event = cells.iter().find(|c| c.starts_with("AWS_")).unwrap_or(&"");
            (cells[2].to_string(), event.to_string())
        })
        .collect()
}

#[test]
fn health_of_a_whole_organization_comes_from_its_organization_view_without_assuming_a_role() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let dir = tempfile::tempdir().unwrap();
    let run = warroom(&emulator, dir.path(), &["--accounts", "demo", "health"]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("ACCOUNT SET demo: 4 accounts; Health of us-east-1, eu-west-1 and global services through the organization view; 8 events, 2 open; 0 not answered\n"),
        "{}",
        run.stdout
    );
    let rows = health_rows(&run.stdout);
    for (account, event) in [
        ("production", "AWS_EC2_OPERATIONAL_ISSUE"),
        ("staging", "AWS_EC2_OPERATIONAL_ISSUE"),
        ("production", "AWS_RDS_MAINTENANCE_SCHEDULED"),
        ("sandbox", "AWS_LAMBDA_OPERATIONAL_ISSUE"),
        ("shared-services", "AWS_LAMBDA_OPERATIONAL_ISSUE"),
    ] {
        assert!(
            rows.contains(&(account.to_string(), event.to_string())),
            "{account} {event}: {}",
            run.stdout
        );
    }
    assert!(
        !rows.contains(&("staging".into(), "AWS_RDS_MAINTENANCE_SCHEDULED".into())),
        "production's maintenance is not staging's: {}",
        run.stdout
    );
    assert_eq!(rows[0].1, "AWS_EC2_OPERATIONAL_ISSUE", "open first");
    assert_eq!(
        emulator.calls_of("DescribeEvents"),
        0,
        "no account asked alone"
    );
    assert_eq!(emulator.calls_of("AssumeRole"), 0);
    assert!(emulator.calls_of("DescribeEventsForOrganization") >= 1);

    let json = warroom(
        &emulator,
        dir.path(),
        &["--accounts", "demo", "health", "--format", "json"],
    );
    assert_eq!(json.code, Some(0), "{}", json.stderr);
    let json: Value = serde_json::from_str(&json.stdout).expect("JSON");
    let events = json["events"].as_array().expect("events");
    assert_eq!(events.len(), 8);
    for event in events {
        assert!(event["account"]["id"].is_string(), "{event}");
        assert!(event["account"]["name"].is_string(), "{event}");
        assert_eq!(
            event["region"],
            event["arn"].as_str().unwrap().split(':').nth(3).unwrap(),
            "{event}"
        );
    }
}

#[test]
fn health_asks_each_account_once_when_the_organization_view_is_refused_and_says_so() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    emulator.seed(serde_json::json!({"health": {"organization": false}}));
    let dir = tempfile::tempdir().unwrap();
    let run = warroom(&emulator, dir.path(), &["--accounts", "demo", "health"]);
    assert_eq!(
        run.code,
        Some(1),
        "sandbox was not answered: {}\n{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stderr.contains("warroom: account set demo: Health's organization view does not answer these credentials: it needs EnableHealthServiceAccessForOrganization once in the management account, and the management account's or Health's delegated administrator's credentials; asking each account's Health instead"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.starts_with("ACCOUNT SET demo: 4 accounts; Health of us-east-1, eu-west-1 and global services an account at a time; 7 events, 2 open; 1 not answered\n"),
        "{}",
        run.stdout
    );
    let rows = health_rows(&run.stdout);
    assert!(
        rows.contains(&("staging".into(), "AWS_EC2_OPERATIONAL_ISSUE".into())),
        "{}",
        run.stdout
    );
    assert!(
        rows.iter().all(|(account, _)| account != "sandbox"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!(
            "\n== sandbox (456789012345) ==\nnot answered\nerror: {DENIED}\n"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(&format!(
            "warroom: health without sandbox (456789012345): {DENIED}"
        )),
        "{}",
        run.stderr
    );
    let requests = emulator.requests();
    let mut asked: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in requests
        .iter()
        .filter(|r| r["operation"] == "DescribeEvents")
    {
        asked
            .entry(r["account"].as_str().unwrap_or("").to_string())
            .or_default()
            .push(r["region"].as_str().unwrap_or("").to_string());
    }
    assert_eq!(
        asked.keys().map(String::as_str).collect::<Vec<_>>(),
        ["123456789012", "210987654321", "345678901234"],
        "each reachable account: {asked:?}"
    );
    for (account, regions) in &asked {
        assert!(
            regions.iter().all(|r| r == "us-east-1") && regions.len() == 3,
            "{account}: Health is global, asked once (open, upcoming, closed) in us-east-1: {regions:?}"
        );
    }
}

#[test]
fn health_s_delegated_administrator_reads_the_organization_view() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    emulator.seed(serde_json::json!({"organization": {
        "management": "123456789012",
        "delegated_administrators": {"health.amazonaws.com": ["345678901234"]}
    }}));
    let dir = tempfile::tempdir().unwrap();
    let run = warroom_as(
        &emulator,
        dir.path(),
        "AKIASHARED0000000001",
        &["--accounts", "demo", "health"],
    );
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("through the organization view; 8 events"),
        "{}",
        run.stdout
    );
    assert_eq!(emulator.calls_of("DescribeEvents"), 0);
    let staging = warroom_as(
        &emulator,
        dir.path(),
        "AKIASTAGING000000001",
        &["--accounts", "calm", "health"],
    );
    assert_eq!(staging.code, Some(0), "{}", staging.stderr);
    assert!(
        staging.stdout.contains("an account at a time")
            && !staging.stderr.contains("organization view"),
        "a profiles set is asked an account at a time, without trying the organization view: {}\n{}",
        staging.stdout,
        staging.stderr
    );
}

#[test]
fn a_timeline_over_a_set_merges_every_account_and_region_in_time_order_each_row_placed() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let dir = tempfile::tempdir().unwrap();
    let timeline = |format: &str| {
        warroom(
            &emulator,
            dir.path(),
            &[
                "--accounts",
                "demo",
                "timeline",
                "--since",
                "30h",
                "--format",
                format,
            ],
        )
    };
    let run = timeline("jsonl");
    assert_eq!(run.code, Some(1), "sandbox was not read: {}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "warroom: timeline without sandbox (456789012345) in us-east-1, eu-west-1: {DENIED}"
        )),
        "{}",
        run.stderr
    );
    let rows = common::timesketch::read_jsonl(&run.stdout).expect("Timesketch takes the JSONL");
    for line in run.stdout.lines() {
        let keys: Vec<String> = serde_json::from_str::<serde_json::Map<String, Value>>(line)
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(
            keys,
            [
                "message",
                "datetime",
                "timestamp_desc",
                "timestamp",
                "source",
                "what",
                "who",
                "detail",
                "risky",
                "key",
                "account",
                "region"
            ],
            "Timesketch's columns first: {line}"
        );
    }
    let times: Vec<i64> = rows
        .iter()
        .map(|r| r["timestamp"].as_i64().unwrap())
        .collect();
    assert!(times.is_sorted(), "in time order: {times:?}");
    let placed = |account: &str, region: &str, what: &str| {
        rows.iter().any(|r| {
            r["account"] == account
                && r["region"] == region
                && r["what"].as_str().unwrap().starts_with(what)
        })
    };
    for (account, region, what) in [
        (
            "staging",
            "us-east-1",
            "staging-checkout-api-5xx OK → ALARM",
        ),
        ("staging", "us-east-1", "UpdateService checkout-api"),
        (
            "staging",
            "eu-west-1",
            "UpdateFunctionCode20150331v2 staging-eu-receipts",
        ),
        ("shared-services", "eu-west-1", "UpdateResolverRule"),
        ("production", "us-east-1", "checkout-api-5xx OK → ALARM"),
        ("production", "us-east-1", "EC2 operational issue began"),
        ("staging", "us-east-1", "EC2 operational issue began"),
    ] {
        assert!(
            placed(account, region, what),
            "{account} {region} {what}:\n{}",
            run.stdout
        );
    }
    assert!(
        !rows.iter().any(|r| r["account"] == "sandbox"),
        "{}",
        run.stdout
    );
    let global = rows
        .iter()
        .filter(|r| {
            r["account"] == "production" && r["what"].as_str().unwrap().starts_with("PutRolePolicy")
        })
        .count();
    assert_eq!(
        global, 1,
        "a global IAM change, seen from both regions, is one row"
    );
    assert_lookups_within_rate(&emulator.requests());

    let csv = timeline("csv");
    assert_eq!(
        csv.stdout.lines().next(),
        Some(
            "message,datetime,timestamp_desc,timestamp,source,what,who,detail,risky,key,account,region"
        )
    );
    assert_eq!(csv.stdout.lines().count(), rows.len() + 1);
    let md = timeline("md");
    assert!(
        md.stdout.contains(
            "- **Account:** account set demo (4 accounts)\n- **Region:** us-east-1, eu-west-1\n"
        ),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("| Time (UTC) | Account | Region | Source | Event | Actor | Detail |"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout.contains(
            "- **Missing source:** sandbox (456789012345) in us-east-1, eu-west-1: AccessDenied"
        ),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("| staging | us-east-1 | alarm | staging-checkout-api-5xx OK → ALARM |"),
        "{}",
        md.stdout
    );
}
