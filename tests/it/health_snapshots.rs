//! Real frames of the Health pane, recorded with insta.

use std::time::Duration;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

use warroom::app::panes::PaneId;
use warroom::app::state::AppState;
use warroom::aws::{Identity, SessionSettings};
use warroom::config::{Config, Refresh};
use warroom::health::{AffectedEntity, EventDescription, EventStatus, HealthEvent};
use warroom::kit::Loadable;
use warroom::theme::Theme;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn event(
    service: &str,
    code: &str,
    category: &str,
    status: EventStatus,
    start: &str,
    end: Option<&str>,
) -> HealthEvent {
    HealthEvent {
        arn: format!("arn:aws:health:us-east-1::event/{service}/{code}/{code}_1a2b3c"),
        service: service.into(),
        type_code: code.into(),
        category: category.into(),
        region: "us-east-1".into(),
        availability_zone: (service == "EC2").then(|| "use1-az4".to_string()),
        status,
        start: Some(at(start)),
        end: end.map(at),
        last_updated: Some(at(end.unwrap_or("2026-11-23T03:10:00Z"))),
        scope: Some("ACCOUNT_SPECIFIC".into()),
        located: None,
    }
}

fn state(size: Size) -> AppState {
    let settings = SessionSettings {
        profile: Some("prod".into()),
        ..SessionSettings::in_region("us-east-1")
    };
    let now = at("2026-11-23T03:30:00Z");
    let mut state = AppState::new(settings, Refresh::every(Duration::from_secs(60)), now, size);
    state.focus = PaneId::Health;
    state.session.connected = true;
    state.session.identity = Loadable::Ready(Identity {
        account: "123456789012".into(),
        arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
    });
    let events = vec![
        event(
            "EC2",
            "AWS_EC2_OPERATIONAL_ISSUE",
            "issue",
            EventStatus::Open,
            "2026-11-23T02:50:00Z",
            None,
        ),
        event(
            "RDS",
            "AWS_RDS_MAINTENANCE_SCHEDULED",
            "scheduledChange",
            EventStatus::Upcoming,
            "2026-11-26T03:00:00Z",
            None,
        ),
        event(
            "LAMBDA",
            "AWS_LAMBDA_OPERATIONAL_ISSUE",
            "issue",
            EventStatus::Closed,
            "2026-11-22T01:02:00Z",
            Some("2026-11-22T02:32:00Z"),
        ),
    ];
    state.panes.health.request(1, "us-east-1", now);
    state.panes.health.loaded(1, Ok(events), now);
    state
}

fn with_detail(mut state: AppState) -> AppState {
    state.panes.health.open(2, 3);
    let text = "[02:50 UTC] We are investigating increased network connectivity errors affecting instances in a single Availability Zone (use1-az4) in the US-EAST-1 Region.\n\n[03:10 UTC] We have identified the root cause and are working towards recovery. Instances in other Availability Zones are not affected.";
    state.panes.health.description_loaded(
        2,
        Ok(EventDescription {
            text: text.into(),
            accounts: Vec::new(),
        }),
    );
    let entity = |n: u8, status: &str| AffectedEntity {
        value: format!("i-0c4e1a2b3c4d5e60{n}"),
        arn: None,
        account: Some("123456789012".into()),
        status: Some(status.into()),
        last_updated: None,
        tags: vec![
            ("Name".into(), format!("checkout-api-{n}")),
            ("Service".into(), "checkout".into()),
        ],
    };
    state.panes.health.entities_loaded(
        3,
        Ok(vec![
            entity(1, "IMPAIRED"),
            entity(2, "IMPAIRED"),
            entity(3, "UNIMPAIRED"),
            entity(4, "UNIMPAIRED"),
        ]),
    );
    state
}

fn render(state: &AppState) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(state.screen.width, state.screen.height)).unwrap();
    let keymap = Config::defaults().keymap;
    terminal
        .draw(|f| warroom::ui::draw(f, state, &Theme::dark(), &keymap))
        .unwrap();
    terminal
}

#[test]
fn health_list_120x40() {
    insta::assert_snapshot!(render(&state(Size::new(120, 40))).backend());
}

#[test]
fn health_list_80x24() {
    insta::assert_snapshot!(render(&state(Size::new(80, 24))).backend());
}

#[test]
fn health_detail_120x40() {
    insta::assert_snapshot!(render(&with_detail(state(Size::new(120, 40)))).backend());
}
