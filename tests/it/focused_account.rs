//! `:account NAME` against the demo organization in the emulator: the session moves to the
//! account (a member through AssumeRole, the caller's own with its own credentials), the
//! header names it and marks production, and every pane asks the new account.

use crate::common;

use std::time::Duration;

use common::console::{Console, runtime};
use common::emulator::Emulator;
use warroom::config::Config;
use warroom::kit::Loadable;

const WAIT: Duration = Duration::from_secs(30);

const SETS: &str = r##"
[accounts.demo]
organization = { role = "OrganizationAccountAccessRole" }

[[accounts.demo.account]]
id = "123456789012"
name = "production"
color = "#b00020"
production = true

[[accounts.demo.account]]
id = "210987654321"
name = "staging"

[[accounts.demo.account]]
id = "456789012345"
name = "sandbox"
"##;

fn account(console: &Console) -> Option<String> {
    console.app.state.session.account().map(str::to_string)
}

async fn focus(console: &mut Console, name: &str, id: &str) {
    console.command(&format!("account {name}"));
    console
        .wait_until(&format!("the session in {id}"), WAIT, |s| {
            s.session.account() == Some(id)
        })
        .await;
}

#[test]
fn account_moves_the_session_and_the_header_names_the_account() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        let config = Config::from_user_text(std::path::Path::new("config.toml"), SETS).unwrap();
        console.app.state.session.account_sets = config.accounts;
        console
            .wait_until("the caller's identity", WAIT, |s| {
                matches!(s.session.identity, Loadable::Ready(_))
            })
            .await;
        assert_eq!(account(&console).as_deref(), Some("123456789012"));
        let screen = console.screen();
        let header = screen.lines().next().unwrap_or_default().to_string();
        assert!(
            header.starts_with(" warroom │  PROD  production (123456789012) │ "),
            "{header}"
        );

        focus(&mut console, "staging", "210987654321").await;
        let settings = &console.app.state.session.settings;
        assert_eq!(
            settings.role_arn.as_deref(),
            Some("arn:aws:iam::210987654321:role/OrganizationAccountAccessRole")
        );
        let screen = console
            .wait_for_text("staging-checkout-api-5xx", WAIT)
            .await;
        let header = screen.lines().next().unwrap_or_default();
        assert!(
            header.starts_with(" warroom │ staging (210987654321) │ ") && !header.contains("PROD"),
            "{header}"
        );
        assert!(
            !screen.contains("checkout-customer-impact"),
            "production's alarms are not staging's:\n{screen}"
        );

        // Back to the caller's own account: its own credentials, no role.
        focus(&mut console, "123456789012", "123456789012").await;
        assert_eq!(console.app.state.session.settings.role_arn, None);
        let screen = console
            .wait_for_text("checkout-customer-impact", WAIT)
            .await;
        assert!(
            screen.contains("PROD  production (123456789012)"),
            "{screen}"
        );
    });
}

#[test]
fn an_account_that_refuses_the_role_is_named_with_why() {
    common::emulator::isolate_aws_env();
    let emulator = Emulator::start_with(&["--seed", "demo"]);
    runtime().block_on(async {
        let mut console = Console::open(&emulator.url, Duration::from_secs(300));
        let config = Config::from_user_text(std::path::Path::new("config.toml"), SETS).unwrap();
        console.app.state.session.account_sets = config.accounts;
        console
            .wait_until("the caller's identity", WAIT, |s| {
                matches!(s.session.identity, Loadable::Ready(_))
            })
            .await;
        console.command("account sandbox");
        console
            .wait_until("STS to fail", WAIT, |s| {
                matches!(s.session.identity, Loadable::Failed(_))
            })
            .await;
        let Loadable::Failed(error) = &console.app.state.session.identity else {
            unreachable!()
        };
        let message = error.to_string();
        assert!(
            message.starts_with(
                "No credentials for sts:GetCallerIdentity: AccessDenied: cannot assume arn:aws:iam::456789012345:role/OrganizationAccountAccessRole. Its trust policy must allow the caller"
            ),
            "{message}"
        );
        let screen = console.screen();
        assert!(screen.contains("account unknown"), "{screen}");
    });
}
