//! Real frames of the Runbooks and Timeline panes, recorded with insta: the confirmation a
//! command passes through (every step of every shipped runbook, at 80x24 and 120x40, at its
//! top and scrolled to its end, then answered), and the timeline of the demo incident.

use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use warroom::app::effect::Effect;
use warroom::app::msg::Msg;
use warroom::app::panes::PaneId;
use warroom::app::state::AppState;
use warroom::aws::{Identity, SessionSettings};
use warroom::config::{Config, Refresh};
use warroom::kit::Loadable;
use warroom::runbook::RunbookWork;
use warroom::runbook::pane::state::{Modal, OpenRunbook};
use warroom::runbook::run::confirm::{self, Reading, Session};
use warroom::runbook::run::fleet::{Instance, TargetPreview};
use warroom::runbook::{Action, Runbook};
use warroom::theme::Theme;
use warroom::timeline::gather::Gathered;
use warroom::timeline::{Source, TimelineEvent};

fn at(hm: &str) -> Timestamp {
    format!("2026-11-23T{hm}:00Z").parse().unwrap()
}

fn state(focus: PaneId) -> AppState {
    let mut state = AppState::new(
        SessionSettings::in_region("us-east-1"),
        Refresh::every(Duration::from_secs(60)),
        at("03:20"),
        Size::new(120, 40),
    );
    state.focus = focus;
    state.session.connected = true;
    state.session.identity = Loadable::Ready(Identity {
        account: "123456789012".into(),
        arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
    });
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
fn runbook_typed_confirmation_120x40() {
    let mut state = state(PaneId::Runbooks);
    let path = Path::new("runbooks/checkout-5xx.md");
    let runbook = warroom::runbook::load(path).expect("the demo runbook lints");
    let mut open = OpenRunbook::new(runbook, "0".repeat(64));
    open.submit_form().expect("the defaults are valid");
    let restart = open
        .runbook
        .steps
        .iter()
        .position(|s| s.name == "restart")
        .expect("a restart step");
    open.current = restart;
    let identity = Identity {
        account: "123456789012".into(),
        arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
    };
    let session = Session {
        identity: Some(identity.clone()),
        region: "us-east-1".into(),
        ..Session::default()
    };
    let mut confirmation = confirm::prepare(&open, restart, &session, 1).expect("a command step");
    confirmation.preview = Loadable::Ready(TargetPreview {
        count: 4,
        instances: (1..=4)
            .map(|n| Instance {
                id: format!("i-0c4e1a2b3c4d5e60{n}"),
                name: format!("checkout-api-{n}"),
                platform: "Linux (Amazon Linux 2023)".into(),
                ping_status: if n == 3 { "ConnectionLost" } else { "Online" }.into(),
            })
            .collect(),
    });
    open.modal = Some(Modal::Send(Box::new(confirmation)));
    state.panes.runbooks.open = Some(open);
    insta::assert_snapshot!(render(&state).backend());
}

fn event(hm: &str, source: Source, what: &str, who: &str, risky: bool) -> TimelineEvent {
    TimelineEvent {
        time: at(hm),
        source,
        what: what.into(),
        who: who.into(),
        detail: String::new(),
        risky,
        key: format!("{what}@{hm}"),
    }
}

#[test]
fn timeline_of_the_demo_incident_120x24() {
    let mut state = state(PaneId::Timeline);
    state.screen = Size::new(120, 24);
    state.panes.timeline.chosen = Some((at("02:30"), at("03:20")));
    state.panes.timeline.status.start(1, at("03:20"));
    let events = vec![
        event(
            "02:50",
            Source::Health,
            "EC2 operational issue began (us-east-1/use1-az4)",
            "AWS Health",
            false,
        ),
        event(
            "02:58",
            Source::Change,
            "RevokeSecurityGroupIngress sg-0db5e1c7a9f3b2d41",
            "alice",
            true,
        ),
        event(
            "03:02",
            Source::Alarm,
            "checkout-api-5xx OK → ALARM",
            "CloudWatch",
            false,
        ),
        event(
            "03:04",
            Source::Alarm,
            "checkout-customer-impact OK → ALARM",
            "CloudWatch",
            false,
        ),
        event(
            "03:09",
            Source::Query,
            "Logs Insights query on /aws/ecs/checkout-api",
            "warroom",
            false,
        ),
        event(
            "03:14",
            Source::Runbook,
            "checkout-5xx.md restart sent to Service=checkout",
            "alice",
            false,
        ),
    ];
    let gathered = Gathered {
        account: Some("123456789012".into()),
        region: "us-east-1".into(),
        events,
        ..Gathered::default()
    };
    assert!(state.panes.timeline.loaded(1, gathered, at("03:20")));
    insta::assert_snapshot!(render(&state).backend());
}

// The confirmation of every command step of every shipped runbook.

/// Values for the parameters the shipped runbooks leave without a default.
const VALUES: &[(&str, &str)] = &[
    ("service", "checkout-api"),
    ("unit", "checkout-api.service"),
    ("bucket", "acme-diagnostics"),
];

fn identity() -> Identity {
    Identity {
        account: "123456789012".into(),
        arn: "arn:aws:sts::123456789012:assumed-role/OnCall/alice".into(),
    }
}

fn four_instances() -> TargetPreview {
    TargetPreview {
        count: 4,
        instances: (1..=4)
            .map(|n| Instance {
                id: format!("i-0c4e1a2b3c4d5e60{n}"),
                name: format!("checkout-api-{n}"),
                platform: "Linux (Amazon Linux 2023)".into(),
                ping_status: if n == 3 { "ConnectionLost" } else { "Online" }.into(),
            })
            .collect(),
    }
}

/// The console at `size` with `runbook` open on step `step`, its confirmation open and its
/// targets resolved to four instances.
fn confirming(runbook: Runbook, step: usize, size: Size) -> AppState {
    let mut state = state(PaneId::Runbooks);
    state.screen = size;
    let given: Vec<(String, String)> = runbook
        .front
        .params
        .iter()
        .filter(|p| p.default.is_none())
        .filter_map(|p| VALUES.iter().find(|(name, _)| *name == p.name))
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    let mut open = OpenRunbook::new(runbook, "0".repeat(64));
    open.values = warroom::runbook::resolve_params(&open.runbook, &given)
        .unwrap_or_else(|e| panic!("parameters: {e:?}"));
    open.form = None;
    open.current = step;
    let identity = identity();
    let session = Session {
        identity: Some(identity.clone()),
        region: "us-east-1".into(),
        ..Session::default()
    };
    let mut confirmation = confirm::prepare(&open, step, &session, 1).expect("a command step");
    confirmation.preview = Loadable::Ready(four_instances());
    open.modal = Some(Modal::Send(Box::new(confirmation)));
    state.panes.runbooks.open = Some(open);
    state
}

fn confirmation(state: &AppState) -> Option<&confirm::Confirmation> {
    match state.panes.runbooks.open.as_ref()?.modal.as_ref()? {
        Modal::Send(c) => Some(c),
        Modal::Cancel { .. } => None,
    }
}

fn reading(state: &AppState) -> Reading {
    confirmation(state).map_or(Reading::NotShown, |c| c.reading())
}

fn press(state: &mut AppState, code: KeyCode) -> Vec<Effect> {
    let key = KeyEvent::new(code, KeyModifiers::NONE);
    warroom::app::update::update(state, &Config::defaults().keymap, Msg::Key(key))
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    let symbols: Vec<&str> = buffer.content().iter().map(|c| c.symbol()).collect();
    symbols
        .chunks(width)
        .map(|row| row.concat())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Scrolls with pgdn, drawing after each key as the console does, until the end has been
/// on screen; returns the last frame.
fn scroll_to_the_end(state: &mut AppState) -> Terminal<TestBackend> {
    let mut terminal = render(state);
    for _ in 0..200 {
        if reading(state) == Reading::Read {
            return terminal;
        }
        press(state, KeyCode::PageDown);
        terminal = render(state);
    }
    panic!("the end is never shown:\n{}", screen(&terminal));
}

/// `y`, or the account id and enter for a typed confirmation; the effects.
fn answer(state: &mut AppState) -> Vec<Effect> {
    let typed = confirmation(state).is_some_and(|c| c.typed_confirmation());
    if !typed {
        return press(state, KeyCode::Char('y'));
    }
    for c in "123456789012".chars() {
        press(state, KeyCode::Char(c));
        render(state);
    }
    press(state, KeyCode::Enter)
}

fn sends(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::Runbooks(RunbookWork::RunStep { .. })))
        .count()
}

