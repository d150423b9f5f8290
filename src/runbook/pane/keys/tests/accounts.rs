//! The focused account in the Runbooks pane: the confirmation names it, a production account
//! wants its name typed, a confirmation is pinned to the session it was built in, the executor
//! asks STS before it sends, and no key sequence sends anywhere but to the account and region
//! the answered confirmation named.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;

use super::{Console, RUNBOOK, sends};
use crate::accounts::{AccountEntry, AccountKey, AccountSet, SetSource};
use crate::app::effect::Effect;
use crate::app::msg::{Msg, SessionInfo};
use crate::aws::{AwsError, Identity, IdentitySource, SessionSettings};
use crate::kit::Loadable;
use crate::kit::work::{BoxFuture, Reply};
use crate::runbook::RunbookMsg;
use crate::runbook::RunbookWork;
use crate::runbook::language::model::Targets;
use crate::runbook::pane::msg::StepFailure;
use crate::runbook::pane::work::{RunbookSources, RunbookWorker};
use crate::runbook::run::execute::StepPatience;
use crate::runbook::run::fleet::{
    CommandRequest, Fleet, Invocation, InvocationOutput, InvocationStatus, TargetPreview,
};

const PROD: &str = "111111111111";
const STAGING: &str = "222222222222";
const SHARED: &str = "333333333333";
const ROLE: &str = "OrganizationAccountAccessRole";

/// prod-payments (profile `prod`, production, red) and staging (profile `staging`) in a
/// profiles set; shared, an organization's account reached through the role.
fn account_sets() -> Vec<AccountSet> {
    let entry = |key, name: &str, color, production| AccountEntry {
        key,
        name: Some(name.to_string()),
        color,
        production,
    };
    vec![
        AccountSet {
            name: "teams".into(),
            source: SetSource::Profiles(vec!["prod".into(), "staging".into()]),
            regions: Vec::new(),
            concurrency: 16,
            accounts: vec![
                entry(
                    AccountKey::Profile("prod".into()),
                    "prod-payments",
                    Some(Color::Red),
                    true,
                ),
                entry(
                    AccountKey::Profile("staging".into()),
                    "staging",
                    None,
                    false,
                ),
            ],
        },
        AccountSet {
            name: "org".into(),
            source: SetSource::Organization { role: ROLE.into() },
            regions: Vec::new(),
            concurrency: 16,
            accounts: vec![entry(AccountKey::Id(SHARED.into()), "shared", None, false)],
        },
    ]
}

/// Which account settings reach in the fake AWS: the role's account, else the profile's.
fn account_of(settings: &SessionSettings) -> String {
    if let Some(arn) = &settings.role_arn {
        return arn.split(':').nth(4).unwrap_or_default().to_string();
    }
    match settings.profile.as_deref() {
        Some("prod") => PROD.into(),
        _ => STAGING.into(),
    }
}

fn identity(account: &str) -> Identity {
    Identity {
        account: account.into(),
        arn: format!("arn:aws:sts::{account}:assumed-role/OnCall/alice"),
    }
}

/// One SendCommand as the fake fleet received it: the account and region of the
/// credentials it came with, and the account and region its intent was confirmed for.
#[derive(Clone, Debug, PartialEq)]
struct Received {
    account: String,
    region: String,
    intent_account: String,
    intent_region: String,
}

/// A fleet in one account and region: every target resolves to two instances, and every
/// command succeeds at once.
struct AccountFleet {
    account: String,
    region: String,
    received: Arc<Mutex<Vec<Received>>>,
    /// The intent of the command being sent (the request itself does not carry it).
    intent: Mutex<Option<(String, String)>>,
}

