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
    state.panes.logs = LogsPane::from_config(&Config::defaults().logs, Vec::new());
    state.panes.logs.groups = vec!["/aws/ecs/checkout-api".into()];
    state.panes.logs.group_info = vec![LogGroup {
        name: "/aws/ecs/checkout-api".into(),
        retention_days: Some(30),
        ..LogGroup::default()
    }];
    state.panes.logs.range = TimeRange::Between(at("02:30"), at("03:20"));
    state
        .panes
        .logs
        .editor
        .set_text("filter level = \"ERROR\"\n| stats count(*) by bin(5m)");
    state
        .panes
        .logs
        .start(7, at("03:20"))
        .expect("the query starts");
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
        .panes
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
    s.panes.logs.view = View::Chart;
    insta::assert_snapshot!(render(&s).backend());
}

#[test]
fn logs_bin_counts_as_a_table_100x24() {
    insta::assert_snapshot!(render(&state(Size::new(100, 24))).backend());
}

/// In a monitoring account the picker lists linked accounts' groups with each one's account;
/// the linked one chosen is the query's by its ARN.
#[test]
fn the_group_picker_of_a_monitoring_account_names_each_group_s_account_100x24() {
    use warroom::logs::pane::Overlay;
    use warroom::logs::picker::GroupPicker;
    let mut s = state(Size::new(100, 24));
    let group = |name: &str, account: &str, retention: Option<i32>| LogGroup {
        name: name.into(),
        retention_days: retention,
        stored_bytes: 5_400_000,
        arn: Some(format!("arn:aws:logs:us-east-1:{account}:log-group:{name}")),
        account: Some(account.into()),
    };
    let mut picker = GroupPicker::new(Vec::new(), Vec::new());
    picker.own_account = "123456789012".into();
    picker.add(vec![
        group("/aws/ecs/checkout-api", "123456789012", Some(30)),
        group("/aws/ecs/checkout-api", "210987654321", Some(7)),
        group("/aws/lambda/staging-receipts", "210987654321", None),
    ]);
    picker.cursor.selected = 1;
    picker.toggle().unwrap();
    assert_eq!(
        picker.chosen,
        ["arn:aws:logs:us-east-1:210987654321:log-group:/aws/ecs/checkout-api"]
    );
    s.panes.logs.overlay = Some(Overlay::Groups(Box::new(picker)));
    insta::assert_snapshot!(render(&s).backend());
}

/// A character a terminal would act on or that would reorder the line: C0 and C1 controls,
/// DEL, the bidi controls and marks, the line and paragraph separators.
fn hostile(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2028}' | '\u{2029}')
}

fn raw_hostile(terminal: &Terminal<TestBackend>) -> Vec<(u16, u16, String)> {
    let buffer = terminal.backend().buffer();
    let width = buffer.area.width;
    buffer
        .content
        .iter()
        .enumerate()
        .filter(|(_, cell)| cell.symbol().chars().any(hostile))
        .map(|(i, cell)| {
            let i = i as u16;
            (i % width, i / width, format!("{:?}", cell.symbol()))
        })
        .collect()
}

#[test]
fn hostile_text_from_aws_never_reaches_the_terminal_raw() {
    const EVIL: &str = "pwn\u{1b}]52;c;ZWNobyBoaQ==\u{7}\u{1b}]0;owned\u{7}\u{1b}[2J\rfake\u{202e}txt.exe\u{2028}\u{9b}31m\u{2066}end";
    // a log line that a query returns
    let mut s = state(Size::new(120, 32));
    let rows = vec![row(&[
        ("@timestamp", "2026-11-23 03:10:00.000"),
        ("@message", EVIL),
    ])];
    s.panes
        .logs
        .start(8, at("03:20"))
        .expect("the query starts");
    s.panes.logs.finished(
        8,
        Ok(QueryResult::new(rows, Statistics::default())),
        at("03:20"),
    );
    let terminal = render(&s);
    assert_eq!(raw_hostile(&terminal), Vec::new());
    let screen = format!("{}", terminal.backend());
    assert!(screen.contains("pwn]52;c;ZWNobyBoaQ=="), "{screen}");

    // an alarm's state reason, in the list and in its detail
    let mut s = state(Size::new(120, 32));
    s.focus = PaneId::Alarms;
    let mut alarm = warroom::alarms::sample::metric_alarm(
        "evil\u{202e}gpj.exe",
        warroom::alarms::model::AlarmState::Alarm,
        at("03:02"),
        ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
        50.0,
    );
    alarm.state_reason = EVIL.into();
    s.panes.alarms.request(1, at("03:19"));
    s.panes.alarms.loaded(
        1,
        Ok(warroom::alarms::AlarmList::new(vec![alarm])),
        at("03:19"),
    );
    let terminal = render(&s);
    assert_eq!(raw_hostile(&terminal), Vec::new());
    s.panes.alarms.open(at("03:20"), 2, 3);
    s.panes.alarms.history_loaded(2, Ok(Vec::new()));
    let terminal = render(&s);
    assert_eq!(raw_hostile(&terminal), Vec::new());
    let screen = format!("{}", terminal.backend());
    assert!(screen.contains("evilgpj.exe"), "{screen}");
}

#[test]
fn a_json_message_opens_as_its_fields_one_per_line_and_defused() {
    let mut s = state(Size::new(120, 32));
    let message = r#"{"level":"ERROR","msg":"timeout connecting to database","latency_ms":5003,"ctx":{"db":"orders\u202e"}}"#;
    let rows = vec![row(&[
        ("@timestamp", "1795402200000"),
        ("@message", message),
        ("@logStream", "web/1\u{1b}[2J\u{202e}"),
    ])];
    s.panes
        .logs
        .start(9, at("03:20"))
        .expect("the query starts");
    s.panes.logs.finished(
        9,
        Ok(QueryResult::new(rows, Statistics::default())),
        at("03:20"),
    );
    s.panes.logs.open(10);
    let terminal = render(&s);
    assert_eq!(raw_hostile(&terminal), Vec::new());
    let screen = format!("{}", terminal.backend());
    for line in [
        "\"level\": \"ERROR\",",
        "\"msg\": \"timeout connecting to database\",",
        "\"latency_ms\": 5003,",
        "\"db\": \"orders",
    ] {
        assert!(
            screen.lines().any(|l| {
                l.trim_start_matches('"')
                    .trim_start_matches('│')
                    .trim_start()
                    .starts_with(line)
            }),
            "{line:?} on a line of its own:\n{screen}"
        );
    }
    assert!(
        screen.contains("@logStream: web/1\\x1b[2J\\u{202e}"),
        "a plain field shows its escapes:\n{screen}"
    );
}
