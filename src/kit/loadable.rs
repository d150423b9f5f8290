//! The life of data from AWS: loading, loaded or failed, and the requests behind it.

use std::time::Duration;

use jiff::Timestamp;

use crate::aws::AwsError;

/// Data that is loading, loaded, or failed to load.
#[derive(Clone, Debug, PartialEq)]
pub enum Loadable<T> {
    Loading,
    Ready(T),
    Failed(AwsError),
}

/// The life of one source's requests: in flight, age of data, last error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceStatus {
    pub pending: Option<u64>,
    pub requested_at: Option<Timestamp>,
    pub loaded_at: Option<Timestamp>,
    /// When the last answer, data or error, arrived.
    pub settled_at: Option<Timestamp>,
    pub error: Option<AwsError>,
}

impl SourceStatus {
    pub fn start(&mut self, req: u64, now: Timestamp) {
        self.pending = Some(req);
        self.requested_at = Some(now);
    }

    /// Whether `req` is the answer awaited; a stale one is dropped.
    pub fn accept(&mut self, req: u64) -> bool {
        if self.pending == Some(req) {
            self.pending = None;
            true
        } else {
            false
        }
    }

    pub fn finish<T>(&mut self, result: &Result<T, AwsError>, now: Timestamp) {
        self.settled_at = Some(now);
        match result {
            Ok(_) => {
                self.loaded_at = Some(now);
                self.error = None;
            }
            Err(e) => self.error = Some(e.clone()),
        }
    }

    pub fn in_flight(&self) -> bool {
        self.pending.is_some()
    }

    /// Time for the next refresh: nothing in flight and the interval has passed since
    /// the last answer.
    pub fn due(&self, now: Timestamp, every: Duration) -> bool {
        if self.in_flight() {
            return false;
        }
        match self.settled_at.or(self.requested_at) {
            None => true,
            Some(at) => now.duration_since(at).unsigned_abs() >= every,
        }
    }
}
