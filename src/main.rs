use std::process::ExitCode;

use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Size;

use warroom::aws::SessionSettings;
use warroom::cli::{Cli, CliCommand, ConfigAction, RunbookAction};
use warroom::commands::{
    complain, print_alarms, print_alarms_accounts, print_changes, print_changes_accounts,
    print_health, print_health_accounts, print_query, print_timeline, print_triage,
    print_triage_accounts, run_runbook, runbook,
};
use warroom::config::DEFAULT_CONFIG;
use warroom::console::Feed;
use warroom::startup::{self, Startup};
use warroom::{logging, terminal};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(CliCommand::Config {
        action: ConfigAction::Default,
    }) = &cli.command
    {
        print!("{DEFAULT_CONFIG}");
        return ExitCode::SUCCESS;
    }
    if let Some(CliCommand::Runbook { action }) = &cli.command
        && !matches!(action, RunbookAction::Run { .. })
    {
        return runbook(action);
    }
    let mut startup = startup::prepare(&cli.global);
    let settings = cli
        .global
        .session_settings(startup.config.read_only, startup.config.aws.clone());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("warroom: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let organization = cli.global.org;
    if cli.command.is_some() {
        for problem in &startup.problems {
            complain(problem);
        }
    }
    if cli.global.accounts.is_some()
        && !matches!(
            cli.command,
            None | Some(
                CliCommand::Triage(_)
                    | CliCommand::Alarms(_)
                    | CliCommand::Changes(_)
                    | CliCommand::Health(_)
                    | CliCommand::Timeline(_)
            )
        )
    {
        eprintln!(
            "warroom: --accounts works with the console, `warroom triage`, `alarms`, `changes`, `health` and `timeline` only; run the others once per account (--profile) and region (--region)"
        );
        return ExitCode::from(2);
    }
    let console_set = match (&cli.command, &cli.global.accounts) {
        (None, Some(name)) => match warroom::accounts::find(&startup.config.accounts, name) {
            Ok(set) => Some(set.clone()),
            Err(e) => {
                complain(format_args!("--accounts: {e}"));
                return ExitCode::from(2);
            }
        },
        _ => None,
    };
    let _in_runtime = runtime.enter();
    terminal::remember();
    let mut signals = match terminal::StopSignals::catch() {
        Ok(signals) => Some(signals),
        Err(e) => {
            eprintln!(
                "warroom: cannot catch SIGTERM, SIGHUP and SIGINT ({e}): a signal would stop warroom without giving the terminal back or recording a command in flight"
            );
            None
        }
    };
    let console_mode = matches!(
        cli.command,
        None | Some(CliCommand::Replay(_) | CliCommand::Tail(_))
    );
    if !console_mode && let Some(mut caught) = signals.take() {
        runtime.spawn(async move {
            let signal = caught.next().await;
            stop(signal, false)
        });
    }
    match cli.command {
        Some(CliCommand::Alarms(args)) => match &cli.global.accounts {
            Some(set) => {
                runtime.block_on(print_alarms_accounts(settings, args, &startup.config, set))
            }
            None => runtime.block_on(print_alarms(settings, args)),
        },
        Some(CliCommand::Changes(args)) => match &cli.global.accounts {
            Some(set) => {
                runtime.block_on(print_changes_accounts(settings, args, &startup.config, set))
            }
            None => runtime.block_on(print_changes(settings, args, &startup.config)),
        },
        Some(CliCommand::Query(args)) => runtime.block_on(print_query(settings, args)),
        Some(CliCommand::Tail(args)) => {
            match runtime.block_on(warroom::commands::tail(settings, args, signals.take())) {
                Ok(code) => code,
                Err(signal) => stop(signal, false),
            }
        }
        Some(CliCommand::Health(args)) => match &cli.global.accounts {
            Some(set) => {
                runtime.block_on(print_health_accounts(settings, args, &startup.config, set))
            }
            None => runtime.block_on(print_health(settings, args, organization)),
        },
        Some(CliCommand::Timeline(args)) => runtime.block_on(print_timeline(
            settings,
            args,
            &startup.config,
            organization,
            cli.global.accounts.as_deref(),
        )),
        Some(CliCommand::Triage(args)) => match &cli.global.accounts {
            Some(set) => {
                runtime.block_on(print_triage_accounts(settings, args, &startup.config, set))
            }
            None => runtime.block_on(print_triage(settings, args, &startup.config)),
        },
        Some(CliCommand::Runbook {
            action: RunbookAction::Run { file, params, yes },
        }) => runtime.block_on(run_runbook(
            settings,
            &file,
            &params,
            yes,
            &startup.config.accounts,
        )),
        Some(CliCommand::Config { .. } | CliCommand::Runbook { .. }) => ExitCode::SUCCESS,
        Some(CliCommand::Replay(args)) => {
            let recording = match warroom::record::reader::Recording::read(&args.file) {
                Ok(recording) => recording,
                Err(e) => {
                    complain(e);
                    return ExitCode::FAILURE;
                }
            };
            let at = match recording.instant(args.at.as_deref()) {
                Ok(at) => at,
                Err(e) => {
                    complain(e);
                    return ExitCode::FAILURE;
                }
            };
            if let Err(e) = logging::init(&cli.global.log_level) {
                startup.problems.push(format!("logging is off: {e}"));
            }
            let feed = Feed::Replay { recording, at };
            runtime.block_on(console(settings, startup, organization, feed, signals))
        }
        None => {
            if let Err(e) = logging::init(&cli.global.log_level) {
                startup.problems.push(format!("logging is off: {e}"));
            }
            let now = jiff::Timestamp::now();
            let start = match cli.global.incident_start.as_deref() {
                Some(text) => match warroom::changes::query::parse_moment(text, now) {
                    Ok(at) => at,
                    Err(e) => {
                        complain(format_args!("--incident-start: {e}"));
                        return ExitCode::FAILURE;
                    }
                },
                None => now,
            };
            let feed = Feed::Aws {
                record: cli.global.record.clone(),
                incident: cli.global.incident.clone().map(|name| (name, start)),
                accounts: console_set,
            };
            runtime.block_on(console(settings, startup, organization, feed, signals))
        }
    }
}

