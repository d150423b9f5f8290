//! Questions asked on the terminal during `warroom runbook run`: read from any `BufRead`,
//! written to any `Write`, so tests drive them with bytes.

use std::io::{BufRead, Write};

use crate::runbook::language::model::{Confirm, Targets};
use crate::session::FocusedAccount;

/// What the engineer chose after a step failed or a send was declined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterFailure {
    Retry,
    Skip,
    Abort,
}

/// The answer to a confirmation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirmation {
    Send,
    /// Not confirmed, with what was answered (empty at end of input).
    Declined {
        answer: String,
    },
}

/// Throws away what was typed before a question was asked.
pub type Discard = Box<dyn FnMut() -> std::io::Result<()> + Send>;

pub struct Prompter<R, W> {
    input: R,
    pub out: W,
    /// `--yes`: plain confirmations are answered yes; typed ones are still asked.
    pub assume_yes: bool,
    /// Run before each question, so that only what is typed after it answers it.
    discard: Option<Discard>,
}

/// Discards input the terminal has received and nobody has read yet (`tcflush(TCIFLUSH)`):
/// answers typed ahead of a question never answer it.
#[cfg(unix)]
pub fn discard_typed_ahead(terminal: impl std::os::fd::AsFd) -> std::io::Result<()> {
    rustix::termios::tcflush(terminal, rustix::termios::QueueSelector::IFlush)
        .map_err(std::io::Error::from)
}

impl<R: BufRead, W: Write> Prompter<R, W> {
    pub fn new(input: R, out: W, assume_yes: bool) -> Self {
        Prompter {
            input,
            out,
            assume_yes,
            discard: None,
        }
    }

    /// Calls `discard` before every question (on a terminal: [`discard_typed_ahead`]).
    pub fn discarding_typed_ahead(mut self, discard: Discard) -> Self {
        self.discard = Some(discard);
        self
    }

    /// Asks `question` and reads one line, trimmed; `None` at end of input. What was typed
    /// before the question was shown is thrown away first.
    fn ask(&mut self, question: &str) -> std::io::Result<Option<String>> {
        if let Some(discard) = &mut self.discard {
            discard()?;
        }
        write!(self.out, "{question}")?;
        self.out.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            writeln!(self.out)?;
            return Ok(None);
        }
        Ok(Some(line.trim().to_string()))
    }

    fn yes_no(&mut self, question: &str) -> std::io::Result<bool> {
        Ok(self
            .ask(&format!("{question} [y/N] "))?
            .is_some_and(|a| a.eq_ignore_ascii_case("y") || a.eq_ignore_ascii_case("yes")))
    }

    /// A manual step: done by hand, then acknowledged.
    pub fn done(&mut self) -> std::io::Result<bool> {
        self.yes_no("Done?")
    }

    /// Asks to send a command. `confirm=yes`: `y` sends it (or `--yes`); `confirm=typed`: the
    /// account id or the target name must be typed, whatever `--yes` says. In a `production`
    /// account every command wants the account's name typed (not its id, not `y`).
    pub fn confirm(
        &mut self,
        confirm: Confirm,
        account: &str,
        production: Option<&FocusedAccount>,
        targets: &Targets,
    ) -> std::io::Result<Confirmation> {
        if let Some(production) = production {
            return self.confirm_production(production);
        }
        match confirm {
            Confirm::Yes if self.assume_yes => {
                writeln!(self.out, "Send it? yes (--yes)")?;
                Ok(Confirmation::Send)
            }
            Confirm::Yes => {
                let answer = self.ask("Send it? [y/N] ")?.unwrap_or_default();
                Ok(
                    if answer.eq_ignore_ascii_case("y") || answer.eq_ignore_ascii_case("yes") {
                        Confirmation::Send
                    } else {
                        Confirmation::Declined { answer }
                    },
                )
            }
            Confirm::Typed => {
                let names = target_names(targets);
                let target = names
                    .first()
                    .cloned()
                    .unwrap_or_else(|| targets.to_string());
                let question = format!(
                    "This step asks for a typed confirmation{}. Type the account id ({account}) or the target name ({target}) to send it; anything else does not: ",
                    if self.assume_yes {
                        " (--yes does not answer it)"
                    } else {
                        ""
                    }
                );
                let answer = self.ask(&question)?.unwrap_or_default();
                Ok(if typed_matches(&answer, account, targets) {
                    Confirmation::Send
                } else {
                    Confirmation::Declined { answer }
                })
            }
        }
    }

    fn confirm_production(&mut self, account: &FocusedAccount) -> std::io::Result<Confirmation> {
        let name = account.answer().to_string();
        let question = format!(
            "{} is a production account: type its name ({name}) to send it{}; anything else does not: ",
            account.label(),
            if self.assume_yes {
                " (--yes does not answer it)"
            } else {
                ""
            }
        );
        let answer = self.ask(&question)?.unwrap_or_default();
        if !name.is_empty() && answer == name {
            return Ok(Confirmation::Send);
        }
        writeln!(
            self.out,
            "`{answer}` is not the production account's name ({name}): not its id, not y."
        )?;
        Ok(Confirmation::Declined { answer })
    }

    /// After a failure (or a declined or impossible send): retry, skip or abort; aborting is
    /// the default. `retry` false leaves retrying out.
    pub fn after_failure(&mut self, retry: bool) -> std::io::Result<AfterFailure> {
        loop {
            let question = if retry {
                "[r]etry, [s]kip this step, or [a]bort the run? [r/s/A] "
            } else {
                "[s]kip this step, or [a]bort the run? [s/A] "
            };
            let Some(answer) = self.ask(question)? else {
                return Ok(AfterFailure::Abort);
            };
            match answer.to_ascii_lowercase().as_str() {
                "r" | "retry" if retry => return Ok(AfterFailure::Retry),
                "s" | "skip" => return Ok(AfterFailure::Skip),
                "" | "a" | "abort" => return Ok(AfterFailure::Abort),
                _ => writeln!(self.out, "`{answer}` is not one of the choices.")?,
            }
        }
    }
}

