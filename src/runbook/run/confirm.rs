//! The confirmation a command passes through before it is sent: what runs, where, as whom,
//! and every reason it cannot be sent.

mod screen;

pub use screen::{Reading, Screen, Scroll, Shown};

use std::hash::{DefaultHasher, Hash, Hasher};

use jiff::Timestamp;
use tui_input::Input;

use super::audit::{Intent, new_intent_id};
use super::fleet::{CommandRequest, TargetPreview};
use crate::aws::Identity;
use crate::kit::Loadable;
use crate::runbook::headless::prompt::{target_names, typed_matches};
use crate::runbook::language::model::Confirm;
use crate::runbook::language::resolve::{ResolvedAction, ResolvedCommand, resolve_step};
use crate::runbook::pane::state::OpenRunbook;
use crate::session::FocusedAccount;

pub struct Confirmation {
    pub step: usize,
    pub step_name: String,
    pub command: ResolvedCommand,
    pub request: CommandRequest,
    pub account: Option<String>,
    /// The account's name in the config, when it has one.
    pub account_name: Option<String>,
    /// A production account: the typed confirmation wants its name, whatever the block says.
    pub production: bool,
    pub caller_arn: String,
    pub region: String,
    /// The session it was built in: a send is refused once another session is in place.
    pub generation: u64,
    pub preview_req: u64,
    pub preview: Loadable<TargetPreview>,
    /// Reasons known before the targets are resolved: read-only, pins, unknown account.
    pub refusals: Vec<String>,
    /// What the engineer types when the block says `confirm=typed`.
    pub typed: Input,
    /// Where it is scrolled to and what the screen has shown of it.
    pub screen: Screen,
    runbook_path: String,
    content_hash: String,
    parameters: std::collections::BTreeMap<String, String>,
}

/// Where and as whom warroom acts now.
#[derive(Clone, Debug, Default)]
pub struct Session {
    pub identity: Option<Identity>,
    /// The focused account as the config names it.
    pub focused: Option<FocusedAccount>,
    pub region: String,
    pub read_only: bool,
    pub generation: u64,
}

impl Session {
    /// The console's session as it stands.
    pub fn of(session: &crate::session::Session) -> Session {
        Session {
            identity: match &session.identity {
                Loadable::Ready(identity) => Some(identity.clone()),
                _ => None,
            },
            focused: session.focused(),
            region: session.region.clone(),
            read_only: session.settings.read_only,
            generation: session.generation,
        }
    }
}

fn comment(runbook: &str, step: &str) -> String {
    super::ssm::comment(&format!("warroom runbook {runbook} step {step}"))
}

/// The confirmation for step `n` of the open runbook, or why there is none (not a command
/// step, a parameter problem).
pub fn prepare(
    open: &OpenRunbook,
    n: usize,
    session: &Session,
    preview_req: u64,
) -> Result<Confirmation, String> {
    let step = open.runbook.steps.get(n).ok_or("No such step")?;
    let resolved = resolve_step(&open.runbook, step, &open.values).map_err(|e| e.to_string())?;
    let ResolvedAction::RunCommand(command) = resolved.action else {
        return Err(format!("`{}` is not a command step", step.name));
    };
    let rate = command
        .rate
        .over(&crate::runbook::language::model::RateControl::ssm_defaults());
    let file_name = open
        .runbook
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let request = CommandRequest {
        document: command.document.clone(),
        commands: command.commands.clone(),
        targets: command.targets.clone(),
        max_concurrency: rate.max_concurrency.unwrap_or_default(),
        max_errors: rate.max_errors.unwrap_or_default(),
        timeout_seconds: rate.timeout.map(|t| t.as_secs()).unwrap_or(3600),
        comment: comment(&file_name, &step.name),
        stop_on_alarm: command.stop_on_alarm.clone(),
    };
    let mut refusals = Vec::new();
    if session.read_only {
        refusals.push(
            "Read-only: warroom sends nothing to the fleet (started with --read-only or read_only = true)."
                .to_string(),
        );
    }
    match &session.identity {
        None => refusals.push(
            "The account is not known yet (STS GetCallerIdentity has not answered); sending waits for it."
                .to_string(),
        ),
        Some(identity) => {
            if let Some(pinned) = &open.runbook.front.account
                && *pinned != identity.account
            {
                refusals.push(format!(
                    "This runbook is pinned to account {pinned}, but these credentials act in account {}.",
                    identity.account
                ));
            }
        }
    }
    let regions = &open.runbook.front.regions;
    if !regions.is_empty() && !regions.contains(&session.region) {
        refusals.push(format!(
            "This runbook runs only in {}, and warroom is on {}: switch with :region.",
            regions.join(", "),
            session.region
        ));
    }
    Ok(Confirmation {
        step: n,
        step_name: step.name.clone(),
        command,
        request,
        account: session.identity.as_ref().map(|i| i.account.clone()),
        account_name: session.focused.as_ref().and_then(|f| f.name.clone()),
        production: session.focused.as_ref().is_some_and(|f| f.production),
        caller_arn: session
            .identity
            .as_ref()
            .map(|i| i.arn.clone())
            .unwrap_or_default(),
        region: session.region.clone(),
        generation: session.generation,
        preview_req,
        preview: Loadable::Loading,
        refusals,
        typed: Input::default(),
        screen: Screen::default(),
        runbook_path: open.runbook.path.display().to_string(),
        content_hash: open.content_hash.clone(),
        parameters: open.values.plain(),
    })
}

