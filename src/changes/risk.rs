//! Risk rules: which changes commonly cause or signal incidents, and why. The built-in rules
//! live in the default config under `[[changes.risk]]`; a user's rules add to them, and one
//! with a built-in rule's name replaces it (`enabled = false` turns it off).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use wildmatch::WildMatch;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskRuleFile {
    pub name: String,
    pub reason: Option<String>,
    /// Event name patterns (`*` and `?`), e.g. `AuthorizeSecurityGroup*`.
    #[serde(default)]
    pub events: Vec<String>,
    /// Event source patterns, e.g. `iam.amazonaws.com`.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Caller identity types: `Root`, `IAMUser`, `AssumedRole`, `AWSService` ...
    #[serde(default)]
    pub identity_types: Vec<String>,
    /// Error code patterns, e.g. `AccessDenied*`.
    #[serde(default)]
    pub errors: Vec<String>,
    /// Fields of the CloudTrail record that must equal a value, e.g.
    /// `"additionalEventData.MFAUsed" = "No"`.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    pub enabled: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct RiskRule {
    pub name: String,
    pub reason: String,
    events: Vec<WildMatch>,
    sources: Vec<WildMatch>,
    identity_types: Vec<String>,
    errors: Vec<WildMatch>,
    fields: Vec<(Vec<String>, String)>,
}

/// What a rule looks at in one change.
pub struct Facts<'a> {
    pub name: &'a str,
    pub source: &'a str,
    pub identity_type: Option<&'a str>,
    pub error_code: Option<&'a str>,
    pub record: Option<&'a Value>,
}

impl RiskRule {
    pub fn from_file(file: &RiskRuleFile) -> RiskRule {
        let patterns = |list: &[String]| list.iter().map(|p| WildMatch::new(p)).collect();
        RiskRule {
            name: file.name.clone(),
            reason: file
                .reason
                .clone()
                .unwrap_or_else(|| file.name.replace(['-', '_'], " ")),
            events: patterns(&file.events),
            sources: patterns(&file.sources),
            identity_types: file.identity_types.clone(),
            errors: patterns(&file.errors),
            fields: file
                .fields
                .iter()
                .map(|(path, value)| (path.split('.').map(str::to_string).collect(), value.clone()))
                .collect(),
        }
    }

    /// Every condition the rule sets holds.
    pub fn matches(&self, facts: &Facts) -> bool {
        let any = |patterns: &[WildMatch], value: &str| {
            patterns.is_empty() || patterns.iter().any(|p| p.matches(value))
        };
        any(&self.events, facts.name)
            && any(&self.sources, facts.source)
            && (self.identity_types.is_empty()
                || facts
                    .identity_type
                    .is_some_and(|t| self.identity_types.iter().any(|w| w == t)))
            && (self.errors.is_empty()
                || facts.error_code.is_some_and(|code| any(&self.errors, code)))
            && self.fields.iter().all(|(path, want)| {
                let found = facts
                    .record
                    .and_then(|r| path.iter().try_fold(r, |v, key| v.get(key)));
                match found {
                    Some(Value::String(s)) => s == want,
                    Some(Value::Bool(b)) => b.to_string() == *want,
                    Some(Value::Number(n)) => n.to_string() == *want,
                    _ => false,
                }
            })
    }
}

/// The built-in rules with the user's over them.
pub fn merge(built_in: &[RiskRuleFile], user: &[RiskRuleFile]) -> Vec<RiskRule> {
    let mut files: Vec<RiskRuleFile> = built_in.to_vec();
    for rule in user {
        match files.iter_mut().find(|r| r.name == rule.name) {
            Some(existing) => *existing = rule.clone(),
            None => files.push(rule.clone()),
        }
    }
    files
        .iter()
        .filter(|r| r.enabled != Some(false))
        .map(RiskRule::from_file)
        .collect()
}

/// The reason of the first rule that matches.
pub fn assess(rules: &[RiskRule], facts: &Facts) -> Option<String> {
    rules
        .iter()
        .find(|r| r.matches(facts))
        .map(|r| r.reason.clone())
}
