//! One frame of the Changes pane and one filter keystroke, at 10,000 and 100,000 changes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a bench, example or test that cannot set up what it measures fails there"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::SignedDuration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

use warroom::app::panes::PaneId;
use warroom::app::state::AppState;
use warroom::aws::SessionSettings;
use warroom::changes::pane::ChangesPane;
use warroom::changes::sample::generate;
use warroom::config::{Config, Refresh};
use warroom::kit::cursor::ListPane;
use warroom::theme::Theme;

fn loaded(count: usize) -> AppState {
    let now: jiff::Timestamp = "2026-11-23T04:00:00Z".parse().expect("a timestamp");
    let mut state = AppState::new(
        SessionSettings::in_region("us-east-1"),
        Refresh::every(Duration::from_secs(120)),
        now,
        Size::new(120, 40),
    );
    state.focus = PaneId::Changes;
    state.session.connected = true;
    state.panes.changes = ChangesPane::new(SignedDuration::from_hours(3), now);
    state.panes.changes.load(1, now);
    let all = generate(count, now);
    let pages = all.chunks(50).count();
    for (i, page) in all.chunks(50).enumerate() {
        state
            .panes
            .changes
            .page(1, Ok(page.to_vec()), i + 1 < pages, now);
    }
    assert_eq!(
        state.panes.changes.all().len(),
        count,
        "every generated change loaded"
    );
    state
}

fn frames(c: &mut Criterion) {
    let keymap = Config::defaults().keymap;
    let theme = Theme::dark();
    for count in [10_000, 100_000] {
        let mut state = loaded(count);
        state
            .panes
            .changes
            .cursor
            .move_by(count as isize / 2, count, 30);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
        c.bench_function(&format!("frame/changes_list/{count}"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| warroom::ui::draw(f, black_box(&state), &theme, &keymap))
                    .map(|_| ())
            })
        });
    }
}

fn filter(c: &mut Criterion) {
    for count in [10_000, 100_000] {
        let mut state = loaded(count);
        let mut flip = false;
        c.bench_function(&format!("filter/changes_keystroke/{count}"), |b| {
            b.iter(|| {
                flip = !flip;
                state
                    .panes
                    .changes
                    .set_filter(if flip { "alice sg-" } else { "alice sg" });
                state.panes.changes.visible_len()
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = frames, filter
}
criterion_main!(benches);
