//! What the Timeline pane does with its messages and keys.

use super::msg::TimelineMsg;
use super::pane::TimelinePane;
use super::work::TimelineWork;
use crate::pane::{Component, Cx, News};

impl Component for TimelinePane {
    type Msg = TimelineMsg;
    type Work = TimelineWork;

    fn update(&mut self, _: TimelineMsg, _: &mut Cx<TimelineWork>) {}

    /// Something it tells ended: it gathers again when next due.
    fn hear(&mut self, news: &News, _: &mut Cx<TimelineWork>) {
        if *news == News::Happened {
            self.stale = true;
        }
    }
}
