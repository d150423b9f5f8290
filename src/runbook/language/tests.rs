use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use crate::runbook::*;

const FULL: &str = r#"+++
title = "Checkout"
account = "123456789012"
regions = ["us-east-1"]
alarms = ["checkout-*"]
max_concurrency = "25%"
timeout = "10m"

[params.service]
description = "the unit"
default = "checkout-api"
pattern = "[a-z-]+"

[targets]
tags = { Service = "checkout" }
+++

# Title from markdown

Intro text.

## Look at the logs

Count the errors.

```logs-insights {"log_groups":"/aws/ecs/{{service}}","since":"30m"}
fields @timestamp | filter level = "ERROR"
```

## Restart

Restart it.

```sh { name=restart confirm=typed max_concurrency=1 }
systemctl restart {{service}}
```

Expect `active`.

## Windows

```powershell {"instance_ids":["i-0123456789abcdef0"]}
Restart-Service -Name {{service}}
```

## Custom document

```sh {"document":"Team-RunScript","raw":true}
echo {{service}}
```

## Review by hand

Look at this, it is not sent:

```sh
aws ec2 describe-security-groups
```
"#;

fn lint_text(source: &str) -> (Runbook, Vec<String>) {
    let (runbook, problems) = lint(Path::new("rb.md"), source);
    (runbook, problems.iter().map(ToString::to_string).collect())
}

fn full() -> Runbook {
    let (runbook, problems) = lint_text(FULL);
    assert_eq!(problems, Vec::<String>::new());
    runbook
}

#[test]
fn a_runbook_reads_into_front_matter_and_steps() {
    let runbook = full();
    assert_eq!(runbook.title, "Checkout");
    assert_eq!(runbook.front.account.as_deref(), Some("123456789012"));
    assert_eq!(runbook.front.regions, ["us-east-1"]);
    assert_eq!(runbook.front.params[0].name, "service");
    assert_eq!(runbook.front.rate.max_concurrency.as_deref(), Some("25%"));
    assert_eq!(runbook.front.rate.timeout, Some(Duration::from_secs(600)));
    assert_eq!(runbook.introduction.as_ref().unwrap().line, 18);
    let names: Vec<&str> = runbook.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Look at the logs",
            "restart",
            "Windows",
            "Custom document",
            "Review by hand"
        ]
    );
    let labels: Vec<&str> = runbook.steps.iter().map(|s| s.action.label()).collect();
    assert_eq!(
        labels,
        [
            "logs-insights",
            "AWS-RunShellScript",
            "AWS-RunPowerShellScript",
            "Team-RunScript",
            "manual"
        ]
    );
    let restart = &runbook.steps[1];
    assert_eq!(
        restart.at,
        Position {
            line: 30,
            column: 1
        }
    );
    assert_eq!(restart.instruction.as_ref().unwrap().text, "Restart it.");
    assert_eq!(restart.notes.as_ref().unwrap().text, "Expect `active`.");
    let Action::RunCommand(block) = &restart.action else {
        panic!("restart runs a command");
    };
    assert_eq!(block.confirm, Confirm::Typed);
    assert_eq!(
        block.placeholders[0].at,
        Position {
            line: 35,
            column: 19
        }
    );
    let manual = &runbook.steps[4];
    assert!(
        manual
            .instruction
            .as_ref()
            .unwrap()
            .text
            .contains("aws ec2 describe-security-groups")
    );
}

#[test]
fn alarm_globs_say_which_runbooks_answer_an_alarm() {
    let runbook = full();
    assert!(runbook.answers("checkout-api-5xx"));
    assert!(!runbook.answers("orders-api-5xx"));
}

fn resolve_all(runbook: &Runbook, given: &[(&str, &str)]) -> Vec<ResolvedAction> {
    let given: Vec<(String, String)> = given
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let values = resolve_params(runbook, &given).unwrap();
    runbook
        .steps
        .iter()
        .map(|step| resolve_step(runbook, step, &values).unwrap().action)
        .collect()
}

#[test]
fn a_resolved_step_has_quoted_values_and_every_rate_setting() {
    let runbook = full();
    let actions = resolve_all(&runbook, &[]);
    let ResolvedAction::LogsQuery(query) = &actions[0] else {
        panic!("a query");
    };
    assert_eq!(query.log_groups, ["/aws/ecs/checkout-api"]);
    assert_eq!(query.since, Duration::from_secs(1800));
    let ResolvedAction::RunCommand(restart) = &actions[1] else {
        panic!("a command");
    };
    assert_eq!(restart.commands, "systemctl restart 'checkout-api'\n");
    assert_eq!(
        restart.targets,
        Targets::Tags(BTreeMap::from([(
            "Service".into(),
            vec!["checkout".into()]
        )]))
    );
    assert_eq!(
        restart.rate.max_concurrency.as_deref(),
        Some("1"),
        "the block's"
    );
    assert_eq!(
        restart.rate.max_errors.as_deref(),
        Some("0"),
        "SSM's default"
    );
    assert_eq!(
        restart.rate.timeout,
        Some(Duration::from_secs(600)),
        "the front matter's"
    );
    let ResolvedAction::RunCommand(windows) = &actions[2] else {
        panic!("a command");
    };
    assert_eq!(windows.commands, "Restart-Service -Name 'checkout-api'\n");
    assert_eq!(
        windows.targets,
        Targets::InstanceIds(vec!["i-0123456789abcdef0".into()])
    );
    let ResolvedAction::RunCommand(raw) = &actions[3] else {
        panic!("a command");
    };
    assert_eq!(raw.commands, "echo checkout-api\n");
    assert!(matches!(actions[4], ResolvedAction::Manual));
}

