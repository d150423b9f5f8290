//! The TOML front matter between `+++` lines: found, parsed with spans, every problem kept.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::Problems;
use super::model::{FrontMatter, Located, Param};
use super::values;

mod targets;

const KEYS: &[&str] = &[
    "title",
    "description",
    "account",
    "regions",
    "alarms",
    "params",
    "targets",
    "max_concurrency",
    "max_errors",
    "timeout",
];
const PARAM_KEYS: &[&str] = &["description", "default", "pattern"];
const TARGET_KEYS: &[&str] = &["tags", "instance_ids"];

/// Where the front matter's TOML and the markdown body are in the file.
pub struct Split<'a> {
    /// The TOML text and its byte offset in the file.
    pub toml: Option<(usize, &'a str)>,
    pub body_offset: usize,
}

/// Finds the front matter. An unclosed or YAML one is a problem, and the file is read as
/// markdown from its second line.
pub fn split<'a>(source: &'a str, problems: &mut Problems) -> Split<'a> {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = lines_with_offsets(source, start);
    let Some((_, first)) = lines.next() else {
        return Split {
            toml: None,
            body_offset: start,
        };
    };
    match first.trim_end() {
        "+++" => {}
        "---" => {
            problems.add(
                start,
                "front matter must be TOML between +++ lines; YAML between --- lines is not read",
            );
            return Split {
                toml: None,
                body_offset: start,
            };
        }
        _ => {
            return Split {
                toml: None,
                body_offset: start,
            };
        }
    }
    let toml_start = start + first.len();
    for (offset, line) in lines {
        if line.trim_end() == "+++" {
            return Split {
                toml: Some((toml_start, &source[toml_start..offset])),
                body_offset: offset + line.len(),
            };
        }
    }
    problems.add(
        start,
        "the front matter opened by +++ here is never closed: end it with a line holding only +++",
    );
    Split {
        toml: None,
        body_offset: toml_start,
    }
}

/// Each line with its end of line, and its byte offset.
fn lines_with_offsets(source: &str, start: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = start;
    source[start..].split_inclusive('\n').map(move |line| {
        let at = offset;
        offset += line.len();
        (at, line)
    })
}

/// Reads the front matter; what cannot be read is left out and reported.
pub fn parse(toml_text: &str, offset: usize, problems: &mut Problems) -> FrontMatter {
    let table = match DeTable::parse(toml_text) {
        Ok(table) => table,
        Err(e) => {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            problems.add(offset + at, format!("front matter: {}", e.message().trim()));
            return FrontMatter::default();
        }
    };
    let mut reader = Reader { offset, problems };
    reader.front_matter(table.get_ref())
}

struct Reader<'p, 'a> {
    offset: usize,
    problems: &'p mut Problems<'a>,
}

type Value<'i> = Spanned<DeValue<'i>>;

impl Reader<'_, '_> {
    fn at(&self, value_start: usize) -> super::model::Position {
        self.problems.at(self.offset + value_start)
    }

    fn problem(&mut self, value_start: usize, message: impl Into<String>) {
        self.problems.add(self.offset + value_start, message);
    }

    fn front_matter(&mut self, table: &DeTable) -> FrontMatter {
        let mut front = FrontMatter::default();
        for (key, value) in sorted(table) {
            match key.get_ref().as_ref() {
                "title" => front.title = self.string("title", value),
                "description" => front.description = self.string("description", value),
                "account" => front.account = self.account(value),
                "regions" => {
                    front.regions = self.strings("regions", value);
                    for region in &front.regions {
                        if !values::is_region(region) {
                            self.problem(
                                value.span().start,
                                format!(
                                    "regions: `{region}` is not a region name such as `us-east-1`"
                                ),
                            );
                        }
                    }
                }
                "alarms" => front.alarms = self.strings("alarms", value),
                "params" => front.params = self.params(value),
                "targets" => front.targets = self.targets(value),
                "max_concurrency" => {
                    front.rate.max_concurrency =
                        self.count(value, "max_concurrency", values::concurrency)
                }
                "max_errors" => {
                    front.rate.max_errors = self.count(value, "max_errors", values::errors)
                }
                "timeout" => front.rate.timeout = self.timeout(value),
                other => self.unknown(key.span().start, other, "front-matter key", "", KEYS),
            }
        }
        front
    }

    /// `place`: such as ` in [targets]`, or empty at the top level.
    fn unknown(&mut self, start: usize, key: &str, what: &str, place: &str, known: &[&str]) {
        self.problem(
            start,
            format!(
                "unknown {what} `{key}`{place} (known: {})",
                known.join(", ")
            ),
        );
    }

