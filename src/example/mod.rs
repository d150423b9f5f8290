//! The smallest pane there is, built only for the tests: a list its own work fills. It shows
//! what a new pane is (this folder, plus one line in the registry, in `Msg` and in `Effect`)
//! and is driven by `tests.rs` through the console's real loop.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, BorderType, Row};

use crate::command::Command;
use crate::kit::cursor::{Cursor, ListPane};
use crate::kit::table;
use crate::kit::work::{Started, Task};
use crate::pane::{Component, Cx, Pane, ViewCx};
use crate::theme::{Slot, Theme};

/// What the example pane's work answers.
pub enum ExampleMsg {
    Counted { req: u64, items: Vec<String> },
}

/// What the example pane asks to be done: count to `to`.
#[derive(Clone, Debug, PartialEq)]
pub enum ExampleWork {
    Count { req: u64, to: usize },
}

pub fn start(work: ExampleWork) -> Started<ExampleMsg> {
    let ExampleWork::Count { req, to } = work;
    Started::task(Task::new("example", async move {
        let items = (1..=to).map(|n| format!("item {n}")).collect();
        Some(ExampleMsg::Counted { req, items })
    }))
}

#[derive(Default)]
pub struct ExamplePane {
    pub items: Vec<String>,
    pub cursor: Cursor,
    pending: Option<u64>,
    filter: String,
}

impl ListPane for ExamplePane {
    fn cursor_mut(&mut self) -> &mut Cursor {
        &mut self.cursor
    }
    fn visible_len(&self) -> usize {
        self.items.len()
    }
    fn filter(&self) -> &str {
        &self.filter
    }
    fn set_filter(&mut self, text: &str) {
        self.filter = text.to_string();
    }
    fn detail_scroll(&mut self) -> Option<&mut usize> {
        None
    }
    fn close(&mut self) -> bool {
        false
    }
}

impl Pane for ExamplePane {
    fn busy(&self) -> bool {
        self.pending.is_some()
    }
    fn in_detail(&self) -> bool {
        false
    }
    fn status_height(&self, _: &ViewCx, _: u16) -> u16 {
        0
    }
    fn draw(&self, frame: &mut Frame, area: Rect, _: &ViewCx, theme: &Theme, focused: bool) {
        let border = if focused {
            Slot::FocusedBorder
        } else {
            Slot::Border
        };
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(theme.fg(border))
            .title(" Example ");
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let rows = self.items.iter().map(|i| Row::new([i.as_str()]));
        let widths = vec![Constraint::Fill(1)];
        table::draw(frame, inner, &["ITEM"], rows, widths, self.cursor, theme);
    }
}

impl Component for ExamplePane {
    type Msg = ExampleMsg;
    type Work = ExampleWork;

    fn update(&mut self, msg: ExampleMsg, _: &mut Cx<ExampleWork>) {
        let ExampleMsg::Counted { req, items } = msg;
        if self.pending == Some(req) {
            self.pending = None;
            self.items = items;
        }
    }

    /// `x` counts one further.
    fn command(&mut self, command: Command, cx: &mut Cx<ExampleWork>) -> bool {
        if command != Command::Execute {
            return false;
        }
        let req = cx.req();
        self.pending = Some(req);
        cx.work(ExampleWork::Count {
            req,
            to: self.items.len() + 1,
        });
        cx.info("Counting one further");
        true
    }
}

#[cfg(test)]
mod tests;