impl Fleet for AccountFleet {
    fn preview(&self, _: Targets) -> BoxFuture<'_, Result<TargetPreview, AwsError>> {
        Box::pin(async {
            Ok(TargetPreview {
                count: 2,
                instances: Vec::new(),
            })
        })
    }
    fn send(&self, _: CommandRequest) -> BoxFuture<'_, Result<String, AwsError>> {
        let (intent_account, intent_region) =
            self.intent.lock().unwrap().clone().unwrap_or_default();
        self.received.lock().unwrap().push(Received {
            account: self.account.clone(),
            region: self.region.clone(),
            intent_account,
            intent_region,
        });
        Box::pin(async { Ok("cmd-1".to_string()) })
    }
    fn invocations(&self, _: String) -> BoxFuture<'_, Result<Vec<Invocation>, AwsError>> {
        Box::pin(async {
            Ok(vec![Invocation {
                instance_id: "i-1".into(),
                instance_name: "web-1".into(),
                status: InvocationStatus::Success,
                status_details: "Success".into(),
                output: String::new(),
                response_code: Some(0),
                started: None,
                ended: None,
            }])
        })
    }
    fn output(&self, _: String, _: String) -> BoxFuture<'_, Result<InvocationOutput, AwsError>> {
        Box::pin(async {
            Err(AwsError {
                kind: crate::aws::ErrorKind::Service,
                code: None,
                message: "no output here".into(),
            })
        })
    }
    fn cancel(&self, _: String) -> BoxFuture<'_, Result<(), AwsError>> {
        Box::pin(async { Ok(()) })
    }
}

/// STS as the fake AWS answers it: this identity, or a timeout when STS is down.
struct FixedIdentity(Result<Identity, AwsError>);

impl IdentitySource for FixedIdentity {
    fn identity(&self) -> BoxFuture<'_, Result<Identity, AwsError>> {
        let identity = self.0.clone();
        Box::pin(async move { identity })
    }
}

/// The fake AWS behind the console, run as the executor runs it: each effect starts when
/// the console asks for it, with the sources installed then (a new session's once its
/// `Connected` is heard, none while it connects), and the answers arrive in any order.
struct World {
    console: Console,
    /// The account and region of the sources installed now.
    installed: Option<(String, String)>,
    /// Answers on their way, and tasks started but not yet run.
    pending: VecDeque<Pending>,
    worker: RunbookWorker,
    runtime: tokio::runtime::Runtime,
    received: Arc<Mutex<Vec<Received>>>,
    /// For each key that asked for a send: the confirmation it answered (none if none was
    /// open) and the session as it stood.
    answered: Vec<Option<Answered>>,
    /// STS does not answer the executor's check.
    sts_down: bool,
    _dir: tempfile::TempDir,
}

/// Something the executor started.
enum Pending {
    Answer(Msg),
    /// A session connecting to `account` in `region`.
    Connected {
        generation: u64,
        account: String,
        region: String,
        profile: Option<String>,
    },
    /// A step's task, with the sources it started with.
    Step {
        work: RunbookWork,
        sources: Option<(String, String)>,
    },
}

/// An open confirmation as an answering key found it, and the account then focused.
#[derive(Clone, Debug)]
struct Answered {
    account: Option<String>,
    region: String,
    label: String,
    production: bool,
    typed: String,
    focused: Option<crate::session::FocusedAccount>,
    focused_region: String,
}

impl World {
    /// The console on the unpinned runbook, in staging (profile `staging`), us-east-1.
    fn new() -> World {
        let runbook = RUNBOOK.replace(
            "account = \"123456789012\"\nregions = [\"us-east-1\"]\n",
            "",
        );
        let mut console = Console::with_runbook(false, STAGING, "us-east-1", &runbook);
        let s = &mut console.state.session;
        s.account_sets = account_sets();
        s.settings.profile = Some("staging".into());
        s.caller_profile = Some("staging".into());
        s.profile = Some("staging".into());
        console.open();
        let dir = tempfile::tempdir().unwrap();
        let mut worker = RunbookWorker::default();
        worker.set_audit_file(dir.path().join("audit.jsonl"));
        worker.patience = StepPatience {
            first_poll: std::time::Duration::from_millis(1),
            max_poll: std::time::Duration::from_millis(1),
            ..StepPatience::default()
        };
        World {
            console,
            installed: Some((STAGING.into(), "us-east-1".into())),
            pending: VecDeque::new(),
            worker,
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .start_paused(true)
                .build()
                .unwrap(),
            received: Arc::default(),
            answered: Vec::new(),
            sts_down: false,
            _dir: dir,
        }
    }