/// The names a typed confirmation accepts for these targets besides the account id: the
/// targets as written (`Service=checkout`, `i-1, i-2`), each tag value when the targets are
/// one tag with one value (`checkout`), the instance id when there is one.
pub fn target_names(targets: &Targets) -> Vec<String> {
    let mut names = Vec::new();
    match targets {
        Targets::Tags(tags) => {
            if let [(_, values)] = tags.iter().collect::<Vec<_>>().as_slice()
                && let [value] = values.as_slice()
            {
                names.push(value.clone());
            }
        }
        Targets::InstanceIds(ids) => {
            if let [id] = ids.as_slice() {
                names.push(id.clone());
            }
        }
    }
    names.push(targets.to_string());
    names
}

/// Whether a typed answer confirms: exactly the account id or one of the target names.
pub fn typed_matches(answer: &str, account: &str, targets: &Targets) -> bool {
    let answer = answer.trim();
    !answer.is_empty()
        && (answer == account || target_names(targets).iter().any(|name| name == answer))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn checkout() -> Targets {
        Targets::Tags(BTreeMap::from([(
            "Service".to_string(),
            vec!["checkout".to_string()],
        )]))
    }

    fn prompter(input: &str, yes: bool) -> Prompter<&[u8], Vec<u8>> {
        Prompter::new(input.as_bytes(), Vec::new(), yes)
    }

    fn text(p: &Prompter<&[u8], Vec<u8>>) -> String {
        String::from_utf8_lossy(&p.out).into_owned()
    }

    #[test]
    fn a_plain_confirmation_sends_only_on_y() {
        for (input, sends) in [
            ("y\n", true),
            ("YES\n", true),
            ("\n", false),
            ("n\n", false),
            ("", false),
        ] {
            let mut p = prompter(input, false);
            let sent = p
                .confirm(Confirm::Yes, "123456789012", None, &checkout())
                .unwrap()
                == Confirmation::Send;
            assert_eq!(sent, sends, "{input:?}");
            assert!(text(&p).contains("Send it? [y/N]"));
        }
    }

    #[test]
    fn yes_answers_plain_confirmations_and_never_typed_ones() {
        let mut p = prompter("", true);
        assert_eq!(
            p.confirm(Confirm::Yes, "123456789012", None, &checkout())
                .unwrap(),
            Confirmation::Send
        );
        let mut p = prompter("y\n", true);
        assert_eq!(
            p.confirm(Confirm::Typed, "123456789012", None, &checkout())
                .unwrap(),
            Confirmation::Declined { answer: "y".into() }
        );
        assert!(
            text(&p).contains("--yes does not answer it"),
            "{}",
            text(&p)
        );
    }

    #[test]
    fn a_typed_confirmation_takes_the_account_id_or_the_target_name() {
        for (input, sends) in [
            ("123456789012\n", true),
            ("checkout\n", true),
            ("Service=checkout\n", true),
            ("  checkout  \n", true),
            ("y\n", false),
            ("12345678901\n", false),
            ("Checkout\n", false),
            ("\n", false),
        ] {
            let mut p = prompter(input, false);
            let sent = p
                .confirm(Confirm::Typed, "123456789012", None, &checkout())
                .unwrap()
                == Confirmation::Send;
            assert_eq!(sent, sends, "{input:?}");
        }
        let out = {
            let mut p = prompter("\n", false);
            p.confirm(Confirm::Typed, "123456789012", None, &checkout())
                .unwrap();
            text(&p)
        };
        assert!(
            out.contains("(123456789012)") && out.contains("(checkout)"),
            "{out}"
        );
    }

    #[test]
    fn a_production_account_wants_its_name_whatever_the_block_and_yes_say() {
        let prod = FocusedAccount {
            id: "123456789012".into(),
            name: Some("prod-payments".into()),
            color: None,
            production: true,
        };
        for (confirm, input, sends) in [
            (Confirm::Yes, "prod-payments\n", true),
            (Confirm::Typed, "  prod-payments \n", true),
            (Confirm::Yes, "y\n", false),
            (Confirm::Typed, "123456789012\n", false),
            (Confirm::Typed, "checkout\n", false),
            (Confirm::Yes, "", false),
        ] {
            let mut p = prompter(input, true);
            let sent = p
                .confirm(confirm, "123456789012", Some(&prod), &checkout())
                .unwrap()
                == Confirmation::Send;
            assert_eq!(sent, sends, "{confirm:?} {input:?}");
            let out = text(&p);
            assert!(
                out.contains(
                    "prod-payments (123456789012) is a production account: type its name (prod-payments) to send it (--yes does not answer it)"
                ),
                "{out}"
            );
            if !sends {
                assert!(
                    out.contains(
                        "is not the production account's name (prod-payments): not its id, not y."
                    ),
                    "{out}"
                );
            }
        }
    }

    #[test]
    fn several_tags_are_confirmed_by_the_targets_as_written() {
        let targets = Targets::Tags(BTreeMap::from([
            ("Env".to_string(), vec!["prod".to_string()]),
            ("Service".to_string(), vec!["checkout".to_string()]),
        ]));
        assert!(!typed_matches("checkout", "1", &targets));
        assert!(typed_matches(
            "Env=prod and Service=checkout",
            "1",
            &targets
        ));
        let one = Targets::InstanceIds(vec!["i-0123456789abcdef0".into()]);
        assert!(typed_matches("i-0123456789abcdef0", "1", &one));
    }

    #[test]
    fn after_a_failure_the_default_is_abort_and_nonsense_is_asked_again() {
        let mut p = prompter("x\nr\n", false);
        assert_eq!(p.after_failure(true).unwrap(), AfterFailure::Retry);
        assert!(text(&p).contains("`x` is not one of the choices."));
        assert_eq!(
            prompter("\n", false).after_failure(true).unwrap(),
            AfterFailure::Abort
        );
        assert_eq!(
            prompter("", false).after_failure(true).unwrap(),
            AfterFailure::Abort
        );
        assert_eq!(
            prompter("s\n", false).after_failure(true).unwrap(),
            AfterFailure::Skip
        );
        // without retry, r is not a choice
        let mut p = prompter("r\ns\n", false);
        assert_eq!(p.after_failure(false).unwrap(), AfterFailure::Skip);
    }

    #[test]
    fn what_was_typed_before_each_question_is_discarded_first() {
        use std::sync::{Arc, Mutex};
        let asked = Arc::new(Mutex::new(Vec::new()));
        let seen = asked.clone();
        let mut p = prompter("x\n", false).discarding_typed_ahead(Box::new(move || {
            seen.lock().unwrap().push(());
            Ok(())
        }));
        assert_eq!(p.after_failure(true).unwrap(), AfterFailure::Abort);
        assert_eq!(asked.lock().unwrap().len(), 2, "once for each question");
    }

    #[test]
    fn a_manual_step_is_done_only_on_y() {
        assert!(prompter("y\n", false).done().unwrap());
        assert!(!prompter("\n", false).done().unwrap());
        assert!(!prompter("", false).done().unwrap());
    }
}