impl Confirmation {
    /// Why it cannot be sent, when it cannot; `None` also while targets are resolving.
    pub fn refusal(&self) -> Option<String> {
        if let Some(first) = self.refusals.first() {
            return Some(first.clone());
        }
        match &self.preview {
            Loadable::Failed(e) => Some(format!("Cannot resolve the targets: {}", e.message)),
            Loadable::Ready(p) if p.count == 0 => Some(format!(
                "No managed instance matches {}: nothing would run.",
                self.command.targets
            )),
            _ => None,
        }
    }

    /// Whether `y` (or the typed answer) may send it now: nothing refuses it, the targets
    /// are resolved, and the screen has shown it to its last line.
    pub fn sendable(&self) -> bool {
        self.refusal().is_none()
            && matches!(self.preview, Loadable::Ready(_))
            && self.reading() == Reading::Read
    }

    /// How much of what it sends has been on screen.
    pub fn reading(&self) -> Reading {
        self.screen.reading(self.fingerprint())
    }

    /// Everything the scrolled part shows: when it changes, what was read no longer counts.
    pub fn fingerprint(&self) -> u64 {
        let mut h = DefaultHasher::new();
        let r = &self.request;
        (
            &self.caller_arn,
            &r.document,
            &r.commands,
            &r.max_concurrency,
        )
            .hash(&mut h);
        (&r.max_errors, r.timeout_seconds, &r.stop_on_alarm).hash(&mut h);
        self.command.targets.to_string().hash(&mut h);
        match &self.preview {
            Loadable::Ready(p) => {
                (1u8, p.count).hash(&mut h);
                for i in &p.instances {
                    (&i.id, &i.name, &i.platform, &i.ping_status).hash(&mut h);
                }
            }
            Loadable::Failed(e) => (2u8, &e.message).hash(&mut h),
            Loadable::Loading => 0u8.hash(&mut h),
        }
        h.finish()
    }

    /// A typed answer is wanted: the block says `confirm=typed`, or the account is production.
    pub fn typed_confirmation(&self) -> bool {
        self.command.confirm == Confirm::Typed || self.production
    }

    /// The account as the confirmation names it: `prod-payments (123456789012)`.
    pub fn account_label(&self) -> String {
        match (&self.account_name, &self.account) {
            (Some(name), Some(id)) if name != id => format!("{name} ({id})"),
            (_, Some(id)) => id.clone(),
            (Some(name), None) => name.clone(),
            (None, None) => "unknown".to_string(),
        }
    }

    /// What may be typed: a production account's name (its id when it has none), else the
    /// account id or the targets' name.
    pub fn answers(&self) -> Vec<String> {
        if self.production {
            return self.production_answer().into_iter().collect();
        }
        let mut answers: Vec<String> = self.account.iter().cloned().collect();
        answers.extend(target_names(&self.command.targets));
        answers
    }

    fn production_answer(&self) -> Option<String> {
        self.account_name.clone().or_else(|| self.account.clone())
    }

    pub fn accepts(&self, typed: &str) -> bool {
        if self.production {
            return self
                .production_answer()
                .is_some_and(|name| !name.is_empty() && typed.trim() == name);
        }
        self.account
            .as_deref()
            .is_some_and(|account| typed_matches(typed, account, &self.command.targets))
    }

    /// Why a typed answer that `accepts` refused sends nothing, and what to type instead.
    pub fn wrong_answer(&self) -> String {
        let answers = self.answers().join(" or ");
        if self.production {
            format!(
                "Not sent: {} is a production account: type its name, {answers}, to send (not its id, not y)",
                self.account_label()
            )
        } else {
            format!("Not sent: type {answers} to send")
        }
    }

    /// Why it may not be sent in the session as it is now: it was built for another
    /// session, account or region. Nothing is sent then.
    pub fn moved(&self, now: &Session) -> Option<String> {
        let account = now.identity.as_ref().map(|i| i.account.as_str());
        let same = now.generation == self.generation
            && account.is_some()
            && account == self.account.as_deref()
            && now.region == self.region;
        if same {
            return None;
        }
        let there = match (&now.focused, account) {
            (Some(f), _) => format!("{} in {}", f.label(), now.region),
            (None, Some(id)) => format!("{id} in {}", now.region),
            (None, None) => format!("an account not known yet in {}", now.region),
        };
        Some(format!(
            "this confirmation was for account {} in {}, and the session has changed since (now {there}). Press x to confirm the step again for the account focused now",
            self.account_label(),
            self.region
        ))
    }

    /// The audit record written, and on disk, before SendCommand.
    pub fn intent(&self, now: Timestamp) -> Intent {
        Intent {
            id: new_intent_id(now),
            time: now,
            runbook: self.runbook_path.clone(),
            content_hash: self.content_hash.clone(),
            step: self.step_name.clone(),
            parameters: self.parameters.clone(),
            document: self.request.document.clone(),
            commands: self.request.commands.clone(),
            targets: self.request.targets.clone(),
            max_concurrency: self.request.max_concurrency.clone(),
            max_errors: self.request.max_errors.clone(),
            timeout_seconds: self.request.timeout_seconds,
            caller_arn: self.caller_arn.clone(),
            account: self.account.clone().unwrap_or_default(),
            region: self.region.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_fit_what_ssm_keeps() {
        let long = "x".repeat(150);
        assert_eq!(comment(&long, "restart").chars().count(), 100);
        assert!(comment(&long, "restart").ends_with('…'));
        assert_eq!(
            comment("checkout-5xx.md", "restart"),
            "warroom runbook checkout-5xx.md step restart"
        );
    }
}
