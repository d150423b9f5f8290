//! A request pace shared by every caller of one API in one account and region.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::{Instant, sleep_until};

pub struct RateLimiter {
    gap: Duration,
    next: Mutex<Option<Instant>>,
}

impl RateLimiter {
    /// At most `per_second` requests in any second. The gap has a small margin so that
    /// jitter on the way cannot make two requests look closer than allowed.
    pub fn per_second(per_second: f64) -> RateLimiter {
        let gap = Duration::from_secs_f64(1.0 / per_second.max(0.01)).mul_f64(1.04);
        RateLimiter {
            gap,
            next: Mutex::new(None),
        }
    }

    /// Waits for this caller's turn.
    pub async fn acquire(&self) {
        let at = {
            let mut next = self.next.lock().await;
            let now = Instant::now();
            let at = next.map_or(now, |n| n.max(now));
            *next = Some(at + self.gap);
            at
        };
        sleep_until(at).await;
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
                limiter.acquire().await;
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
}