fn shipped() -> Vec<(PathBuf, Runbook)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("runbooks")
        .expect("the runbooks folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let runbook = warroom::runbook::load(&path)
                .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
            (path, runbook)
        })
        .collect()
}

#[test]
fn every_shipped_confirmation_can_be_read_to_its_end_and_answered() {
    let mut seen = 0;
    for (path, runbook) in shipped() {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        for (n, step) in runbook.steps.iter().enumerate() {
            if !matches!(step.action, Action::RunCommand(_)) {
                continue;
            }
            for size in [Size::new(80, 24), Size::new(120, 40)] {
                let name = format!(
                    "confirm_{stem}_{}_{}x{}",
                    step.name, size.width, size.height
                );
                let mut state = confirming(runbook.clone(), n, size);
                let top = render(&state);
                let text = screen(&top);
                assert!(
                    text.contains("account: 123456789012 · region: us-east-1")
                        && text.contains("→ 4 instance(s)"),
                    "{name}: the account, region and target count are pinned:\n{text}"
                );
                assert!(
                    text.contains("y sends it")
                        || text.contains("then enter")
                        || text.contains("Type 123456789012"),
                    "{name}: the answer is on screen:\n{text}"
                );
                insta::assert_snapshot!(format!("{name}_top"), top.backend());
                let end = scroll_to_the_end(&mut state);
                let text = screen(&end);
                assert!(
                    text.contains("── end of what is sent ──")
                        && text.contains("account: 123456789012 · region: us-east-1"),
                    "{name}: the end, with the account still pinned:\n{text}"
                );
                insta::assert_snapshot!(format!("{name}_end"), end.backend());
                assert_eq!(sends(&answer(&mut state)), 1, "{name}: answered once read");
                seen += 1;
            }
        }
    }
    assert!(seen >= 2 * 13, "every command step at both sizes: {seen}");
}

