//! The Changes pane's work: LookupEvents paged, each page its own message.

use std::sync::Arc;

use super::msg::ChangesMsg;
use super::{ChangeQuery, ChangeSource};
use crate::kit::work::{Lane, Reply, Started, Task};

const PAGING: Lane = "changes";

#[derive(Clone, Debug, PartialEq)]
pub enum ChangesWork {
    /// Pages LookupEvents for the query, each page its own message.
    Load { req: u64, query: ChangeQuery },
    /// The user left the Changes pane: paging in flight stops.
    Stop,
}

pub fn start(
    work: ChangesWork,
    src: Arc<dyn ChangeSource>,
    pages: Reply<ChangesMsg>,
) -> Started<ChangesMsg> {
    match work {
        ChangesWork::Load { req, query } => Started::task(Task::new(PAGING, async move {
            let mut token = None;
            loop {
                let page = src.page(query.clone(), token.take()).await;
                let (result, next) = match page {
                    Ok(page) => (Ok(page.changes), page.next),
                    Err(e) => (Err(e), None),
                };
                let more = next.is_some();
                if !pages.send(ChangesMsg::Page { req, result, more }) || !more {
                    return None;
                }
                token = next;
            }
        })),
        ChangesWork::Stop => Started::cancel(PAGING),
    }
}
