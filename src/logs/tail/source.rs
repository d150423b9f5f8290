//! Where Live Tail's events come from: a `TailSource` opens a session, a `TailStream` hands
//! its updates one by one until the session ends.

use super::{TailRequest, TailUpdate};
use crate::aws::AwsError;
use crate::kit::work::BoxFuture;

/// How a session's stream ended, when it did not end cleanly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamEnd {
    /// The service's session limit (`SessionTimeoutException`): a new session follows on.
    Timeout(String),
    /// The connection broke, or the service ended the stream (`SessionStreamingException`):
    /// worth reconnecting.
    Dropped(String),
}

pub trait TailStream: Send {
    /// The next update; `Ok(None)` when the stream ended cleanly.
    fn next(&mut self) -> BoxFuture<'_, Result<Option<TailUpdate>, StreamEnd>>;
}

pub trait TailSource: Send + Sync {
    /// Starts a Live Tail session (StartLiveTail); its stream, once AWS said the session began.
    fn start(&self, request: TailRequest) -> BoxFuture<'_, Result<Box<dyn TailStream>, AwsError>>;
}

impl TailSource for crate::aws::Unavailable {
    fn start(&self, _: TailRequest) -> BoxFuture<'_, Result<Box<dyn TailStream>, AwsError>> {
        self.fail("Live Tail")
    }
}
