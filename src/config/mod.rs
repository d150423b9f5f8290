//! Configuration: the embedded defaults with the user's file over them.

mod accounts;
mod error;
mod load;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

pub use accounts::MAX_CONCURRENCY;
pub use error::{FileError, line_col, parse_toml};

use crate::aws::RetrySettings;
use crate::changes::risk::{RiskRule, RiskRuleFile, merge};
use crate::command::Command;
use crate::keymap::{Key, Keymap};
use crate::logs::{Origin, SavedQuery};
use crate::time::parse_interval;
use std::sync::Arc;

pub const DEFAULT_CONFIG: &str = include_str!("default.toml");

/// The configuration warroom runs with, every value resolved.
#[derive(Clone, Debug)]
pub struct Config {
    pub theme: String,
    pub read_only: bool,
    /// The user's file could not be read or parsed (or its `read_only` is not `true` or
    /// `false`): warroom is read-only until the file is fixed.
    pub read_only_until_fixed: bool,
    pub refresh: Refresh,
    pub aws: RetrySettings,
    pub runbook_folders: Vec<PathBuf>,
    pub keymap: Keymap,
    pub changes: ChangesConfig,
    pub logs: LogsConfig,
    /// `[accounts.NAME]`: the account sets `--accounts NAME` chooses from.
    pub accounts: Vec<crate::accounts::AccountSet>,
}

#[derive(Clone, Debug)]
pub struct LogsConfig {
    /// The range a new query covers.
    pub range: Duration,
    /// Named queries offered by `s`, built-in first.
    pub saved: Vec<SavedQuery>,
    /// (alarm name or glob, log groups): where `l` on an alarm looks.
    pub alarm_groups: Vec<(String, Vec<String>)>,
    /// Lines the Live Tail view keeps; past this the oldest are dropped.
    pub tail_lines: usize,
}

