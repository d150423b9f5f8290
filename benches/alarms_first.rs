//! Time to the first firing row at 10,000 alarms when every DescribeAlarms call takes
//! 100 ms: a fake source that sleeps as AWS answers, through the pane's own loading code
//! (its work task, its messages, the update step), until a firing alarm is on the list.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a bench, example or test that cannot set up what it measures fails there"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use ratatui::layout::Size;

use warroom::alarms::model::MetricStat;
use warroom::alarms::sample::generate;
use warroom::alarms::source::{AlarmPage, PAGE_SIZE};
use warroom::alarms::{Alarm, AlarmSource, AlarmState, HistoryItem, MetricSeries};
use warroom::app::msg::Msg;
use warroom::app::state::AppState;
use warroom::app::update::update;
use warroom::aws::{AwsError, SessionSettings};
use warroom::config::{Config, Refresh};
use warroom::kit::work::{BoxFuture, Reply};

const ALARMS: usize = 10_000;
const LATENCY: Duration = Duration::from_millis(100);

fn now() -> Timestamp {
    "2026-11-23T04:00:00Z".parse().expect("a timestamp")
}

/// 10,000 alarms, 50 of them firing, sorted by name as DescribeAlarms pages them; every
/// call waits `LATENCY`, and a page holds 100 alarms.
struct SlowCloudWatch {
    alarms: Vec<Alarm>,
}

impl SlowCloudWatch {
    fn new() -> SlowCloudWatch {
        let mut alarms = generate(ALARMS, now());
        for (i, alarm) in alarms.iter_mut().enumerate() {
            alarm.state = if i % 200 == 199 {
                AlarmState::Alarm
            } else {
                AlarmState::Ok
            };
        }
        alarms.sort_by(|a, b| a.name.cmp(&b.name));
        SlowCloudWatch { alarms }
    }
}

impl AlarmSource for SlowCloudWatch {
    fn firing(&self) -> BoxFuture<'_, Result<Vec<Alarm>, AwsError>> {
        Box::pin(async move {
            let firing: Vec<Alarm> = self
                .alarms
                .iter()
                .filter(|a| a.state == AlarmState::Alarm)
                .cloned()
                .collect();
            let calls = firing.len().div_ceil(PAGE_SIZE as usize).max(1);
            tokio::time::sleep(LATENCY * calls as u32).await;
            Ok(firing)
        })
    }

    fn page(&self, token: Option<String>) -> BoxFuture<'_, Result<AlarmPage, AwsError>> {
        Box::pin(async move {
            tokio::time::sleep(LATENCY).await;
            let from: usize = token.and_then(|t| t.parse().ok()).unwrap_or(0);
            let to = (from + PAGE_SIZE as usize).min(self.alarms.len());
            Ok(AlarmPage {
                alarms: self.alarms[from..to].to_vec(),
                next: (to < self.alarms.len()).then(|| to.to_string()),
            })
        })
    }

    fn history(
        &self,
        _: String,
        _: Timestamp,
        _: Timestamp,
    ) -> BoxFuture<'_, Result<Vec<HistoryItem>, AwsError>> {
        Box::pin(async { Ok(Vec::new()) })
    }

    fn metric(
        &self,
        _: MetricStat,
        _: Timestamp,
        _: Timestamp,
    ) -> BoxFuture<'_, Result<MetricSeries, AwsError>> {
        Box::pin(async { Ok(MetricSeries::default()) })
    }
}

fn state() -> AppState {
    let mut state = AppState::new(
        SessionSettings::in_region("us-east-1"),
        Refresh::every(Duration::from_secs(30)),
        now(),
        Size::new(120, 40),
    );
    state.session.connected = true;
    state
}

/// From the request to the first firing alarm on the list.
async fn first_firing_row(src: Arc<dyn AlarmSource>) -> Duration {
    let keymap = Config::defaults().keymap;
    let mut state = state();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let started = Instant::now();
    let req = state.next_req();
    state.panes.alarms.request(req, now());
    let reply = {
        let tx = tx.clone();
        Reply::new(move |msg| tx.send(msg).is_ok())
    };
    let task = tokio::spawn(async move {
        if let Some(last) = warroom::alarms::work::load(req, src, reply).await {
            let _ = tx.send(last);
        }
    });
    while let Some(msg) = rx.recv().await {
        update(&mut state, &keymap, Msg::Alarms(msg));
        let top = state.panes.alarms.visible_rows(0, 1).next();
        if top.is_some_and(|a| a.state == AlarmState::Alarm) {
            break;
        }
    }
    let took = started.elapsed();
    task.abort();
    took
}

fn first_row(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let src: Arc<dyn AlarmSource> = Arc::new(SlowCloudWatch::new());
    c.bench_function("load/alarms_first_firing_row/10000_at_100ms", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| rt.block_on(first_firing_row(src.clone())))
                .sum()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = first_row
}
criterion_main!(benches);
