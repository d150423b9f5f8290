//! The tail view's state: a bounded buffer of lines (the oldest dropped and counted), newest
//! at the bottom and followed while the selection is on the last line, a pause that holds the
//! view while the stream runs on, a highlight, and what the status line says.

use std::collections::VecDeque;
use std::time::Duration;

use jiff::Timestamp;

use super::run::{Began, TailMsg};
use super::{TailEvent, TailRequest};
use crate::kit::cursor::Cursor;

/// Lines kept when the config says nothing.
pub const DEFAULT_LINES: usize = 10_000;

/// How far back the events-per-second figure looks.
const RATE_WINDOW: Duration = Duration::from_secs(10);

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Starting,
    Live,
    Reconnecting {
        attempt: u32,
        wait: Duration,
        why: String,
    },
    Failed(String),
}

pub struct TailView {
    pub req: u64,
    pub request: TailRequest,
    pub phase: Phase,
    pub lines: VecDeque<TailEvent>,
    pub capacity: usize,
    /// Lines dropped off the top to keep within `capacity`.
    pub dropped: u64,
    pub received: u64,
    /// Lines that arrived while paused, shown when the view resumes.
    pub held: VecDeque<TailEvent>,
    pub paused: bool,
    pub cursor: Cursor,
    /// Text shown highlighted in the lines (`/`).
    pub highlight: String,
    /// The line opened whole, and its scroll.
    pub open: Option<(TailEvent, usize)>,
    /// When the tail began, and when the running session began (None between sessions).
    pub started_at: Timestamp,
    pub session_since: Option<Timestamp>,
    /// Time in sessions that ended: Live Tail is billed per minute of session.
    pub billed: Duration,
    pub renewals: u32,
    pub reconnects: u32,
    /// Whether the last update was sampled, and how many were.
    pub sampled: bool,
    pub sampled_updates: u64,
    /// (when, how many) of recent updates, for events per second.
    arrivals: VecDeque<(Timestamp, usize)>,
}

impl TailView {
    pub fn new(req: u64, request: TailRequest, capacity: usize, now: Timestamp) -> TailView {
        TailView {
            req,
            request,
            phase: Phase::Starting,
            lines: VecDeque::new(),
            capacity: capacity.max(1),
            dropped: 0,
            received: 0,
            held: VecDeque::new(),
            paused: false,
            cursor: Cursor::default(),
            highlight: String::new(),
            open: None,
            started_at: now,
            session_since: None,
            billed: Duration::ZERO,
            renewals: 0,
            reconnects: 0,
            sampled: false,
            sampled_updates: 0,
            arrivals: VecDeque::new(),
        }
    }

    /// A message of this tail's task; false when it is another tail's.
    pub fn apply(&mut self, msg: TailMsg, now: Timestamp) -> bool {
        match msg {
            TailMsg::Started { req, began } if req == self.req => {
                self.end_session(now);
                self.session_since = Some(now);
                self.phase = Phase::Live;
                match began {
                    Began::First => {}
                    Began::Renewed => self.renewals += 1,
                    Began::Reconnected => self.reconnects += 1,
                }
            }
            TailMsg::Update { req, update } if req == self.req => {
                self.phase = Phase::Live;
                self.sampled = update.sampled;
                self.sampled_updates += u64::from(update.sampled);
                self.arrivals.push_back((now, update.events.len()));
                self.received += update.events.len() as u64;
                if self.paused {
                    self.held.extend(update.events);
                    while self.held.len() > self.capacity {
                        self.held.pop_front();
                        self.dropped += 1;
                    }
                } else {
                    self.append(update.events);
                }
            }
            TailMsg::Reconnecting {
                req,
                attempt,
                wait,
                why,
            } if req == self.req => {
                self.end_session(now);
                self.phase = Phase::Reconnecting { attempt, wait, why };
            }
            TailMsg::Failed { req, error } if req == self.req => {
                self.end_session(now);
                self.phase = Phase::Failed(error.message);
            }
            _ => return false,
        }
        true
    }

    fn end_session(&mut self, now: Timestamp) {
        if let Some(since) = self.session_since.take() {
            self.billed += elapsed(since, now);
        }
    }

    /// The tail ends (the pane was left, or `T` pressed again): its session stops counting.
    pub fn stop(&mut self, now: Timestamp) {
        self.end_session(now);
    }

    fn append(&mut self, events: Vec<TailEvent>) {
        let following = self.following();
        self.lines.extend(events);
        let mut gone = 0;
        while self.lines.len() > self.capacity {
            self.lines.pop_front();
            gone += 1;
        }
        self.dropped += gone as u64;
        if following {
            self.cursor.selected = self.lines.len().saturating_sub(1);
        } else {
            self.cursor.selected = self.cursor.selected.saturating_sub(gone);
            self.cursor.offset = self.cursor.offset.saturating_sub(gone);
        }
    }