#[derive(Clone, Debug)]
pub struct ChangesConfig {
    pub window: Duration,
    pub lookups_per_second: f64,
    /// Event sources CloudTrail records in us-east-1 only, asked there from other regions.
    pub global_sources: Vec<String>,
    /// Built-in and user rules, merged.
    pub risk: Arc<Vec<RiskRule>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refresh {
    pub alarms: Duration,
    pub changes: Duration,
    pub health: Duration,
}

impl Refresh {
    /// Every pane on the same interval.
    pub fn every(interval: Duration) -> Refresh {
        Refresh {
            alarms: interval,
            changes: interval,
            health: interval,
        }
    }
}

/// The result of loading: a usable config, and the error that forced defaults, if any. When
/// the file had an error, the config is the built-in one, read-only when the file asked for it
/// or when what it asks cannot be told.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub path: Option<PathBuf>,
    pub error: Option<FileError>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    theme: Option<String>,
    read_only: Option<bool>,
    refresh: Option<RefreshFile>,
    aws: Option<AwsFile>,
    runbooks: Option<RunbooksFile>,
    keymap: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    changes: Option<ChangesFile>,
    logs: Option<LogsFile>,
    accounts: Option<accounts::AccountsFile>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LogsFile {
    range: Option<Interval>,
    saved: Option<Vec<SavedFile>>,
    alarm_groups: Option<BTreeMap<String, Vec<String>>>,
    tail_lines: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedFile {
    name: String,
    query: String,
    #[serde(default)]
    log_groups: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ChangesFile {
    window: Option<Interval>,
    lookups_per_second: Option<f64>,
    global_sources: Option<Vec<String>>,
    risk: Option<Vec<RiskRuleFile>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RefreshFile {
    alarms: Option<Interval>,
    changes: Option<Interval>,
    health: Option<Interval>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AwsFile {
    max_attempts: Option<u32>,
    initial_backoff: Option<Interval>,
    call_timeout: Option<Interval>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RunbooksFile {
    folders: Option<Vec<PathBuf>>,
}

/// A duration written like `30s` or `5m`.
#[derive(Clone, Copy)]
struct Interval(Duration);

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_interval(&text)
            .map(Interval)
            .map_err(serde::de::Error::custom)
    }
}

/// Where the user's config lives: `$WARROOM_CONFIG`, else `$XDG_CONFIG_HOME/warroom/config.toml`,
/// else `~/.config/warroom/config.toml` (on macOS too).
pub fn default_path() -> Option<PathBuf> {
    env_path().or_else(|| config_dir().map(|d| d.join("config.toml")))
}

/// `$WARROOM_CONFIG`, when set and not empty.
pub fn env_path() -> Option<PathBuf> {
    std::env::var_os("WARROOM_CONFIG")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// `$XDG_CONFIG_HOME/warroom` or `~/.config/warroom`.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(x).join("warroom"));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config").join("warroom"))
}

impl Config {
    /// The embedded defaults alone.
    pub fn defaults() -> Config {
        let file: ConfigFile = match parse_toml(Path::new("<built-in config>"), DEFAULT_CONFIG) {
            Ok(f) => f,
            Err(e) => panic!("the built-in config is invalid: {e}"),
        };
        let mut config = Config {
            theme: "dark".into(),
            read_only: false,
            read_only_until_fixed: false,
            refresh: Refresh {
                alarms: Duration::from_secs(30),
                changes: Duration::from_secs(120),
                health: Duration::from_secs(60),
            },
            aws: RetrySettings::default(),
            runbook_folders: Vec::new(),
            keymap: Keymap::default(),
            changes: ChangesConfig {
                window: Duration::from_secs(3 * 3600),
                lookups_per_second: 2.0,
                global_sources: Vec::new(),
                risk: Arc::new(Vec::new()),
            },
            logs: LogsConfig {
                range: Duration::from_secs(3600),
                saved: Vec::new(),
                alarm_groups: Vec::new(),
                tail_lines: crate::logs::tail::buffer::DEFAULT_LINES,
            },
            accounts: Vec::new(),
        };
        if let Err(e) = config.apply(file, Path::new("<built-in config>"), DEFAULT_CONFIG) {
            panic!("the built-in config is invalid: {e}");
        }
        config
    }

    /// The defaults with a user's file over them.
    pub fn from_user_text(path: &Path, text: &str) -> Result<Config, FileError> {
        let file: ConfigFile = parse_toml(path, text)?;
        let mut config = Config::defaults();
        config.apply(file, path, text)?;
        Ok(config)
    }

    fn apply(&mut self, file: ConfigFile, path: &Path, text: &str) -> Result<(), FileError> {
        if let Some(theme) = file.theme {
            self.theme = theme;
        }
        if let Some(read_only) = file.read_only {
            self.read_only = read_only;
        }
        if let Some(refresh) = file.refresh {
            if let Some(Interval(d)) = refresh.alarms {
                self.refresh.alarms = d;
            }
            if let Some(Interval(d)) = refresh.changes {
                self.refresh.changes = d;
            }
            if let Some(Interval(d)) = refresh.health {
                self.refresh.health = d;
            }
        }
        if let Some(aws) = file.aws {
            if let Some(n) = aws.max_attempts {
                self.aws.max_attempts = n.max(1);
            }
            if let Some(Interval(d)) = aws.initial_backoff {
                self.aws.initial_backoff = d;
            }
            if let Some(Interval(d)) = aws.call_timeout {
                self.aws.call_timeout = d;
            }
        }
        if let Some(logs) = file.logs {
            if let Some(Interval(d)) = logs.range {
                self.logs.range = d;
            }
            for saved in logs.saved.unwrap_or_default() {
                let saved = SavedQuery {
                    name: saved.name,
                    query: saved.query,
                    log_groups: saved.log_groups,
                    origin: Origin::Config,
                };
                match self.logs.saved.iter_mut().find(|s| s.name == saved.name) {
                    Some(same) => *same = saved,
                    None => self.logs.saved.push(saved),
                }
            }
            if let Some(lines) = logs.tail_lines {
                if !(100..=1_000_000).contains(&lines) {
                    let at = text.find("tail_lines").map(|i| i..i + 1);
                    return Err(FileError::at(
                        path,
                        text,
                        at,
                        Some("logs.tail_lines".into()),
                        format!("{lines} is outside 100 to 1,000,000 lines"),
                    ));
                }
                self.logs.tail_lines = lines;
            }
            for (alarm, groups) in logs.alarm_groups.unwrap_or_default() {
                self.logs.alarm_groups.retain(|(a, _)| *a != alarm);
                self.logs.alarm_groups.push((alarm, groups));
            }
        }
        if let Some(changes) = file.changes {
            if let Some(Interval(d)) = changes.window {
                self.changes.window = d;
            }
            if let Some(rate) = changes.lookups_per_second {
                if !(0.01..=2.0).contains(&rate) {
                    let at = text.find("lookups_per_second").map(|i| i..i + 1);
                    return Err(FileError::at(
                        path,
                        text,
                        at,
                        Some("changes.lookups_per_second".into()),
                        format!("{rate} is outside 0.01 to 2 (AWS allows 2 LookupEvents a second)"),
                    ));
                }
                self.changes.lookups_per_second = rate;
            }
            if let Some(sources) = changes.global_sources {
                self.changes.global_sources = sources;
            }
            if let Some(rules) = changes.risk {
                let built_in = if path == Path::new("<built-in config>") {
                    Vec::new()
                } else {
                    built_in_risk_rules()
                };
                self.changes.risk = Arc::new(merge(&built_in, &rules));
            }
        }
        for set in accounts::sets(file.accounts.unwrap_or_default(), path, text)? {
            self.accounts.retain(|s| s.name != set.name);
            self.accounts.push(set);
        }
        if let Some(folders) = file.runbooks.and_then(|r| r.folders) {
            self.runbook_folders = folders;
        }
        for (key, command) in file.keymap.unwrap_or_default() {
            let key_path = Some(format!("keymap.\"{}\"", key.get_ref()));
            let parsed = Key::parse(key.get_ref())
                .map_err(|m| FileError::at(path, text, Some(key.span()), key_path.clone(), m))?;
            let bound = match command.get_ref().as_str() {
                "none" => None,
                name => Some(Command::from_name(name).ok_or_else(|| {
                    FileError::at(
                        path,
                        text,
                        Some(command.span()),
                        key_path.clone(),
                        format!(
                            "unknown command `{name}` (see `warroom config default` for the list)"
                        ),
                    )
                })?),
            };
            self.keymap.bind(parsed, bound);
        }
        Ok(())
    }
}

/// The risk rules of the built-in config.
pub fn built_in_risk_rules() -> Vec<RiskRuleFile> {
    toml::from_str::<ConfigFile>(DEFAULT_CONFIG)
        .ok()
        .and_then(|f| f.changes)
        .and_then(|c| c.risk)
        .unwrap_or_default()
}