    fn string(&mut self, key: &str, value: &Value) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.problem(
                    value.span().start,
                    format!("{key} must be a string in quotes, not {}", other.type_str()),
                );
                None
            }
        }
    }

    /// An array of strings, or one string.
    fn strings(&mut self, key: &str, value: &Value) -> Vec<String> {
        match value.get_ref() {
            DeValue::String(s) => vec![s.to_string()],
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| self.string(key, item))
                .collect(),
            other => {
                self.problem(
                    value.span().start,
                    format!(
                        "{key} must be a list of strings such as [\"a\", \"b\"], not {}",
                        other.type_str()
                    ),
                );
                Vec::new()
            }
        }
    }

    fn account(&mut self, value: &Value) -> Option<String> {
        if let DeValue::Integer(n) = value.get_ref() {
            self.problem(
                value.span().start,
                format!(
                    "account must be written in quotes (\"{}\"), or leading zeros are lost",
                    n.as_str()
                ),
            );
            return None;
        }
        let account = self.string("account", value)?;
        if !values::is_account_id(&account) {
            self.problem(
                value.span().start,
                format!("account `{account}` is not a 12-digit AWS account id"),
            );
            return None;
        }
        Some(account)
    }

    fn count(
        &mut self,
        value: &Value,
        key: &str,
        check: fn(&str) -> Result<String, String>,
    ) -> Option<String> {
        let text = match value.get_ref() {
            DeValue::Integer(n) => n.as_str().to_string(),
            DeValue::String(s) => s.to_string(),
            other => {
                self.problem(
                    value.span().start,
                    format!(
                        "{key} must be a number or a percentage such as \"25%\", not {}",
                        other.type_str()
                    ),
                );
                return None;
            }
        };
        check(&text)
            .map_err(|e| self.problem(value.span().start, e))
            .ok()
    }

    fn timeout(&mut self, value: &Value) -> Option<std::time::Duration> {
        let text = match value.get_ref() {
            DeValue::Integer(seconds) => seconds.as_str().to_string(),
            _ => self.string("timeout", value)?,
        };
        values::timeout(&text)
            .map_err(|e| self.problem(value.span().start, e))
            .ok()
    }

    fn params(&mut self, value: &Value) -> Vec<Param> {
        let Some(table) = value.get_ref().as_table() else {
            self.problem(
                value.span().start,
                "params must be tables such as [params.service], each with description, default and pattern",
            );
            return Vec::new();
        };
        let mut params = Vec::new();
        for (name, spec) in sorted(table) {
            let name_text = name.get_ref().to_string();
            if !values::is_param_name(&name_text) {
                self.problem(
                    name.span().start,
                    format!("parameter name `{name_text}` must start with a letter or _ and hold only letters, digits, _ and -"),
                );
                continue;
            }
            let mut param = Param {
                name: name_text.clone(),
                description: None,
                default: None,
                pattern: None,
                at: self.at(name.span().start),
            };
            let Some(fields) = spec.get_ref().as_table() else {
                self.problem(
                    spec.span().start,
                    format!(
                        "[params.{name_text}] must be a table with description, default and pattern"
                    ),
                );
                continue;
            };
            for (key, value) in sorted(fields) {
                let located = |reader: &mut Self, text: Option<String>| {
                    text.map(|value_text| Located {
                        value: value_text,
                        at: reader.at(value.span().start),
                    })
                };
                match key.get_ref().as_ref() {
                    "description" => param.description = self.string("description", value),
                    "default" => {
                        let text = self.scalar(&format!("params.{name_text}.default"), value);
                        param.default = located(self, text);
                    }
                    "pattern" => {
                        let text = self.string(&format!("params.{name_text}.pattern"), value);
                        param.pattern = located(self, text);
                    }
                    other => self.unknown(
                        key.span().start,
                        other,
                        "key",
                        &format!(" in [params.{name_text}]"),
                        PARAM_KEYS,
                    ),
                }
            }
            params.push(param);
        }
        params
    }

    /// A string, or a number or boolean taken as written.
    fn scalar(&mut self, key: &str, value: &Value) -> Option<String> {
        match value.get_ref() {
            DeValue::Integer(n) => Some(n.as_str().to_string()),
            DeValue::Float(n) => Some(n.as_str().to_string()),
            DeValue::Boolean(b) => Some(b.to_string()),
            _ => self.string(key, value),
        }
    }
}

/// Entries in the order they are written.
fn sorted<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(&'t Spanned<toml::de::DeString<'i>>, &'t Value<'i>)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}
