//! The Health pane through the real loop and the real SDK (rpc-v2-cbor), against the emulator.

use crate::common;

use std::time::Duration;

use ratatui::crossterm::event::KeyCode;
use serde_json::json;

use common::console::{Console, runtime, unwrapped};
use common::emulator::Emulator;
use warroom::kit::Loadable;

const WAIT: Duration = Duration::from_secs(20);

fn ago(minutes: i64) -> String {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_mins(minutes)).to_string()
}

const EC2_ARN: &str =
    "arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/AWS_EC2_OPERATIONAL_ISSUE_TEST1";

fn seed(emulator: &Emulator) {
    let instance = |n: u8, status: &str| {
        json!({"entityValue": format!("i-0c4e1a2b3c4d5e60{n}"), "statusCode": status,
               "tags": {"Service": "checkout", "Name": format!("checkout-api-{n}")}, "awsAccountId": "123456789012"})
    };
    emulator.seed(json!({"health": {
        "organization": true,
        "events": [
            {"arn": EC2_ARN, "service": "EC2", "eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE", "eventTypeCategory": "issue",
             "region": "us-east-1", "availabilityZone": "use1-az4", "startTime": ago(40), "lastUpdatedTime": ago(20),
             "statusCode": "open",
             "description": "We are investigating increased network connectivity errors in use1-az4.\n\nWe have identified the cause.",
             "entities": [instance(1, "IMPAIRED"), instance(2, "IMPAIRED"), instance(3, "UNIMPAIRED"), instance(4, "UNIMPAIRED")],
             "affectedAccounts": ["123456789012", "210987654321"]},
            {"service": "RDS", "eventTypeCode": "AWS_RDS_MAINTENANCE_SCHEDULED", "eventTypeCategory": "scheduledChange",
             "region": "us-east-1", "startTime": ago(-4000), "statusCode": "upcoming", "description": "Maintenance."},
            {"service": "LAMBDA", "eventTypeCode": "AWS_LAMBDA_OPERATIONAL_ISSUE", "eventTypeCategory": "issue",
             "region": "us-east-1", "startTime": ago(1600), "endTime": ago(1500), "statusCode": "closed", "description": "Resolved."},
            {"service": "S3", "eventTypeCode": "AWS_S3_OPERATIONAL_ISSUE", "eventTypeCategory": "issue",
             "region": "us-east-1", "startTime": ago(20000), "endTime": ago(15000), "statusCode": "closed", "description": "Too old."},
            {"service": "EC2", "eventTypeCode": "AWS_EC2_OPERATIONAL_ISSUE", "eventTypeCategory": "issue",
             "region": "eu-west-1", "startTime": ago(30), "statusCode": "open", "description": "Another region."}
        ]
    }}));
}

fn open_health(emulator: &Emulator) -> Console {
    let mut console = Console::open(&emulator.url, Duration::from_secs(300));
    console.key(KeyCode::Char('3'));
    console
}

#[test]
fn the_pane_lists_this_regions_events_open_first_and_recent_closed_ones() {
    let emulator = Emulator::start();
    seed(&emulator);
    runtime().block_on(async {
        let mut console = open_health(&emulator);
        console
            .wait_until("the events", WAIT, |s| {
                s.panes.health.status.loaded_at.is_some()
            })
            .await;
        let screen = console.screen();
        let rows: Vec<&str> = screen
            .lines()
            .filter(|l| l.contains("us-east-1") && l.contains("│  "))
            .collect();
        assert_eq!(
            rows.len(),
            3,
            "open, upcoming, and closed within 7 days; not eu-west-1, not the old one:\n{screen}"
        );
        assert!(
            rows[0].contains("● open")
                && rows[0].contains("operational issue")
                && rows[0].contains("use1-az4"),
            "{screen}"
        );
        assert!(
            rows[1].contains("◷ upcoming") && rows[1].contains("maintenance scheduled"),
            "{screen}"
        );
        assert!(
            rows[2].contains("✓ closed") && rows[2].contains("LAMBDA"),
            "{screen}"
        );
    });
    assert!(
        emulator.calls_of("DescribeEvents") >= 2,
        "open/upcoming and recently closed are asked apart"
    );
}

