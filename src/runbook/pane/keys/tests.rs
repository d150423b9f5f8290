use std::path::Path;
use std::time::Duration;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use crate::app::effect::Effect;
use crate::app::msg::{Msg, SessionInfo};
use crate::app::panes::PaneId;
use crate::app::state::AppState;
use crate::app::update::update;
use crate::aws::{Identity, SessionSettings};
use crate::config::{Config, Refresh};
use crate::kit::Loadable;
use crate::runbook::RunbookMsg;
use crate::runbook::RunbookWork;
use crate::runbook::pane::catalog::CatalogEntry;
use crate::runbook::pane::state::{Modal, StepStatus};
use crate::runbook::run::fleet::{Instance, TargetPreview};
use crate::theme::Theme;

const RUNBOOK: &str = r#"+++
title = "Restart a service"
account = "123456789012"
regions = ["us-east-1"]

[params.service]
description = "the systemd unit"
default = "checkout-api"
pattern = "[a-z][a-z0-9-]*"

[params.note]
description = "why, for the log"
default = "incident"

[targets]
tags = { Service = "checkout" }
+++

## Look at the dashboard

Open the checkout dashboard and note the error rate.

## Restart

```sh {"name":"restart","confirm":"typed","max_concurrency":"1"}
systemctl restart {{service}}
logger -t warroom {{note}}
```

## Check it

```sh {"name":"check"}
systemctl is-active {{service}}
```
"#;

struct Console {
    state: AppState,
    config: Config,
    terminal: Terminal<TestBackend>,
}

impl Console {
    fn new(read_only: bool, account: &str, region: &str) -> Console {
        Console::with_runbook(read_only, account, region, RUNBOOK)
    }

    /// As `new`, on the runbook `text` instead.
    fn with_runbook(read_only: bool, account: &str, region: &str, text: &str) -> Console {
        let config = Config::defaults();
        let settings = SessionSettings {
            read_only,
            ..SessionSettings::in_region(region)
        };
        let now = "2026-11-23T03:10:00Z".parse().unwrap();
        let state = AppState::new(
            settings,
            Refresh::every(Duration::from_secs(30)),
            now,
            Size::new(120, 40),
        );
        let terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let mut console = Console {
            state,
            config,
            terminal,
        };
        let effects = console.send(Msg::Connected {
            generation: 0,
            info: SessionInfo {
                region: region.into(),
                region_defaulted: false,
                profile: None,
                endpoint: None,
            },
            sources: None,
        });
        let load = effects
            .iter()
            .find_map(|e| match e {
                Effect::Runbooks(RunbookWork::Load { req, .. }) => Some(*req),
                _ => None,
            })
            .expect("runbooks are read once connected");
        let (runbook, problems) = crate::runbook::lint(Path::new("runbooks/restart.md"), text);
        assert!(problems.is_empty(), "{problems:?}");
        console.send(Msg::Runbooks(RunbookMsg::Loaded {
            req: load,
            entries: vec![CatalogEntry {
                path: "runbooks/restart.md".into(),
                runbook: Ok(runbook),
                content_hash: "abc".into(),
            }],
            missing: Vec::new(),
            in_flight: Vec::new(),
            unresolved: Vec::new(),
            audit_warnings: Vec::new(),
        }));
        console.state.session.identity = Loadable::Ready(Identity {
            account: account.into(),
            arn: format!("arn:aws:sts::{account}:assumed-role/OnCall/alice"),
        });
        console
    }

    /// Applies a message and, as the console's loop does, draws the screen (here only while
    /// a confirmation is open: the one screen that answers keys by what it has shown).
    fn send(&mut self, msg: Msg) -> Vec<Effect> {
        let effects = update(&mut self.state, &self.config.keymap, msg);
        if self.confirmation().is_some() {
            self.draw();
        }
        effects
    }

    fn confirmation(&self) -> Option<&crate::runbook::run::confirm::Confirmation> {
        match self.state.panes.runbooks.open.as_ref()?.modal.as_ref()? {
            Modal::Send(c) => Some(c),
            Modal::Cancel { .. } => None,
        }
    }

