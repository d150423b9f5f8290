//! A real frame of the Live Tail view, recorded with insta: the status line with the session
//! age, events a second, billed minutes, AWS's sampling word, a pause, dropped lines; and
//! hostile log text defused on screen.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

use warroom::app::panes::PaneId;
use warroom::app::state::AppState;
use warroom::aws::{Identity, SessionSettings};
use warroom::config::{Config, Refresh};
use warroom::kit::Loadable;
use warroom::logs::pane::LogsPane;
use warroom::logs::tail::run::{Began, TailMsg};
use warroom::logs::tail::{TailEvent, TailRequest, TailUpdate, TailView};
use warroom::theme::Theme;

fn at(hms: &str) -> Timestamp {
    format!("2026-11-23T{hms}Z").parse().unwrap()
}

fn event(hms: &str, stream: &str, message: &str) -> TailEvent {
    TailEvent {
        time: at(hms),
        ingested: Some(at(hms) + SignedDuration::from_millis(300)),
        group: "/aws/ecs/checkout-api".into(),
        stream: stream.into(),
        message: message.into(),
    }
}

/// Tailing the checkout API for 2 minutes 10 s, a sampled burst, then paused with 2 held.
fn state() -> AppState {
    let now = at("03:20:10");
    let mut state = AppState::new(
        SessionSettings::in_region("us-east-1"),
        Refresh::every(Duration::from_secs(60)),
        now,
        Size::new(110, 22),
    );
    state.focus = PaneId::Logs;
    state.session.connected = true;
    state.session.identity = Loadable::Ready(Identity {
        account: "123456789012".into(),
        arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
    });
    state.panes.logs = LogsPane::from_config(&Config::defaults().logs, Vec::new());
    let request = TailRequest {
        groups: vec!["/aws/ecs/checkout-api".into()],
        prefixes: vec!["web/".into()],
        filter: Some("?ERROR ?WARN".into()),
        ..TailRequest::default()
    };
    let mut tail = TailView::new(3, request, 6, at("03:18:00"));
    let started = TailMsg::Started {
        req: 3,
        began: Began::First,
    };
    tail.apply(started, at("03:18:00"));
    let lines = [
        event("03:20:01.120", "web/1", "WARN pool 80% used"),
        event(
            "03:20:02.481",
            "web/2",
            "ERROR timeout connecting to orders-db after 5000 ms",
        ),
        event(
            "03:20:03.002",
            "web/1",
            "{\"level\":\"ERROR\",\"msg\":\"checkout failed\",\"order\":42}",
        ),
        event(
            "03:20:04.777",
            "web/2",
            "ERROR \u{1b}[2Jhostile\u{202e} text\r\nsecond line",
        ),
        event(
            "03:20:05.310",
            "web/1",
            "ERROR timeout connecting to orders-db after 5000 ms",
        ),
        event("03:20:06.950", "web/3", "WARN retrying order 43"),
        event(
            "03:20:07.015",
            "web/1",
            "ERROR timeout connecting to orders-db after 5000 ms",
        ),
    ];
    tail.apply(
        TailMsg::Update {
            req: 3,
            update: TailUpdate {
                events: lines.to_vec(),
                sampled: true,
            },
        },
        at("03:20:08"),
    );
    tail.highlight = "orders-db".into();
    tail.toggle_pause();
    tail.apply(
        TailMsg::Update {
            req: 3,
            update: TailUpdate {
                events: vec![
                    event("03:20:09.100", "web/1", "ERROR held one"),
                    event("03:20:09.200", "web/1", "ERROR held two"),
                ],
                sampled: true,
            },
        },
        at("03:20:09"),
    );
    tail.cursor.selected = 2;
    state.panes.logs.groups = vec!["/aws/ecs/checkout-api".into()];
    state.panes.logs.tail = Some(tail);
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
fn live_tail_paused_and_sampled_110x22() {
    insta::assert_snapshot!(render(&state()).backend());
}

#[test]
fn hostile_log_text_in_the_tail_never_reaches_the_terminal_raw() {
    let mut state = state();
    for open in [false, true] {
        if open {
            let tail = state.panes.logs.tail.as_mut().unwrap();
            let line = tail.lines[tail.cursor.selected].clone();
            assert!(line.message.contains('\u{1b}'));
            tail.open = Some((line, 0));
        }
        let terminal = render(&state);
        let raw: Vec<String> = terminal
            .backend()
            .buffer()
            .content
            .iter()
            .map(|c| c.symbol().to_string())
            .filter(|s| {
                s.chars()
                    .any(|c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}'))
            })
            .collect();
        assert!(raw.is_empty(), "raw controls on screen: {raw:?}");
        let text = format!("{}", terminal.backend());
        assert!(text.contains("\\x1b[2Jhostile\\u{202e}"), "{text}");
    }
}
