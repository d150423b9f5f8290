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
#[path = "prompt_tests.rs"]
mod tests;
