//! Real frames of the Logs pane, recorded with insta.

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
use warroom::logs::pane::{LogsPane, View};
use warroom::logs::range::TimeRange;
use warroom::logs::{LogGroup, QueryResult, ResultRow, Statistics};
use warroom::theme::Theme;

fn at(hm: &str) -> Timestamp {
    format!("2026-11-23T{hm}:00Z").parse().unwrap()
}

fn row(cells: &[(&str, &str)]) -> ResultRow {
    ResultRow {
        cells: cells
            .iter()
            .map(|(f, v)| (f.to_string(), v.to_string()))
            .collect(),
    }
}

/// The Logs pane after `stats count(*) by bin(5m)` over the demo incident.
fn state(size: Size) -> AppState {
    let now = at("03:20");
    let mut state = AppState::new(
        SessionSettings::in_region("us-east-1"),
        Refresh::every(Duration::from_secs(60)),
        now,
        size,
    );
    state.focus = PaneId::Logs;
    state.session.connected = true;
    state.session.identity = Loadable::Ready(Identity {
        account: "123456789012".into(),
        arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
    });
    state.logs = LogsPane::from_config(&Config::defaults().logs, Vec::new());
    state.logs.groups = vec!["/aws/ecs/checkout-api".into()];
    state.logs.group_info = vec![LogGroup {
        name: "/aws/ecs/checkout-api".into(),
        retention_days: Some(30),
        stored_bytes: 0,
    }];
    state.logs.range = TimeRange::Between(at("02:30"), at("03:20"));
    state
        .logs
        .editor
        .set_text("filter level = \"ERROR\"\n| stats count(*) by bin(5m)");
    state.logs.start(7, at("03:20")).expect("the query starts");
    let counts = [
        ("02:30", 0),
        ("02:35", 1),
        ("02:40", 0),
        ("02:45", 2),
        ("02:50", 1),
        ("02:55", 3),
        ("03:00", 41),
        ("03:05", 388),
        ("03:10", 402),
        ("03:15", 397),
    ];
    let rows = counts
        .iter()
        .rev()
        .map(|(hm, n)| {
            row(&[
                ("bin(5m)", &format!("2026-11-23 {hm}:00.000")),
                ("count(*)", &n.to_string()),
            ])
        })
        .collect();
    let statistics = Statistics {
        records_matched: 1235.0,
        records_scanned: 48_210.0,
        bytes_scanned: 12_400_000.0,
    };
    state
        .logs
        .finished(7, Ok(QueryResult::new(rows, statistics)), at("03:20"));
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
fn logs_bin_counts_as_a_chart_120x32() {
    let mut s = state(Size::new(120, 32));
    s.logs.view = View::Chart;
    insta::assert_snapshot!(render(&s).backend());
}

#[test]
fn logs_bin_counts_as_a_table_100x24() {
    insta::assert_snapshot!(render(&state(Size::new(100, 24))).backend());
}
