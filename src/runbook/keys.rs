//! What the Runbooks pane does with its messages and keys.

use super::msg::RunbookMsg;
use super::pane::RunbooksPane;
use super::work::RunbookWork;
use crate::pane::{Component, Cx, News};

impl Component for RunbooksPane {
    type Msg = RunbookMsg;
    type Work = RunbookWork;

    fn update(&mut self, _: RunbookMsg, _: &mut Cx<RunbookWork>) {}

    fn hear(&mut self, news: &News, _: &mut Cx<RunbookWork>) {
        if let News::Firing(names) = news {
            self.arrange(names);
        }
    }

    fn pin(&self, _: jiff::Timestamp) -> Result<crate::timeline::TimelineEvent, String> {
        Err("Runbook steps join the timeline by themselves".into())
    }
}