#[test]
fn an_event_opens_with_its_description_and_affected_instances() {
    let emulator = Emulator::start();
    seed(&emulator);
    runtime().block_on(async {
        let mut console = open_health(&emulator);
        console
            .wait_until("the events", WAIT, |s| {
                s.panes.health.status.loaded_at.is_some()
            })
            .await;
        console.key(KeyCode::Enter);
        console
            .wait_until("description and entities", WAIT, |s| {
                let d = s.panes.health.detail.as_ref().expect("an open event");
                !matches!(d.description, Loadable::Loading)
                    && !matches!(d.entities, None | Some(Loadable::Loading))
            })
            .await;
        let screen = console.screen();
        assert!(
            screen.contains("Health event AWS_EC2_OPERATIONAL_ISSUE"),
            "{screen}"
        );
        assert!(
            unwrapped(&screen).contains("increased network connectivity errors in use1-az4."),
            "{screen}"
        );
        for n in 1..=4 {
            assert!(
                screen.contains(&format!("i-0c4e1a2b3c4d5e60{n}")),
                "instance {n}:\n{screen}"
            );
        }
        assert!(
            screen.contains("IMPAIRED    i-0c4e1a2b3c4d5e601")
                && screen.contains("Service=checkout"),
            "{screen}"
        );
    });
    assert_eq!(emulator.calls_of("DescribeEventDetails"), 1);
    assert_eq!(emulator.calls_of("DescribeAffectedEntities"), 1);
}

#[test]
fn the_organization_view_shows_the_affected_accounts() {
    let emulator = Emulator::start();
    seed(&emulator);
    runtime().block_on(async {
        let mut console = open_health(&emulator);
        console.keys(":health org");
        console.key(KeyCode::Enter);
        console
            .wait_until("the organization's events", WAIT, |s| {
                s.panes.health.organization && s.panes.health.status.loaded_at.is_some()
            })
            .await;
        assert!(console.screen().contains("Health (organization)"));
        console.key(KeyCode::Enter);
        console
            .wait_until("accounts and entities", WAIT, |s| {
                matches!(
                    s.panes
                        .health
                        .detail
                        .as_ref()
                        .and_then(|d| d.entities.as_ref()),
                    Some(Loadable::Ready(_))
                )
            })
            .await;
        let screen = console.screen();
        assert!(
            screen.contains("Affected accounts") && screen.contains("210987654321"),
            "{screen}"
        );
        assert!(screen.contains("i-0c4e1a2b3c4d5e601"), "{screen}");
    });
    assert!(emulator.calls_of("DescribeEventsForOrganization") >= 1);
    assert_eq!(
        emulator.calls_of("DescribeAffectedAccountsForOrganization"),
        1
    );
    assert_eq!(
        emulator.calls_of("DescribeAffectedEntitiesForOrganization"),
        1
    );
}

#[test]
fn field_filters_narrow_the_list() {
    let emulator = Emulator::start();
    seed(&emulator);
    runtime().block_on(async {
        let mut console = open_health(&emulator);
        console
            .wait_until("the events", WAIT, |s| {
                s.panes.health.status.loaded_at.is_some()
            })
            .await;
        console.keys(":health category=issue service=ec2");
        console.key(KeyCode::Enter);
        let screen = console.screen();
        assert!(
            screen.contains("service=ec2, category=issue — 1 of 3 shown"),
            "{screen}"
        );
        assert_eq!(
            console.app.state.panes.health.visible_rows(0, 10).count(),
            1
        );
    });
}

#[test]
fn without_a_support_plan_the_pane_says_why_and_where_to_look() {
    let emulator = Emulator::start();
    seed(&emulator);
    emulator.fault(json!({"operation": "DescribeEvents", "error": {"code": "SubscriptionRequiredException",
        "message": "The AWS Premium Support Subscription is required to use this service.", "status": 400}}));
    runtime().block_on(async {
        let mut console = open_health(&emulator);
        console.wait_until("the failure", WAIT, |s| s.panes.health.status.error.is_some()).await;
        let text = unwrapped(&console.screen());
        assert!(
            text.contains("health:DescribeEvents needs a Business, Enterprise On-Ramp or Enterprise support plan (SubscriptionRequiredException)"),
            "{text}"
        );
        assert!(text.contains("https://health.aws.amazon.com/health/status"), "{text}");
        assert!(console.app.state.panes.alarms.status.error.is_none(), "the Alarms pane keeps working");
    });
}

