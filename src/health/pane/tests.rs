use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::health::EventStatus;
use crate::health::HealthWork;

fn now() -> Timestamp {
    "2026-11-23T04:00:00Z".parse().unwrap()
}

fn event(
    id: &str,
    service: &str,
    category: &str,
    status: EventStatus,
    minutes_ago: i64,
) -> HealthEvent {
    let start = now() - SignedDuration::from_mins(minutes_ago);
    HealthEvent {
        arn: format!("arn:aws:health:us-east-1::event/{service}/{id}"),
        service: service.into(),
        type_code: format!("AWS_{service}_{id}"),
        category: category.into(),
        region: "us-east-1".into(),
        availability_zone: None,
        status,
        start: Some(start),
        end: None,
        last_updated: Some(start),
        scope: Some("ACCOUNT_SPECIFIC".into()),
        located: None,
    }
}

fn load(pane: &mut HealthPane, events: Vec<HealthEvent>) {
    let req = pane.status.pending.unwrap_or(0) + 1;
    pane.request(req, "us-east-1", now());
    assert!(pane.loaded(req, Ok(events), now()));
}

fn ids(pane: &HealthPane) -> Vec<String> {
    pane.visible_rows(0, usize::MAX)
        .map(|e| e.type_code.clone())
        .collect()
}

fn sample() -> Vec<HealthEvent> {
    vec![
        event("OLD_FIX", "LAMBDA", "issue", EventStatus::Closed, 1500),
        event(
            "MAINT",
            "RDS",
            "scheduledChange",
            EventStatus::Upcoming,
            -4000,
        ),
        event("NET", "EC2", "issue", EventStatus::Open, 70),
        event("NOTICE", "IAM", "accountNotification", EventStatus::Open, 5),
    ]
}

#[test]
fn open_events_come_first_then_upcoming_then_closed() {
    let mut pane = HealthPane::default();
    load(&mut pane, sample());
    assert_eq!(
        ids(&pane),
        [
            "AWS_IAM_NOTICE",
            "AWS_EC2_NET",
            "AWS_RDS_MAINT",
            "AWS_LAMBDA_OLD_FIX"
        ]
    );
}

#[test]
fn field_filters_narrow_by_prefix_and_combine() {
    let mut pane = HealthPane::default();
    load(&mut pane, sample());
    pane.set_facets(Facets::parse(&["category=issue"]).unwrap());
    assert_eq!(ids(&pane), ["AWS_EC2_NET", "AWS_LAMBDA_OLD_FIX"]);
    pane.set_facets(Facets::parse(&["service=ec2", "category=issue"]).unwrap());
    assert_eq!(ids(&pane), ["AWS_EC2_NET"]);
    pane.set_facets(Facets::parse(&["category=scheduled", "region=eu-"]).unwrap());
    assert!(ids(&pane).is_empty());
    assert!(
        Facets::parse(&["colour=red"])
            .unwrap_err()
            .contains("not a Health filter")
    );
    assert!(
        Facets::parse(&["service"])
            .unwrap_err()
            .contains("key=value")
    );
}

#[test]
fn new_and_updated_events_are_marked_after_a_refresh() {
    let mut pane = HealthPane::default();
    load(&mut pane, sample());
    assert!(
        !pane.is_changed(&sample()[2].arn),
        "nothing is new on the first load"
    );
    let mut next = sample();
    next[2].last_updated = Some(now());
    next.push(event("NEW", "S3", "issue", EventStatus::Open, 1));
    load(&mut pane, next);
    assert!(
        pane.is_changed("arn:aws:health:us-east-1::event/EC2/NET"),
        "updated"
    );
    assert!(
        pane.is_changed("arn:aws:health:us-east-1::event/S3/NEW"),
        "new"
    );
    assert!(!pane.is_changed("arn:aws:health:us-east-1::event/RDS/MAINT"));
}

#[test]
fn the_query_asks_for_this_region_and_the_chosen_view() {
    let mut pane = HealthPane::default();
    let HealthWork::LoadEvents { query, .. } = pane.request(1, "eu-west-1", now()) else {
        panic!("not a Health load")
    };
    assert_eq!(
        query,
        EventQuery {
            regions: vec!["eu-west-1".into()],
            organization: false
        }
    );
    pane.organization = true;
    let HealthWork::LoadEvents { query, .. } = pane.request(2, "eu-west-1", now()) else {
        panic!("not a Health load")
    };
    assert!(query.organization);
}

#[test]
fn opening_an_event_asks_for_its_description_and_entities() {
    let mut pane = HealthPane::default();
    load(&mut pane, sample());
    let effects = pane.open(10, 11);
    assert!(
        matches!(&effects[..], [HealthWork::LoadDescription { req: 10, organization: false, .. },
        HealthWork::LoadEntities { req: 11, accounts, .. }] if accounts.is_empty())
    );
}

#[test]
fn in_the_organization_view_entities_follow_the_accounts() {
    let mut pane = HealthPane {
        organization: true,
        ..Default::default()
    };
    load(&mut pane, sample());
    let effects = pane.open(10, 11);
    assert!(matches!(
        &effects[..],
        [HealthWork::LoadDescription {
            organization: true,
            ..
        }]
    ));
    let accounts = vec!["123456789012".to_string(), "210987654321".to_string()];
    let description = EventDescription {
        text: "network errors".into(),
        accounts: accounts.clone(),
    };
    assert!(
        pane.description_loaded(99, Ok(description.clone()))
            .is_empty(),
        "a stale answer is dropped"
    );
    let next = pane.description_loaded(10, Ok(description));
    assert!(
        matches!(&next[..], [HealthWork::LoadEntities { req: 11, accounts: a, .. }] if *a == accounts)
    );
}

#[test]
fn the_open_events_show_first_then_the_whole_list_without_marks() {
    let mut pane = HealthPane::default();
    pane.request(1, "us-east-1", now());
    let open: Vec<HealthEvent> = sample()
        .into_iter()
        .filter(|e| e.status == EventStatus::Open)
        .collect();
    pane.open_loaded(1, open);
    assert_eq!(ids(&pane), ["AWS_IAM_NOTICE", "AWS_EC2_NET"]);
    assert!(pane.only_open && pane.status.in_flight());
    assert!(pane.loaded(1, Ok(sample()), now()));
    assert_eq!(ids(&pane).len(), 4);
    assert!(!pane.only_open);
    assert!(
        pane.all().iter().all(|e| !pane.is_changed(&e.arn)),
        "nothing is marked on the first whole list"
    );
}

#[test]
fn a_refresh_keeps_the_whole_list_until_the_rest_arrives() {
    let mut pane = HealthPane::default();
    load(&mut pane, sample());
    pane.request(2, "us-east-1", now());
    pane.open_loaded(2, vec![event("NEW", "S3", "issue", EventStatus::Open, 1)]);
    assert_eq!(ids(&pane).len(), 4, "the whole list stays");
    assert!(!pane.only_open);
}

#[test]
fn when_the_rest_fails_the_open_events_stay_and_say_so() {
    let mut pane = HealthPane::default();
    pane.request(1, "us-east-1", now());
    pane.open_loaded(1, vec![event("NET", "EC2", "issue", EventStatus::Open, 70)]);
    let error = crate::aws::AwsError {
        kind: crate::aws::ErrorKind::Throttled,
        code: Some("ThrottlingException".into()),
        message: "AWS throttled health:DescribeEvents".into(),
    };
    assert!(pane.loaded(1, Err(error), now()));
    assert_eq!(ids(&pane), ["AWS_EC2_NET"]);
    assert!(pane.only_open && pane.status.error.is_some());
}
