//! The header over each step of an open runbook names what the step runs on as the
//! confirmation does: its targets and log groups with the given parameters filled in, and a
//! parameter not given yet as it is written (`{{service}}`).

use std::path::Path;
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
use warroom::runbook::pane::state::OpenRunbook;
use warroom::theme::Theme;

/// The console at 120x40 with `file` open, its parameters given as `given`.
fn opened(file: &str, given: &[(&str, &str)]) -> AppState {
    let mut state = AppState::new(
        SessionSettings::in_region("us-east-1"),
        Refresh::every(Duration::from_secs(60)),
        "2026-11-23T03:20:00Z".parse::<Timestamp>().unwrap(),
        Size::new(120, 40),
    );
    state.focus = PaneId::Runbooks;
    state.session.connected = true;
    state.session.identity = Loadable::Ready(Identity {
        account: "123456789012".into(),
        arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
    });
    let runbook = warroom::runbook::load(&Path::new("runbooks").join(file)).unwrap();
    let mut open = OpenRunbook::new(runbook, "0".repeat(64));
    let given: Vec<(String, String)> = given
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if !given.is_empty() {
        open.values = warroom::runbook::resolve_params(&open.runbook, &given)
            .unwrap_or_else(|e| panic!("parameters: {e:?}"));
    }
    open.form = None;
    state.panes.runbooks.open = Some(open);
    state
}

/// The step headers (`┌ … on …`) on screen.
fn headers(state: &AppState) -> Vec<String> {
    let mut terminal =
        Terminal::new(TestBackend::new(state.screen.width, state.screen.height)).unwrap();
    terminal
        .draw(|f| warroom::ui::draw(f, state, &Theme::dark(), &Config::defaults().keymap))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    let symbols: Vec<&str> = buffer.content().iter().map(|c| c.symbol()).collect();
    symbols
        .chunks(width)
        .map(|row| row.concat())
        .filter(|row| row.contains("┌ "))
        .map(|row| row.trim_matches(|c: char| c == '│' || c == ' ').to_string())
        .collect()
}

#[test]
fn a_command_step_header_shows_the_targets_with_the_parameter_given() {
    let state = opened(
        "restart-service.md",
        &[("service", "checkout"), ("unit", "checkout-api.service")],
    );
    let headers = headers(&state);
    assert!(
        headers
            .iter()
            .any(|h| h.contains("┌ AWS-RunShellScript on Service=checkout")),
        "the header names the resolved targets: {headers:#?}"
    );
    assert!(
        headers.iter().all(|h| !h.contains("{{service}}")),
        "no header shows the parameter as written once it is given: {headers:#?}"
    );
}

#[test]
fn a_query_step_header_shows_the_log_group_with_the_parameter_given() {
    let state = opened(
        "access-denied.md",
        &[
            ("service", "checkout"),
            ("trail_log_group", "/aws/cloudtrail/org-trail"),
        ],
    );
    let headers = headers(&state);
    assert!(
        headers
            .iter()
            .any(|h| h.contains("┌ Logs Insights on /aws/cloudtrail/org-trail")),
        "the header names the resolved log group: {headers:#?}"
    );
    assert!(headers.iter().all(|h| !h.contains("{{")), "{headers:#?}");
}

#[test]
fn a_parameter_not_given_stays_as_written_in_the_header() {
    let state = opened("restart-service.md", &[]);
    let headers = headers(&state);
    assert!(
        headers
            .iter()
            .any(|h| h.contains("┌ AWS-RunShellScript on Service={{service}}")),
        "an unfilled parameter shows as written: {headers:#?}"
    );
}
