//! How many times a call was sent: an SDK interceptor stamps each answer with its attempt
//! number (so an error can say "failed after 3 attempts") and says each retry as it happens,
//! in warroom.log always and on stderr for the headless commands.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextMut;
use aws_smithy_runtime_api::client::orchestrator::{HttpResponse, Metadata};
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// The header the interceptor adds to every answer: the attempt that brought it.
pub const HEADER: &str = "x-warroom-attempt";

static ON_STDERR: AtomicBool = AtomicBool::new(false);

/// From now on, retries are also said on stderr (for headless commands, never under the UI).
pub fn say_retries_on_stderr() {
    ON_STDERR.store(true, Ordering::Relaxed);
}

/// The attempt an answer came with, when the interceptor saw it.
pub fn of(response: &HttpResponse) -> Option<u32> {
    response.headers().get(HEADER).and_then(|v| v.parse().ok())
}

/// `10 s`, `1.5 s`, `500 ms`: a deadline as a sentence names it.
pub fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{} s", d.as_secs())
    } else if d.as_secs() == 0 {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// `health:DescribeEvents` from the SDK's operation metadata.
fn action(cfg: &ConfigBag) -> String {
    match cfg.load::<Metadata>() {
        Some(m) => {
            let service = match m.service() {
                "CloudWatch Logs" => "logs".to_string(),
                other => other.to_ascii_lowercase().replace(' ', ""),
            };
            format!("{service}:{}", m.name())
        }
        None => "an AWS call".to_string(),
    }
}

/// Says one retry: in warroom.log, and on stderr when asked.
pub fn say_retry(action: &str, status: u16, attempt: u32, max: u32) {
    let text =
        format!("{action} answered HTTP {status} (attempt {attempt} of {max}); trying again");
    tracing::warn!("{text}");
    if ON_STDERR.load(Ordering::Relaxed) {
        eprintln!("warroom: {}", crate::defuse::line(&text));
    }
}

#[derive(Debug)]
pub struct CountAttempts {
    pub max_attempts: u32,
}

impl Intercept for CountAttempts {
    fn name(&self) -> &'static str {
        "CountAttempts"
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let attempt = cfg.load::<RequestAttempts>().map_or(1, |a| a.attempts());
        let response = context.response_mut();
        let status = response.status().as_u16();
        // Best effort: a header the SDK refuses is only a less precise message later.
        let _ = response
            .headers_mut()
            .try_insert(HEADER, attempt.to_string());
        if (status >= 500 || status == 429) && attempt < self.max_attempts {
            say_retry(&action(cfg), status, attempt, self.max_attempts);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_read_as_people_say_them() {
        assert_eq!(seconds(Duration::from_secs(10)), "10 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(seconds(Duration::from_millis(300)), "300 ms");
    }
}
