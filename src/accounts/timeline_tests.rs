use super::*;
use crate::accounts::target::AccountRef;

fn row(time: &str, source: Source, what: &str, key: &str) -> TimelineEvent {
    TimelineEvent {
        time: time.parse().unwrap(),
        source,
        what: what.into(),
        who: String::new(),
        detail: String::new(),
        risky: false,
        key: key.into(),
    }
}

fn swept(name: &str, id: &str, region: &str, answer: Result<FromAws, String>) -> Swept<FromAws> {
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

fn answered(rows: Vec<TimelineEvent>, id: &str) -> Result<FromAws, String> {
    Ok(FromAws {
        account: Ok(id.into()),
        lists: vec![
            (gather::SOURCES[0].to_string(), Ok(rows)),
            (gather::SOURCES[1].to_string(), Err("Throttled".to_string())),
        ],
    })
}

#[test]
fn the_same_item_in_two_accounts_is_two_rows_in_time_order_each_with_its_origin() {
    let same_key = "alarm:checkout-api-5xx@2026-11-23T02:58:00Z";
    let swept = vec![
        swept(
            "production",
            "123456789012",
            "us-east-1",
            answered(
                vec![row(
                    "2026-11-23T02:58:00Z",
                    Source::Alarm,
                    "prod fired",
                    same_key,
                )],
                "123456789012",
            ),
        ),
        swept(
            "staging",
            "210987654321",
            "eu-west-1",
            answered(
                vec![
                    row(
                        "2026-11-23T02:50:00Z",
                        Source::Alarm,
                        "staging fired",
                        same_key,
                    ),
                    row(
                        "2026-11-23T03:00:00Z",
                        Source::Health,
                        "ec2 issue",
                        "health:arn",
                    ),
                ],
                "210987654321",
            ),
        ),
        swept(
            "sandbox",
            "456789012345",
            "us-east-1",
            Err("AccessDenied".into()),
        ),
        swept(
            "sandbox",
            "456789012345",
            "eu-west-1",
            Err("AccessDenied".into()),
        ),
    ];
    let over = Over {
        window: (
            "2026-11-23T02:00:00Z".parse().unwrap(),
            "2026-11-23T04:00:00Z".parse().unwrap(),
        ),
        state_dir: None,
        incident: None,
        now: "2026-11-23T04:00:00Z".parse().unwrap(),
    };
    let timeline = assemble("demo", swept, &over);
    let rows: Vec<(&str, &str, &str, &str)> = timeline
        .events
        .iter()
        .zip(&timeline.origins)
        .map(|(e, o)| {
            (
                e.what.as_str(),
                o.account.as_str(),
                o.region.as_str(),
                e.key.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("staging fired", "staging", "eu-west-1", same_key),
            ("prod fired", "production", "us-east-1", same_key),
            ("ec2 issue", "staging", "eu-west-1", "health:arn"),
        ]
    );
    assert_eq!((timeline.accounts, timeline.regions.len()), (3, 2));
    let failures: Vec<&str> = timeline
        .failures
        .iter()
        .map(|(what, _)| what.as_str())
        .collect();
    assert_eq!(
        failures,
        [
            "changes (cloudtrail:LookupEvents) of production (123456789012) in us-east-1",
            "changes (cloudtrail:LookupEvents) of staging (210987654321) in eu-west-1",
            "sandbox (456789012345) in us-east-1, eu-west-1",
            "queries and runbook steps",
        ]
    );
}
