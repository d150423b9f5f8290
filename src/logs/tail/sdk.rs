//! Live Tail through aws-sdk-cloudwatchlogs: StartLiveTail and its event stream.
//!
//! The SDK sends StartLiveTail to `stream-logs.<region>.amazonaws.com` (the operation's
//! endpoint prefix `stream-`). Against an endpoint given with `--endpoint-url` (or
//! `AWS_ENDPOINT_URL`), the prefix would make `http://127.0.0.1:4566` into the unresolvable
//! `http://stream-127.0.0.1:4566`, so [`SkipHostPrefix`] takes it off, and only then. The SDK
//! has no `disable_host_prefix` setting.

use aws_sdk_cloudwatchlogs::error::DisplayErrorContext;
use aws_sdk_cloudwatchlogs::operation::start_live_tail::StartLiveTailOutput;
use aws_sdk_cloudwatchlogs::types::StartLiveTailResponseStream;
use aws_sdk_cloudwatchlogs::types::error::StartLiveTailResponseStreamError;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::endpoint::EndpointPrefix;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextMut;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

use super::source::{StreamEnd, TailSource, TailStream};
use super::{TailEvent, TailRequest, TailUpdate, group_name, millis};
use crate::aws::{AwsError, AwsSession, CallContext};
use crate::kit::work::BoxFuture;

/// Takes the operation's endpoint prefix off, so the request goes to the endpoint as given.
#[derive(Debug)]
pub struct SkipHostPrefix;

impl Intercept for SkipHostPrefix {
    fn name(&self) -> &'static str {
        "SkipHostPrefix"
    }

    fn modify_before_serialization(
        &self,
        _context: &mut BeforeSerializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state()
            .store_or_unset::<EndpointPrefix>(None);
        Ok(())
    }
}

pub struct CloudWatchTail {
    client: aws_sdk_cloudwatchlogs::Client,
    calls: CallContext,
}

impl CloudWatchTail {
    pub fn new(session: &AwsSession) -> CloudWatchTail {
        let mut config = session.logs.config().to_builder();
        if session.calls.endpoint.is_some() {
            config = config.interceptor(SkipHostPrefix);
        }
        CloudWatchTail {
            client: aws_sdk_cloudwatchlogs::Client::from_conf(config.build()),
            calls: session.calls.clone(),
        }
    }

    async fn start_live_tail(&self, request: TailRequest) -> Result<Box<dyn TailStream>, AwsError> {
        let out: StartLiveTailOutput = self
            .client
            .start_live_tail()
            .set_log_group_identifiers(Some(request.groups))
            .set_log_stream_names((!request.streams.is_empty()).then_some(request.streams))
            .set_log_stream_name_prefixes(
                (!request.prefixes.is_empty()).then_some(request.prefixes),
            )
            .set_log_event_filter_pattern(request.filter.filter(|f| !f.is_empty()))
            .send()
            .await
            .map_err(|e| self.calls.classify("logs:StartLiveTail", &e))?;
        Ok(Box::new(SdkStream { out }))
    }
}

impl TailSource for CloudWatchTail {
    fn start(&self, request: TailRequest) -> BoxFuture<'_, Result<Box<dyn TailStream>, AwsError>> {
        Box::pin(self.start_live_tail(request))
    }
}

struct SdkStream {
    out: StartLiveTailOutput,
}

impl SdkStream {
    async fn next_update(&mut self) -> Result<Option<TailUpdate>, StreamEnd> {
        loop {
            match self.out.response_stream.recv().await {
                Ok(None) => return Ok(None),
                Ok(Some(StartLiveTailResponseStream::SessionUpdate(update))) => {
                    return Ok(Some(TailUpdate {
                        sampled: update.session_metadata().is_some_and(|m| m.sampled()),
                        events: update
                            .session_results()
                            .iter()
                            .map(|e| TailEvent {
                                time: millis(e.timestamp().unwrap_or_default()),
                                ingested: e.ingestion_time().map(millis),
                                group: group_name(e.log_group_identifier().unwrap_or_default())
                                    .to_string(),
                                stream: e.log_stream_name().unwrap_or_default().to_string(),
                                message: e.message().unwrap_or_default().to_string(),
                            })
                            .collect(),
                    }));
                }
                // The session's start, and whatever a newer service may add.
                Ok(Some(_)) => continue,
                Err(SdkError::ServiceError(e)) => {
                    return Err(match e.err() {
                        StartLiveTailResponseStreamError::SessionTimeoutException(t) => {
                            StreamEnd::Timeout(t.message().unwrap_or("session limit").into())
                        }
                        other => StreamEnd::Dropped(format!(
                            "{}: {}",
                            aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata::code(other)
                                .unwrap_or("stream error"),
                            aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata::message(other)
                                .unwrap_or("the stream ended")
                        )),
                    });
                }
                Err(e @ SdkError::DispatchFailure(_)) => {
                    tracing::warn!("Live Tail stream: {}", DisplayErrorContext(&e));
                    return Err(StreamEnd::Dropped(format!(
                        "the connection broke: {}",
                        innermost(&e)
                    )));
                }
                Err(e) => return Err(StreamEnd::Dropped(DisplayErrorContext(&e).to_string())),
            }
        }
    }
}

impl TailStream for SdkStream {
    fn next(&mut self) -> BoxFuture<'_, Result<Option<TailUpdate>, StreamEnd>> {
        Box::pin(self.next_update())
    }
}

/// The deepest cause of an error: what actually went wrong, without the layers around it.
fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut at = e;
    while let Some(next) = at.source() {
        at = next;
    }
    at.to_string()
}
