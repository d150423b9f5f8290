//! The Timeline pane's work: gathering every source over the window, the incident's journal
//! (one writer, held for the session), and exports.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;

use super::export::{self, Format, Header, Origin};
use super::gather::{self, Gathered, Settings};
use super::journal::{self, Journal, Marker};
use super::model::TimelineEvent;
use super::msg::{IncidentNow, JournalFailure, TimelineMsg};
use super::replayed::{self, RecordedTimeline};
use crate::aws::AwsSession;
use crate::kit::work::{BoxFuture, Reply, Started, Task};

#[derive(Clone, Debug, PartialEq)]
pub enum TimelineWork {
    /// Every source over the window, merged.
    Load {
        req: u64,
        window: (Timestamp, Timestamp),
        now: Timestamp,
    },
    /// Starts, opens, lists, or writes to the incident's journal.
    Incident { action: IncidentAction },
    /// The rows to a file: `path` as given (relative to the current directory), else the
    /// incident's folder in the state directory.
    Export {
        format: Format,
        path: Option<PathBuf>,
        header: Box<Header>,
        events: Vec<TimelineEvent>,
        /// Over an account set, where each of `events` happened.
        origins: Option<Vec<Origin>>,
    },
}

/// What the timeline gathers from: AWS (the session and the Changes settings) and the
/// state directory, or a recording in a replay.
pub enum TimelineSource {
    Aws {
        session: Arc<AwsSession>,
        settings: Settings,
    },
    Recorded(Arc<dyn RecordedTimeline>),
    /// Every (account, region) of the account set the console is over.
    Set(Arc<dyn TimelineSweep>),
}

/// The timeline of an account set: every (account, region) of it over the window, merged in
/// time order with what warroom keeps in `state_dir`, each row with its origin; an account
/// or source that could not be read is among the failures, with its whole error.
pub trait TimelineSweep: Send + Sync {
    fn gather(
        &self,
        window: (Timestamp, Timestamp),
        state_dir: Option<PathBuf>,
        now: Timestamp,
    ) -> BoxFuture<'_, Gathered>;
}

/// Something done to the incident's journal.
#[derive(Clone, Debug, PartialEq)]
pub enum IncidentAction {
    Start {
        name: String,
        at: Timestamp,
        account: Option<String>,
        region: Option<String>,
    },
    Open {
        name: String,
    },
    /// Opens the incident, or starts it at `at` when there is none of that name.
    OpenOrStart {
        name: String,
        at: Timestamp,
        account: Option<String>,
        region: Option<String>,
    },
    List,
    Mark {
        marker: Marker,
        at: Timestamp,
    },
    Note {
        at: Timestamp,
        text: String,
    },
    EditNote {
        id: String,
        text: String,
    },
    DeleteNote {
        id: String,
    },
    Pin {
        item: TimelineEvent,
    },
}

pub type SharedJournal = Arc<tokio::sync::Mutex<Option<Journal>>>;

fn act(
    journal: &mut Option<Journal>,
    state_dir: Option<&std::path::Path>,
    action: IncidentAction,
) -> Result<IncidentNow, JournalFailure> {
    let dir = || state_dir.ok_or(JournalFailure::NoStateDir);
    let failed = |e: &dyn std::fmt::Display| JournalFailure::Journal(e.to_string());
    let who = journal::whoami();
    let mut warning = None;
    match action {
        IncidentAction::Start {
            name,
            at,
            account,
            region,
        } => {
            *journal = Some(
                Journal::start(dir()?, &name, at, account, region, &who).map_err(|e| failed(&e))?,
            );
        }
        IncidentAction::Open { name } => {
            let (opened, torn) = Journal::open(dir()?, &name, &who).map_err(|e| failed(&e))?;
            *journal = Some(opened);
            warning = torn;
        }
        IncidentAction::OpenOrStart {
            name,
            at,
            account,
            region,
        } => {
            let exists = journal::journal_path(dir()?, &name)
                .map_err(|e| failed(&e))?
                .exists();
            let next = if exists {
                IncidentAction::Open { name }
            } else {
                IncidentAction::Start {
                    name,
                    at,
                    account,
                    region,
                }
            };
            return act(journal, state_dir, next);
        }
        IncidentAction::List => {}
        other => {
            let Some(j) = journal.as_mut() else {
                return Err(JournalFailure::NoIncident);
            };
            let done = match other {
                IncidentAction::Mark { marker, at } => j.mark(marker, at),
                IncidentAction::Note { at, text } => j.add_note(at, &text).map(|_| ()),
                IncidentAction::EditNote { id, text } => j.edit_note(&id, &text),
                IncidentAction::DeleteNote { id } => j.delete_note(&id),
                IncidentAction::Pin { item } => j.pin(item),
                _ => Ok(()),
            };
            done.map_err(|e| failed(&e))?;
        }
    }
    Ok(IncidentNow {
        incident: journal.as_ref().map(|j| j.incident().clone()),
        warning,
    })
}