    fn draw(&mut self) {
        let size = self.state.screen;
        if self.terminal.size().ok() != Some(size) {
            self.terminal = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
        }
        let (state, keymap) = (&self.state, &self.config.keymap);
        self.terminal
            .draw(|f| crate::ui::draw(f, state, &Theme::dark(), keymap))
            .unwrap();
    }

    fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn keys(&mut self, text: &str) -> Vec<Effect> {
        text.chars()
            .flat_map(|c| self.key(KeyCode::Char(c)))
            .collect()
    }

    /// Focuses Runbooks, opens the runbook and takes the default parameters.
    fn open(&mut self) {
        self.keys("5");
        assert_eq!(self.state.focus, PaneId::Runbooks);
        self.key(KeyCode::Enter);
        self.key(KeyCode::Enter);
        let open = self
            .state
            .panes
            .runbooks
            .open
            .as_ref()
            .expect("the runbook is open");
        assert!(open.form.is_none(), "the defaults are valid");
    }

    fn flash(&self) -> String {
        self.state
            .flash
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default()
    }

    fn modal_refusal(&self) -> Option<String> {
        match self.state.panes.runbooks.open.as_ref()?.modal.as_ref()? {
            Modal::Send(c) => c.refusal(),
            Modal::Cancel { .. } => None,
        }
    }

    /// Asks to run the current step and answers its preview with `count` instances.
    fn confirm_with(&mut self, count: usize) -> Vec<Effect> {
        let effects = self.keys("x");
        let req = effects
            .iter()
            .find_map(|e| match e {
                Effect::Runbooks(RunbookWork::PreviewTargets { req, .. }) => Some(*req),
                _ => None,
            })
            .expect("x on a command step resolves its targets");
        let instances = (0..count.min(10))
            .map(|n| Instance {
                id: format!("i-0{n:016x}"),
                name: format!("checkout-{n}"),
                platform: "Amazon Linux 2023".into(),
                ping_status: "Online".into(),
            })
            .collect();
        self.send(Msg::Runbooks(RunbookMsg::TargetsPreviewed {
            req,
            result: Ok(TargetPreview { count, instances }),
        }))
    }
}

fn sends(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::Runbooks(RunbookWork::RunStep { .. })))
        .count()
}

#[test]
fn a_typed_confirmation_sends_only_on_the_account_id_or_the_target_name() {
    let mut console = Console::new(false, "123456789012", "us-east-1");
    console.open();
    console.keys("a");
    assert_eq!(
        console.state.panes.runbooks.open.as_ref().unwrap().current,
        1
    );
    console.confirm_with(4);
    assert_eq!(console.modal_refusal(), None);
    let mut effects = console.keys("y");
    effects.extend(console.key(KeyCode::Enter));
    assert_eq!(
        sends(&effects),
        0,
        "y is typed text here, and `y` is not the answer"
    );
    assert!(console.flash().contains("Not sent"), "{}", console.flash());

    console.confirm_with(4);
    console.keys("123456789012");
    let effects = console.key(KeyCode::Enter);
    assert_eq!(sends(&effects), 1);
    let Some(Effect::Runbooks(RunbookWork::RunStep {
        intent, request, ..
    })) = effects
        .iter()
        .find(|e| matches!(e, Effect::Runbooks(RunbookWork::RunStep { .. })))
    else {
        unreachable!()
    };
    assert_eq!(
        request.commands,
        "systemctl restart 'checkout-api'\nlogger -t warroom 'incident'\n"
    );
    assert_eq!(request.max_concurrency, "1");
    assert_eq!(intent.account, "123456789012");
    assert_eq!(intent.step, "restart");
    assert_eq!(
        intent.parameters.get("service").map(String::as_str),
        Some("checkout-api")
    );
}

