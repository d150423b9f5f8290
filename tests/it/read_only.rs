//! Read-only fails closed in the console: a config file that asks for read-only and has an
//! unrelated error, or one that cannot be parsed at all, starts the console read-only (the
//! header says so) and `x`, `y` on a runbook step send nothing to SSM.

use crate::common;

use std::path::Path;
use std::time::Duration;

use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Size;

use common::console::{Console, runtime};
use common::emulator::Emulator;
use warroom::app::panes::PaneId;
use warroom::cli::Cli;
use warroom::console::{Feed, build};
use warroom::kit::Loadable;
use warroom::runbook::pane::state::Modal;

const WAIT: Duration = Duration::from_secs(30);

/// The console as `warroom --config CONFIG` builds it, against the emulator. Its state lives
/// in the test process's own state directory (`common::emulator::isolate_aws_env`).
fn console_with(config: &str, emulator: &Emulator) -> Console {
    let cli = Cli::parse_from([
        "warroom",
        "--config",
        config,
        "--endpoint-url",
        &emulator.url,
        "--region",
        "us-east-1",
    ]);
    let startup = warroom::startup::prepare(&cli.global);
    let settings = cli
        .global
        .session_settings(startup.config.read_only, startup.config.aws.clone());
    let size = Size::new(120, 40);
    let feed = Feed::Aws {
        record: None,
        incident: None,
        accounts: None,
    };
    let app = build(settings, startup, false, size, feed).expect("the console builds");
    let terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    Console { app, terminal }
}

/// Opens the demo runbook, skips its two queries, and answers the send of its first command
/// step with `x` then `y`. Returns the header line and the confirmation's refusal.
async fn try_to_send(console: &mut Console) -> (String, String) {
    console
        .wait_until("identity, alarms and runbooks", WAIT, |s| {
            matches!(s.session.identity, Loadable::Ready(_))
                && s.panes.alarms.status.loaded_at.is_some()
                && s.panes.runbooks.loaded
        })
        .await;
    console.key(KeyCode::Esc);
    console.key(KeyCode::Char('5'));
    assert_eq!(console.app.state.focus, PaneId::Runbooks);
    console.keys("/checkout");
    console.key(KeyCode::Enter);
    console.key(KeyCode::Enter);
    console.key(KeyCode::Enter);
    console.keys("ss");
    console.keys("x");
    console
        .wait_until("the targets", WAIT, |s| {
            matches!(
                s.panes.runbooks.open.as_ref().and_then(|o| o.modal.as_ref()),
                Some(Modal::Send(c)) if !matches!(c.preview, Loadable::Loading)
            )
        })
        .await;
    let refusal = match console
        .app
        .state
        .panes
        .runbooks
        .open
        .as_ref()
        .and_then(|o| o.modal.as_ref())
    {
        Some(Modal::Send(c)) => c.refusal().unwrap_or_default(),
        _ => String::new(),
    };
    console.keys("y");
    // Time for a send to go out, were one to.
    let until = tokio::time::Instant::now() + Duration::from_secs(2);
    while tokio::time::Instant::now() < until {
        console.app.step().await;
    }
    let screen = console.screen();
    let header = screen.lines().next().unwrap_or_default().to_string();
    (header, refusal)
}

#[test]
fn a_broken_config_keeps_the_console_read_only_and_the_header_says_why() {
    common::emulator::isolate_aws_env();
    let cases = [
        (
            "tests/fixtures/config/invalid/read_only_with_bad_value.toml",
            " READ-ONLY ",
        ),
        (
            "tests/fixtures/config/invalid/not_toml.toml",
            " READ-ONLY: config error ",
        ),
    ];
    for (config, badge) in cases {
        assert!(Path::new(config).exists());
        let emulator = Emulator::start_with(&["--seed", "demo"]);
        let (header, refusal, notice) = runtime().block_on(async {
            let mut console = console_with(config, &emulator);
            let notice = console.app.state.notice.clone().unwrap_or_default();
            let (header, refusal) = try_to_send(&mut console).await;
            (header, refusal, notice)
        });
        assert!(
            header.contains(badge),
            "{config}: the header shows {badge:?}:\n{header}"
        );
        assert!(refusal.contains("Read-only"), "{config}: {refusal}");
        assert!(
            notice.contains(config) && notice.contains("read-only"),
            "{config}: the notice names the file and says read-only: {notice}"
        );
        assert_eq!(
            emulator.calls_of("SendCommand"),
            0,
            "{config}: nothing sent"
        );
    }
}
