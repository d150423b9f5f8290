//! Records the console against the demo emulator, for `warroom replay` without AWS or the
//! emulator. scripts/record-demo runs it: `record_demo URL FILE SECONDS`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a bench, example or test that cannot set up what it measures fails there"
)]

use std::process::ExitCode;
use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use warroom::app::msg::Msg;
use warroom::aws::SessionSettings;
use warroom::config::Config;
use warroom::console::{Feed, build, record};
use warroom::startup::Startup;
use warroom::theme::Theme;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, file, seconds] = args.as_slice() else {
        eprintln!("usage: record_demo URL FILE SECONDS");
        return ExitCode::FAILURE;
    };
    let Ok(seconds) = seconds.parse::<u64>() else {
        eprintln!("record_demo: `{seconds}` is not a number of seconds");
        return ExitCode::FAILURE;
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("record_demo: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let settings = SessionSettings {
            endpoint_url: Some(url.clone()),
            ..SessionSettings::in_region("us-east-1")
        };
        let startup = Startup {
            config: Config::defaults(),
            theme: Theme::dark(),
            problems: Vec::new(),
        };
        let feed = Feed::Aws {
            record: None,
            incident: None,
        };
        let mut app = match build(settings, startup, false, Size::new(160, 48), feed) {
            Ok(app) => app,
            Err(e) => {
                eprintln!("record_demo: {e}");
                return ExitCode::FAILURE;
            }
        };
        if let Err(e) = record(&mut app, std::path::Path::new(file)) {
            eprintln!("record_demo: {e}");
            return ExitCode::FAILURE;
        }
        // Every pane in turn, so each source is asked; Changes longest, as it pages slowly.
        let panes = ['1', '2', '2', '2', '3', '1'];
        let each = Duration::from_secs(seconds) / panes.len() as u32;
        let key = |code| Msg::Key(KeyEvent::new(code, KeyModifiers::NONE));
        for (n, pane) in panes.into_iter().enumerate() {
            app.handle(key(KeyCode::Char(pane)));
            if n == 1 {
                // The demo's changes happened around 03:00 UTC, not in the last 3 hours.
                for c in ":changes since 02:00 until 04:00".chars() {
                    app.handle(key(KeyCode::Char(c)));
                }
                app.handle(key(KeyCode::Enter));
            }
            let until = tokio::time::Instant::now() + each;
            while tokio::time::Instant::now() < until {
                app.step().await;
            }
        }
        app.finish_recording();
        ExitCode::SUCCESS
    })
}
