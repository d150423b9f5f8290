use std::sync::Arc;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use crate::app::App;
use crate::app::msg::{Msg, SessionInfo};
use crate::app::panes::PaneId;
use crate::app::sources::{Connector, Sources};
use crate::aws::SessionSettings;
use crate::config::{Config, Refresh};
use crate::kit::work::BoxFuture;
use crate::theme::Theme;

/// A session with no AWS behind it: every source says it is not there.
struct NoAws;

impl Connector for NoAws {
    fn connect(&self, _: SessionSettings) -> BoxFuture<'static, (SessionInfo, Sources)> {
        Box::pin(async {
            let info = SessionInfo {
                region: "us-east-1".into(),
                region_defaulted: false,
                profile: None,
                endpoint: None,
            };
            (info, Sources::unavailable("in this test"))
        })
    }
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    app.draw(&mut terminal).unwrap();
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn key(app: &mut App, c: char) {
    app.handle(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )));
}

async fn step_until(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !done(app) {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}:\n{}",
            screen(app)
        );
        app.step().await;
    }
}

/// A pane added with one line in the registry, one in `Msg` and one in `Effect` (and its
/// arm in the executor) is numbered, focused, drawn, asked for its work, and shown its
/// answer through the console's own loop.
#[tokio::test]
async fn the_example_pane_is_one_registry_line_and_works_through_the_loop() {
    let config = Config::defaults();
    let state = crate::app::state::AppState::new(
        SessionSettings::in_region("us-east-1"),
        Refresh::every(Duration::from_secs(30)),
        jiff::Timestamp::now(),
        Size::new(80, 24),
    );
    let mut app = App::new(state, config.keymap.clone(), Theme::dark(), Arc::new(NoAws));
    step_until(&mut app, "the session", |a| a.state.session.connected).await;

    let example = PaneId::named("example").expect("the registry lists the example pane");
    assert_eq!(example.number(), PaneId::ALL.len());
    assert_eq!(example.title(), "Example");

    let digit = char::from_digit(example.number() as u32, 10).unwrap();
    key(&mut app, digit);
    assert_eq!(app.state.focus, example);
    assert!(screen(&app).contains("Example"), "{}", screen(&app));

    key(&mut app, 'x');
    key(&mut app, 'x');
    step_until(&mut app, "the example's work", |a| {
        a.state.panes.example.items.len() == 1
    })
    .await;
    let shown = screen(&app);
    assert!(
        shown.contains("item 1"),
        "the answer is on screen:\n{shown}"
    );

    key(&mut app, 'x');
    step_until(&mut app, "the second count", |a| {
        a.state.panes.example.items.len() == 2
    })
    .await;
    assert!(screen(&app).contains("item 2"), "{}", screen(&app));

    key(&mut app, 'c');
    assert!(
        screen(&app).contains("c works in the Alarms pane (press 1 or :alarms)"),
        "a command of another pane says where it works:\n{}",
        screen(&app)
    );
}