#[test]
fn read_only_pins_and_zero_targets_make_sending_impossible_and_say_why() {
    let cases: [(bool, &str, &str, usize, &str); 4] = [
        (true, "123456789012", "us-east-1", 4, "Read-only"),
        (
            false,
            "999999999999",
            "us-east-1",
            4,
            "pinned to account 123456789012",
        ),
        (
            false,
            "123456789012",
            "eu-west-1",
            4,
            "runs only in us-east-1",
        ),
        (
            false,
            "123456789012",
            "us-east-1",
            0,
            "No managed instance matches Service=checkout",
        ),
    ];
    for (read_only, account, region, count, why) in cases {
        let mut console = Console::new(read_only, account, region);
        console.open();
        console.keys("a");
        console.keys("j");
        console.confirm_with(count);
        let refusal = console.modal_refusal().unwrap_or_default();
        assert!(refusal.contains(why), "{why}: {refusal}");
        let mut effects = console.keys("y");
        effects.extend(console.keys(account));
        effects.extend(console.key(KeyCode::Enter));
        assert_eq!(sends(&effects), 0, "{why}");
    }
}

#[test]
fn a_value_that_fails_its_pattern_keeps_the_runbook_at_its_parameters() {
    let mut console = Console::new(false, "123456789012", "us-east-1");
    console.keys("5");
    console.key(KeyCode::Enter);
    for _ in 0.."checkout-api".len() {
        console.key(KeyCode::Backspace);
    }
    console.keys("x; rm -rf /");
    let form = console
        .state
        .panes
        .runbooks
        .open
        .as_ref()
        .unwrap()
        .form
        .as_ref()
        .unwrap();
    assert!(
        form.fields[0]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("does not match its pattern"),
        "checked as typed"
    );
    console.key(KeyCode::Enter);
    assert!(
        console
            .state
            .panes
            .runbooks
            .open
            .as_ref()
            .unwrap()
            .form
            .is_some()
    );
    // The note has no pattern: a hostile value is accepted, and arrives quoted.
    console.key(KeyCode::Tab);
    for _ in 0.."incident".len() {
        console.key(KeyCode::Backspace);
    }
    console.keys("$(reboot)'; echo");
    console.key(KeyCode::BackTab);
    for _ in 0.."x; rm -rf /".len() {
        console.key(KeyCode::Backspace);
    }
    console.keys("checkout-api");
    console.key(KeyCode::Enter);
    assert!(
        console
            .state
            .panes
            .runbooks
            .open
            .as_ref()
            .unwrap()
            .form
            .is_none()
    );
    console.keys("aj");
    console.keys("k");
    console.confirm_with(2);
    let Some(Modal::Send(c)) = console
        .state
        .panes
        .runbooks
        .open
        .as_ref()
        .unwrap()
        .modal
        .as_ref()
    else {
        panic!("the confirmation is open");
    };
    assert!(
        c.request
            .commands
            .ends_with("logger -t warroom '$(reboot)'\\''; echo'\n"),
        "{}",
        c.request.commands
    );
}

#[test]
fn skipping_and_acknowledging_are_written_down() {
    let mut console = Console::new(false, "123456789012", "us-east-1");
    console.open();
    let effects = console.keys("x");
    assert!(effects.is_empty(), "x on a manual step does nothing");
    let effects = console.keys("a");
    assert!(matches!(
        effects.as_slice(),
        [Effect::Runbooks(RunbookWork::Audit {
            record: crate::runbook::run::audit::Record::Acknowledged(_)
        })]
    ));
    let effects = console.keys("s");
    assert!(matches!(
        effects.as_slice(),
        [Effect::Runbooks(RunbookWork::Audit {
            record: crate::runbook::run::audit::Record::Skipped(_)
        })]
    ));
    let open = console.state.panes.runbooks.open.as_ref().unwrap();
    assert_eq!(open.steps[0].status, StepStatus::Acknowledged);
    assert_eq!(open.steps[1].status, StepStatus::Skipped);
    assert_eq!(open.current, 2);
}

