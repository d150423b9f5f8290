use std::process::Command;

use super::*;

const HOSTILE: &[&str] = &[
    "; rm -rf /",
    "$(touch /tmp/warroom-pwned)",
    "`touch /tmp/warroom-pwned`",
    "it's",
    "'; rm -rf / #",
    "'\\''",
    "a\nb",
    "\"$HOME\"",
    "${IFS}",
    "*",
    "-rf",
    "",
    "$'\\x41'",
    "\\",
    "|| true &",
];

/// What a POSIX shell makes of `printf %s <word>`.
fn through_sh(word: &str) -> String {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("printf %s {word}"))
        .output()
        .expect("sh runs");
    assert!(out.status.success(), "sh failed on {word}");
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn a_posix_quoted_value_reaches_the_command_exactly_as_given() {
    for value in HOSTILE {
        assert_eq!(through_sh(&posix_quote(value)), *value, "{value:?}");
    }
}

/// Reads one PowerShell single-quoted string back, as PowerShell's tokenizer does.
fn powershell_unquote(word: &str) -> Option<String> {
    let is_quote = |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}');
    let mut chars = word.chars().peekable();
    if !chars.next().is_some_and(is_quote) {
        return None;
    }
    let mut value = String::new();
    while let Some(c) = chars.next() {
        if is_quote(c) {
            match chars.peek() {
                Some(&next) if is_quote(next) => {
                    value.push(next);
                    chars.next();
                }
                None => return Some(value),
                Some(_) => return None,
            }
        } else {
            value.push(c);
        }
    }
    None
}

#[test]
fn a_powershell_quoted_value_is_one_string_holding_the_value() {
    for value in HOSTILE
        .iter()
        .chain(&["‘; Remove-Item C:\\ -Recurse ’", "$(calc)", "'@"])
    {
        assert_eq!(
            powershell_unquote(&powershell_quote(value)).as_deref(),
            Some(*value),
            "{value:?}"
        );
    }
}

#[test]
fn placeholders_are_names_in_double_braces_and_nothing_else() {
    let text = "echo {{service}} {{ unit }} {{.Names}} {{json .State}} {{{x}}} {{}}";
    let names: Vec<String> = placeholders(text).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["service", "unit", "x"]);
    let (range, _) = &placeholders(text)[0];
    assert_eq!(&text[range.clone()], "{{service}}");
}

#[test]
fn substitution_is_one_pass() {
    let mut values = ParamValues::default();
    for (name, value) in [("a", "{{b}}"), ("b", "boom")] {
        values.0.insert(
            name.into(),
            ParamValue {
                value: value.into(),
                from_default: false,
            },
        );
    }
    let out = substitute("x {{a}} y", &values, |_, v| Ok(posix_quote(v))).unwrap();
    assert_eq!(out, "x '{{b}}' y");
}

#[test]
fn values_must_match_the_whole_pattern_and_be_one_line() {
    let pattern = Some("[a-z]+");
    assert!(check_value("service", "checkout", pattern).is_ok());
    let partial = check_value("service", "checkout; rm -rf /", pattern).unwrap_err();
    assert_eq!(
        partial.to_string(),
        "parameter `service`: `checkout; rm -rf /` does not match its pattern `[a-z]+`"
    );
    let newline = check_value("service", "a\nb", None).unwrap_err();
    assert_eq!(
        newline.to_string(),
        "parameter `service`: `a\\nb` holds a line break or control character; a value is one line of text"
    );
}

#[test]
fn a_query_refuses_values_that_could_change_it() {
    assert_eq!(
        query_value("g", "/aws/ecs/checkout-api").as_deref(),
        Ok("/aws/ecs/checkout-api")
    );
    for value in ["x\" | stats count(*)", "a|b", "it's", "`f`", "a\\"] {
        assert!(query_value("g", value).is_err(), "{value}");
    }
}
