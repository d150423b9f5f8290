//! The demo runbook run end to end from the Runbooks pane, through the real loop and SDK
//! against the emulator: parameters, confirmation with the resolved targets, live status,
//! the failures and their retries, and the audit file; then a console killed mid-step.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use ratatui::crossterm::event::KeyCode;

use common::console::{Console, runtime, unwrapped};
use common::emulator::Emulator;
use warroom::app::panes::PaneId;
use warroom::kit::Loadable;
use warroom::runbook::pane::state::{Modal, StepStatus};
use warroom::runbook::run::audit::{self, Record};
use warroom::runbook::run::execute::StepPatience;

const WAIT: Duration = Duration::from_secs(30);

fn audit_file(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("warroom-pane-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("runbook-audit.jsonl")
}

async fn open_demo_runbook(emulator: &Emulator, audit: &Path) -> Console {
    let mut console = Console::open(&emulator.url, Duration::from_secs(300));
    console.app.set_audit_file(audit.to_path_buf());
    console.app.set_step_patience(StepPatience {
        first_poll: Duration::from_millis(100),
        max_poll: Duration::from_millis(300),
        ..StepPatience::default()
    });
    console
        .wait_until("identity, alarms and runbooks", WAIT, |s| {
            matches!(s.session.identity, Loadable::Ready(_))
                && s.panes.alarms.status.loaded_at.is_some()
                && s.panes.runbooks.loaded
        })
        .await;
    console.key(KeyCode::Char('5'));
    assert_eq!(console.app.state.focus, PaneId::Runbooks);
    let screen = console.screen();
    let row = screen
        .lines()
        .find(|l| l.contains("checkout-api returns 5xx"))
        .unwrap_or_default();
    assert!(row.contains('★'), "it answers the firing alarm:\n{screen}");
    console.keys("/checkout");
    console.key(KeyCode::Enter);
    console.key(KeyCode::Enter);
    let screen = console.screen();
    assert!(
        screen.contains("service: checkout-api"),
        "the form, defaults filled:\n{screen}"
    );
    console.key(KeyCode::Enter);
    assert!(
        console
            .app
            .state
            .panes
            .runbooks
            .open
            .as_ref()
            .is_some_and(|o| o.form.is_none())
    );
    console
}

fn current(console: &Console) -> usize {
    console
        .app
        .state
        .panes
        .runbooks
        .open
        .as_ref()
        .map(|o| o.current)
        .unwrap_or(usize::MAX)
}

fn status(console: &Console, n: usize) -> StepStatus {
    console
        .app
        .state
        .panes
        .runbooks
        .open
        .as_ref()
        .map(|o| o.steps[n].status.clone())
        .unwrap_or(StepStatus::Pending)
}

/// The loop until step `n` has ended; its status.
pub(crate) async fn wait_step_ends(console: &mut Console, n: usize) -> StepStatus {
    console
        .wait_until("the step to end", WAIT, |s| {
            s.panes.runbooks.open.as_ref().is_some_and(|o| {
                !matches!(o.steps[n].status, StepStatus::Running | StepStatus::Pending)
            })
        })
        .await;
    status(console, n)
}

/// `x` on the current command step, then the loop until its confirmation shows the targets;
/// the screen then.
pub(crate) async fn confirm(console: &mut Console) -> String {
    console.keys("x");
    console
        .wait_until("the targets", WAIT, |s| {
            matches!(
                s.panes.runbooks.open.as_ref().and_then(|o| o.modal.as_ref()),
                Some(Modal::Send(c)) if !matches!(c.preview, Loadable::Loading)
            )
        })
        .await;
    console.screen()
}

/// `x` on the current command step, the targets resolved, then `answer` sends it.
async fn send(console: &mut Console, answer: &str) -> String {
    let screen = confirm(console).await;
    if answer == "y" {
        console.keys("y");
    } else {
        console.keys(answer);
        console.key(KeyCode::Enter);
    }
    screen
}

#[test]
fn the_demo_runbook_runs_end_to_end_from_the_pane() {
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let audit_path = audit_file("e2e");
    runtime().block_on(async {
        let mut console = open_demo_runbook(&emulator, &audit_path).await;
        // 1, 2: logs-insights steps.
        for n in 0..2 {
            assert_eq!(current(&console), n);
            console.keys("x");
            assert_eq!(wait_step_ends(&mut console, n).await, StepStatus::Succeeded);
        }
        // 3: the service on the hosts.
        assert_eq!(current(&console), 2);
        let confirmation = send(&mut console, "y").await;
        let text = unwrapped(&confirmation);
        assert!(
            text.contains("account: 123456789012 · region: us-east-1"),
            "{confirmation}"
        );
        assert!(
            text.contains("Service=checkout → 4 instance(s)"),
            "{confirmation}"
        );
        assert!(
            text.contains("checkout-api-3"),
            "the first instances are named:\n{confirmation}"
        );
        assert!(
            text.contains("systemctl is-active checkout-api"),
            "the exact commands:\n{confirmation}"
        );
        assert_eq!(wait_step_ends(&mut console, 2).await, StepStatus::Succeeded);
        let screen = console.screen();
        assert!(
            screen.contains("Success     i-0c4e1a2b3c4d5e601"),
            "each instance:\n{screen}"
        );
        // 4: the database check fails everywhere, then passes on a retry.
        assert_eq!(current(&console), 3);
        send(&mut console, "y").await;
        assert_eq!(
            wait_step_ends(&mut console, 3).await,
            StepStatus::Failed("Failed".into())
        );
        let screen = console.screen();
        assert!(
            screen.contains("FAIL: no TCP connection"),
            "the output shows why:\n{screen}"
        );
        console.keys("i");
        console
            .wait_for_text("Output of i-0c4e1a2b3c4d5e601 (GetCommandInvocation", WAIT)
            .await;
        send(&mut console, "y").await;
        assert_eq!(wait_step_ends(&mut console, 3).await, StepStatus::Succeeded);
        // 5: the manual review.
        assert_eq!(current(&console), 4);
        console.keys("a");
        // 6: the typed restart fails on one host, then succeeds on a retry.
        assert_eq!(current(&console), 5);
        let confirmation = send(&mut console, "123456789012").await;
        assert!(
            unwrapped(&confirmation).contains("Type 123456789012 or"),
            "{confirmation}"
        );
        assert!(
            unwrapped(&confirmation).contains("max concurrency 1"),
            "{confirmation}"
        );
        assert_eq!(
            wait_step_ends(&mut console, 5).await,
            StepStatus::Failed("Failed".into())
        );
        let screen = console.screen();
        let failed = screen
            .lines()
            .find(|l| l.contains("checkout-api-3 "))
            .unwrap_or_default();
        assert!(failed.contains("Failed"), "the failed instance:\n{screen}");
        send(&mut console, "checkout").await;
        assert_eq!(wait_step_ends(&mut console, 5).await, StepStatus::Succeeded);
        // 7: verify.
        console.keys("x");
        assert_eq!(wait_step_ends(&mut console, 6).await, StepStatus::Succeeded);
        assert!(
            console
                .app
                .state
                .panes
                .runbooks
                .open
                .as_ref()
                .is_some_and(|o| o.finished())
        );
    });
    let read = audit::read(&audit_path).expect("the audit file");
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    let intents: Vec<String> = read
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Intent(i) => Some(i.step.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        intents,
        [
            "service-status",
            "db-connectivity",
            "db-connectivity",
            "restart",
            "restart"
        ]
    );
    let finished: Vec<String> = read
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Finished(f) => Some(f.status.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        finished,
        ["Success", "Failed", "Success", "Failed", "Success"]
    );
    assert!(
        read.records
            .iter()
            .any(|r| matches!(r, Record::Acknowledged(e) if e.step.contains("security group"))),
        "the manual step is written down"
    );
    assert!(audit::in_flight(&read.records).is_empty());
    let _ = std::fs::remove_dir_all(audit_path.parent().unwrap_or(Path::new("/nonexistent")));
}

#[test]
fn a_console_killed_right_after_a_send_shows_the_command_in_flight_at_the_next_start() {
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let audit_path = audit_file("killed");
    runtime().block_on(async {
        let mut console = open_demo_runbook(&emulator, &audit_path).await;
        console.keys("ss");
        assert_eq!(current(&console), 2);
        send(&mut console, "y").await;
        console
            .wait_until("the CommandId", WAIT, |s| {
                s.panes.runbooks.open.as_ref().is_some_and(|o| {
                    o.steps[2]
                        .execution
                        .as_ref()
                        .is_some_and(|e| e.command_id.is_some())
                })
            })
            .await;
    });
    let read = audit::read(&audit_path).expect("the audit file");
    let flying = audit::in_flight(&read.records);
    assert_eq!(flying.len(), 1, "the intent and its CommandId are on disk");
    assert_eq!(flying[0].intent.step, "service-status");
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        console.app.set_audit_file(audit_path.clone());
        let screen = console
            .wait_for_text("still running when warroom last stopped", WAIT)
            .await;
        assert!(screen.contains("see the Runbooks pane"), "{screen}");
        console.key(KeyCode::Char('5'));
        let screen = console
            .wait_for_text("it still runs on 4 instance(s)", WAIT)
            .await;
        assert!(
            unwrapped(&screen).contains(&format!("command {}", flying[0].command_id)),
            "SSM was asked about the command left in flight:\n{screen}"
        );
        // Each `r` reads the runbooks and asks SSM again, until the command has ended.
        for _ in 0..10 {
            if console.screen().contains("it ended Success") {
                break;
            }
            console.keys("r");
            console
                .wait_until("the runbooks again", WAIT, |s| {
                    s.panes.runbooks.load_req.is_none()
                })
                .await;
            console
                .wait_until("SSM's answer", WAIT, |s| {
                    !s.panes.runbooks.resumed.is_empty()
                })
                .await;
        }
        let screen = console.screen();
        assert!(unwrapped(&screen).contains("it ended Success"), "{screen}");
    });
    let read = audit::read(&audit_path).expect("the audit file");
    assert!(
        audit::in_flight(&read.records).is_empty(),
        "its end is now written"
    );
    let _ = std::fs::remove_dir_all(audit_path.parent().unwrap_or(Path::new("/nonexistent")));
}

