//! One frame of the Alarms pane, a refresh's update step, and a filter keystroke, at
//! 10,000 and 100,000 alarms.

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

use warroom::alarms::AlarmList;
use warroom::alarms::AlarmsMsg;
use warroom::alarms::sample::generate;
use warroom::app::msg::Msg;
use warroom::app::state::AppState;
use warroom::app::update::update;
use warroom::aws::SessionSettings;
use warroom::config::{Config, Refresh};
use warroom::theme::Theme;

fn now() -> jiff::Timestamp {
    "2026-11-23T04:00:00Z".parse().expect("a timestamp")
}

fn loaded(count: usize) -> AppState {
    let settings = SessionSettings::in_region("us-east-1");
    let mut state = AppState::new(
        settings,
        Refresh::every(Duration::from_secs(30)),
        now(),
        Size::new(120, 40),
    );
    state.session.connected = true;
    state.panes.alarms.request(1, now());
    state
        .panes
        .alarms
        .loaded(1, Ok(AlarmList::new(generate(count, now()))), now());
    state
}

fn frames(c: &mut Criterion) {
    let keymap = Config::defaults().keymap;
    let theme = Theme::dark();
    for count in [10_000, 100_000] {
        let mut state = loaded(count);
        state.panes.alarms.move_by(count as isize / 2, 33);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
        c.bench_function(&format!("frame/alarms_list/{count}"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| warroom::ui::draw(f, black_box(&state), &theme, &keymap))
                    .map(|_| ())
            })
        });
    }
}

fn refresh(c: &mut Criterion) {
    let keymap = Config::defaults().keymap;
    for count in [10_000, 100_000] {
        let mut state = loaded(count);
        c.bench_function(&format!("update/alarms_refresh/{count}"), |b| {
            b.iter_batched(
                || AlarmList::new(generate(count, now() + jiff::SignedDuration::from_secs(60))),
                |alarms| {
                    let req = state.next_req();
                    state.panes.alarms.request(req, now());
                    update(
                        &mut state,
                        &keymap,
                        Msg::Alarms(AlarmsMsg::Loaded {
                            req,
                            result: Ok(alarms),
                        }),
                    )
                },
                BatchSize::PerIteration,
            )
        });
    }
}

/// The part of a refresh done in the worker task, off the UI thread.
fn prepare(c: &mut Criterion) {
    for count in [10_000, 100_000] {
        c.bench_function(&format!("worker/alarms_prepare/{count}"), |b| {
            b.iter_batched(
                || generate(count, now()),
                AlarmList::new,
                BatchSize::PerIteration,
            )
        });
    }
}

fn filter(c: &mut Criterion) {
    for count in [10_000, 100_000] {
        let mut state = loaded(count);
        let mut flip = false;
        c.bench_function(&format!("filter/alarms_keystroke/{count}"), |b| {
            b.iter(|| {
                flip = !flip;
                state
                    .panes
                    .alarms
                    .set_filter(if flip { "payments 5xx" } else { "payments 5x" });
                state.panes.alarms.visible_len()
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = frames, refresh, prepare, filter
}
criterion_main!(benches);
