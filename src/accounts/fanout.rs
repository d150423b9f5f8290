//! Every (account, region) of a set at once, under one cap: each account is reached once
//! (AssumeRole, or its profile's credentials checked), then swept in each of its regions.
//! Reaching and sweeping share the cap, so at most `cap` of them run at any moment, and an
//! account that cannot be reached is reported in each of its regions without stopping the
//! others.

use std::sync::Arc;

use ratatui::style::Color;
use tokio::sync::Semaphore;
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

/// Sweeps every account of `accounts` in each of `regions` (none: each account's default
/// region), at most `cap` reaches and sweeps at once; answers in the set's order, accounts
/// first, then regions.
pub async fn fan_out<R: Reacher>(
    reacher: Arc<R>,
    accounts: Vec<Planned>,
    regions: &[String],
    cap: usize,
) -> Vec<Swept<R::Answer>> {
    let permits = Arc::new(Semaphore::new(cap.max(1)));
    let mut tasks = JoinSet::new();
    let planned = accounts.clone();
    for (index, account) in accounts.into_iter().enumerate() {
        let (reacher, permits) = (reacher.clone(), permits.clone());
        let regions = regions.to_vec();
        tasks.spawn(async move { (index, one_account(reacher, permits, account, regions).await) });
    }
    let mut answers: Vec<Option<Vec<Swept<R::Answer>>>> = planned.iter().map(|_| None).collect();
    while let Some(joined) = tasks.join_next().await {
        if let Ok((index, swept)) = joined
            && let Some(slot) = answers.get_mut(index)
        {
            *slot = Some(swept);
        }
    }
    answers
        .into_iter()
        .zip(planned)
        .flat_map(|(answer, planned)| {
            answer.unwrap_or_else(|| {
                let regions = if regions.is_empty() {
                    vec![String::new()]
                } else {
                    regions.to_vec()
                };
                regions
                    .into_iter()
                    .map(|region| swept(&planned, None, region, Err(BUG.to_string())))
                    .collect()
            })
        })
        .collect()
}

const BUG: &str =
    "a bug in warroom stopped the work on this account; run it again, and report it if it stays";

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

async fn one_account<R: Reacher>(
    reacher: Arc<R>,
    permits: Arc<Semaphore>,
    planned: Planned,
    regions: Vec<String>,
) -> Vec<Swept<R::Answer>> {
    let opened = {
        let Ok(_permit) = permits.acquire().await else {
            return Vec::new();
        };
        reacher.clone().open(planned.clone()).await
    };
    let opened = match opened {
        Ok(opened) => Arc::new(opened),
        Err(error) => {
            let regions = if regions.is_empty() {
                vec![String::new()]
            } else {
                regions
            };
            return regions
                .into_iter()
                .map(|region| swept(&planned, None, region, Err(error.clone())))
                .collect();
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
    let mut answers: Vec<Option<R::Answer>> = regions.iter().map(|_| None).collect();
    while let Some(joined) = tasks.join_next().await {
        if let Ok(Some((index, answer))) = joined
            && let Some(slot) = answers.get_mut(index)
        {
            *slot = Some(answer);
        }
    }
    regions
        .into_iter()
        .zip(answers)
        .map(|(region, answer)| {
            swept(
                &planned,
                Some(&opened.id),
                region,
                answer.ok_or_else(|| BUG.to_string()),
            )
        })
        .collect()
}

#[cfg(test)]
#[path = "fanout_tests.rs"]
mod tests;
