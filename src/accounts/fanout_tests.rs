use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::*;
use crate::accounts::target::Reach;

/// Reaches and sweeps that take `delay` each, counting how many run at once.
struct Counting {
    delay: Duration,
    running: AtomicUsize,
    most: AtomicUsize,
    denied: &'static str,
    /// This account's sweeps take ten times as long.
    slow: &'static str,
}

impl Counting {
    fn new(denied: &'static str) -> Arc<Counting> {
        Arc::new(Counting {
            delay: Duration::from_millis(100),
            running: AtomicUsize::new(0),
            most: AtomicUsize::new(0),
            denied,
            slow: "none",
        })
    }

    async fn busy(&self) {
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.most.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(self.delay).await;
        self.running.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Reacher for Counting {
    type Account = ();
    type Answer = String;

    fn open(self: Arc<Self>, planned: Planned) -> BoxFuture<'static, Result<Opened<()>, String>> {
        Box::pin(async move {
            self.busy().await;
            let Reach::Role { id, .. } = planned.how else {
                return Err("not a role".into());
            };
            if id == self.denied {
                return Err(format!("AccessDenied on the role in {id}"));
            }
            Ok(Opened {
                id,
                default_region: "us-east-1".into(),
                inner: (),
            })
        })
    }

    fn sweep(
        self: Arc<Self>,
        account: Arc<Opened<()>>,
        region: String,
    ) -> BoxFuture<'static, String> {
        Box::pin(async move {
            if account.id == self.slow {
                tokio::time::sleep(self.delay * 9).await;
            }
            self.busy().await;
            format!("{} {region}", account.id)
        })
    }
}

fn accounts(n: usize) -> Vec<Planned> {
    (0..n)
        .map(|i| Planned {
            how: Reach::Role {
                id: format!("{:012}", i + 1),
                role: "R".into(),
            },
            name: None,
            color: None,
            production: false,
        })
        .collect()
}

fn regions() -> Vec<String> {
    vec!["us-east-1".into(), "eu-west-1".into()]
}

#[tokio::test(start_paused = true)]
async fn never_more_than_the_cap_at_once_and_every_target_answered_in_order() {
    for cap in [1, 3, 16] {
        let reacher = Counting::new("none");
        let started = tokio::time::Instant::now();
        let swept = fan_out(reacher.clone(), accounts(20), &regions(), cap).await;
        assert_eq!(swept.len(), 40);
        assert_eq!(swept[0].answer.as_deref(), Ok("000000000001 us-east-1"));
        assert_eq!(swept[1].answer.as_deref(), Ok("000000000001 eu-west-1"));
        assert_eq!(swept[39].answer.as_deref(), Ok("000000000020 eu-west-1"));
        assert_eq!(swept[39].account.id.as_deref(), Some("000000000020"));
        assert_eq!(reacher.most.load(Ordering::SeqCst), cap, "cap {cap}");
        // 20 reaches and 40 sweeps of 100 ms each, `cap` at a time.
        let took = started.elapsed();
        let least = Duration::from_millis(100 * 60_u64.div_ceil(cap as u64));
        assert!(
            took >= least && took < least + Duration::from_millis(250),
            "cap {cap}: {took:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn an_account_that_cannot_be_reached_is_reported_in_each_region_and_the_others_answer() {
    let reacher = Counting::new("000000000002");
    let swept = fan_out(reacher, accounts(3), &regions(), 16).await;
    let answers: Vec<(Option<&str>, &str, Result<&str, &str>)> = swept
        .iter()
        .map(|s| {
            (
                s.account.id.as_deref(),
                s.region.as_str(),
                s.answer.as_deref().map_err(String::as_str),
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            (
                Some("000000000001"),
                "us-east-1",
                Ok("000000000001 us-east-1")
            ),
            (
                Some("000000000001"),
                "eu-west-1",
                Ok("000000000001 eu-west-1")
            ),
            (
                Some("000000000002"),
                "us-east-1",
                Err("AccessDenied on the role in 000000000002")
            ),
            (
                Some("000000000002"),
                "eu-west-1",
                Err("AccessDenied on the role in 000000000002")
            ),
            (
                Some("000000000003"),
                "us-east-1",
                Ok("000000000003 us-east-1")
            ),
            (
                Some("000000000003"),
                "eu-west-1",
                Ok("000000000003 eu-west-1")
            ),
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn without_regions_each_account_is_swept_in_its_own() {
    let swept = fan_out(Counting::new("none"), accounts(2), &[], 4).await;
    let regions: Vec<&str> = swept.iter().map(|s| s.region.as_str()).collect();
    assert_eq!(regions, ["us-east-1", "us-east-1"]);
}

#[tokio::test(start_paused = true)]
async fn each_answer_is_handed_on_as_it_comes_a_slow_account_holding_back_no_other() {
    let reacher = Arc::new(Counting {
        slow: "000000000001",
        ..Arc::into_inner(Counting::new("000000000002")).expect("one owner")
    });
    let mut heard = Vec::new();
    fan_out_each(reacher, accounts(3), &regions(), 16, |at, swept| {
        heard.push((at, swept.account.id.clone(), swept.answer.is_ok()))
    })
    .await;
    let order: Vec<(usize, bool)> = heard.iter().map(|(at, _, ok)| (at.account, *ok)).collect();
    assert_eq!(
        order,
        [
            (1, false),
            (1, false),
            (2, true),
            (2, true),
            (0, true),
            (0, true)
        ],
        "the denied account at once, then the others, the slow one last: {heard:?}"
    );
    let mut places: Vec<Position> = heard.iter().map(|(at, _, _)| *at).collect();
    places.sort();
    places.dedup();
    assert_eq!(places.len(), 6, "every (account, region) once");
}
