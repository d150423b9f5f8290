//! Every (account, region) of a set at once, under one cap: each account is reached once
//! (AssumeRole, or its profile's credentials checked), then swept in each of its regions.
//! Reaching and sweeping share the cap, so at most `cap` of them run at any moment, and an
//! account that cannot be reached is reported in each of its regions without stopping the
//! others.

use std::sync::Arc;

use ratatui::style::Color;
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;

use super::target::{AccountRef, Planned};
use crate::kit::work::BoxFuture;

/// An account once reached: its id, the region it is swept in when the set names none, and
/// what its sweeps need (credentials, limiters).
pub struct Opened<T> {
    pub id: String,
    pub default_region: String,
    pub inner: T,
}

/// How a command reaches an account and what it does in one of its regions.
pub trait Reacher: Send + Sync + 'static {
    type Account: Send + Sync + 'static;
    type Answer: Send + 'static;
    /// Reaches the account; the error is the whole sentence the user reads for it.
    fn open(
        self: Arc<Self>,
        planned: Planned,
    ) -> BoxFuture<'static, Result<Opened<Self::Account>, String>>;
    fn sweep(
        self: Arc<Self>,
        account: Arc<Opened<Self::Account>>,
        region: String,
    ) -> BoxFuture<'static, Self::Answer>;
}

/// One (account, region): its answer, or why the account could not be reached.
#[derive(Debug)]
pub struct Swept<A> {
    pub account: AccountRef,
    pub color: Option<Color>,
    pub production: bool,
    pub region: String,
    pub answer: Result<A, String>,
}

/// Where a (account, region) comes in the set: its account's place in the set, and its
/// region's among the account's regions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub account: usize,
    pub region: usize,
}

/// Sweeps every account of `accounts` in each of `regions` (none: each account's default
/// region), at most `cap` reaches and sweeps at once; answers in the set's order, accounts
/// first, then regions.
pub async fn fan_out<R: Reacher>(
    reacher: Arc<R>,
    accounts: Vec<Planned>,
    regions: &[String],
    cap: usize,
) -> Vec<Swept<R::Answer>> {
    let mut answers = Vec::new();
    fan_out_each(reacher, accounts, regions, cap, |at, swept| {
        answers.push((at, swept))
    })
    .await;
    answers.sort_by_key(|(at, _)| *at);
    answers.into_iter().map(|(_, swept)| swept).collect()
}

/// As [`fan_out`], each (account, region) handed to `each` as soon as it is answered, with
/// its place in the set; every one of them is answered once.
pub async fn fan_out_each<R: Reacher>(
    reacher: Arc<R>,
    accounts: Vec<Planned>,
    regions: &[String],
    cap: usize,
    mut each: impl FnMut(Position, Swept<R::Answer>),
) {
    let permits = Arc::new(Semaphore::new(cap.max(1)));
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut tasks = JoinSet::new();
    let planned = accounts.clone();
    for (index, account) in accounts.into_iter().enumerate() {
        let (reacher, permits, tx) = (reacher.clone(), permits.clone(), tx.clone());
        let regions = regions.to_vec();
        tasks.spawn(one_account(reacher, permits, index, account, regions, tx));
    }
    drop(tx);
    let mut heard = vec![false; planned.len()];
    while let Some((at, swept)) = rx.recv().await {
        if let Some(heard) = heard.get_mut(at.account) {
            *heard = true;
        }
        each(at, swept);
    }
    while tasks.join_next().await.is_some() {}
    for (account, planned) in planned.iter().enumerate().filter(|(i, _)| !heard[*i]) {
        for (region, name) in named_or_unknown(regions).into_iter().enumerate() {
            each(
                Position { account, region },
                swept(planned, None, name, Err(BUG.to_string())),
            );
        }
    }
}

const BUG: &str =
    "a bug in warroom stopped the work on this account; run it again, and report it if it stays";

/// The regions to report an unreached account in: the set's, or one unknown region.
fn named_or_unknown(regions: &[String]) -> Vec<String> {
    if regions.is_empty() {
        vec![String::new()]
    } else {
        regions.to_vec()
    }
}

fn swept<A>(
    planned: &Planned,
    id: Option<&str>,
    region: String,
    answer: Result<A, String>,
) -> Swept<A> {
    Swept {
        account: planned.reference(id),
        color: planned.color,
        production: planned.production,
        region,
        answer,
    }
}

type Answers<A> = mpsc::UnboundedSender<(Position, Swept<A>)>;

async fn one_account<R: Reacher>(
    reacher: Arc<R>,
    permits: Arc<Semaphore>,
    account: usize,
    planned: Planned,
    regions: Vec<String>,
    tx: Answers<R::Answer>,
) {
    let at = |region| Position { account, region };
    let opened = {
        let Ok(_permit) = permits.acquire().await else {
            return;
        };
        reacher.clone().open(planned.clone()).await
    };
    let opened = match opened {
        Ok(opened) => Arc::new(opened),
        Err(error) => {
            for (i, region) in named_or_unknown(&regions).into_iter().enumerate() {
                let _ = tx.send((at(i), swept(&planned, None, region, Err(error.clone()))));
            }
            return;
        }
    };
    let regions = if regions.is_empty() {
        vec![opened.default_region.clone()]
    } else {
        regions
    };
    let mut tasks = JoinSet::new();
    for (index, region) in regions.iter().cloned().enumerate() {
        let (reacher, permits, opened) = (reacher.clone(), permits.clone(), opened.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await.ok()?;
            Some((index, reacher.sweep(opened, region).await))
        });
    }
    let mut answered = vec![false; regions.len()];
    let id = Some(opened.id.as_str());
    while let Some(joined) = tasks.join_next().await {
        if let Ok(Some((index, answer))) = joined
            && let Some(region) = regions.get(index)
        {
            answered[index] = true;
            let _ = tx.send((at(index), swept(&planned, id, region.clone(), Ok(answer))));
        }
    }
    for (index, region) in regions.into_iter().enumerate() {
        if !answered[index] {
            let _ = tx.send((at(index), swept(&planned, id, region, Err(BUG.to_string()))));
        }
    }
}

#[cfg(test)]
#[path = "fanout_tests.rs"]
mod tests;
