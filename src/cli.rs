//! The command line: flags shared by the console and the headless commands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::aws::{RetrySettings, SessionSettings};

#[derive(Parser, Debug)]
#[command(
    name = "warroom",
    version,
    about = "A full-screen terminal incident console for AWS"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// AWS profile from ~/.aws/config (default: AWS_PROFILE or "default")
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// AWS region (default: AWS_REGION or the profile's region)
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Send every AWS call to this URL instead of AWS (also AWS_ENDPOINT_URL)
    #[arg(long, global = true)]
    pub endpoint_url: Option<String>,
    /// Never change anything in AWS (also WARROOM_READ_ONLY=1; only 0, false, no, off or
    /// an empty value leave it off)
    #[arg(long, global = true, env = "WARROOM_READ_ONLY", value_parser = clap::builder::FalseyValueParser::new())]
    pub read_only: bool,
    /// Theme name (dark, light, high-contrast, or one in the config folder's themes/) or a path
    #[arg(long, global = true)]
    pub theme: Option<String>,
    /// Config file (default: WARROOM_CONFIG, else $XDG_CONFIG_HOME/warroom/config.toml). A file
    /// that cannot be read or parsed leaves warroom read-only until it is fixed
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Health: the organization view (events of every account in the organization)
    #[arg(long, global = true)]
    pub org: bool,
    /// An account set from the config (`[accounts.NAME]`): the console's Alarms pane,
    /// `warroom triage`, `alarms` and `changes` ask every account and region of it at once
    #[arg(long, global = true, value_name = "NAME")]
    pub accounts: Option<String>,
    /// Console: open this incident (start it if there is none of that name)
    #[arg(long, global = true)]
    pub incident: Option<String>,
    /// With --incident, when a new incident started: 03:00 (UTC) or 2026-11-23T03:00:00Z
    #[arg(long, global = true)]
    pub incident_start: Option<String>,
    /// Console: record what it receives from AWS to this file (replay it with `warroom replay`)
    #[arg(long, global = true)]
    pub record: Option<PathBuf>,
    /// Log filter for the log file, e.g. info, debug, warroom=trace
    #[arg(long, global = true, default_value = "info")]
    pub log_level: String,
}

#[derive(Subcommand, Debug)]
pub enum CliCommand {
    /// Print the alarms and exit
    Alarms(AlarmsArgs),
    /// Print what changed in the account (CloudTrail writes) and exit
    Changes(ChangesArgs),
    /// Run a Logs Insights query, wait for it, print its rows and exit
    Query(QueryArgs),
    /// Live Tail log groups (StartLiveTail, billed per minute of session): one line per event
    /// until interrupted (ctrl-c ends it, exit 0)
    Tail(TailArgs),
    /// Print the AWS Health events that touch this account (or organization) and exit
    Health(HealthArgs),
    /// Print the incident timeline (alarms, changes, Health, queries, runbook steps, notes)
    /// as Markdown, JSONL (Timesketch) or CSV and exit
    Timeline(TimelineArgs),
    /// The first five minutes in one sweep: alarms in ALARM, risky changes, open Health
    /// issues. Exit code 2 when an alarm is in ALARM, 1 when a section failed, 0 when calm
    Triage(TriageArgs),
    /// Check runbooks, show what one would run, or run one step by step
    Runbook {
        #[command(subcommand)]
        action: RunbookAction,
    },
    /// Open the console on a recording made with --record, without AWS
    Replay(ReplayArgs),
    /// Configuration helpers
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
}

#[derive(Subcommand, Debug)]
pub enum ConfigAction {
    /// Print the built-in default configuration
    Default,
}

