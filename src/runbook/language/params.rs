//! Parameters: `{{name}}` placeholders, the values given for them, and quoting on insertion.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use regex::Regex;
use serde::Serialize;

use super::model::{Runbook, Shell};
use super::values::is_param_name;

/// Every `{{name}}` (spaces inside the braces allowed) with its byte range. Text such as
/// `{{.Names}}` that is not a parameter name stays as written.
pub fn placeholders(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{").map(|i| from + i) {
        let inner_start = i + 2;
        match text[inner_start..].find("}}") {
            Some(len) => {
                let name = text[inner_start..inner_start + len].trim_matches(' ');
                if is_param_name(name) {
                    let end = inner_start + len + 2;
                    found.push((i..end, name.to_string()));
                    from = end;
                } else {
                    from = i + 1;
                }
            }
            None => break,
        }
    }
    found
}

/// One POSIX shell word holding exactly `value`: single quotes, each `'` written `'\''`.
pub fn posix_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// One PowerShell string holding exactly `value`: single quotes, each quote doubled.
/// PowerShell also takes the typographic quotes ‘ ’ ‚ ‛ as single quotes.
pub fn powershell_quote(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            quoted.push(c);
        }
        quoted.push(c);
    }
    quoted.push('\'');
    quoted
}

pub fn quote(shell: Shell, value: &str) -> String {
    match shell {
        Shell::Posix => posix_quote(value),
        Shell::PowerShell => powershell_quote(value),
    }
}

/// A parameter's value as the engineer gave it, or its default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParamValue {
    pub value: String,
    pub from_default: bool,
}

/// Every parameter of a runbook with a checked value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ParamValues(pub BTreeMap<String, ParamValue>);

impl ParamValues {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.value.as_str())
    }

    /// Name to value, as written to the audit log.
    pub fn plain(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .map(|(name, v)| (name.clone(), v.value.clone()))
            .collect()
    }
}

/// What is wrong with one parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    pub param: String,
    pub problem: String,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "parameter `{}`: {}", self.param, self.problem)
    }
}

impl std::error::Error for ParamError {}

fn error(param: &str, problem: impl Into<String>) -> ParamError {
    ParamError {
        param: param.to_string(),
        problem: problem.into(),
    }
}

/// A pattern as every value must match it: whole, not in part.
pub fn anchored(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&format!("^(?:{pattern})$"))
}

/// Checks one value: a single line that matches the parameter's pattern, if it has one.
pub fn check_value(name: &str, value: &str, pattern: Option<&str>) -> Result<(), ParamError> {
    if let Some((at, c)) = super::hidden::first_in(value) {
        return Err(error(
            name,
            format!(
                "`{}` holds {} (character {at}): {}; a value is plain text on one line",
                crate::defuse::line(value),
                super::hidden::describe(c),
                super::hidden::effect(c),
            ),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(error(
            name,
            format!(
                "`{}` holds a line break or control character; a value is one line of text",
                value.escape_debug()
            ),
        ));
    }
    if let Some(pattern) = pattern {
        let regex = anchored(pattern).map_err(|_| {
            error(
                name,
                format!("its pattern `{pattern}` is not a valid regular expression"),
            )
        })?;
        if !regex.is_match(value) {
            return Err(error(
                name,
                format!("`{value}` does not match its pattern `{pattern}`"),
            ));
        }
    }
    Ok(())
}

/// The values for every parameter: those given, else defaults. Every problem is returned:
/// unknown names, names given twice, missing values, values that fail their pattern.
pub fn resolve_params(
    runbook: &Runbook,
    given: &[(String, String)],
) -> Result<ParamValues, Vec<ParamError>> {
    let mut errors = Vec::new();
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, value) in given {
        if runbook.param(name).is_none() {
            let known: Vec<&str> = runbook
                .front
                .params
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            let takes = if known.is_empty() {
                "this runbook takes no parameters".to_string()
            } else {
                format!("this runbook takes {}", known.join(", "))
            };
            errors.push(error(name, format!("no such parameter ({takes})")));
        } else if seen.insert(name, value).is_some() {
            errors.push(error(name, "given twice: give it once"));
        }
    }
    let mut values = ParamValues::default();
    for param in &runbook.front.params {
        let (value, from_default) = match (seen.get(param.name.as_str()), &param.default) {
            (Some(value), _) => (value.to_string(), false),
            (None, Some(default)) => (default.value.clone(), true),
            (None, None) => {
                let hint = param
                    .description
                    .as_deref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default();
                errors.push(error(
                    &param.name,
                    format!("needs a value{hint}: pass --param {}=…", param.name),
                ));
                continue;
            }
        };
        let pattern = param.pattern.as_ref().map(|p| p.value.as_str());
        match check_value(&param.name, &value, pattern) {
            Ok(()) => {
                values.0.insert(
                    param.name.clone(),
                    ParamValue {
                        value,
                        from_default,
                    },
                );
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// Replaces each `{{name}}` in one pass (a value holding `{{x}}` is not expanded again).
pub fn substitute(
    text: &str,
    values: &ParamValues,
    insert: impl Fn(&str, &str) -> Result<String, ParamError>,
) -> Result<String, ParamError> {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, name) in placeholders(text) {
        let value = values
            .get(&name)
            .ok_or_else(|| error(&name, "is used but not declared in the front matter"))?;
        out.push_str(&text[last..range.start]);
        out.push_str(&insert(&name, value)?);
        last = range.end;
    }
    out.push_str(&text[last..]);
    Ok(out)
}

/// A value inserted into a Logs Insights query as written; one that could change the
/// query's meaning is refused.
pub fn query_value(name: &str, value: &str) -> Result<String, ParamError> {
    if let Some(c) = value
        .chars()
        .find(|c| matches!(c, '"' | '\'' | '`' | '|' | '\\'))
    {
        return Err(error(
            name,
            format!(
                "`{value}` holds {c}, which could change the query; give the block raw=true if that is meant"
            ),
        ));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests;
