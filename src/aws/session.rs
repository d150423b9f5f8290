//! One AWS session: credentials, region, endpoint and the clients built from them.

use std::time::Duration;

use aws_config::{BehaviorVersion, Region, retry::RetryConfig, timeout::TimeoutConfig};
use aws_types::SdkConfig;

use super::attempts::CountAttempts;
use super::error::CallContext;

/// What the user chose (flags, `:region`, `:profile`, `:account`) and how patient calls
/// should be.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionSettings {
    pub profile: Option<String>,
    /// A role the profile's credentials assume (`:account` on an organization's account):
    /// every call acts in the role's account.
    pub role_arn: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub read_only: bool,
    pub retry: RetrySettings,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetrySettings {
    pub max_attempts: u32,
    pub initial_backoff: Duration,
    pub call_timeout: Duration,
}

impl Default for RetrySettings {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            call_timeout: Duration::from_secs(10),
        }
    }
}

impl SessionSettings {
    /// The defaults with a region set.
    pub fn in_region(region: &str) -> SessionSettings {
        SessionSettings {
            region: Some(region.to_string()),
            ..SessionSettings::default()
        }
    }

    /// The endpoint that replaces AWS's, from `--endpoint-url` or the SDK's own variable.
    pub fn effective_endpoint(&self) -> Option<String> {
        self.endpoint_url.clone().or_else(|| {
            std::env::var("AWS_ENDPOINT_URL")
                .ok()
                .filter(|s| !s.is_empty())
        })
    }

    pub fn effective_profile(&self) -> Option<String> {
        self.profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|s| !s.is_empty()))
    }
}

pub const FALLBACK_REGION: &str = "us-east-1";

pub struct AwsSession {
    pub settings: SessionSettings,
    pub region: String,
    /// True when no region was configured anywhere and warroom fell back to us-east-1.
    pub region_defaulted: bool,
    pub calls: CallContext,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    /// Without SDK retries: warroom paces and retries LookupEvents itself.
    pub cloudtrail: aws_sdk_cloudtrail::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    /// Global: always us-east-1's endpoint (or the override), whatever `region` is.
    pub health: aws_sdk_health::Client,
    pub sts: aws_sdk_sts::Client,
    /// SSM Run Command, for runbook steps.
    pub ssm: aws_sdk_ssm::Client,
}

/// Where the AWS Health API lives.
pub const HEALTH_REGION: &str = "us-east-1";

impl AwsSession {
    /// Resolves credentials and region through the standard chain (env, profiles, SSO,
    /// credential_process, instance roles). Nothing is called yet: credentials load lazily.
    /// With a `role_arn`, the calls act in the role's account: the SDK assumes it on the
    /// first call and again before the credentials expire.
    pub async fn connect(settings: SessionSettings) -> AwsSession {
        let (mut sdk, region_defaulted) = AwsSession::resolve(&settings).await;
        if let Some(arn) = &settings.role_arn {
            let name = crate::accounts::session_name::session_name(
                crate::accounts::session_name::caller_user().as_deref(),
            );
            let assumed = super::role::provider(&sdk, arn, &name).await;
            sdk = super::role::with_credentials(&sdk, assumed);
        }
        AwsSession::with_config(settings, &sdk, region_defaulted)
    }

    /// The SDK's config for these settings (credentials chain, region, endpoint, retries,
    /// deadlines), and whether the region fell back to us-east-1.
    pub async fn resolve(settings: &SessionSettings) -> (SdkConfig, bool) {
        let sdk = load(settings, settings.region.clone()).await;
        if sdk.region().is_some() {
            return (sdk, false);
        }
        (
            load(settings, Some(FALLBACK_REGION.to_string())).await,
            true,
        )
    }

    /// A session over an SDK config already resolved (its credentials, identity cache and
    /// region), e.g. one account of an account set in one of its regions.
    pub fn with_config(
        settings: SessionSettings,
        sdk: &SdkConfig,
        region_defaulted: bool,
    ) -> AwsSession {
        let region = sdk
            .region()
            .map(|r| r.to_string())
            .unwrap_or_else(|| FALLBACK_REGION.into());
        let max_attempts = settings.retry.max_attempts.max(1);
        let attempts = || CountAttempts { max_attempts };
        AwsSession {
            calls: CallContext {
                profile: settings.effective_profile(),
                role: settings.role_arn.clone(),
                endpoint: settings.effective_endpoint(),
                deadline: Some(settings.retry.call_timeout),
            },
            cloudwatch: aws_sdk_cloudwatch::Client::from_conf(
                aws_sdk_cloudwatch::config::Builder::from(sdk)
                    .interceptor(attempts())
                    .build(),
            ),
            cloudtrail: aws_sdk_cloudtrail::Client::from_conf(
                aws_sdk_cloudtrail::config::Builder::from(sdk)
                    .retry_config(RetryConfig::disabled())
                    .interceptor(CountAttempts { max_attempts: 1 })
                    .build(),
            ),
            logs: aws_sdk_cloudwatchlogs::Client::from_conf(
                aws_sdk_cloudwatchlogs::config::Builder::from(sdk)
                    .interceptor(attempts())
                    .build(),
            ),
            health: aws_sdk_health::Client::from_conf(
                aws_sdk_health::config::Builder::from(sdk)
                    .region(Region::new(HEALTH_REGION))
                    .interceptor(attempts())
                    .build(),
            ),
            sts: aws_sdk_sts::Client::from_conf(
                aws_sdk_sts::config::Builder::from(sdk)
                    .interceptor(attempts())
                    .build(),
            ),
            ssm: aws_sdk_ssm::Client::from_conf(
                aws_sdk_ssm::config::Builder::from(sdk)
                    .interceptor(attempts())
                    .build(),
            ),
            settings,
            region,
            region_defaulted,
        }
    }
}

async fn load(settings: &SessionSettings, region: Option<String>) -> SdkConfig {
    // Standard, not adaptive: adaptive's client-side bucket charges 5 tokens a retry but,
    // at the low request rates of a console, caps its capacity at 1 after a throttle, so
    // the retry waits until the operation times out.
    let retry = RetryConfig::standard()
        .with_max_attempts(settings.retry.max_attempts.max(1))
        .with_initial_backoff(settings.retry.initial_backoff)
        .with_max_backoff(Duration::from_secs(20));
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .operation_timeout(settings.retry.call_timeout)
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(retry)
        .timeout_config(timeouts);
    if let Some(profile) = &settings.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = region {
        loader = loader.region(Region::new(region));
    }
    if let Some(endpoint) = &settings.endpoint_url {
        loader = loader.endpoint_url(endpoint);
    }
    loader.load().await
}