fn key_strategy() -> impl Strategy<Value = KeyEvent> {
    let codes = prop_oneof![
        proptest::sample::select(vec![
            'x', 'y', 'Y', 'n', 's', 'a', 'A', 'X', 'i', 'j', 'k', 'g', 'G', '1', '5', ':', '/',
            'q', 'r', '?', 'e', '1', '2', '3', '4', '0', '9', '8', '6', '7', '5', 'c', 'h', 'e',
            'k', 'o', 'u', 't'
        ])
        .prop_map(KeyCode::Char),
        proptest::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Up,
            KeyCode::Down,
        ]),
    ];
    codes.prop_map(|code| KeyEvent::new(code, KeyModifiers::NONE))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever keys are pressed, a command is sent only by the key that answers an open,
    /// sendable confirmation.
    #[test]
    fn no_key_sequence_sends_without_the_confirmation(
        keys in proptest::collection::vec(key_strategy(), 1..80),
        count in 0usize..3,
    ) {
        let mut console = Console::new(false, "123456789012", "us-east-1");
        console.open();
        for key in keys {
            let before = match console.state.panes.runbooks.open.as_ref().and_then(|o| o.modal.as_ref()) {
                Some(Modal::Send(c)) => Some((c.sendable(), c.typed_confirmation(), c.accepts(c.typed.value()))),
                _ => None,
            };
            let effects = console.send(Msg::Key(key));
            if sends(&effects) > 0 {
                let (sendable, typed, accepted) = before.expect("a confirmation was open");
                prop_assert!(sendable);
                if typed {
                    prop_assert!(accepted && key.code == KeyCode::Enter);
                } else {
                    prop_assert_eq!(key.code, KeyCode::Char('y'));
                }
            }
            for effect in effects {
                if let Effect::Runbooks(RunbookWork::PreviewTargets { req, .. }) = effect {
                    console.send(Msg::Runbooks(RunbookMsg::TargetsPreviewed {
                        req,
                        result: Ok(TargetPreview { count, instances: Vec::new() }),
                    }));
                }
            }
        }
    }
}

#[test]
fn a_failed_step_holds_the_runbook_until_it_is_retried_skipped_or_aborted() {
    let mut console = Console::new(false, "123456789012", "us-east-1");
    console.open();
    console.keys("a");
    console.confirm_with(4);
    console.keys("123456789012");
    let effects = console.key(KeyCode::Enter);
    let Some(Effect::Runbooks(RunbookWork::RunStep { req, .. })) = effects
        .iter()
        .find(|e| matches!(e, Effect::Runbooks(RunbookWork::RunStep { .. })))
    else {
        panic!("sent: {effects:?}");
    };
    console.send(Msg::Runbooks(RunbookMsg::StepFinished {
        req: *req,
        result: Ok(crate::runbook::run::execute::CommandStatus::Failed),
    }));
    assert!(
        console.flash().contains("x retries it"),
        "{}",
        console.flash()
    );
    console.keys("j");
    assert!(console.keys("x").is_empty(), "the next step waits");
    assert!(
        console.flash().contains("Step 2 failed"),
        "{}",
        console.flash()
    );
    console.keys("k");
    let retry = console.keys("x");
    assert!(
        matches!(
            retry.as_slice(),
            [Effect::Runbooks(RunbookWork::PreviewTargets { .. })]
        ),
        "x on the failed step asks again: {retry:?}"
    );
    console.key(KeyCode::Esc);
    console.keys("s");
    let next = console.keys("x");
    assert!(
        matches!(
            next.as_slice(),
            [Effect::Runbooks(RunbookWork::PreviewTargets { .. })]
        ),
        "{next:?}"
    );
}

fn read_at(code: KeyCode, at: std::time::Instant) -> Msg {
    Msg::KeyRead {
        key: KeyEvent::new(code, KeyModifiers::NONE),
        at,
    }
}

