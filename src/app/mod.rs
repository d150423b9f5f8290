//! The console's loop: terminal events and AWS results in, state updated, effects run,
//! and the screen drawn when something changed.

mod account;
pub mod cmdline;
pub mod effect;
mod keys;
pub mod msg;
#[macro_use]
pub mod registry;
pub mod panes;
pub mod route;
pub mod sources;
pub mod state;
pub mod update;

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::keymap::Keymap;
use effect::{Connector, Effect, Executor};
use msg::Msg;
use state::AppState;

use crate::changes::ChangesMsg;
use crate::health::HealthMsg;
use crate::record::Observed;
use crate::record::replay::ReplayClock;
use crate::record::writer::Recorder;
use crate::theme::Theme;
use crate::timeline::TimelineWork;

/// How often the clock ticks: spinners move and refreshes fall due.
pub const TICK: Duration = Duration::from_millis(100);

/// How long `--incident` waits for the caller identity before it opens the incident anyway.
pub const IDENTITY_WAIT: Duration = Duration::from_secs(10);

pub struct App {
    pub state: AppState,
    pub keymap: Keymap,
    pub theme: Theme,
    executor: Executor,
    recorder: Option<Recorder>,
    replay_clock: Option<ReplayClock>,
    state_dir: Option<std::path::PathBuf>,
    /// The open incident records what the console receives (from the first time it is open).
    incident_recording: bool,
    /// `--incident`: opened (or started) once STS has said which account this is, or when
    /// it has not said so within [`IDENTITY_WAIT`] of this instant.
    pending_incident: Option<(String, Timestamp, std::time::Instant)>,
    tx: UnboundedSender<Msg>,
    rx: UnboundedReceiver<Msg>,
}

impl App {
    /// A console that starts connecting at once (must be called inside a tokio runtime).
    pub fn new(
        state: AppState,
        keymap: Keymap,
        theme: Theme,
        connector: Arc<dyn Connector>,
    ) -> App {
        let (tx, rx) = unbounded_channel();
        let mut app = App {
            executor: Executor::new(tx.clone(), connector),
            recorder: None,
            replay_clock: None,
            state_dir: None,
            incident_recording: false,
            pending_incident: None,
            state,
            keymap,
            theme,
            tx,
            rx,
        };
        let settings = app.state.session.settings.clone();
        app.executor.run(Effect::Connect {
            generation: app.state.session.generation,
            settings,
            accounts: app.state.session.accounts.clone(),
        });
        app
    }

    /// Where `y` and `Y` copy to.
    pub fn set_clipboard(&mut self, clipboard: effect::Clipboard) {
        self.executor.set_clipboard(clipboard);
    }

    /// Where queries that ran are remembered.
    pub fn set_query_history(&mut self, path: std::path::PathBuf) {
        self.executor.set_history_file(path);
    }

    /// Where incidents live, and past queries and runbook steps are read from.
    pub fn set_state_dir(&mut self, dir: std::path::PathBuf) {
        self.executor.set_state_dir(dir.clone());
        self.state.state_dir = Some(dir.clone());
        self.state_dir = Some(dir);
    }

    /// With an incident open, what the console receives is recorded in its folder.
    fn record_incident(&mut self) {
        if self.incident_recording || self.recorder.is_some() || self.state.replay.is_some() {
            return;
        }
        let (Some(dir), Some(incident)) = (&self.state_dir, &self.state.panes.timeline.incident)
        else {
            return;
        };
        self.incident_recording = true;
        let path = dir
            .join(crate::timeline::journal::INCIDENTS)
            .join(&incident.name)
            .join("recording.jsonl");
        match Recorder::start(&path, &self.state.session.region, Timestamp::now()) {
            Ok(recorder) => {
                let now = self.state.now;
                if let crate::kit::Loadable::Ready(identity) = &self.state.session.identity {
                    let region = self.state.session.region.clone();
                    let identity = identity.clone();
                    recorder.observe(now, Observed::Identity { identity, region });
                }
                if self.state.panes.alarms.status.loaded_at.is_some() {
                    recorder.observe(
                        now,
                        Observed::Alarms(self.state.panes.alarms.all().to_vec()),
                    );
                }
                if self.state.panes.health.status.loaded_at.is_some() {
                    recorder.observe(
                        now,
                        Observed::Health(self.state.panes.health.all().to_vec()),
                    );
                }
                self.recorder = Some(recorder);
            }
            Err(e) => self.state.notice = Some(format!("The incident is not recorded: {e}")),
        }
    }

    /// Opens the incident (or starts it at `at`) and shows its timeline. A new incident's
    /// `started` record names the account and region, so this waits for the caller identity
    /// (at most [`IDENTITY_WAIT`]).
    pub fn open_incident(&mut self, name: &str, at: Timestamp) {
        if let Some(timeline) = panes::PaneId::named("timeline") {
            self.state.focus = timeline;
        }
        self.pending_incident = Some((name.to_string(), at, std::time::Instant::now()));
        self.open_pending_incident();
    }

