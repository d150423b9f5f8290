//! Credentials that assume an IAM role with other credentials (STS AssumeRole), kept by the
//! SDK's identity cache and asked again shortly before they expire.

use std::time::Duration;

use aws_config::identity::IdentityCache;
use aws_config::sts::AssumeRoleProvider;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_types::SdkConfig;

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
