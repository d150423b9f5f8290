//! AWS failures turned into sentences a tired person can act on.

use std::fmt;
use std::time::Duration;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::attempts;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    AccessDenied,
    Credentials,
    Throttled,
    Connection,
    Timeout,
    Service,
    Unavailable,
}

/// A failed AWS call as the user sees it: what kind of failure and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsError {
    pub kind: ErrorKind,
    /// The AWS error code, when the service sent one.
    pub code: Option<String>,
    pub message: String,
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AwsError {}

impl AwsError {
    /// A failed call that was sent more than once says how many times:
    /// "health:DescribeEvents failed after 3 attempts: ...".
    fn after(mut self, attempts: Option<u32>) -> AwsError {
        let Some(n) = attempts.filter(|n| *n > 1) else {
            return self;
        };
        if self.kind == ErrorKind::Service
            && let Some((action, rest)) = self.message.split_once(" failed: ")
        {
            self.message = format!("{action} failed after {n} attempts: {rest}");
        }
        self
    }
}

/// Who was calling what, so that an error can say it.
#[derive(Clone, Debug, Default)]
pub struct CallContext {
    pub profile: Option<String>,
    /// The role every call's credentials assume, when they assume one (`:account`).
    pub role: Option<String>,
    pub endpoint: Option<String>,
    /// How long one call (all its attempts) may take, for "did not answer within 10 s".
    pub deadline: Option<Duration>,
}

const ACCESS_DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedException",
    "AuthorizationError",
];
const BAD_CREDENTIALS: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
];
const THROTTLED: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "ProvisionedThroughputExceededException",
    "SlowDown",
];

impl CallContext {
    fn login_hint(&self) -> String {
        match &self.profile {
            Some(p) => {
                format!("run `aws sso login --profile {p}` (or refresh that profile's keys)")
            }
            None => {
                "run `aws sso login --profile NAME`, `aws configure`, or export fresh AWS_* keys"
                    .to_string()
            }
        }
    }

    fn endpoint_name(&self, action: &str) -> String {
        match &self.endpoint {
            Some(e) => e.clone(),
            None => format!("the {} endpoint", action.split(':').next().unwrap_or("AWS")),
        }
    }

