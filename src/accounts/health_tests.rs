use super::*;
use crate::accounts::target::AccountRef;
use crate::health::EventStatus;

fn event(arn: &str, region: &str, status: EventStatus, start: &str) -> HealthEvent {
    HealthEvent {
        arn: arn.into(),
        service: "EC2".into(),
        type_code: "AWS_EC2_OPERATIONAL_ISSUE".into(),
        category: "issue".into(),
        region: region.into(),
        availability_zone: None,
        status,
        start: Some(start.parse().unwrap()),
        end: None,
        last_updated: None,
        scope: Some("ACCOUNT_SPECIFIC".into()),
        located: None,
    }
}

fn target(
    name: &str,
    id: &str,
    answer: Result<Vec<HealthEvent>, String>,
) -> Swept<Result<Vec<HealthEvent>, String>> {
    Swept {
        account: AccountRef {
            id: Some(id.into()),
            name: name.into(),
        },
        color: None,
        production: false,
        region: HEALTH_REGION.into(),
        answer: Ok(answer),
    }
}

#[test]
fn each_row_is_in_its_event_region_open_first_and_a_failed_account_has_no_regions() {
    let closed = event(
        "arn:1",
        "eu-west-1",
        EventStatus::Closed,
        "2026-11-23T01:00:00Z",
    );
    let open = event("arn:2", "global", EventStatus::Open, "2026-11-22T01:00:00Z");
    let targets = vec![
        target("staging", "210987654321", Ok(vec![closed.clone(), closed])),
        target("production", "123456789012", Ok(vec![open])),
        target("sandbox", "456789012345", Err("AccessDenied: no".into())),
    ];
    let all = SetHealth {
        listing: gather("demo", targets),
        regions: vec!["us-east-1".into()],
        organization: false,
        fallback: None,
    };
    let places: Vec<(&str, &str)> = all
        .listing
        .items
        .iter()
        .map(|p| (p.account.name.as_str(), p.region.as_str()))
        .collect();
    assert_eq!(places, [("production", "global"), ("staging", "eu-west-1")]);
    let mut out = Vec::new();
    write_table(&mut out, &all).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("ACCOUNT SET demo: 3 accounts; Health of us-east-1 and global services an account at a time; 2 events, 1 open; 1 not answered\n"),
        "{text}"
    );
    assert!(
        text.contains("\n== sandbox (456789012345) ==\nnot answered\nerror: AccessDenied: no\n"),
        "{text}"
    );
    assert_eq!(all.exit_code(), 1);
}
