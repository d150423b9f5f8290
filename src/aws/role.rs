//! Credentials that assume an IAM role with other credentials (STS AssumeRole), kept by the
//! SDK's identity cache and asked again shortly before they expire.

use std::time::Duration;

use aws_config::identity::IdentityCache;
use aws_config::sts::AssumeRoleProvider;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sdk_sts::operation::assume_role::AssumeRoleError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_types::SdkConfig;

use super::{CallContext, ErrorKind};

/// Assumed credentials are renewed this long before they expire.
pub const RENEW_BEFORE_EXPIRY: Duration = Duration::from_secs(300);

/// The ARN of role `role` in account `id`, in the partition of the caller's ARN (`aws`,
/// `aws-us-gov`, `aws-cn`; `aws` when the caller is not known).
pub fn role_arn(caller_arn: Option<&str>, id: &str, role: &str) -> String {
    let partition = caller_arn
        .and_then(|arn| arn.split(':').nth(1))
        .filter(|p| !p.is_empty())
        .unwrap_or("aws");
    format!("arn:{partition}:iam::{id}:role/{role}")
}

/// AssumeRole into `arn` with the credentials, region and endpoint of `sdk`.
pub async fn provider(sdk: &SdkConfig, arn: &str, session_name: &str) -> AssumeRoleProvider {
    AssumeRoleProvider::builder(arn.to_string())
        .session_name(session_name.to_string())
        .configure(sdk)
        .build()
        .await
}

/// `sdk` with `credentials` in place of its own, renewed before they expire.
pub fn with_credentials(
    sdk: &SdkConfig,
    credentials: impl ProvideCredentials + 'static,
) -> SdkConfig {
    sdk.to_builder()
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .identity_cache(
            IdentityCache::lazy()
                .buffer_time(RENEW_BEFORE_EXPIRY)
                .build(),
        )
        .build()
}

/// Why AssumeRole into `arn` failed, in words to act on: the first AssumeRole answer among
/// `error`'s causes, else the whole chain.
pub fn refusal(
    calls: &CallContext,
    arn: &str,
    error: &(dyn std::error::Error + 'static),
) -> String {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if let Some(sdk) = e.downcast_ref::<SdkError<AssumeRoleError, HttpResponse>>() {
            let classified = calls.classify("sts:AssumeRole", sdk);
            return match classified.kind {
                ErrorKind::AccessDenied => {
                    let said = ProvideErrorMetadata::message(sdk)
                        .map(|m| format!(" AWS said: {m}"))
                        .unwrap_or_default();
                    format!(
                        "AccessDenied: cannot assume {arn}. Its trust policy must allow the caller, and the caller needs sts:AssumeRole on it.{said}"
                    )
                }
                _ => format!("cannot assume {arn}: {classified}"),
            };
        }
        cause = e.source();
    }
    format!("cannot assume {arn}: {}", DisplayErrorContext(error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_is_in_the_callers_partition() {
        assert_eq!(
            role_arn(
                Some("arn:aws-us-gov:iam::111111111111:user/a"),
                "222222222222",
                "R"
            ),
            "arn:aws-us-gov:iam::222222222222:role/R"
        );
        assert_eq!(
            role_arn(None, "222222222222", "team/R"),
            "arn:aws:iam::222222222222:role/team/R"
        );
    }
}