/// Ends warroom on a stop signal: writes down the commands it leaves in flight, gives the
/// terminal back, says so, and exits with 128 + the signal's number.
fn stop(signal: i32, had_screen: bool) -> ! {
    let notes = warroom::runbook::run::execute::interrupted(signal);
    terminal::give_back(&mut std::io::stdout(), had_screen);
    eprintln!("warroom: stopped by {}.", terminal::signal_name(signal));
    for note in notes {
        warroom::commands::complain(note);
    }
    std::process::exit(128 + signal)
}

async fn console(
    settings: SessionSettings,
    startup: Startup,
    organization: bool,
    feed: Feed,
    signals: Option<terminal::StopSignals>,
) -> ExitCode {
    terminal::install_panic_hook(std::io::stdout);
    let mut stdout = std::io::stdout();
    if let Err(e) = terminal::enter(&mut stdout) {
        let _ = terminal::restore(&mut stdout);
        eprintln!("warroom: cannot take over the terminal: {e}");
        return ExitCode::FAILURE;
    }
    let running = run_console(settings, startup, organization, feed);
    let result = match signals {
        Some(mut signals) => tokio::select! {
            result = running => result,
            signal = signals.next() => stop(signal, true),
        },
        None => running.await,
    };
    let _ = terminal::restore(&mut std::io::stdout());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            complain(e);
            ExitCode::FAILURE
        }
    }
}

async fn run_console(
    settings: SessionSettings,
    startup: Startup,
    organization: bool,
    feed: Feed,
) -> std::io::Result<()> {
    let mut terminal = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    let size = terminal.size().unwrap_or(Size::new(80, 24));
    let record = match &feed {
        Feed::Aws { record, .. } => record.clone(),
        Feed::Replay { .. } => None,
    };
    let mut app = warroom::console::build(settings, startup, organization, size, feed)
        .map_err(std::io::Error::other)?;
    if let Some(path) = record {
        warroom::console::record(&mut app, &path).map_err(std::io::Error::other)?;
    }
    app.set_clipboard(Box::new(|text| {
        let _ = terminal::osc52(&mut std::io::stdout(), text);
    }));
    terminal::forward_events(app.sender());
    app.run(&mut terminal).await
}
