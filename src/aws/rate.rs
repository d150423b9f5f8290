//! A request pace shared by every caller of one API in one account and region.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::{Instant, sleep_until};

pub struct RateLimiter {
    gap: Duration,
    /// When the last turn ended; held by the turn in flight, so turns never overlap.
    last: tokio::sync::Mutex<Option<Instant>>,
}

/// A turn to send one request. The next turn comes a full gap after this one is dropped
/// (after the answer), so requests arrive spaced even when one is slow to leave or to be
/// answered, whoever waits for the next turn.
pub struct Turn<'a> {
    last: tokio::sync::MutexGuard<'a, Option<Instant>>,
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        *self.last = Some(Instant::now());
    }
}

impl RateLimiter {
    /// At most `per_second` requests in any second.
    pub fn per_second(per_second: f64) -> RateLimiter {
        let gap = Duration::from_secs_f64(1.0 / per_second.max(0.01));
        RateLimiter {
            gap,
            last: tokio::sync::Mutex::new(None),
        }
    }

    /// Waits for this caller's turn (callers take turns in the order they asked); hold it
    /// until the answer has arrived.
    pub async fn acquire(&self) -> Turn<'_> {
        let last = self.last.lock().await;
        if let Some(ended) = *last {
            sleep_until(ended + self.gap).await;
        }
        Turn { last }
    }
}

/// One limiter per region of one account, for every source that asks that account and
/// region: a view of eu-west-1 that also asks us-east-1 (global services) waits at the same
/// limiter as the view of us-east-1.
pub struct RegionLimiters {
    per_second: f64,
    by_region: Mutex<HashMap<String, Arc<RateLimiter>>>,
}

impl RegionLimiters {
    pub fn per_second(per_second: f64) -> RegionLimiters {
        RegionLimiters {
            per_second,
            by_region: Mutex::new(HashMap::new()),
        }
    }

    /// The limiter of `region`, made on first use.
    pub fn of(&self, region: &str) -> Arc<RateLimiter> {
        match self.by_region.lock() {
            Ok(mut map) => map
                .entry(region.to_string())
                .or_insert_with(|| Arc::new(RateLimiter::per_second(self.per_second)))
                .clone(),
            Err(_) => Arc::new(RateLimiter::per_second(self.per_second)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn callers_are_spaced_by_the_rate() {
        let limiter = std::sync::Arc::new(RateLimiter::per_second(2.0));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..5 {
            let limiter = limiter.clone();
            tasks.push(tokio::spawn(async move {
                let _turn = limiter.acquire().await;
                Instant::now()
            }));
        }
        let mut times = Vec::new();
        for t in tasks {
            times.push(t.await.unwrap());
        }
        times.sort();
        assert_eq!(times[0], start, "the first goes at once");
        for pair in times.windows(2) {
            assert!(
                pair[1] - pair[0] >= Duration::from_millis(500),
                "{:?}",
                pair[1] - pair[0]
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_turn_taken_while_another_is_in_flight_waits_for_its_answer() {
        let limiter = std::sync::Arc::new(RateLimiter::per_second(2.0));
        let first = limiter.acquire().await;
        let waiting = {
            let limiter = limiter.clone();
            tokio::spawn(async move {
                let _turn = limiter.acquire().await;
                Instant::now()
            })
        };
        tokio::time::sleep(Duration::from_millis(800)).await;
        let answered = Instant::now();
        drop(first);
        let second = waiting.await.unwrap();
        assert_eq!(second - answered, Duration::from_millis(500));
    }

    #[test]
    fn each_region_has_one_limiter_whoever_asks() {
        let limiters = RegionLimiters::per_second(2.0);
        assert!(Arc::ptr_eq(
            &limiters.of("us-east-1"),
            &limiters.of("us-east-1")
        ));
        assert!(!Arc::ptr_eq(
            &limiters.of("us-east-1"),
            &limiters.of("eu-west-1")
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_answer_pushes_the_next_turn_back() {
        let limiter = RateLimiter::per_second(2.0);
        let turn = limiter.acquire().await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        drop(turn);
        let answered = Instant::now();
        let _next = limiter.acquire().await;
        assert!(Instant::now() - answered >= Duration::from_millis(500));
    }
}