    /// A key to the console; what it asks for starts. Returns the sends it asked for.
    fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        let before = self.confirmation().map(|c| Answered {
            account: c.account.clone(),
            region: c.region.clone(),
            label: c.account_label(),
            production: c.production,
            typed: c.typed.value().to_string(),
            focused: self.console.state.session.focused(),
            focused_region: self.console.state.session.region.clone(),
        });
        let effects = self
            .console
            .send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        let asked: Vec<Effect> = effects
            .iter()
            .filter(|e| matches!(e, Effect::Runbooks(RunbookWork::RunStep { .. })))
            .cloned()
            .collect();
        if !asked.is_empty() {
            self.answered.push(before);
        }
        self.start(effects);
        asked
    }

    fn text(&mut self, text: &str) -> Vec<Effect> {
        text.chars()
            .flat_map(|c| self.key(KeyCode::Char(c)))
            .collect()
    }

    fn line(&mut self, line: &str) -> Vec<Effect> {
        let mut asked = self.text(&format!(":{line}"));
        asked.extend(self.key(KeyCode::Enter));
        asked
    }

    /// Starts each effect in order, as `Executor::run` does: a new session drops the
    /// sources at once; a call without sources starts nothing.
    fn start(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            let connected = self.installed.is_some();
            match effect {
                Effect::Connect {
                    generation,
                    settings,
                    ..
                } => {
                    self.installed = None;
                    self.pending.push_back(Pending::Connected {
                        generation,
                        account: account_of(&settings),
                        region: settings.region.clone().unwrap_or_default(),
                        profile: settings.profile.clone(),
                    });
                }
                Effect::LoadIdentity { req } => {
                    if let Some((account, _)) = &self.installed {
                        self.pending.push_back(Pending::Answer(Msg::IdentityLoaded {
                            req,
                            result: Ok(identity(account)),
                        }));
                    }
                }
                Effect::Runbooks(RunbookWork::PreviewTargets { req, .. }) if connected => {
                    self.pending.push_back(Pending::Answer(Msg::Runbooks(
                        RunbookMsg::TargetsPreviewed {
                            req,
                            result: Ok(TargetPreview {
                                count: 2,
                                instances: Vec::new(),
                            }),
                        },
                    )));
                }
                Effect::Runbooks(work @ RunbookWork::RunStep { .. }) => {
                    let sources = self.installed.clone();
                    self.pending.push_back(Pending::Step { work, sources });
                }
                _ => {}
            }
        }
    }

    /// The pending answer or task at `n` (modulo how many wait) ends.
    fn run_one(&mut self, n: usize) {
        if self.pending.is_empty() {
            return;
        }
        let n = n % self.pending.len();
        let Some(pending) = self.pending.remove(n) else {
            return;
        };
        for msg in self.deliver(pending) {
            let effects = self.console.send(msg);
            self.start(effects);
        }
    }

    fn settle(&mut self) {
        for _ in 0..50 {
            if self.pending.is_empty() {
                return;
            }
            self.run_one(0);
        }
    }

    /// The messages a pending answer or task brings; the sources of the session the console
    /// is in are installed when it hears that it connected, as the app does.
    fn deliver(&mut self, pending: Pending) -> Vec<Msg> {
        match pending {
            Pending::Answer(msg) => vec![msg],
            Pending::Connected {
                generation,
                account,
                region,
                profile,
            } => {
                if generation == self.console.state.session.generation {
                    self.installed = Some((account, region.clone()));
                }
                vec![Msg::Connected {
                    generation,
                    info: SessionInfo {
                        region,
                        region_defaulted: false,
                        profile,
                        endpoint: None,
                    },
                    sources: None,
                }]
            }
            Pending::Step { work, sources } => self.run_step(work, sources),
        }
    }

    /// The real worker runs the step with the sources it started with.
    fn run_step(&mut self, work: RunbookWork, sources: Option<(String, String)>) -> Vec<Msg> {
        let RunbookWork::RunStep { intent, .. } = &work else {
            return Vec::new();
        };
        let sources = sources.map(|(account, region)| RunbookSources {
            fleet: Arc::new(AccountFleet {
                account: account.clone(),
                region,
                received: self.received.clone(),
                intent: Mutex::new(Some((intent.account.clone(), intent.region.clone()))),
            }),
            identity: Arc::new(FixedIdentity(match self.sts_down {
                false => Ok(identity(&account)),
                true => Err(AwsError {
                    kind: crate::aws::ErrorKind::Timeout,
                    code: None,
                    message: "sts:GetCallerIdentity timed out.".into(),
                }),
            })),
            logs: Arc::new(crate::aws::Unavailable {
                why: "in this test",
            }),
        });
        let replies = Arc::new(Mutex::new(Vec::new()));
        let into = replies.clone();
        let reply = Reply::new(move |m: RunbookMsg| {
            into.lock().unwrap().push(m);
            true
        });
        let started = self.worker.start(work, sources.as_ref(), reply);
        let last = started
            .task
            .and_then(|task| self.runtime.block_on(task.run));
        let mut msgs: Vec<Msg> = replies
            .lock()
            .unwrap()
            .drain(..)
            .map(Msg::Runbooks)
            .collect();
        msgs.extend(last.map(Msg::Runbooks));
        msgs
    }

    /// Whether a new session is on its way.
    fn connecting(&self) -> bool {
        self.pending
            .iter()
            .any(|p| matches!(p, Pending::Connected { .. }))
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    fn confirmation(&self) -> Option<&crate::runbook::run::confirm::Confirmation> {
        self.console.confirmation()
    }
}

