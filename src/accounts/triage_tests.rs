use super::*;
use crate::accounts::target::AccountRef;
use crate::triage::Firing;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn calm(region: &str) -> Triage {
    Triage {
        region: region.into(),
        now: at("2026-11-23T04:00:00Z"),
        since: at("2026-11-23T03:00:00Z"),
        alarms: Section::Items(Vec::new()),
        risky_changes: Section::Items(Vec::new()),
        health_issues: Section::Items(Vec::new()),
    }
}

fn firing_in(region: &str, name: &str) -> Triage {
    Triage {
        alarms: Section::Items(vec![Firing {
            name: name.into(),
            since: None,
            for_seconds: None,
            reason: "Threshold Crossed".into(),
        }]),
        ..calm(region)
    }
}

fn target(id: &str, name: &str, region: &str, answer: Result<Triage, String>) -> Swept<Triage> {
    Swept {
        account: AccountRef {
            id: Some(id.into()),
            name: name.into(),
        },
        color: None,
        production: name == "production",
        region: region.into(),
        answer,
    }
}

fn all(targets: Vec<Swept<Triage>>) -> AccountsTriage {
    AccountsTriage {
        set: "demo".into(),
        since: at("2026-11-23T03:00:00Z"),
        now: at("2026-11-23T04:00:00Z"),
        targets,
    }
}

fn denied() -> Result<Triage, String> {
    Err("AccessDenied: cannot assume arn:aws:iam::456789012345:role/R.".into())
}

#[test]
fn any_account_in_alarm_is_2_else_any_failure_is_1_else_0() {
    let firing = || {
        target(
            "1",
            "production",
            "us-east-1",
            Ok(firing_in("us-east-1", "a")),
        )
    };
    let quiet = || target("2", "staging", "eu-west-1", Ok(calm("eu-west-1")));
    let refused = || target("3", "sandbox", "us-east-1", denied());
    let section_failed = || {
        let mut t = calm("us-east-1");
        t.health_issues = Section::Error("throttled".into());
        target("4", "shared", "us-east-1", Ok(t))
    };
    assert_eq!(all(vec![quiet(), refused(), firing()]).exit_code(), 2);
    assert_eq!(all(vec![quiet(), refused()]).exit_code(), 1);
    assert_eq!(all(vec![quiet(), section_failed()]).exit_code(), 1);
    assert_eq!(all(vec![quiet(), quiet()]).exit_code(), 0);
}

#[test]
fn the_table_puts_accounts_in_alarm_first_and_shows_a_refused_account_in_its_own_section() {
    let whole = all(vec![
        target(
            "210987654321",
            "staging",
            "eu-west-1",
            Ok(calm("eu-west-1")),
        ),
        target("456789012345", "sandbox", "us-east-1", denied()),
        target(
            "123456789012",
            "production",
            "us-east-1",
            Ok(firing_in("us-east-1", "checkout-api-5xx")),
        ),
    ]);
    let mut out = Vec::new();
    write_table(&mut out, &whole).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with(
            "ACCOUNT SET demo: 3 accounts × 2 regions; 1 with alarms in ALARM, 1 not reached\n\n== production (123456789012) · us-east-1 · PROD ==\nALARMS IN ALARM (1)\n"
        ),
        "{text}"
    );
    let sandbox = text.find("== sandbox (456789012345) · us-east-1 ==\nnot reached\nerror: AccessDenied: cannot assume arn:aws:iam::456789012345:role/R.\n");
    let staging = text.find("== staging (210987654321) · eu-west-1 ==\nALARMS IN ALARM (0)");
    assert!(
        sandbox.is_some() && staging.is_some() && sandbox < staging,
        "{text}"
    );
}

#[test]
fn an_account_not_reached_is_one_section_for_all_its_regions() {
    let whole = all(vec![
        target("456789012345", "sandbox", "us-east-1", denied()),
        target("456789012345", "sandbox", "eu-west-1", denied()),
        target(
            "210987654321",
            "staging",
            "us-east-1",
            Ok(calm("us-east-1")),
        ),
    ]);
    let mut out = Vec::new();
    write_table(&mut out, &whole).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("ACCOUNT SET demo: 2 accounts × 2 regions; 0 with alarms in ALARM, 1 not reached\n\n== sandbox (456789012345) · us-east-1, eu-west-1 ==\nnot reached\nerror: AccessDenied"),
        "{text}"
    );
    assert_eq!(text.matches("== sandbox").count(), 1, "{text}");
    assert_eq!(
        whole.complaints(),
        [
            "triage without sandbox (456789012345) us-east-1, eu-west-1: AccessDenied: cannot assume arn:aws:iam::456789012345:role/R."
        ]
    );
}

#[test]
fn every_json_record_carries_its_account_and_region() {
    let whole = all(vec![
        target("456789012345", "sandbox", "us-east-1", denied()),
        target(
            "123456789012",
            "production",
            "eu-west-1",
            Ok(firing_in("eu-west-1", "checkout-api-5xx")),
        ),
    ]);
    let mut out = Vec::new();
    write_json(&mut out, &whole).unwrap();
    let json: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["set"], "demo");
    let first = &json["targets"][0];
    assert_eq!(first["account"]["id"], "123456789012");
    assert_eq!(first["account"]["name"], "production");
    assert_eq!(first["region"], "eu-west-1");
    let alarm = &first["alarms"]["items"][0];
    assert_eq!(alarm["account"]["id"], "123456789012");
    assert_eq!(alarm["region"], "eu-west-1");
    assert_eq!(alarm["name"], "checkout-api-5xx");
    let refused = &json["targets"][1];
    assert_eq!(refused["account"]["name"], "sandbox");
    assert_eq!(refused["region"], "us-east-1");
    assert_eq!(
        refused["error"],
        "AccessDenied: cannot assume arn:aws:iam::456789012345:role/R."
    );
}

#[test]
fn an_account_name_from_aws_reaches_the_terminal_defused() {
    let whole = all(vec![target(
        "210987654321",
        "evil\u{1b}[2Jname",
        "us-east-1",
        Err("AccessDenied\u{1b}]0;x\u{7}".into()),
    )]);
    let mut out = Vec::new();
    write_table(&mut out, &whole).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.contains("evil\\x1b[2Jname"), "{text}");
}
