//! A Live Tail followed to its end: the session started, each update handed on, the session
//! renewed before the service's limit (or when the service ends it there), and a dropped
//! stream reconnected with backoff. It ends when whoever listens stops listening, or the lane
//! it runs in is cancelled.

use std::time::Duration;

use super::source::{StreamEnd, TailSource};
use super::{TailRequest, TailUpdate};
use crate::aws::{AwsError, ErrorKind};

/// How a tail keeps going.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TailPatience {
    /// A session is renewed this long after it started (AWS ends one at 3 hours).
    pub renew_after: Duration,
    /// The wait before the first reconnect; it doubles with each failed one.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
    /// Reconnects in a row before the tail gives up.
    pub max_reconnects: u32,
}

impl Default for TailPatience {
    fn default() -> Self {
        TailPatience {
            renew_after: Duration::from_secs(3 * 3600 - 5 * 60),
            first_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(30),
            max_reconnects: 8,
        }
    }
}

impl TailPatience {
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(16));
        self.first_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }
}

/// How a session came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Began {
    First,
    /// Before (or at) the service's session limit.
    Renewed,
    /// After the stream dropped.
    Reconnected,
}

/// What a tail reports as it goes.
#[derive(Clone, Debug, PartialEq)]
pub enum TailMsg {
    Started {
        req: u64,
        began: Began,
    },
    Update {
        req: u64,
        update: TailUpdate,
    },
    /// The stream dropped (`why`); trying again after `wait`.
    Reconnecting {
        req: u64,
        attempt: u32,
        wait: Duration,
        why: String,
    },
    /// The tail could not start, or gave up reconnecting.
    Failed {
        req: u64,
        error: AwsError,
    },
}

/// Errors worth another StartLiveTail: the network, a deadline, throttling, a 5xx.
fn transient(error: &AwsError) -> bool {
    matches!(
        error.kind,
        ErrorKind::Connection | ErrorKind::Timeout | ErrorKind::Throttled | ErrorKind::Unavailable
    )
}

/// Follows the tail until `send` says nobody listens (or the task is dropped).
pub async fn follow(
    src: &dyn TailSource,
    request: TailRequest,
    patience: TailPatience,
    req: u64,
    send: impl Fn(TailMsg) -> bool,
) {
    let mut began = Began::First;
    let mut attempt = 0u32;
    loop {
        let stream = src.start(request.clone()).await;
        let why = match stream {
            Err(error) if began == Began::First || !transient(&error) => {
                send(TailMsg::Failed { req, error });
                return;
            }
            Err(error) => error.message,
            Ok(mut stream) => {
                if !send(TailMsg::Started { req, began }) {
                    return;
                }
                let renew_at = tokio::time::Instant::now() + patience.renew_after;
                let dropped = loop {
                    match tokio::time::timeout_at(renew_at, stream.next()).await {
                        Err(_) | Ok(Err(StreamEnd::Timeout(_))) => break None,
                        Ok(Ok(None)) => break Some("the stream ended without a word".into()),
                        Ok(Ok(Some(update))) => {
                            attempt = 0;
                            if !send(TailMsg::Update { req, update }) {
                                return;
                            }
                        }
                        Ok(Err(StreamEnd::Dropped(why))) => break Some(why),
                    }
                };
                match dropped {
                    None => {
                        began = Began::Renewed;
                        continue;
                    }
                    Some(why) => why,
                }
            }
        };
        attempt += 1;
        began = Began::Reconnected;
        if !reconnect(&patience, req, attempt, why, &send).await {
            return;
        }
    }
}

/// Says the reconnect and waits for it; false when the tail gives up or nobody listens.
async fn reconnect(
    patience: &TailPatience,
    req: u64,
    attempt: u32,
    why: String,
    send: &impl Fn(TailMsg) -> bool,
) -> bool {
    if attempt > patience.max_reconnects {
        send(TailMsg::Failed {
            req,
            error: AwsError {
                kind: ErrorKind::Connection,
                code: None,
                message: format!(
                    "Live Tail gave up after {} reconnects: {why}",
                    patience.max_reconnects
                ),
            },
        });
        return false;
    }
    let wait = patience.backoff(attempt);
    if !send(TailMsg::Reconnecting {
        req,
        attempt,
        wait,
        why,
    }) {
        return false;
    }
    tokio::time::sleep(wait).await;
    true
}
