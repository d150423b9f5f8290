use super::*;
use crate::accounts::target::AccountRef;
use crate::alarms::model::{AlarmActions, AlarmKind};

fn alarm(name: &str, state: AlarmState, at: &str) -> Alarm {
    Alarm {
        name: name.into(),
        arn: String::new(),
        description: None,
        state,
        state_reason: "Threshold Crossed".into(),
        place: None,
        state_reason_data: None,
        state_updated: Some(at.parse().unwrap()),
        kind: AlarmKind::Composite {
            rule: String::new(),
        },
        actions: AlarmActions::default(),
    }
}

fn target(
    id: &str,
    name: &str,
    region: &str,
    answer: Result<Result<Vec<Alarm>, String>, String>,
) -> Swept<Result<Vec<Alarm>, String>> {
    Swept {
        account: AccountRef {
            id: Some(id.into()),
            name: name.into(),
        },
        color: None,
        production: false,
        region: region.into(),
        answer,
    }
}

fn sample() -> AccountsAlarms {
    gather(
        "demo",
        vec![
            target(
                "1",
                "production",
                "us-east-1",
                Ok(Ok(vec![
                    alarm("prod-ok", AlarmState::Ok, "2026-11-23T01:00:00Z"),
                    alarm("prod-5xx", AlarmState::Alarm, "2026-11-23T03:00:00Z"),
                ])),
            ),
            target(
                "2",
                "staging",
                "eu-west-1",
                Ok(Ok(vec![alarm(
                    "staging-5xx",
                    AlarmState::Alarm,
                    "2026-11-23T03:30:00Z",
                )])),
            ),
            target(
                "3",
                "sandbox",
                "us-east-1",
                Err("AccessDenied on the role".into()),
            ),
            target(
                "3",
                "sandbox",
                "eu-west-1",
                Err("AccessDenied on the role".into()),
            ),
            target(
                "2",
                "staging",
                "us-east-1",
                Ok(Err("cloudwatch:DescribeAlarms timed out".into())),
            ),
        ],
        None,
    )
}

#[test]
fn alarms_of_every_account_in_one_list_alarm_first_and_what_failed_after_it() {
    let all = sample();
    let mut out = Vec::new();
    write_table(&mut out, &all, "2026-11-23T04:00:00Z".parse().unwrap()).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "ACCOUNT SET demo: 3 accounts × 2 regions; 3 alarms, 2 in ALARM; 2 not answered"
    );
    assert!(lines[2].starts_with("STATE"), "{text}");
    assert!(
        lines[3].contains("staging     eu-west-1  staging-5xx"),
        "{text}"
    );
    assert!(
        lines[4].contains("production  us-east-1  prod-5xx"),
        "{text}"
    );
    assert!(lines[5].contains("prod-ok"), "{text}");
    assert!(
        text.contains("\n== sandbox (3) · us-east-1, eu-west-1 ==\nnot answered\nerror: AccessDenied on the role\n"),
        "{text}"
    );
    assert!(
        text.contains("\n== staging (2) · us-east-1 ==\nnot answered\nerror: cloudwatch:DescribeAlarms timed out\n"),
        "{text}"
    );
    assert_eq!(all.exit_code(), 1);
}

#[test]
fn each_json_alarm_carries_its_account_and_region() {
    let mut out = Vec::new();
    write_json(&mut out, &sample()).unwrap();
    let json: Value = serde_json::from_slice(&out).unwrap();
    let first = &json["alarms"][0];
    assert_eq!(first["account"]["name"], "staging");
    assert_eq!(first["region"], "eu-west-1");
    assert_eq!(first["name"], "staging-5xx");
    assert_eq!(json["unanswered"][0]["regions"][1], "eu-west-1");
    assert_eq!(json["unanswered"][0]["error"], "AccessDenied on the role");
}

#[test]
fn a_state_keeps_only_those_alarms_and_all_answered_is_0() {
    let all = gather(
        "demo",
        vec![target(
            "1",
            "production",
            "us-east-1",
            Ok(Ok(vec![
                alarm("a", AlarmState::Ok, "2026-11-23T01:00:00Z"),
                alarm("b", AlarmState::Alarm, "2026-11-23T03:00:00Z"),
            ])),
        )],
        Some(AlarmState::Alarm),
    );
    assert_eq!(all.items.len(), 1);
    assert_eq!(all.items[0].item.name, "b");
    assert_eq!(all.exit_code(), 0);
}
