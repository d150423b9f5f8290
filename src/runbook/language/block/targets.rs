//! A command block's targets: `tags`, `instance_ids`, or `targets` holding either.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Reader;
use crate::runbook::language::attributes::Attribute;
use crate::runbook::language::model::Targets;
use crate::runbook::language::{attributes, values};

impl Reader<'_, '_, '_> {
    /// `tags`, `instance_ids`, or `targets` holding either.
    pub(super) fn targets(&mut self, attribute: &Attribute) -> Option<Targets> {
        match (attribute.key.as_str(), &attribute.value) {
            ("tags", value) => self.tags(attribute, value),
            ("instance_ids", _) => {
                let ids = self.list(attribute);
                self.attribute_placeholders(attribute, &ids);
                Some(Targets::InstanceIds(ids))
            }
            (_, Value::Object(map)) => match (map.get("tags"), map.get("instance_ids")) {
                (Some(tags), None) if map.len() == 1 => self.tags(attribute, tags),
                (None, Some(ids)) if map.len() == 1 => {
                    let ids = attributes::list(ids).unwrap_or_default();
                    self.attribute_placeholders(attribute, &ids);
                    Some(Targets::InstanceIds(ids))
                }
                _ => {
                    self.problem(
                        attribute,
                        "targets must hold either tags or instance_ids, such as {\"tags\":{\"Service\":\"checkout\"}}",
                    );
                    None
                }
            },
            (_, Value::String(text)) => {
                let items = values::comma_list(text);
                self.attribute_placeholders(attribute, &items);
                if items.iter().all(|item| !item.contains('=')) {
                    Some(Targets::InstanceIds(items))
                } else {
                    self.tags(attribute, &Value::String(text.clone()))
                }
            }
            _ => {
                self.problem(
                    attribute,
                    "targets must be tag pairs (Service=checkout) or instance ids (i-0abc…,i-0def…)",
                );
                None
            }
        }
    }

    /// `{"Service":"checkout"}` or `Service=checkout,Env=prod`.
    pub(super) fn tags(&mut self, attribute: &Attribute, value: &Value) -> Option<Targets> {
        let mut tags: BTreeMap<String, Vec<String>> = BTreeMap::new();
        match value {
            Value::Object(map) => {
                for (key, values) in map {
                    match attributes::list(values) {
                        Some(values) => tags.entry(key.clone()).or_default().extend(values),
                        None => {
                            self.problem(
                                attribute,
                                format!("tag `{key}` must have a string value"),
                            );
                            return None;
                        }
                    }
                }
            }
            Value::String(text) => {
                for pair in values::comma_list(text) {
                    let Some((key, value)) = pair.split_once('=') else {
                        self.problem(
                            attribute,
                            format!("`{pair}` is not a tag pair: write Key=value, such as Service=checkout"),
                        );
                        return None;
                    };
                    tags.entry(key.trim().to_string())
                        .or_default()
                        .push(value.trim().to_string());
                }
            }
            _ => {
                self.problem(
                    attribute,
                    "tags must be {\"Key\":\"value\"} or Key=value pairs, such as Service=checkout",
                );
                return None;
            }
        }
        let values: Vec<String> = tags.values().flatten().cloned().collect();
        self.attribute_placeholders(attribute, &values);
        Some(Targets::Tags(tags))
    }
}
