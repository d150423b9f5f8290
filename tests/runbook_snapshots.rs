//! Real frames of the Runbooks and Timeline panes, recorded with insta: the confirmation a
//! command passes through, and the timeline of the demo incident.

use std::path::Path;
use std::time::Duration;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

use warroom::app::panes::PaneId;
use warroom::app::state::AppState;
use warroom::aws::{Identity, SessionSettings};
use warroom::config::{Config, Refresh};
use warroom::kit::Loadable;
use warroom::runbook::confirm::{self, Session};
use warroom::runbook::fleet::{Instance, TargetPreview};
use warroom::runbook::pane::{Modal, OpenRunbook};
use warroom::theme::Theme;
use warroom::timeline::gather::Gathered;
use warroom::timeline::{Source, TimelineEvent};

fn at(hm: &str) -> Timestamp {
    format!("2026-11-23T{hm}:00Z").parse().unwrap()
}

fn state(focus: PaneId) -> AppState {
    let mut state = AppState::new(
        SessionSettings::in_region("us-east-1"),
        Refresh::every(Duration::from_secs(60)),
        at("03:20"),
        Size::new(120, 40),
    );
    state.focus = focus;
    state.session.connected = true;
    state.session.identity = Loadable::Ready(Identity {
        account: "123456789012".into(),
        arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
    });
    state
}

fn render(state: &AppState) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(state.screen.width, state.screen.height)).unwrap();
    terminal
        .draw(|f| warroom::ui::draw(f, state, &Theme::dark(), &Config::defaults().keymap))
        .unwrap();
    terminal
}

#[test]
fn runbook_typed_confirmation_120x40() {
    let mut state = state(PaneId::Runbooks);
    let path = Path::new("runbooks/checkout-5xx.md");
    let runbook = warroom::runbook::load(path).expect("the demo runbook lints");
    let mut open = OpenRunbook::new(runbook, "0".repeat(64));
    open.submit_form().expect("the defaults are valid");
    let restart = open
        .runbook
        .steps
        .iter()
        .position(|s| s.name == "restart")
        .expect("a restart step");
    open.current = restart;
    let identity = Identity {
        account: "123456789012".into(),
        arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
    };
    let session = Session {
        identity: Some(&identity),
        region: "us-east-1",
        read_only: false,
    };
    let mut confirmation = confirm::prepare(&open, restart, &session, 1).expect("a command step");
    confirmation.preview = Loadable::Ready(TargetPreview {
        count: 4,
        instances: (1..=4)
            .map(|n| Instance {
                id: format!("i-0c4e1a2b3c4d5e60{n}"),
                name: format!("checkout-api-{n}"),
                platform: "Linux (Amazon Linux 2023)".into(),
                ping_status: if n == 3 { "ConnectionLost" } else { "Online" }.into(),
            })
            .collect(),
    });
    open.modal = Some(Modal::Send(Box::new(confirmation)));
    state.runbooks.open = Some(open);
    insta::assert_snapshot!(render(&state).backend());
}

fn event(hm: &str, source: Source, what: &str, who: &str, risky: bool) -> TimelineEvent {
    TimelineEvent {
        time: at(hm),
        source,
        what: what.into(),
        who: who.into(),
        detail: String::new(),
        risky,
        key: format!("{what}@{hm}"),
    }
}

#[test]
fn timeline_of_the_demo_incident_120x24() {
    let mut state = state(PaneId::Timeline);
    state.screen = Size::new(120, 24);
    state.timeline.chosen = Some((at("02:30"), at("03:20")));
    state.timeline.status.start(1, at("03:20"));
    let events = vec![
        event(
            "02:50",
            Source::Health,
            "EC2 operational issue began (us-east-1/use1-az4)",
            "AWS Health",
            false,
        ),
        event(
            "02:58",
            Source::Change,
            "RevokeSecurityGroupIngress sg-0db5e1c7a9f3b2d41",
            "alice",
            true,
        ),
        event(
            "03:02",
            Source::Alarm,
            "checkout-api-5xx OK → ALARM",
            "CloudWatch",
            false,
        ),
        event(
            "03:04",
            Source::Alarm,
            "checkout-customer-impact OK → ALARM",
            "CloudWatch",
            false,
        ),
        event(
            "03:09",
            Source::Query,
            "Logs Insights query on /aws/ecs/checkout-api",
            "warroom",
            false,
        ),
        event(
            "03:14",
            Source::Runbook,
            "checkout-5xx.md restart sent to Service=checkout",
            "alice",
            false,
        ),
    ];
    let gathered = Gathered {
        account: Some("123456789012".into()),
        region: "us-east-1".into(),
        events,
        ..Gathered::default()
    };
    assert!(state.timeline.loaded(1, gathered, at("03:20")));
    insta::assert_snapshot!(render(&state).backend());
}
