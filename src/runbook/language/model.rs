//! A runbook as read from its markdown file: front matter, then one step per `##` heading.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// 1-based line and column (in characters) in the runbook file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Runbook {
    pub path: PathBuf,
    /// The front matter's title, else the first `#` heading, else the file name.
    pub title: String,
    pub front: FrontMatter,
    /// Markdown before the first step.
    pub introduction: Option<Prose>,
    pub steps: Vec<Step>,
}

impl Runbook {
    /// Whether this runbook answers the alarm: one of its `alarms` names or globs matches.
    pub fn answers(&self, alarm_name: &str) -> bool {
        self.front
            .alarms
            .iter()
            .any(|pattern| wildmatch::WildMatch::new(pattern).matches(alarm_name))
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.front.params.iter().find(|p| p.name == name)
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// The only account this runbook may run in.
    pub account: Option<String>,
    /// The only regions this runbook may run in; empty means any.
    pub regions: Vec<String>,
    /// Alarm names or globs (`*`, `?`) this runbook answers.
    pub alarms: Vec<String>,
    /// In the order they are declared.
    pub params: Vec<Param>,
    /// Where SSM blocks run unless a block names its own targets.
    pub targets: Option<Located<Targets>>,
    pub rate: RateControl,
}

#[derive(Clone, Debug, Serialize)]
pub struct Param {
    pub name: String,
    pub description: Option<String>,
    pub default: Option<Located<String>>,
    /// Every value must match it whole.
    pub pattern: Option<Located<String>>,
    pub at: Position,
}

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Located<T> {
    pub value: T,
    pub at: Position,
}

/// SSM Run Command targets: instances by tag, or by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Targets {
    /// Every tag key must have one of its values.
    Tags(BTreeMap<String, Vec<String>>),
    InstanceIds(Vec<String>),
}

impl std::fmt::Display for Targets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Targets::Tags(tags) => {
                let words: Vec<String> = tags
                    .iter()
                    .map(|(key, values)| format!("{key}={}", values.join(",")))
                    .collect();
                f.write_str(&words.join(" and "))
            }
            Targets::InstanceIds(ids) => f.write_str(&ids.join(", ")),
        }
    }
}

/// SendCommand's rate control; `None` leaves the choice to the level above.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RateControl {
    /// A count (`1`) or a percentage of the targets (`25%`).
    pub max_concurrency: Option<String>,
    /// A count (`0`) or a percentage of the targets (`10%`).
    pub max_errors: Option<String>,
    /// How long the command may run on each instance.
    pub timeout: Option<Duration>,
}

impl RateControl {
    /// This rate control, with what it leaves open taken from `defaults`.
    pub fn over(&self, defaults: &RateControl) -> RateControl {
        RateControl {
            max_concurrency: self
                .max_concurrency
                .clone()
                .or_else(|| defaults.max_concurrency.clone()),
            max_errors: self
                .max_errors
                .clone()
                .or_else(|| defaults.max_errors.clone()),
            timeout: self.timeout.or(defaults.timeout),
        }
    }

    /// What SSM and AWS-RunShellScript do when nothing is said.
    pub fn ssm_defaults() -> RateControl {
        RateControl {
            max_concurrency: Some("50".into()),
            max_errors: Some("0".into()),
            timeout: Some(Duration::from_secs(3600)),
        }
    }
}

/// Markdown source text and the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Prose {
    pub text: String,
    pub line: usize,
}

impl Prose {
    /// The first paragraph, its lines joined by spaces.
    pub fn first_paragraph(&self) -> String {
        self.text
            .lines()
            .map(str::trim)
            .take_while(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// The block's `name` attribute, else the heading text.
    pub name: String,
    pub heading: String,
    pub at: Position,
    /// The prose before the runnable block (all of it for a manual step).
    pub instruction: Option<Prose>,
    /// The prose after the runnable block, such as what to expect.
    pub notes: Option<Prose>,
    pub action: Action,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// The engineer does it by hand and acknowledges it.
    Manual,
    RunCommand(CommandBlock),
    LogsQuery(QueryBlock),
}

/// How parameter values are quoted in a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shell {
    Posix,
    PowerShell,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confirm {
    /// `y` sends it.
    #[default]
    Yes,
    /// The engineer types the account id or the target name.
    Typed,
}

/// A fenced block sent through SSM Run Command.
#[derive(Clone, Debug, Serialize)]
pub struct CommandBlock {
    pub language: String,
    pub shell: Shell,
    pub document: String,
    /// The block's text, `{{name}}` placeholders unresolved.
    pub script: String,
    /// This block's own targets, over the front matter's.
    pub targets: Option<Located<Targets>>,
    pub rate: RateControl,
    pub confirm: Confirm,
    /// Alarms that stop the command when they go to ALARM (SSM AlarmConfiguration).
    pub stop_on_alarm: Vec<String>,
    /// Parameter values go in unquoted.
    pub raw: bool,
    pub placeholders: Vec<Placeholder>,
    /// The opening fence.
    pub at: Position,
}

/// A fenced `logs-insights` block: a Logs Insights query.
#[derive(Clone, Debug, Serialize)]
pub struct QueryBlock {
    pub query: String,
    pub log_groups: Vec<String>,
    /// How far back the query looks.
    pub since: Duration,
    pub raw: bool,
    pub placeholders: Vec<Placeholder>,
    pub at: Position,
}

/// A `{{name}}` in a block or one of its attributes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Placeholder {
    pub name: String,
    pub at: Position,
}

impl Action {
    pub fn placeholders(&self) -> &[Placeholder] {
        match self {
            Action::Manual => &[],
            Action::RunCommand(block) => &block.placeholders,
            Action::LogsQuery(block) => &block.placeholders,
        }
    }

    /// What the step's kind is called in a plan: the SSM document, `logs-insights` or `manual`.
    pub fn label(&self) -> &str {
        match self {
            Action::Manual => "manual",
            Action::RunCommand(block) => &block.document,
            Action::LogsQuery(_) => "logs-insights",
        }
    }
}
