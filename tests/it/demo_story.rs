//! The demo as `scripts/demo` starts it: the emulator with the very arguments the script
//! gives it, so the story happens now, and the console against it.

use std::time::Duration;

use crossterm::event::KeyCode;
use jiff::{SignedDuration, Timestamp};

use crate::common::console::{Console, runtime, unwrapped};
use crate::common::emulator::Emulator;
use crate::runbook_pane::{confirm, wait_step_ends};
use warroom::kit::loadable::Loadable;
use warroom::runbook::pane::state::{Modal, StepStatus};
use warroom::timeline::Source;

const WAIT: Duration = Duration::from_secs(20);

/// The arguments `scripts/demo` gives the emulator's server.py (after `server.py`, up to the
/// redirection of its log).
pub fn demo_emulator_args() -> Vec<String> {
    let script = std::fs::read_to_string("scripts/demo").expect("scripts/demo is readable");
    let line = script
        .lines()
        .find(|l| l.contains("tests/emulator/server.py"))
        .expect("scripts/demo starts tests/emulator/server.py");
    let (_, after) = line
        .split_once("server.py")
        .expect("the line names server.py");
    after
        .split_whitespace()
        .take_while(|w| !w.starts_with("2>") && !w.starts_with(';'))
        .map(str::to_string)
        .collect()
}

/// The emulator as `scripts/demo` starts it.
pub fn demo_emulator() -> Emulator {
    let args = demo_emulator_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    Emulator::start_with(&args)
}

fn demo_config() -> warroom::config::Config {
    let loaded = warroom::config::Config::load(Some(std::path::Path::new("scripts/demo.toml")));
    assert!(loaded.error.is_none(), "{:?}", loaded.error);
    loaded.config
}

#[test]
fn the_demo_alarm_fired_minutes_ago_and_its_chart_shows_the_crossing() {
    let emulator = demo_emulator();
    runtime().block_on(async {
        let mut console = Console::open_with(&emulator.url, Duration::from_secs(300), demo_config());
        console
            .wait_until("the alarms", WAIT, |s| s.panes.alarms.status.loaded_at.is_some())
            .await;
        let alarm = console
            .app
            .state
            .panes.alarms
            .all()
            .iter()
            .find(|a| a.name == "checkout-api-5xx")
            .cloned()
            .expect("the demo has checkout-api-5xx");
        let fired = alarm.state_updated.expect("the alarm says when it changed");
        let age = Timestamp::now().duration_since(fired);
        assert!(
            age >= SignedDuration::from_mins(5) && age <= SignedDuration::from_mins(20),
            "checkout-api-5xx went to ALARM {age:?} ago: an on-call story happens now, not hours ago"
        );
        // The README's keys: the cursor starts on the composite, `j` twice to checkout-api-5xx.
        console.keys("jj");
        assert_eq!(
            console.app.state.panes.alarms.selected_alarm().map(|a| a.name.as_str()),
            Some("checkout-api-5xx")
        );
        console.key(KeyCode::Enter);
        console
            .wait_until("the chart", WAIT, |s| {
                s.panes.alarms
                    .detail
                    .as_ref()
                    .is_some_and(|d| matches!(d.series, Some(Loadable::Ready(_))))
            })
            .await;
        let Some(Some(Loadable::Ready(series))) =
            console.app.state.panes.alarms.detail.as_ref().map(|d| d.series.clone())
        else {
            unreachable!("waited for it");
        };
        let below = series.points.iter().any(|(t, v)| *t < fired && *v < 50.0);
        let above = series.points.iter().any(|(t, v)| *t < fired && *v > 50.0);
        assert!(
            below && above,
            "the chart holds the minutes before the crossing and the crossing itself: {:?}",
            series.points.iter().rev().take(20).collect::<Vec<_>>()
        );
        let screen = console.screen();
        assert!(
            screen.contains("ALARM since") && !screen.contains("h ago)"),
            "the detail says it fired minutes ago:\n{screen}"
        );
    });
}

