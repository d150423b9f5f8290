//! A fenced block's info string in Runme's form: the language, then attributes as JSON
//! (`sh {"name":"restart"}`) or as words (`sh { name=restart confirm=typed }`).

use serde_json::Value;

/// One attribute and where its key starts in the info string.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub key: String,
    pub value: Value,
    pub offset: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InfoString {
    pub language: String,
    /// `None` when the info string has no `{…}`: the block is shown, never run.
    pub attributes: Option<Vec<Attribute>>,
}

/// Splits an info string; an error says why its attributes cannot be read.
pub fn parse(info: &str) -> Result<InfoString, String> {
    let trimmed_start = info.len() - info.trim_start().len();
    let rest = &info[trimmed_start..];
    let language_len = rest
        .find(|c: char| c.is_whitespace() || c == '{')
        .unwrap_or(rest.len());
    let language = rest[..language_len].to_string();
    let after = &rest[language_len..];
    let attrs_start = trimmed_start + language_len + (after.len() - after.trim_start().len());
    let attrs = after.trim();
    if attrs.is_empty() {
        return Ok(InfoString {
            language,
            attributes: None,
        });
    }
    if !attrs.starts_with('{') || !attrs.ends_with('}') {
        return Err(format!(
            "cannot read the attributes `{attrs}`: write them in braces, as {{\"name\":\"restart\"}} or {{ name=restart }}"
        ));
    }
    let attributes = if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(attrs) {
        let mut found = Vec::new();
        for (key, value) in map {
            let offset = attrs
                .find(&format!("\"{key}\""))
                .map(|i| attrs_start + i + 1)
                .unwrap_or(attrs_start);
            found.push(Attribute { key, value, offset });
        }
        found
    } else {
        words(&attrs[1..attrs.len() - 1], attrs_start + 1)?
    };
    Ok(InfoString {
        language,
        attributes: Some(attributes),
    })
}

/// `name=restart confirm="typed" raw`: a bare word is `true`; double quotes keep spaces.
fn words(text: &str, base: usize) -> Result<Vec<Attribute>, String> {
    let mut found = Vec::new();
    let mut chars = text.char_indices().peekable();
    loop {
        while chars
            .next_if(|(_, c)| c.is_whitespace() || *c == ',')
            .is_some()
        {}
        let Some(&(start, first)) = chars.peek() else {
            break;
        };
        if first == '"' || first == '{' || first == '}' {
            return Err(format!(
                "cannot read the attributes `{{{text}}}`: write them as JSON ({{\"name\":\"restart\"}}) or as words ({{ name=restart }})"
            ));
        }
        let mut key = String::new();
        while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != '=') {
            key.push(c);
        }
        if chars.next_if(|(_, c)| *c == '=').is_none() {
            found.push(Attribute {
                key,
                value: Value::Bool(true),
                offset: base + start,
            });
            continue;
        }
        let mut value = String::new();
        if chars.next_if(|(_, c)| *c == '"').is_some() {
            let mut closed = false;
            while let Some((_, c)) = chars.next() {
                match c {
                    '"' => {
                        closed = true;
                        break;
                    }
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            value.push(escaped);
                        }
                    }
                    c => value.push(c),
                }
            }
            if !closed {
                return Err(format!(
                    "the value of attribute `{key}` opens a quote that is never closed"
                ));
            }
        } else {
            while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace()) {
                value.push(c);
            }
        }
        found.push(Attribute {
            key,
            value: Value::String(value),
            offset: base + start,
        });
    }
    Ok(found)
}

/// An attribute's value as text: strings, numbers and booleans.
pub fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A JSON list of strings, or one comma-separated string.
pub fn list(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::String(s) => Some(super::values::comma_list(s)),
        Value::Array(items) => items.iter().map(text).collect(),
        _ => None,
    }
}

pub fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn attrs(info: &str) -> Vec<(String, Value)> {
        parse(info)
            .unwrap()
            .attributes
            .unwrap()
            .into_iter()
            .map(|a| (a.key, a.value))
            .collect()
    }

    #[test]
    fn json_and_word_attributes_read_the_same() {
        let json = attrs(r#"sh {"name":"restart","confirm":"typed"}"#);
        let words = attrs("sh { name=restart confirm=typed }");
        assert_eq!(json, words);
        assert_eq!(json[0], ("name".into(), json!("restart")));
    }

    #[test]
    fn a_block_without_braces_has_no_attributes() {
        let info = parse("python").unwrap();
        assert_eq!(info.language, "python");
        assert_eq!(info.attributes, None);
        assert_eq!(parse("").unwrap().language, "");
    }

    #[test]
    fn words_take_quotes_bare_flags_and_sit_where_written() {
        let info = parse(r#"sh {name="two words" raw}"#).unwrap();
        let attributes = info.attributes.unwrap();
        assert_eq!(attributes[0].value, json!("two words"));
        assert_eq!(attributes[0].offset, 4);
        assert_eq!(attributes[1].key, "raw");
        assert_eq!(attributes[1].value, json!(true));
        assert_eq!(
            &r#"sh {name="two words" raw}"#[attributes[1].offset..][..3],
            "raw"
        );
    }

    #[test]
    fn unreadable_attributes_say_how_to_write_them() {
        assert!(parse("sh name=x").unwrap_err().contains("in braces"));
        assert!(
            parse(r#"sh { name="x }"#)
                .unwrap_err()
                .contains("never closed")
        );
        assert!(parse(r#"sh {"name": }"#).unwrap_err().contains("as JSON"));
    }
}