    fn open_pending_incident(&mut self) {
        let waited = self
            .pending_incident
            .as_ref()
            .is_some_and(|(_, _, since)| since.elapsed() >= IDENTITY_WAIT);
        let account = match &self.state.session.identity {
            crate::kit::Loadable::Loading if !waited => return,
            crate::kit::Loadable::Ready(identity) => Some(identity.account.clone()),
            crate::kit::Loadable::Loading | crate::kit::Loadable::Failed(_) => None,
        };
        let Some((name, at, _)) = self.pending_incident.take() else {
            return;
        };
        let region = Some(self.state.session.region.clone()).filter(|r| !r.is_empty());
        self.executor
            .run(effect::Effect::Timeline(TimelineWork::Incident {
                action: crate::timeline::IncidentAction::OpenOrStart {
                    name,
                    at,
                    account,
                    region,
                },
            }));
    }

    /// Where runbook steps are written down before they are sent.
    pub fn set_audit_file(&mut self, path: std::path::PathBuf) {
        self.executor.set_audit_file(path);
    }

    /// How a runbook step's invocations are polled.
    pub fn set_step_patience(&mut self, patience: crate::runbook::run::execute::StepPatience) {
        self.executor.set_step_patience(patience);
    }

    /// How Logs Insights queries are polled and queued.
    pub fn set_query_patience(&mut self, patience: crate::logs::run::QueryPatience) {
        self.executor.set_patience(patience);
    }

    /// How Live Tail renews its sessions and reconnects.
    pub fn set_tail_patience(&mut self, patience: crate::logs::tail::TailPatience) {
        self.executor.set_tail_patience(patience);
    }

    /// Records what the console receives from AWS from now on.
    pub fn set_recorder(&mut self, recorder: Recorder) {
        self.recorder = Some(recorder);
    }

    /// Ends the recording, if any, once every line is on disk.
    pub fn finish_recording(&mut self) {
        if let Some(recorder) = self.recorder.take() {
            recorder.finish();
        }
    }

    /// The console replays a recording: its clock is the replay's.
    pub fn set_replay_clock(&mut self, clock: ReplayClock) {
        self.replay_clock = Some(clock);
    }

    fn now(&self) -> Timestamp {
        match &self.state.replay {
            Some(replay) => replay.at,
            None => Timestamp::now(),
        }
    }

    fn record(&self, msg: &Msg) {
        let Some(recorder) = &self.recorder else {
            return;
        };
        let observed = match msg {
            Msg::IdentityLoaded { result: Ok(id), .. } => Observed::Identity {
                identity: id.clone(),
                region: self.state.session.region.clone(),
            },
            Msg::Changes(ChangesMsg::Page {
                result: Ok(page), ..
            }) => Observed::Changes(page.clone()),
            Msg::Health(HealthMsg::EventsLoaded {
                result: Ok(events), ..
            }) => Observed::Health(events.clone()),
            Msg::Timeline(m) => match crate::record::timeline::rows_to_record(m) {
                Some(rows) => Observed::Timeline(rows),
                None => return,
            },
            _ => return,
        };
        recorder.observe(self.state.now, observed);
    }

    /// Where terminal events and other outside messages are sent.
    pub fn sender(&self) -> UnboundedSender<Msg> {
        self.tx.clone()
    }

    /// Applies one message; returns whether the screen needs drawing.
    pub fn handle(&mut self, mut msg: Msg) -> bool {
        if let Msg::Connected {
            generation,
            sources,
            ..
        } = &mut msg
            && *generation == self.state.session.generation
            && let Some(sources) = sources.take()
        {
            self.executor.install(sources);
        }
        if let (Msg::Tick(now), Some(replay)) = (&mut msg, &self.state.replay) {
            *now = replay.at;
        }
        let redraw = match &msg {
            Msg::Tick(now) => {
                self.state.animating() || now.as_second() != self.state.now.as_second()
            }
            _ => {
                self.state.now = self.now();
                true
            }
        };
        self.record(&msg);
        let alarm_loads = self.state.panes.alarms.loads();
        let effects = update::update(&mut self.state, &self.keymap, msg);
        if let Some(recorder) = &self.recorder
            && self.state.panes.alarms.loads() != alarm_loads
        {
            let alarms = self.state.panes.alarms.all().to_vec();
            recorder.observe(self.state.now, Observed::Alarms(alarms));
        }
        if self.pending_incident.is_some() {
            self.open_pending_incident();
        }
        self.record_incident();
        if let (Some(clock), Some(replay)) = (&self.replay_clock, &self.state.replay) {
            clock.set(replay.at);
        }
        for effect in effects {
            self.executor.run(effect);
        }
        redraw
    }

    /// Waits for the next message (or the next tick) and applies it and any already queued.
    pub async fn step(&mut self) -> bool {
        let msg = match tokio::time::timeout(TICK, self.rx.recv()).await {
            Ok(Some(msg)) => msg,
            Ok(None) | Err(_) => Msg::Tick(Timestamp::now()),
        };
        let mut redraw = self.handle(msg);
        while let Ok(msg) = self.rx.try_recv() {
            redraw |= self.handle(msg);
        }
        redraw
    }

    pub fn draw<B: Backend>(&self, terminal: &mut Terminal<B>) -> Result<(), B::Error> {
        terminal.draw(|frame| crate::ui::draw(frame, &self.state, &self.theme, &self.keymap))?;
        Ok(())
    }

    /// Runs until the user quits.
    pub async fn run<B: Backend>(mut self, terminal: &mut Terminal<B>) -> Result<(), B::Error> {
        self.draw(terminal)?;
        while !self.state.quit {
            if self.step().await && !self.state.quit {
                self.draw(terminal)?;
            }
        }
        self.finish_recording();
        Ok(())
    }
}

#[cfg(test)]
mod tests;
