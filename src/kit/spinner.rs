//! The spinner shown while a call is in flight: one frame per 100 ms of the clock.

use jiff::Timestamp;

const FRAMES: &[&str] = &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn at(now: Timestamp) -> &'static str {
    let tick = (now.as_millisecond() / 100).rem_euclid(FRAMES.len() as i64) as usize;
    FRAMES[tick]
}