#[test]
fn a_y_read_before_the_confirmation_was_first_drawn_does_not_answer_it() {
    let mut console = Console::new(false, "123456789012", "us-east-1");
    console.open();
    console.keys("aj");
    // `y` typed right after `x`, both read before the confirmation's first frame.
    let typed_ahead = std::time::Instant::now();
    console.confirm_with(4);
    let effects = console.send(read_at(KeyCode::Char('y'), typed_ahead));
    assert_eq!(sends(&effects), 0, "typed before it was on screen");
    assert!(
        console.confirmation().is_some(),
        "the confirmation stays open"
    );
    assert!(
        console.flash().contains("was ignored"),
        "{}",
        console.flash()
    );
    let effects = console.send(read_at(KeyCode::Char('y'), std::time::Instant::now()));
    assert_eq!(sends(&effects), 1, "read after it was drawn");
}

#[test]
fn a_confirmation_never_drawn_ignores_every_key_from_the_terminal() {
    let mut console = Console::new(false, "123456789012", "us-east-1");
    console.open();
    console.keys("aj");
    console.confirm_with(4);
    console.key(KeyCode::Esc);
    // A new confirmation, its targets resolved, and no frame drawn since (the loop has not
    // come round to drawing): update it without the harness's draw.
    let keymap = &console.config.keymap;
    let x = Msg::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
    let effects = update(&mut console.state, keymap, x);
    let Some(Effect::Runbooks(RunbookWork::PreviewTargets { req, .. })) = effects.first() else {
        panic!("x resolves the targets: {}", effects.len());
    };
    let preview = Msg::Runbooks(RunbookMsg::TargetsPreviewed {
        req: *req,
        result: Ok(TargetPreview {
            count: 1,
            instances: Vec::new(),
        }),
    });
    update(&mut console.state, keymap, preview);
    let now = std::time::Instant::now();
    let effects = update(&mut console.state, keymap, read_at(KeyCode::Char('y'), now));
    assert_eq!(sends(&effects), 0);
    assert!(
        console.flash().contains("was ignored"),
        "{}",
        console.flash()
    );
    assert!(console.confirmation().is_some());
}

#[test]
fn the_parameter_form_refuses_a_bidi_override_and_names_it() {
    let mut console = Console::new(false, "123456789012", "us-east-1");
    console.keys("5");
    console.key(KeyCode::Enter);
    console.key(KeyCode::Tab);
    console.keys("\u{202e}");
    let form = console
        .state
        .panes
        .runbooks
        .open
        .as_ref()
        .and_then(|o| o.form.as_ref())
        .expect("the form is open");
    let error = form.fields[1].error.clone().unwrap_or_default();
    assert!(
        error.contains("`incident\\u{202e}` holds U+202E RIGHT-TO-LEFT OVERRIDE (character 9)"),
        "{error}"
    );
    console.key(KeyCode::Enter);
    let open = console
        .state
        .panes
        .runbooks
        .open
        .as_ref()
        .expect("still open");
    assert!(open.form.is_some(), "the runbook waits at its parameters");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| crate::ui::draw(f, &console.state, &Theme::dark(), &console.config.keymap))
        .unwrap();
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        screen.contains("note: incident\\u{202e}"),
        "shown as its escape"
    );
    assert!(!screen.contains('\u{202e}'));
}

#[test]
fn a_step_that_ends_marks_the_timeline_to_gather_again() {
    let mut c = Console::new(false, "123456789012", "us-east-1");
    c.state.panes.timeline.stale = false;
    c.send(Msg::Runbooks(RunbookMsg::StepFinished {
        req: 0,
        result: Ok(crate::runbook::run::execute::CommandStatus::Success),
    }));
    assert!(
        c.state.panes.timeline.stale,
        "the step's end joins the timeline at its next gathering"
    );
}