#[test]
fn the_region_and_profile_stay_while_a_sent_command_is_followed() {
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    let audit_path = audit_file("held");
    runtime().block_on(async {
        let mut console = open_demo_runbook(&emulator, &audit_path).await;
        console.keys("ss");
        send(&mut console, "y").await;
        assert_eq!(status(&console, 2), StepStatus::Running);
        for line in ["region eu-west-1", "profile other"] {
            console.command(line);
            let flash = console.app.state.flash.as_ref().map(|f| f.text.clone());
            assert!(
                flash.as_deref().is_some_and(|f| f.contains("Step 3")
                    && f.contains("still followed in this account and region")),
                "{line}: {flash:?}"
            );
        }
        assert_eq!(console.app.state.session.region, "us-east-1");
        assert_eq!(console.app.state.session.settings.profile, None);
        assert_eq!(wait_step_ends(&mut console, 2).await, StepStatus::Succeeded);
        console.command("region eu-west-1");
        assert_eq!(
            console.app.state.session.region, "eu-west-1",
            "once it has ended"
        );
    });
    let read = audit::read(&audit_path).expect("the audit file");
    assert!(
        audit::in_flight(&read.records).is_empty(),
        "its end is written down"
    );
    let _ = std::fs::remove_dir_all(audit_path.parent().unwrap_or(Path::new("/nonexistent")));
}