    /// Classifies an SDK failure of `action` (the IAM action, e.g. `cloudwatch:DescribeAlarms`).
    pub fn classify<E>(&self, action: &str, err: &SdkError<E, HttpResponse>) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let error = self.classify_after(action, err, None);
        self.report(action, &error, err);
        error
    }

    /// Writes a failed call to the log, once: its operation, AWS's code and request id, and
    /// the pane or command that made it.
    pub fn report<E>(&self, action: &str, error: &AwsError, err: &SdkError<E, HttpResponse>) {
        let request_id = err.raw_response().and_then(|r| {
            let headers = r.headers();
            headers
                .get("x-amzn-requestid")
                .or_else(|| headers.get("x-amz-request-id"))
                .map(str::to_string)
        });
        tracing::warn!(
            operation = action,
            code = error.code.as_deref().unwrap_or("-"),
            request_id = request_id.as_deref().unwrap_or("-"),
            caller = crate::logging::caller(),
            kind = ?error.kind,
            "{}",
            error.message
        );
    }

    /// As `classify`, for a call warroom sent `attempts` times itself (else the SDK's count).
    pub fn classify_after<E>(
        &self,
        action: &str,
        err: &SdkError<E, HttpResponse>,
        attempts: Option<u32>,
    ) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let chain = DisplayErrorContext(err).to_string();
        match err {
            SdkError::ServiceError(service) => {
                let status = service.raw().status().as_u16();
                self.classify_code(
                    action,
                    service.err().code(),
                    service.err().message(),
                    status,
                    &chain,
                )
                .after(attempts.or_else(|| attempts::of(service.raw())))
            }
            SdkError::TimeoutError(_) => AwsError {
                kind: ErrorKind::Timeout,
                code: None,
                message: match self.deadline {
                    Some(d) => format!(
                        "{action} timed out: it did not answer within {}.",
                        attempts::seconds(d)
                    ),
                    None => format!("{action} timed out."),
                },
            },
            SdkError::DispatchFailure(failure) if failure.is_timeout() => AwsError {
                kind: ErrorKind::Timeout,
                code: None,
                message: format!("{action} timed out."),
            },
            SdkError::DispatchFailure(failure) if failure.is_io() => AwsError {
                kind: ErrorKind::Connection,
                code: None,
                message: format!(
                    "Cannot connect to {} for {action} ({}). Check the network, VPN or --endpoint-url.",
                    self.endpoint_name(action),
                    io_reason(&chain)
                ),
            },
            SdkError::ResponseError(response) => {
                let status = response.raw().status().as_u16();
                self.classify_code(action, None, None, status, &chain)
                    .after(attempts.or_else(|| attempts::of(response.raw())))
            }
            _ if mentions_credentials(&chain)
                && let Some(role) = &self.role =>
            {
                AwsError {
                    kind: ErrorKind::Credentials,
                    code: None,
                    message: format!(
                        "No credentials for {action}: {}; meanwhile :account or :profile reaches another account.",
                        super::role::refusal(self, role, err)
                    ),
                }
            }
            _ if mentions_credentials(&chain) => AwsError {
                kind: ErrorKind::Credentials,
                code: None,
                message: format!(
                    "No usable AWS credentials for {action}: {}.",
                    self.login_hint()
                ),
            },
            _ => AwsError {
                kind: ErrorKind::Connection,
                code: None,
                message: format!(
                    "{action} failed before AWS answered: {}",
                    last_cause(&chain)
                ),
            },
        }
    }

    fn classify_code(
        &self,
        action: &str,
        code: Option<&str>,
        message: Option<&str>,
        status: u16,
        chain: &str,
    ) -> AwsError {
        let said = message
            .filter(|m| !m.is_empty())
            .map(|m| format!(" AWS said: {m}"))
            .unwrap_or_default();
        let code_owned = code.map(str::to_string);
        let (kind, text) = match code {
            Some(c) if ACCESS_DENIED.contains(&c) => (
                ErrorKind::AccessDenied,
                format!(
                    "Access denied ({c}): the credentials in use lack {action}. Add that IAM action to the role or user.{said}"
                ),
            ),
            Some(c) if BAD_CREDENTIALS.contains(&c) => (
                ErrorKind::Credentials,
                format!(
                    "Credentials expired or invalid ({c}) calling {action}: {}, then press r.",
                    self.login_hint()
                ),
            ),
            Some(c) if THROTTLED.contains(&c) => (
                ErrorKind::Throttled,
                format!("AWS throttled {action} ({c}) after retries."),
            ),
            Some(c) if c == "SubscriptionRequiredException" => (
                ErrorKind::Unavailable,
                format!(
                    "{action} needs a Business, Enterprise On-Ramp or Enterprise support plan ({c}). Without one, see the Health Dashboard in the AWS console and https://health.aws.amazon.com/health/status."
                ),
            ),
            Some(c) => (ErrorKind::Service, format!("{action} failed: {c}.{said}")),
            None if status == 429 => (
                ErrorKind::Throttled,
                format!("AWS throttled {action} (HTTP 429) after retries."),
            ),
            None if status >= 500 => (
                ErrorKind::Service,
                format!("{action} failed: the service answered HTTP {status}."),
            ),
            None => (
                ErrorKind::Service,
                format!("{action} failed with HTTP {status}: {}", last_cause(chain)),
            ),
        };
        AwsError {
            kind,
            code: code_owned,
            message: text,
        }
    }
}

fn mentions_credentials(chain: &str) -> bool {
    let lower = chain.to_ascii_lowercase();
    lower.contains("credential") || lower.contains("identity") || lower.contains("token")
}

fn io_reason(chain: &str) -> String {
    let lower = chain.to_ascii_lowercase();
    if lower.contains("connection refused") {
        "connection refused".to_string()
    } else if lower.contains("dns") || lower.contains("lookup") {
        "name lookup failed".to_string()
    } else if lower.contains("reset") {
        "connection reset".to_string()
    } else {
        last_cause(chain)
    }
}

fn last_cause(chain: &str) -> String {
    chain
        .rsplit(": ")
        .next()
        .unwrap_or(chain)
        .trim_end_matches(')')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> CallContext {
        CallContext {
            role: None,
            profile: Some("prod".into()),
            endpoint: None,
            deadline: None,
        }
    }

    #[test]
    fn access_denied_names_the_missing_action() {
        let e = ctx().classify_code(
            "cloudwatch:DescribeAlarms",
            Some("AccessDenied"),
            Some("User is not authorized"),
            403,
            "",
        );
        assert_eq!(e.kind, ErrorKind::AccessDenied);
        assert!(
            e.message.contains("lack cloudwatch:DescribeAlarms"),
            "{}",
            e.message
        );
        assert!(e.message.contains("User is not authorized"));
    }

    #[test]
    fn expired_credentials_say_how_to_log_in_again() {
        let e = ctx().classify_code(
            "sts:GetCallerIdentity",
            Some("ExpiredTokenException"),
            None,
            400,
            "",
        );
        assert_eq!(e.kind, ErrorKind::Credentials);
        assert!(
            e.message.contains("aws sso login --profile prod"),
            "{}",
            e.message
        );
    }

    #[test]
    fn bare_server_errors_are_reported_with_their_status() {
        let e = ctx().classify_code("cloudwatch:DescribeAlarms", None, None, 503, "");
        assert_eq!(e.kind, ErrorKind::Service);
        assert!(e.message.contains("HTTP 503"));
    }
}