    /// Whether new lines move the selection along: it is on the last line.
    pub fn following(&self) -> bool {
        self.cursor.selected + 1 >= self.lines.len()
    }

    /// `space`: holds the view, or shows what arrived meanwhile and follows again.
    pub fn toggle_pause(&mut self) {
        if self.paused {
            self.paused = false;
            let held: Vec<TailEvent> = self.held.drain(..).collect();
            self.cursor.selected = self.lines.len().saturating_sub(1);
            self.append(held);
        } else {
            self.paused = true;
        }
    }

    pub fn selected(&self) -> Option<&TailEvent> {
        self.lines.get(self.cursor.selected)
    }

    /// Minutes of session so far, started minutes counted whole (as AWS bills them).
    pub fn minutes_used(&self, now: Timestamp) -> u64 {
        let running = self
            .session_since
            .map_or(Duration::ZERO, |s| elapsed(s, now));
        (self.billed + running).as_secs().div_ceil(60)
    }

    /// The running session's age.
    pub fn session_age(&self, now: Timestamp) -> Option<Duration> {
        self.session_since.map(|s| elapsed(s, now))
    }

    /// Events a second over the last few seconds.
    pub fn per_second(&mut self, now: Timestamp) -> f64 {
        let window = jiff::SignedDuration::try_from(RATE_WINDOW).unwrap_or_default();
        while self
            .arrivals
            .front()
            .is_some_and(|(at, _)| now.duration_since(*at) > window)
        {
            self.arrivals.pop_front();
        }
        self.rate(now)
    }

    /// Events a second over the recent updates kept (drawing does not trim them).
    pub fn rate(&self, now: Timestamp) -> f64 {
        let window = jiff::SignedDuration::try_from(RATE_WINDOW).unwrap_or_default();
        let count: usize = self
            .arrivals
            .iter()
            .filter(|(at, _)| now.duration_since(*at) <= window)
            .map(|(_, n)| n)
            .sum();
        let since = elapsed(self.started_at, now).min(RATE_WINDOW).as_secs_f64();
        count as f64 / since.max(1.0)
    }
}

fn elapsed(since: Timestamp, now: Timestamp) -> Duration {
    Duration::try_from(now.duration_since(since)).unwrap_or(Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::tail::TailUpdate;

    fn event(n: usize) -> TailEvent {
        TailEvent {
            time: Timestamp::UNIX_EPOCH,
            ingested: None,
            group: "/g".into(),
            stream: "s".into(),
            message: format!("line {n}"),
        }
    }

    fn update(view: &mut TailView, from: usize, count: usize) {
        let events = (from..from + count).map(event).collect();
        view.apply(
            TailMsg::Update {
                req: view.req,
                update: TailUpdate {
                    events,
                    sampled: false,
                },
            },
            Timestamp::UNIX_EPOCH,
        );
    }

    #[test]
    fn the_oldest_lines_are_dropped_and_counted_and_the_newest_followed() {
        let mut view = TailView::new(1, TailRequest::default(), 5, Timestamp::UNIX_EPOCH);
        update(&mut view, 0, 3);
        assert_eq!(view.selected().map(|e| e.message.as_str()), Some("line 2"));
        update(&mut view, 3, 4);
        assert_eq!(view.lines.len(), 5);
        assert_eq!(view.dropped, 2);
        assert_eq!(view.lines[0].message, "line 2");
        assert_eq!(view.selected().map(|e| e.message.as_str()), Some("line 6"));
    }

    #[test]
    fn a_scrolled_up_view_stays_on_its_line() {
        let mut view = TailView::new(1, TailRequest::default(), 5, Timestamp::UNIX_EPOCH);
        update(&mut view, 0, 4);
        view.cursor.selected = 2;
        update(&mut view, 4, 2);
        assert_eq!(view.selected().map(|e| e.message.as_str()), Some("line 2"));
    }

    #[test]
    fn a_paused_view_holds_and_counts_then_shows_what_arrived() {
        let mut view = TailView::new(1, TailRequest::default(), 100, Timestamp::UNIX_EPOCH);
        update(&mut view, 0, 2);
        view.toggle_pause();
        update(&mut view, 2, 3);
        assert_eq!(view.lines.len(), 2);
        assert_eq!(view.held.len(), 3);
        view.toggle_pause();
        assert_eq!(view.lines.len(), 5);
        assert_eq!(view.selected().map(|e| e.message.as_str()), Some("line 4"));
    }

    #[test]
    fn minutes_are_counted_as_aws_bills_them() {
        let t0 = Timestamp::UNIX_EPOCH;
        let mut view = TailView::new(7, TailRequest::default(), 10, t0);
        let started = TailMsg::Started {
            req: 7,
            began: Began::First,
        };
        view.apply(started, t0);
        let later = t0 + jiff::SignedDuration::from_secs(61);
        assert_eq!(view.minutes_used(later), 2);
        assert!(!view.apply(
            TailMsg::Started {
                req: 6,
                began: Began::First
            },
            later
        ));
    }
}
