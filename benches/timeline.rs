//! Merging 100,000 events from five sources into one timeline (target: under 100 ms), and
//! filtering the result by text.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a bench, example or test that cannot set up what it measures fails there"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use jiff::{SignedDuration, Timestamp};

use warroom::timeline::{Filter, Source, SourceSet, TimelineEvent, merge};

const SOURCES: [Source; 5] = [
    Source::Alarm,
    Source::Change,
    Source::Health,
    Source::Query,
    Source::Runbook,
];

/// `total` events over six hours, spread evenly across five sources, each list in time order.
fn lists(total: usize) -> Vec<Vec<TimelineEvent>> {
    let start: Timestamp = "2026-11-23T00:00:00Z".parse().expect("a timestamp");
    let per = total / SOURCES.len();
    SOURCES
        .iter()
        .enumerate()
        .map(|(s, source)| {
            (0..per)
                .map(|i| {
                    // Interleaved: source s is offset by s ms, so the merge really interleaves.
                    let ms = (i as i64 * 6 * 3_600_000) / per as i64 + s as i64;
                    TimelineEvent {
                        time: start + SignedDuration::from_millis(ms),
                        source: *source,
                        what: format!(
                            "{} event {i} on sg-0db5e1c7a9f3b2d{:02}",
                            source.label(),
                            i % 97
                        ),
                        who: ["alice", "bob", "gha-checkout-1234", "CloudWatch"][i % 4].to_string(),
                        detail: format!("ec2.amazonaws.com; from 198.51.100.{}", i % 255),
                        risky: i % 17 == 0,
                        key: format!("{}:{s}-{i}", source.label()),
                    }
                })
                .collect()
        })
        .collect()
}

fn merging(c: &mut Criterion) {
    let input = lists(100_000);
    assert_eq!(merge(input.clone()).len(), 100_000, "nothing lost");
    c.bench_function("timeline/merge_5_sources/100000", |b| {
        b.iter_batched(
            || input.clone(),
            |lists| black_box(merge(lists)),
            BatchSize::LargeInput,
        )
    });
}

fn filtering(c: &mut Criterion) {
    let merged = merge(lists(100_000));
    let filter = Filter::new(SourceSet::all(), "SG-0DB5E1C7A9F3B2D42");
    assert!(!filter.apply(&merged).is_empty());
    c.bench_function("timeline/filter_text/100000", |b| {
        b.iter(|| black_box(filter.apply(black_box(&merged))).len())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = merging, filtering
}
criterion_main!(benches);
