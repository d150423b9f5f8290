//! The front matter's `[targets]`: tags or instance ids, placed where a problem with them is fixed.

use std::collections::BTreeMap;

use super::{Reader, TARGET_KEYS, Value, sorted};
use crate::runbook::language::model::{Located, Targets};

impl Reader<'_, '_> {
    /// Placed at the `tags` or `instance_ids` key, where a problem with them is fixed.
    pub(super) fn targets(&mut self, value: &Value) -> Option<Located<Targets>> {
        let Some(table) = value.get_ref().as_table() else {
            self.problem(
                value.span().start,
                "targets must be a table: [targets] with tags = { Service = \"checkout\" } or instance_ids = [\"i-…\"]",
            );
            return None;
        };
        let mut tags = None;
        let mut ids = None;
        for (key, value) in sorted(table) {
            let at = self.at(key.span().start);
            match key.get_ref().as_ref() {
                "tags" => tags = Some((Targets::Tags(self.tags(value)), at)),
                "instance_ids" => {
                    let list = self.strings("targets.instance_ids", value);
                    ids = Some((Targets::InstanceIds(list), at));
                }
                other => self.unknown(key.span().start, other, "key", " in [targets]", TARGET_KEYS),
            }
        }
        match (tags, ids) {
            (Some(_), Some(_)) => {
                self.problem(
                    value.span().start,
                    "targets has both tags and instance_ids: SSM takes one or the other, keep one",
                );
                None
            }
            (Some((value, at)), None) | (None, Some((value, at))) => Some(Located { value, at }),
            (None, None) => {
                self.problem(
                    value.span().start,
                    "targets needs tags = { Key = \"value\" } or instance_ids = [\"i-…\"]",
                );
                None
            }
        }
    }

    pub(super) fn tags(&mut self, value: &Value) -> BTreeMap<String, Vec<String>> {
        let Some(table) = value.get_ref().as_table() else {
            self.problem(
                value.span().start,
                "targets.tags must be a table such as { Service = \"checkout\" }",
            );
            return BTreeMap::new();
        };
        sorted(table)
            .into_iter()
            .map(|(key, values)| {
                let key = key.get_ref().to_string();
                let values = self.strings(&format!("targets.tags.{key}"), values);
                (key, values)
            })
            .collect()
    }
}
