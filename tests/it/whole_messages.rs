//! Every surface that shows an AWS error shows all of it at 80x24: a 300-character message
//! whose last word is unique is put where the surface shows errors, the frame is drawn, and
//! the last word must be on screen (in that surface's part of it).

use std::time::Duration;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::{Rect, Size};

use warroom::app::panes::PaneId;
use warroom::app::state::AppState;
use warroom::aws::{AwsError, ErrorKind, Identity, SessionSettings};
use warroom::config::{Config, Refresh};
use warroom::kit::{Loadable, SourceStatus};
use warroom::logs::pane::{Overlay, Phase, QueryRun, RecordDetail};
use warroom::logs::picker::{GroupPicker, SavedPicker};
use warroom::pane::Level;
use warroom::runbook::pane::state::{Modal, OpenRunbook};
use warroom::runbook::run::confirm::{self, Session};
use warroom::theme::Theme;
use warroom::timeline::gather::Gathered;

fn now() -> Timestamp {
    "2026-11-23T03:20:00Z".parse().unwrap()
}

/// A message of about 300 characters as AWS errors read, ending in `last`.
fn long_error(operation: &str, last: &str) -> String {
    let words = format!(
        "{operation} failed: the service answered HTTP 500 InternalFailure. AWS said: The \
         request processing has failed because of an unknown error, exception or failure; \
         retry the request, and if the problem persists contact AWS support with the request \
         id 6f1c2d3e"
    );
    let mut text = String::new();
    for word in words.split(' ').chain(std::iter::repeat("again")) {
        if text.len() + word.len() + last.len() + 2 > 300 {
            break;
        }
        text.push_str(word);
        text.push(' ');
    }
    text.push_str(last);
    assert!((280..=300).contains(&text.chars().count()), "{text}");
    text
}

fn aws_error(operation: &str, last: &str) -> AwsError {
    AwsError {
        kind: ErrorKind::Service,
        code: Some("InternalFailure".into()),
        message: long_error(operation, last),
    }
}

fn failed(status: &mut SourceStatus, error: AwsError) {
    status.start(1, now() - jiff::SignedDuration::from_secs(5));
    status.accept(1);
    status.finish::<()>(&Err(error), now() - jiff::SignedDuration::from_secs(5));
}

fn console(focus: PaneId) -> AppState {
    let mut state = AppState::new(
        SessionSettings::in_region("us-east-1"),
        Refresh::every(Duration::from_secs(60)),
        now(),
        Size::new(80, 24),
    );
    state.focus = focus;
    state.session.connected = true;
    state.session.identity = Loadable::Ready(Identity {
        account: "123456789012".into(),
        arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
    });
    state
}

