//! One `warroom triage` sweep (three calls at once) against the same three answers fetched
//! one after another, against the demo emulator with every call delayed, as a ratio in one
//! run. `cargo bench --bench triage`; under `cargo test` it runs one round of each.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a bench, example or test that cannot set up what it measures fails there"
)]

#[path = "../tests/it/common/emulator.rs"]
#[allow(dead_code)]
mod emulator;

use std::time::{Duration, Instant};

use serde_json::json;

use warroom::alarms::CloudWatchAlarms;
use warroom::aws::{AwsSession, SessionSettings};
use warroom::changes::CloudTrailChanges;
use warroom::config::Config;
use warroom::health::AwsHealth;
use warroom::triage::{self, Triage, TriageSources};

const DELAY_SECONDS: f64 = 0.3;
const OPERATIONS: [&str; 3] = ["DescribeAlarms", "LookupEvents", "DescribeEvents"];

#[derive(Clone, Copy)]
enum Way {
    AtOnce,
    OneByOne,
}

/// One triage with fresh sources (so CloudTrail's 2-a-second limiter starts full each time).
async fn timed(session: &AwsSession, config: &Config, way: Way) -> (Duration, Triage) {
    let alarms = CloudWatchAlarms::new(session);
    let changes = CloudTrailChanges::new(
        session,
        config.changes.risk.clone(),
        config.changes.lookups_per_second,
    );
    let health = AwsHealth::new(session);
    let sources = TriageSources {
        alarms: &alarms,
        changes: &changes,
        health: &health,
        region: session.region.clone(),
    };
    let now = jiff::Timestamp::now();
    let since = now - jiff::SignedDuration::from_hours(1);
    let started = Instant::now();
    let result = match way {
        Way::AtOnce => triage::sweep(&sources, since, now).await,
        Way::OneByOne => triage::one_by_one(&sources, since, now).await,
    };
    (started.elapsed(), result)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let rounds = if std::env::args().any(|a| a == "--bench") {
        7
    } else {
        1
    };
    emulator::isolate_aws_env();
    let emulator = emulator::Emulator::start_with(&["--seed", "demo"]);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let config = Config::defaults();
    runtime.block_on(async {
        let mut settings = SessionSettings::in_region("us-east-1");
        settings.endpoint_url = Some(emulator.url.clone());
        let session = AwsSession::connect(settings).await;
        // Once without delays: credentials, connections and the emulator's lazy imports.
        for way in [Way::AtOnce, Way::OneByOne] {
            let (_, warm) = timed(&session, &config, way).await;
            assert_eq!(warm.exit_code(), 2, "the demo's alarms fire: {warm:?}");
        }
        for operation in OPERATIONS {
            emulator.fault(json!({"operation": operation, "delay_seconds": DELAY_SECONDS}));
        }
        let (mut at_once, mut one_by_one) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            for (way, times) in [(Way::AtOnce, &mut at_once), (Way::OneByOne, &mut one_by_one)] {
                let (took, result) = timed(&session, &config, way).await;
                assert!(!result.failed(), "every section answered: {result:?}");
                times.push(took);
            }
        }
        let (a, b) = (median(at_once), median(one_by_one));
        println!(
            "triage/{DELAY_SECONDS}s_per_call: at once {:.0} ms, one after another {:.0} ms, ratio {:.2} (median of {rounds})",
            a.as_secs_f64() * 1000.0,
            b.as_secs_f64() * 1000.0,
            b.as_secs_f64() / a.as_secs_f64()
        );
    });
}
