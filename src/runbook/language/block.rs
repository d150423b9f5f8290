//! A fenced block with attributes becomes a runnable action: an SSM command or a query.

use std::time::Duration;

use super::attributes::{self, Attribute, InfoString};
use super::error::Problems;
use super::model::{
    Action, CommandBlock, Confirm, Located, Placeholder, Position, QueryBlock, RateControl, Shell,
};
use super::params::placeholders;
use super::values;

mod targets;

const COMMAND_ATTRIBUTES: &[&str] = &[
    "name",
    "document",
    "targets",
    "tags",
    "instance_ids",
    "timeout",
    "max_concurrency",
    "max_errors",
    "confirm",
    "stop_on_alarm",
    "raw",
];
const QUERY_ATTRIBUTES: &[&str] = &["name", "log_groups", "since", "raw"];
/// Runme's own attributes: allowed so the file still opens in Runme, and ignored.
const RUNME_ATTRIBUTES: &[&str] = &[
    "id",
    "interactive",
    "background",
    "closeTerminalOnSuccess",
    "excludeFromRunAll",
    "category",
    "cwd",
    "promptEnv",
    "terminalRows",
    "mimeType",
    "interpreter",
    "skipPrompts",
];
pub const RUNNABLE_LANGUAGES: &str = "sh, bash, powershell, pwsh or logs-insights";
const DEFAULT_SINCE: Duration = Duration::from_secs(3600);

/// A runnable block: the step name it gives, if any, and what it does.
pub struct Runnable {
    pub name: Option<String>,
    pub action: Action,
}

/// Where the block is: its fence, its info string and its text.
pub struct Fence<'s> {
    pub at: Position,
    pub info_offset: usize,
    pub body: &'s str,
    pub body_offset: usize,
}

enum Kind {
    Command(Shell, &'static str),
    Query,
}

pub fn is_runnable_language(language: &str) -> bool {
    kind(language).is_some()
}

fn kind(language: &str) -> Option<Kind> {
    match language {
        "sh" | "bash" => Some(Kind::Command(Shell::Posix, "AWS-RunShellScript")),
        "powershell" | "pwsh" => Some(Kind::Command(Shell::PowerShell, "AWS-RunPowerShellScript")),
        "logs-insights" => Some(Kind::Query),
        _ => None,
    }
}

/// The runnable block this is, or `None` for text that is only shown.
pub fn read(info: &InfoString, fence: &Fence, problems: &mut Problems) -> Option<Runnable> {
    let kind = kind(&info.language);
    let attributes = match (&kind, &info.attributes) {
        (Some(Kind::Query), None) => &Vec::new(),
        (_, None) => return None,
        (None, Some(_)) => {
            problems.add(
                fence.info_offset,
                format!(
                    "`{}` blocks cannot run: use {RUNNABLE_LANGUAGES}, or drop the {{…}} attributes to show it as text",
                    info.language
                ),
            );
            return None;
        }
        (Some(_), Some(attributes)) => attributes,
    };
    let mut reader = Reader {
        fence,
        problems,
        placeholders: placeholders_in(fence),
    };
    match kind? {
        Kind::Command(shell, document) => {
            reader.command(&info.language, shell, document, attributes)
        }
        Kind::Query => reader.query(attributes),
    }
}

/// The `{{name}}` placeholders in the block's text, each at its place in the file.
fn placeholders_in(fence: &Fence) -> Vec<(usize, String)> {
    placeholders(fence.body)
        .into_iter()
        .map(|(range, name)| (fence.body_offset + range.start, name))
        .collect()
}

struct Reader<'f, 'p, 'a> {
    fence: &'f Fence<'f>,
    problems: &'p mut Problems<'a>,
    /// Byte offsets in the file, and names.
    placeholders: Vec<(usize, String)>,
}

