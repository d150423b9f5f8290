use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Size;

use warroom::alarms::{AlarmSource, AlarmState, CloudWatchAlarms, headless};
use warroom::app::effect::AwsConnector;
use warroom::app::state::AppState;
use warroom::app::{App, cmdline};
use warroom::aws::{AwsSession, SessionSettings};
use warroom::cli::{AlarmsArgs, Cli, CliCommand, ConfigAction, Format, StateArg};
use warroom::config::{Config, DEFAULT_CONFIG};
use warroom::startup::{self, Startup};
use warroom::theme::Theme;
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
    let Startup {
        config,
        theme,
        mut problems,
    } = startup::prepare(&cli.global);
    let settings = cli
        .global
        .session_settings(config.read_only, config.aws.clone());
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
    match cli.command {
        Some(CliCommand::Alarms(args)) => {
            for p in &problems {
                eprintln!("warroom: {p}");
            }
            runtime.block_on(print_alarms(settings, args))
        }
        Some(CliCommand::Config { .. }) => ExitCode::SUCCESS,
        None => {
            if let Err(e) = logging::init(&cli.global.log_level) {
                problems.push(format!("logging is off: {e}"));
            }
            runtime.block_on(console(settings, config, theme, problems))
        }
    }
}

async fn print_alarms(settings: SessionSettings, args: AlarmsArgs) -> ExitCode {
    let session = AwsSession::connect(settings).await;
    let source = CloudWatchAlarms::new(&session);
    let alarms = match source.alarms().await {
        Ok(alarms) => alarms,
        Err(e) => {
            eprintln!("warroom: {e}");
            return ExitCode::FAILURE;
        }
    };
    let state = args.state.map(|s| match s {
        StateArg::Alarm => AlarmState::Alarm,
        StateArg::InsufficientData => AlarmState::InsufficientData,
        StateArg::Ok => AlarmState::Ok,
    });
    let alarms = headless::select(alarms, state);
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Table => headless::write_table(&mut out, &alarms, jiff::Timestamp::now()),
        Format::Json => headless::write_json(&mut out, &alarms),
    };
    match written.and_then(|_| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("warroom: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn console(
    settings: SessionSettings,
    config: Config,
    theme: Theme,
    problems: Vec<String>,
) -> ExitCode {
    terminal::install_panic_hook(std::io::stdout);
    let mut stdout = std::io::stdout();
    if let Err(e) = terminal::enter(&mut stdout) {
        let _ = terminal::restore(&mut stdout);
        eprintln!("warroom: cannot take over the terminal: {e}");
        return ExitCode::FAILURE;
    }
    let result = run_console(settings, config, theme, problems).await;
    let _ = terminal::restore(&mut std::io::stdout());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("warroom: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run_console(
    settings: SessionSettings,
    config: Config,
    theme: Theme,
    problems: Vec<String>,
) -> std::io::Result<()> {
    let mut terminal = Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
    let size = terminal.size().unwrap_or(Size::new(80, 24));
    let mut state = AppState::new(
        settings,
        config.refresh.clone(),
        jiff::Timestamp::now(),
        size,
    );
    state.profiles = cmdline::aws_profiles();
    if !problems.is_empty() {
        state.notice = Some(problems.join("; "));
    }
    let app = App::new(state, config.keymap.clone(), theme, Arc::new(AwsConnector));
    terminal::forward_events(app.sender());
    app.run(&mut terminal).await
}
