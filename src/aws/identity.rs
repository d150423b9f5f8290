//! Which account and principal the credentials act as (STS GetCallerIdentity).

use super::error::AwsError;
use super::session::AwsSession;
use crate::kit::work::BoxFuture;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Identity {
    pub account: String,
    pub arn: String,
}

pub async fn caller_identity(session: &AwsSession) -> Result<Identity, AwsError> {
    let out = session
        .sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| session.calls.classify("sts:GetCallerIdentity", &e))?;
    Ok(Identity {
        account: out.account.unwrap_or_default(),
        arn: out.arn.unwrap_or_default(),
    })
}

/// Who the caller is: STS in a session, something else in a replay or a test.
pub trait IdentitySource: Send + Sync {
    fn identity(&self) -> BoxFuture<'_, Result<Identity, AwsError>>;
}

impl IdentitySource for super::Unavailable {
    fn identity(&self) -> BoxFuture<'_, Result<Identity, AwsError>> {
        self.fail("STS")
    }
}
