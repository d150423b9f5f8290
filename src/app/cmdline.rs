//! The `:` command line: parsing and completion.

/// What a `:` line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineCommand {
    Quit,
    Help,
    Focus(&'static str),
    /// `:alarms` and its filter words: `account=staging region=eu-west-1 5xx`.
    Alarms(Vec<String>),
    /// `:changes` and its words: `since 6h`, `user=alice`, `errors` ...
    Changes(Vec<String>),
    /// `:logs` and its words: `since 2h`, `group=/aws/x`, `run`, `save NAME` ...
    Logs(Vec<String>),
    /// `:incident start NAME`, `:incident open`, `:incident resolved at 03:40` ...
    Incident(Vec<String>),
    /// `:note TEXT`, `:note at 03:05 TEXT`, `:note edit ID TEXT`, `:note delete ID`.
    Note(Vec<String>),
    /// `:export md|jsonl|csv [FILE]`.
    Export(Vec<String>),
    /// `:timeline since 2h`, `:timeline alarm,change`, `:timeline all` ...
    Timeline(Vec<String>),
    /// `:health` and its words: `org`, `account`, `all`, `service=EC2` ...
    Health(Vec<String>),
    Region(String),
    Profile(String),
    /// `:accounts NAME`: the Alarms, Changes and Health panes over that account set; `None` (`:accounts`,
    /// `:accounts off`): back to the one session.
    Accounts(Option<String>),
    /// `:account NAME`: focus a configured account by name, id or profile.
    Account(String),
    Refresh,
    Grid,
}

pub const COMMANDS: &[(&str, &str)] = &[
    (
        "alarms",
        "Alarms pane; a filter: account=NAME, region=NAME, text",
    ),
    (
        "changes",
        "Changes pane; since 6h, user=alice, errors, all ...",
    ),
    (
        "health",
        "Health pane; org, account, all, or key=value filters",
    ),
    (
        "logs",
        "Logs pane; since 2h, 15m, group=/aws/x, query TEXT, run, stop, save NAME",
    ),
    ("runbooks", "show the Runbooks pane"),
    (
        "timeline",
        "Timeline pane; since 2h, alarm,change, all, incident",
    ),
    (
        "incident",
        "start NAME [at T], open [NAME], detected|mitigated|resolved [at T]",
    ),
    (
        "note",
        "a note in the incident: TEXT, at 03:05 TEXT, edit ID TEXT",
    ),
    ("export", "the timeline to a file: md, jsonl or csv [FILE]"),
    ("region", "switch region, e.g. :region us-west-2"),
    ("profile", "switch AWS profile, e.g. :profile prod"),
    (
        "accounts",
        "the Alarms, Changes and Health panes over an account set, e.g. :accounts prod; off: back to one",
    ),
    (
        "account",
        "focus a configured account: name, id or profile, e.g. :account prod-payments",
    ),
    ("refresh", "refresh every pane now"),
    ("grid", "all panes in a grid, or the focused one alone"),
    ("help", "show the keys and commands"),
    ("quit", "leave warroom (also :q)"),
];

pub const REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

pub fn parse(line: &str) -> Result<LineCommand, String> {
    let mut words = line.split_whitespace();
    let Some(head) = words.next() else {
        return Err(String::new());
    };
    let arg = words.next();
    let extra = words.next();
    let needs = |what: &str| format!("`:{head}` needs {what}");
    let command = match head {
        "q" | "quit" | "q!" => LineCommand::Quit,
        "help" | "h" => LineCommand::Help,
        "alarms" | "alarm" | "al" => {
            return Ok(LineCommand::Alarms(
                line.split_whitespace()
                    .skip(1)
                    .map(str::to_string)
                    .collect(),
            ));
        }
        "changes" | "ch" => {
            return Ok(LineCommand::Changes(
                line.split_whitespace()
                    .skip(1)
                    .map(str::to_string)
                    .collect(),
            ));
        }
        "health" => {
            return Ok(LineCommand::Health(
                line.split_whitespace()
                    .skip(1)
                    .map(str::to_string)
                    .collect(),
            ));
        }
        "logs" | "log" | "query" => {
            return Ok(LineCommand::Logs(
                line.split_whitespace()
                    .skip(1)
                    .map(str::to_string)
                    .collect(),
            ));
        }
        "runbooks" | "runbook" | "rb" => LineCommand::Focus("runbooks"),
        "incident" | "inc" | "note" | "export" | "timeline" | "tl" => {
            let rest: Vec<String> = line
                .split_whitespace()
                .skip(1)
                .map(str::to_string)
                .collect();
            return Ok(match head {
                "incident" | "inc" => LineCommand::Incident(rest),
                "note" => LineCommand::Note(rest),
                "export" => LineCommand::Export(rest),
                _ => LineCommand::Timeline(rest),
            });
        }
        "refresh" => LineCommand::Refresh,
        "grid" | "zoom" => LineCommand::Grid,
        "region" => {
            let region = arg.ok_or_else(|| needs("a region, e.g. us-west-2"))?;
            if !is_region_name(region) {
                return Err(format!("`{region}` is not a region name (e.g. us-west-2)"));
            }
            LineCommand::Region(region.to_string())
        }
        "profile" => LineCommand::Profile(arg.ok_or_else(|| needs("a profile name"))?.to_string()),
        "accounts" => LineCommand::Accounts(arg.filter(|a| *a != "off").map(str::to_string)),
        "account" => LineCommand::Account(
            arg.ok_or_else(|| needs("an account's name, id or profile from the config"))?
                .to_string(),
        ),
        other => {
            let known: Vec<&str> = COMMANDS.iter().map(|(c, _)| *c).collect();
            return Err(format!(
                "Unknown command `:{other}`. Commands: {}",
                known.join(", ")
            ));
        }
    };
    if extra.is_some() {
        return Err(format!("`:{head}` takes at most one argument"));
    }
    Ok(command)
}

