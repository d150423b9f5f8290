//! A bad config or theme: the console starts on the defaults and says so in the footer.

use std::path::PathBuf;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

use warroom::app::state::AppState;
use warroom::aws::SessionSettings;
use warroom::cli::GlobalArgs;
use warroom::config::{Config, Refresh};
use warroom::startup;

fn args(config: &str, theme: Option<&str>) -> GlobalArgs {
    GlobalArgs {
        profile: None,
        region: None,
        endpoint_url: None,
        read_only: false,
        theme: theme.map(str::to_string),
        config: Some(PathBuf::from(config)),
        org: false,
        accounts: None,
        record: None,
        incident: None,
        incident_start: None,
        log_level: "info".into(),
    }
}

fn footer(problems: &[String]) -> String {
    let settings = SessionSettings::in_region("us-east-1");
    let mut state = AppState::new(
        settings,
        Refresh::every(Duration::from_secs(30)),
        jiff::Timestamp::UNIX_EPOCH,
        Size::new(160, 30),
    );
    state.notice = Some(problems.join("; "));
    let mut terminal = Terminal::new(TestBackend::new(160, 30)).unwrap();
    let keymap = Config::defaults().keymap;
    terminal
        .draw(|f| warroom::ui::draw(f, &state, &warroom::theme::Theme::dark(), &keymap))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let rows: Vec<String> = (26..30)
        .map(|y| {
            (0..160)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect();
    rows.join("\n")
}

#[test]
fn a_bad_config_starts_on_defaults_and_the_footer_says_so() {
    let start = startup::prepare(&args(
        "tests/fixtures/config/invalid/unknown_command.toml",
        None,
    ));
    assert_eq!(start.config.refresh, Config::defaults().refresh);
    assert_eq!(start.problems.len(), 1);
    let rows = footer(&start.problems);
    let expected = "⚠ tests/fixtures/config/invalid/unknown_command.toml:2:7: keymap.\"x\": unknown command `launch_missiles` (see `warroom config default` for the list) (using the built-in config)  (esc dismisses)";
    let joined: Vec<&str> = rows.lines().map(str::trim).collect();
    assert!(
        joined.join(" ").contains(expected),
        "the whole notice, wrapped, in the footer:\n{rows}"
    );
}

#[test]
fn a_bad_theme_starts_on_the_dark_one_and_says_so() {
    let start = startup::prepare(&args(
        "tests/fixtures/config/valid/empty.toml",
        Some("tests/fixtures/themes/invalid/bad_colour.toml"),
    ));
    assert_eq!(start.theme, warroom::theme::Theme::dark());
    assert_eq!(
        start.problems,
        vec![
            "tests/fixtures/themes/invalid/bad_colour.toml:2:9: colors.alarm: `redd` is not a colour (use a name like `red`, `#rrggbb` or 0-255) (using the dark theme)"
        ]
    );
}