/// What the Timeline pane's work keeps between tasks: the incident's journal (one writer,
/// held for the session) and the state directory incidents live in.
#[derive(Default)]
pub struct TimelineWorker {
    journal: SharedJournal,
    pub state_dir: Option<PathBuf>,
}

impl TimelineWorker {
    pub fn start(
        &self,
        work: TimelineWork,
        src: Option<Arc<TimelineSource>>,
        reply: Reply<TimelineMsg>,
    ) -> Started<TimelineMsg> {
        let state_dir = self.state_dir.clone();
        Started::task(match work {
            TimelineWork::Load { req, window, now } => {
                let Some(source) = src else {
                    reply.send(TimelineMsg::Loaded {
                        req,
                        gathered: gather::Gathered {
                            failures: vec![(
                                "every source".into(),
                                "a replay holds no timeline; record with an incident open".into(),
                            )],
                            ..Default::default()
                        },
                    });
                    return Started::nothing();
                };
                Task::new("timeline", async move {
                    let gathered = match source.as_ref() {
                        TimelineSource::Aws { session, settings } => {
                            gather::gather(
                                session,
                                settings,
                                window,
                                state_dir.as_deref(),
                                None,
                                now,
                            )
                            .await
                        }
                        TimelineSource::Recorded(recording) => {
                            replayed::gather(recording.recorded(now), window, now)
                        }
                        TimelineSource::Set(sweep) => sweep.gather(window, state_dir, now).await,
                    };
                    Some(TimelineMsg::Loaded { req, gathered })
                })
            }
            TimelineWork::Incident { action } => {
                let journal = self.journal.clone();
                Task::kept("timeline.incident", async move {
                    if action == IncidentAction::List {
                        let listed = state_dir.as_deref().map(journal::list).unwrap_or_default();
                        return Some(TimelineMsg::IncidentsListed { listed });
                    }
                    let mut journal = journal.lock().await;
                    let result = act(&mut journal, state_dir.as_deref(), action);
                    Some(TimelineMsg::IncidentChanged { result })
                })
            }
            TimelineWork::Export {
                format,
                path,
                header,
                events,
                origins,
            } => Task::kept("timeline.export", async move {
                let result = tokio::task::spawn_blocking(move || {
                    let path = export::place(format, path, state_dir.as_deref(), &header)?;
                    write(format, path, &header, &events, origins.as_deref())
                })
                .await
                .unwrap_or_else(|e| Err(e.to_string()));
                Some(TimelineMsg::Exported { result })
            }),
        })
    }
}

fn write(
    format: Format,
    path: PathBuf,
    header: &Header,
    events: &[TimelineEvent],
    origins: Option<&[Origin]>,
) -> Result<PathBuf, String> {
    let shown = path.display().to_string();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let file = std::fs::File::create(&path).map_err(|e| format!("cannot write {shown}: {e}"))?;
    let mut out = std::io::BufWriter::new(file);
    export::write_placed(&mut out, format, header, events, origins)
        .and_then(|_| std::io::Write::flush(&mut out))
        .map_err(|e| format!("cannot write {shown}: {e}"))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_writes_and_exports_run_to_their_end() {
        let worker = TimelineWorker::default();
        let kept = |work| {
            let started = worker.start(work, None, Reply::new(|_| true));
            started.task.is_some_and(|t| t.kept)
        };
        let note = IncidentAction::List;
        assert!(kept(TimelineWork::Incident { action: note }), "the journal");
        let export = TimelineWork::Export {
            format: Format::Md,
            path: None,
            header: Box::default(),
            events: Vec::new(),
            origins: None,
        };
        assert!(kept(export), "an export");
    }
}
