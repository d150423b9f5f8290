//! Building the console: its state from the config and the state dir, connected to AWS (and
//! maybe recording) or replaying a recording.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;
use ratatui::layout::Size;

use crate::app::effect::{AwsConnector, Connector};
use crate::app::state::{AppState, ReplayPlace};
use crate::app::{App, cmdline};
use crate::aws::SessionSettings;
use crate::changes::pane::ChangesPane;
use crate::logs::pane::LogsPane;
use crate::record::reader::Recording;
use crate::record::replay::{ReplayClock, ReplayConnector};
use crate::record::writer::Recorder;
use crate::startup::Startup;

pub enum Feed {
    /// AWS, a file that records what the console receives, and the incident to open (started
    /// at the given time when it is new).
    Aws {
        record: Option<PathBuf>,
        incident: Option<(String, Timestamp)>,
        /// The account set the Alarms pane opens over (`--accounts NAME`).
        accounts: Option<crate::accounts::AccountSet>,
    },
    /// A recording, shown as it stood at `at`.
    Replay { recording: Recording, at: Timestamp },
}

/// The console, ready to run (must be called inside a tokio runtime).
pub fn build(
    settings: SessionSettings,
    startup: Startup,
    organization: bool,
    size: Size,
    feed: Feed,
) -> Result<App, String> {
    let Startup {
        config,
        theme,
        mut problems,
    } = startup;
    let now = match &feed {
        Feed::Aws { .. } => Timestamp::now(),
        Feed::Replay { at, .. } => *at,
    };
    let mut state = AppState::new(settings, config.refresh.clone(), now, size);
    // Read-only from the config holds whatever the caller's settings say.
    state.session.settings.read_only |= config.read_only || config.read_only_until_fixed;
    if config.read_only_until_fixed {
        state.session.read_only_reason = Some("config error");
    }
    state.profiles = cmdline::aws_profiles();
    state.session.account_sets = config.accounts.clone();
    state.panes.health.organization = organization;
    let window = jiff::SignedDuration::try_from(config.changes.window)
        .unwrap_or(jiff::SignedDuration::from_hours(3));
    state.panes.changes = ChangesPane::new(window, state.now);
    let history_file = crate::logs::history::default_path();
    let history = history_file
        .as_deref()
        .map(crate::logs::history::load)
        .unwrap_or_default();
    state.panes.logs = LogsPane::from_config(&config.logs, history);
    state
        .panes
        .runbooks
        .folders
        .extend(config.runbook_folders.iter().cloned());
    let mut incident = None;
    let (connector, clock): (Arc<dyn Connector>, Option<ReplayClock>) = match feed {
        Feed::Aws {
            incident: wanted,
            accounts,
            ..
        } => {
            incident = wanted;
            state.session.accounts = accounts;
            (Arc::new(AwsConnector::new(&config.changes)), None)
        }
        Feed::Replay { recording, at } => {
            let (start, end) = recording.span().unwrap_or((at, at));
            let (start, end) = (start.min(end), start.max(end));
            if let Some(damage) = &recording.damage {
                problems.push(damage.clone());
            }
            state.replay = Some(ReplayPlace {
                at: at.clamp(start, end),
                start,
                end,
                damage: recording.damage.clone(),
            });
            state.session.settings.read_only = true;
            // The Changes pane opens on the window the recorded changes cover.
            let changes = recording.changes_at(end);
            if let (Some(newest), Some(oldest)) = (changes.first(), changes.last()) {
                let margin = jiff::SignedDuration::from_mins(10);
                state.panes.changes.query.start =
                    oldest.time.saturating_sub(margin).unwrap_or(oldest.time);
                state.panes.changes.query.end =
                    newest.time.saturating_add(margin).unwrap_or(newest.time);
                state.panes.changes.relative = None;
            }
            let clock = ReplayClock::new(at.clamp(start, end));
            let connector = ReplayConnector {
                recording: Arc::new(recording),
                clock: clock.clone(),
            };
            (Arc::new(connector), Some(clock))
        }
    };
    if !problems.is_empty() {
        state.notice = Some(problems.join("; "));
    }
    let mut app = App::new(state, config.keymap, theme, connector);
    if let Some(dir) = crate::logging::state_dir() {
        app.set_state_dir(dir);
    }
    if let Some(clock) = clock {
        app.set_replay_clock(clock);
    } else {
        if let Some(path) = history_file {
            app.set_query_history(path);
        }
        if let Some(path) = crate::runbook::run::audit::default_path() {
            app.set_audit_file(path);
        }
        if let Some((name, at)) = incident {
            app.open_incident(&name, at);
        }
    }
    Ok(app)
}

/// Starts recording for a console fed by AWS.
pub fn record(app: &mut App, path: &std::path::Path) -> Result<(), String> {
    let region = app.state.session.region.clone();
    let recorder = Recorder::start(path, &region, Timestamp::now())?;
    app.set_recorder(recorder);
    Ok(())
}