fn screen(state: &AppState, area: fn(&AppState) -> Rect) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(state.screen.width, state.screen.height)).unwrap();
    terminal
        .draw(|f| warroom::ui::draw(f, state, &Theme::dark(), &Config::defaults().keymap))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let area = area(state);
    (area.top()..area.bottom())
        .map(|y| {
            (area.left()..area.right())
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn body(state: &AppState) -> Rect {
    warroom::ui::layout::areas(state).body
}

fn footer(state: &AppState) -> Rect {
    warroom::ui::layout::areas(state).footer
}

#[track_caller]
fn shows_whole(state: &AppState, area: fn(&AppState) -> Rect, last: &str, what: &str) {
    let shown = screen(state, area);
    assert!(
        shown.contains(last),
        "{what}: the error's last word {last} is not on screen (cut off):\n{shown}"
    );
}

#[test]
fn each_list_pane_status_shows_the_whole_error() {
    let mut state = console(PaneId::Alarms);
    failed(
        &mut state.panes.alarms.status,
        aws_error("cloudwatch:DescribeAlarms", "ALARMSEND42"),
    );
    shows_whole(&state, body, "ALARMSEND42", "the Alarms status");

    let mut state = console(PaneId::Changes);
    failed(
        &mut state.panes.changes.status,
        aws_error("cloudtrail:LookupEvents", "CHANGESEND42"),
    );
    shows_whole(&state, body, "CHANGESEND42", "the Changes status");

    let mut state = console(PaneId::Health);
    failed(
        &mut state.panes.health.status,
        aws_error("health:DescribeEvents", "HEALTHEND42"),
    );
    shows_whole(&state, body, "HEALTHEND42", "the Health status");

    let mut state = console(PaneId::Runbooks);
    state.panes.runbooks.missing = vec![long_error("reading runbooks", "RUNBOOKSEND42")];
    shows_whole(&state, body, "RUNBOOKSEND42", "the Runbooks status");
}

#[test]
fn the_logs_status_shows_the_whole_error() {
    let mut state = console(PaneId::Logs);
    state.panes.logs.run = Some(QueryRun {
        req: 1,
        query: "fields @message".into(),
        log_groups: vec!["/aws/ecs/checkout-api".into()],
        start: now() - jiff::SignedDuration::from_mins(60),
        end: now(),
        started_at: now(),
        finished_at: Some(now()),
        query_id: None,
        phase: Phase::Failed {
            status: None,
            message: long_error("logs:StartQuery", "LOGSEND42"),
            malformed: false,
        },
        statistics: None,
        rows_so_far: 0,
    });
    shows_whole(&state, body, "LOGSEND42", "the Logs status");
}

#[test]
fn the_timeline_status_shows_every_source_that_failed() {
    let mut state = console(PaneId::Timeline);
    state.panes.timeline.chosen = Some((now() - jiff::SignedDuration::from_mins(50), now()));
    state.panes.timeline.status.start(1, now());
    let gathered = Gathered {
        account: Some("123456789012".into()),
        region: "us-east-1".into(),
        failures: vec![
            (
                "changes".into(),
                long_error("cloudtrail:LookupEvents", "TRAIL42"),
            ),
            (
                "health".into(),
                long_error("health:DescribeEvents", "TIMELINEHEALTHEND42"),
            ),
        ],
        ..Gathered::default()
    };
    assert!(state.panes.timeline.loaded(1, gathered, now()));
    shows_whole(
        &state,
        body,
        "TRAIL42",
        "the Timeline status, first failure",
    );
    shows_whole(
        &state,
        body,
        "TIMELINEHEALTHEND42",
        "the Timeline status, the Health failure after it",
    );
}

#[test]
fn the_log_group_and_saved_query_pickers_show_the_whole_error() {
    let mut state = console(PaneId::Logs);
    let mut picker = GroupPicker::new(Vec::new(), Vec::new());
    picker.failed(long_error("logs:DescribeLogGroups", "GROUPSEND42"));
    state.panes.logs.overlay = Some(Overlay::Groups(Box::new(picker)));
    shows_whole(&state, body, "GROUPSEND42", "the log group picker");

    let mut state = console(PaneId::Logs);
    state.panes.logs.overlay = Some(Overlay::Saved(SavedPicker {
        items: Vec::new(),
        cursor: Default::default(),
        loading: false,
        error: Some(long_error("logs:DescribeQueryDefinitions", "SAVEDEND42")),
    }));
    shows_whole(&state, body, "SAVEDEND42", "the saved query picker");
}

#[test]
fn the_runbook_confirmation_shows_the_whole_error() {
    let mut state = console(PaneId::Runbooks);
    let runbook = warroom::runbook::load(std::path::Path::new("runbooks/checkout-5xx.md")).unwrap();
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
        identity: Some(identity.clone()),
        region: "us-east-1".into(),
        ..Session::default()
    };
    let mut confirmation = confirm::prepare(&open, restart, &session, 1).expect("a command step");
    confirmation.preview =
        Loadable::Failed(aws_error("ssm:DescribeInstanceInformation", "CONFIRMEND42"));
    open.modal = Some(Modal::Send(Box::new(confirmation)));
    state.panes.runbooks.open = Some(open);
    // Health failing too, as on an emulator without it: the footer grows by its error.
    failed(
        &mut state.panes.health.status,
        aws_error("health:DescribeEvents", "HEALTHFOOTER42"),
    );
    shows_whole(
        &state,
        footer,
        "HEALTHFOOTER42",
        "the footer under the confirmation",
    );
    let shown = screen(&state, body);
    // The refusal at the bottom of the box, the answer, tells the whole reason.
    let answer: Vec<&str> = shown
        .lines()
        .skip_while(|l| !l.contains("Cannot send"))
        .collect();
    assert!(
        answer.join("\n").contains("CONFIRMEND42"),
        "the confirmation's refusal is cut:\n{shown}"
    );
    assert_eq!(
        shown.matches("CONFIRMEND42").count(),
        1,
        "the error is said once, where it stops the send:\n{shown}"
    );
}

fn health_event() -> warroom::health::model::HealthEvent {
    warroom::health::model::HealthEvent {
        arn: "arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/x_1a2b3c".into(),
        service: "EC2".into(),
        type_code: "AWS_EC2_OPERATIONAL_ISSUE".into(),
        category: "issue".into(),
        region: "us-east-1".into(),
        availability_zone: None,
        status: warroom::health::model::EventStatus::Open,
        start: Some(now()),
        end: None,
        last_updated: Some(now()),
        scope: Some("ACCOUNT_SPECIFIC".into()),
        located: None,
    }
}

#[test]
fn an_opened_detail_shows_the_whole_error() {
    let mut state = console(PaneId::Alarms);
    state.panes.alarms.request(1, now());
    state.panes.alarms.loaded(
        1,
        Ok(warroom::alarms::AlarmList::new(vec![
            warroom::alarms::sample::metric_alarm(
                "checkout-api-5xx",
                warroom::alarms::model::AlarmState::Alarm,
                now(),
                ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
                50.0,
            ),
        ])),
        now(),
    );
    state.panes.alarms.open(now(), 2, 3);
    state.panes.alarms.history_loaded(
        2,
        Err(aws_error("cloudwatch:DescribeAlarmHistory", "HISTORYEND42")),
    );
    // The history is below the chart and the configuration: the detail scrolls to it.
    if let Some(detail) = state.panes.alarms.detail.as_mut() {
        detail.scroll = usize::MAX;
    }
    shows_whole(&state, body, "HISTORYEND42", "the alarm detail");

    let mut state = console(PaneId::Health);
    state.panes.health.request(1, "us-east-1", now());
    state
        .panes
        .health
        .loaded(1, Ok(vec![health_event()]), now());
    state.panes.health.open(2, 3);
    state.panes.health.description_loaded(
        2,
        Err(aws_error("health:DescribeEventDetails", "DESCRIPTIONEND42")),
    );
    shows_whole(&state, body, "DESCRIPTIONEND42", "the Health detail");

    let mut state = console(PaneId::Logs);
    state.panes.logs.detail = Some(RecordDetail {
        req: 1,
        fields: vec![("@message".into(), "hello".into())],
        record: Some(Loadable::Failed(aws_error(
            "logs:GetLogRecord",
            "RECORDEND42",
        ))),
        scroll: 0,
    });
    shows_whole(&state, body, "RECORDEND42", "the log record detail");
}

#[test]
fn the_footer_flash_notice_and_source_error_show_the_whole_message() {
    let mut state = console(PaneId::Logs);
    state.flash(
        Level::Error,
        format!(
            "Could not save the query: {}",
            long_error("logs:PutQueryDefinition", "FLASHEND42")
        ),
    );
    shows_whole(&state, footer, "FLASHEND42", "the footer's flash");

    let mut state = console(PaneId::Alarms);
    state.notice = Some(long_error(
        "reading /etc/warroom/config.toml",
        "NOTICEEND42",
    ));
    shows_whole(&state, footer, "NOTICEEND42", "the footer's notice");

    let mut state = console(PaneId::Alarms);
    failed(
        &mut state.panes.alarms.status,
        aws_error("cloudwatch:DescribeAlarms", "FOOTEREND42"),
    );
    shows_whole(&state, footer, "FOOTEREND42", "the footer's source error");
}
