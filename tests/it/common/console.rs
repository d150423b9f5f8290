//! The real console loop (update step, executor, SDK) against the emulator, drawn on a
//! TestBackend so tests can read the screen.

use std::sync::Arc;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use warroom::app::App;
use warroom::app::effect::AwsConnector;
use warroom::app::msg::Msg;
use warroom::app::state::AppState;
use warroom::aws::{RetrySettings, SessionSettings};
use warroom::config::{Config, Refresh};
use warroom::theme::Theme;

pub fn test_settings(endpoint: &str) -> SessionSettings {
    super::emulator::isolate_aws_env();
    SessionSettings {
        profile: None,
        role_arn: None,
        region: Some("us-east-1".into()),
        endpoint_url: Some(endpoint.to_string()),
        read_only: false,
        retry: RetrySettings {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(20),
            call_timeout: Duration::from_secs(20),
        },
    }
}

pub struct Console {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
}

impl Console {
    /// Must be called inside a tokio runtime.
    pub fn open(endpoint: &str, refresh: Duration) -> Console {
        Console::open_with(endpoint, refresh, Config::defaults())
    }

    /// As `open`, with this configuration (its keymap and its Logs settings).
    pub fn open_with(endpoint: &str, refresh: Duration, config: Config) -> Console {
        Console::open_settings(test_settings(endpoint), refresh, config)
    }

    /// As `open_with`, with these session settings (from `test_settings`, changed).
    pub fn open_settings(settings: SessionSettings, refresh: Duration, config: Config) -> Console {
        Console::build(settings, refresh, config, None)
    }

    /// As `open_with`, the Alarms pane over the config's account set `set` (`--accounts`).
    pub fn open_over(endpoint: &str, refresh: Duration, config: Config, set: &str) -> Console {
        Console::build(test_settings(endpoint), refresh, config, Some(set))
    }

    fn build(
        settings: SessionSettings,
        refresh: Duration,
        config: Config,
        set: Option<&str>,
    ) -> Console {
        let (width, height) = (120, 40);
        let mut state = AppState::new(
            settings,
            Refresh::every(refresh),
            jiff::Timestamp::now(),
            Size::new(width, height),
        );
        state.session.accounts = set.map(|name| {
            warroom::accounts::find(&config.accounts, name)
                .expect("the account set is in the config")
                .clone()
        });
        state.session.account_sets = config.accounts.clone();
        state.panes.logs = warroom::logs::pane::LogsPane::from_config(&config.logs, Vec::new());
        let connector = Arc::new(AwsConnector::new(&config.changes));
        let app = App::new(state, config.keymap, Theme::dark(), connector);
        let terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        Console { app, terminal }
    }

    pub fn key(&mut self, code: KeyCode) {
        self.app
            .handle(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn ctrl(&mut self, c: char) {
        self.app.handle(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    /// Types a `:` command and enters it.
    pub fn command(&mut self, line: &str) {
        self.key(KeyCode::Char(':'));
        self.keys(line);
        self.key(KeyCode::Enter);
    }

    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn screen(&mut self) -> String {
        self.app
            .draw(&mut self.terminal)
            .expect("drawing on a test terminal");
        let buffer = self.terminal.backend().buffer();
        let width = buffer.area.width as usize;
        let symbols: Vec<&str> = buffer.content().iter().map(|c| c.symbol()).collect();
        symbols
            .chunks(width)
            .map(|row| row.concat().trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Runs the loop until `done` holds, or fails with what the screen shows.
    pub async fn wait_until(
        &mut self,
        what: &str,
        timeout: Duration,
        done: impl Fn(&AppState) -> bool,
    ) {
        let deadline = tokio::time::Instant::now() + timeout;
        while !done(&self.app.state) {
            if tokio::time::Instant::now() > deadline {
                let screen = self.screen();
                panic!("timed out after {timeout:?} waiting for {what}. The screen:\n{screen}");
            }
            self.app.step().await;
        }
    }

    /// Runs the loop until the screen shows `text`.
    pub async fn wait_for_text(&mut self, text: &str, timeout: Duration) -> String {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if tokio::time::Instant::now() > deadline {
                panic!(
                    "timed out after {timeout:?} waiting for the screen to show {text:?}. The screen:\n{screen}"
                );
            }
            self.app.step().await;
        }
    }
}

/// The screen's text with borders removed and wrapped lines joined, to find a sentence
/// that wrapping split.
pub fn unwrapped(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The runtime the console runs on in the tests: two workers, like the binary.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}