impl Reader<'_, '_, '_> {
    fn problem(&mut self, attribute: &Attribute, message: impl Into<String>) {
        self.problems
            .add(self.fence.info_offset + attribute.offset, message);
    }

    fn located_placeholders(&self) -> Vec<Placeholder> {
        let mut found: Vec<Placeholder> = self
            .placeholders
            .iter()
            .map(|(offset, name)| Placeholder {
                name: name.clone(),
                at: self.problems.at(*offset),
            })
            .collect();
        found.sort_by_key(|p| p.at);
        found
    }

    /// Notes the placeholders in an attribute's values, which are inserted as written.
    fn attribute_placeholders(&mut self, attribute: &Attribute, texts: &[String]) {
        for text in texts {
            for (_, name) in placeholders(text) {
                self.placeholders
                    .push((self.fence.info_offset + attribute.offset, name));
            }
        }
    }

    fn text(&mut self, attribute: &Attribute) -> Option<String> {
        let text = attributes::text(&attribute.value);
        if text.is_none() {
            self.problem(
                attribute,
                format!("attribute `{}` must be a string", attribute.key),
            );
        }
        text
    }

    fn list(&mut self, attribute: &Attribute) -> Vec<String> {
        let list = attributes::list(&attribute.value);
        if list.is_none() {
            self.problem(
                attribute,
                format!(
                    "attribute `{}` must be a list of strings or one comma-separated string",
                    attribute.key
                ),
            );
        }
        list.unwrap_or_default()
    }

    fn boolean(&mut self, attribute: &Attribute) -> bool {
        let flag = attributes::boolean(&attribute.value);
        if flag.is_none() {
            self.problem(
                attribute,
                format!("attribute `{}` must be true or false", attribute.key),
            );
        }
        flag.unwrap_or(false)
    }

    fn unknown(&mut self, attribute: &Attribute, language: &str, known: &[&str]) {
        let known_elsewhere = COMMAND_ATTRIBUTES.contains(&attribute.key.as_str())
            || QUERY_ATTRIBUTES.contains(&attribute.key.as_str());
        let message = if known_elsewhere {
            format!(
                "attribute `{}` does not apply to a {language} block (it takes {})",
                attribute.key,
                known.join(", ")
            )
        } else {
            format!(
                "unknown attribute `{}` (a {language} block takes {})",
                attribute.key,
                known.join(", ")
            )
        };
        self.problem(attribute, message);
    }

    fn command(
        &mut self,
        language: &str,
        shell: Shell,
        default_document: &str,
        attributes: &[Attribute],
    ) -> Option<Runnable> {
        let mut name = None;
        let mut block = CommandBlock {
            language: language.to_string(),
            shell,
            document: default_document.to_string(),
            script: self.fence.body.to_string(),
            targets: None,
            rate: RateControl::default(),
            confirm: Confirm::Yes,
            stop_on_alarm: Vec::new(),
            raw: false,
            placeholders: Vec::new(),
            at: self.fence.at,
        };
        for attribute in attributes {
            let at = self.problems.at(self.fence.info_offset + attribute.offset);
            match attribute.key.as_str() {
                "name" => name = self.text(attribute),
                "document" => {
                    if let Some(document) = self.text(attribute) {
                        block.document = document;
                    }
                }
                "targets" | "tags" | "instance_ids" => {
                    if block.targets.is_some() {
                        self.problem(
                            attribute,
                            "this block names its targets twice: keep one of targets, tags and instance_ids",
                        );
                    }
                    if let Some(targets) = self.targets(attribute) {
                        block.targets = Some(Located { value: targets, at });
                    }
                }
                "timeout" => {
                    block.rate.timeout = self.text(attribute).and_then(|text| {
                        values::timeout(&text)
                            .map_err(|e| self.problem(attribute, e))
                            .ok()
                    })
                }
                "max_concurrency" => {
                    block.rate.max_concurrency = self.checked(attribute, values::concurrency)
                }
                "max_errors" => block.rate.max_errors = self.checked(attribute, values::errors),
                "confirm" => {
                    block.confirm = match self.text(attribute).as_deref() {
                        Some("yes") => Confirm::Yes,
                        Some("typed") => Confirm::Typed,
                        Some(other) => {
                            self.problem(
                                attribute,
                                format!(
                                    "confirm `{other}` is not known: use yes (the default) or typed"
                                ),
                            );
                            Confirm::Typed
                        }
                        None => Confirm::Typed,
                    }
                }
                "stop_on_alarm" => block.stop_on_alarm = self.list(attribute),
                "raw" => block.raw = self.boolean(attribute),
                key if RUNME_ATTRIBUTES.contains(&key) => {}
                _ => self.unknown(attribute, language, COMMAND_ATTRIBUTES),
            }
        }
        if block.script.trim().is_empty() {
            self.problems.add_at(
                self.fence.at,
                format!("this {language} block is empty: write the commands to run, or drop the {{…}} attributes"),
            );
        }
        block.placeholders = self.located_placeholders();
        Some(Runnable {
            name,
            action: Action::RunCommand(block),
        })
    }

    fn checked(
        &mut self,
        attribute: &Attribute,
        check: fn(&str) -> Result<String, String>,
    ) -> Option<String> {
        let text = self.text(attribute)?;
        check(&text).map_err(|e| self.problem(attribute, e)).ok()
    }

    fn query(&mut self, attributes: &[Attribute]) -> Option<Runnable> {
        let mut name = None;
        let mut block = QueryBlock {
            query: self.fence.body.to_string(),
            log_groups: Vec::new(),
            since: DEFAULT_SINCE,
            raw: false,
            placeholders: Vec::new(),
            at: self.fence.at,
        };
        let mut has_log_groups = false;
        for attribute in attributes {
            match attribute.key.as_str() {
                "name" => name = self.text(attribute),
                "log_groups" => {
                    has_log_groups = true;
                    block.log_groups = self.list(attribute);
                    let groups = block.log_groups.clone();
                    self.attribute_placeholders(attribute, &groups);
                }
                "since" => {
                    if let Some(text) = self.text(attribute) {
                        match values::since(&text) {
                            Ok(since) => block.since = since,
                            Err(e) => self.problem(attribute, e),
                        }
                    }
                }
                "raw" => block.raw = self.boolean(attribute),
                key if RUNME_ATTRIBUTES.contains(&key) => {}
                _ => self.unknown(attribute, "logs-insights", QUERY_ATTRIBUTES),
            }
        }
        if !has_log_groups || block.log_groups.is_empty() {
            self.problems.add_at(
                self.fence.at,
                "this logs-insights block names no log group: add log_groups=/aws/… (a list, or names separated by commas)",
            );
        }
        if block.query.trim().is_empty() {
            self.problems.add_at(
                self.fence.at,
                "this logs-insights block is empty: write the query, such as fields @timestamp, @message | limit 20",
            );
        }
        block.placeholders = self.located_placeholders();
        Some(Runnable {
            name,
            action: Action::LogsQuery(block),
        })
    }
}
