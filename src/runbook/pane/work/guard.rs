//! The executor's last check before a step is sent: the session's credentials still act in
//! the account the step was confirmed for.

use crate::aws::IdentitySource;
use crate::runbook::run::audit::Intent;

/// Whether the session's credentials act in the account the step was confirmed for (STS
/// asked again, right before the send); else why nothing is sent.
pub(super) async fn same_account(
    identity: Option<&dyn IdentitySource>,
    intent: &Intent,
) -> Result<(), String> {
    let confirmed = &intent.account;
    let again = "Press x to confirm it again for the account focused now.";
    let Some(identity) = identity else {
        return Err(format!("Not sent: not connected to AWS. {again}"));
    };
    if confirmed.is_empty() {
        return Err(format!(
            "Not sent: the step was confirmed for no known account. {again}"
        ));
    }
    match identity.identity().await {
        Ok(now) if now.account == *confirmed => Ok(()),
        Ok(now) => Err(format!(
            "Not sent: the step was confirmed for account {confirmed}, and the session's credentials now act in account {} ({}). {again}",
            now.account, now.arn
        )),
        Err(e) => Err(format!(
            "Not sent: the step was confirmed for account {confirmed}, and STS cannot say which account the session acts in now (GetCallerIdentity: {e}). {again}"
        )),
    }
}