#[derive(Subcommand, Debug)]
pub enum RunbookAction {
    /// Check runbooks and print every problem as file:line:col: message
    Lint {
        /// Runbook files, or folders searched for *.md files at any depth
        #[arg(default_value = "runbooks")]
        paths: Vec<PathBuf>,
    },
    /// Print every step with its parameters filled in: commands, targets, rate control.
    /// Nothing is sent
    Plan {
        /// The runbook file
        file: PathBuf,
        /// A parameter value, as name=value (repeat the flag for each)
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = crate::runbook::headless::param_arg)]
        params: Vec<(String, String)>,
    },
    /// Run a runbook step by step in this terminal: each command is shown with its resolved
    /// targets and sent through SSM Run Command only once confirmed here
    Run {
        /// The runbook file
        file: PathBuf,
        /// A parameter value, as name=value (repeat the flag for each)
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = crate::runbook::headless::param_arg)]
        params: Vec<(String, String)>,
        /// Answer plain confirmations (confirm=yes) with yes; typed ones are still asked
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args, Debug)]
pub struct AlarmsArgs {
    /// Only alarms in this state
    #[arg(long, value_enum)]
    pub state: Option<StateArg>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct ChangesArgs {
    /// Start of the window: 2h (ago), 02:30 (UTC) or 2026-11-23T02:30:00Z
    #[arg(long, default_value = "3h")]
    pub since: String,
    /// End of the window (default: now)
    #[arg(long)]
    pub until: Option<String>,
    /// Only this user, role session or service (* and ? match)
    #[arg(long)]
    pub user: Option<String>,
    /// Only this event name (* and ? match)
    #[arg(long)]
    pub event_name: Option<String>,
    /// Only changes to this resource (name or id)
    #[arg(long)]
    pub resource: Option<String>,
    /// Reads too, not only writes
    #[arg(long)]
    pub all: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

impl ChangesArgs {
    /// The words of the equivalent `:changes` line.
    pub fn words(&self) -> Vec<String> {
        let mut words = vec!["since".to_string(), self.since.clone()];
        if let Some(until) = &self.until {
            words.extend(["until".to_string(), until.clone()]);
        }
        for (key, value) in [
            ("user", &self.user),
            ("event", &self.event_name),
            ("resource", &self.resource),
        ] {
            if let Some(value) = value {
                words.push(format!("{key}={value}"));
            }
        }
        if self.all {
            words.push("all".to_string());
        }
        words
    }
}

#[derive(Args, Debug)]
pub struct ReplayArgs {
    /// The recording
    pub file: PathBuf,
    /// The instant to show first: 03:05 (UTC, the last such time in the recording) or
    /// 2026-11-23T03:05:00Z (default: the recording's end)
    #[arg(long)]
    pub at: Option<String>,
}

#[derive(Args, Debug)]
pub struct QueryArgs {
    /// The query, e.g. 'fields @timestamp, @message | filter level = "ERROR" | limit 20'
    pub query: String,
    /// A log group to query (up to 50; repeat the flag)
    #[arg(long = "log-group", required = true)]
    pub log_groups: Vec<String>,
    /// Start of the time range: 1h (ago), 02:30 (UTC) or 2026-11-23T02:30:00Z
    #[arg(long, default_value = "1h")]
    pub since: String,
    /// End of the time range (default: now)
    #[arg(long)]
    pub until: Option<String>,
    /// At most this many rows (Logs Insights returns up to 10,000)
    #[arg(long)]
    pub limit: Option<i32>,
    #[arg(long, value_enum, default_value_t = RowFormat::Table)]
    pub format: RowFormat,
}

#[derive(Args, Debug)]
pub struct TailArgs {
    /// Log groups to follow, by name or ARN (1 to 10)
    #[arg(required = true, num_args = 1..)]
    pub groups: Vec<String>,
    /// Only events matching this filter pattern (as FilterLogEvents reads it), e.g. ERROR
    #[arg(long)]
    pub filter: Option<String>,
    /// Only these log streams (one log group only; repeat the flag)
    #[arg(long = "stream")]
    pub streams: Vec<String>,
    /// Only log streams starting with this (one log group only; repeat the flag)
    #[arg(long = "stream-prefix")]
    pub prefixes: Vec<String>,
    #[arg(long, value_enum, default_value_t = TailFormat::Text)]
    pub format: TailFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TailFormat {
    /// UTC time, group, stream, message (control characters shown as escapes)
    Text,
    /// One JSON object a line
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowFormat {
    Table,
    Json,
    Csv,
}

#[derive(Args, Debug)]
pub struct HealthArgs {
    /// Events of every region, not only this one and global services
    #[arg(long)]
    pub all_regions: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Args, Debug)]
pub struct TimelineArgs {
    /// The incident (a folder in the state dir's incidents/): its journal's notes, markers
    /// and pins, over its window (an hour before it started until resolved, else now)
    #[arg(long)]
    pub incident: Option<String>,
    /// Start of the window: 2h (ago), 02:30 (UTC) or 2026-11-23T02:30:00Z (default 2h, or
    /// the incident's)
    #[arg(long)]
    pub since: Option<String>,
    /// End of the window (default: now, or when the incident was resolved)
    #[arg(long)]
    pub until: Option<String>,
    #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
    pub format: ExportFormat,
    /// Write to this file instead of stdout
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub use crate::timeline::export::Format as ExportFormat;

#[derive(Args, Debug)]
pub struct TriageArgs {
    /// How far back to look for risky changes: 1h (ago), 02:30 (UTC) or an ISO 8601 time
    #[arg(long, default_value = "1h")]
    pub since: String,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
#[value(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StateArg {
    Alarm,
    InsufficientData,
    Ok,
}

impl StateArg {
    pub fn state(self) -> crate::alarms::AlarmState {
        use crate::alarms::AlarmState;
        match self {
            StateArg::Alarm => AlarmState::Alarm,
            StateArg::InsufficientData => AlarmState::InsufficientData,
            StateArg::Ok => AlarmState::Ok,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

impl GlobalArgs {
    pub fn session_settings(
        &self,
        read_only_config: bool,
        retry: RetrySettings,
    ) -> SessionSettings {
        SessionSettings {
            profile: self.profile.clone(),
            role_arn: None,
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            read_only: self.read_only || read_only_config,
            retry,
        }
    }
}
