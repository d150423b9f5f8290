//! Real frames of the Changes pane, recorded with insta.

use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

use warroom::app::panes::PaneId;
use warroom::app::state::AppState;
use warroom::aws::{Identity, SessionSettings};
use warroom::changes::pane::ChangesPane;
use warroom::changes::sample::change;
use warroom::changes::{Change, Resource};
use warroom::config::{Config, Refresh};
use warroom::kit::Loadable;
use warroom::kit::cursor::ListPane;
use warroom::theme::Theme;

fn at(hm: &str) -> Timestamp {
    format!("2026-11-23T{hm}:00Z").parse().unwrap()
}

fn revoke() -> Change {
    let record = r#"{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::123456789012:user/alice","accountId":"123456789012","accessKeyId":"AKIAZEKN7LUUFPCQATHG","userName":"alice"},"eventTime":"2026-11-23T02:58:00Z","eventSource":"ec2.amazonaws.com","eventName":"RevokeSecurityGroupIngress","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.23","userAgent":"aws-cli/2.17.0","requestParameters":{"groupId":"sg-0db5e1c7a9f3b2d41","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":5432,"toPort":5432,"groups":{"items":[{"groupId":"sg-0a1b2c3d4e5f60718"}]}}]}},"responseElements":{"_return":true},"readOnly":false,"eventType":"AwsApiCall"}"#;
    Change {
        risk: Some("security group rules changed".into()),
        global: false,
        identity_type: Some("IAMUser".into()),
        access_key: Some("AKIAZEKN7LUUFPCQATHG".into()),
        resources: vec![Resource {
            kind: "AWS::EC2::SecurityGroup".into(),
            name: "sg-0db5e1c7a9f3b2d41".into(),
        }],
        record: Arc::from(record),
        ..change(
            "RevokeSecurityGroupIngress",
            "alice",
            "ec2.amazonaws.com",
            "sg-0db5e1c7a9f3b2d41",
            at("02:58"),
        )
    }
}

fn state(size: Size, done: bool) -> AppState {
    let now = at("03:30");
    let settings = SessionSettings {
        profile: Some("prod".into()),
        ..SessionSettings::in_region("us-east-1")
    };
    let mut state = AppState::new(
        settings,
        Refresh::every(Duration::from_secs(120)),
        now,
        size,
    );
    state.focus = PaneId::Changes;
    state.session.connected = true;
    state.session.identity = Loadable::Ready(Identity {
        account: "123456789012".into(),
        arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
    });
    state.panes.changes = ChangesPane::new(SignedDuration::from_hours(3), now);
    state.panes.changes.load(1, now);
    let mut denied = change(
        "PutBucketPolicy",
        "dave",
        "s3.amazonaws.com",
        "checkout-receipts-prod",
        at("02:20"),
    );
    denied.error_code = Some("AccessDenied".into());
    denied.risk = Some("call denied".into());
    let page = vec![
        change(
            "CreateLogStream",
            "checkout-receipts",
            "logs.amazonaws.com",
            "",
            at("03:01"),
        ),
        revoke(),
        change(
            "PutDashboard",
            "carol",
            "monitoring.amazonaws.com",
            "checkout",
            at("02:46"),
        ),
        denied,
    ];
    state.panes.changes.page(1, Ok(page), !done, now);
    state.panes.changes.cursor.selected = 1;
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
fn changes_list_while_loading_120x40() {
    insta::assert_snapshot!(render(&state(Size::new(120, 40), false)).backend());
}

#[test]
fn changes_list_80x24() {
    insta::assert_snapshot!(render(&state(Size::new(80, 24), true)).backend());
}

#[test]
fn changes_detail_120x40() {
    let mut s = state(Size::new(120, 40), true);
    s.panes.changes.open();
    assert!(s.panes.changes.detail_scroll().is_some());
    insta::assert_snapshot!(render(&s).backend());
}
