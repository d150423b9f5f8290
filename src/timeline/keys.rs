//! What the Timeline pane does with its messages and keys: its gatherings, the incident's
//! journal answering, `enter` on a row (its original item in its own pane), and what it
//! hears from the other panes (`p` pinned an item, `n` asked for a note, something happened).

use super::msg::{IncidentNow, TimelineMsg};
use super::pane::TimelinePane;
use super::work::{IncidentAction, TimelineWork};
use crate::command::Command;
use crate::pane::{Ask, Component, Cx, News};
use crate::timeline::model::TimelineEvent;

mod line;

/// What `n`, `p` and `:note` say with no incident open.
const NO_INCIDENT: &str = "No incident is open: :incident start NAME opens one";

impl Component for TimelinePane {
    type Msg = TimelineMsg;
    type Work = TimelineWork;

    fn update(&mut self, msg: TimelineMsg, cx: &mut Cx<TimelineWork>) {
        match msg {
            TimelineMsg::Loaded { req, gathered } => {
                self.loaded(req, gathered, cx.now);
            }
            TimelineMsg::IncidentChanged { result } => match result {
                Ok(IncidentNow { incident, warning }) => {
                    let opened = incident.as_ref().map(|i| i.name.clone());
                    let was = self.incident.as_ref().map(|i| i.name.clone());
                    self.set_incident(incident);
                    if let Some(warning) = warning {
                        cx.ask(Ask::Notice(warning));
                    }
                    if opened != was {
                        if let Some(name) = opened {
                            cx.info(format!("Incident {name} is open: its journal records notes, markers and pins"));
                        }
                        // A gathering still in flight covers the window before this incident:
                        // ask anew, and its answer is dropped as stale.
                        self.status.pending = None;
                        load(self, cx);
                    }
                }
                Err(failure) => cx.error(failure.to_string()),
            },
            TimelineMsg::IncidentsListed { listed } => {
                let names: Vec<String> = listed
                    .iter()
                    .map(|s| match (s.started, &s.problem) {
                        (_, Some(problem)) => format!("{} ({problem})", s.name),
                        (Some(at), None) => {
                            format!("{} (started {})", s.name, crate::time::utc(at))
                        }
                        (None, None) => s.name.clone(),
                    })
                    .collect();
                cx.ask(Ask::Notice(if names.is_empty() {
                    "No incident yet: :incident start NAME opens one".to_string()
                } else {
                    format!(
                        "Incidents: {}. :incident open NAME opens one",
                        names.join(", ")
                    )
                }));
                self.listed = listed;
            }
            TimelineMsg::Exported { result } => match result {
                Ok(path) => cx.info(format!("Exported the timeline to {}", path.display())),
                Err(message) => cx.error(message),
            },
        }
    }

    fn command(&mut self, command: Command, cx: &mut Cx<TimelineWork>) -> bool {
        match command {
            Command::ToggleFiring => {
                cx.info("f shows only firing alarms; filter this pane with /");
                true
            }
            _ => false,
        }
    }

    /// `enter` on a row: its original item in its own pane, when that pane has it (else the
    /// row opens whole, when the console says no pane has it).
    fn open(&mut self, cx: &mut Cx<TimelineWork>) {
        if self.detail.is_some() {
            return;
        }
        if let Some(row) = self.selected() {
            cx.ask(Ask::Show(row.key.clone()));
        }
    }

    /// `:incident`, `:note`, `:export` and `:timeline`: the word comes first.
    fn line(&mut self, args: &[String], cx: &mut Cx<TimelineWork>) {
        let Some((word, rest)) = args.split_first() else {
            return;
        };
        match word.as_str() {
            "incident" => line::incident(self, rest, cx),
            "note" => line::note(self, rest, cx),
            "export" => line::export(self, rest, cx),
            "timeline" => {
                cx.ask(Ask::Focus);
                line::timeline(self, rest, cx);
            }
            _ => {}
        }
    }

    /// The timeline gathers while it is looked at: when due, forced, or after something it
    /// shows happened.
    fn schedule(&mut self, force: bool, cx: &mut Cx<TimelineWork>) {
        if cx.focused && (force || self.stale || self.status.due(cx.now, cx.refresh.changes)) {
            load(self, cx);
        }
    }

    /// A replay's clock moved: the next refresh gathers at the new instant.
    fn reset(&mut self, cx: &mut Cx<TimelineWork>) {
        if cx.replaying {
            self.status = Default::default();
        }
    }

    fn hear(&mut self, news: &News, cx: &mut Cx<TimelineWork>) {
        match news {
            News::Happened => self.stale = true,
            News::NoteAsked => {
                if self.incident.is_none() {
                    cx.error(NO_INCIDENT);
                } else {
                    cx.ask(Ask::Prompt("note ".into()));
                }
            }
            News::Pin(item) => pin(self, item, cx),
            News::NotShown(key) if self.selected().is_some_and(|row| &row.key == key) => {
                self.detail = Some(self.cursor.selected);
            }
            _ => {}
        }
    }

    fn pin(&self, _: jiff::Timestamp) -> Result<TimelineEvent, String> {
        self.selected()
            .cloned()
            .ok_or_else(|| "No row selected".to_string())
    }
}

/// `p`: the focused pane's selected item, pinned into the incident.
fn pin(pane: &mut TimelinePane, item: &Result<TimelineEvent, String>, cx: &mut Cx<TimelineWork>) {
    if pane.incident.is_none() {
        cx.error(NO_INCIDENT);
        return;
    }
    match item {
        Ok(item) => {
            cx.info(format!(
                "Pinned at {}: {}",
                crate::time::utc(item.time),
                item.what
            ));
            incident(cx, IncidentAction::Pin { item: item.clone() });
        }
        Err(message) => cx.error(message.clone()),
    }
}

fn incident(cx: &mut Cx<TimelineWork>, action: IncidentAction) {
    cx.work(TimelineWork::Incident { action });
}

/// Gathers the timeline over its window again (unless a gathering is under way).
fn load(pane: &mut TimelinePane, cx: &mut Cx<TimelineWork>) {
    if pane.status.in_flight() {
        return;
    }
    let (req, now) = (cx.req(), cx.now);
    pane.status.start(req, now);
    cx.work(TimelineWork::Load {
        req,
        window: pane.window_at(now),
        now,
    });
}

#[cfg(test)]
mod tests;
