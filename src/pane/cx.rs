//! What a pane is handed when it acts: the console as it stands (clock, session, keymap, the
//! rows it shows), a way to number its requests, its work to run, and what it asks of the
//! console (a message, the focus, the `:` line, news for the other panes).

use jiff::Timestamp;

use crate::config::Refresh;
use crate::keymap::Keymap;
use crate::session::Session;
use crate::timeline::model::TimelineEvent;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// What one pane tells the others; each pane hears every piece and acts on its own.
#[derive(Clone, Debug, PartialEq)]
pub enum News {
    /// The alarms now in ALARM (a refresh arrived).
    Firing(Vec<String>),
    /// STS said which account this is.
    Account(String),
    /// Something the timeline tells ended (a query ran, a step finished).
    Happened,
    /// Show what changed in the hour before `at` (when an alarm changed state), writes only,
    /// the newest risky change selected.
    ChangesBefore { at: Timestamp },
    /// Show the logs around `at`, when `alarm` last changed state.
    LogsAround { alarm: String, at: Timestamp },
    /// `p`: pin the focused pane's selected item to the open incident (or why there is none).
    Pin(Result<TimelineEvent, String>),
    /// `n`: a note for the open incident is asked for.
    NoteAsked,
    /// No pane has the item `Ask::Show` asked for.
    NotShown(String),
}

/// What a pane asks of the console.
#[derive(Clone, Debug, PartialEq)]
pub enum Ask {
    Flash(Level, String),
    /// A problem that outlives a flash; `esc` dismisses it.
    Notice(String),
    /// Focus the pane that asks.
    Focus,
    /// Open the `:` line with this text in it.
    Prompt(String),
    /// Tell every other pane.
    Tell(News),
    /// Select the item with this timeline key (`alarm:NAME@…`, `change:ID`, `health:ARN#…`)
    /// in the pane that has it, and focus that pane.
    Show(String),
    /// Refresh every pane now, as `r` does.
    Refresh,
    /// Put this text on the user's clipboard.
    Copy(String),
    /// Quit the console, as `q` does.
    Quit,
}

/// The console as a pane sees it while it acts, and what it does back.
pub struct Cx<'a, W> {
    pub now: Timestamp,
    pub session: &'a Session,
    pub refresh: &'a Refresh,
    pub keymap: &'a Keymap,
    /// Rows the pane's list shows now.
    pub rows: usize,
    /// Whether the pane is focused.
    pub focused: bool,
    /// Whether every pane is on screen at once.
    pub grid: bool,
    /// Whether the console replays a recording.
    pub replaying: bool,
    /// The pane's number: the key that focuses it.
    pub number: usize,
    reqs: &'a mut u64,
    asks: &'a mut Vec<Ask>,
    work: Vec<W>,
}

/// What a `Cx` is made from: the console's parts a pane may read, and its counters.
pub struct Console<'a> {
    pub now: Timestamp,
    pub session: &'a Session,
    pub refresh: &'a Refresh,
    pub keymap: &'a Keymap,
    pub grid: bool,
    pub replaying: bool,
    /// The number of the pane that acts.
    pub number: usize,
    pub reqs: &'a mut u64,
    pub asks: &'a mut Vec<Ask>,
}

impl<'a, W> Cx<'a, W> {
    pub fn new(console: Console<'a>, rows: usize, focused: bool) -> Cx<'a, W> {
        Cx {
            now: console.now,
            session: console.session,
            refresh: console.refresh,
            keymap: console.keymap,
            grid: console.grid,
            replaying: console.replaying,
            number: console.number,
            rows,
            focused,
            reqs: console.reqs,
            asks: console.asks,
            work: Vec::new(),
        }
    }

    /// A new request id: answers to older ones are stale.
    pub fn req(&mut self) -> u64 {
        *self.reqs += 1;
        *self.reqs
    }

    /// Work to run.
    pub fn work(&mut self, work: W) {
        self.work.push(work);
    }

    pub fn works(&mut self, works: impl IntoIterator<Item = W>) {
        self.work.extend(works);
    }

    /// The work asked for so far.
    pub fn into_work(self) -> Vec<W> {
        self.work
    }

    pub fn ask(&mut self, ask: Ask) {
        self.asks.push(ask);
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.ask(Ask::Flash(Level::Info, text.into()));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.ask(Ask::Flash(Level::Error, text.into()));
    }

    pub fn tell(&mut self, news: News) {
        self.ask(Ask::Tell(news));
    }
}
