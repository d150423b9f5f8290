//! Every problem in a runbook file, in the order they appear, not only the first.

use std::collections::BTreeMap;
use std::path::Path;

use super::error::RunbookError;
use super::hidden;
use super::model::{Action, Located, Position, Runbook, Targets};
use super::params::{anchored, check_value, placeholders};
use super::parse::parse;
use super::unquoted;
use super::values::is_instance_id;

/// The runbook as far as it could be read, and its problems sorted by position.
pub fn lint(path: &Path, source: &str) -> (Runbook, Vec<RunbookError>) {
    let (runbook, mut problems) = parse(path, source);
    let mut add =
        |at: Position, message: String| problems.push(RunbookError::new(path, at, message));
    check_params(&runbook, source, &mut add);
    check_placeholders(&runbook, &mut add);
    check_targets(&runbook, &mut add);
    check_step_names(&runbook, &mut add);
    if runbook.steps.is_empty() {
        add(
            Position { line: 1, column: 1 },
            "this runbook has no steps: each ## heading starts one".to_string(),
        );
    }
    problems.sort_by_key(RunbookError::position);
    problems.dedup();
    (runbook, problems)
}

fn check_params(runbook: &Runbook, source: &str, add: &mut impl FnMut(Position, String)) {
    for param in &runbook.front.params {
        let mut pattern_ok = true;
        if let Some(pattern) = &param.pattern
            && let Err(e) = anchored(&pattern.value)
        {
            pattern_ok = false;
            add(
                pattern.at,
                format!(
                    "params.{}.pattern `{}` is not a valid regular expression: {}",
                    param.name,
                    pattern.value,
                    regex_reason(&e)
                ),
            );
        }
        if let Some(default) = &param.default {
            let pattern = param
                .pattern
                .as_ref()
                .filter(|_| pattern_ok)
                .map(|p| p.value.as_str());
            if let Err(e) = check_value(&param.name, &default.value, pattern) {
                let at = match hidden::first_in(&default.value) {
                    Some((_, c)) => written_at(source, default.at, c),
                    None => default.at,
                };
                add(at, format!("params.{}.default: {}", param.name, e.problem));
            }
        }
    }
}

/// Where `c` is written on the line at `at`, at or after it; `at` itself when the value
/// holds it as an escape (`\u202e`) rather than as written.
fn written_at(source: &str, at: Position, c: char) -> Position {
    let Some(line) = source.split('\n').nth(at.line.saturating_sub(1)) else {
        return at;
    };
    line.chars()
        .enumerate()
        .skip(at.column.saturating_sub(1))
        .find(|(_, x)| *x == c)
        .map(|(i, _)| Position {
            line: at.line,
            column: i + 1,
        })
        .unwrap_or(at)
}

/// The last line of the regex crate's message, such as `unclosed character class`.
fn regex_reason(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find_map(|line| line.trim().strip_prefix("error: "))
        .unwrap_or(text.lines().last().unwrap_or(""))
        .to_string()
}

fn check_placeholders(runbook: &Runbook, add: &mut impl FnMut(Position, String)) {
    let mut used = Vec::new();
    if let Some(targets) = &runbook.front.targets {
        for text in target_texts(&targets.value) {
            for (_, name) in placeholders(text) {
                used.push((targets.at, name, false));
            }
        }
    }
    for step in &runbook.steps {
        let raw = match &step.action {
            Action::RunCommand(block) => block.raw,
            Action::LogsQuery(block) => block.raw,
            Action::Manual => false,
        };
        for placeholder in step.action.placeholders() {
            used.push((placeholder.at, placeholder.name.clone(), raw));
        }
    }
    for (at, name, raw) in used {
        match runbook.param(&name) {
            None => add(
                at,
                format!(
                    "`{{{{{name}}}}}` is not a parameter: declare it in the front matter as [params.{name}]"
                ),
            ),
            Some(param) if raw => match &param.pattern {
                None => add(
                    at,
                    format!(
                        "raw=true inserts `{{{{{name}}}}}` unquoted: give [params.{name}] a pattern so only safe values get in"
                    ),
                ),
                Some(pattern) => {
                    if let Ok(Some(c)) = unquoted::lets_in(&pattern.value) {
                        add(
                            at,
                            format!(
                                "raw=true inserts `{{{{{name}}}}}` unquoted, but the pattern of [params.{name}] (line {}) `{}` lets in {}, which the shell reads as syntax: allow only letters, digits and characters such as - _ . / : @ = , + (for example [a-z0-9-]+)",
                                pattern.at.line,
                                crate::defuse::line(&pattern.value),
                                unquoted::name(c)
                            ),
                        );
                    }
                }
            },
            Some(_) => {}
        }
    }
}

fn target_texts(targets: &Targets) -> Vec<&str> {
    match targets {
        Targets::Tags(tags) => tags.values().flatten().map(String::as_str).collect(),
        Targets::InstanceIds(ids) => ids.iter().map(String::as_str).collect(),
    }
}

fn check_targets(runbook: &Runbook, add: &mut impl FnMut(Position, String)) {
    if let Some(targets) = &runbook.front.targets {
        check_target_list(targets, add);
    }
    for step in &runbook.steps {
        let Action::RunCommand(block) = &step.action else {
            continue;
        };
        match &block.targets {
            Some(targets) => check_target_list(targets, add),
            None if runbook.front.targets.is_none() => add(
                block.at,
                format!(
                    "this {} block has no targets: give it tags or instance_ids, or the front matter a [targets] table",
                    block.language
                ),
            ),
            None => {}
        }
    }
}

fn check_target_list(targets: &Located<Targets>, add: &mut impl FnMut(Position, String)) {
    for text in target_texts(&targets.value) {
        if let Some((_, c)) = hidden::first_in(text) {
            add(
                targets.at,
                format!(
                    "the target `{}` holds {}: {}. Remove it",
                    crate::defuse::line(text),
                    hidden::describe(c),
                    hidden::effect(c)
                ),
            );
        }
    }
    match &targets.value {
        Targets::Tags(tags) if tags.is_empty() => add(
            targets.at,
            "tags is empty: name at least one tag, such as Service=checkout".to_string(),
        ),
        Targets::Tags(tags) => {
            for (key, values) in tags {
                if key.is_empty() || values.is_empty() || values.iter().any(String::is_empty) {
                    add(
                        targets.at,
                        format!("tag `{key}` needs a key and a value, such as Service=checkout"),
                    );
                }
            }
        }
        Targets::InstanceIds(ids) if ids.is_empty() => add(
            targets.at,
            "instance_ids is empty: list at least one, such as i-0123456789abcdef0".to_string(),
        ),
        Targets::InstanceIds(ids) => {
            for id in ids
                .iter()
                .filter(|id| !id.contains("{{") && !is_instance_id(id))
            {
                add(
                    targets.at,
                    format!("`{id}` is not an instance id such as i-0123456789abcdef0"),
                );
            }
        }
    }
}

fn check_step_names(runbook: &Runbook, add: &mut impl FnMut(Position, String)) {
    let mut first: BTreeMap<&str, Position> = BTreeMap::new();
    for step in &runbook.steps {
        if step.name.is_empty() {
            continue;
        }
        if let Some(earlier) = first.get(step.name.as_str()) {
            add(
                step.at,
                format!(
                    "step `{}` has the same name as the step on line {}: rename one (the heading, or the block's name attribute)",
                    step.name, earlier.line
                ),
            );
        } else {
            first.insert(&step.name, step.at);
        }
    }
}
