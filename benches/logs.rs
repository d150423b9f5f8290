//! The Logs pane's results: one frame, one sort and one filter keystroke, at 10,000 rows
//! (the most one query returns) and 100,000.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a bench, example or test that cannot set up what it measures fails there"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

use warroom::app::panes::PaneId;
use warroom::app::state::AppState;
use warroom::aws::SessionSettings;
use warroom::config::{Config, Refresh};
use warroom::logs::pane::LogsPane;
use warroom::logs::results::ResultsTable;
use warroom::logs::sample::rows;
use warroom::theme::Theme;

fn now() -> jiff::Timestamp {
    "2026-11-23T04:00:00Z".parse().expect("a timestamp")
}

fn loaded(count: usize) -> AppState {
    let mut state = AppState::new(
        SessionSettings::in_region("us-east-1"),
        Refresh::every(Duration::from_secs(60)),
        now(),
        Size::new(160, 48),
    );
    state.focus = PaneId::Logs;
    state.session.connected = true;
    state.panes.logs = LogsPane::from_config(&Config::defaults().logs, Vec::new());
    state.panes.logs.groups = vec!["/aws/ecs/checkout-api".into()];
    state
        .panes
        .logs
        .editor
        .set_text("fields @timestamp, level, path, latency_ms, @message\n| sort @timestamp desc");
    state.panes.logs.start(1, now()).expect("the query starts");
    state.panes.logs.finished(1, Ok(rows(count, now())), now());
    assert_eq!(state.panes.logs.results.len(), count.min(10_000));
    state
}

fn frames(c: &mut Criterion) {
    let keymap = Config::defaults().keymap;
    let theme = Theme::dark();
    let mut state = loaded(10_000);
    state.panes.logs.cursor.selected = 5_000;
    state.panes.logs.cursor.offset = 4_990;
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("a test terminal");
    c.bench_function("frame/logs_results/10000", |b| {
        b.iter(|| {
            terminal
                .draw(|f| warroom::ui::draw(f, black_box(&state), &theme, &keymap))
                .map(|_| ())
        })
    });
}

fn sorts(c: &mut Criterion) {
    for count in [10_000, 100_000] {
        let result = rows(count, now());
        for (name, column) in [("latency_ms", 3), ("message", 4)] {
            c.bench_function(&format!("sort/logs_{name}/{count}"), |b| {
                b.iter_batched(
                    || ResultsTable::new(result.clone()),
                    |mut table| {
                        table.sort_by(column);
                        table
                    },
                    BatchSize::LargeInput,
                )
            });
        }
    }
}

fn filter(c: &mut Criterion) {
    for count in [10_000, 100_000] {
        let mut table = ResultsTable::new(rows(count, now()));
        let mut flip = false;
        c.bench_function(&format!("filter/logs_keystroke/{count}"), |b| {
            b.iter(|| {
                flip = !flip;
                table.set_filter(if flip { "timeout conn" } else { "timeout con" });
                table.visible_len()
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = frames, sorts, filter
}
criterion_main!(benches);
