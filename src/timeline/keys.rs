//! What the Timeline pane does with its messages and keys.

use super::msg::TimelineMsg;
use super::pane::TimelinePane;
use super::work::TimelineWork;
use crate::pane::{Component, Cx};

impl Component for TimelinePane {
    type Msg = TimelineMsg;
    type Work = TimelineWork;

    fn update(&mut self, _: TimelineMsg, _: &mut Cx<TimelineWork>) {}
}