/// Acknowledges the manual first step and opens the restart's confirmation, resolved.
fn confirm_restart(world: &mut World) {
    world.text("a");
    world.text("x");
    world.settle();
    assert!(world.confirmation().is_some(), "{}", world.console.flash());
}

#[test]
fn the_confirmation_names_the_account_by_name_and_id_and_its_region() {
    let mut world = World::new();
    world.line("account shared");
    world.settle();
    assert_eq!(
        world.installed.as_ref().map(|i| i.0.as_str()),
        Some(SHARED),
        "the role's account"
    );
    confirm_restart(&mut world);
    world.console.draw();
    let screen = format!("{:?}", world.console.terminal.backend().buffer());
    assert!(
        screen.contains("account: shared (333333333333) · region: us-east-1"),
        "{screen}"
    );
    world.text(SHARED);
    world.key(KeyCode::Enter);
    world.settle();
    assert_eq!(
        world.received(),
        [Received {
            account: SHARED.into(),
            region: "us-east-1".into(),
            intent_account: SHARED.into(),
            intent_region: "us-east-1".into(),
        }]
    );
}

#[test]
fn a_production_account_wants_its_name_typed_not_its_id_nor_y() {
    let mut world = World::new();
    world.line("account prod-payments");
    world.settle();
    assert_eq!(
        world.console.state.session.settings.profile.as_deref(),
        Some("prod")
    );
    world.text("a");
    // `check` says confirm=yes; in production it wants the name all the same.
    world.text("j");
    world.text("x");
    world.settle();
    let c = world.confirmation().expect("the confirmation");
    assert!(c.typed_confirmation() && c.production);
    assert_eq!(c.answers(), ["prod-payments"]);
    world.console.draw();
    let screen = format!("{:?}", world.console.terminal.backend().buffer());
    assert!(
        screen.contains("account: prod-payments (111111111111) · region: us-east-1  PROD ")
            && screen.contains("A production account: type its name, prod-payments, then enter:"),
        "{screen}"
    );
    assert!(world.text("y").is_empty());
    assert!(world.key(KeyCode::Enter).is_empty(), "y is not the answer");
    assert!(
        world.console.flash().contains(
            "prod-payments (111111111111) is a production account: type its name, prod-payments, to send (not its id, not y)"
        ),
        "{}",
        world.console.flash()
    );
    world.text("x");
    world.settle();
    assert!(world.text(PROD).is_empty());
    assert!(
        world.key(KeyCode::Enter).is_empty(),
        "the id is not the answer"
    );
    world.text("x");
    world.settle();
    world.text("prod-payments");
    assert_eq!(sends(&world.key(KeyCode::Enter)), 1);
    world.settle();
    assert_eq!(world.received().len(), 1);
    assert_eq!(world.received()[0].account, PROD);
}