/// The demo's console as `scripts/demo` opens it: `warroom::console::build` with the demo's
/// config, the emulator's endpoint and `--incident checkout-5xx --incident-start 29m`.
fn demo_console(url: &str) -> Console {
    let startup = warroom::startup::Startup {
        config: demo_config(),
        theme: warroom::theme::Theme::dark(),
        problems: Vec::new(),
    };
    let start = Timestamp::now() - SignedDuration::from_mins(29);
    let feed = warroom::console::Feed::Aws {
        record: None,
        incident: Some(("checkout-5xx".into(), start)),
        accounts: None,
    };
    let size = ratatui::layout::Size::new(120, 40);
    let mut settings = crate::common::console::test_settings(url);
    settings.retry.call_timeout = Duration::from_secs(20);
    let app = warroom::console::build(settings, startup, false, size, feed).expect("the console");
    let terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(size.width, size.height))
            .expect("a test terminal");
    Console { app, terminal }
}

fn line_of<'a>(screen: &'a str, text: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_default()
}

/// The README's story, its keys in its order, each answered as the README says.
#[test]
fn the_readme_story_told_with_its_keys() {
    // A process of its own: its own state folder (incident journal, audit log, history), as
    // each demo gets a fresh one.
    if !crate::common::solo::alone("demo_story::the_readme_story_told_with_its_keys") {
        return;
    }
    let emulator = demo_emulator();
    runtime().block_on(async {
        let mut console = demo_console(&emulator.url);
        console
            .app
            .set_step_patience(warroom::runbook::run::execute::StepPatience {
                first_poll: Duration::from_millis(100),
                max_poll: Duration::from_millis(300),
                ..Default::default()
            });
        // "warroom opens on the Timeline of that incident: the changes, the Health issue and
        // the alarms in time order, oldest first."
        console
            .wait_until("the incident's timeline", WAIT, |s| {
                s.panes.timeline.incident.is_some() && s.panes.timeline.status.loaded_at.is_some()
            })
            .await;
        assert_eq!(console.app.state.focus.title(), "Timeline");
        let screen = console.screen();
        for what in ["RevokeSecurityGroupIngress", "checkout-api-5xx", "EC2"] {
            assert!(
                screen.contains(what),
                "the timeline shows {what}:\n{screen}"
            );
        }
        let times: Vec<_> = console
            .app
            .state
            .panes
            .timeline
            .all()
            .iter()
            .map(|e| e.time)
            .collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first");

        // "Press 1 for the Alarms pane: the three firing alarms come first, the cursor on the
        // composite checkout-customer-impact"
        console.key(KeyCode::Char('1'));
        console
            .wait_until("the alarms", WAIT, |s| {
                s.panes.alarms.status.loaded_at.is_some()
            })
            .await;
        let alarms = console.app.state.panes.alarms.all().to_vec();
        let firing: Vec<&str> = alarms
            .iter()
            .take(3)
            .filter(|a| a.state == warroom::alarms::AlarmState::Alarm)
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(firing.len(), 3, "three firing alarms first: {firing:?}");
        assert_eq!(
            console
                .app
                .state
                .panes
                .alarms
                .selected_alarm()
                .map(|a| a.name.as_str()),
            Some("checkout-customer-impact")
        );
        // "press j twice to select checkout-api-5xx and enter to see its chart ... (esc goes
        // back)"
        console.keys("jj");
        console.key(KeyCode::Enter);
        let screen = console.wait_for_text("ALARM since", WAIT).await;
        assert!(screen.contains("checkout-api-5xx"), "{screen}");
        console.key(KeyCode::Esc);
        assert!(
            console.app.state.panes.alarms.detail.is_none(),
            "esc went back"
        );
        let fired = console
            .app
            .state
            .panes
            .alarms
            .selected_alarm()
            .and_then(|a| a.state_updated)
            .expect("checkout-api-5xx says when it fired");

        // "press c: the Changes pane opens on the hour before it fired, on alice's risky
        // security-group change four minutes before it."
        console.key(KeyCode::Char('c'));
        assert_eq!(console.app.state.focus.title(), "Changes");
        console
            .wait_until("the changes", WAIT, |s| {
                s.panes.changes.status.loaded_at.is_some()
            })
            .await;
        let query = &console.app.state.panes.changes.query;
        assert_eq!(
            query.end.duration_since(query.start),
            SignedDuration::from_hours(1)
        );
        let change = console
            .app
            .state
            .panes
            .changes
            .selected_change()
            .cloned()
            .expect("a change selected");
        assert_eq!(change.name, "RevokeSecurityGroupIngress");
        assert!(change.risk.is_some(), "called out as risky");
        assert_eq!(
            fired.duration_since(change.time),
            SignedDuration::from_mins(4)
        );

        // "AWS Health (press 3) has an open EC2 issue in use1-az4 since 24 minutes ago"
        console.key(KeyCode::Char('3'));
        let screen = console.wait_for_text("use1-az4", WAIT).await;
        assert!(line_of(&screen, "use1-az4").contains("EC2"), "{screen}");
        let event = console
            .app
            .state
            .panes
            .health
            .selected_event()
            .cloned()
            .expect("an event");
        let since = Timestamp::now().duration_since(event.start.expect("it says when it began"));
        assert!(
            (SignedDuration::from_mins(23)..=SignedDuration::from_mins(26)).contains(&since),
            "open since 24 minutes ago: {since:?}"
        );

        // "Back on checkout-api-5xx (press 1), l opens the Logs pane on the hour around its
        // last change, on the log groups the demo config names for it. ctrl-r runs the query"
        console.key(KeyCode::Char('1'));
        console.key(KeyCode::Char('l'));
        assert_eq!(console.app.state.focus.title(), "Logs");
        assert_eq!(
            console.app.state.panes.logs.groups,
            ["/aws/ecs/checkout-api", "/aws/lambda/checkout-receipts"]
        );
        run_query(&mut console).await;
        // "/timeout then enter keeps the rows of the database timeouts, newest first; G goes
        // to the oldest, a minute before the alarm, and enter on a row shows it whole."
        console.keys("/timeout");
        console.key(KeyCode::Enter);
        let results = &console.app.state.panes.logs.results;
        let shown: Vec<Vec<String>> = (0..results.visible_len())
            .filter_map(|n| results.cells(n))
            .map(<[String]>::to_vec)
            .collect();
        assert!(
            !shown.is_empty() && shown.len() < results.len(),
            "some rows kept, not all"
        );
        assert!(
            shown.iter().all(|row| row
                .iter()
                .any(|c| c.contains("timeout connecting to database"))),
            "only the database timeouts: {shown:?}"
        );
        let times: Vec<&String> = shown.iter().map(|row| &row[0]).collect();
        assert!(
            times.windows(2).all(|w| w[0] >= w[1]),
            "newest first: {times:?}"
        );
        console.key(KeyCode::Char('G'));
        let oldest: Timestamp = format!("{}Z", times[times.len() - 1].replace(' ', "T"))
            .parse()
            .expect("an Insights time");
        let before = fired.duration_since(oldest);
        assert!(
            (SignedDuration::from_secs(30)..=SignedDuration::from_secs(90)).contains(&before),
            "the oldest timeout is a minute before the alarm: {before:?}"
        );
        assert_eq!(
            console.app.state.panes.logs.cursor.selected,
            shown.len() - 1
        );
        console.key(KeyCode::Enter);
        let screen = console.wait_for_text("@message", WAIT).await;
        assert!(
            unwrapped(&screen).contains("timeout connecting to database"),
            "{screen}"
        );
        console.key(KeyCode::Esc);
        // "Q lists saved queries; v draws a stats ... by bin(5m) result as a chart."
        console.key(KeyCode::Char('Q'));
        let screen = console.wait_for_text("checkout 5xx by 5m", WAIT).await;
        assert!(screen.contains("slowest checkout endpoints"), "{screen}");
        // "the account's own come last: G, then k to checkout 5xx by 5m; enter puts it in
        // the editor, ctrl-r runs it"
        console.key(KeyCode::Char('G'));
        console.key(KeyCode::Char('k'));
        console.key(KeyCode::Enter);
        assert!(
            console
                .app
                .state
                .panes
                .logs
                .editor
                .text()
                .contains("status >= 500"),
            "checkout 5xx by 5m is in the editor: {}",
            console.app.state.panes.logs.editor.text()
        );
        run_query(&mut console).await;
        console.key(KeyCode::Char('v'));
        assert!(
            console.app.state.panes.logs.chart.is_ok(),
            "v draws the bins: {:?} {:?} {:?} {}",
            console.app.state.panes.logs.chart.as_ref().err(),
            console.app.state.panes.logs.results.fields,
            console
                .app
                .state
                .panes
                .logs
                .results
                .all_cells()
                .iter()
                .take(3)
                .collect::<Vec<_>>(),
            console.app.state.panes.logs.editor.text()
        );
        let screen = console.screen();
        assert!(
            screen.contains("errors by bin(5m)") && screen.contains("v shows the table"),
            "the chart of errors over time:\n{screen}"
        );

        // "Press 5 for Runbooks: checkout-api returns 5xx is first, marked ★ because its
        // alarms fire; enter opens it (its one parameter, the service, is filled in; enter
        // again)"
        console.key(KeyCode::Char('5'));
        console
            .wait_until("the runbooks", WAIT, |s| s.panes.runbooks.loaded)
            .await;
        let screen = console.screen();
        assert!(
            line_of(&screen, "checkout-api returns 5xx").contains('★'),
            "{screen}"
        );
        console.key(KeyCode::Enter);
        let screen = console.screen();
        assert!(screen.contains("service: checkout-api"), "{screen}");
        console.key(KeyCode::Enter);
        let titles: Vec<String> = open_runbook(&console)
            .runbook
            .steps
            .iter()
            .map(|s| s.heading.clone())
            .collect();
        assert_eq!(
            titles.last().map(String::as_str),
            Some("Verify the errors stopped"),
            "{titles:?}"
        );

        // "x runs each step through its confirmation (4 checkout-api instances; the restart
        // wants the account id typed). The database check fails everywhere until retried,
        // and the restart fails on checkout-api-3 the first time; run it again (x) and the
        // last step, "Verify the errors stopped", shows no timeouts after the restart."
        for n in 0..2 {
            console.keys("x");
            assert_eq!(wait_step_ends(&mut console, n).await, StepStatus::Succeeded);
        }
        let top = step_rows(&console, 1);
        assert_eq!(top[0].get("msg"), Some("timeout connecting to database"));
        assert!(top[0].get("errors").is_some(), "the column errors: {top:?}");
        let confirmation = confirm(&mut console).await;
        assert!(
            unwrapped(&confirmation).contains("4 instance(s)"),
            "{confirmation}"
        );
        console.keys("y");
        assert_eq!(wait_step_ends(&mut console, 2).await, StepStatus::Succeeded);
        confirm(&mut console).await;
        console.keys("y");
        assert_eq!(
            wait_step_ends(&mut console, 3).await,
            StepStatus::Failed("Failed".into())
        );
        confirm(&mut console).await;
        console.keys("y");
        assert_eq!(wait_step_ends(&mut console, 3).await, StepStatus::Succeeded);
        // The manual step: reviewing the security group change, acknowledged with `a`.
        console.keys("a");
        assert_eq!(
            open_runbook(&console).steps[4].status,
            StepStatus::Acknowledged
        );
        for attempt in 0..2 {
            confirm(&mut console).await;
            let answers = match open_runbook(&console).modal.as_ref() {
                Some(Modal::Send(c)) => c.answers(),
                _ => Vec::new(),
            };
            assert_eq!(
                answers.first().map(String::as_str),
                Some("123456789012"),
                "the account id"
            );
            console.keys("123456789012");
            console.key(KeyCode::Enter);
            let end = wait_step_ends(&mut console, 5).await;
            if attempt == 0 {
                assert_eq!(end, StepStatus::Failed("Failed".into()));
                let screen = console.screen();
                assert!(
                    line_of(&screen, "checkout-api-3 ").contains("Failed"),
                    "{screen}"
                );
            } else {
                assert_eq!(end, StepStatus::Succeeded);
            }
        }
        let restarted = Timestamp::now();
        console.keys("x");
        assert_eq!(wait_step_ends(&mut console, 6).await, StepStatus::Succeeded);
        let minutes = step_rows(&console, 6);
        let newest = minutes
            .iter()
            .filter_map(|r| r.get("bin(1m)"))
            .filter_map(|t| {
                format!("{}Z", t.replace(' ', "T"))
                    .parse::<Timestamp>()
                    .ok()
            })
            .max()
            .expect("errors before the restart");
        assert!(
            newest <= restarted,
            "no minute after the restart has errors: {minutes:?}"
        );

        // "Press 6 for the Timeline again: your queries and runbook steps are in it; n adds a
        // note, ... :export md writes it for the postmortem."
        console.key(KeyCode::Char('6'));
        console
            .wait_until("the runbook steps in the timeline", WAIT, |s| {
                s.panes
                    .timeline
                    .all()
                    .iter()
                    .any(|e| e.what.contains("restart"))
            })
            .await;
        let events = console.app.state.panes.timeline.all().to_vec();
        let of = |source: Source| events.iter().filter(|e| e.source == source).count();
        assert_eq!(of(Source::Query), 2, "the two queries run in the Logs pane");
        assert!(
            events
                .iter()
                .any(|e| e.what.ends_with("restart finished: Success")),
            "the runbook's steps: {:?}",
            events.iter().map(|e| e.what.as_str()).collect::<Vec<_>>()
        );
        console.keys("n");
        console.keys("restarted checkout-api everywhere");
        console.key(KeyCode::Enter);
        console
            .wait_until("the note", WAIT, |s| {
                s.panes
                    .timeline
                    .all()
                    .iter()
                    .any(|e| e.what.contains("restarted checkout-api everywhere"))
            })
            .await;
        console.app.state.flash = None;
        console.command("export md");
        console
            .wait_until("the export", WAIT, |s| {
                s.flash
                    .as_ref()
                    .is_some_and(|f| f.text.starts_with("Exported") || f.text.contains("cannot"))
            })
            .await;
        let said = console
            .app
            .state
            .flash
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default();
        let dir =
            std::env::var_os("XDG_STATE_HOME").expect("the solo process has its state folder");
        let file = std::path::Path::new(&dir)
            .join("warroom/incidents/checkout-5xx/checkout-5xx-timeline.md");
        assert_eq!(said, format!("Exported the timeline to {}", file.display()));
        let text = std::fs::read_to_string(&file).expect("the export");
        assert!(
            text.contains("restarted checkout-api everywhere"),
            "the note is in it:\n{text}"
        );
        // "Press ? for help and q to quit."
        console.keys("?");
        let screen = console.screen();
        assert!(
            screen.contains("Help — esc to close") && screen.contains("open the selected alarm"),
            "help:\n{screen}"
        );
        console.key(KeyCode::Esc);
        console.keys("q");
        assert!(console.app.state.quit, "q quits");
    });
}

/// ctrl-r, then the loop until that query has ended.
async fn run_query(console: &mut Console) {
    let before = console.app.state.panes.logs.run.as_ref().map(|r| r.req);
    console.ctrl('r');
    console
        .wait_until("the query", WAIT, |s| {
            s.panes
                .logs
                .run
                .as_ref()
                .is_some_and(|r| Some(r.req) != before && r.finished_at.is_some())
        })
        .await;
}

fn open_runbook(console: &Console) -> &warroom::runbook::pane::state::OpenRunbook {
    console
        .app
        .state
        .panes
        .runbooks
        .open
        .as_ref()
        .expect("a runbook is open")
}

fn step_rows(console: &Console, n: usize) -> Vec<warroom::logs::model::ResultRow> {
    match &open_runbook(console).steps[n].query {
        Some((_, Loadable::Ready(result))) => result.rows.clone(),
        _ => panic!("step {n} has no rows"),
    }
}
