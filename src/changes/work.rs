//! The Changes pane's work: LookupEvents paged, each page its own message; over an account
//! set, every (account, region) swept, each answer its own message.

use std::sync::Arc;

use super::msg::ChangesMsg;
use super::sweep::{ChangeSweep, Heard};
use super::{ChangeQuery, ChangeSource};
use crate::kit::work::{Lane, Reply, Started, Task};

const PAGING: Lane = "changes";

/// Where the pane's changes come from: the session's account and region, and, over an
/// account set, every (account, region) of it.
#[derive(Clone)]
pub struct ChangeSources {
    pub one: Arc<dyn ChangeSource>,
    pub set: Option<Arc<dyn ChangeSweep>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ChangesWork {
    /// Pages LookupEvents for the query, each page its own message.
    Load { req: u64, query: ChangeQuery },
    /// The user left the Changes pane: paging in flight stops.
    Stop,
}

pub fn start(
    work: ChangesWork,
    sources: ChangeSources,
    pages: Reply<ChangesMsg>,
) -> Started<ChangesMsg> {
    match work {
        ChangesWork::Load { req, query } => match sources.set {
            Some(set) => Started::task(Task::new(PAGING, sweep(req, query, set, pages))),
            None => Started::task(Task::new(PAGING, page(req, query, sources.one, pages))),
        },
        ChangesWork::Stop => Started::cancel(PAGING),
    }
}

async fn page(
    req: u64,
    query: ChangeQuery,
    src: Arc<dyn ChangeSource>,
    pages: Reply<ChangesMsg>,
) -> Option<ChangesMsg> {
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
}

/// Every (account, region) of the set: the plan, then each answer as its own message, its
/// changes placed here, off the UI thread.
async fn sweep(
    req: u64,
    query: ChangeQuery,
    set: Arc<dyn ChangeSweep>,
    reply: Reply<ChangesMsg>,
) -> Option<ChangesMsg> {
    let each = reply.clone();
    let heard = Box::new(move |heard: Heard| {
        let msg = match heard {
            Heard::Planned(plan) => ChangesMsg::Planned {
                req,
                result: Ok(plan),
            },
            Heard::Answered { place, result } => {
                let result = result.map(|changes| {
                    let placed = changes.into_iter().map(|mut change| {
                        change.place = Some(place.clone());
                        change
                    });
                    placed.collect()
                });
                ChangesMsg::Answered { req, place, result }
            }
        };
        each.send(msg);
    });
    match set.sweep(query.unplaced(), heard).await {
        Ok(()) => None,
        Err(e) => Some(ChangesMsg::Planned {
            req,
            result: Err(e),
        }),
    }
}
