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

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::kit::work::BoxFuture;
    use crate::logs::tail::source::TailStream;

    /// Each session: the updates it sends, then how it ends (None: it stays open).
    type Script = VecDeque<Result<(Vec<TailUpdate>, Option<StreamEnd>), AwsError>>;

    struct Scripted(Mutex<Script>);

    struct Stream(VecDeque<TailUpdate>, Option<StreamEnd>);

    impl TailStream for Stream {
        fn next(&mut self) -> BoxFuture<'_, Result<Option<TailUpdate>, StreamEnd>> {
            Box::pin(async move {
                if let Some(update) = self.0.pop_front() {
                    return Ok(Some(update));
                }
                match self.1.take() {
                    Some(end) => Err(end),
                    None => std::future::pending().await,
                }
            })
        }
    }

    impl TailSource for Scripted {
        fn start(&self, _: TailRequest) -> BoxFuture<'_, Result<Box<dyn TailStream>, AwsError>> {
            let next = self.0.lock().unwrap().pop_front();
            Box::pin(async move {
                match next {
                    Some(Ok((updates, end))) => {
                        Ok(Box::new(Stream(updates.into(), end)) as Box<dyn TailStream>)
                    }
                    Some(Err(e)) => Err(e),
                    None => std::future::pending().await,
                }
            })
        }
    }

    fn patience() -> TailPatience {
        TailPatience {
            renew_after: Duration::from_secs(60),
            first_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(40),
            max_reconnects: 2,
        }
    }

    fn lost(message: &str) -> AwsError {
        AwsError {
            kind: ErrorKind::Connection,
            code: None,
            message: message.into(),
        }
    }

    /// What the tail said, until `until` messages or the tail ended.
    async fn said(script: Script, patience: TailPatience, until: usize) -> Vec<TailMsg> {
        let src = Scripted(Mutex::new(script));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let following = follow(&src, TailRequest::default(), patience, 1, move |msg| {
            let mut seen = sink.lock().unwrap();
            seen.push(msg);
            seen.len() < until
        });
        let _ = tokio::time::timeout(Duration::from_secs(5), following).await;
        let seen = seen.lock().unwrap();
        seen.clone()
    }

    fn kinds(msgs: &[TailMsg]) -> Vec<String> {
        msgs.iter()
            .map(|m| match m {
                TailMsg::Started { began, .. } => format!("started {began:?}"),
                TailMsg::Update { .. } => "update".into(),
                TailMsg::Reconnecting { attempt, .. } => format!("reconnecting {attempt}"),
                TailMsg::Failed { .. } => "failed".into(),
            })
            .collect()
    }

    #[tokio::test]
    async fn a_session_is_renewed_before_the_limit_and_at_the_services_timeout() {
        let mut short = patience();
        short.renew_after = Duration::from_millis(50);
        let script: Script = [
            Ok((vec![TailUpdate::default()], None)),
            Ok((vec![], Some(StreamEnd::Timeout("limit".into())))),
            Ok((vec![TailUpdate::default()], None)),
        ]
        .into();
        let msgs = said(script, short, 5).await;
        assert_eq!(
            kinds(&msgs),
            [
                "started First",
                "update",
                "started Renewed",
                "started Renewed",
                "update"
            ]
        );
    }

    #[tokio::test]
    async fn a_dropped_stream_reconnects_with_backoff_then_gives_up() {
        let script: Script = [
            Ok((vec![], Some(StreamEnd::Dropped("cut".into())))),
            Err(lost("refused")),
            Ok((
                vec![TailUpdate::default()],
                Some(StreamEnd::Dropped("cut".into())),
            )),
            Err(lost("refused")),
            Err(lost("refused")),
        ]
        .into();
        let msgs = said(script, patience(), 20).await;
        assert_eq!(
            kinds(&msgs),
            [
                "started First",
                "reconnecting 1",
                "reconnecting 2",
                "started Reconnected",
                "update",
                "reconnecting 1",
                "reconnecting 2",
                "failed"
            ]
        );
        let waits: Vec<Duration> = msgs
            .iter()
            .filter_map(|m| match m {
                TailMsg::Reconnecting { wait, .. } => Some(*wait),
                _ => None,
            })
            .collect();
        assert_eq!(
            waits[..2],
            [Duration::from_millis(10), Duration::from_millis(20)]
        );
    }

    #[tokio::test]
    async fn a_tail_that_cannot_start_fails_at_once() {
        let denied = AwsError {
            kind: ErrorKind::AccessDenied,
            code: Some("AccessDeniedException".into()),
            message: "not allowed".into(),
        };
        let msgs = said([Err(denied)].into(), patience(), 10).await;
        assert_eq!(kinds(&msgs), ["failed"]);
    }
}
