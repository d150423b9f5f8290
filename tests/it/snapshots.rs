//! Real frames of the Alarms pane, recorded with insta.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

use warroom::alarms::AlarmList;
use warroom::alarms::model::{
    Alarm, AlarmActions, AlarmKind, AlarmState, HistoryItem, MetricSeries,
};
use warroom::alarms::sample::metric_alarm;
use warroom::app::state::AppState;
use warroom::aws::{Identity, SessionSettings};
use warroom::config::{Config, Refresh};
use warroom::kit::Loadable;
use warroom::theme::Theme;

fn now() -> Timestamp {
    "2026-11-23T03:30:00Z".parse().unwrap()
}

fn at(hm: &str) -> Timestamp {
    format!("2026-11-23T{hm}:00Z").parse().unwrap()
}

fn incident_alarms() -> Vec<Alarm> {
    let mut five_xx = metric_alarm(
        "checkout-api-5xx",
        AlarmState::Alarm,
        at("03:02"),
        ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
        50.0,
    );
    if let AlarmKind::Metric(m) = &mut five_xx.kind {
        m.dimensions = vec![(
            "LoadBalancer".into(),
            "app/checkout-alb/5f1c2d3e4a6b7c8d".into(),
        )];
    }
    five_xx.state_reason = "Threshold Crossed: 3 out of the last 3 datapoints [412.0 (23/11/26 03:01:00), 388.0 (23/11/26 03:00:00), 301.0 (23/11/26 02:59:00)] were greater than the threshold (50.0) (minimum 3 datapoints for OK -> ALARM transition).".into();
    five_xx.description =
        Some("checkout-api target 5xx responses; pages the checkout on-call.".into());
    vec![
        five_xx,
        metric_alarm("checkout-p99-latency", AlarmState::Alarm, at("03:04"), ("AWS/ApplicationELB", "TargetResponseTime"), 1.5),
        Alarm {
            name: "checkout-customer-impact".into(),
            arn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-customer-impact".into(),
            description: None,
            state: AlarmState::Alarm,
            state_reason: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-api-5xx transitioned to ALARM".into(),
            place: None,
            state_reason_data: None,
            state_updated: Some(at("03:04")),
            actions: AlarmActions::default(),
            kind: AlarmKind::Composite { rule: r#"ALARM("checkout-api-5xx") AND ALARM("checkout-p99-latency")"#.into() },
        },
        metric_alarm("search-indexer-lag", AlarmState::InsufficientData, at("01:10"), ("Search", "IndexLagSeconds"), 300.0),
        metric_alarm("checkout-db-cpu", AlarmState::Ok, at("00:12"), ("AWS/RDS", "CPUUtilization"), 80.0),
        metric_alarm("orders-api-5xx", AlarmState::Ok, at("02:20"), ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"), 50.0),
        metric_alarm("payments-queue-depth", AlarmState::Ok, at("01:45"), ("AWS/SQS", "ApproximateNumberOfMessagesVisible"), 1000.0),
    ]
}

fn state(size: Size) -> AppState {
    let settings = SessionSettings {
        profile: Some("prod".into()),
        read_only: true,
        ..SessionSettings::in_region("us-east-1")
    };
    let mut state = AppState::new(
        settings,
        Refresh::every(Duration::from_secs(30)),
        now(),
        size,
    );
    state.session.connected = true;
    state.session.identity = Loadable::Ready(Identity {
        account: "123456789012".into(),
        arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
    });
    state
        .panes
        .alarms
        .request(1, now() - SignedDuration::from_secs(12));
    state.panes.alarms.loaded(
        1,
        Ok(AlarmList::new(incident_alarms())),
        now() - SignedDuration::from_secs(12),
    );
    state
}

fn with_detail(mut state: AppState) -> AppState {
    state.panes.alarms.set_filter("checkout 5xx_count");
    state.panes.alarms.open(now(), 2, 3);
    state.panes.alarms.history_loaded(
        2,
        Ok(vec![
            HistoryItem {
                time: at("00:40"),
                summary: String::new(),
                from: Some(AlarmState::InsufficientData),
                to: Some(AlarmState::Ok),
            },
            HistoryItem {
                time: at("03:02"),
                summary: String::new(),
                from: Some(AlarmState::Ok),
                to: Some(AlarmState::Alarm),
            },
        ]),
    );
    let points = (0..180)
        .map(|m| {
            let t = now() - SignedDuration::from_mins(180 - m);
            let v = if t >= at("03:01") {
                380.0 + (m % 7) as f64 * 15.0
            } else {
                2.0 + (m % 5) as f64
            };
            (t, v)
        })
        .collect();
    state.panes.alarms.metric_loaded(
        3,
        Ok(MetricSeries {
            label: "HTTPCode_Target_5XX_Count (Sum)".into(),
            points,
        }),
    );
    state
}

fn render(state: &AppState, theme: &Theme) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(state.screen.width, state.screen.height)).unwrap();
    let keymap = Config::defaults().keymap;
    terminal
        .draw(|f| warroom::ui::draw(f, state, theme, &keymap))
        .unwrap();
    terminal
}

#[test]
fn list_120x40() {
    let terminal = render(&state(Size::new(120, 40)), &Theme::dark());
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn list_80x24() {
    let terminal = render(&state(Size::new(80, 24)), &Theme::dark());
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn detail_120x40() {
    let terminal = render(&with_detail(state(Size::new(120, 40))), &Theme::dark());
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn detail_80x24() {
    let terminal = render(&with_detail(state(Size::new(80, 24))), &Theme::dark());
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn composite_detail_120x40() {
    let mut s = state(Size::new(120, 40));
    s.panes.alarms.set_filter("impact");
    s.panes.alarms.open(now(), 2, 3);
    s.panes.alarms.history_loaded(2, Ok(Vec::new()));
    let terminal = render(&s, &Theme::dark());
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn list_with_colours_dark() {
    let terminal = render(&state(Size::new(80, 24)), &Theme::dark());
    insta::assert_debug_snapshot!(terminal.backend().buffer());
}

#[test]
fn list_with_colours_high_contrast() {
    let theme = Theme::built_in("high-contrast").unwrap().unwrap();
    let terminal = render(&state(Size::new(80, 24)), &theme);
    insta::assert_debug_snapshot!(terminal.backend().buffer());
}

#[test]
fn help_120x40() {
    let mut s = state(Size::new(120, 40));
    s.mode = warroom::app::state::Mode::Help { scroll: 0 };
    let terminal = render(&s, &Theme::dark());
    insta::assert_snapshot!(terminal.backend());
}

/// The session focused on a production account the config names and colours.
fn in_production(size: Size) -> AppState {
    let mut s = state(size);
    let config = Config::from_user_text(
        std::path::Path::new("config.toml"),
        "[accounts.teams]\nprofiles = [\"prod\"]\n\n[[accounts.teams.account]]\nprofile = \"prod\"\nname = \"prod-payments\"\ncolor = \"#b00020\"\nproduction = true\n",
    )
    .unwrap();
    s.session.account_sets = config.accounts;
    s
}

#[test]
fn production_account_80x24() {
    let terminal = render(&in_production(Size::new(80, 24)), &Theme::dark());
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn production_account_with_colours_80x24() {
    let terminal = render(&in_production(Size::new(80, 24)), &Theme::dark());
    insta::assert_debug_snapshot!(terminal.backend().buffer());
}
