//! Reaching the accounts of a set through AWS: each profile's own credentials, or the
//! caller's credentials, Organizations ListAccounts (every page) and STS AssumeRole into each
//! member account, its credentials cached and refreshed by the SDK before they expire.

use std::sync::{Arc, Mutex};

use aws_config::Region;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider, future};
use aws_types::SdkConfig;

use super::fanout::{Opened, Reacher};
use super::set::{AccountSet, SetSource};
use super::target::{self, Listed, Planned, Reach};
use crate::aws::identity::caller_identity;
use crate::aws::rate::RegionLimiters;
use crate::aws::role;
use crate::aws::{AwsSession, Identity, SessionSettings};
use crate::kit::work::BoxFuture;

/// Where Organizations answers.
const ORGANIZATIONS_REGION: &str = "us-east-1";

/// The caller: the credentials and region of the global flags, and who they are.
pub struct Caller {
    pub settings: SessionSettings,
    pub sdk: SdkConfig,
    pub region_defaulted: bool,
    /// Known for an organization set (the management or delegated account listing it).
    pub identity: Option<Identity>,
    pub session_name: String,
}

/// One account once reached: its SDK config (credentials and their cache; its region set
/// per sweep), the settings its sessions are made with, and its CloudTrail limiters.
pub struct Reached {
    pub sdk: SdkConfig,
    pub settings: SessionSettings,
    pub limiters: RegionLimiters,
}

impl Reached {
    /// A session of this account in `region`.
    pub fn session(&self, region: &str) -> AwsSession {
        let sdk = self
            .sdk
            .to_builder()
            .region(Region::new(region.to_string()))
            .build();
        let mut settings = self.settings.clone();
        settings.region = Some(region.to_string());
        AwsSession::with_config(settings, &sdk, false)
    }
}

impl Caller {
    pub async fn connect(settings: SessionSettings, session_name: String) -> Caller {
        let (sdk, region_defaulted) = AwsSession::resolve(&settings).await;
        Caller {
            settings,
            sdk,
            region_defaulted,
            identity: None,
            session_name,
        }
    }

    /// The caller's region, where an account is swept when the set names no regions.
    pub fn region(&self) -> String {
        self.sdk
            .region()
            .map(|r| r.to_string())
            .unwrap_or_else(|| crate::aws::session::FALLBACK_REGION.to_string())
    }

    pub fn session(&self) -> AwsSession {
        AwsSession::with_config(self.settings.clone(), &self.sdk, self.region_defaulted)
    }

    /// Who the caller is and every account of its organization, at once.
    pub async fn organization(&mut self) -> Result<Vec<Listed>, String> {
        let session = self.session();
        let (identity, listed) = tokio::join!(caller_identity(&session), self.list_accounts());
        let identity = identity.map_err(|e| format!("cannot tell who the caller is: {e}"))?;
        self.identity = Some(identity);
        listed
    }