#[test]
fn a_confirmation_is_refused_once_the_session_moved_to_another_account() {
    let mut world = World::new();
    confirm_restart(&mut world);
    // Another session arrives while it is open (a :profile from elsewhere, a new identity).
    let s = &mut world.console.state.session;
    s.generation += 1;
    s.identity = Loadable::Ready(identity(PROD));
    world.text(STAGING);
    let asked = world.key(KeyCode::Enter);
    assert_eq!(sends(&asked), 0);
    assert!(
        world.console.flash().contains(
            "Not sent: this confirmation was for account staging (222222222222) in us-east-1, and the session has changed since"
        ),
        "{}",
        world.console.flash()
    );
    assert!(
        world.confirmation().is_none(),
        "closed: it is of no use now"
    );
    world.settle();
    assert!(world.received().is_empty());
}

#[test]
fn the_executor_refuses_a_send_confirmed_for_another_account() {
    let mut world = World::new();
    confirm_restart(&mut world);
    world.text(STAGING);
    let asked = world.key(KeyCode::Enter);
    assert_eq!(sends(&asked), 1);
    // By the time the step's task asks, its credentials act in another account (a profile's
    // credentials replaced underneath, say).
    let step = world
        .pending
        .iter()
        .position(|p| matches!(p, Pending::Step { .. }))
        .unwrap();
    let Some(Pending::Step { work, .. }) = world.pending.remove(step) else {
        unreachable!()
    };
    let msgs = world.run_step(work, Some((PROD.into(), "us-east-1".into())));
    assert!(world.received().is_empty(), "nothing reached the fleet");
    let failure = msgs.iter().find_map(|m| match m {
        Msg::Runbooks(RunbookMsg::StepFinished {
            result: Err(StepFailure::Failed(why)),
            ..
        }) => Some(why.clone()),
        _ => None,
    });
    assert!(
        failure.as_deref().is_some_and(|why| why.contains(
            "Not sent: the step was confirmed for account 222222222222, and the session's credentials now act in account 111111111111"
        )),
        "{failure:?}"
    );
}

#[test]
fn the_executor_sends_nothing_when_sts_cannot_say_the_account() {
    let mut world = World::new();
    confirm_restart(&mut world);
    world.text(STAGING);
    assert_eq!(sends(&world.key(KeyCode::Enter)), 1);
    world.sts_down = true;
    world.settle();
    assert!(world.received().is_empty(), "nothing reached the fleet");
    let open = world.console.state.panes.runbooks.open.as_ref().unwrap();
    let status = format!("{:?}", open.steps[1].status);
    assert!(
        status.contains(
            "Not sent: the step was confirmed for account 222222222222, and STS cannot say which account the session acts in now (GetCallerIdentity: sts:GetCallerIdentity timed out.)"
        ),
        "{status}"
    );
}

#[test]
fn account_is_refused_while_a_step_is_followed_and_when_unknown() {
    let mut world = World::new();
    world.line("account payments");
    assert!(
        world.console.flash().contains(
            "no account `payments` in the config's account sets; :account takes one of: prod-payments, staging, prod, shared"
        ),
        "{}",
        world.console.flash()
    );
    assert!(!world.connecting());
    confirm_restart(&mut world);
    world.text(STAGING);
    world.key(KeyCode::Enter);
    // The step is sent and followed: the session stays.
    world.line("account shared");
    assert!(
        world
            .console
            .flash()
            .contains("before switching the account, region or profile"),
        "{}",
        world.console.flash()
    );
    assert!(!world.connecting());
}

