//! Memory stays flat across refreshes: nothing grows with the number of refreshes. The
//! count is of the whole process, so the test runs in one of its own.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Duration;

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

use crate::common::solo;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn a_thousand_refreshes_use_no_more_memory_than_ten() {
    if !solo::alone("memory::a_thousand_refreshes_use_no_more_memory_than_ten") {
        return;
    }
    let now: jiff::Timestamp = "2026-11-23T04:00:00Z".parse().unwrap();
    let settings = SessionSettings::in_region("us-east-1");
    let mut state = AppState::new(
        settings,
        Refresh::every(Duration::from_secs(30)),
        now,
        Size::new(120, 40),
    );
    state.session.connected = true;
    let keymap = Config::defaults().keymap;
    let theme = Theme::dark();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut refresh = |state: &mut AppState, i: u64| {
        let alarms = generate(1_000, now + jiff::SignedDuration::from_secs(i as i64));
        let req = state.next_req();
        state.panes.alarms.request(req, now);
        update(
            state,
            &keymap,
            Msg::Alarms(AlarmsMsg::Loaded {
                req,
                result: Ok(AlarmList::new(alarms)),
            }),
        );
        terminal
            .draw(|f| warroom::ui::draw(f, state, &theme, &keymap))
            .unwrap();
    };
    for i in 0..10 {
        refresh(&mut state, i);
    }
    warroom::release::flush();
    let after_ten = LIVE.load(Ordering::Relaxed);
    for i in 10..1_000 {
        refresh(&mut state, i);
    }
    warroom::release::flush();
    let after_thousand = LIVE.load(Ordering::Relaxed);
    let growth = after_thousand - after_ten;
    assert!(
        growth < 64 * 1024,
        "live memory grew by {growth} bytes over 990 refreshes of 1,000 alarms"
    );
}