#[test]
fn a_value_that_fails_its_pattern_never_reaches_a_command() {
    let runbook = full();
    let given = vec![("service".to_string(), "x; rm -rf /".to_string())];
    let errors = resolve_params(&runbook, &given).unwrap_err();
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["parameter `service`: `x; rm -rf /` does not match its pattern `[a-z-]+`"]
    );
}

#[test]
fn missing_values_are_named() {
    let (runbook, _) = lint_text(
        "+++\n[params.a]\n[params.b]\ndescription = \"the bucket\"\n[params.c]\ndefault = \"x\"\n+++\n## Step\n",
    );
    let errors: Vec<String> = resolve_params(&runbook, &[])
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "parameter `a`: needs a value: pass --param a=…",
            "parameter `b`: needs a value (the bucket): pass --param b=…"
        ]
    );
}

#[test]
fn lint_reports_every_problem_in_file_order() {
    let source = r#"+++
title = "Broken"
owner = "sre"
account = 123456789012

[params.unit]
pattern = "[a-z"

[params.port]
default = "80a"
pattern = "[0-9]+"
+++

```sh {"name":"early"}
echo before any step
```

## Check

```sh {"name":"check","colour":"red","confirm":"maybe"}
systemctl status {{unit}} {{missing}}
```

## check

```logs-insights {"since":"yesterday"}
fields @message
```

```python {"name":"x"}
print(1)
```
"#;
    let (_, problems) = lint_text(source);
    assert_eq!(
        problems,
        [
            "rb.md:3:1: unknown front-matter key `owner` (known: title, description, account, regions, alarms, params, targets, max_concurrency, max_errors, timeout)",
            "rb.md:4:11: account must be written in quotes (\"123456789012\"), or leading zeros are lost",
            "rb.md:7:11: params.unit.pattern `[a-z` is not a valid regular expression: unclosed character class",
            "rb.md:10:11: params.port.default: `80a` does not match its pattern `[0-9]+`",
            "rb.md:14:1: this runnable block is not in a step: put a ## heading above it",
            "rb.md:20:1: this sh block has no targets: give it tags or instance_ids, or the front matter a [targets] table",
            "rb.md:20:24: unknown attribute `colour` (a sh block takes name, document, targets, tags, instance_ids, timeout, max_concurrency, max_errors, confirm, stop_on_alarm, raw)",
            "rb.md:20:39: confirm `maybe` is not known: use yes (the default) or typed",
            "rb.md:21:27: `{{missing}}` is not a parameter: declare it in the front matter as [params.missing]",
            "rb.md:24:1: step `check` has the same name as the step on line 18: rename one (the heading, or the block's name attribute)",
            "rb.md:26:1: this logs-insights block names no log group: add log_groups=/aws/… (a list, or names separated by commas)",
            "rb.md:26:20: since: `yesterday` is not a duration (try `30s`, `5m` or `1h`)",
            "rb.md:30:4: `python` blocks cannot run: use sh, bash, powershell, pwsh or logs-insights, or drop the {…} attributes to show it as text",
        ]
    );
}

#[test]
fn a_toml_error_is_placed_in_the_file_not_in_the_front_matter() {
    let (_, problems) = lint_text("+++\ntitle = \"x\"\ntimeout = 5m\n+++\n## Step\n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("rb.md:3:11: front matter: "),
        "{problems:?}"
    );
}

#[test]
fn an_empty_runbook_and_an_unclosed_front_matter_are_problems() {
    assert_eq!(
        lint_text("# Only a title\n\nSome prose.\n").1,
        ["rb.md:1:1: this runbook has no steps: each ## heading starts one"]
    );
    let (_, problems) = lint_text("+++\ntitle = \"x\"\n## Step\n");
    assert_eq!(
        problems,
        [
            "rb.md:1:1: the front matter opened by +++ here is never closed: end it with a line holding only +++"
        ]
    );
}

#[test]
fn a_raw_block_needs_patterns_on_the_values_it_inserts() {
    let source = "+++\n[params.x]\n[targets]\ninstance_ids = [\"i-0123456789abcdef0\"]\n+++\n## Step\n\n```sh {raw=true}\necho {{x}}\n```\n";
    assert_eq!(
        lint_text(source).1,
        [
            "rb.md:9:6: raw=true inserts `{{x}}` unquoted: give [params.x] a pattern so only safe values get in"
        ]
    );
}

#[test]
fn two_runnable_blocks_in_one_step_are_refused() {
    let source = "+++\n[targets]\ntags = { Service = \"a\" }\n+++\n## Step\n\n```sh {}\necho 1\n```\n\n```sh {}\necho 2\n```\n";
    assert_eq!(
        lint_text(source).1,
        [
            "rb.md:11:1: step `Step` already runs the block on line 7: give this one a ## heading of its own"
        ]
    );
}
