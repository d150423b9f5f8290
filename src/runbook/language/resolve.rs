//! A step with its parameters filled in: the exact commands, targets and rate control that
//! would be sent.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use super::model::{Action, Confirm, RateControl, Runbook, Shell, Step, Targets};
use super::params::{ParamError, ParamValues, query_value, quote, substitute};
use super::values::is_instance_id;

#[derive(Clone, Debug, Serialize)]
pub struct ResolvedStep {
    pub name: String,
    pub heading: String,
    pub action: ResolvedAction,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResolvedAction {
    Manual,
    RunCommand(ResolvedCommand),
    LogsQuery(ResolvedQuery),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResolvedCommand {
    pub document: String,
    pub shell: Shell,
    /// The script exactly as it would be sent.
    pub commands: String,
    pub targets: Targets,
    /// Every field set: the block's, else the front matter's, else SSM's defaults.
    pub rate: RateControl,
    pub confirm: Confirm,
    pub stop_on_alarm: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResolvedQuery {
    pub query: String,
    pub log_groups: Vec<String>,
    pub since: Duration,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveError {
    Param(ParamError),
    /// An SSM block with targets neither in the block nor in the front matter.
    NoTargets {
        step: String,
    },
    BadInstanceId {
        step: String,
        id: String,
    },
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::Param(e) => e.fmt(f),
            ResolveError::NoTargets { step } => write!(
                f,
                "step `{step}` has no targets: give the block tags or instance_ids, or the front matter a [targets] table"
            ),
            ResolveError::BadInstanceId { step, id } => write!(
                f,
                "step `{step}`: `{id}` is not an instance id such as i-0123456789abcdef0"
            ),
        }
    }
}

impl std::error::Error for ResolveError {}

impl From<ParamError> for ResolveError {
    fn from(e: ParamError) -> Self {
        ResolveError::Param(e)
    }
}

/// Fills in a step. `values` come from [`super::params::resolve_params`], so each is one line
/// that matches its pattern; here they are quoted for the block's shell unless it is `raw`.
pub fn resolve_step(
    runbook: &Runbook,
    step: &Step,
    values: &ParamValues,
) -> Result<ResolvedStep, ResolveError> {
    let action = match &step.action {
        Action::Manual => ResolvedAction::Manual,
        Action::RunCommand(block) => {
            let commands = substitute(&block.script, values, |_, value| {
                Ok(if block.raw {
                    value.to_string()
                } else {
                    quote(block.shell, value)
                })
            })?;
            let targets = block
                .targets
                .as_ref()
                .or(runbook.front.targets.as_ref())
                .ok_or_else(|| ResolveError::NoTargets {
                    step: step.name.clone(),
                })?;
            let targets = resolve_targets(&targets.value, values, &step.name)?;
            ResolvedAction::RunCommand(ResolvedCommand {
                document: block.document.clone(),
                shell: block.shell,
                commands,
                targets,
                rate: block
                    .rate
                    .over(&runbook.front.rate)
                    .over(&RateControl::ssm_defaults()),
                confirm: block.confirm,
                stop_on_alarm: block.stop_on_alarm.clone(),
            })
        }
        Action::LogsQuery(block) => {
            let query = substitute(&block.query, values, |name, value| {
                if block.raw {
                    Ok(value.to_string())
                } else {
                    query_value(name, value)
                }
            })?;
            let log_groups = block
                .log_groups
                .iter()
                .map(|group| as_written(group, values))
                .collect::<Result<_, _>>()?;
            ResolvedAction::LogsQuery(ResolvedQuery {
                query,
                log_groups,
                since: block.since,
            })
        }
    };
    Ok(ResolvedStep {
        name: step.name.clone(),
        heading: step.heading.clone(),
        action,
    })
}

/// Values go into API parameters (tags, ids, log groups) as written: no shell reads them.
fn as_written(text: &str, values: &ParamValues) -> Result<String, ParamError> {
    substitute(text, values, |_, value| Ok(value.to_string()))
}

fn resolve_targets(
    targets: &Targets,
    values: &ParamValues,
    step: &str,
) -> Result<Targets, ResolveError> {
    Ok(match targets {
        Targets::Tags(tags) => Targets::Tags(
            tags.iter()
                .map(|(key, tag_values)| {
                    let tag_values = tag_values
                        .iter()
                        .map(|v| as_written(v, values))
                        .collect::<Result<_, _>>()?;
                    Ok((key.clone(), tag_values))
                })
                .collect::<Result<_, ParamError>>()?,
        ),
        Targets::InstanceIds(ids) => {
            let ids: Vec<String> = ids
                .iter()
                .map(|id| as_written(id, values))
                .collect::<Result<_, _>>()?;
            if let Some(bad) = ids.iter().find(|id| !is_instance_id(id)) {
                return Err(ResolveError::BadInstanceId {
                    step: step.to_string(),
                    id: bad.clone(),
                });
            }
            Targets::InstanceIds(ids)
        }
    })
}