fn is_region_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
}

/// Candidates that complete the line as typed so far, each the whole new line.
pub fn completions(line: &str, profiles: &[String], accounts: &[String]) -> Vec<String> {
    let ends_with_space = line.ends_with(' ');
    let words: Vec<&str> = line.split_whitespace().collect();
    match (words.as_slice(), ends_with_space) {
        ([], _) => COMMANDS.iter().map(|(c, _)| c.to_string()).collect(),
        ([partial], false) => COMMANDS
            .iter()
            .filter(|(c, _)| c.starts_with(partial))
            .map(|(c, _)| c.to_string())
            .collect(),
        ([head], true) | ([head, _], false) => {
            let partial = words.get(1).copied().unwrap_or("");
            let pool: Vec<&str> = match *head {
                "region" => REGIONS.to_vec(),
                "changes" => vec![
                    "since",
                    "until",
                    "user=",
                    "event=",
                    "resource=",
                    "source=",
                    "key=",
                    "writes",
                    "errors",
                    "iam",
                    "network",
                    "root",
                    "all",
                    "clear",
                ],
                "health" => vec!["org", "account", "all", "service=", "category=", "region="],
                "profile" => profiles.iter().map(String::as_str).collect(),
                "account" => accounts.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            };
            pool.into_iter()
                .filter(|c| c.starts_with(partial))
                .map(|c| format!("{head} {c}"))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Profile names in `~/.aws/config` and `~/.aws/credentials` (or the files the SDK's
/// variables name).
pub fn aws_profiles() -> Vec<String> {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    let file = |var: &str, default: &str| {
        std::env::var_os(var)
            .map(std::path::PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".aws").join(default)))
    };
    let mut names: Vec<String> = [
        file("AWS_CONFIG_FILE", "config"),
        file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
    ]
    .into_iter()
    .flatten()
    .filter_map(|p| std::fs::read_to_string(p).ok())
    .flat_map(|text| profile_names(&text))
    .collect();
    names.sort();
    names.dedup();
    names
}

fn profile_names(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix('[')?.strip_suffix(']').map(str::trim))
        .filter_map(|s| match s.strip_prefix("profile ") {
            Some(name) => Some(name.trim().to_string()),
            None if s == "default" || !s.contains(' ') => Some(s.to_string()),
            None => None,
        })
        .filter(|s| !s.starts_with("sso-session"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_names_a_set_or_goes_back_to_one_session() {
        assert_eq!(
            parse("accounts prod"),
            Ok(LineCommand::Accounts(Some("prod".into())))
        );
        assert_eq!(parse("accounts"), Ok(LineCommand::Accounts(None)));
        assert_eq!(parse("accounts off"), Ok(LineCommand::Accounts(None)));
        assert!(parse("accounts a b").is_err());
    }

    #[test]
    fn commands_parse_or_explain() {
        assert_eq!(
            parse("health service=EC2 category=issue"),
            Ok(LineCommand::Health(vec![
                "service=EC2".into(),
                "category=issue".into()
            ]))
        );
        assert_eq!(
            parse("region us-west-2"),
            Ok(LineCommand::Region("us-west-2".into()))
        );
        assert_eq!(parse("q"), Ok(LineCommand::Quit));
        assert_eq!(
            parse("profile prod"),
            Ok(LineCommand::Profile("prod".into()))
        );
        assert!(parse("region").unwrap_err().contains("needs a region"));
        assert_eq!(
            parse("account prod-payments"),
            Ok(LineCommand::Account("prod-payments".into()))
        );
        assert!(parse("account").unwrap_err().contains("needs an account"));
        assert!(
            parse("region mars")
                .unwrap_err()
                .contains("not a region name")
        );
        assert!(
            parse("launch")
                .unwrap_err()
                .starts_with("Unknown command `:launch`")
        );
    }

    #[test]
    fn completion_knows_commands_regions_and_profiles() {
        assert_eq!(completions("al", &[], &[]), vec!["alarms"]);
        assert_eq!(
            completions("region us-w", &[], &[]),
            vec!["region us-west-1", "region us-west-2"]
        );
        let profiles = vec!["prod".to_string(), "staging".to_string()];
        assert_eq!(
            completions("profile ", &profiles, &[]),
            vec!["profile prod", "profile staging"]
        );
        let accounts = vec!["prod-payments".to_string(), "shared".to_string()];
        assert_eq!(
            completions("account pr", &[], &accounts),
            vec!["account prod-payments"]
        );
    }

    #[test]
    fn profiles_come_from_both_file_styles() {
        let text = "[default]\n[profile prod]\nregion=x\n[sso-session corp]\n[staging]\n";
        assert_eq!(profile_names(text), vec!["default", "prod", "staging"]);
    }
}