#[test]
fn health_calls_go_to_us_east_1_whatever_the_region() {
    let emulator = Emulator::start();
    seed(&emulator);
    runtime().block_on(async {
        let mut console = open_health(&emulator);
        console.keys(":region eu-west-1");
        console.key(KeyCode::Enter);
        console
            .wait_until("eu-west-1's events", WAIT, |s| {
                s.session.region == "eu-west-1" && s.panes.health.status.loaded_at.is_some()
            })
            .await;
        let screen = console.screen();
        assert!(
            screen.contains("eu-west-1") && screen.contains("● open"),
            "the event of eu-west-1 is listed:\n{screen}"
        );
        assert!(
            !screen.contains("LAMBDA"),
            "us-east-1's events are not:\n{screen}"
        );
    });
    let health: Vec<_> = emulator
        .requests()
        .into_iter()
        .filter(|r| r["service"] == "health")
        .collect();
    assert!(!health.is_empty());
    assert!(
        health.iter().all(|r| r["region"] == "us-east-1"),
        "{health:?}"
    );
}

#[test]
fn a_public_event_opens_in_the_organization_view() {
    let emulator = Emulator::start();
    emulator.seed(json!({"health": {"organization": true, "events": [
        {"service": "LAMBDA", "eventTypeCode": "AWS_LAMBDA_OPERATIONAL_ISSUE", "region": "us-east-1",
         "startTime": ago(100), "statusCode": "open", "eventScopeCode": "PUBLIC",
         "description": "Increased invoke error rates in us-east-1."}
    ]}}));
    runtime().block_on(async {
        let mut console = open_health(&emulator);
        console.keys(":health org");
        console.key(KeyCode::Enter);
        console
            .wait_until("the events", WAIT, |s| {
                s.panes.health.organization && s.panes.health.status.loaded_at.is_some()
            })
            .await;
        console.key(KeyCode::Enter);
        console
            .wait_until("the description", WAIT, |s| {
                !matches!(
                    s.panes.health.detail.as_ref().map(|d| &d.description),
                    Some(Loadable::Loading)
                )
            })
            .await;
        let screen = console.screen();
        assert!(
            screen.contains("Increased invoke error rates in us-east-1."),
            "{screen}"
        );
        assert!(!screen.contains("✗"), "{screen}");
    });
}

#[test]
fn the_open_events_are_on_screen_after_one_call_then_the_rest() {
    let emulator = Emulator::start();
    seed(&emulator);
    emulator
        .fault(json!({"operation": "DescribeEvents", "service": "health", "delay_seconds": 0.5}));
    runtime().block_on(async {
        let mut console = open_health(&emulator);
        let screen = console.wait_for_text("the open events are in", WAIT).await;
        let answered = emulator
            .requests()
            .iter()
            .filter(|r| r["operation"] == "DescribeEvents" && !r["status"].is_null())
            .count();
        assert_eq!(answered, 1, "only the open events were asked so far");
        let rows: Vec<&str> = screen
            .lines()
            .filter(|l| l.contains("us-east-1") && l.contains("│  "))
            .collect();
        assert_eq!(rows.len(), 1, "{screen}");
        assert!(
            rows[0].contains("● open") && rows[0].contains("use1-az4"),
            "{screen}"
        );
        console
            .wait_until("every event", WAIT, |s| {
                s.panes.health.status.loaded_at.is_some()
            })
            .await;
        let screen = console.screen();
        assert_eq!(console.app.state.panes.health.all().len(), 3, "{screen}");
        assert!(!screen.contains("the open events are in"), "{screen}");
    });
    assert_eq!(
        emulator.calls_of("DescribeEvents"),
        3,
        "open, then upcoming and recently closed"
    );
}
