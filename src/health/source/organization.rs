//! Health's organization view beyond the events: whether the caller may use it, and the
//! accounts an event touches.

use super::AwsHealth;
use crate::aws::AwsError;

impl AwsHealth {
    /// Whether the organization view answers this caller: it is enabled
    /// (EnableHealthServiceAccessForOrganization) and the caller is the management account
    /// or Health's delegated administrator.
    pub async fn organization_enabled(&self) -> Result<bool, AwsError> {
        let out = self
            .client
            .describe_health_service_status_for_organization()
            .send()
            .await
            .map_err(|e| {
                self.calls
                    .classify("health:DescribeHealthServiceStatusForOrganization", &e)
            })?;
        Ok(out.health_service_access_status_for_organization() == Some("ENABLED"))
    }

    /// The accounts of the organization the event touches (none for a public event), every
    /// page.
    pub async fn affected_accounts(&self, arn: &str) -> Result<Vec<String>, AwsError> {
        let mut accounts = Vec::new();
        let mut pages = self
            .client
            .describe_affected_accounts_for_organization()
            .event_arn(arn)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| {
                self.calls
                    .classify("health:DescribeAffectedAccountsForOrganization", &e)
            })?;
            accounts.extend(page.affected_accounts().iter().cloned());
        }
        Ok(accounts)
    }
}