    /// Organizations ListAccounts, every page; only ACTIVE accounts.
    async fn list_accounts(&self) -> Result<Vec<Listed>, String> {
        let session = self.session();
        let client = aws_sdk_organizations::Client::from_conf(
            aws_sdk_organizations::config::Builder::from(&self.sdk)
                .region(Region::new(ORGANIZATIONS_REGION))
                .build(),
        );
        let mut listed = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = client
                .list_accounts()
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| {
                    let error = session.calls.classify("organizations:ListAccounts", &e);
                    format!(
                        "cannot list the organization's accounts (run warroom with the management account's or a delegated administrator's credentials): {error}"
                    )
                })?;
            for account in page.accounts() {
                let active = account.state().is_none_or(|s| s.as_str() == "ACTIVE")
                    && account.status().is_none_or(|s| s.as_str() == "ACTIVE");
                if let (Some(id), true) = (account.id(), active) {
                    listed.push(Listed {
                        id: id.to_string(),
                        name: account.name().map(str::to_string),
                    });
                }
            }
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                return Ok(listed);
            }
        }
    }

    /// Reaches one account: its profile's credentials (checked with GetCallerIdentity, which
    /// also says the account's id), the caller's own, or AssumeRole into it.
    pub async fn open(
        &self,
        planned: &Planned,
        lookups_per_second: f64,
    ) -> Result<Opened<Reached>, String> {
        let limiters = RegionLimiters::per_second(lookups_per_second);
        match &planned.how {
            Reach::Profile(profile) => {
                profile_exists(profile).await?;
                let settings = SessionSettings {
                    profile: Some(profile.clone()),
                    ..self.settings.clone()
                };
                let (sdk, defaulted) = AwsSession::resolve(&settings).await;
                // The profile's own credentials, even when AWS_* keys are in the environment
                // (the default chain would take those first).
                let own = ProfileFileCredentialsProvider::builder()
                    .profile_name(profile)
                    .build();
                let sdk = sdk
                    .to_builder()
                    .credentials_provider(SharedCredentialsProvider::new(own))
                    .build();
                let session = AwsSession::with_config(settings.clone(), &sdk, defaulted);
                let identity = caller_identity(&session)
                    .await
                    .map_err(|e| format!("profile `{profile}`: {e}"))?;
                Ok(Opened {
                    id: identity.account,
                    default_region: session.region,
                    inner: Reached {
                        sdk,
                        settings,
                        limiters,
                    },
                })
            }
            Reach::Caller(id) => Ok(Opened {
                id: id.clone(),
                default_region: self.region(),
                inner: Reached {
                    sdk: self.sdk.clone(),
                    settings: self.settings.clone(),
                    limiters,
                },
            }),
            Reach::Role { id, role } => {
                let sdk = self.assume(id, role).await?;
                Ok(Opened {
                    id: id.clone(),
                    default_region: self.region(),
                    inner: Reached {
                        sdk,
                        settings: SessionSettings {
                            profile: None,
                            ..self.settings.clone()
                        },
                        limiters,
                    },
                })
            }
        }
    }

    /// The role's ARN in the caller's partition (`aws`, `aws-us-gov`, `aws-cn`).
    fn role_arn(&self, id: &str, role: &str) -> String {
        role::role_arn(self.identity.as_ref().map(|i| i.arn.as_str()), id, role)
    }

    /// AssumeRole now (so that a refusal is this account's error before any sweep), then
    /// the SDK's identity cache keeps the credentials and asks again before they expire.
    async fn assume(&self, id: &str, role: &str) -> Result<SdkConfig, String> {
        let arn = self.role_arn(id, role);
        let provider = role::provider(&self.sdk, &arn, &self.session_name).await;
        let first = provider
            .provide_credentials()
            .await
            .map_err(|e| self.refused(&arn, &e))?;
        let provider = FirstThen {
            first: Mutex::new(Some(first)),
            then: provider,
        };
        Ok(role::with_credentials(&self.sdk, provider))
    }

    /// Why AssumeRole into `arn` failed, in words to act on.
    fn refused(
        &self,
        arn: &str,
        error: &aws_credential_types::provider::error::CredentialsError,
    ) -> String {
        role::refusal(&self.session().calls, arn, error)
    }
}

/// The accounts of the set: its profiles, or the organization's accounts (listed now).
pub async fn plan(set: &AccountSet, caller: &mut Caller) -> Result<Vec<Planned>, String> {
    Ok(match &set.source {
        SetSource::Profiles(_) => target::from_profiles(set),
        SetSource::Organization { .. } => {
            let listed = caller.organization().await?;
            let own = caller
                .identity
                .as_ref()
                .map(|i| i.account.clone())
                .unwrap_or_default();
            target::from_organization(set, &listed, &own)
        }
    })
}

/// Reaches each account through AWS and runs `sweep` in each of its regions.
pub struct AwsReacher<F> {
    pub caller: Caller,
    pub lookups_per_second: f64,
    pub sweep: F,
}

impl<F, A> Reacher for AwsReacher<F>
where
    F: Fn(Arc<Opened<Reached>>, String) -> BoxFuture<'static, A> + Send + Sync + 'static,
    A: Send + 'static,
{
    type Account = Reached;
    type Answer = A;

    fn open(
        self: Arc<Self>,
        planned: Planned,
    ) -> BoxFuture<'static, Result<Opened<Reached>, String>> {
        Box::pin(async move { self.caller.open(&planned, self.lookups_per_second).await })
    }

    fn sweep(
        self: Arc<Self>,
        account: Arc<Opened<Reached>>,
        region: String,
    ) -> BoxFuture<'static, A> {
        (self.sweep)(account, region)
    }
}

/// Says so when no AWS config or credentials file defines `profile` (the SDK would only
/// say that it found no credentials).
async fn profile_exists(profile: &str) -> Result<(), String> {
    use aws_types::os_shim_internal::{Env, Fs};
    let files = Default::default();
    match aws_config::profile::parser::load(&Fs::real(), &Env::real(), &files, None).await {
        Ok(set) if set.get_profile(profile).is_none() => Err(format!(
            "no profile `{profile}` in the AWS config or credentials file (~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE): add it, or take it out of the set's `profiles`"
        )),
        Ok(_) => Ok(()),
        // A file that cannot be read or parsed: the credentials chain says what it finds.
        Err(_) => Ok(()),
    }
}

/// The credentials AssumeRole gave when the account was reached, then a new AssumeRole each
/// time the SDK's cache asks (shortly before they expire).
#[derive(Debug)]
struct FirstThen<P> {
    first: Mutex<Option<Credentials>>,
    then: P,
}

impl<P: ProvideCredentials> ProvideCredentials for FirstThen<P> {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        match self.first.lock().ok().and_then(|mut first| first.take()) {
            Some(credentials) => future::ProvideCredentials::ready(Ok(credentials)),
            None => self.then.provide_credentials(),
        }
    }
}

#[cfg(test)]
#[path = "aws_tests.rs"]
mod tests;
