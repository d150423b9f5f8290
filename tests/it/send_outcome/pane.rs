//! The same from the Runbooks pane, through the real loop and SDK.

use ratatui::crossterm::event::KeyCode;

use super::*;
use common::console::Console;
use warroom::app::panes::PaneId;
use warroom::config::Config;
use warroom::kit::Loadable;
use warroom::runbook::pane::state::{Modal, StepStatus};

async fn open_console(emulator: &Emulator, state: &Path) -> Console {
    let mut settings = common::console::test_settings(&emulator.url);
    settings.retry.call_timeout = CALL_TIMEOUT;
    let mut console =
        Console::open_settings(settings, Duration::from_secs(300), Config::defaults());
    console.app.state.panes.runbooks.folders = vec![state.to_path_buf()];
    console.app.set_audit_file(audit_file(state));
    console
        .app
        .set_step_patience(patience(Duration::from_secs(3)));
    console
        .wait_until("identity and runbooks", WAIT, |s| {
            matches!(s.session.identity, Loadable::Ready(_)) && s.panes.runbooks.loaded
        })
        .await;
    console
}

fn step(console: &Console) -> StepStatus {
    console
        .app
        .state
        .panes
        .runbooks
        .open
        .as_ref()
        .map(|o| o.steps[0].status.clone())
        .unwrap_or(StepStatus::Pending)
}

async fn wait_step_ends(console: &mut Console) -> StepStatus {
    console
        .wait_until("the step to end", WAIT, |s| {
            s.panes.runbooks.open.as_ref().is_some_and(|o| {
                !matches!(o.steps[0].status, StepStatus::Running | StepStatus::Pending)
            })
        })
        .await;
    step(console)
}

#[test]
fn in_the_pane_a_late_answer_is_followed_and_a_retry_after_a_failed_lookup_sends_nothing() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    slow_answer(&emulator);
    emulator.fault(json!({"operation": "ListCommands", "times": 1,
        "error": {"code": "AccessDeniedException", "message": "not ssm:ListCommands", "status": 400}}));
    let state = tempfile::tempdir().unwrap();
    restart_runbook(state.path(), "yes");
    runtime().block_on(async {
        let mut console = open_console(&emulator, state.path()).await;
        console.key(KeyCode::Char('5'));
        assert_eq!(console.app.state.focus, PaneId::Runbooks);
        console.key(KeyCode::Enter);
        console.keys("x");
        console
            .wait_until("the targets", WAIT, |s| {
                matches!(
                    s.panes.runbooks.open.as_ref().and_then(|o| o.modal.as_ref()),
                    Some(Modal::Send(c)) if matches!(c.preview, Loadable::Ready(_))
                )
            })
            .await;
        // The confirmation is drawn, as the loop draws it, before it is answered.
        console.screen();
        console.keys("y");
        let StepStatus::Failed(message) = wait_step_ends(&mut console).await else {
            panic!("{:?}", step(&console));
        };
        assert!(message.starts_with("Outcome unknown:"), "{message}");
        let screen = console.screen();
        assert!(!screen.contains("Nothing was sent"), "{screen}");
        assert_eq!(emulator.calls_of("SendCommand"), 1);

        console.keys("x");
        assert!(
            console
                .app
                .state
                .panes
                .runbooks
                .open
                .as_ref()
                .is_some_and(|o| o.modal.is_none()),
            "x looks it up: no confirmation, nothing to send"
        );
        assert_eq!(wait_step_ends(&mut console).await, StepStatus::Succeeded);
    });
    assert_eq!(commands(&emulator.url).len(), 1, "one command in all");
    assert_eq!(emulator.calls_of("SendCommand"), 1);
    let path = audit_file(state.path());
    assert_eq!(
        kinds(&path),
        [
            "intent",
            "outcome_unknown",
            "outcome_unknown",
            "sent",
            "finished"
        ]
    );
}

#[test]
fn the_next_console_start_finds_the_command_a_killed_warroom_never_recorded() {
    let emulator = Emulator::start();
    seed_web(&emulator);
    let state = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(audit_file(state.path()).parent().unwrap()).unwrap();
    let (id, command_id) = killed_after_the_send(&emulator, &audit_file(state.path()));
    runtime().block_on(async {
        let mut console = open_console(&emulator, state.path()).await;
        console
            .wait_until("the lookup and its end", WAIT, |s| {
                !s.panes.runbooks.resumed.is_empty()
            })
            .await;
        let notice = console.app.state.notice.clone().unwrap_or_default();
        assert!(
            notice.contains(&format!("found as command {command_id}")),
            "{notice}"
        );
        assert!(
            console
                .app
                .state
                .panes
                .runbooks
                .in_flight
                .iter()
                .any(|f| f.command_id == command_id && f.intent.id == id)
        );
        console.key(KeyCode::Char('5'));
        console.wait_for_text("it ended Success", WAIT).await;
    });
    let records = audit::read(&audit_file(state.path())).unwrap().records;
    assert!(audit::unresolved(&records).is_empty(), "{records:?}");
    assert!(audit::in_flight(&records).is_empty(), "its end is recorded");
    assert_eq!(emulator.calls_of("SendCommand"), 1);
}
