//! What a pane is to the console: a list with a filter, a status line, key hints and a
//! drawing. The console holds the panes in its registry (`app::panes`) and asks them through
//! this trait; a pane knows nothing of the console beyond what it is handed here.

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use crate::aws::AwsError;
use crate::command::Command;
use crate::config::Refresh;
use crate::kit::cursor::ListPane;
use crate::theme::Theme;
use crate::timeline::model::TimelineEvent;

mod cx;

pub use cx::{Ask, Console, Cx, Level, News};

/// What a pane's drawing may know of the console besides the pane itself.
#[derive(Clone, Copy)]
pub struct ViewCx<'a> {
    pub now: Timestamp,
    /// Whether the session is ready (credentials and region resolved).
    pub connected: bool,
    pub refresh: &'a Refresh,
    /// The account set the console is over (`--accounts`, `:accounts`), if any.
    pub set: Option<&'a str>,
}

/// One key hint in the footer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// A command, shown with the key the keymap binds to it (left out when none is).
    Bound(Command, &'static str),
    /// A key the pane reads itself, such as `esc` while editing.
    Key(&'static str, &'static str),
}

/// The footer's key hints for a pane as it is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hints {
    Keys(&'static [Hint]),
    /// Hints written out, shown dim as they are.
    Text(String),
}

/// What any list pane's keys do with nothing open; a pane with keys of its own says so.
pub const LIST_HINTS: &[Hint] = &[
    Hint::Bound(Command::Open, "details"),
    Hint::Bound(Command::Filter, "filter"),
    Hint::Bound(Command::CommandMode, "command"),
    Hint::Bound(Command::Refresh, "refresh"),
    Hint::Bound(Command::Help, "help"),
    Hint::Bound(Command::Quit, "quit"),
];

/// What the keys do with an item open.
pub const DETAIL_HINTS: &[Hint] = &[
    Hint::Bound(Command::Back, "back"),
    Hint::Bound(Command::Down, "scroll"),
    Hint::Bound(Command::Refresh, "refresh"),
    Hint::Bound(Command::Help, "help"),
    Hint::Bound(Command::Quit, "quit"),
];

/// A pane is a list pane (its cursor, filter and opened item) and all that follows.
pub trait Pane: ListPane {
    /// Whether something of the pane moves by itself (a spinner).
    fn busy(&self) -> bool;
    /// Whether an item is open over the list.
    fn in_detail(&self) -> bool;
    /// The pane's source's last failure, for the footer.
    fn error(&self) -> Option<&AwsError> {
        None
    }
    /// What the pane's keys do with nothing open.
    fn list_hints(&self) -> &'static [Hint] {
        LIST_HINTS
    }
    /// The footer's key hints while the pane is focused.
    fn hints(&self) -> Hints {
        Hints::Keys(if self.in_detail() {
            DETAIL_HINTS
        } else {
            self.list_hints()
        })
    }
    /// Rows the status line over the list takes inside the pane, `width` wide.
    fn status_height(&self, cx: &ViewCx, width: u16) -> u16;
    fn draw(&self, frame: &mut Frame, area: Rect, cx: &ViewCx, theme: &Theme, focused: bool);
}

/// A pane as the console drives it: its own messages and work, its keys, its `:` line, its
/// refreshes, and what it tells the other panes. Each method gets a `Cx` to ask for work
/// and for the console's help; "not mine" is `false`.
pub trait Component: Pane {
    type Msg;
    type Work;
    /// The pane's work answered.
    fn update(&mut self, msg: Self::Msg, cx: &mut Cx<Self::Work>);
    /// Whether the pane reads keys itself now (an editor, a form, a confirmation).
    fn captures_keys(&self) -> bool {
        false
    }
    /// Whether a key the terminal read at `read_at` is dropped: it was typed before what it
    /// would answer was on screen.
    fn drops_key(&self, read_at: std::time::Instant) -> bool {
        let _ = read_at;
        false
    }
    /// Why the session must not change now (a command sent to the fleet is still being
    /// followed in it), or `None`.
    fn holds_session(&self) -> Option<String> {
        None
    }
    /// A key while the pane reads keys itself.
    fn key(&mut self, key: KeyEvent, cx: &mut Cx<Self::Work>) {
        let _ = (key, cx);
    }
    /// A command while the pane is focused; false when it is not the pane's to answer.
    /// `Refresh` comes here too, after every pane's refresh: what `r` reloads besides.
    fn command(&mut self, command: Command, cx: &mut Cx<Self::Work>) -> bool {
        let _ = (command, cx);
        false
    }
    /// `enter` on the list: opens the selected item.
    fn open(&mut self, cx: &mut Cx<Self::Work>) {
        let _ = cx;
    }
    /// The pane's `:` line (`:logs ...`), after the console focused it.
    fn line(&mut self, args: &[String], cx: &mut Cx<Self::Work>) {
        let _ = (args, cx);
    }
    /// The refreshes that are due (every one not in flight when `force`).
    fn schedule(&mut self, force: bool, cx: &mut Cx<Self::Work>) {
        let _ = (force, cx);
    }
    /// The focus came to the pane (`true`) or left it.
    fn focus(&mut self, focused: bool, cx: &mut Cx<Self::Work>) {
        let _ = (focused, cx);
    }
    /// What another pane told.
    fn hear(&mut self, news: &News, cx: &mut Cx<Self::Work>) {
        let _ = (news, cx);
    }
    /// The session changed (another region, profile, or instant of a replay): what the
    /// pane holds belongs to another account or time.
    fn reset(&mut self, cx: &mut Cx<Self::Work>) {
        let _ = cx;
    }
    /// Selects the item with this timeline key; false when the pane has none.
    fn show(&mut self, key: &str) -> bool {
        let _ = key;
        false
    }
    /// The selected item, as the event `p` pins to the incident.
    fn pin(&self, now: Timestamp) -> Result<TimelineEvent, String> {
        let _ = now;
        Err("Nothing here to pin".into())
    }
}