#[test]
fn a_catalog_read_after_an_alarm_fired_puts_the_runbook_that_answers_it_first() {
    let mut c = Console::new(false, "123456789012", "us-east-1");
    let keymap = c.config.keymap.clone();
    crate::app::route::tell(
        &mut c.state,
        &keymap,
        PaneId::Alarms,
        crate::pane::News::Firing(vec!["checkout-api-5xx".into()]),
    );
    c.keys("5");
    let load = c
        .key(KeyCode::Char('r'))
        .iter()
        .find_map(|e| match e {
            Effect::Runbooks(RunbookWork::Load { req, .. }) => Some(*req),
            _ => None,
        })
        .expect("r reads the runbooks again");
    let text = RUNBOOK.replace(
        "regions = [\"us-east-1\"]",
        "regions = [\"us-east-1\"]\nalarms = [\"checkout-api-*\"]",
    );
    let answering = crate::runbook::lint(Path::new("runbooks/zz-5xx.md"), &text).0;
    let other = crate::runbook::lint(Path::new("runbooks/aa-restart.md"), RUNBOOK).0;
    let entry = |path: &str, runbook| CatalogEntry {
        path: path.into(),
        runbook: Ok(runbook),
        content_hash: "abc".into(),
    };
    c.send(Msg::Runbooks(RunbookMsg::Loaded {
        req: load,
        entries: vec![
            entry("runbooks/aa-restart.md", other),
            entry("runbooks/zz-5xx.md", answering),
        ],
        missing: Vec::new(),
        in_flight: Vec::new(),
        unresolved: Vec::new(),
        audit_warnings: Vec::new(),
    }));
    let (index, entry) = c
        .state
        .panes
        .runbooks
        .selected()
        .expect("a runbook is listed");
    assert_eq!(entry.path, Path::new("runbooks/zz-5xx.md"));
    assert!(c.state.panes.runbooks.is_suggested(index));
}

fn left_in_flight() -> crate::runbook::run::audit::InFlight {
    use crate::runbook::language::model::Targets;
    use crate::runbook::run::audit::{InFlight, Intent};
    InFlight {
        intent: Intent {
            id: "intent-1".into(),
            time: jiff::Timestamp::UNIX_EPOCH,
            runbook: "runbooks/restart.md".into(),
            content_hash: "abc".into(),
            step: "restart".into(),
            parameters: Default::default(),
            document: "AWS-RunShellScript".into(),
            commands: "systemctl restart checkout-api".into(),
            targets: Targets::Tags(Default::default()),
            max_concurrency: "1".into(),
            max_errors: "0".into(),
            timeout_seconds: 300,
            caller_arn: "arn:aws:iam::123456789012:user/alice".into(),
            account: "123456789012".into(),
            region: "us-east-1".into(),
        },
        command_id: "cmd-1".into(),
    }
}

fn resumes(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::Runbooks(RunbookWork::Resume { .. })))
        .count()
}

#[test]
fn a_command_left_in_flight_is_asked_about_again_after_a_new_session() {
    let mut c = Console::new(false, "123456789012", "us-east-1");
    c.state.panes.runbooks.load_req = Some(99);
    let effects = c.send(Msg::Runbooks(RunbookMsg::Loaded {
        req: 99,
        entries: Vec::new(),
        missing: Vec::new(),
        in_flight: vec![left_in_flight()],
        unresolved: Vec::new(),
        audit_warnings: Vec::new(),
    }));
    assert_eq!(resumes(&effects), 1, "asked once the audit log is read");
    // The session starts again (an identity retry, :region) before SSM answered: the new
    // session's executor ended that lookup, so the new session asks again.
    c.state.session.generation += 1;
    let generation = c.state.session.generation;
    let mut effects = crate::app::route::reset_panes(&mut c.state, &c.config.keymap);
    effects.extend(c.send(Msg::Connected {
        generation,
        info: SessionInfo {
            region: "us-east-1".into(),
            region_defaulted: false,
            profile: None,
            endpoint: None,
        },
        sources: None,
    }));
    c.state.session.identity_status.pending = Some(42);
    effects.extend(c.send(Msg::IdentityLoaded {
        req: 42,
        result: Ok(Identity {
            account: "123456789012".into(),
            arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
        }),
    }));
    assert_eq!(
        resumes(&effects),
        1,
        "asked again in the new session: {effects:?}"
    );
}

mod accounts;