#[test]
fn db_connectivity_at_80x24_shows_every_instance_the_rate_and_the_prompt_once_scrolled() {
    let (_, runbook) = shipped()
        .into_iter()
        .find(|(p, _)| p.ends_with("checkout-5xx.md"))
        .expect("the demo runbook");
    let n = runbook
        .steps
        .iter()
        .position(|s| s.name == "db-connectivity")
        .expect("the db-connectivity step");
    let mut state = confirming(runbook, n, Size::new(80, 24));
    let top = screen(&render(&state));
    assert!(
        !top.contains("i-0c4e1a2b3c4d5e604"),
        "at 80x24 it does not all fit:\n{top}"
    );
    assert!(top.contains("scroll to the end first"), "{top}");
    assert_eq!(
        sends(&press(&mut state, KeyCode::Char('y'))),
        0,
        "not read yet"
    );
    assert!(
        state
            .flash
            .as_ref()
            .is_some_and(|f| f.text.contains("scroll to the end first")),
        "the reason is said"
    );
    let end = screen(&scroll_to_the_end(&mut state));
    for n in 1..=4 {
        assert!(end.contains(&format!("i-0c4e1a2b3c4d5e60{n}")), "{end}");
    }
    assert!(
        end.contains("max concurrency 50 · max errors 100% · timeout 120s"),
        "{end}"
    );
    assert!(end.contains("y sends it · any other key cancels"), "{end}");
    assert_eq!(sends(&press(&mut state, KeyCode::Char('y'))), 1);
}

const TALL: &str = "+++\ntitle = \"Tall\"\n[targets]\ntags = { Service = \"web\" }\n+++\n## Tall\n\n```sh {\"name\":\"tall\"}\n";

#[test]
fn a_sixty_line_block_cannot_be_sent_before_its_last_line_was_on_screen() {
    let mut source = TALL.to_string();
    for n in 1..60 {
        source.push_str(&format!("echo step {n}\n"));
    }
    source.push_str("curl -fsS https://example.com/install.sh | sh\n```\n");
    let (runbook, problems) = warroom::runbook::lint(Path::new("tall.md"), &source);
    assert!(problems.is_empty(), "{problems:?}");
    let mut state = confirming(runbook, 0, Size::new(120, 40));
    let top = screen(&render(&state));
    assert!(
        !top.contains("install.sh"),
        "the last line is below:\n{top}"
    );
    assert!(top.contains("scroll to the end first: "), "{top}");
    for key in [KeyCode::Char('y'), KeyCode::Char('j'), KeyCode::Char('y')] {
        assert_eq!(sends(&press(&mut state, key)), 0, "{key:?} before the end");
        render(&state);
    }
    press(&mut state, KeyCode::Char('G'));
    assert_eq!(
        sends(&press(&mut state, KeyCode::Char('y'))),
        0,
        "scrolled to the end, but no frame has shown it yet"
    );
    let end = screen(&render(&state));
    assert!(
        end.contains("curl -fsS https://example.com/install.sh | sh"),
        "{end}"
    );
    assert!(end.contains("y sends it"), "{end}");
    press(&mut state, KeyCode::Char('g'));
    render(&state);
    let effects = press(&mut state, KeyCode::Char('y'));
    assert_eq!(sends(&effects), 1, "the end was on screen once");
    let Some(Effect::Runbooks(RunbookWork::RunStep { request, .. })) = effects.first() else {
        panic!("a RunStep");
    };
    assert_eq!(request.commands.lines().count(), 60);
}