/// What the engineer does: keys, answers typed, `:` lines, and tasks that end.
#[derive(Clone, Debug)]
enum Act {
    Key(KeyCode),
    /// `x`, and the targets resolved.
    Open,
    /// Typed, then enter.
    Answer(&'static str),
    /// What the open confirmation asks for (`y`, or the first answer it takes) is typed.
    AnswerRight,
    Line(&'static str),
    /// The pending task at this place (modulo how many wait) ends.
    Run(usize),
    /// Every pending task ends.
    Settle,
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![
        3 => proptest::sample::select(vec![
            KeyCode::Char('x'),
            KeyCode::Char('y'),
            KeyCode::Char('a'),
            KeyCode::Char('s'),
            KeyCode::Char('j'),
            KeyCode::Char('k'),
            KeyCode::Char('5'),
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Backspace,
        ])
        .prop_map(Act::Key),
        4 => Just(Act::Open),
        3 => Just(Act::AnswerRight),
        4 => proptest::sample::select(vec![
            "prod-payments",
            "staging",
            "shared",
            PROD,
            STAGING,
            SHARED,
            "checkout",
            "y",
        ])
        .prop_map(Act::Answer),
        2 => proptest::sample::select(vec![
            "account prod-payments",
            "account staging",
            "account shared",
            "account 333333333333",
            "account nope",
            "profile prod",
            "profile staging",
            "region eu-west-1",
            "region us-east-1",
        ])
        .prop_map(Act::Line),
        2 => (0usize..8).prop_map(Act::Run),
        1 => Just(Act::Settle),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever is pressed and typed, and in whatever order tasks end, every SendCommand the
    /// fleet receives goes to the account and region that were focused when the engineer
    /// answered, and that the confirmation answered named; a production account's only after
    /// its name was typed.
    #[test]
    fn no_key_sequence_sends_to_an_account_other_than_the_focused_one(
        acts in proptest::collection::vec(act(), 1..60),
    ) {
        let mut world = World::new();
        // The first step is manual: acknowledged, the command steps are next.
        world.key(KeyCode::Char('a'));
        for act in acts {
            match act {
                Act::Key(code) => {
                    world.key(code);
                }
                Act::Open => {
                    world.key(KeyCode::Char('x'));
                    world.settle();
                }
                Act::Answer(text) => {
                    world.text(text);
                    world.key(KeyCode::Enter);
                }
                Act::AnswerRight => {
                    let answer = world.confirmation().map(|c| {
                        match c.typed_confirmation() {
                            true => c.answers().first().cloned().unwrap_or_default(),
                            false => String::new(),
                        }
                    });
                    match answer {
                        Some(answer) if answer.is_empty() => {
                            world.key(KeyCode::Char('y'));
                        }
                        Some(answer) => {
                            world.text(&answer);
                            world.key(KeyCode::Enter);
                        }
                        None => {}
                    }
                }
                Act::Line(line) => {
                    world.line(line);
                }
                Act::Run(n) => world.run_one(n),
                Act::Settle => world.settle(),
            }
        }
        let mut answered: Vec<(String, String)> = Vec::new();
        for a in world.answered.clone() {
            let a = a.expect("a send answers an open confirmation");
            let account = a.account.expect("the confirmation knew its account");
            let focused = a.focused.expect("an account was focused");
            prop_assert_eq!(&account, &focused.id);
            prop_assert_eq!(&a.region, &a.focused_region);
            prop_assert_eq!(a.label, focused.label());
            prop_assert_eq!(a.production, focused.production);
            if a.production {
                prop_assert_eq!(a.typed.trim(), focused.answer());
            }
            answered.push((account, a.region));
        }
        world.settle();
        for got in world.received() {
            prop_assert_eq!(&got.account, &got.intent_account);
            prop_assert_eq!(&got.region, &got.intent_region);
            prop_assert!(
                answered.contains(&(got.account.clone(), got.region.clone())),
                "{:?} was never confirmed: {:?}", got, answered
            );
        }
    }
}
